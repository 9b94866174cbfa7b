"""The gradebook: every graded submission of a class and every check's result, in one SQLite file.

`dlgrade grade ID DIR --db FILE` writes it (created on first use); `dlgrade report` and the exporters
(`dlgrade export csv|gradescope|nbgrader|otter`) read it through the `Gradebook` class below. Nothing
else should need SQL: if a reader needs a query that is missing here, add a method.

Guarantees
----------
- Each submission's result (its row in `submissions` and all its `checks`) is written in ONE
  transaction, so a grading run killed at any moment (Ctrl-C, kill -9, power cut: `synchronous=FULL`)
  leaves only complete results behind, and the next run resumes where it stopped.
- A submission is identified by (student, assignment, sha256 of the file, grader version): a rerun
  skips what is already graded by this version of the grader, unless asked to regrade, which replaces
  that row. A new file, or a new grader version, adds a row; older rows stay as history.
- WAL journal: readers (a report while a batch runs) never block the writer. One process thread
  writes (the one that opened the `Gradebook`); sqlite3 objects are not shared between threads.

Schema (``PRAGMA user_version`` = 1)
------------------------------------
students(id TEXT PRIMARY KEY,           -- the student id taken from the submission's path
         first_seen TEXT)               -- ISO 8601 UTC
submissions(id INTEGER PRIMARY KEY,
            student TEXT REFERENCES students(id), assignment TEXT,
            sha256 TEXT,                -- the result's sha256: the submission file's bytes
            grader_version TEXT,        -- autograder.__version__ that graded it
            path TEXT,                  -- where the file was when graded
            submitted_at TEXT,          -- the file's modification time, ISO 8601 UTC
            graded_at TEXT,             -- ISO 8601 UTC
            score REAL, max_score REAL, execution_time REAL,
            result TEXT,                -- the result object, JSON, exactly as `grade --json` prints it;
                                        -- an unreadable file: "status": "invalid" (its score, 0, is no grade)
            UNIQUE (student, assignment, sha256, grader_version))
checks(submission_id INTEGER REFERENCES submissions(id) ON DELETE CASCADE,
       position INTEGER,                -- index in result["tests"]
       part TEXT,                       -- the graded function: the check name before the first colon
       name TEXT, score REAL, max_score REAL,
       status TEXT,                     -- passed | failed | error | timeout; invalid for every check of
                                        -- an invalid submission (nothing was run)
       output TEXT,
       known_mistakes TEXT,             -- JSON list of the known mistakes matched ([] when none)
       PRIMARY KEY (submission_id, position))

A student's *latest* submission of an assignment is the one with the newest `submitted_at`, and among
equal times (the same file graded again) the last graded.

Python API
----------
    from autograder.gradebook import Gradebook

    with Gradebook("gradebook.db", create=False) as book:   # create=False: FileNotFoundError if missing
        book.students()                      # ["alice", "bob", ...], sorted
        book.assignments()                   # assignment ids that have results, sorted
        book.latest_results("activations")   # [result dict as `grade --json` prints it, ...] by student
        book.latest("activations")           # [SubmissionRecord(student=..., score=..., result={...}), ...]
        book.latest_by_student("activations")  # {"alice": result dict, ...}
        book.submissions(assignment=None, student=None)  # every graded row (history), oldest first
        book.checks("activations")           # [CheckRecord(...)] of the latest submissions
        header, rows = book.export_rows()    # ["student", id1, ..., "total"], [[student, score|None|"invalid", ..., total]]

A submission that could not be read at all is *invalid*, its own status (`SubmissionRecord.status`),
never a graded 0: the export shows "invalid" in its cell and leaves it out of the total.

Writing (the grading command does this): `find(student, assignment, sha256)` and
`record(student, result, path=..., submitted_at=...)`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .bounds import cap_result

DEFAULT_PATH = "gradebook.db"
INVALID = "invalid"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS students (
    id TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL REFERENCES students(id),
    assignment TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    grader_version TEXT NOT NULL,
    path TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    graded_at TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    execution_time REAL,
    result TEXT NOT NULL,
    UNIQUE (student, assignment, sha256, grader_version)
);
CREATE INDEX IF NOT EXISTS submissions_by_assignment ON submissions (assignment, student, submitted_at);
CREATE TABLE IF NOT EXISTS checks (
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    part TEXT NOT NULL,
    name TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    status TEXT NOT NULL,
    output TEXT NOT NULL,
    known_mistakes TEXT NOT NULL,
    PRIMARY KEY (submission_id, position)
);
"""

