"""`dlgrade export gradescope`: an autograder zip that grades as dlgrade does, with numpy alone."""

import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest

from autograder.exporters import gradescope
from autograder.sandbox.isolation import numpy_view

from ..conftest import by_part, run_dlgrade
from .conftest import ASSIGNMENT, CLASS


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / f"{ASSIGNMENT}.zip"
    done = run_dlgrade("export", "gradescope", ASSIGNMENT, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def fake_autograder(tmp_path, bundle, *submissions):
    """A Gradescope tree: the zip unpacked in source/, the uploads in submission/."""
    root = tmp_path / "autograder"
    gradescope.extract(bundle, root / "source")
    (root / "submission").mkdir()
    for path in submissions:
        (root / "submission" / path.name).write_bytes(path.read_bytes())
    return root


def numpy_only_python(tmp_path, source):
    """An interpreter that sees numpy and the bundle's sources, and no other installed package."""
    wrapper = tmp_path / "python"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{numpy_view()}:{source}" exec "{sys.executable}" -S "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def run_autograder(root, python, **extra_env):
    env = dict(os.environ, DLGRADE_AUTOGRADER_ROOT=str(root), DLGRADE_PYTHON=str(python), **extra_env)
    env.pop("DLGRADE_ROOT", None)
    done = subprocess.run(["bash", root / "source" / "run_autograder"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_the_zip_has_gradescope_layout_and_nothing_else(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in zf.infolist()}
    for name in ("setup.sh", "run_autograder"):
        assert name in names and modes[name] & stat.S_IXUSR, name
    for name in ("pyproject.toml", "dlgrade_build.py", "autograder/runner.py", "autograder/sandbox/worker.py",
                 f"solutions/{ASSIGNMENT}.py", f"assignments/{ASSIGNMENT}/grading.py",
                 f"assignments/{ASSIGNMENT}/assignment.toml", "data/digits.npy"):
        assert name in names, name
    assert not any(n.startswith(("tests/", "student_template/", "examples/")) or "__pycache__" in n for n in names)
    assert not any(n.startswith("solutions/") and n not in ("solutions/__init__.py", f"solutions/{ASSIGNMENT}.py")
                   for n in names)


def test_run_autograder_grades_like_dlgrade_with_numpy_alone(tmp_path, bundle, class_results):
    expected = {r["submission"].rsplit("/", 1)[1].split(".")[0]: r for r in class_results}
    for student in ("alice", "bob"):
        root = fake_autograder(tmp_path / student, bundle, CLASS[student])
        result = run_autograder(root, numpy_only_python(tmp_path / student, root / "source"))
        assert result["score"] == expected[student]["score"], result["output"]
        assert by_part(result) == by_part(expected[student])
        assert [t["name"] for t in result["tests"]] == [t["name"] for t in expected[student]["tests"]]
        assert f"graded {CLASS[student].name}" in result["output"]


def test_a_cold_submission_never_computes_the_reference(tmp_path, bundle, class_results):
    """The zip ships the reference's results on every hidden case: with a missing one made an error
    (strict mode), a fresh container still grades the complete notebook to full marks."""
    with zipfile.ZipFile(bundle) as zf:
        assert any(n.startswith("build/reference-cache/") and n.endswith(".refcache") for n in zf.namelist())
    root = fake_autograder(tmp_path, bundle, CLASS["alice"])
    result = run_autograder(root, numpy_only_python(tmp_path, root / "source"), DLGRADE_REFERENCE_CACHE_STRICT="1")
    assert result["score"] == result["max_score"] == 100, result["output"]


def test_an_upload_without_a_notebook_still_gets_a_results_file(tmp_path, bundle):
    root = fake_autograder(tmp_path, bundle)
    (root / "submission" / "notes.txt").write_text("I could not finish")
    result = run_autograder(root, numpy_only_python(tmp_path, root / "source"))
    assert result["score"] == 0 and result["max_score"] == 100
    assert "no notebook" in result["output"]


def test_the_bundle_installs_offline(tmp_path, bundle):
    source = gradescope.extract(bundle, tmp_path / "source")
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--target",
                           target, source], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (target / "autograder" / "runner.py").is_file()
    assert (target / "autograder" / "sandbox" / "worker.py").is_file()
    metadata = next(target.glob("dlgrade-*.dist-info")) / "METADATA"
    assert "Requires-Dist: numpy" in metadata.read_text()
