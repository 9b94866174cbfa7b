"""The gradebook: every check stored, reruns skip what is graded, --regrade grades again, one transaction each."""

import json

import pytest

from autograder import __version__
from autograder.gradebook import Gradebook

from .conftest import EXPECTED_SCORE, db_rows, dlgrade


@pytest.fixture
def graded_class(small_class, tmp_path):
    folder, students = small_class
    db = tmp_path / "grades.db"
    first = dlgrade("grade", "activations", folder, "--json", "--jobs", "2", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "6 graded, 0 already graded" in first.stderr
    return folder, students, db, json.loads(first.stdout)


def test_every_check_of_every_submission_is_stored(graded_class):
    folder, students, db, results = graded_class
    rows = db_rows(db, "SELECT id, student, sha256, score, result FROM submissions ORDER BY student")
    assert [r[1] for r in rows] == sorted(students)
    by_sha = {r["sha256"]: r for r in results}
    for submission_id, student, sha, score, stored in rows:
        assert score == EXPECTED_SCORE[students[student]]
        assert json.loads(stored) == by_sha[sha]  # the result exactly as --json printed it
        checks = db_rows(db, "SELECT position, part, name, score, max_score, status, output, known_mistakes "
                             "FROM checks WHERE submission_id = ? ORDER BY position", (submission_id,))
        tests = by_sha[sha]["tests"]
        assert len(checks) == len(tests) > 0
        for (position, part, name, s, top, status, output, mistakes), test in zip(checks, tests):
            assert (name, s, top, status, output) == (test["name"], test["score"], test["max_score"], test["status"],
                                                      test["output"])
            assert part == test["name"].split(":")[0]
            assert json.loads(mistakes) == test.get("extra_data", {}).get("known_mistakes", [])
    mistakes = db_rows(db, "SELECT COUNT(*) FROM checks WHERE known_mistakes != '[]'")[0][0]
    assert mistakes > 0  # the .py with known mistakes had them named and stored


def test_second_run_skips_everything_and_says_so(graded_class):
    folder, students, db, first = graded_class
    graded_at = db_rows(db, "SELECT id, graded_at FROM submissions ORDER BY id")
    again = dlgrade("grade", "activations", folder, "--json", "--jobs", "2", "--db", db)
    assert again.returncode == 0, again.stderr
    assert f"6 of 6 submission(s) already graded by dlgrade {__version__}: skipped" in again.stderr
    assert "0 graded, 6 already graded" in again.stderr
    assert db_rows(db, "SELECT id, graded_at FROM submissions ORDER BY id") == graded_at
    assert json.loads(again.stdout) == first  # the stored results, in the same order


def test_regrade_grades_again_and_keeps_one_row_per_file(graded_class):
    folder, students, db, first = graded_class
    before = dict(db_rows(db, "SELECT sha256, graded_at FROM submissions"))
    again = dlgrade("grade", "activations", folder, "--json", "--jobs", "2", "--db", db, "--regrade")
    assert again.returncode == 0, again.stderr
    assert "6 graded, 0 already graded" in again.stderr
    after = dict(db_rows(db, "SELECT sha256, graded_at FROM submissions"))
    assert after.keys() == before.keys()
    assert all(after[sha] > before[sha] for sha in before)
    assert db_rows(db, "SELECT COUNT(*) FROM checks")[0][0] == sum(len(r["tests"]) for r in first)
    assert [r["score"] for r in json.loads(again.stdout)] == [r["score"] for r in first]


def test_a_changed_file_is_graded_and_becomes_the_latest(graded_class):
    folder, students, db, _ = graded_class
    stub_student = next(s for s, kind in students.items() if kind == "stub")
    [notebook] = (folder / stub_student / "activations").glob("*.ipynb")
    complete = next(s for s, kind in students.items() if kind == "complete")
    [done] = (folder / complete / "activations").glob("*.ipynb")
    notebook.write_text(done.read_text().replace(complete, stub_student))
    again = dlgrade("grade", "activations", folder, "--jobs", "2", "--db", db)
    assert "1 graded, 5 already graded" in again.stderr
    with Gradebook(db, create=False) as book:
        assert len(book.submissions("activations", stub_student)) == 2  # history kept
        assert book.latest_by_student("activations")[stub_student]["score"] == 100.0


def _result(assignment, score, sha, tests=None):
    tests = tests if tests is not None else [
        {"name": "f: value", "score": score, "max_score": 10.0, "status": "passed" if score else "failed",
         "output": "", "visibility": "visible"}]
    return {"score": score, "max_score": 10.0, "execution_time": 0.1, "output": "", "visibility": "visible",
            "tests": tests, "assignment": assignment, "submission": f"{sha}.py", "sha256": sha,
            "grader_version": __version__}


def test_a_result_is_stored_whole_or_not_at_all(tmp_path):
    with Gradebook(tmp_path / "g.db") as book:
        broken = _result("a1", 10.0, "abc", tests=[{"name": "f: ok", "score": 10.0, "max_score": 10.0,
                                                     "status": "passed", "output": ""}, {"name": "f: bad"}])
        with pytest.raises(KeyError):
            book.record("alice", broken, path="x.py", submitted_at="2024-01-01T00:00:00+00:00")
        assert book.submissions() == [] and book.checks() == []
        book.record("alice", _result("a1", 10.0, "abc"), path="x.py", submitted_at="2024-01-01T00:00:00+00:00")
        assert [c.name for c in book.checks("a1")] == ["f: value"]


def test_python_api_latest_by_submission_time(tmp_path):
    with Gradebook(tmp_path / "g.db") as book:
        book.record("bob", _result("a1", 4.0, "old"), path="b1.py", submitted_at="2024-01-02T00:00:00+00:00")
        book.record("bob", _result("a1", 9.0, "new"), path="b2.py", submitted_at="2024-01-03T00:00:00+00:00")
        # Graded later, but handed in earlier: not the latest.
        book.record("bob", _result("a1", 1.0, "older"), path="b0.py", submitted_at="2024-01-01T00:00:00+00:00")
        book.record("alice", _result("a2", 7.0, "x"), path="a.py", submitted_at="2024-01-01T00:00:00+00:00")
        assert book.students() == ["alice", "bob"]
        assert book.assignments() == ["a1", "a2"]
        assert [r["sha256"] for r in book.latest_results("a1")] == ["new"]
        assert book.find("bob", "a1", "old").score == 4.0
        assert book.find("bob", "a1", "old", grader_version="0.0.0") is None
        assert book.export_rows() == (["student", "a1", "a2", "total"], [["alice", None, 7.0, 7.0],
                                                                          ["bob", 9.0, None, 9.0]])
