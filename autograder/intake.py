"""From the paths on the command line to a list of (student id, submission file).

`dlgrade grade ID PATH...` takes files and folders. A file is one submission whose student id is its
stem. A folder is read in one of three layouts, told apart entry by entry:

    DIR/<student>.ipynb | DIR/<student>.py           flat: one file per student
    DIR/<student>/<ID>/*.ipynb                       nbgrader's submitted/ (or autograded/) folder
    DIR/<student>/*.ipynb                            one folder per student (an LMS download)

In a student's folder the notebook is the submission; a `.py` is taken only when there is no notebook
(and never one of the files students are given, like `public_tests.py`). Two candidates for one
student: the one submitted last is graded and the choice is reported. When it was submitted is read
from nbgrader's ``timestamp.txt`` in the submission's folder where there is one, else it is the file's
modification time (a time in the future counts as now); `submission_time` gives it, and the gradebook
stores it as ``submitted_at``.

Nothing in a folder can turn intake against the grader: a symbolic link is followed only to a regular
file inside the submission's own folder (the student's folder, or the class folder for the flat
layout), never to a folder or out of it; FIFOs, sockets and devices are refused wherever they are
named, also on the command line (opening a FIFO would hang); hidden files are skipped and reported.
Everything skipped is reported, never fatal; only a path that does not exist is an error
(`FileNotFoundError`), as for every `dlgrade` command. Names in messages have control characters
escaped.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .bounds import printable

SUBMISSION_SUFFIXES = (".ipynb", ".py")
# Files that tools put beside a submission: never reported.
_EXPECTED_EXTRAS = {"timestamp.txt", ".DS_Store", "Thumbs.db"}
# Files students are given with every assignment (besides its own helper modules).
GIVEN_FILES = {"public_tests.py", "dlgrade_compare.py", "datasets.py"}
_SKIPPED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git"}


class Submission(NamedTuple):
    student: str
    path: Path


@dataclass
class Intake:
    submissions: list = field(default_factory=list)  # Submission(student, path), in a stable order
    messages: list = field(default_factory=list)  # one line each, naming the path


# Hidden entries that tools leave everywhere: skipped without a message.
_QUIET_HIDDEN = {".DS_Store", ".ipynb_checkpoints", ".git", "__pycache__"}


def _hidden(path: Path):
    return path.name.startswith(".") or path.name in _SKIPPED_DIRS


def _show(path) -> str:
    return printable(path)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def refusal(path, root=None):
    """Why ``path`` must not be read as a submission (a sentence), or None when it may.

    A symbolic link may only lead to a regular file inside ``root`` (default: the link's own folder);
    anything that is not a regular file or a folder (FIFO, socket, device) is refused.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        base = os.path.realpath(root if root is not None else path.parent)
        if not _within(target, base):
            return "a symbolic link leading out of the submission's folder; not followed"
        try:
            info = os.stat(target)
        except OSError:
            return "a broken symbolic link"
        if not stat.S_ISREG(info.st_mode):
            return "a symbolic link to something other than a regular file; not followed"
        return None
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return None
    return "a special file (FIFO, socket or device), not a submission; refused"


def read_limited(path, limit):
    """The bytes of the regular file ``path``, or raise OSError; the size is checked before a byte is
    read and never more than ``limit`` bytes are read (`FileTooLarge` beyond). Never blocks on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path}: not a regular file")
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while we read
            raise FileTooLarge(len(data))
        return data
    finally:
        os.close(fd)


class NotRegularFile(OSError):
    pass


class FileTooLarge(OSError):
    def __init__(self, size):
        super().__init__(f"{size} bytes")
        self.size = size


def _parse_timestamp(text):
    text = text.strip()
    for suffix in (" UTC", " GMT", "Z"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    text = text.replace("T", " ")
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def submission_time(path) -> str:
    """When ``path`` was submitted, ISO 8601 UTC: nbgrader's ``timestamp.txt`` beside it, else the
    file's modification time, never later than now (a student can set a file's time)."""
    path = Path(path)
    stamp = path.parent / "timestamp.txt"
    if refusal(stamp, path.parent) is None and stamp.is_file():
        try:
            return _parse_timestamp(read_limited(stamp, 200).decode("utf-8", "replace")).astimezone(timezone.utc).isoformat()
        except (OSError, ValueError):
            pass
    mtime = min(os.stat(path).st_mtime, time.time())
    return datetime.fromtimestamp(mtime, timezone.utc).isoformat()


def _readable(path: Path, messages, root=None):
    why = refusal(path, root)
    if why is None and not path.is_file():
        why = "not a file"
    if why is not None:
        messages.append(f"{_show(path)}: {why}; skipped" if not why.endswith(("refused", "not followed")) else
                        f"{_show(path)}: {why}")
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        os.close(fd)
        return True
    except OSError as exc:
        messages.append(f"{_show(path)}: cannot be read ({exc.strerror or exc}); skipped")
        return False


def _entries(folder: Path, messages, root=None):
    """The folder's entries worth looking at, sorted; hidden and refused ones are reported."""
    try:
        everything = sorted(folder.iterdir())
    except OSError as exc:
        messages.append(f"{_show(folder)}: cannot be read ({exc.strerror or exc}); skipped")
        return []
    hidden = [p.name for p in everything if _hidden(p) and p.name not in _QUIET_HIDDEN]
    if hidden:
        messages.append(f"{_show(folder)}: hidden, not graded: {', '.join(map(_show, hidden))}")
    kept = []
    for path in everything:
        if _hidden(path):
            continue
        why = refusal(path, root if root is not None else folder)
        if why is not None:
            messages.append(f"{_show(path)}: {why}")
            continue
        kept.append(path)
    return kept


