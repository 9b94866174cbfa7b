"""`autograder.runner.grade_parts`: what each kind of outcome becomes in the result's test entries.

Timeouts, checks not run, figures, "not yet checked", the message cut, the parts and checks asked for,
and which cache the reference's values come from. In-process, on tiny fake specs.
"""

import time

import numpy as np

from autograder.checks import Outcome
from autograder.loader import LoadedSubmission, LoadMessage
from autograder.runner import ReferenceCache, grade_parts
from autograder.sandbox import CallResult, LocalExecutor
from autograder.spec import Case, Mistake, Part, Values

from .conftest import fake_assignment

REFERENCE = '''
def double(x):
    return 2 * x

def triple(x):
    return 3 * x

def quadruple(x):
    return double(double(x))

def sextuple(x):
    return double(triple(x))
'''


def _namespace(source):
    namespace = {"np": np}
    exec(source, namespace)  # noqa: S102 - the tests' own code
    return namespace


class _Looping(LocalExecutor):
    """The student's side, where the functions named in ``endless`` never return (a timeout)."""

    def __init__(self, namespace, helpers, endless=()):
        super().__init__(namespace, helpers=helpers)
        self.endless = set(endless)

    def call(self, fn, *args, **kwargs):
        if fn in self.endless:
            return CallResult("timeout", error={"type": "TimeoutError", "message": ""}, seconds=1.0)
        return super().call(fn, *args, **kwargs)


def _cases():
    return [Case((np.arange(3.0),)), Case((np.ones(2),))]


def _assignment(**checks):
    names = {"double": (), "triple": (), "quadruple": ("double",), "sextuple": ("double", "triple")}
    parts = [Part(name, checks=checks.get(name) or [Values("values", _cases()), Values("more", _cases()[:1])],
                  uses=uses, mistakes=[Mistake("adds", "doubling multiplies", lambda x: x + 2),
                                       Mistake("adds one more", "doubling multiplies", lambda x: x + 2)]
                  if name == "double" else [])
             for name, uses in names.items()]
    reference = _namespace(REFERENCE)
    return fake_assignment(parts, reference={name: reference[name] for name in names})


def _grade(student_source, assignment=None, endless=(), cache=None, **options):
    reference = _namespace(REFERENCE)
    executor = _Looping(_namespace(student_source), {n: reference[n] for n in ("double", "triple")}, endless)
    tests = grade_parts(assignment or _assignment(), executor, cache=cache or ReferenceCache(), **options)
    return {t["name"]: t for t in tests}


def test_after_a_timeout_the_parts_other_checks_are_not_run_and_dependants_integration_checks_neither():
    own = [Values("values", _cases()), Values("with your own helpers", _cases(), integration=True)]
    tests = _grade(REFERENCE, _assignment(quadruple=own, sextuple=own), endless={"double", "triple"})
    assert tests["double: values"]["status"] == "timeout"
    assert (tests["double: more"]["status"], tests["double: more"]["score"]) == ("timeout", 0.0)
    assert tests["double: more"]["output"] == "not run: an earlier check of `double` timed out"
    # Its dependants' checks run with the helper answered as the reference would...
    assert tests["quadruple: values"]["status"] == "passed"
    # ... but not those that run the student's own helpers, which would loop again.
    assert tests["quadruple: with your own helpers"]["status"] == "failed"
    assert tests["quadruple: with your own helpers"]["output"] == (
        "not run: it uses your own `double`, which did not finish in time in its own checks")
    assert tests["sextuple: with your own helpers"]["output"] == (
        "not run: it uses your own `double`, `triple`, which did not finish in time in their own checks")


def test_a_part_that_fails_without_a_timeout_keeps_running_its_checks():
    tests = _grade(REFERENCE.replace("return 2 * x", "return 5 * x"))
    assert tests["double: values"]["status"] == tests["double: more"]["status"] == "failed"
    assert not tests["double: more"]["output"].startswith("not run")
    own = [Values("with your own helpers", _cases(), integration=True)]
    tests = _grade(REFERENCE, _assignment(quadruple=own), endless={"triple"})
    assert tests["quadruple: with your own helpers"]["status"] == "passed"  # `triple` is none of its helpers


