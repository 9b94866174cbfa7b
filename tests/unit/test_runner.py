"""`autograder.runner`'s scoring: points per check, named mistakes, helpers answered as the reference.

The submission runs in-process (`LocalExecutor`) against tiny fake specs, so these take milliseconds.
"""

import numpy as np
import pytest

from autograder.runner import ReferenceCache, _helper_note, grade_parts, result_object
from autograder.checks import Outcome
from autograder.sandbox import LocalExecutor
from autograder.spec import Case, Mistake, Part, Values

from .conftest import fake_assignment

REFERENCE = '''
def double(x):
    return 2 * x

def quadruple(x):
    return double(double(x))
'''


def _namespace(source):
    namespace = {"np": np}
    exec(source, namespace)  # noqa: S102 - the tests' own code
    return namespace


def _assignment(quadruple_checks=None, points=None):
    cases = [Case(lambda rng: (rng.normal(size=3),)), Case((np.arange(4.0),))]
    parts = [
        Part("double", checks=[Values("values", cases), Values("more", cases[:1], weight=2)],
             mistakes=[Mistake("adds", "doubling multiplies by two", lambda x: x + 2),
                       Mistake("squares", "doubling is not squaring", lambda x: x ** 2)]),
        Part("quadruple", checks=quadruple_checks or [Values("values", cases)], uses=("double",)),
    ]
    reference = _namespace(REFERENCE)
    return fake_assignment(parts, points=points or {"double": 10.0, "quadruple": 5.0},
                           reference={"double": reference["double"], "quadruple": reference["quadruple"]})


def _grade(student_source, assignment=None, **options):
    assignment = assignment or _assignment()
    reference = _namespace(REFERENCE)
    executor = LocalExecutor(_namespace(student_source), helpers={"double": reference["double"]})
    tests = grade_parts(assignment, executor, cache=ReferenceCache(), **options)
    return {t["name"]: t for t in tests}


def test_a_right_submission_gets_every_point_split_by_weight():
    tests = _grade(REFERENCE)
    assert {name: (t["score"], t["max_score"], t["status"]) for name, t in tests.items()} == {
        "double: values": (3.33, 3.33, "passed"), "double: more": (6.67, 6.67, "passed"),
        "quadruple: values": (5.0, 5.0, "passed")}
    assert all(t["output"] == "" and "extra_data" not in t for t in tests.values())


def test_points_add_up_to_the_part_exactly():
    a = _assignment(points={"double": 1.0, "quadruple": 5.0})
    assert a.check_points(a.part("double")) == [0.33, 0.67]
    a = _assignment(points={"double": 0.01, "quadruple": 5.0})
    assert a.check_points(a.part("double")) == [0.0, 0.01]


def test_a_known_mistake_costs_its_checks_and_is_named():
    tests = _grade(REFERENCE.replace("return 2 * x", "return x + 2"))
    values = tests["double: values"]
    assert (values["score"], values["status"]) == (0.0, "failed")
    assert values["extra_data"]["known_mistakes"] == ["adds"]
    assert values["output"].endswith("\nKnown mistake: adds. doubling multiplies by two")
    assert tests["double: more"]["score"] == 0.0


def test_a_wrong_answer_of_no_known_kind_names_no_mistake():
    tests = _grade(REFERENCE.replace("return 2 * x", "return 3 * x"))
    values = tests["double: values"]
    assert values["score"] == 0.0 and "Known mistake" not in values["output"]
    assert "known_mistakes" not in values.get("extra_data", {})


def test_a_wrong_helper_costs_only_its_own_points():
    tests = _grade(REFERENCE.replace("return 2 * x", "return 3 * x"))
    assert tests["quadruple: values"]["score"] == 5.0 and tests["quadruple: values"]["status"] == "passed"


