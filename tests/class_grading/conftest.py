"""A class of generated `activations` submissions, and the CLI run on it with a gradebook.

Every generated submission is distinct (a student-specific comment), so each has its own sha256.
The kinds cycle through a complete notebook, a `.py` with known mistakes, an untouched stub notebook
and an unreadable notebook: all grade in well under a second (the example with an endless loop is
left out; it costs its timeout).
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

EXAMPLES = ROOT / "examples" / "activations"
KINDS = {
    "complete": EXAMPLES / "alice_complete.ipynb",
    "mistakes": EXAMPLES / "bob_mistakes.py",
    "stub": EXAMPLES / "carol_stub.ipynb",
    "reference": ROOT / "solutions" / "activations.py",
    "invalid": EXAMPLES / "erin_invalid.ipynb",
}
EXPECTED_SCORE = {"complete": 100.0, "mistakes": 84.0, "stub": 0.0, "reference": 100.0, "invalid": 0.0}


def personalised(kind, student):
    """The bytes of a ``kind`` submission made unique to ``student``; and its suffix."""
    source = KINDS[kind]
    text = source.read_text()
    if source.suffix == ".py":
        return text + f"\n# submitted by {student}\n", ".py"
    try:
        nb = json.loads(text)
    except json.JSONDecodeError:
        return text + f" {student}", ".ipynb"
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": f"by-{student}", "metadata": {},
                        "outputs": [], "source": [f"# submitted by {student}"]})
    return json.dumps(nb), ".ipynb"


def make_class(folder: Path, n, layout="nbgrader", kinds=("complete", "mistakes", "stub", "reference"),
               assignment_id="activations"):
    """``n`` students' submissions under ``folder``; returns {student: kind}."""
    students = {}
    for i in range(n):
        student = f"student{i:03d}"
        kind = kinds[i % len(kinds)]
        content, suffix = personalised(kind, student)
        if layout == "nbgrader":
            path = folder / student / assignment_id / f"{assignment_id}{suffix}"
        else:
            path = folder / f"{student}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        students[student] = kind
    return students


def dlgrade(*args, timeout=600, **kwargs):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **kwargs)


def db_rows(db, query, params=()):
    """Read the gradebook with plain SQL, as an independent witness of what the CLI stored."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(query, params).fetchall()
    finally:
        connection.close()


@pytest.fixture
def small_class(tmp_path):
    folder = tmp_path / "submitted"
    students = make_class(folder, 6)
    return folder, students
