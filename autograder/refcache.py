"""The reference's results on disk: a cold grader never trains the reference again.

Expected values of every hidden case (and the known mistakes' results, once computed) are kept per
assignment in one file, keyed by the content of everything that decides them: the reference module,
the grading spec, the public cases, `assignment.toml` and the grader's version. `dlgrade build` fills
the files; grading reads them on first use and adds what it computes; the Gradescope export ships the
one for its assignment, so a submission graded in a fresh container starts with the reference's
training already done. A file whose key does not match is never read, so an edited spec can never be
graded against stale values.

The files hold hidden expected values: they live with the instructor's files (default
``<project>/build/reference-cache/``, or ``DLGRADE_REFERENCE_CACHE``), never in the student folder. They
are written with the sandbox's codec (typed JSON plus raw buffers), never pickle.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import tempfile
import threading
from pathlib import Path

from . import __version__
from .sandbox import CallResult, codec

_FIELDS = ("status", "value", "args_after", "kwargs_after", "error", "stdout", "seconds")


def enabled() -> bool:
    """``DLGRADE_REFERENCE_CACHE=off`` keeps every result (and dataset table) off the disk."""
    return os.environ.get("DLGRADE_REFERENCE_CACHE", "") != "off"


def write_atomically(path: Path, data: bytes, prefix: str):
    """Write ``data`` to ``path`` through a temporary file beside it: concurrent graders never read
    half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def cache_dir() -> Path:
    from .assignment import ROOT

    return Path(os.environ.get("DLGRADE_REFERENCE_CACHE") or ROOT / "build" / "reference-cache")


def content_key(assignment) -> str:
    """A digest of everything the reference's results on the graded cases depend on."""
    # numpy's version is left out on purpose: a Gradescope image installs its own, and the reference's
    # values agree across versions far inside every check's tolerance.
    digest = hashlib.sha256(f"dlgrade {__version__}".encode())
    digest.update(assignment.reference_source.encode())
    for name in ("assignment.toml", "grading.py", "public_tests.py"):
        path = assignment.root / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()[:24]


def path_for(assignment) -> Path:
    return cache_dir() / f"{assignment.id}-{content_key(assignment)}.refcache"


def _encode(entries):
    keys = sorted(entries)
    rows = [[list(k), [getattr(entries[k], f) for f in _FIELDS]] for k in keys]
    return codec.encode_frame({"format": "dlgrade-refcache-1"}, {"rows": rows})


def _decode(data):
    head_len, body_len = codec.read_prefix(data[: codec.PREFIX_SIZE], len(data))
    start = codec.PREFIX_SIZE
    header, values = codec.decode_frame(data[start:start + head_len], data[start + head_len:start + head_len + body_len])
    if header.get("format") != "dlgrade-refcache-1":
        raise ValueError("not a reference cache file")
    out = {}
    for key, fields in values["rows"]:
        result = CallResult(**dict(zip(_FIELDS, fields)))
        result.args_after = tuple(result.args_after or ())
        out[tuple(key)] = result
    return out


class DiskStore:
    """The entries of one assignment's file, loaded once, written back when new ones were added."""

    def __init__(self, path: Path):
        self.path = path
        self.entries = {}
        self.dirty = False
        if path.is_file():
            try:
                self.entries = _decode(path.read_bytes())
            except (OSError, ValueError, KeyError, TypeError):
                self.entries = {}  # unreadable: computed again and rewritten

    def save(self):
        if not self.dirty:
            return
        write_atomically(self.path, _encode(self.entries), ".refcache-")
        self.dirty = False


class PersistentStores:
    """One `DiskStore` per assignment, saved at exit (and whenever `save_all` is called)."""

    def __init__(self):
        self._stores = {}
        self._lock = threading.Lock()
        atexit.register(self.save_all)

    @staticmethod
    def strict():
        """``DLGRADE_REFERENCE_CACHE_STRICT=1``: a reference result missing from the file is an error
        (to prove that a shipped cache covers every hidden case, as the Gradescope export's tests do)."""
        return os.environ.get("DLGRADE_REFERENCE_CACHE_STRICT") == "1"

    def store(self, assignment):
        with self._lock:
            if assignment.id not in self._stores:
                self._stores[assignment.id] = DiskStore(path_for(assignment))
            return self._stores[assignment.id]

    def save_all(self):
        with self._lock:
            stores = list(self._stores.values())
        for store in stores:
            try:
                store.save()
            except OSError:
                pass  # a read-only checkout: the cache only saves time


STORES = PersistentStores()


def fill(assignment):
    """Compute the reference's result on every case of every check, and save them (for `dlgrade build`)."""
    from .runner import REFERENCE_CACHE, PartRun

    for part in assignment.parts:
        run = PartRun(assignment, part, None, REFERENCE_CACHE, deadline=None)
        for check in part.checks:
            for index, case in enumerate(check.cases):
                run.reference(check, index, case)
    STORES.store(assignment).save()
    return path_for(assignment)