def test_a_wrong_dependant_is_told_its_helper_answered_as_the_reference():
    tests = _grade(REFERENCE.replace("return 2 * x", "return 3 * x").replace("double(double(x))", "double(x)"))
    output = tests["quadruple: values"]["output"]
    assert tests["quadruple: values"]["score"] == 0.0
    assert output.endswith("\nNote: your `double` failed its own checks, so during this check `double` answered as "
                           "the reference does: the difference comes from `quadruple`'s own code.")
    right_helper = _grade(REFERENCE.replace("double(double(x))", "double(x)"))
    assert "Note:" not in right_helper["quadruple: values"]["output"]  # a sound helper runs as written


def test_a_sound_helper_of_a_wrong_helper_answers_as_a_whole():
    # `quadruple` is right, but calls a wrong `double`: while `octuple` is graded, `quadruple` answers
    # as the reference in one call, rather than running the student's code with `double` answered.
    source = REFERENCE.replace("return 2 * x", "return 3 * x").replace(
        "    return double(double(x))", "    seen.append(float(x[0]))\n    return double(double(x))")
    source = "seen = []\n" + source + "\ndef octuple(x):\n    return 2 * quadruple(x)\n"
    reference = _namespace(REFERENCE + "\ndef octuple(x):\n    return 2 * quadruple(x)\n")
    base = _assignment()
    parts = list(base.parts) + [Part("octuple", checks=[Values("values", [Case((np.full(2, 7.0),))])],
                                     uses=("quadruple",))]
    a = fake_assignment(parts, points={"double": 10.0, "quadruple": 5.0, "octuple": 5.0},
                        reference={name: reference[name] for name in ("double", "quadruple", "octuple")})
    student = _namespace(source)
    executor = LocalExecutor(student, helpers={name: reference[name] for name in ("double", "quadruple")})
    tests = {t["name"]: t for t in grade_parts(a, executor, cache=ReferenceCache())}
    assert tests["quadruple: values"]["status"] == "passed" and tests["octuple: values"]["status"] == "passed"
    assert 7.0 not in student["seen"] and student["seen"]  # quadruple ran for its own checks, not octuple's
    wrong_octuple = source.replace("return 2 * quadruple(x)", "return 3 * quadruple(x)")
    tests = {t["name"]: t for t in grade_parts(a, LocalExecutor(_namespace(wrong_octuple), helpers={
        name: reference[name] for name in ("double", "quadruple")}), cache=ReferenceCache())}
    assert tests["octuple: values"]["output"].endswith(
        "\nNote: during this check `quadruple` answered as the reference does: the difference comes from "
        "`octuple`'s own code.")


def test_an_integration_check_runs_the_students_own_helpers():
    cases = [Case((np.arange(3.0),))]
    checks = [Values("values", cases), Values("with your own helpers", cases, integration=True)]
    tests = _grade(REFERENCE.replace("return 2 * x", "return 3 * x"), _assignment(checks))
    assert tests["quadruple: values"]["score"] > 0
    own = tests["quadruple: with your own helpers"]
    assert own["score"] == 0.0 and own["extra_data"]["integration"] is True
    assert own["output"].endswith("\nNote: this check runs your own `double`, which failed its own checks; fix it first.")
    assert _grade(REFERENCE, _assignment(checks))["quadruple: with your own helpers"]["status"] == "passed"


def test_a_missing_function_fails_each_of_its_checks_with_the_reason():
    tests = _grade("def quadruple(x):\n    return 4 * x\n")
    assert tests["double: values"]["output"] == (
        "`double` is not defined in the submission: check its name and that its cell is included")
    assert tests["double: values"]["score"] == 0.0 and tests["quadruple: values"]["score"] == 5.0


def test_only_the_parts_and_checks_asked_for_run():
    tests = _grade(REFERENCE, parts=["quadruple"])
    assert list(tests) == ["quadruple: values"]
    tests = _grade(REFERENCE, check_names=["more"])
    assert list(tests) == ["double: more"]


