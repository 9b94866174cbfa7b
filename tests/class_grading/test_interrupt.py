"""kill -9 in the middle of a batch loses nothing graded; the rerun grades the rest, each exactly once."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from .conftest import ROOT, db_rows, dlgrade, make_class

CLASS_SIZE = 40


def _graded_count(db):
    try:
        return db_rows(db, "SELECT COUNT(*) FROM submissions")[0][0]
    except sqlite3.Error:  # not created yet, or the schema is being written
        return 0


def test_kill_9_mid_batch_then_rerun_grades_every_submission_exactly_once(tmp_path):
    folder = tmp_path / "submitted"
    students = make_class(folder, CLASS_SIZE)
    db = tmp_path / "grades.db"
    command = [sys.executable, "-m", "autograder.cli", "grade", "activations", folder, "--jobs", "2", "--db", db]
    # Its own process group: the kill takes the grader and everything it started, like kill -9 of a job.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    try:
        while _graded_count(db) < CLASS_SIZE // 3:
            assert proc.poll() is None, f"the batch ended before it could be killed: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "no submission was stored in time"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    stored = _graded_count(db)
    assert CLASS_SIZE // 3 <= stored < CLASS_SIZE, stored
    print(f"\nkilled with {stored} of {CLASS_SIZE} submissions stored")

    rerun = dlgrade("grade", "activations", folder, "--json", "--jobs", "2", "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{CLASS_SIZE - stored} graded, {stored} already graded, 0 failed" in rerun.stderr
    results = json.loads(rerun.stdout)
    assert len(results) == CLASS_SIZE

    rows = db_rows(db, "SELECT id, student, sha256, score, result FROM submissions")
    assert len(rows) == CLASS_SIZE
    assert sorted(r[1] for r in rows) == sorted(students)
    assert len({(r[1], r[2]) for r in rows}) == CLASS_SIZE  # each submission graded exactly once
    assert {r["sha256"] for r in results} == {r[2] for r in rows}
    for submission_id, student, sha, score, result in rows:
        result = json.loads(result)
        checks = db_rows(db, "SELECT position, name, score FROM checks WHERE submission_id = ? ORDER BY position",
                         (submission_id,))
        assert [c[0] for c in checks] == list(range(len(result["tests"])))
        assert [c[1] for c in checks] == [t["name"] for t in result["tests"]]
        assert round(sum(c[2] for c in checks), 2) == score == result["score"]
    orphans = db_rows(db, "SELECT COUNT(*) FROM checks WHERE submission_id NOT IN (SELECT id FROM submissions)")
    assert orphans == [(0,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_ctrl_c_stops_the_batch_keeps_what_is_graded_and_the_rerun_resumes(tmp_path):
    folder = tmp_path / "submitted"
    make_class(folder, 20)
    db = tmp_path / "grades.db"
    command = [sys.executable, "-m", "autograder.cli", "grade", "activations", folder, "--jobs", "2", "--db", db]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while _graded_count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    stored = _graded_count(db)
    assert 3 <= stored < 20
    rerun = dlgrade("grade", "activations", folder, "--jobs", "2", "--db", db)
    assert f"{20 - stored} graded, {stored} already graded, 0 failed" in rerun.stderr
    assert db_rows(db, "SELECT COUNT(DISTINCT student), COUNT(*) FROM submissions") == [(20, 20)]