def test_a_missing_function_fails_and_says_why():
    tests = _grade("def quadruple(x):\n    return 4 * x\n")
    assert tests["double: values"]["status"] == "failed"
    loaded = LoadedSubmission("s.ipynb", "", [], [LoadMessage("cell 3, line 2", "syntax error: invalid syntax; the "
                                                                                 "block that holds it was skipped")])
    errors = [{"names": ["triple"], "label": "cell 4", "type": "NameError", "message": "name 'k' is not defined"}]
    tests = _grade("def quadruple(x):\n    return 4 * x\n", loaded=loaded, load_errors=errors)
    assert tests["double: values"]["output"] == (
        "`double` is not defined in the submission: check its name and that its cell is included")
    assert tests["triple: values"]["output"] == "`triple` could not be defined: cell 4 raised NameError: name 'k' is not defined"
    loaded.messages.append(LoadMessage("cell 2, line 1", "syntax error in `double`"))
    tests = _grade("def quadruple(x):\n    return 4 * x\n", loaded=loaded, load_errors=errors)
    assert tests["double: values"]["output"] == (
        "`double` is not defined: the cell holding it could not be read (see the messages above)")


class _Fixed(Values):
    """A check whose outcome is given (the entry built from it is what is under test)."""

    def __init__(self, name, outcome):
        super().__init__(name, _cases())
        self.outcome = outcome

    def run(self, run):
        return self.outcome


def test_figures_and_not_yet_checked_are_marked_in_the_entry():
    figure = {"kind": "curve", "title": "cost", "series": []}
    checks = [_Fixed("drawn", Outcome("passed", figures=[figure])),
              _Fixed("waits", Outcome("failed", "Not yet checked: counts once the values are right")),
              _Fixed("passes quietly", Outcome("passed", "Not yet checked, but passed")),
              _Fixed("fails", Outcome("failed", "wrong values"))]
    tests = _grade(REFERENCE, _assignment(triple=checks))
    assert tests["triple: drawn"]["extra_data"] == {"figures": [figure]}
    assert tests["triple: waits"]["extra_data"] == {"not_yet_checked": True}
    assert "extra_data" not in tests["triple: passes quietly"] and "extra_data" not in tests["triple: fails"]


def test_every_named_mistake_gets_its_own_line():
    checks = [_Fixed("values", Outcome("failed", "wrong", ["adds", "adds one more"]))]
    output = _grade(REFERENCE, _assignment(double=checks))["double: values"]["output"]
    assert output == ("wrong\nKnown mistake: adds. doubling multiplies\n"
                      "Known mistake: adds one more. doubling multiplies")


def test_a_message_of_exactly_the_limit_is_not_cut():
    checks = [_Fixed("limit", Outcome("failed", "x" * 2500)), _Fixed("over", Outcome("failed", "x" * 2501))]
    tests = _grade(REFERENCE, _assignment(triple=checks))
    assert tests["triple: limit"]["output"] == "x" * 2500
    assert tests["triple: over"]["output"] == "x" * 2500 + "\n[... 1 more characters]"


def test_an_entry_has_the_fields_gradescope_reads():
    started = time.monotonic()
    tests = _grade(REFERENCE)
    elapsed = time.monotonic() - started
    for entry in tests.values():
        assert entry["visibility"] == "visible"
        assert isinstance(entry["execution_time"], float) and 0.0 <= entry["execution_time"] <= elapsed + 0.0001
        assert entry["execution_time"] == round(entry["execution_time"], 4)
    assert sum(t["execution_time"] for t in tests.values()) > 0


def test_a_helper_is_trusted_only_once_all_its_checks_ran_and_passed():
    wrong_dependant = REFERENCE.replace("double(double(x))", "double(x)")
    note = "during this check `double` answered as the reference does"
    # All of `double`'s checks asked for and passed: its own code runs inside `quadruple`, no note.
    tests = _grade(wrong_dependant, check_names=["values", "more"])
    assert tests["quadruple: values"]["status"] == "failed" and note not in tests["quadruple: values"]["output"]
    # Only some of them: nothing is known, it answers as the reference.
    tests = _grade(wrong_dependant, check_names=["values"])
    assert note in tests["quadruple: values"]["output"]
    # A subset of the parts: nothing is known of any helper, even one graded in the same run.
    tests = _grade(wrong_dependant, parts=["double", "quadruple"])
    assert tests["double: values"]["status"] == "passed" and note in tests["quadruple: values"]["output"]


def test_without_answered_helpers_the_students_own_run_everywhere():
    wrong_helper = REFERENCE.replace("return 2 * x", "return 5 * x")
    assert _grade(wrong_helper)["quadruple: values"]["status"] == "passed"
    assert _grade(wrong_helper, answer_helpers=False)["quadruple: values"]["status"] == "failed"


def test_the_reference_values_come_from_the_cache_given():
    # Two specs with the same ids but different references: a fresh cache must not see the other's values.
    assert _grade(REFERENCE)["double: values"]["status"] == "passed"
    other = _assignment()
    other.reference.double = lambda x: 5 * x
    assert _grade(REFERENCE.replace("return 2 * x", "return 5 * x"), other)["double: values"]["status"] == "passed"
