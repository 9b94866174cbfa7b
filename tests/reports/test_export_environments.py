"""The otter and nbgrader exports declare what grading needs, and that is enough.

For each export, a fresh virtual environment is built from what the export declares and nothing more
(otter: the packages of the ``environment.yml`` that `otter assign` puts in the autograder zip, pip's and
conda's alike, installed with pip; its ``python=`` pin is the one thing not honoured, the venv has this
Python; nbgrader: the course folder's ``requirements.txt``). The export's own tool, from that venv,
grades `logistic_regression` (helpers answered as the reference, a property exported as itself) with
networking disabled (`unshare -rn`): the reference (100), the untouched release (0), the example with
known mistakes (``bob_mistakes.py``, its code put into the release), and a notebook made from
`student_template/` rather than the tool's release (``alice_complete.ipynb``: nbgrader adopts it, otter
refuses it with its message). Each function scores what dlgrade gives it, and the feedback names
dlgrade's known mistakes. The two venvs are built once for the module.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import assignment as assignments
from autograder import build
from autograder.exporters.nbgrader import adopt_submission

from ..conftest import by_part, run_dlgrade
from .conftest import ASSIGNMENT, EXAMPLES, grade, run_tool, tool
from .test_nbgrader_export import nbgrader_scores, rounded

NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def _offline_available():
    return (shutil.which("unshare") is not None and shutil.which("ip") is not None
            and subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"]).returncode == 0)


def fresh_venv(folder, packages):
    """A new venv in ``folder`` holding ``packages`` (pip requirement lines) and what they depend on."""
    if not _offline_available():
        pytest.skip("unshare -rn (a network namespace without privileges) is not available here")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    requirements = folder / "declared.txt"
    requirements.write_text("".join(f"{p}\n" for p in packages))
    # --no-compile: no bytecode written for the thousands of modules that grading never imports.
    done = subprocess.run([venv / "bin" / "pip", "install", "-q", "--no-compile", "-r", requirements], capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def offline(venv, args, cwd, timeout=900, check=True):
    """Run ``args`` with the venv's programs first, no network, and nothing of dlgrade's environment."""
    home = cwd / ".home"
    home.mkdir(exist_ok=True)
    path = [str(venv / "bin")] + [p for p in os.environ.get("PATH", "").split(os.pathsep)
                                  if p and not p.startswith(str(Path(sys.prefix)))]
    env = {"PATH": os.pathsep.join(path), "HOME": str(home), "LANG": "C.UTF-8",
           # Jupyter and IPython look in the venv, never in a user-wide kernel list.
           "JUPYTER_DATA_DIR": str(home / "jupyter"), "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
           "IPYTHONDIR": str(home / "ipython"), "MPLBACKEND": "Agg"}
    done = subprocess.run(["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0 or not check, f"{args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def notebook_of(path):
    """A notebook with the whole of a ``.py`` submission in one cell, as a student might paste it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(Path(path).read_text())]
    return nb


