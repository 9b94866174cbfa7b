"""From the paths on the command line to a list of (student id, submission file).

`dlgrade grade ID PATH...` takes files and folders. A file is one submission whose student id is its
stem. A folder is read in one of three layouts, told apart entry by entry:

    DIR/<student>.ipynb | DIR/<student>.py           flat: one file per student
    DIR/<student>/<ID>/*.ipynb                       nbgrader's submitted/ (or autograded/) folder
    DIR/<student>/*.ipynb                            one folder per student (an LMS download)

In a student's folder the notebook is the submission; a `.py` is taken only when there is no notebook
(and never one of the files students are given, like `public_tests.py`). Two candidates for one
student: the newest (modification time) is graded and the choice is reported. Files that are not
submissions, folders of other assignments and unreadable files are reported and skipped, never fatal;
only a path that does not exist is an error (`FileNotFoundError`), as for every `dlgrade` command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

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


def _hidden(path: Path):
    return path.name.startswith(".") or path.name in _SKIPPED_DIRS


def _readable(path: Path, messages):
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        return True
    except OSError as exc:
        messages.append(f"{path}: cannot be read ({exc.strerror or exc}); skipped")
        return False


def _entries(folder: Path, messages):
    """The folder's entries worth looking at, sorted; an unreadable folder is reported and empty."""
    try:
        return sorted(p for p in folder.iterdir() if not _hidden(p))
    except OSError as exc:
        messages.append(f"{folder}: cannot be read ({exc.strerror or exc}); skipped")
        return []


def _newest(paths):
    def when(p):
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    return max(sorted(paths), key=when)


def _pick(folder: Path, student: str, assignment_id: str, given: set, messages):
    """The submission in one student's folder, or None; reports what it leaves out."""
    files = [p for p in _entries(folder, messages) if p.is_file()]
    notebooks = [p for p in files if p.suffix == ".ipynb"]
    modules = [p for p in files if p.suffix == ".py" and p.name not in given]
    candidates = notebooks or modules
    if len(candidates) > 1 and not notebooks:
        # A module named like the assignment is the student's work; others may be their own helpers.
        named = [p for p in candidates if p.stem == assignment_id]
        candidates = named or candidates
    candidates = [p for p in candidates if _readable(p, messages)]
    if not candidates:
        messages.append(f"{folder}: no notebook or .py submission for student {student!r}; skipped")
        return None
    chosen = _newest(candidates)
    others = [p.name for p in candidates if p != chosen]
    if others:
        messages.append(f"{folder}: {len(candidates)} candidate submissions for student {student!r}; graded the "
                        f"newest, {chosen.name}; not graded: {', '.join(others)}")
    stub = f"{assignment_id}.py"  # the stub module students are given beside the notebook
    quiet = given | _EXPECTED_EXTRAS | ({stub} if notebooks else set())
    rest = [p for p in files if p not in candidates and p.name not in quiet]
    beside = [p.name for p in rest if p.suffix == ".py" and notebooks]
    if beside:
        messages.append(f"{folder}: not graded, the notebook is: {', '.join(beside)}")
    strays = [p.name for p in rest if p.name not in beside]
    if strays:
        messages.append(f"{folder}: not a submission, ignored: {', '.join(strays)}")
    return chosen


def _read_folder(folder: Path, assignment_id: str, given: set, intake: Intake):
    flat, students = [], []
    for entry in _entries(folder, intake.messages):
        if entry.is_dir():
            students.append(entry)
        elif entry.is_file() and entry.suffix in SUBMISSION_SUFFIXES:
            if entry.name in given:
                intake.messages.append(f"{entry}: a file students are given, not a submission; skipped")
            else:
                flat.append(entry)
        elif entry.name not in _EXPECTED_EXTRAS:
            what = "not a file" if not entry.is_file() else "not a .ipynb or .py file"
            intake.messages.append(f"{entry}: unexpected ({what}); skipped")

    found = {}
    by_student = {}
    for path in flat:
        if _readable(path, intake.messages):
            by_student.setdefault(path.stem, []).append(path)
    for student, paths in by_student.items():
        chosen = _newest(paths)
        if len(paths) > 1:
            others = ", ".join(p.name for p in paths if p != chosen)
            intake.messages.append(f"{folder}: {len(paths)} files for student {student!r}; graded the newest, "
                                   f"{chosen.name}; not graded: {others}")
        found[student] = chosen

    for directory in students:
        student = directory.name
        target = directory / assignment_id
        inside = _entries(directory, intake.messages)
        if target.is_dir():
            chosen = _pick(target, student, assignment_id, given, intake.messages)
        elif any(p.is_file() and p.suffix in SUBMISSION_SUFFIXES for p in inside):
            chosen = _pick(directory, student, assignment_id, given, intake.messages)
        else:
            inside = [p.name for p in inside if p.is_dir()]
            has = f" (it holds: {', '.join(inside)})" if inside else ""
            intake.messages.append(f"{directory}: no {assignment_id}/ folder and no submission file{has}; skipped")
            continue
        if chosen is None:
            continue
        if student in found:
            intake.messages.append(f"{directory}: student {student!r} also has {found[student]}; graded the "
                                   f"newest of the two")
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
        if path.is_dir():
            _read_folder(path, assignment_id, given, intake)
        elif not path.exists():
            intake.messages.append(f"{path}: broken link; skipped")
        elif _readable(path, intake.messages):
            # A file named on the command line is graded whatever its suffix, as it always was.
            if path.suffix not in SUBMISSION_SUFFIXES:
                intake.messages.append(f"{path}: not a .ipynb or .py file; graded as a notebook")
            intake.submissions.append(Submission(path.stem, path))
    seen = {}
    for student, path in intake.submissions:
        seen.setdefault(student, []).append(path)
    for student, found in seen.items():
        if len(found) > 1:
            intake.messages.append(f"student {student!r} has {len(found)} submissions in this run "
                                   f"({', '.join(map(str, found))}); each is graded and stored")
    return intake
