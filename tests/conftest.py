"""Shared helpers of the test suite: the assignments, and grading through the real CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

from autograder import assignment as assignments

ROOT = Path(__file__).resolve().parent.parent

# The suite runs sandboxes beside the trusted process on two cores: one BLAS thread each avoids
# oversubscription that makes numpy many times slower.
threadpool_limits(1)
ASSIGNMENT_IDS = assignments.all_ids()
# Quizzes (kind = "quiz") have questions, not graded functions: tests/test_quizzes.py covers them.
CODE_ASSIGNMENT_IDS = [i for i in ASSIGNMENT_IDS if not assignments.is_quiz(i)]
QUIZ_IDS = [i for i in ASSIGNMENT_IDS if assignments.is_quiz(i)]


def mistakes_of_all_assignments():
    for assignment_id in CODE_ASSIGNMENT_IDS:
        a = assignments.load(assignment_id)
        for part in a.parts:
            for mistake in part.mistakes:
                yield pytest.param(assignment_id, part.name, mistake.name, id=f"{assignment_id}-{part.name}-{mistake.name}")


def run_dlgrade(*args, timeout=600):
    """Run the installed `dlgrade` command; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def grade_json(assignment_id, *paths, extra=()):
    done = run_dlgrade("grade", assignment_id, *paths, "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def by_part(result):
    """Score and max score per graded function, from the check names ("part: check")."""
    parts = {}
    for test in result["tests"]:
        name = test["name"].split(":")[0]
        score, top = parts.get(name, (0.0, 0.0))
        parts[name] = (score + test["score"], top + test["max_score"])
    return parts


@pytest.fixture(params=CODE_ASSIGNMENT_IDS)
def assignment(request):
    return assignments.load(request.param)
