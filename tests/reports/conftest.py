"""Shared set-up of the report and export tests: a small graded class, the external tools.

The class is three `logistic_regression` submissions that grade in seconds (a complete notebook,
classic mistakes, the untouched stub); the example with an endless loop is left out, it costs its
timeout. nbgrader, otter-grader and Chromium are the real programs: installed by `make test` (the
`test` extra and `make system-deps`); a missing one fails the test under CI and skips it elsewhere.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, run_dlgrade

ASSIGNMENT = "logistic_regression"
EXAMPLES = ROOT / "examples" / ASSIGNMENT
CLASS = {"alice": EXAMPLES / "alice_complete.ipynb", "bob": EXAMPLES / "bob_mistakes.py",
         "carol": EXAMPLES / "carol_stub.ipynb"}
BIN = Path(sys.executable).parent


def tool(name):
    """The path of an external program (the venv's own first); fails under CI, skips elsewhere."""
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        message = f"{name} is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def tool_env():
    """The environment for nbgrader and otter: the venv's programs first (nbgrader runs `alembic`)."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_tool(args, cwd, timeout=300):
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=tool_env(), capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def grade(*paths):
    """`dlgrade grade --json` on ``paths``: always a list of results."""
    done = run_dlgrade("grade", ASSIGNMENT, *paths, "--json", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    return results if isinstance(results, list) else [results]


@pytest.fixture(scope="session")
def class_results(tmp_path_factory):
    """The class's results as `dlgrade grade --json` prints them, submissions named after students."""
    folder = tmp_path_factory.mktemp("class")
    paths = []
    for student, source in CLASS.items():
        path = folder / f"{student}{source.suffix}"
        shutil.copy(source, path)
        paths.append(path)
    return grade(*paths)
