"""`dlgrade export nbgrader`: the real `nbgrader generate_assignment` and `autograde` score as dlgrade does."""

import nbformat
import pytest

from autograder import assignment as assignments
from autograder import build, sources
from autograder.exporters.nbgrader import adopt_submission

from ..conftest import by_part, run_dlgrade
from .conftest import ASSIGNMENT, grade, run_tool, tool

NOTEBOOK = f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The exported course, its release, and the reference and the stub submitted and autograded."""
    nbgrader = tool("nbgrader")
    a = assignments.load(ASSIGNMENT)
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    done = run_dlgrade("export", "nbgrader", ASSIGNMENT, "-o", course)
    assert done.returncode == 0, done.stderr
    run_tool([nbgrader, "generate_assignment", ASSIGNMENT], cwd=course)
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    submissions = {"reference": build.solution_notebook(a),
                   "stub": nbformat.reads(build.template_files(a)[NOTEBOOK], as_version=4)}
    for student, nb in submissions.items():
        path = course / "submitted" / student / ASSIGNMENT / NOTEBOOK
        path.parent.mkdir(parents=True)
        nbformat.write(adopt_submission(nb, release), path)
    run_tool([nbgrader, "autograde", ASSIGNMENT], cwd=course)
    return course


def nbgrader_scores(course, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="dlgrade") as book:
        notebook = book.find_submission(ASSIGNMENT, student).notebooks[0]
        return {grade.name.removeprefix("test_"): (grade.score, grade.max_score) for grade in notebook.grades}


def rounded(parts):
    return {name: (round(score, 2), round(top, 2)) for name, (score, top) in parts.items()}


@pytest.mark.parametrize("student, total", [("reference", 100.0), ("stub", 0.0)])
def test_autograde_scores_each_function_as_dlgrade_does(course, student, total):
    path = course / "submitted" / student / ASSIGNMENT / NOTEBOOK
    (result,) = grade(path)
    assert result["score"] == total
    assert rounded(nbgrader_scores(course, student)) == rounded(by_part(result))


def test_one_autograded_cell_per_function_worth_its_points(course):
    a = assignments.load(ASSIGNMENT)
    nb = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    graded = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    assert graded == {f"test_{name}": points for name, points in a.points.items()}
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.metadata.nbgrader.grade_id for c in solutions] == list(a.points)


def test_the_release_keeps_neither_solutions_nor_hidden_tests(course):
    a = assignments.load(ASSIGNMENT)
    text = (course / "release" / ASSIGNMENT / NOTEBOOK).read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert "raise NotImplementedError()" in text
    for line in sources.student_lines(a.reference_source):
        assert line not in text, line
    assert (course / "release" / ASSIGNMENT / "dlgrade_checks.py").is_file()
