"""200 submissions of one assignment grade in one command, with bounded memory."""

import json
import subprocess
import sys

import pytest

from autograder.gradebook import Gradebook

from .conftest import EXPECTED_SCORE, ROOT, make_class

CLASS_SIZE = 200
# The grader process holds numpy, the assignment, the reference cache and a few results in flight; each
# sandbox worker is a small numpy process. Measured: about 80 MB (see the test's printed line).
PEAK_RSS_BOUND_MB = 300
# However many submissions, the grader holds only a window of them: 200 may cost little more than 20.
GROWTH_BOUND_MB = 50

# Runs the CLI as its only child and prints the peak RSS of it and every process under it (Linux: KiB).
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(json.dumps({"returncode": done.returncode, "stderr": done.stderr[-3000:], "seconds": time.monotonic() - started,
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _grade_measured(folder, db):
    command = [sys.executable, "-m", "autograder.cli", "grade", "activations", str(folder), "--jobs", "2",
               "--db", str(db)]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, cwd=ROOT,
                          timeout=900)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["returncode"] == 0, measured["stderr"]
    return measured


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class of 200 (and one of 20, for comparison) graded once for this module's tests."""
    tmp_path = tmp_path_factory.mktemp("scale")
    kinds = ("complete", "mistakes", "stub", "reference", "invalid")
    small = make_class(tmp_path / "small", 20, kinds=kinds)
    students = make_class(tmp_path / "class", CLASS_SIZE, kinds=kinds)
    baseline = _grade_measured(tmp_path / "small", tmp_path / "small.db")
    measured = _grade_measured(tmp_path / "class", tmp_path / "class.db")
    return tmp_path, small, students, baseline, measured


def test_200_submissions_grade_in_one_command_with_bounded_memory(graded_class):
    tmp_path, small, students, baseline, measured = graded_class
    peak_mb, base_mb = measured["peak_kib"] / 1024, baseline["peak_kib"] / 1024
    print(f"\n{CLASS_SIZE} submissions, --jobs 2: {measured['seconds']:.1f} s "
          f"({measured['seconds'] / CLASS_SIZE:.3f} s each), peak RSS {peak_mb:.0f} MB; "
          f"{len(small)} submissions: {baseline['seconds']:.1f} s, peak RSS {base_mb:.0f} MB")
    assert f"{CLASS_SIZE} graded, 0 already graded, 0 failed" in measured["stderr"]
    assert peak_mb < PEAK_RSS_BOUND_MB
    assert peak_mb - base_mb < GROWTH_BOUND_MB
    with Gradebook(tmp_path / "class.db", create=False) as book:
        latest = book.latest("activations")
    assert len(latest) == CLASS_SIZE
    assert {r.student: r.score for r in latest} == {s: EXPECTED_SCORE[k] for s, k in students.items()}


def test_the_report_of_200_submissions_renders(graded_class):
    from ..reports.test_report import rendered

    tmp_path = graded_class[0]
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "report", "activations", "--db",
                           str(tmp_path / "class.db"), "-o", str(tmp_path / "report")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    pages = sorted((tmp_path / "report" / "students").glob("*.html"))
    assert len(pages) == CLASS_SIZE
    for page in (tmp_path / "report" / "index.html", pages[0], pages[1]):
        images, drawn, broken = rendered(tmp_path, page)
        assert images > 0 and (drawn, broken) == (images, 0)
