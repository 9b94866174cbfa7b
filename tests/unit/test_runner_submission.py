"""`autograder.runner.grade_submission` and the result object, with the sandbox replaced by an
in-process stand-in: how load errors, a sandbox that does not start, restarts and unreadable files
reach the student's feedback. Fast: no process is started."""

import os
import time

import numpy as np
import pytest

from autograder import runner
from autograder.runner import _module_of, grade_submission, result_object
from autograder.sandbox import LocalExecutor
from autograder.sandbox.isolation import SandboxMode
from autograder.spec import Case, Part, Values

from .conftest import fake_assignment

ISOLATED = SandboxMode("bwrap", True, "namespaces")
WEAK = SandboxMode("process", False, "no namespaces available")


class _Worker(LocalExecutor):
    """Runs the statements it is given in one namespace and reports what failed, as the worker does."""

    started = []

    def __init__(self, statements, files, limits, mode):
        namespace, errors = {}, []
        for index, statement in enumerate(statements):
            try:
                exec(compile(statement["code"], statement["label"], "exec"), namespace)  # noqa: S102 - test code
            except Exception as exc:  # noqa: BLE001 - reported, as the worker does
                errors.append({"index": index, "label": statement["label"], "type": type(exc).__name__,
                               "message": str(exc), "traceback": ""})
        super().__init__(namespace)
        self.load_report.errors = errors
        self.statements, self.files, self.limits, self.mode = statements, files, limits, mode
        self.restarts, self.closed, self.deadline, self.helper_answer = 0, False, None, None
        _Worker.started.append(self)

    def start(self):
        pass

    def close(self):
        self.closed = True


class _Oracle:
    made = []

    def __init__(self, assignment, mode):
        self.assignment, self.mode, self.closed = assignment, mode, False
        _Oracle.made.append(self)

    def answer(self, request, body, deadline):
        raise AssertionError("no helper is answered in these tests")

    def close(self):
        self.closed = True


@pytest.fixture(autouse=True)
def _in_process(monkeypatch):
    _Worker.started.clear()
    _Oracle.made.clear()
    monkeypatch.setattr(runner, "SandboxWorker", _Worker)
    monkeypatch.setattr(runner, "HelperOracle", _Oracle)


def _assignment(preamble="import numpy as np\n", setup_modules=()):
    reference = {"double": lambda x: 2 * x, "triple": lambda x: 3 * x}
    parts = [Part(name, checks=[Values("values", [Case((np.arange(3.0),))]), Values("more", [Case((np.ones(2),))])])
             for name in reference]
    assignment = fake_assignment(parts, points={"double": 10.0, "triple": 5.0}, reference=reference,
                                 submission_seconds=120.0)
    assignment.preamble, assignment.setup_modules = preamble, set(setup_modules)  # read from notebook.md otherwise
    return assignment


RIGHT = "def double(x):\n    return 2 * x\n\ndef triple(x):\n    return 3 * x\n"


def _submit(tmp_path, source, name="s.py"):
    path = tmp_path / name
    path.write_text(source)
    return path


def test_a_right_submission_gets_every_point_and_a_plain_report(tmp_path):
    path = _submit(tmp_path, RIGHT)
    before = time.monotonic()
    result = grade_submission(_assignment(), path, mode=ISOLATED)
    after = time.monotonic()
    assert result["score"] == 15.0 and result["max_score"] == 15.0 and "status" not in result
    assert result["output"] == "Unit: 15 / 15\nSandbox: bwrap"
    assert [t["name"] for t in result["tests"]] == ["double: values", "double: more", "triple: values", "triple: more"]
    assert result["submission"] == str(path) and len(result["sha256"]) == 64
    (worker,) = _Worker.started
    assert worker.statements[0] == {"code": "import numpy as np\n", "label": "setup"}
    assert [s["label"] for s in worker.statements[1:]] == ["s.py", "s.py"]
    assert worker.mode is ISOLATED and worker.files == {} and worker.limits.submission_seconds == 120.0
    assert worker.helper_answer == _Oracle.made[0].answer and worker.closed and _Oracle.made[0].closed
    assert before + 120.0 <= worker.deadline <= after + 120.0  # the submission's budget, counted from its start
    assert 0.0 <= result["execution_time"] <= after - before + 0.001  # rounded to milliseconds


