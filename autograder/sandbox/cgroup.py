"""A pids control group per worker: a cap on its processes, and a list of them to kill at the end.

RLIMIT_NPROC counts the processes of a *user*, and the kernel does not apply it to root, which is
what the worker is outside its user namespace when the grader runs as root; a fork flood would then
only meet the per-call timeout. A cgroup's ``pids.max`` caps the worker's whole process tree whatever
its uid, and ``cgroup.procs`` names every process in it, even those that called setsid() and
double-forked to escape their process group, so `kill_all` leaves nothing behind.

Only the cgroup v1 ``pids`` hierarchy is used (where the grader may create groups, i.e. as root);
elsewhere `ProcessGroupCap.create` returns None and the other walls stay in place.
"""

from __future__ import annotations

import functools
import itertools
import os
import signal
import time
from pathlib import Path

_V1_ROOT = Path("/sys/fs/cgroup/pids")
_counter = itertools.count()


@functools.lru_cache(maxsize=1)
def parent_dir():
    """The folder under which workers' groups are made, or None when this machine does not allow it."""
    if not (_V1_ROOT / "cgroup.procs").exists():
        return None
    parent = _V1_ROOT / "dlgrade"
    try:
        parent.mkdir(exist_ok=True)
        probe = parent / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        (probe / "pids.max").write_text("8")
        probe.rmdir()
    except OSError:
        return None
    return parent


class ProcessGroupCap:
    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def create(cls, max_processes):
        parent = parent_dir()
        if parent is None:
            return None
        path = parent / f"w{os.getpid()}-{next(_counter)}"
        try:
            path.mkdir()
            (path / "pids.max").write_text(str(int(max_processes)))
        except OSError:
            return None
        return cls(path)

    def wrap(self, argv):
        """``argv`` started inside the group: a shell joins it, then execs the command (no race)."""
        return ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.path / "cgroup.procs"), *argv]

    def pids(self):
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def kill_all(self):
        """SIGKILL every process in the group, then remove the group."""
        for _ in range(50):
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.02)
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)
