"""`dlgrade export csv`: one row per student, one column per assignment (latest score), and the total."""

import os

from autograder import __version__
from autograder.gradebook import Gradebook

from .conftest import dlgrade, make_class, personalised


def _result(assignment, score, max_score, sha):
    return {"score": score, "max_score": max_score, "execution_time": 0.1, "output": "", "visibility": "visible",
            "tests": [{"name": "model: accuracy", "score": score, "max_score": max_score, "status": "passed",
                       "output": "", "visibility": "visible"}],
            "assignment": assignment, "submission": f"{sha}.ipynb", "sha256": sha, "grader_version": __version__}


def test_export_csv_has_latest_scores_per_assignment_and_total(tmp_path):
    folder = tmp_path / "submitted"
    make_class(folder, 3, kinds=("stub", "mistakes", "reference"))
    db = tmp_path / "grades.db"
    assert dlgrade("grade", "activations", folder, "--jobs", "2", "--db", db).returncode == 0
    # student000 hands in again: the complete notebook replaces the stub (newer file, new hash).
    [stub] = (folder / "student000" / "activations").glob("*.ipynb")
    first_time = stub.stat().st_mtime
    stub.write_text(personalised("complete", "student000")[0])
    os.utime(stub, (first_time + 60, first_time + 60))
    assert dlgrade("grade", "activations", folder, "--jobs", "2", "--db", db).returncode == 0
    # A second assignment, graded for two students only (stored through the Python API).
    with Gradebook(db) as book:
        book.record("student001", _result("logistic_regression", 62.5, 100.0, "lr1"), path="lr1.ipynb")
        book.record("student002", _result("logistic_regression", 100.0, 100.0, "lr2"), path="lr2.ipynb")

    out = tmp_path / "grades.csv"
    done = dlgrade("export", "csv", "--db", db, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == ("student,activations,logistic_regression,total\n"
                               "student000,100,,100\n"
                               "student001,84,62.5,146.5\n"
                               "student002,100,100,200\n")
    to_stdout = dlgrade("export", "csv", "--db", db)
    assert to_stdout.stdout == out.read_text()


def test_export_csv_without_a_gradebook_is_an_error(tmp_path):
    done = dlgrade("export", "csv", "--db", tmp_path / "missing.db")
    assert done.returncode != 0
    assert "no gradebook" in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_an_unreadable_submission_is_stored_and_exported_as_invalid_not_as_a_graded_zero(tmp_path):
    folder = tmp_path / "submitted"
    students = make_class(folder, 2, kinds=("invalid", "stub"))
    db = tmp_path / "grades.db"
    assert dlgrade("grade", "activations", folder, "--jobs", "2", "--db", db).returncode == 0
    with Gradebook(db, create=False) as book:
        records = {r.student: r for r in book.latest("activations")}
        assert {s: records[s].status for s in students} == {"student000": "invalid", "student001": "graded"}
        statuses = {s: {c.status for c in book.checks("activations") if c.student == s} for s in students}
        assert statuses == {"student000": {"invalid"}, "student001": {"failed"}}
        book.record("student000", _result("logistic_regression", 62.5, 100.0, "lr0"), path="lr0.ipynb")
    done = dlgrade("export", "csv", "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("student,activations,logistic_regression,total\n"
                           "student000,invalid,62.5,62.5\n"
                           "student001,0,,0\n")
