"""Shared helpers of the test suite: the assignments, and grading through the real CLI."""

import functools
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


def mistakes_of_all_assignments(with_public_cases=False):
    for assignment_id in CODE_ASSIGNMENT_IDS:
        a = assignments.load(assignment_id)
        for part in a.parts:
            if with_public_cases and part.name not in a.public:
                continue
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


@functools.lru_cache(maxsize=None)
def planted(assignment_id, part_name, mistake_name):
    """The reference graded with one known mistake planted in place of ``part_name`` (in the grader's
    process): the part itself and every part that uses it. Shared by the tests of that mistake."""
    from autograder.validate import grade_reference

    a = assignments.load(assignment_id)
    part = a.part(part_name)
    mistake = next(m for m in part.mistakes if m.name == mistake_name)
    dependants = [p.name for p in a.parts if part_name in p.uses]
    tests = grade_reference(a, {part_name: mistake.fn}, parts=[part_name, *dependants])
    return a, part, mistake, tests


@functools.lru_cache(maxsize=None)
def public_tests_module(assignment_id):
    """The students' `public_tests.py` as the build writes it now, imported beside its comparison module."""
    import importlib.util
    import tempfile

    from autograder import build

    a = assignments.load(assignment_id)
    folder = Path(tempfile.mkdtemp(prefix="dlgrade-public-"))
    files = build.template_files(a)
    for name in ("public_tests.py", "dlgrade_compare.py"):
        (folder / name).write_text(files[name])
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"public_tests_{assignment_id}", folder / "public_tests.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


def public_test_function(a, part_name):
    return getattr(public_tests_module(a.id), f"{part_name}_test")
