"""The student folder says what it needs, and that is enough: a fresh virtual environment built from
`requirements.txt` alone runs every notebook offline.

One venv per test session (pip may fetch what its cache lacks while the venv is built); then each
notebook runs in it with networking disabled (`unshare -rn`): the stub's public tests run and fail
with AssertionError (never NameError or ModuleNotFoundError), the solution's pass. The test runs a
representative subset; DLGRADE_ALL_NOTEBOOKS=1 runs every assignment.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder import assignment as assignments
from autograder import build

SUBSET = ["deep_neural_network"]  # helper modules, a data folder, a training demo
CODE_IDS = [i for i in assignments.all_ids() if not assignments.is_quiz(i)]
IDS = CODE_IDS if os.environ.get("DLGRADE_ALL_NOTEBOOKS") else SUBSET

RUNNER = r'''
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, allow_errors=True, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [{"ename": o.get("ename"), "source": c.source[:200]} for c in nb.cells if c.cell_type == "code"
          for o in c.get("outputs", []) if o.get("output_type") == "error"]
print(json.dumps(errors))
'''


@pytest.fixture(scope="session")
def student_venv(tmp_path_factory):
    if shutil.which("unshare") is None or shutil.which("ip") is None or \
            subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"]).returncode != 0:
        pytest.skip("unshare -rn (a network namespace without privileges) is not available here")
    venv = tmp_path_factory.mktemp("student-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # Every assignment asks for the same packages; the test checks that below.
    requirements = build.TEMPLATE_ROOT / IDS[0] / "requirements.txt"
    done = subprocess.run([venv / "bin" / "pip", "install", "-q", "-r", requirements], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def run_offline(venv, notebook_path):
    # A network namespace of its own: only the loopback the kernel talks to Jupyter over, no way out.
    done = subprocess.run(["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                           venv / "bin" / "python", "-c", RUNNER, notebook_path, notebook_path.parent],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_folder_has_a_readme_and_requirements_naming_what_the_notebook_imports():
    for assignment_id in CODE_IDS:
        folder = build.TEMPLATE_ROOT / assignment_id
        requirements = (folder / "requirements.txt").read_text()
        readme = (folder / "README.md").read_text()
        a = assignments.load(assignment_id)
        setup = next(c for c in a.cells if c.kind == "code").source
        if "matplotlib" in setup:
            assert "matplotlib" in requirements, assignment_id
        assert "numpy" in requirements and "pip install -r requirements.txt" in readme
        assert f"Submit **`{assignment_id}.ipynb`**" in readme


@pytest.mark.parametrize("assignment_id", IDS)
def test_stub_and_solution_notebooks_run_offline_from_the_requirements_alone(student_venv, tmp_path, assignment_id):
    a = assignments.load(assignment_id)
    folder = tmp_path / assignment_id
    shutil.copytree(build.TEMPLATE_ROOT / assignment_id, folder)
    stub = folder / f"{assignment_id}.ipynb"
    errors = run_offline(student_venv, stub)
    # Nothing is missing from the environment (no import fails, no name is undefined); every public test
    # runs and fails (an AssertionError, or the stub's None meeting the given code); cells that only use
    # a stub's result (a plot, a demo) may fail as they must.
    assert not [e for e in errors if e["ename"] in ("ModuleNotFoundError", "ImportError")], errors
    tested = [e for e in errors if re.search(r"\b\w+_test\(", e["source"])]
    assert not [e for e in tested if e["ename"] == "NameError"], errors
    assert len(tested) == len([p for p in a.parts if a.public.get(p.name)]), errors
    solution = folder / "solution.ipynb"
    nbformat.write(build.solution_notebook(a), solution)
    assert run_offline(student_venv, solution) == []
