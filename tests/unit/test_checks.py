"""`autograder.checks`: each kind of check, run on tiny fake specs in the grader's process."""

import time

import numpy as np
import pytest

from autograder.checks import GradCheck, NoInPlace, Property, Values, _get, _with
from autograder.runner import PartRun, ReferenceCache
from autograder.sandbox import LocalExecutor
from autograder.spec import Case, Mistake, Part

from .conftest import fake_assignment


def _run(part, student, reference):
    """A `PartRun` of ``part`` with ``student`` as the submission's function and ``reference`` as the reference."""
    assignment = fake_assignment([part], reference={part.name: reference})
    executor = LocalExecutor({part.name: student})
    return PartRun(assignment, part, executor, ReferenceCache(), time.monotonic() + 60)


def _outcome(check, student, reference, mistakes=(), returns="result"):
    part = Part("f", checks=[check], mistakes=list(mistakes), returns=returns)
    return check.run(_run(part, student, reference))


def _cases():
    return [Case(lambda rng: (rng.normal(size=(3, 4)),)), Case((np.array([[1.0, -2.0], [0.5, 3.0]]),))]


def relu(x):
    return np.maximum(x, 0)


# --- Values and the naming of known mistakes -------------------------------------------------------------

def test_values_passes_a_right_answer_and_fails_a_wrong_one():
    assert _outcome(Values("v", _cases()), relu, relu).status == "passed"
    outcome = _outcome(Values("v", _cases()), lambda x: np.maximum(x, 0.1), relu)
    assert outcome.status == "failed" and outcome.mistakes == []
    assert outcome.message.startswith("case 1: result: ")
    assert "\ncase 2: result: 1 of 4 values differ; max abs error 0.1 at index (0, 1)" in outcome.message


def test_a_wrong_answer_that_matches_no_known_mistake_is_told_none():
    mistakes = [Mistake("leaky", "use max(x, 0)", lambda x: np.maximum(x, 0.01 * x)),
                Mistake("abs", "not |x|", np.abs)]
    outcome = _outcome(Values("v", _cases()), lambda x: np.maximum(x, 0) * 2, relu, mistakes)
    assert outcome.status == "failed"
    assert outcome.mistakes == []


def test_the_known_mistake_the_answer_matches_is_named_and_no_other():
    mistakes = [Mistake("leaky", "use max(x, 0)", lambda x: np.maximum(x, 0.01 * x)),
                Mistake("abs", "not |x|", np.abs), Mistake("raises", "", lambda x: 1 / 0)]
    outcome = _outcome(Values("v", _cases()), np.abs, relu, mistakes)
    assert outcome.status == "failed" and outcome.mistakes == ["abs"]
    outcome = _outcome(Values("v", _cases()), lambda x: np.where(x > 0, x, 0.01 * x), relu, mistakes)
    assert outcome.mistakes == ["leaky"]


def test_a_mistake_is_named_only_where_it_differs_from_the_reference():
    # On the second case the mistake agrees with the reference; the student is wrong there for another
    # reason, and the mistake explains nothing.
    positive = [Case((np.array([[1.0, 2.0]]),))]
    mistakes = [Mistake("abs", "not |x|", np.abs)]
    outcome = _outcome(Values("v", positive), lambda x: x * 3, relu, mistakes)
    assert outcome.status == "failed" and outcome.mistakes == []


def test_a_mistake_differing_only_where_the_reference_is_not_finite_is_named_only_if_declared_nonfinite():
    def reference(x):
        with np.errstate(over="ignore"):
            return np.exp(x)

    def overflowing(x):  # agrees with the reference where finite, NaN where the reference is inf
        with np.errstate(over="ignore", invalid="ignore"):
            return np.exp(x) * np.where(np.isinf(np.exp(x)), np.nan, 1.0)

    case = [Case((np.array([1.0, 1e3]),))]
    student = overflowing
    plain = _outcome(Values("v", case), student, reference, [Mistake("overflow", "", overflowing)])
    assert plain.status == "failed" and plain.mistakes == []
    declared = _outcome(Values("v", case), student, reference, [Mistake("overflow", "", overflowing, nonfinite=True)])
    assert declared.status == "failed" and declared.mistakes == ["overflow"]