def test_a_grader_error_in_one_check_does_not_lose_the_others():
    def broken(value, ctx):
        raise AssertionError("unreachable")

    class Exploding(Values):
        def run(self, run):
            raise RuntimeError("spec bug")

    cases = [Case((np.arange(3.0),))]
    tests = _grade(REFERENCE, _assignment([Exploding("explodes", cases), Values("values", cases)]))
    assert tests["quadruple: explodes"]["status"] == "error"
    assert tests["quadruple: explodes"]["output"] == ("internal grader error in this check (RuntimeError: spec bug); "
                                                      "please report it to the course staff")
    assert tests["quadruple: values"]["status"] == "passed"


def test_a_long_message_is_cut_before_the_named_mistakes():
    class Verbose(Values):
        def run(self, run):
            outcome = super().run(run)
            return Outcome(outcome.status, "x" * 3000, outcome.mistakes) if not outcome.passed else outcome

    cases = [Case((np.arange(3.0),))]
    a = _assignment()
    a.part("double").checks = [Verbose("values", cases)]
    output = _grade(REFERENCE.replace("return 2 * x", "return x + 2"), a)["double: values"]["output"]
    assert output == "x" * 2500 + "\n[... 500 more characters]\nKnown mistake: adds. doubling multiplies by two"


@pytest.mark.parametrize("outcome, failed, integration, note", [
    (Outcome("passed", helpers_called=["h"]), set(), False, ""),
    (Outcome("failed", "m"), set(), False, ""),
    (Outcome("failed", "not run: x", helpers_called=["h"]), {"h"}, False, ""),
    (Outcome("failed", "m", helpers_called=["h", "k"]), set(), False,
     "\nNote: during this check `h`, `k` answered as the reference does: the difference comes from `p`'s own code."),
    (Outcome("failed", "m", helpers_called=["h", "k"]), {"h"}, False,
     "\nNote: your `h` failed its own checks, so during this check `h`, `k` answered as the reference does: the "
     "difference comes from `p`'s own code."),
    (Outcome("failed", "m", helpers_called=["h", "k"]), {"h", "k"}, False,
     "\nNote: your `h`, `k` failed their own checks, so during this check `h`, `k` answered as the reference does: "
     "the difference comes from `p`'s own code."),
    (Outcome("failed", "m", helpers_called=["h", "k"]), {"h", "k"}, True,
     "\nNote: this check runs your own `h`, `k`, which failed their own checks; fix them first."),
    (Outcome("failed", "m", helpers_called=["h"]), set(), True, ""),
])
def test_helper_notes(outcome, failed, integration, note):
    check = Values("c", [], integration=integration)
    assert _helper_note(Part("p", checks=[]), check, outcome, failed) == note


def test_the_result_object_adds_the_scores():
    a = _assignment()
    tests = list(_grade(REFERENCE.replace("return 2 * x", "return 3 * x")).values())
    result = result_object(a, "s.py", "abc", tests, ["a note"], 0.0, None)
    assert result["score"] == 5.0 and result["max_score"] == 15.0
    assert result["output"] == "Unit: 5 / 15\nNote: a note"
    assert (result["assignment"], result["submission"], result["sha256"]) == ("unit", "s.py", "abc")


def test_a_cases_inputs_are_built_once_and_each_caller_gets_its_own_copy():
    from autograder.runner import BuiltInputs

    built = []

    def builder(rng):
        built.append(1)
        return (rng.normal(size=3), {"W": np.ones(2)})

    case, inputs = Case(builder), BuiltInputs()
    first_args, _ = inputs.get(case, 5)
    first_args[0][:] = 0.0
    first_args[1]["W"] += 1  # a caller that changes what it got
    second_args, _ = inputs.get(case, 5)
    assert len(built) == 1
    np.testing.assert_array_equal(second_args[0], np.random.default_rng(5).normal(size=3))
    np.testing.assert_array_equal(second_args[1]["W"], np.ones(2))
    inputs.get(case, 6)  # another seed: other inputs
    assert len(built) == 2
