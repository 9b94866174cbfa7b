"""How fast `dlgrade grade` is, next to the bare cost of the functions it calls.

Grades 20 `logistic_regression` submissions (copies of `examples/logistic_regression/`: complete,
with known mistakes, untouched stub) with `dlgrade grade --jobs 2`, timed from the command's start to
its end. In the same run, a plain in-process loop makes, for each of the 20 submissions, every call
of a graded function that the grader makes of a submission (the same inputs, the same seeds), on the
reference functions directly: no sandbox, no checks, no known mistakes, no parallelism. Prints the
seconds per submission of both and their ratio. Both sides run `--rounds` times, alternating, and the
best of each is shown: on a shared machine, the other processes' load only ever adds time.

Usage: `make bench`, or `.venv/bin/python bench/grade_speed.py [--submissions N] [--jobs N]`.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import assignment as assignments  # noqa: E402
from autograder.runner import ReferenceCache, grade_parts  # noqa: E402
from autograder.sandbox import LocalExecutor  # noqa: E402
from autograder.sandbox.worker import bind_spares  # noqa: E402

ASSIGNMENT = "logistic_regression"
# The example with an endless loop is left out: it would time the timeout, not the grader.
MIX = ["alice_complete.ipynb", "bob_mistakes.py", "carol_stub.ipynb"]


class RecordingExecutor(LocalExecutor):
    """The reference, standing in for a submission, noting every call the grader makes of it."""

    def __init__(self, namespace):
        super().__init__(namespace)
        self.calls = []

    def call(self, fn, args=(), kwargs=None, np_seed=None, return_args=False, timeout=None, spare=None, **options):
        bound = bind_spares(self.namespace[fn], args, dict(kwargs or {}), spare) if fn in self.namespace else kwargs
        self.calls.append((fn, copy.deepcopy(tuple(args)), copy.deepcopy(dict(bound or {})), np_seed))
        return super().call(fn, args, kwargs, np_seed=np_seed, return_args=return_args, timeout=timeout, spare=spare,
                            **options)


def graders_calls(a):
    """The calls of graded functions that grading one submission makes, with their inputs."""
    namespace = {part.name: a.reference_function(part) for part in a.parts}
    recorder = RecordingExecutor(namespace)
    grade_parts(a, recorder, cache=ReferenceCache())
    return namespace, recorder.calls


def in_process_seconds(a, submissions):
    namespace, calls = graders_calls(a)
    if not calls:
        sys.exit("the grader made no call of the reference: the recording executor is out of step with the runner")
    started = time.perf_counter()
    for _ in range(submissions):
        for fn, args, kwargs, np_seed in calls:
            if np_seed is not None:
                np.random.seed(np_seed)
            namespace[fn](*copy.deepcopy(args), **copy.deepcopy(kwargs))
    return (time.perf_counter() - started) / submissions, len(calls)


def grader_seconds(folder, submissions, jobs):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, str(folder), "--json",
                           "--jobs", str(jobs)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"dlgrade grade failed:\n{done.stderr}")
    results = json.loads(done.stdout)
    assert len(results) == submissions, len(results)
    return wall / submissions, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3,
                        help="each side is timed this many times, alternating; the best time of each is shown "
                             "(on a shared machine the other processes' load only ever adds time)")
    args = parser.parse_args(argv)

    a = assignments.load(ASSIGNMENT)
    graded = plain = float("inf")
    with tempfile.TemporaryDirectory(prefix="dlgrade-bench-") as tmp:
        folder = Path(tmp)
        for i in range(args.submissions):
            source = ROOT / "examples" / ASSIGNMENT / MIX[i % len(MIX)]
            shutil.copy(source, folder / f"s{i:02d}_{source.name}")
        for _ in range(args.rounds):
            seconds, results = grader_seconds(folder, args.submissions, args.jobs)
            graded = min(graded, seconds)
            with threadpool_limits(1):  # as in the grader: one BLAS thread
                seconds, n_calls = in_process_seconds(a, args.submissions)
            plain = min(plain, seconds)

    inside = sum(r["execution_time"] for r in results) / len(results)
    scores = sorted({(Path(r["submission"]).name.split("_", 1)[1], r["score"]) for r in results})
    print(f"{ASSIGNMENT}: {args.submissions} submissions ({', '.join(f'{n} {s:g}' for n, s in scores)})")
    print(f"  dlgrade grade --jobs {args.jobs}:   {graded:8.3f} s per submission (wall clock, command start to end, "
          f"best of {args.rounds}; {inside:.3f} s each inside the grader in the last round)")
    print(f"  in-process reference loop: {plain:8.4f} s per submission ({n_calls} calls of graded functions each, "
          f"best of {args.rounds})")
    print(f"  ratio: {graded / plain:.1f}x")


if __name__ == "__main__":
    main()