def test_a_weaker_sandbox_is_named_in_the_report(tmp_path):
    result = grade_submission(_assignment(), _submit(tmp_path, RIGHT), mode=WEAK)
    assert result["output"] == "Unit: 15 / 15\nSandbox: process (weaker isolation: no namespaces available)"


def test_load_errors_become_notes_and_the_missing_functions_say_why(tmp_path):
    source = ("import numpy as np\nimport no_such_module\nfrom lr_utils import load_dataset\n\n"
              "@undefined_decorator\ndef double(x):\n    return 2 * x\n\n"
              "class Broken:\n    raise ValueError\n\n"
              "def triple(x):\n    return 3 * x\n")
    result = grade_submission(_assignment(setup_modules={"lr_utils"}), _submit(tmp_path, source), mode=ISOLATED)
    assert result["output"].splitlines()[2:] == [
        "Note: s.py, line 2: import not available in the grader, skipped (No module named 'no_such_module')",
        "Note: s.py, line 7: defining double failed: NameError: name 'undefined_decorator' is not defined",
        "Note: s.py, line 10: defining Broken failed: ValueError: ValueError",
    ]
    tests = {t["name"]: t for t in result["tests"]}
    assert tests["double: values"]["output"] == (
        "`double` could not be defined: s.py raised NameError: name 'undefined_decorator' is not defined")
    assert result["score"] == 5.0


def test_a_failing_setup_is_reported_once(tmp_path):
    result = grade_submission(_assignment(preamble="import numpy as np\nimport not_installed\n"),
                              _submit(tmp_path, RIGHT), mode=ISOLATED)
    assert "Note: setup imports failed: ModuleNotFoundError: No module named 'not_installed'" in result["output"]


def test_restarts_of_the_submissions_process_are_reported(tmp_path, monkeypatch):
    class Restarting(_Worker):
        def call(self, fn, *args, **kwargs):
            self.restarts += 1
            return super().call(fn, *args, **kwargs)

    monkeypatch.setattr(runner, "SandboxWorker", Restarting)
    result = grade_submission(_assignment(), _submit(tmp_path, RIGHT), mode=ISOLATED)
    assert result["output"].endswith("\nNote: the submission's process was restarted 4 time(s) after a crash or timeout")


def test_a_sandbox_that_cannot_start_fails_every_check_with_the_reason(tmp_path, monkeypatch):
    def refuse(*args):
        raise RuntimeError("bubblewrap is not installed")

    monkeypatch.setattr(runner, "SandboxWorker", refuse)
    result = grade_submission(_assignment(), _submit(tmp_path, "X = 1\n" + RIGHT), mode=ISOLATED)
    assert result["score"] == 0 and result["output"] == "Unit: 0 / 15\nSandbox: bwrap"
    assert result["tests"][0] == {"name": "double: values", "score": 0.0, "max_score": 5.0, "status": "error",
                                  "output": "the submission could not be run: bubblewrap is not installed",
                                  "visibility": "visible"}
    assert [t["max_score"] for t in result["tests"]] == [5.0, 5.0, 2.5, 2.5] and _Oracle.made[0].closed


def test_an_unreadable_file_is_invalid_with_one_message(tmp_path):
    path = tmp_path / "s.ipynb"
    path.write_text("{")
    result = grade_submission(_assignment(), path, mode=WEAK)
    message = ("Invalid submission: s.ipynb: not a valid notebook: the file is not valid JSON (Expecting property "
               "name enclosed in double quotes: line 1 column 2 (char 1))")
    assert result["status"] == "invalid" and result["message"] == message
    assert result["output"] == message + "\nUnit: 0 / 15\nSandbox: process (weaker isolation: no namespaces available)"
    assert result["tests"][2] == {"name": "triple: values", "score": 0.0, "max_score": 2.5, "status": "failed",
                                  "output": "", "visibility": "visible"}
    assert len(result["tests"]) == 4 and result["score"] == 0 and _Worker.started == []


