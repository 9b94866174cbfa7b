"""Grading a class: many submissions at once, each stored the moment it is graded, resumable.

`grade_batch` takes (student, path) pairs from `intake.collect` and grades them on threads of this
process (each thread drives its own sandbox subprocess) or on a Dask distributed cluster (each Dask
worker runs the same `grade_submission`, so the same sandbox, on its own machine). Only the calling
thread touches the gradebook: a result is written in one transaction as soon as it comes back, so an
interrupted batch loses nothing that was graded, and the next run skips it (same student, assignment,
file hash and grader version) and grades the rest.

At most a few submissions per worker thread are in flight at a time, so memory stays bounded however
large the class; results come back in input order.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .bounds import cap_result, printable
from .intake import submission_time
from .loader import MAX_SUBMISSION_BYTES

# Submissions queued per worker thread beyond the one it grades: keeps threads busy, memory bounded.
IN_FLIGHT_PER_THREAD = 2


@dataclass
class BatchSummary:
    total: int = 0
    graded: int = 0
    skipped: int = 0  # already in the gradebook for this file and grader version
    failed: int = 0  # the grader itself failed (not stored; a rerun tries again)
    interrupted: bool = False
    seconds: float = 0.0
    failures: list = field(default_factory=list)  # "path: error" lines


def file_sha256(path) -> str:
    """The hash a result carries as `sha256`: of the submission file's bytes."""
    import stat

    digest = hashlib.sha256()
    # Never blocks on a FIFO; a special file is refused (the loader refuses it too).
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a regular file")
        if info.st_size > MAX_SUBMISSION_BYTES:
            # Not graded (too large), so not read either: its size and time tell a new file from the old.
            digest.update(f"oversized {info.st_size} {info.st_mtime_ns}".encode())
            return digest.hexdigest()
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def failure_result(assignment, path, sha256, exc):
    """A result object for a submission the grader could not grade (every check an error; never stored)."""
    message = (f"the grader failed on this submission ({type(exc).__name__}: {str(exc)[:500]}); "
               f"a rerun grades it again")
    tests = [{"name": f"{part.name}: {check.name}", "score": 0.0, "max_score": round(points, 4), "status": "error",
              "output": message, "visibility": "visible"}
             for part in assignment.parts for check, points in zip(part.checks, assignment.check_points(part))]
    return {"score": 0.0, "max_score": assignment.max_score, "execution_time": 0.0,
            "output": f"{assignment.title}: 0 / {assignment.max_score:g}\nNote: {message}", "visibility": "visible",
            "tests": tests, "assignment": assignment.id, "submission": str(path), "sha256": sha256,
            "grader_version": __version__, "grader_failure": True}


# -- where the grading runs ------------------------------------------------------------------------
class _LocalPool:
    """Threads of this process; each call of `grade_submission` starts its own sandbox process."""

    def __init__(self, assignment, mode, jobs):
        from concurrent.futures import ThreadPoolExecutor

        from .runner import grade_submission

        self._grade = grade_submission
        self.assignment, self.mode = assignment, mode
        # A grading thread mostly relays frames between sandboxed processes: woken by a reply, it must
        # get the GIL back quickly, not after the default 5 ms slice of a thread busy comparing results.
        sys.setswitchinterval(0.0005)
        self.threads = jobs
        self._pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="dlgrade")

    def submit(self, item):
        return self._pool.submit(self._grade, self.assignment, item.path, mode=self.mode)

    def wait_any(self, futures):
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

    @staticmethod
    def outcome(future):
        exc = future.exception()
        return (None, exc) if exc is not None else (future.result(), None)

    def stop(self, futures):
        for future in futures:
            future.cancel()
        # Running gradings finish on their own (their sandboxes cleaned up); nothing waits for them here.
        self._pool.shutdown(wait=False, cancel_futures=True)

    def close(self):
        self._pool.shutdown(wait=True)


_worker_ready = False


def grade_remote(assignment_id, name, content, original_path, call_seconds=0.0, require_sandbox=False):
    """What a Dask worker runs: grade one submission sent as bytes, in this machine's own sandbox."""
    global _worker_ready
    import dataclasses

    from threadpoolctl import threadpool_limits

    from . import assignment as assignments
    from .runner import grade_submission
    from .sandbox.isolation import detect_mode

    if not _worker_ready:
        # As in the CLI: parallelism comes from grading several submissions, not from BLAS threads.
        threadpool_limits(1)
        _worker_ready = True
    mode = detect_mode()
    if require_sandbox and not mode.isolated:
        raise RuntimeError(f"--require-sandbox: full isolation is not available on this worker ({mode.detail})")
    a = assignments.load(assignment_id)
    if call_seconds:
        a = dataclasses.replace(a, limits=dataclasses.replace(a.limits, call_seconds=call_seconds))
    with tempfile.TemporaryDirectory(prefix="dlgrade-sub-") as folder:
        path = Path(folder) / name  # the same file name: messages name it, the loader reads its suffix
        path.write_bytes(content)
        result = grade_submission(a, path, mode=mode)
    result["submission"] = original_path
    return result