_SUBMISSION_COLUMNS = ("id, student, assignment, sha256, grader_version, path, submitted_at, graded_at, score, "
                       "max_score, execution_time, result")

# The latest row per (student, assignment): newest file first, then the last graded.
_LATEST = """
SELECT {columns} FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY student, assignment ORDER BY submitted_at DESC, id DESC) AS rank
    FROM submissions {where}
) WHERE rank = 1 ORDER BY student, assignment
"""


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat()


def file_time(path) -> str:
    """A file's modification time as ISO 8601 UTC (when it was handed in, as far as we can know)."""
    return datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc).isoformat()


@dataclass(frozen=True)
class SubmissionRecord:
    id: int
    student: str
    assignment: str
    sha256: str
    grader_version: str
    path: str
    submitted_at: str
    graded_at: str
    score: float
    max_score: float
    execution_time: float | None
    result: dict  # the result object as `grade --json` prints it

    @property
    def status(self):
        """``invalid`` for a file that could not be read (its 0 is no grade), else ``graded``."""
        return INVALID if self.result.get("status") == INVALID else "graded"


@dataclass(frozen=True)
class CheckRecord:
    submission_id: int
    student: str
    assignment: str
    position: int
    part: str
    name: str
    score: float
    max_score: float
    status: str
    output: str
    known_mistakes: tuple


class GradebookError(Exception):
    """The file is not a gradebook this version of dlgrade can use."""