def test_an_invalid_notebook_with_recovered_cells_is_graded_on_them(tmp_path):
    text = '{"metadata": {"deep": ' + "[" * 100_000 + "]" * 100_000 + '}, "cells": [{"cell_type": "code", ' \
           '"source": "def double(x):\\n    return 2 * x\\n"}]}'
    result = grade_submission(_assignment(), _submit(tmp_path, text, "s.ipynb"), mode=ISOLATED)
    assert "status" not in result and result["score"] == 10.0
    assert "invalid notebook: its JSON could not be read" in result["output"]


def test_an_empty_list_of_messages_still_explains_an_invalid_file(tmp_path):
    loaded = runner.load_submission(_submit(tmp_path, "X = 1\n"))
    result = runner.invalid_result(_assignment(), "s.py", loaded, [], 0.0, None)
    assert result["message"] == "Invalid submission: the file could not be read as a notebook or a Python module"
    assert result["output"] == result["message"] + "\nUnit: 0 / 15"


def test_the_result_object_rounds_the_total_to_cents_and_carries_its_fields():
    tests = [{"score": 3.33}, {"score": 2.5}, {"score": 0.004}]
    result = result_object(_assignment(), "s.py", "abc", tests, [], time.monotonic() - 2.0, None)
    assert result["score"] == 5.83 and result["output"] == "Unit: 5.83 / 15"
    assert result["tests"] is tests and result["visibility"] == "visible"
    assert result["grader_version"] == runner.__version__
    assert isinstance(result["execution_time"], float) and result["execution_time"] == round(result["execution_time"], 3)
    assert 2.0 <= result["execution_time"] < 60.0  # measured from the start given


@pytest.mark.parametrize("message, module", [
    ("No module named 'lr_utils'", "lr_utils"),
    ("No module named 'matplotlib.pyplot'", "matplotlib"),
    ("cannot import name 'x' from 'numpy'", None),
    ("", None),
    (None, None),
])
def test_the_module_an_import_error_names(message, module):
    assert _module_of(message) == module


def test_a_fifo_is_invalid_without_blocking(tmp_path):
    path = tmp_path / "s.py"
    os.mkfifo(path)
    result = grade_submission(_assignment(), path, mode=ISOLATED)
    assert result["status"] == "invalid" and "not a regular file" in result["message"]


def test_a_quiz_is_graded_by_the_quiz_grader(tmp_path, monkeypatch):
    from autograder.quiz import grading as quiz_grading

    assignment = _assignment()
    assignment.kind = "quiz"
    path = _submit(tmp_path, "answers")
    monkeypatch.setattr(quiz_grading, "grade_submission", lambda a, p: {"graded as a quiz": (a, p)})
    assert grade_submission(assignment, path) == {"graded as a quiz": (assignment, path)}
    assert _Worker.started == []


@pytest.mark.parametrize("failed, why", [
    ({"h", "k"}, "your `h`, `k` failed their own checks, so "),
    ({"k"}, "your `k` failed its own checks, so "),
])
def test_the_note_names_only_the_answered_helpers_that_failed(failed, why):
    from autograder.checks import Outcome
    from autograder.runner import _helper_note

    outcome = Outcome("failed", "wrong", helpers_called=["h", "k", "m"])
    note = _helper_note(Part("p", checks=[]), Values("c", []), outcome, failed)
    assert note == (f"\nNote: {why}during this check `h`, `k`, `m` answered as the reference does: the difference "
                    "comes from `p`'s own code.")


