"""A class of N submissions built from the examples: grade into a gradebook, report, export; time and
peak memory of each step, and the report's cost relative to grading (the peer in the same run).

    .venv/bin/python bench/class_scale.py [--n 1000] [--assignment activations] [--jobs 2]

The class is a third each complete, with classic mistakes, and untouched stubs (the examples
`alice_complete`, `bob_mistakes`, `carol_stub`), each copy in a folder of its own student.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DLGRADE = [sys.executable, "-m", "autograder.cli"]


def build_class(folder, assignment, n):
    examples = ROOT / "examples" / assignment
    kinds = [next(examples.glob(f"{stem}.*")) for stem in ("alice_complete", "bob_mistakes", "carol_stub")]
    for i in range(n):
        source = kinds[i % 3]
        target = folder / f"student{i:05d}" / f"{assignment}{source.suffix}"
        target.parent.mkdir(parents=True)
        shutil.copyfile(source, target)


def step(args, cwd):
    """Run one command; (seconds, peak resident MB of the command and its children)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def folder_mb(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--assignment", default="activations")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        build_class(tmp / "class", args.assignment, args.n)
        rows = [("build the class", time.perf_counter() - started, 0.0, "")]
        db, jobs = tmp / "gradebook.db", str(args.jobs)
        seconds, mb = step([*DLGRADE, "grade", args.assignment, tmp / "class", "--db", db, "--jobs", jobs], ROOT)
        rows.append(("grade --db", seconds, mb, f"{args.n / seconds:.1f} submissions/s"))
        seconds, mb = step([*DLGRADE, "report", args.assignment, "--db", db, "-o", tmp / "report", "--jobs", jobs], ROOT)
        pages = sorted((tmp / "report" / "students").glob("*.html"), key=lambda p: p.stat().st_size)
        rows.append(("report", seconds, mb, f"{folder_mb(tmp / 'report'):.1f} MB of HTML, largest page "
                                            f"{pages[-1].stat().st_size / 1e3:.0f} KB"))
        seconds, mb = step([*DLGRADE, "export", "csv", "--db", db, "-o", tmp / "grades.csv"], ROOT)
        rows.append(("export csv", seconds, mb, f"{(tmp / 'grades.csv').stat().st_size / 1e3:.0f} KB"))
        seconds, mb = step([*DLGRADE, "export", "nbgrader", args.assignment, "-o", tmp / "nbgrader"], ROOT)
        rows.append(("export nbgrader", seconds, mb, ""))
        seconds, mb = step([*DLGRADE, "export", "otter", args.assignment, "-o", tmp / "otter"], ROOT)
        rows.append(("export otter", seconds, mb, ""))
    print(f"class of {args.n} '{args.assignment}' submissions (a third each complete, mistakes, stubs), "
          f"--jobs {args.jobs}, {os.cpu_count()} cores")
    print(f"{'step':18s} {'seconds':>9s} {'peak MB':>9s}  notes")
    for name, seconds, mb, note in rows:
        print(f"{name:18s} {seconds:9.1f} {mb:9.0f}  {note}")
    grade, report = rows[1][1], rows[2][1]
    print(f"report / grade time: {report / grade:.2f}")


if __name__ == "__main__":
    main()