def _newest(paths):
    """The candidate submitted last (see `submission_time`); among equal times, the last by name."""
    def when(p):
        try:
            return submission_time(p)
        except OSError:
            return ""

    return max(sorted(paths), key=when)


def _most_work(candidates, assignment_id):
    """The candidate defining the most graded functions with code of their own (`candidates`); among
    equals, the one submitted last. Returns it and how it was chosen, for the message."""
    if len(candidates) == 1:
        return candidates[0], ""
    from .candidates import filled_functions, graded_names

    graded = graded_names(assignment_id)
    filled = {p: filled_functions(p, graded) for p in candidates}
    best = max(filled.values())
    top = [p for p in candidates if filled[p] == best]
    chosen = _newest(top)
    if len(top) == len(candidates):
        return chosen, "the last submitted"
    return chosen, f"the one with the most functions filled in ({best} of {len(graded)})"


def _work_module(notebooks, modules, assignment_id):
    """The module named like the assignment, when it holds more filled-in graded functions than every
    notebook beside it (a student who worked in the `.py`); else None, and the notebook is the work."""
    named = [p for p in modules if p.stem == assignment_id]
    if not notebooks or not named:
        return None
    from .candidates import filled_functions, graded_names

    graded = graded_names(assignment_id)
    if filled_functions(named[0], graded) > max(filled_functions(p, graded) for p in notebooks):
        return named[0]
    return None


def _pick(folder: Path, student: str, assignment_id: str, given: set, messages, root=None):
    """The submission in one student's folder, or None; reports what it leaves out."""
    files = [p for p in _entries(folder, messages, root) if p.is_file()]
    notebooks = [p for p in files if p.suffix == ".ipynb"]
    modules = [p for p in files if p.suffix == ".py" and p.name not in given]
    candidates = notebooks or modules
    if len(candidates) > 1 and not notebooks:
        # A module named like the assignment is the student's work; others may be their own helpers.
        named = [p for p in candidates if p.stem == assignment_id]
        candidates = named or candidates
    if _work_module(notebooks, modules, assignment_id) is not None:
        # The module named like the assignment holds the same functions as the notebook, filled in.
        candidates = notebooks + [p for p in modules if p.stem == assignment_id]
    candidates = [p for p in candidates if _readable(p, messages, root)]
    if not candidates:
        messages.append(f"{_show(folder)}: no notebook or .py submission for student {_show(student)!r}; skipped")
        return None
    chosen, why = _most_work(candidates, assignment_id)
    others = [p.name for p in candidates if p != chosen]
    if others:
        messages.append(f"{_show(folder)}: {len(candidates)} candidate submissions for student {_show(student)!r}; "
                        f"graded {why}, {_show(chosen.name)}; not graded: {_show(', '.join(others))}")
    stub = f"{assignment_id}.py"  # the stub module students are given beside the notebook
    quiet = given | _EXPECTED_EXTRAS | ({stub} if notebooks else set())
    rest = [p for p in files if p not in candidates and p.name not in quiet]
    beside = [p.name for p in rest if p.suffix == ".py" and notebooks]
    if beside:
        messages.append(f"{_show(folder)}: not graded, the notebook is: {_show(', '.join(beside))}")
    strays = [p.name for p in rest if p.name not in beside]
    if strays:
        messages.append(f"{_show(folder)}: not a submission, ignored: {_show(', '.join(strays))}")
    return chosen