def test_identify_compares_with_the_checks_tolerance():
    mistakes = [Mistake("double", "", lambda x: 2 * x)]
    close = _outcome(Values("v", _cases(), rtol=1e-2), lambda x: 2 * x * (1 + 1e-3), lambda x: x, mistakes)
    assert close.mistakes == ["double"]
    far = _outcome(Values("v", _cases(), rtol=1e-4), lambda x: 2 * x * (1 + 1e-3), lambda x: x, mistakes)
    assert far.status == "failed" and far.mistakes == []


def test_values_select_and_check_args():
    def scale_into(x, out):
        out[...] = 2 * x
        return None

    def wrong_into(x, out):
        out[...] = 3 * x

    cases = [Case((np.ones(2), np.zeros(2)))]
    check = Values("v", cases, check_args=(1,))
    assert _outcome(check, scale_into, scale_into).passed
    outcome = _outcome(Values("v", cases, check_args=(1,)), wrong_into, scale_into)
    assert outcome.status == "failed" and outcome.message.startswith("case 1: out: 2 of 2 values differ")
    selected = Values("v", cases, select=lambda v: v[0])
    assert _outcome(selected, lambda x, out: (x, 1), lambda x, out: (x, 2)).passed
    assert not _outcome(Values("v", cases, select=lambda v: v[1]), lambda x, out: (x, 1), lambda x, out: (x, 2)).passed


def test_values_names_tuple_results_and_reveals_public_values():
    check = Values("v", [Case((2.0,))], reveal=True)
    outcome = _outcome(check, lambda x: (x, x + 1), lambda x: (x, x), returns=("a", "b"))
    assert outcome.message == ("case 1: b: expected 2.0, got 3.0: abs error 1, rel error 0.5 "
                               "(tolerance rtol=1e-06, atol=1e-08)")
    strict = _outcome(Values("v", [Case((2.0,))], strict_types=True), lambda x: np.array(x), float)
    assert strict.message == "case 1: result: expected a Python float, got ndarray of shape () and dtype float64"


def test_a_call_that_raises_is_an_error_and_later_cases_still_run():
    def fragile(x):
        if x.shape == (3, 4):
            raise ValueError("boom")
        return x

    outcome = _outcome(Values("v", _cases()), fragile, relu)
    assert outcome.status == "error"
    assert outcome.message.startswith("case 1: ") and "ValueError: boom" in outcome.message
    assert "\ncase 2: result: 1 of 4 values differ" in outcome.message


def test_a_labelled_case_is_named_by_its_label():
    outcome = _outcome(Values("v", [Case((np.ones(2),), label="ones")]), lambda x: -x, relu)
    assert outcome.message.startswith("case 1 (ones): result:")


def test_the_reference_failing_is_reported_as_a_spec_problem():
    outcome = _outcome(Values("v", [Case((np.ones(2),))]), relu, lambda x: 1 / 0)
    assert outcome.status == "failed"
    assert "the reference itself failed on this case" in outcome.message


# --- NoInPlace --------------------------------------------------------------------------------------------

