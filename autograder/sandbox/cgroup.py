"""A cap on a worker's processes, and a way to kill every one of them at the end.

Three mechanisms, strongest first; `ProcessGroupCap.create` uses what this machine allows:

- **cgroup v1 ``pids``** (``/sys/fs/cgroup/pids``, as root): ``pids.max`` caps the worker's whole tree
  whatever its uid, and ``cgroup.procs`` names every process in it, even those that called setsid()
  and double-forked out of their process group.
- **cgroup v2**, in a subtree this process may write (root, or a delegated subtree such as a systemd
  unit with ``Delegate=yes``): ``pids.max`` where the ``pids`` controller is enabled there, and in any
  case ``cgroup.kill`` / ``cgroup.procs`` to end every process of the group.
- **a dedicated uid per worker** (`UidLease`, when the grader runs as root and bubblewrap cannot
  start): the worker drops to it (walls.py), so ``RLIMIT_NPROC`` counts exactly the worker's processes,
  and `kill_all` kills every process of that uid. Leases are held with ``flock`` on files in
  ``/run/dlgrade-uids`` (or the temp folder), so concurrent graders never share a uid; the processes
  a killed grader left behind under a uid are killed when the uid is next leased.

``DLGRADE_CGROUP=v1|v2|none`` forces a choice (tests, diagnosis).
"""

from __future__ import annotations

import fcntl
import functools
import itertools
import os
import signal
import tempfile
import threading
import time
from pathlib import Path

_V1_ROOT = Path("/sys/fs/cgroup/pids")
_counter = itertools.count()

# Dedicated uids for fallback workers: far above any account or subordinate-id range in common use.
UID_BASE = int(os.environ.get("DLGRADE_UID_BASE", "1950000000"))
UID_COUNT = 512


def _forced():
    return os.environ.get("DLGRADE_CGROUP", "").strip().lower()


# -- cgroup v1 ----------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def parent_dir():
    """The v1 folder under which workers' groups are made, or None when this machine does not allow it."""
    if _forced() in ("v2", "none") or not (_V1_ROOT / "cgroup.procs").exists():
        return None
    # Under this process's own pids group: the root of the hierarchy for root, or a subtree delegated
    # to this user (its folder chowned to the user).
    own = "/"
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            fields = line.split(":", 2)
            if len(fields) == 3 and "pids" in fields[1].split(","):
                own = fields[2]
    except OSError:
        pass
    parent = _V1_ROOT / own.strip().lstrip("/") / "dlgrade"
    try:
        parent.mkdir(exist_ok=True)
        probe = parent / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        (probe / "pids.max").write_text("8")
        probe.rmdir()
    except OSError:
        return None
    _remove_stale_groups(parent)
    return parent


# -- cgroup v2 ----------------------------------------------------------------------------------------
def _v2_mount():
    try:
        for line in Path("/proc/self/mounts").read_text().splitlines():
            fields = line.split()
            if len(fields) > 2 and fields[2] == "cgroup2":
                return Path(fields[1])
    except OSError:
        pass
    return None


@functools.lru_cache(maxsize=1)
def v2_parent():
    """(folder, has pids controller) for v2 groups in a subtree we may write, or None."""
    if _forced() in ("v1", "none"):
        return None
    mount = _v2_mount()
    if mount is None:
        return None
    try:
        own = next(line[3:] for line in Path("/proc/self/cgroup").read_text().splitlines() if line.startswith("0::"))
    except (OSError, StopIteration):
        return None
    base = mount / own.strip().lstrip("/")
    parent = base / "dlgrade"
    try:
        parent.mkdir(exist_ok=True)
        probe = parent / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        probe.rmdir()
    except OSError:
        return None
    pids = False
    try:
        if "pids" in (parent / "cgroup.controllers").read_text().split():
            (parent / "cgroup.subtree_control").write_text("+pids")
            pids = True
    except OSError:
        pids = False
    _remove_stale_groups(parent)
    return parent, pids


def _remove_stale_groups(parent: Path):
    """Groups of graders that are gone (killed before they cleaned up): kill what is left, remove them."""
    for group in parent.iterdir() if parent.is_dir() else ():
        if not group.is_dir() or not group.name.startswith("w"):
            continue
        try:
            owner = int(group.name[1:].split("-")[0])
        except ValueError:
            continue
        if owner != os.getpid() and not Path(f"/proc/{owner}").exists():
            ProcessGroupCap(group).kill_all()