class _DaskPool:
    """A Dask distributed cluster; the submission's bytes travel with the task (no shared disk needed)."""

    def __init__(self, assignment, address, require_sandbox=False):
        from distributed import Client

        self.assignment, self.require_sandbox = assignment, require_sandbox
        self.client = Client(address, timeout="30s", set_as_default=False)
        self.threads = max(1, sum(self.client.nthreads().values()))

    def submit(self, item):
        from .intake import read_limited

        # Never more than the loader would read: a larger file is sent empty (and graded as such).
        try:
            content = read_limited(item.path, MAX_SUBMISSION_BYTES)
        except OSError:
            content = b""
        return self.client.submit(grade_remote, self.assignment.id, Path(item.path).name, content, str(item.path),
                                  self.assignment.limits.call_seconds, self.require_sandbox, pure=False)

    def wait_any(self, futures):
        from distributed import wait

        with self.client.as_current():
            return wait(list(futures), return_when="FIRST_COMPLETED").done

    @staticmethod
    def outcome(future):
        if future.status == "finished":
            return future.result(), None
        try:
            exc = future.exception()
        except Exception as error:  # noqa: BLE001 - e.g. the future was cancelled or lost
            exc = error
        return None, exc or RuntimeError(f"task {future.status}")

    def stop(self, futures):
        self.client.cancel(list(futures))
        self.client.close()

    def close(self):
        self.client.close()


# -- the batch ------------------------------------------------------------------------------------
@dataclass
class _Item:
    index: int
    student: str
    path: Path
    sha256: str


def _progress_bar(total, assignment_id, enabled):
    from tqdm import tqdm

    return tqdm(total=total, desc=f"grading {assignment_id}", unit="sub", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True)


def grade_batch(assignment, submissions, *, mode=None, jobs=None, gradebook=None, regrade=False, scheduler=None,
                require_sandbox=False, progress=None, keep=lambda result: result, report=None):
    """Grade (student, path) pairs; returns ([keep(result) in input order], BatchSummary).

    ``gradebook`` (a `Gradebook`, written from this thread only): results already stored for the same
    file and grader version are taken from it instead of graded, unless ``regrade``; new results are
    stored one transaction each as they arrive. ``scheduler``: a Dask scheduler address to grade on.
    ``progress``: a tqdm bar on stderr (default: when stderr is a terminal). ``report(line)`` receives
    notes for the user (default: print to stderr). Ctrl-C stops the batch: the summary says
    `interrupted`, and the results not graded yet are None.
    """
    started = time.monotonic()
    report = report or (lambda line: print(f"dlgrade: {line}", file=sys.stderr))
    progress = sys.stderr.isatty() if progress is None else progress
    summary = BatchSummary(total=len(submissions))
    kept = [None] * len(submissions)
    todo = deque()
    for index, (student, path) in enumerate(submissions):
        try:
            sha = file_sha256(path)
        except OSError as exc:
            summary.failed += 1
            summary.failures.append(f"{path}: {exc}")
            kept[index] = keep(failure_result(assignment, path, "", exc))
            continue
        stored = None if gradebook is None or regrade else gradebook.find(student, assignment.id, sha)
        if stored is not None:
            summary.skipped += 1
            kept[index] = keep(stored.result)
        else:
            todo.append(_Item(index, student, Path(path), sha))
    if summary.skipped:
        report(f"{summary.skipped} of {summary.total} submission(s) already graded by dlgrade {__version__}: "
               f"skipped, their stored results used (--regrade grades them again)")
    if not todo:
        summary.seconds = time.monotonic() - started
        return kept, summary

    if scheduler:
        pool = _DaskPool(assignment, scheduler, require_sandbox)
    else:
        pool = _LocalPool(assignment, mode, max(1, jobs or os.cpu_count() or 1))
    window = pool.threads * IN_FLIGHT_PER_THREAD
    in_flight = {}
    bar = _progress_bar(len(todo), assignment.id, progress)
    bar.set_postfix(failed=0, refresh=False)
    try:
        while todo or in_flight:
            while todo and len(in_flight) < window:
                item = todo.popleft()
                try:
                    in_flight[pool.submit(item)] = item
                except OSError as exc:
                    _failed(summary, kept, keep, assignment, item, exc, bar, gradebook)
            if not in_flight:
                continue
            for future in pool.wait_any(in_flight):
                item = in_flight.pop(future)
                result, exc = pool.outcome(future)
                if exc is not None:
                    _failed(summary, kept, keep, assignment, item, exc, bar, gradebook)
                    continue
                # Keyed by the student id intake found (not the file name), and bounded in size.
                result = cap_result(dict(result, student=item.student))
                if gradebook is not None:
                    gradebook.record(item.student, result, path=item.path, submitted_at=_submitted_at(item.path))
                summary.graded += 1
                kept[item.index] = keep(result)
                bar.update(1)
    except KeyboardInterrupt:
        summary.interrupted = True
        pool.stop(in_flight)
    else:
        pool.close()
    finally:
        bar.close()
    summary.seconds = time.monotonic() - started
    for line in summary.failures:
        report(f"grader failure (stored as 0, graded again by the next run): {printable(line)}")
    return kept, summary


def _submitted_at(path):
    try:
        return submission_time(path)
    except OSError:
        return None


def _failed(summary, kept, keep, assignment, item, exc, bar, gradebook=None):
    summary.failed += 1
    summary.failures.append(f"{item.path}: {type(exc).__name__}: {str(exc)[:500]}")
    result = dict(failure_result(assignment, item.path, item.sha256, exc), student=item.student)
    if gradebook is not None:
        # Every submission has a row, so no student goes missing from an export; `find` ignores a
        # failure's row, so the next run grades it again.
        gradebook.record(item.student, result, path=item.path, submitted_at=_submitted_at(item.path))
    kept[item.index] = keep(result)
    bar.set_postfix(failed=summary.failed, refresh=False)
    bar.update(1)