def normalize_rows_in_place(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def normalize_rows(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_a_function_that_writes_into_its_input_fails_no_in_place():
    outcome = _outcome(NoInPlace("inputs", _cases()), normalize_rows_in_place, normalize_rows)
    assert outcome.status == "failed"
    assert outcome.message.split("\n") == [
        "case 1: argument `x` was modified in place; work on a copy (e.g. `x = x.copy()`) or build new arrays "
        "instead of writing into it",
        "case 2: argument `x` was modified in place; work on a copy (e.g. `x = x.copy()`) or build new arrays "
        "instead of writing into it"]


def test_a_function_that_leaves_its_input_alone_passes_no_in_place():
    assert _outcome(NoInPlace("inputs", _cases()), normalize_rows, normalize_rows).passed


def test_no_in_place_watches_keyword_arguments_too():
    def scale(x, factor=None):
        factor *= 2
        return x

    def reference(x, factor=None):
        return x

    cases = [Case((np.ones(2),), kwargs={"factor": np.ones(2)})]
    assert _outcome(NoInPlace("inputs", cases), scale, reference).message == (
        "case 1: argument `factor` was modified in place")
    assert _outcome(NoInPlace("inputs", cases), reference, reference).passed


def test_no_in_place_counts_only_for_a_function_that_computes_the_right_thing():
    outcome = _outcome(NoInPlace("inputs", _cases()), lambda x: x * 0, normalize_rows)
    assert outcome.status == "failed"
    # Nothing was judged: it says so, rather than accusing code that modifies nothing.
    assert outcome.message.startswith("Not yet checked: this check counts once the function returns the right values")


def test_no_in_place_sees_the_arguments_the_check_maps_the_case_to():
    def softmax_in_place(z):
        z -= z.max(axis=0, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=0, keepdims=True)
        return z

    def softmax(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    cases = [Case(lambda rng: (rng.normal(size=(3, 5)), "unused"))]
    check = NoInPlace("inputs", cases, call_args=lambda z, _: (z,))
    assert _outcome(check, softmax_in_place, softmax).message.startswith("case 1: argument `z` was modified in place")
    assert _outcome(NoInPlace("inputs", cases, call_args=lambda z, _: (z,)), softmax, softmax).passed


# --- GradCheck --------------------------------------------------------------------------------------------

def _half_square(x):
    return float(np.sum(x ** 2) / 2)


def _grad_check(relative_error, size=(3, 4), **options):
    """GradCheck of x -> sum(x²)/2 against a gradient scaled so that its error is ``relative_error``."""
    # The check's error is |g - g_num| / (|g| + |g_num|): a gradient (1 + d) x has error d / (2 + d).
    d = 2 * relative_error / (1 - relative_error)
    check = GradCheck("gradient", [Case(lambda rng: (rng.normal(size=size),))], objective=_half_square,
                      wrt={"dx": ((0,), ())}, **options)
    return _outcome(check, lambda x: (1 + d) * x, lambda x: x)


def test_a_gradient_just_outside_the_tolerance_fails():
    outcome = _grad_check(2e-6)
    assert outcome.status == "failed"
    assert outcome.message.startswith("case 1: `dx` disagrees with central differences of the objective: "
                                      "relative error 2e-06 (must be below 1e-06")


def test_a_gradient_just_inside_the_tolerance_passes():
    assert _grad_check(5e-7).passed
    assert _grad_check(0.0).passed


def test_the_tolerance_given_is_the_one_used():
    assert _grad_check(2e-4, tol=1e-3).passed
    assert not _grad_check(2e-3, tol=1e-3).passed


def test_large_variables_are_checked_along_random_directions():
    assert _grad_check(5e-7, size=(10, 10)).passed
    outcome = _grad_check(2e-6, size=(10, 10))
    assert outcome.status == "failed" and "relative error 2e-06" in outcome.message
    assert _grad_check(5e-7, size=(10, 10), max_full=100).passed


def test_a_gradient_wrong_in_one_entry_fails():
    def one_off(x):
        g = x.copy()
        g[1, 2] += 1e-3
        return g

    check = GradCheck("gradient", [Case(lambda rng: (rng.normal(size=(3, 4)),))], objective=_half_square,
                      wrt={"dx": ((0,), ())})
    assert _outcome(check, one_off, lambda x: x).status == "failed"


def test_a_gradient_missing_or_of_the_wrong_shape_is_named():
    check = GradCheck("gradient", [Case((np.ones((2, 2)),))], objective=_half_square, wrt={"dx": ((0,), ("dx",))})
    assert _outcome(check, lambda x: {"dy": x}, lambda x: {"dx": x}).message == (
        "case 1: `dx` not found in the result (expected at result['dx'])")
    assert _outcome(check, lambda x: {"dx": x.T[:1]}, lambda x: {"dx": x}).message == (
        "case 1: `dx` should have shape (2, 2), like the variable it belongs to; got ndarray of shape (1, 2) and "
        "dtype float64")
    assert _outcome(check, lambda x: {"dx": "x"}, lambda x: {"dx": x}).message.endswith("got str")
    assert _outcome(check, lambda x: {"dx": x}, lambda x: {"dx": x}).passed


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_gradient_fails(bad):
    check = GradCheck("gradient", [Case((np.ones((2, 2)),))], objective=_half_square, wrt={"dx": ((0,), ())})
    outcome = _outcome(check, lambda x: np.where(x > 0, bad, x), lambda x: x)
    assert outcome.status == "failed" and outcome.message.startswith("case 1: `dx` ")


def test_a_scalar_variable_inside_a_nested_argument():
    def objective(cache, w):
        a, b = cache
        assert type(b) is float  # a scalar variable is varied as a Python float, as the student's code gets it
        return float(np.sum(w * a) * b)

    def grads(cache, w):
        a, b = cache
        return {"db": float(np.sum(w * a)), "dw": a * b}

    case = [Case(lambda rng: ((rng.normal(size=3), 1.5), rng.normal(size=3)))]
    check = GradCheck("gradient", case, objective=objective, wrt={"db": ((0, 1), ("db",)), "dw": ((1,), ("dw",))})
    assert _outcome(check, grads, grads).passed
    wrong = _outcome(check, lambda c, w: dict(grads(c, w), db=2 * grads(c, w)["db"]), grads)
    assert wrong.status == "failed" and wrong.message.startswith("case 1: `db` disagrees")


def test_path_helpers():
    value = {"a": (1, [2, 3])}
    assert _get(value, ("a", 1, 0)) == 2
    replaced = _with(value, ("a", 1, 0), 9)
    assert replaced == {"a": (1, [9, 3])} and value == {"a": (1, [2, 3])}
    assert isinstance(replaced["a"], tuple) and isinstance(replaced["a"][1], list)
    assert _with(value, (), 5) == 5


# --- Property ---------------------------------------------------------------------------------------------

def test_property_reports_its_problem_and_sees_the_inputs_and_the_expected_result():
    seen = {}

    def positive(value, ctx):
        seen["args"], seen["expected"] = ctx.args, ctx.expected
        return None if np.all(value >= 0) else "some values are negative"

    case = [Case((np.array([-1.0, 2.0]),))]
    assert _outcome(Property("p", case, check=positive), relu, relu).passed
    np.testing.assert_array_equal(seen["args"][0], [-1.0, 2.0])
    np.testing.assert_array_equal(seen["expected"], [0.0, 2.0])
    assert _outcome(Property("p", case, check=positive), lambda x: x, relu).message == "case 1: some values are negative"


def test_a_property_that_cannot_read_the_result_fails_with_the_reason():
    outcome = _outcome(Property("p", [Case((1.0,))], check=lambda v, ctx: v["key"]), lambda x: x, lambda x: x)
    assert outcome.status == "failed"
    assert outcome.message.startswith("case 1: the result could not be examined (TypeError:")
    assert outcome.message.endswith("got float")


def test_property_context_reports_a_failing_reference():
    outcome = _outcome(Property("p", [Case((1.0,))], check=lambda v, ctx: ctx.expected), lambda x: x,
                       lambda x: 1 / 0)
    assert outcome.status == "failed" and "the reference failed" in outcome.message


def test_more_than_eight_problems_are_summarised():
    cases = [Case((float(i),)) for i in range(11)]
    outcome = _outcome(Values("v", cases), lambda x: x + 1, lambda x: x)
    lines = outcome.message.split("\n")
    assert len(lines) == 9 and lines[-1] == "... and 3 more"


@pytest.mark.parametrize("kind", [Values, NoInPlace])
def test_a_single_case_is_a_list_of_one(kind):
    check = kind("v", Case((1.0,)))  # built in the test, not at collection, so mutation testing sees it
    assert isinstance(check.cases, list) and len(check.cases) == 1


def test_outcome_lists_are_empty_not_missing():
    passed = _outcome(Values("v", [Case((1.0,))]), lambda x: x, lambda x: x)
    assert passed.helpers_called == [] and passed.mistakes == [] and passed.figures == []
    failed = _outcome(Values("v", [Case((1.0,))]), lambda x: x + 1, lambda x: x)
    assert failed.mistakes == [] and failed.figures == [] and failed.helpers_called == []


def test_exactly_eight_problems_are_all_shown():
    outcome = _outcome(Values("v", [Case((float(i),)) for i in range(8)]), lambda x: x + 1, lambda x: x)
    assert len(outcome.message.split("\n")) == 8 and "more" not in outcome.message


def test_a_property_sees_the_inputs_and_reference_result_of_its_own_random_case():
    def same_as_inputs(value, ctx):
        if not np.array_equal(value, ctx.args[0]):
            return "not the inputs of the call"
        if not np.array_equal(value, ctx.expected):
            return "not the reference's result on the same inputs"
        return None

    cases = [Case(lambda rng: (rng.normal(size=4),)), Case(lambda rng: (rng.normal(size=4),))]
    assert _outcome(Property("p", cases, check=same_as_inputs), lambda x: x, lambda x: x).passed


def _random_cases():
    return [Case(lambda rng: (rng.normal(size=(2, 3)) * 100,)), Case(lambda rng: (rng.normal(size=4) * 100,))]


@pytest.mark.parametrize("nonfinite", [False, True])
def test_a_mistake_within_tolerance_of_the_reference_explains_nothing(nonfinite):
    # The student is just outside the tolerance; the mistake is within it of the student AND of the
    # reference: it does not explain the difference, whatever kind of mistake it is.
    mistakes = [Mistake("tiny", "", lambda x: x * (1 + 0.8e-6), nonfinite=nonfinite)]
    outcome = _outcome(Values("v", _random_cases()), lambda x: x * (1 + 1.5e-6), lambda x: x, mistakes)
    assert outcome.status == "failed" and outcome.mistakes == []
    near_zero = [Mistake("tiny", "", lambda x: x * 0 + 0.8e-3, nonfinite=nonfinite)]
    check = Values("v", _random_cases(), rtol=0.0, atol=1e-3)
    outcome = _outcome(check, lambda x: x * 0 + 1.5e-3, lambda x: x * 0, near_zero)
    assert outcome.status == "failed" and outcome.mistakes == []
    # Just outside the reference's tolerance, the same mistake is named.
    named = [Mistake("small", "", lambda x: x * (1 + 1.4e-6), nonfinite=nonfinite)]
    assert _outcome(Values("v", _random_cases()), lambda x: x * (1 + 1.5e-6), lambda x: x, named).mistakes == ["small"]


def test_a_mistake_in_an_argument_updated_in_place_is_named():
    def into(factor):
        def f(x, out):
            out[...] = factor * x
        return f

    check = Values("v", [Case(lambda rng: (rng.normal(size=3), np.zeros(3)))], check_args=(1,))
    outcome = _outcome(check, into(3), into(2), [Mistake("triple", "", into(3)), Mistake("quadruple", "", into(4))])
    assert outcome.status == "failed" and outcome.mistakes == ["triple"]


def test_a_mistake_must_match_every_item_of_a_tuple_and_no_extra_key():
    mistakes = [Mistake("first off", "", lambda x: (x + 1, 2 * x))]
    outcome = _outcome(Values("v", _random_cases()), lambda x: (x + 1, 3 * x), lambda x: (x, 2 * x), mistakes,
                       returns=("a", "b"))
    assert outcome.status == "failed" and outcome.mistakes == []
    keyed = [Mistake("doubled", "", lambda x: {"a": 2 * x})]
    outcome = _outcome(Values("v", _random_cases()), lambda x: {"a": 2 * x, "b": 1.0}, lambda x: {"a": x}, keyed)
    assert outcome.status == "failed" and outcome.mistakes == []
    assert _outcome(Values("v", _random_cases()), lambda x: {"a": 2 * x}, lambda x: {"a": x}, keyed).mistakes == ["doubled"]


def test_a_nonfinite_mistake_is_named_for_a_difference_of_type_under_strict_types():
    mistakes = [Mistake("an int", "", lambda x: 2, nonfinite=True)]
    outcome = _outcome(Values("v", [Case((1.0,))], strict_types=True), lambda x: 2, lambda x: 2.0, mistakes)
    assert outcome.status == "failed" and outcome.mistakes == ["an int"]


def test_arguments_updated_in_place_are_judged_like_results():
    def into(result, written):
        def f(x, out):
            out[...] = written(x)
            return result(x)
        return f

    right = into(lambda x: x, lambda x: 2 * x)
    cases = [Case((np.array([100.0, 0.0]), np.zeros(2)))]
    # A wrong result is reported even when the argument is right, and the other way round.
    wrong_value = _outcome(Values("v", cases, check_args=(1,)), into(lambda x: -x, lambda x: 2 * x), right)
    assert wrong_value.message.startswith("case 1: result: 1 of 2 values differ")
    # Within rtol of 100 and within atol of 0: passes; public cases show the expected argument.
    close = into(lambda x: x, lambda x: 2 * x + np.array([5e-5, 5e-9]))
    assert _outcome(Values("v", cases, check_args=(1,)), close, right).passed
    far = into(lambda x: x, lambda x: 2 * x + np.array([0.0, 1.0]))
    shown = _outcome(Values("v", cases, check_args=(1,), reveal=True), far, right).message
    assert shown.startswith("case 1: out: 1 of 2 values differ") and "\n    expected: [200.,   0.]" in shown
    as_int = into(lambda x: x, lambda x: (2 * x).astype(int))
    strict = _outcome(Values("v", [Case((np.array([1.0]), np.zeros(1, dtype=int)))], check_args=(1,), strict_types=True),
                      as_int, into(lambda x: x, lambda x: 2 * x))
    assert strict.status == "passed"  # the argument's dtype is the caller's: int stays int
    # A position the function does not have compares as nothing on both sides.
    assert _outcome(Values("v", cases, check_args=(1, 4)), right, right).passed


def test_a_result_of_the_wrong_structure_is_described():
    outcome = _outcome(Values("v", [Case((1.0,))], select=lambda v: v[0]), lambda x: 3.0, lambda x: (x,))
    assert outcome.message == "case 1: the result has the wrong structure: got float"


class _Counted:
    """sum(x²)/2 * scale, recording the points it is evaluated at."""

    def __init__(self, scale=1.0):
        self.scale, self.points = scale, []

    def __call__(self, x, b=0.0, shift=0.0):
        assert isinstance(b, float)  # a scalar variable reaches the objective as a Python float
        self.points.append(np.array(x, dtype=float))
        return float(np.sum((x - shift) ** 2) / 2 * self.scale + b)


def test_grad_check_evaluates_entry_by_entry_up_to_max_full_then_along_unit_directions():
    for size, calls in ((60, 120), (61, 12)):
        objective = _Counted()
        check = GradCheck("g", [Case(lambda rng, n=size: (rng.normal(size=n),))], objective=objective, wrt={"dx": ((0,), ())})
        assert _outcome(check, lambda x: x, lambda x: x).passed
        assert len(objective.points) == calls
        x = objective.points[0] + objective.points[1]  # x + εd and x - εd
        steps = [np.linalg.norm(p - x / 2) for p in objective.points]
        assert np.allclose(steps, 1e-6, rtol=1e-3)


def test_grad_check_passes_its_keyword_arguments_and_reports_every_variable():
    case = [Case(lambda rng: (rng.normal(size=3),), kwargs={"b": 0.5, "shift": 2.0})]

    def grads(x, b=0.0, shift=0.0):
        return ({"dx": x - shift}, {"db": 1.0})

    check = GradCheck("g", case, objective=_Counted(), wrt={"dx": ((0,), (0, "dx")), "db": (("b",), (1, "db"))})
    # Keyword variables are not positional: look at the positional one alone.
    check.wrt = {"dx": ((0,), (0, "dx"))}
    assert _outcome(check, grads, grads).passed
    both = GradCheck("g", case, objective=_Counted(), wrt={"dy": ((0,), (0, "dy")), "dx": ((0,), (0, "dx"))})
    message = _outcome(both, lambda x, **k: ({"dx": x}, {}), grads).message
    assert message.split("\n") == ["case 1: `dy` not found in the result (expected at result[0]['dy'])",
                                   "case 1: `dx` disagrees with central differences of the objective: relative error "
                                   + message.split("relative error ")[1]]
    shaped = GradCheck("g", case, objective=_Counted(), wrt={"dx": ((0,), (0,)), "dz": ((0,), (1,))})
    lines = _outcome(shaped, lambda x, **k: (x[:2], x[:1]), lambda x, **k: (x, x)).message.split("\n")
    assert [line.split(" should")[0] for line in lines] == ["case 1: `dx`", "case 1: `dz`"]


def test_grad_check_of_a_constant_and_of_a_tiny_objective():
    zero = GradCheck("g", [Case((np.ones(3),))], objective=lambda x: 1.0, wrt={"dx": ((0,), ())})
    assert _outcome(zero, np.zeros_like, np.zeros_like).passed
    assert not _outcome(zero, np.ones_like, np.zeros_like).passed
    tiny = GradCheck("g", [Case(lambda rng: (rng.normal(size=4) * 1e-2,))], objective=_Counted(1e-4), wrt={"dx": ((0,), ())})
    assert _outcome(tiny, lambda x: 1e-4 * x, lambda x: 1e-4 * x).passed
    assert not _outcome(tiny, lambda x: 2e-4 * x, lambda x: 1e-4 * x).passed


def test_a_failing_values_check_pictures_its_first_failing_case():
    def model(x):
        return {"costs": [1.0, 0.5, 0.25], "A": x}

    def wrong(x):
        return {"costs": [1.0, 0.9, 0.8], "A": x + np.eye(*x.shape)}

    cases = [Case(lambda rng: (rng.normal(size=(4, 5)),), label="first"), Case(lambda rng: (rng.normal(size=(4, 5)),))]
    outcome = _outcome(Values("v", cases), wrong, model)
    assert [f["kind"] for f in outcome.figures] == ["curve", "diff"]
    curve, diff = outcome.figures
    assert curve["series"] == {"yours": [1.0, 0.9, 0.8], "reference": [1.0, 0.5, 0.25]}
    assert diff["title"] == 'where result["A"] differs (case 1 (first))'
    assert diff["mismatch"] == np.eye(4, 5, dtype=int).tolist()
    pair = _outcome(Values("v", cases), lambda x: (x, wrong(x)["A"]), lambda x: (x, x), returns=("X", "A"))
    assert [f["title"] for f in pair.figures] == ["where A differs (case 1 (first))"]
    checked = _outcome(Values("v", cases, check_args=(0,)), lambda x: x, lambda x: x * 0)
    assert [f["title"] for f in checked.figures] == ["where result differs (case 1 (first))"]
    assert _outcome(Values("v", cases), model, model).figures == []


def test_a_call_out_of_time_stops_the_check_after_its_first_case():
    part = Part("f", checks=[])
    run = _run(part, relu, relu)
    run.deadline = time.monotonic() - 1  # the submission's time is spent: every call is a timeout
    outcome = Values("v", _cases()).run(run)
    assert outcome.status == "timeout"
    assert outcome.message == ("case 1: the call did not finish within its time limit (endless loop, or far too slow)")
