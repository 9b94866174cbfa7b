"""Class throughput: `dlgrade grade --jobs 2` against the real `nbgrader autograde`, same submissions.

Builds N `logistic_regression` notebook submissions in nbgrader's folder layout
(``submitted/<student>/<ID>/<ID>.ipynb``), a third each of: complete (copies of
``examples/logistic_regression/alice_complete.ipynb``), untouched stub (``carol_stub.ipynb``) and buggy
(the complete notebook with one classic mistake planted, a different one per student). Each carries
the nbgrader cell metadata of the course exported by `dlgrade export nbgrader`, so both graders read
the very same files. Then, in the same run, times from command start to end:

- ``dlgrade grade ID submitted/ --jobs 2`` (dlgrade reads nbgrader's layout itself),
- ``nbgrader autograde ID`` (executes each notebook in a kernel, as nbgrader does),

and prints N, both times, the ratio, and whether the two agree on every student's total.

Usage: `.venv/bin/python bench/throughput.py [--submissions N] [--keep DIR]` (nbgrader is in the `test`
extra; `make test` installs it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import assignment as assignments  # noqa: E402
from autograder.exporters.nbgrader import adopt_submission  # noqa: E402

ASSIGNMENT = "logistic_regression"
EXAMPLES = ROOT / "examples" / ASSIGNMENT
BIN = Path(sys.executable).parent
# One classic mistake per buggy submission: (text of the reference, replacement).
BUGS = [
    ("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)"),
    ("db = np.sum(A - Y) / m", "db = np.sum(A - Y)"),
    ("Y_prediction = (A > 0.5).astype(np.float64)", "Y_prediction = A"),
    ("w = w - learning_rate * dw", "w = w + learning_rate * dw"),
    ("Z = np.dot(w.T, X) + b", "Z = np.dot(w.T, X)"),
    ("if i % 100 == 0:", "if True:"),
]


def environment():
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs `alembic` from the venv
    return env


def run(args, cwd, quiet=True):
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def buggy(notebook, bug):
    nb = nbformat.reads(notebook, as_version=4)
    old, new = bug
    planted = False
    for cell in nb.cells:
        if cell.cell_type == "code" and old in cell.source:
            cell.source = cell.source.replace(old, new)
            planted = True
    if not planted:
        raise SystemExit(f"bench: {old!r} not found in the complete notebook")
    return nb


def submissions(n):
    """{student: notebook} for ``n`` students: complete, stub and buggy in turn."""
    complete = (EXAMPLES / "alice_complete.ipynb").read_text()
    stub = (EXAMPLES / "carol_stub.ipynb").read_text()
    out = {}
    for i in range(n):
        kind = ("complete", "stub", "buggy")[i % 3]
        if kind == "buggy":
            nb = buggy(complete, BUGS[(i // 3) % len(BUGS)])
        else:
            nb = nbformat.reads(complete if kind == "complete" else stub, as_version=4)
        out[f"s{i:03d}_{kind}"] = nb
    return out


def nbgrader_totals(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="dlgrade") as book:
        return {s.student.id: round(s.score, 2) for s in book.assignment_submissions(ASSIGNMENT)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", "-n", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="build the course here and keep it (default: a temp folder)")
    args = parser.parse_args(argv)
    nbgrader = shutil.which("nbgrader", path=str(BIN)) or shutil.which("nbgrader")
    if nbgrader is None:
        raise SystemExit("bench: nbgrader is not installed (pip install -e '.[test]')")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dlgrade-throughput-"))
    course = work / "course"
    if course.exists():
        shutil.rmtree(course)
    try:
        a = assignments.load(ASSIGNMENT)
        print(f"exporting {ASSIGNMENT} to nbgrader and generating the release (set-up, not timed)...", flush=True)
        run([sys.executable, "-m", "autograder.cli", "export", "nbgrader", a.id, "-o", course], cwd=ROOT)
        run([nbgrader, "generate_assignment", a.id], cwd=course)
        release = nbformat.read(course / "release" / a.id / f"{a.id}.ipynb", as_version=4)
        for student, nb in submissions(args.submissions).items():
            path = course / "submitted" / student / a.id / f"{a.id}.ipynb"
            path.parent.mkdir(parents=True)
            nbformat.write(adopt_submission(nb, release), path)

        started = time.perf_counter()
        done = run([sys.executable, "-m", "autograder.cli", "grade", a.id, course / "submitted", "--jobs",
                    str(args.jobs), "--json"], cwd=ROOT)
        dlgrade_seconds = time.perf_counter() - started
        results = json.loads(done.stdout)
        results = results if isinstance(results, list) else [results]
        dlgrade_totals = {Path(r["submission"]).parent.parent.name: round(r["score"], 2) for r in results}

        started = time.perf_counter()
        run([nbgrader, "autograde", a.id], cwd=course)
        nbgrader_seconds = time.perf_counter() - started
        nb_totals = nbgrader_totals(course)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    n = args.submissions
    agree = sum(1 for s, total in dlgrade_totals.items() if nb_totals.get(s) == total)
    print(f"{n} submissions of {a.id} (complete, stub and buggy notebooks in turn)")
    print(f"dlgrade grade --jobs {args.jobs}: {dlgrade_seconds:7.1f} s  ({dlgrade_seconds / n:.2f} s per submission)")
    print(f"nbgrader autograde:    {nbgrader_seconds:7.1f} s  ({nbgrader_seconds / n:.2f} s per submission)")
    print(f"ratio: dlgrade is {nbgrader_seconds / dlgrade_seconds:.1f}x faster (target: 30x)")
    print(f"same total score from both graders: {agree} of {n} submissions")
    for student in sorted(dlgrade_totals):
        if nb_totals.get(student) != dlgrade_totals[student]:
            print(f"  {student}: dlgrade {dlgrade_totals[student]:g}, nbgrader {nb_totals.get(student)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