class Gradebook:
    """A class's grades in the SQLite file at ``path``. Use as a context manager, from one thread."""

    def __init__(self, path=DEFAULT_PATH, create=True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise FileNotFoundError(f"no gradebook at {self.path}")
        if create and self.path.parent != Path(""):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly, one per submission.
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA busy_timeout = 60000")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise GradebookError(f"{self.path} was written by a newer dlgrade (schema {version}; this one "
                                     f"knows {SCHEMA_VERSION})")
            if version < SCHEMA_VERSION and not create:
                raise GradebookError(f"{self.path} is not a dlgrade gradebook (no results stored in it yet)")
            self._db.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed result survives a power cut too, not only a killed process.
            self._db.execute("PRAGMA synchronous = FULL")
            if version < SCHEMA_VERSION:
                self._db.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise GradebookError(f"{self.path} is not a usable gradebook: {exc}") from None
        except GradebookError:
            self._db.close()
            raise

    # -- lifetime ---------------------------------------------------------------------------------
    def close(self):
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing ----------------------------------------------------------------------------------
    def find(self, student, assignment, sha256, grader_version=__version__) -> SubmissionRecord | None:
        """The stored grading of this exact file by this grader version, if any."""
        row = self._db.execute(
            f"SELECT {_SUBMISSION_COLUMNS} FROM submissions WHERE student = ? AND assignment = ? AND sha256 = ? "
            f"AND grader_version = ?", (student, assignment, sha256, grader_version)).fetchone()
        if not row:
            return None
        record = _submission(row)
        # A row the grader itself failed on is kept (the student is in every export) but graded again.
        return None if record.result.get("grader_failure") else record

    def record(self, student, result, path=None, submitted_at=None) -> int:
        """Store one result and its checks in one transaction; replaces the same file's row by the same
        grader version (a regrade). Returns the submission's row id."""
        graded_at = now_utc()
        # One submission adds at most about bounds.MAX_RESULT_BYTES, whatever its functions returned.
        result = cap_result(result)
        path = str(path if path is not None else result["submission"])
        if submitted_at is None:
            try:
                submitted_at = file_time(path)
            except OSError:
                submitted_at = graded_at
        key = (student, result["assignment"], result["sha256"], result["grader_version"])
        checks = []
        invalid = result.get("status") == INVALID  # no check ran: none of them failed
        for position, test in enumerate(result["tests"]):
            mistakes = (test.get("extra_data") or {}).get("known_mistakes", [])
            checks.append((position, test["name"].split(":", 1)[0].strip(), test["name"], float(test["score"]),
                           float(test["max_score"]), INVALID if invalid else test["status"], test.get("output", ""),
                           json.dumps(mistakes)))
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT OR IGNORE INTO students (id, first_seen) VALUES (?, ?)", (student, graded_at))
            db.execute("DELETE FROM submissions WHERE student = ? AND assignment = ? AND sha256 = ? "
                       "AND grader_version = ?", key)
            cursor = db.execute(
                "INSERT INTO submissions (student, assignment, sha256, grader_version, path, submitted_at, graded_at, "
                "score, max_score, execution_time, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, path, submitted_at, graded_at, float(result["score"]), float(result["max_score"]),
                 result.get("execution_time"), json.dumps(result)))
            submission_id = cursor.lastrowid
            db.executemany("INSERT INTO checks (submission_id, position, part, name, score, max_score, status, output, "
                           "known_mistakes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(submission_id, *check) for check in checks])
            db.execute("COMMIT")
        except BaseException:
            # Ctrl-C can land just after COMMIT returned: then the result is stored and there is
            # nothing to roll back.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return submission_id

    # -- reading ----------------------------------------------------------------------------------
    def students(self) -> list:
        return [row[0] for row in self._db.execute("SELECT id FROM students ORDER BY id")]

    def assignments(self) -> list:
        return [row[0] for row in self._db.execute("SELECT DISTINCT assignment FROM submissions ORDER BY assignment")]

    def submissions(self, assignment=None, student=None) -> list:
        """Every stored grading (the history), oldest graded first."""
        where, params = _filters(assignment=assignment, student=student)
        rows = self._db.execute(f"SELECT {_SUBMISSION_COLUMNS} FROM submissions {where} ORDER BY id", params)
        return [_submission(row) for row in rows]

    def latest(self, assignment=None) -> list:
        """Each student's latest graded submission (of ``assignment``, or of each assignment), by student."""
        where, params = _filters(assignment=assignment)
        rows = self._db.execute(_LATEST.format(columns=_SUBMISSION_COLUMNS, where=where), params)
        return [_submission(row) for row in rows]

    def latest_results(self, assignment) -> list:
        """The result objects (as `dlgrade grade --json` prints them) of each student's latest submission."""
        return [record.result for record in self.latest(assignment)]

    def latest_by_student(self, assignment) -> dict:
        return {record.student: record.result for record in self.latest(assignment)}

    def checks(self, assignment=None, latest_only=True, submission_id=None) -> list:
        """Check rows, by student then position: of the latest submissions, or of every stored grading."""
        if submission_id is not None:
            ids = [submission_id]
        elif latest_only:
            ids = [record.id for record in self.latest(assignment)]
        else:
            ids = [record.id for record in self.submissions(assignment)]
        found = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            found += self._db.execute(
                "SELECT c.submission_id, s.student, s.assignment, c.position, c.part, c.name, c.score, c.max_score, "
                f"c.status, c.output, c.known_mistakes FROM checks c JOIN submissions s ON s.id = c.submission_id "
                f"WHERE c.submission_id IN ({marks})", chunk).fetchall()
        found.sort(key=lambda row: (row[1], row[2], row[0], row[3]))
        return [CheckRecord(*row[:10], known_mistakes=tuple(json.loads(row[10]))) for row in found]

    def export_rows(self, assignments=None):
        """One row per student: latest score per assignment (None where there is none, "invalid" where the
        latest file could not be read) and the total of the scores.

        Returns (header, rows): header is ["student", *assignment ids, "total"], in the order of
        ``assignments`` (default: every assignment with results, sorted).
        """
        ids = list(assignments) if assignments is not None else self.assignments()
        scores = {}
        # Scores and statuses only: the result objects are not loaded, so the export's memory does not
        # grow with them.
        columns = "student, assignment, score, json_extract(result, '$.status')"
        for student, assignment_id, score, status in self._db.execute(_LATEST.format(columns=columns, where="")):
            scores.setdefault(student, {})[assignment_id] = INVALID if status == INVALID else score
        rows = []
        for student in self.students():
            mine = scores.get(student, {})
            cells = [mine.get(assignment_id) for assignment_id in ids]
            rows.append([student, *cells, round(sum(c for c in cells if isinstance(c, (int, float))), 2)])
        return ["student", *ids, "total"], rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value for a CSV cell that a spreadsheet will not run: text starting like a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _filters(**columns):
    pairs = [(name, value) for name, value in columns.items() if value is not None]
    where = " AND ".join(f"{name} = ?" for name, _ in pairs)
    return (f"WHERE {where}" if where else ""), [value for _, value in pairs]


def _submission(row) -> SubmissionRecord:
    return SubmissionRecord(*row[:11], result=json.loads(row[11]))
