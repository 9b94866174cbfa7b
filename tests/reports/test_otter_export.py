"""`dlgrade export otter`: the real `otter assign` and `otter run` score as dlgrade does."""

import json

import nbformat
import pytest

from autograder import assignment as assignments

from ..conftest import by_part, run_dlgrade
from .conftest import ASSIGNMENT, grade, run_tool, tool

NOTEBOOK = f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="module")
def assigned(tmp_path_factory):
    """The exported master notebook run through `otter assign`: dist/autograder and dist/student."""
    otter = tool("otter")
    folder = tmp_path_factory.mktemp("otter")
    done = run_dlgrade("export", "otter", ASSIGNMENT, "-o", folder / "master")
    assert done.returncode == 0, done.stderr
    run_tool([otter, "assign", NOTEBOOK, folder / "dist"], cwd=folder / "master")
    return folder


def otter_run(folder, notebook, name):
    (zip_path,) = (folder / "dist" / "autograder").glob("*.zip")
    out = folder / f"results-{name}"
    out.mkdir()
    run_tool([tool("otter"), "run", "-a", zip_path, "-o", out, notebook], cwd=folder)
    tests = json.loads((out / "results.json").read_text())["tests"]
    return {t["name"]: (round(t["score"], 2), round(t["max_score"], 2)) for t in tests if "score" in t}


@pytest.mark.parametrize("version, total", [("autograder", 100.0), ("student", 0.0)])
def test_otter_run_scores_each_function_as_dlgrade_does(assigned, version, total):
    """The autograder version holds the reference, the student version the stubs (``...``)."""
    notebook = assigned / "dist" / version / NOTEBOOK
    (result,) = grade(notebook)
    assert result["score"] == total
    expected = {part: (round(score, 2), round(top, 2)) for part, (score, top) in by_part(result).items()}
    assert otter_run(assigned, notebook, version) == expected


def test_one_question_per_function_with_its_points_split_like_dlgrade(assigned):
    a = assignments.load(ASSIGNMENT)
    nb = nbformat.read(assigned / "master" / NOTEBOOK, as_version=4)
    raw = [c.source for c in nb.cells if c.cell_type == "raw"]
    assert raw[0].startswith("# ASSIGNMENT CONFIG")
    questions = {}
    for text in raw:
        if text.startswith("# BEGIN QUESTION"):
            config = dict(line.split(": ", 1) for line in text.splitlines()[1:])
            questions[json.loads(config["name"])] = json.loads(config["points"])
    assert list(questions) == list(a.points)
    for part in a.parts:
        assert questions[part.name] == a.check_points(part)
        assert round(sum(questions[part.name]), 2) == a.points[part.name]