def _read_folder(folder: Path, assignment_id: str, given: set, intake: Intake):
    flat, students = [], []
    for entry in _entries(folder, intake.messages):
        if entry.is_symlink() and entry.is_dir():
            intake.messages.append(f"{_show(entry)}: a symbolic link to a folder; not followed")
        elif entry.is_dir():
            students.append(entry)
        elif entry.is_file() and entry.suffix in SUBMISSION_SUFFIXES:
            if entry.name in given:
                intake.messages.append(f"{_show(entry)}: a file students are given, not a submission; skipped")
            else:
                flat.append(entry)
        elif entry.name not in _EXPECTED_EXTRAS:
            what = "not a file" if not entry.is_file() else "not a .ipynb or .py file"
            intake.messages.append(f"{_show(entry)}: unexpected ({what}); skipped")

    found = {}
    by_student = {}
    for path in flat:
        if _readable(path, intake.messages, folder):
            by_student.setdefault(path.stem, []).append(path)
    for student, paths in by_student.items():
        chosen = _newest(paths)
        if len(paths) > 1:
            others = ", ".join(p.name for p in paths if p != chosen)
            intake.messages.append(f"{_show(folder)}: {len(paths)} files for student {_show(student)!r}; graded the "
                                   f"last submitted, {_show(chosen.name)}; not graded: {_show(others)}")
        found[student] = chosen

    for directory in students:
        student = directory.name
        target = directory / assignment_id
        quiet = []
        inside = _entries(directory, quiet, directory)
        if target.is_dir() and not target.is_symlink():
            chosen = _pick(target, student, assignment_id, given, intake.messages, directory)
        elif any(p.is_file() and p.suffix in SUBMISSION_SUFFIXES for p in inside):
            intake.messages += quiet
            chosen = _pick(directory, student, assignment_id, given, intake.messages, directory)
        else:
            intake.messages += quiet
            inside = [p.name for p in inside if p.is_dir()]
            has = f" (it holds: {', '.join(inside)})" if inside else ""
            intake.messages.append(f"{_show(directory)}: no {assignment_id}/ folder and no submission file"
                                   f"{_show(has)}; skipped")
            continue
        if chosen is None:
            continue
        if student in found:
            intake.messages.append(f"{_show(directory)}: student {_show(student)!r} also has "
                                   f"{_show(found[student])}; graded the last submitted of the two")
            chosen = _newest([chosen, found[student]])
        found[student] = chosen
    intake.submissions += [Submission(student, found[student]) for student in sorted(found)]


def collect(paths, assignment_id: str, given_files=()) -> Intake:
    """The submissions under ``paths`` for ``assignment_id``, in argument order, each folder by student id.

    ``given_files`` are file names students receive with the assignment (helper modules): never taken
    for a submission. Raises FileNotFoundError for a path that does not exist.
    """
    given = GIVEN_FILES | set(given_files)
    intake = Intake()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise FileNotFoundError(raw)
        if path.is_dir() and not path.is_symlink():
            _read_folder(path, assignment_id, given, intake)
        elif not path.exists():
            intake.messages.append(f"{_show(path)}: broken link; skipped")
        elif _readable(path, intake.messages):
            # A file named on the command line is graded whatever its suffix, as it always was.
            if path.suffix not in SUBMISSION_SUFFIXES:
                intake.messages.append(f"{_show(path)}: not a .ipynb or .py file; graded as a notebook")
            intake.submissions.append(Submission(path.stem, path))
    seen = {}
    for student, path in intake.submissions:
        seen.setdefault(student, []).append(path)
    for student, found in seen.items():
        if len(found) > 1:
            intake.messages.append(f"student {_show(student)!r} has {len(found)} submissions in this run "
                                   f"({_show(', '.join(map(str, found)))}); each is graded and stored")
    return intake