# -- dedicated uids -------------------------------------------------------------------------------------
def _lease_dir():
    for folder in ("/run/dlgrade-uids", os.path.join(tempfile.gettempdir(), "dlgrade-uids")):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            if os.stat(folder).st_uid == os.getuid():
                return folder
        except OSError:
            continue
    raise OSError("no folder for uid leases")


def processes_of_uid(uid):
    """Pids whose real, effective or saved uid is ``uid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                for line in handle:
                    if line.startswith("Uid:"):
                        if str(uid) in line.split()[1:4]:
                            found.append(int(entry))
                        break
        except OSError:
            continue
    return found


def tasks_of_uid(uid):
    """Threads (what RLIMIT_NPROC counts) of the processes whose real uid is ``uid``."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            if fields["Uid"].split()[0] == str(uid):
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return total


def kill_uid(uid, rounds=100):
    """SIGKILL every process of ``uid`` until none is left (a fork loop loses the race quickly)."""
    if uid is None or uid < 1000:
        return
    for _ in range(rounds):
        pids = processes_of_uid(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)


class UidLease:
    """One uid of the pool, held (flock) for one worker's lifetime."""

    _lock = threading.Lock()

    def __init__(self, uid, handle):
        self.uid = self.gid = uid
        self._handle = handle

    @classmethod
    def acquire(cls):
        folder = _lease_dir()
        with cls._lock:
            start = (os.getpid() * 7) % UID_COUNT
            for step in range(UID_COUNT):
                uid = UID_BASE + (start + step) % UID_COUNT
                handle = open(os.path.join(folder, f"{uid}.lock"), "a")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    handle.close()
                    continue
                kill_uid(uid)  # whatever a killed grader left running under this uid
                return cls(uid, handle)
        raise OSError("every sandbox uid is in use")

    def release(self):
        if self._handle is not None:
            kill_uid(self.uid)
            self._handle.close()
            self._handle = None


_pending = threading.local()


def offer_lease(lease):
    """Called by `isolation.worker_command`: the next `ProcessGroupCap.create` of this thread takes it."""
    _pending.lease = lease


def _take_lease():
    lease = getattr(_pending, "lease", None)
    _pending.lease = None
    return lease


# -- the cap --------------------------------------------------------------------------------------------
class ProcessGroupCap:
    def __init__(self, path: Path | None, lease: UidLease | None = None, version=1):
        self.path = path
        self.lease = lease
        self.version = version

    @classmethod
    def create(cls, max_processes):
        """A cap for the worker about to be started by this thread, or None when nothing applies."""
        lease = _take_lease()
        path, version = cls._make_group(max_processes)
        if path is None and lease is None:
            return None
        return cls(path, lease, version)

    @staticmethod
    def _make_group(max_processes):
        name = f"w{os.getpid()}-{next(_counter)}"
        parent = parent_dir()
        if parent is not None:
            path = parent / name
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(int(max_processes)))
                return path, 1
            except OSError:
                pass
        v2 = v2_parent()
        if v2 is not None:
            path = v2[0] / name
            try:
                path.mkdir()
                if v2[1]:
                    (path / "pids.max").write_text(str(int(max_processes)))
                return path, 2
            except OSError:
                pass
        return None, None

    def wrap(self, argv):
        """``argv`` started inside the group: a shell joins it, then execs the command (no race)."""
        if self.path is None:
            return argv
        return ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.path / "cgroup.procs"), *argv]

    def pids(self):
        if self.path is None:
            return []
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def kill_all(self):
        """SIGKILL every process in the group and of the leased uid, then remove the group."""
        if self.path is not None:
            if self.version == 2:
                try:
                    (self.path / "cgroup.kill").write_text("1")
                except OSError:
                    pass
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
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
        if self.lease is not None:
            self.lease.release()
            self.lease = None


def describe():
    """One line for `dlgrade doctor`: the process cap this machine gives a fallback worker."""
    parent = parent_dir()
    if parent is not None:
        return f"pids cgroup v1 {parent}"
    v2 = v2_parent()
    if v2 is not None:
        return (f"cgroup v2 {v2[0]} ({'pids.max and ' if v2[1] else 'no pids controller: '}cgroup.kill)"
                + ("" if v2[1] else "; RLIMIT_NPROC of the worker's uid caps processes"))
    if os.getuid() == 0:
        return "no writable cgroup: RLIMIT_NPROC of the worker's dedicated uid, and every process of that uid killed"
    return "no writable cgroup: RLIMIT_NPROC of this user (shared with the grader's own processes)"
