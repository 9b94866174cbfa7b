"""Intake: nbgrader's layout and a flat folder give student ids from the path; strays are reported."""

import json
import os

import pytest

from autograder.gradebook import Gradebook
from autograder.intake import collect

from .conftest import dlgrade, make_class


def _touch(path, text="", mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_flat_folder_student_is_the_file_stem(tmp_path):
    _touch(tmp_path / "alice.ipynb")
    _touch(tmp_path / "bob.py")
    intake = collect([tmp_path], "activations")
    assert [(s, p.name) for s, p in intake.submissions] == [("alice", "alice.ipynb"), ("bob", "bob.py")]
    assert intake.messages == []


def test_nbgrader_layout_student_is_the_folder(tmp_path):
    _touch(tmp_path / "alice" / "activations" / "activations.ipynb")
    _touch(tmp_path / "alice" / "activations" / "timestamp.txt", "2024-01-01 10:00:00 UTC")
    _touch(tmp_path / "bob" / "activations" / "my_work.ipynb")
    _touch(tmp_path / "bob" / "activations" / "public_tests.py")  # given to students: silently not graded
    _touch(tmp_path / "bob" / "activations" / "activations.py")  # the stub module beside the notebook
    _touch(tmp_path / "bob" / "softmax_regression" / "softmax_regression.ipynb")
    intake = collect([tmp_path], "activations")
    assert [(s, p.name) for s, p in intake.submissions] == [("alice", "activations.ipynb"), ("bob", "my_work.ipynb")]
    assert intake.messages == []


def test_unexpected_file_is_reported_not_fatal(tmp_path):
    _touch(tmp_path / "alice.ipynb")
    _touch(tmp_path / "notes.txt", "remember the 1/m")
    _touch(tmp_path / "carol" / "activations" / "activations.ipynb")
    _touch(tmp_path / "carol" / "activations" / "scratch.txt")
    intake = collect([tmp_path], "activations")
    assert [s for s, _ in intake.submissions] == ["alice", "carol"]
    assert any("notes.txt" in m and "unexpected" in m for m in intake.messages)
    assert any("scratch.txt" in m and "ignored" in m for m in intake.messages)


def test_two_notebooks_for_one_student_grade_the_newest_and_say_so(tmp_path):
    folder = tmp_path / "dave" / "activations"
    _touch(folder / "old_try.ipynb", mtime=1_700_000_000)
    _touch(folder / "final.ipynb", mtime=1_700_000_500)
    intake = collect([tmp_path], "activations")
    assert [(s, p.name) for s, p in intake.submissions] == [("dave", "final.ipynb")]
    [message] = intake.messages
    assert "dave" in message and "final.ipynb" in message and "old_try.ipynb" in message


def test_student_folder_without_the_assignment_is_reported(tmp_path):
    _touch(tmp_path / "erin" / "softmax_regression" / "softmax_regression.ipynb")
    intake = collect([tmp_path], "activations")
    assert intake.submissions == []
    assert any("erin" in m and "no activations/ folder" in m for m in intake.messages)


def test_explicit_files_keep_their_stem_as_student(tmp_path):
    a = _touch(tmp_path / "x" / "alice_final.py")
    b = _touch(tmp_path / "y" / "bob.ipynb")
    intake = collect([a, b], "activations")
    assert intake.submissions == [("alice_final", a), ("bob", b)]


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        collect([tmp_path / "nowhere"], "activations")


@pytest.mark.parametrize("layout", ["nbgrader", "flat"])
def test_cli_grades_both_layouts_and_reports_strays(layout, tmp_path):
    folder = tmp_path / "class"
    students = make_class(folder, 3, layout=layout, kinds=("mistakes", "reference", "stub"))
    (folder / "notes.txt").write_text("not a submission")
    db = tmp_path / "grades.db"
    done = dlgrade("grade", "activations", folder, "--json", "--jobs", "2", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "notes.txt" in done.stderr and "unexpected" in done.stderr
    results = json.loads(done.stdout)
    assert len(results) == 3
    with Gradebook(db, create=False) as book:
        assert book.students() == sorted(students)
        scores = {r.student: r.score for r in book.latest("activations")}
    assert scores == {"student000": 84.0, "student001": 100.0, "student002": 0.0}


def test_cli_without_db_prints_the_same_results_as_before(tmp_path):
    """Explicit paths and no gradebook: the JSON contract is untouched (one object for one file)."""
    folder = tmp_path / "class"
    make_class(folder, 1, layout="flat", kinds=("mistakes",))
    done = dlgrade("grade", "activations", folder / "student000.py", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["score"] == 84.0 and result["submission"].endswith("student000.py")
    assert {"score", "max_score", "execution_time", "output", "tests", "assignment", "submission", "sha256",
            "grader_version"} <= set(result)