def test_the_parts_checks_and_cache_asked_for_reach_the_grading(tmp_path):
    path = _submit(tmp_path, RIGHT)
    result = grade_submission(_assignment(), path, mode=ISOLATED, parts=["triple"], check_names=["more"])
    assert [t["name"] for t in result["tests"]] == ["triple: more"]
    # A cache of its own: another spec under the same ids does not see the values cached for this one.
    other = _assignment()
    other.reference.double = lambda x: 5 * x
    result = grade_submission(other, _submit(tmp_path, RIGHT.replace("2 * x", "5 * x")), mode=ISOLATED,
                              cache=runner.ReferenceCache())
    assert result["score"] == 15.0


def test_the_helper_oracle_gets_the_assignment_and_the_mode(tmp_path):
    assignment = _assignment()
    grade_submission(assignment, _submit(tmp_path, RIGHT), mode=WEAK)
    assert _Oracle.made[0].assignment is assignment and _Oracle.made[0].mode is WEAK


def test_every_kind_of_failing_import_or_statement_is_described(tmp_path, monkeypatch):
    (tmp_path / "boom.py").write_text("raise ValueError('boom')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    source = "import json, boom\nfrom boom import *\nfrom json import no_such_name\n" + RIGHT
    result = grade_submission(_assignment(), _submit(tmp_path, source), mode=ISOLATED)
    notes = result["output"].splitlines()[2:]
    assert notes[:2] == ["Note: s.py, line 1: defining json, boom failed: ValueError: boom",
                         "Note: s.py, line 2: defining a statement failed: ValueError: boom"]
    assert notes[2].startswith("Note: s.py, line 3: import not available in the grader, skipped (cannot import "
                               "name 'no_such_name' from 'json'")
    assert len(notes) == 3 and result["score"] == 15.0


def test_a_function_whose_cell_could_not_be_read_is_said_to_be_unreadable(tmp_path):
    source = "def double(x:\n    return 2 * x\n\ndef double_all(xs):\n    return [2 * x for x in xs]\n"
    result = grade_submission(_assignment(), _submit(tmp_path, source), mode=ISOLATED)
    assert "still graded from this cell: double_all" in result["output"]
    assert result["tests"][0]["output"] == (
        "`double` is not defined: the cell holding it could not be read (see the messages above)")


def test_the_invalid_and_unstarted_results_name_the_file_and_its_digest(tmp_path, monkeypatch):
    import hashlib

    path = tmp_path / "s.ipynb"
    path.write_text("{")
    result = grade_submission(_assignment(), path, mode=WEAK)
    assert (result["submission"], result["sha256"]) == (str(path), hashlib.sha256(b"{").hexdigest())

    def refuse(*args):
        raise RuntimeError("no sandbox")

    monkeypatch.setattr(runner, "SandboxWorker", refuse)
    path = _submit(tmp_path, RIGHT)
    result = grade_submission(_assignment(), path, mode=WEAK)
    assert (result["submission"], result["sha256"]) == (str(path), hashlib.sha256(RIGHT.encode()).hexdigest())


def test_the_messages_of_an_invalid_file_are_joined():
    loaded = runner.LoadedSubmission("s.py", "abc", [], [], invalid=True)
    result = runner.invalid_result(_assignment(), "s.py", loaded, ["first", "second"], time.monotonic(), None)
    assert result["message"] == "Invalid submission: first; second"


def test_a_wait_for_the_sandbox_to_start_moves_the_submissions_deadline(tmp_path, monkeypatch):
    class SlowToStart(_Worker):
        def start(self):
            self.deadline += 100.0  # the server was slow to say it is ready: the wait is not the submission's

    monkeypatch.setattr(runner, "SandboxWorker", SlowToStart)
    assignment = _assignment()
    # No time of its own: only the moved deadline lets it run.
    assignment.limits = __import__("dataclasses").replace(assignment.limits, submission_seconds=0.0)
    result = grade_submission(assignment, _submit(tmp_path, RIGHT), mode=ISOLATED)
    assert result["score"] == 15.0
