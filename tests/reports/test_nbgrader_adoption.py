"""`nbgrader autograde` on notebooks not made from the release: adopted with dlgrade's score, or refused.

The submissions go in as students hand them in (no `adopt_submission` by hand): a complete notebook
and one with classic mistakes made from `student_template/`, and a notebook defining none of the
graded functions. The course's own `nbgrader_config.py` does the adopting.
"""

import subprocess

import nbformat
import pytest

from .conftest import ASSIGNMENT, EXAMPLES, grade, tool, tool_env
from .test_nbgrader_export import nbgrader_scores, rounded
from ..conftest import by_part, run_dlgrade

NOTEBOOK = f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="module")
def autograded(tmp_path_factory):
    nbgrader = tool("nbgrader")
    course = tmp_path_factory.mktemp("nbgrader-adopt") / "course"
    assert run_dlgrade("export", "nbgrader", ASSIGNMENT, "-o", course).returncode == 0
    subprocess.run([nbgrader, "generate_assignment", ASSIGNMENT], cwd=course, env=tool_env(), check=True,
                   capture_output=True)
    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("x = 1")]
    submissions = {"alice": nbformat.read(EXAMPLES / "alice_complete.ipynb", as_version=4), "nobody": empty}
    for student, nb in submissions.items():
        path = course / "submitted" / student / ASSIGNMENT / NOTEBOOK
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    done = subprocess.run([nbgrader, "autograde", ASSIGNMENT], cwd=course, env=tool_env(), capture_output=True,
                          text=True, timeout=600)
    return course, done.stdout + done.stderr


def test_a_notebook_made_from_the_student_template_is_adopted_with_dlgrades_score(autograded):
    course, log = autograded
    (result,) = grade(EXAMPLES / "alice_complete.ipynb")
    assert result["score"] == 100.0
    assert rounded(nbgrader_scores(course, "alice")) == rounded(by_part(result))
    assert "alice/logistic_regression/logistic_regression.ipynb was not made from the nbgrader release: adopted" in log


def test_a_notebook_without_the_graded_functions_is_refused_with_a_message(autograded):
    course, log = autograded
    assert "defines none of the graded functions" in log
    assert not (course / "autograded" / "nobody" / ASSIGNMENT / NOTEBOOK).exists()
