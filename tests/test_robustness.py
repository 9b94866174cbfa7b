"""Bad submissions cost only their own points, and `dlgrade grade` still exits 0 with a valid result."""

import json
import textwrap
from pathlib import Path

import nbformat
import pytest

from autograder import assignment as assignments
from autograder import build
from autograder.runner import grade_submission

from .conftest import ROOT, by_part, grade_json, run_dlgrade

SABOTAGE = {
    "endless loop": "    while True:\n        pass\n",
    "exception": "    raise RuntimeError('not today')\n",
    "sys.exit": "    import sys\n    sys.exit(3)\n",
    "os._exit": "    import os\n    os._exit(0)\n",
    "wrong type": "    return 'a string'\n",
}


def _reference_with(assignment_id, part, body):
    """The reference module with ``part`` redefined at the end to run ``body``."""
    source = (ROOT / "solutions" / f"{assignment_id}.py").read_text()
    params = build.sources.definition_source(source, part).split("(", 1)[1].split(")")[0]
    return source + f"\n\ndef {part}({params}):\n{body}"


@pytest.mark.parametrize("kind", SABOTAGE)
def test_one_bad_function_loses_only_its_own_points(kind, tmp_path):
    a = assignments.load("logistic_regression")
    path = tmp_path / "submission.py"
    path.write_text(_reference_with(a.id, "predict", SABOTAGE[kind]))
    result = grade_json(a.id, path, extra=["--timeout", "3"])
    parts = by_part(result)
    assert parts["predict"][0] == 0
    # model calls predict, so it fails with it; every other function keeps its full points.
    for name in ("initialize_with_zeros", "propagate", "optimize"):
        assert parts[name][0] == pytest.approx(a.points[name]), name
    predict_outputs = "\n".join(t["output"] for t in result["tests"] if t["name"].startswith("predict:"))
    expected = {"endless loop": "did not finish", "exception": "RuntimeError: not today", "sys.exit": "SystemExit",
                "os._exit": "died", "wrong type": "got str"}[kind]
    assert expected in predict_outputs


def test_sys_exit_while_loading_skips_only_that_statement(tmp_path):
    source = (ROOT / "solutions" / "activations.py").read_text()
    path = tmp_path / "submission.py"
    # A default argument is evaluated when the def runs: this one ends the process while loading.
    path.write_text(source + "\n\ndef L2(yhat, y, _=__import__('os')._exit(1)):\n    return 0\n")
    result = grade_json("activations", path)
    parts = by_part(result)
    assert parts["softmax"][0] == pytest.approx(10)
    assert parts["L2"][0] == pytest.approx(assignments.load("activations").points["L2"])  # the reference's L2 stays defined
    assert "killed the worker" in result["output"]


def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nbformat.writes(nb)


@pytest.mark.parametrize("content,message", [
    ('{"cells": [ not json', "not a valid notebook: the file is not valid JSON"),
    ('[1, 2, 3]', "no list of cells"),
    ("", "not valid JSON"),
    (_notebook(), "no code cells"),
])
def test_unreadable_notebook_is_reported_and_scores_zero(content, message, tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text(content)
    done = run_dlgrade("grade", "activations", path, "--json")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["score"] == 0
    assert message in result["output"]
    assert len(result["tests"]) == sum(len(p.checks) for p in assignments.load("activations").parts)


def test_syntax_error_in_one_cell_keeps_the_other_cells(tmp_path):
    source = (ROOT / "solutions" / "activations.py").read_text()
    relu = build.sources.definition_source(source, "relu")
    tanh = build.sources.definition_source(source, "tanh")
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook("import numpy as np\n%matplotlib inline\n!pip install nothing",
                              relu, tanh + "\nprint('unbalanced'\n", "relu(np.ones(3))  # a top-level call, not run"))
    result = grade_json("activations", path)
    parts = by_part(result)
    assert parts["relu"][0] == pytest.approx(5)
    assert parts["sigmoid"][0] == 0
    assert "cell 3, line" in result["output"] and "syntax error" in result["output"]
    # The def before the broken line in the same cell is salvaged.
    assert parts["tanh"][0] == pytest.approx(8)


def test_top_level_code_is_not_run(tmp_path):
    path = tmp_path / "sub.py"
    path.write_text("import numpy as np\nwhile True:\n    pass\n" + (ROOT / "solutions" / "activations.py").read_text())
    result = grade_json("activations", path)
    assert result["score"] == result["max_score"]


def test_missing_function_scores_zero_with_a_clear_message(tmp_path):
    path = tmp_path / "partial.py"
    path.write_text("import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n")
    result = grade_json("activations", path)
    parts = by_part(result)
    assert parts["relu"][0] == pytest.approx(5)
    message = next(t["output"] for t in result["tests"] if t["name"].startswith("sigmoid:"))
    assert "`sigmoid` is not defined in the submission" in message


def test_unknown_assignment_and_missing_path_are_errors():
    assert run_dlgrade("grade", "no_such_assignment", "x.py").returncode != 0
    assert run_dlgrade("grade", "activations", "/no/such/file.py").returncode != 0


def test_several_submissions_give_a_json_array(tmp_path):
    done = run_dlgrade("grade", "activations", ROOT / "examples" / "activations", "--json", "--jobs", "2", "--timeout", "2")
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    files = sorted((ROOT / "examples" / "activations").iterdir())
    assert isinstance(results, list) and [Path(r["submission"]).name for r in results] == [f.name for f in files]
    points = assignments.load("activations").points
    for result in results:
        assert {"score", "max_score", "execution_time", "output", "tests", "assignment", "submission", "sha256",
                "grader_version"} <= set(result)
        assert result["max_score"] == sum(points.values())
        assert result["score"] == pytest.approx(sum(t["score"] for t in result["tests"]), abs=0.01)
        for test in result["tests"]:
            assert test["status"] in ("passed", "failed", "error", "timeout")
            assert test["name"].split(":")[0] in points
    scores = {Path(r["submission"]).stem: r["score"] for r in results}
    # The complete notebook gets every point, the untouched stub and the invalid file none, the others some.
    assert scores["alice_complete"] == 100 and scores["carol_stub"] == 0 and scores["erin_invalid"] == 0
    assert 0 < scores["bob_mistakes"] < 100 and 0 < scores["dave_broken"] < 100


def test_grading_is_deterministic(tmp_path):
    path = ROOT / "examples" / "logistic_regression" / "bob_mistakes.py"
    a = assignments.load("logistic_regression")

    def stable(result):
        return [(t["name"], t["score"], t["status"], t["output"]) for t in result["tests"]]

    assert stable(grade_submission(a, path)) == stable(grade_submission(a, path))