def filled_in(nb, py_path):
    """``nb`` with every code cell that defines a function of the ``.py`` file holding that file's imports
    and its code of those functions instead (a student who filled in the release)."""
    text = Path(py_path).read_text()
    tree = ast.parse(text)
    imports = [ast.get_source_segment(text, node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    functions = {node.name: ast.get_source_segment(text, node) for node in tree.body if isinstance(node, ast.FunctionDef)}
    for cell in nb.cells:
        if cell.cell_type == "code":
            defined = [name for name in re.findall(r"^def (\w+)\(", cell.source, flags=re.M) if name in functions]
            if defined:
                cell.source = "\n".join(imports) + "\n\n\n" + "\n\n\n".join(functions[name] for name in defined) + "\n"
    return nb


def uphill_with_wrong_propagate(a):
    """The reference with two mistakes: propagate's dw without 1/m, and optimize stepping uphill."""
    nb = build.solution_notebook(a)
    for cell in nb.cells:
        cell.source = cell.source.replace("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)")
        cell.source = cell.source.replace("w = w - learning_rate * dw", "w = w + learning_rate * dw")
    return nb


def expected_parts(path):
    (result,) = grade(path)
    return result, rounded(by_part(result))


def named_mistakes(result):
    return {m for t in result["tests"] for m in t.get("extra_data", {}).get("known_mistakes", [])}


@pytest.fixture(scope="module")
def nbgrader_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbgrader-env")
    course = folder / "course"
    assert run_dlgrade("export", "nbgrader", ASSIGNMENT, "-o", course).returncode == 0
    declared = [line for line in (course / "requirements.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    venv = fresh_venv(folder, declared)
    offline(venv, [venv / "bin" / "nbgrader", "generate_assignment", ASSIGNMENT], course)
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    a = assignments.load(ASSIGNMENT)
    submissions = {"reference": adopt_submission(build.solution_notebook(a), release), "stub": release,
                   "bob": adopt_submission(notebook_of(EXAMPLES / "bob_mistakes.py"), release),
                   "alice": nbformat.read(EXAMPLES / "alice_complete.ipynb", as_version=4),  # not from the release
                   "frank": adopt_submission(uphill_with_wrong_propagate(a), release)}
    for student, nb in submissions.items():
        path = course / "submitted" / student / ASSIGNMENT / NOTEBOOK
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    done = offline(venv, [venv / "bin" / "nbgrader", "autograde", ASSIGNMENT], course)
    return course, declared, done.stdout + done.stderr


@pytest.fixture(scope="module")
def otter_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("otter-env")
    assert run_dlgrade("export", "otter", ASSIGNMENT, "-o", folder / "master").returncode == 0
    run_tool([tool("otter"), "assign", NOTEBOOK, folder / "dist"], cwd=folder / "master")
    (zip_path,) = (folder / "dist" / "autograder").glob("*.zip")
    shutil.unpack_archive(zip_path, folder / "zip")
    import yaml

    environment = yaml.safe_load((folder / "zip" / "environment.yml").read_text())
    declared = []
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            declared += item["pip"]
        elif not item.startswith(("python=", "pip")):
            declared.append(item)
    venv = fresh_venv(folder, declared)
    release = folder / "dist" / "student" / NOTEBOOK
    submissions = {"reference": folder / "dist" / "autograder" / NOTEBOOK, "stub": release,
                   "bob": folder / "bob" / NOTEBOOK}
    # bob fills in otter's release: each cell defining one of his functions gets his code of it.
    (folder / "bob").mkdir()
    nbformat.write(filled_in(nbformat.read(release, as_version=4), EXAMPLES / "bob_mistakes.py"), submissions["bob"])
    results = {}
    for student, notebook in submissions.items():
        out = folder / f"results-{student}"
        out.mkdir()
        offline(venv, [venv / "bin" / "otter", "run", "-a", zip_path, "-o", out, notebook], folder)
        results[student] = json.loads((out / "results.json").read_text())["tests"]
    # A notebook made from student_template/, not from otter's release: refused, with otter's message.
    (folder / "results-alice").mkdir()
    refused = offline(venv, [venv / "bin" / "otter", "run", "-a", zip_path, "-o", folder / "results-alice",
                             EXAMPLES / "alice_complete.ipynb"], folder, check=False)
    return submissions, declared, results, refused


def test_nbgrader_in_its_declared_environment_grades_as_dlgrade(nbgrader_run):
    course, declared, log = nbgrader_run
    assert declared == ["matplotlib>=3.7", "numpy>=1.24", "nbgrader"]
    totals = {}
    for student in ("reference", "stub", "bob", "alice", "frank"):
        result, parts = expected_parts(course / "submitted" / student / ASSIGNMENT / NOTEBOOK)
        assert rounded(nbgrader_scores(course, student)) == parts, student
        totals[student] = result["score"]
    assert totals["reference"] == totals["alice"] == 100.0 and totals["stub"] == 0.0
    assert 0 < totals["bob"] < 100
    assert "alice/logistic_regression/logistic_regression.ipynb was not made from the nbgrader release: adopted" in log


def test_nbgrader_feedback_names_the_known_mistakes_dlgrade_names(nbgrader_run):
    course, _, _ = nbgrader_run
    result, _ = expected_parts(course / "submitted" / "bob" / ASSIGNMENT / NOTEBOOK)
    nb = nbformat.read(course / "autograded" / "bob" / ASSIGNMENT / NOTEBOOK, as_version=4)
    output = "\n".join(o.get("text", "") for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
                       for o in c.get("outputs", []))
    named = {line.split("Known mistake: ", 1)[1].split(".", 1)[0] for line in output.splitlines()
             if "Known mistake: " in line}
    assert named == named_mistakes(result) != set()


def test_nbgrader_feedback_says_which_helpers_a_failing_function_ran_as_written(nbgrader_run):
    """frank's optimize steps uphill: off the reference's path its calls reach frank's own propagate,
    which failed its own checks in the same run; the feedback says so."""
    course, _, _ = nbgrader_run
    nb = nbformat.read(course / "autograded" / "frank" / ASSIGNMENT / NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_optimize"]
    output = "".join(o.get("text", "") for o in cell.outputs)
    assert "[FAIL] optimize: public example" in output
    assert "Note: this check runs your own `propagate`, which failed its own checks; fix it first." in output


def test_otter_in_its_declared_environment_grades_as_dlgrade(otter_run):
    submissions, declared, results, _ = otter_run
    assert {"otter-grader[grading,plugins]==7.0.0", "numpy>=1.24", "matplotlib>=3.7"} <= set(declared)
    totals = {}
    for student, notebook in submissions.items():
        result, parts = expected_parts(notebook)
        scores = {t["name"]: (round(t["score"], 2), round(t["max_score"], 2)) for t in results[student] if "score" in t}
        assert scores == parts, student
        totals[student] = result["score"]
    assert totals["reference"] == 100.0 and totals["stub"] == 0.0 and 0 < totals["bob"] < 100


def test_otter_refuses_a_notebook_not_made_from_its_release_with_a_message(otter_run):
    *_, refused = otter_run
    assert refused.returncode != 0
    assert "Received submission for assignment 'None' (this is assignment 'logistic_regression')" in refused.stderr


def test_otter_feedback_names_the_known_mistakes_dlgrade_names(otter_run):
    submissions, _, results, _ = otter_run
    bob = "\n".join(t.get("output", "") for t in results["bob"])
    (result,) = grade(submissions["bob"])
    # The public test names none (students see its code); the hidden ones name dlgrade's.
    assert {m for m in named_mistakes(result) if f"Known mistake: {m}." in bob} == named_mistakes(result) != set()
