"""`autograder.runner.PartRun`: what the student's call is given (inputs, seed, spares, time budget,
answered helpers), and how built inputs and the reference's results are shared. In-process."""

import time

import numpy as np
import pytest

from autograder.runner import BuiltInputs, PartRun, ReferenceCache, grade_parts
from autograder.sandbox import CallResult, LocalExecutor
from autograder.spec import Case, Part, Values

from .conftest import fake_assignment


class _Recording(LocalExecutor):
    """The student's side, in-process, keeping the options each call was given."""

    def __init__(self, namespace):
        super().__init__(namespace)
        self.options = []

    def call(self, fn, args=(), kwargs=None, **options):
        self.options.append(dict(options, fn=fn))
        return super().call(fn, args, kwargs, **options)


def _noisy(x):
    return x + np.random.rand(*x.shape)


def _part_run(part, reference, executor=None, deadline=None, **limits):
    assignment = fake_assignment([part], reference={part.name: reference}, **limits)
    executor = executor or _Recording({part.name: reference})
    return PartRun(assignment, part, executor, ReferenceCache(), deadline or time.monotonic() + 100)


def test_the_students_call_is_seeded_like_the_references():
    case = Case((np.zeros(3),), np_seed=7)
    part = Part("noisy", checks=[Values("values", [case])])
    run = _part_run(part, _noisy)
    mine, reference = run.call(part.checks[0], 0, case), run.reference(part.checks[0], 0, case)
    np.random.seed(7)
    np.testing.assert_array_equal(mine.value, np.random.rand(3))
    np.testing.assert_array_equal(mine.value, reference.value)
    assert run.executor.options[0]["np_seed"] == 7


def test_an_older_signature_gets_its_spare_argument():
    def cost(a, y, parameters):
        return float(np.sum(a - y)) + parameters["c"]

    case = Case((np.ones(2), np.zeros(2)), spare=lambda a, y: {"parameters": {"c": 1.0}})
    part = Part("cost", checks=[Values("values", [case])])
    run = _part_run(part, cost, _Recording({"cost": cost}))
    assert run.call(part.checks[0], 0, case).value == 3.0 == run.reference(part.checks[0], 0, case).value
    assert run.executor.options[0]["spare"] == {"parameters": {"c": 1.0}}


@pytest.mark.parametrize("check_timeout, part_timeout, call_seconds, budget", [
    (None, None, 10.0, 5.0),  # a fast reference: the floor
    (None, None, 3.0, 3.0),  # never above the assignment's limit
    (None, 4.0, 10.0, 4.0),  # the part's own limit
    (2.0, None, 10.0, 2.0),  # the check's own limit
    (2.0, 4.0, 10.0, 2.0),  # the check's before the part's
])
def test_the_call_budget_is_the_floor_within_the_limits(check_timeout, part_timeout, call_seconds, budget):
    case = Case((np.ones(2),))
    part = Part("f", checks=[Values("values", [case], timeout=check_timeout)], timeout=part_timeout)
    run = _part_run(part, lambda x: 2 * x, call_seconds=call_seconds)
    assert run.call_budget(part.checks[0], 0, case) == budget
    run.call(part.checks[0], 0, case)
    assert run.executor.options[0]["timeout"] == budget


def test_a_slow_reference_gives_the_student_fifty_times_its_time():
    case = Case((np.ones(2),))
    part = Part("f", checks=[Values("values", [case])])

    def slow(x):
        time.sleep(0.15)
        return 2 * x

    run = _part_run(part, slow, call_seconds=600.0)
    seconds = run.reference(part.checks[0], 0, case).seconds
    assert seconds >= 0.15 and run.call_budget(part.checks[0], 0, case) == 50 * seconds


def test_the_last_second_of_the_submission_caps_the_call_and_after_it_nothing_runs():
    case = Case((np.ones(2),))
    part = Part("f", checks=[Values("values", [case])])
    run = _part_run(part, lambda x: 2 * x, deadline=time.monotonic() + 0.5)
    assert run.call(part.checks[0], 0, case).status == "ok"
    assert 0.0 < run.executor.options[0]["timeout"] <= 0.5
    late = _part_run(part, lambda x: 2 * x, deadline=time.monotonic() - 0.01)
    assert late.call(part.checks[0], 0, case).status == "timeout" and late.executor.options == []


def test_calls_are_shared_between_checks_with_equal_inputs():
    case = Case(lambda rng: (rng.normal(size=2),), seed=3)
    checks = [Values("one", [case]), Values("two", [case])]
    part = Part("f", checks=checks)
    run = _part_run(part, lambda x: 2 * x)
    assert run.call(checks[0], 0, case) is run.call(checks[1], 0, case)
    assert len(run.executor.options) == 1 and run.executor.options[0]["memo_key"][0] == "unit"
    other = Case(lambda rng: (rng.normal(size=2),), seed=4)
    assert run.input_key(checks[0], 0, case) != PartRun(run.assignment, part, run.executor, ReferenceCache(),
                                                        time.monotonic() + 9).input_key(checks[0], 1, other)


def test_default_seeds_differ_by_check_and_case_index():
    case = Case(lambda rng: (rng.normal(size=2),))
    checks = [Values("one", [case, case]), Values("two", [case])]
    run = _part_run(Part("f", checks=checks), lambda x: 2 * x)
    first = run.inputs(checks[0], 0, case)[0][0]
    assert not np.array_equal(first, run.inputs(checks[0], 1, case)[0][0])
    assert not np.array_equal(first, run.inputs(checks[1], 0, case)[0][0])
    np.testing.assert_array_equal(first, run.inputs(checks[0], 0, case)[0][0])


def test_built_inputs_are_kept_per_case_and_bounded():
    built = []

    def builder(rng):
        built.append(1)
        return (rng.normal(size=2),)

    inputs = BuiltInputs()
    a, b = Case(builder), Case(builder)
    for _ in range(2):
        inputs.get(a, 1)
        inputs.get(b, 1)
    assert len(built) == 2  # each case once, though they alternate
    small = BuiltInputs()
    small.MAX_ENTRIES = 2
    built.clear()
    for case in (a, b, Case(builder), a):  # the third fills it: it starts again, and `a` is built anew
        small.get(case, 1)
    assert len(built) == 4


def test_integration_calls_watch_the_students_own_helpers_and_others_answer_them():
    source = "def h(x):\n    return 2 * x\n\ndef g(x):\n    return h(x) + 1\n"
    namespace = {}
    exec(source, namespace)  # noqa: S102 - the tests' own code
    cases = [Case((np.ones(2),))]
    parts = [Part("h", checks=[Values("values", cases)]),
             Part("g", checks=[Values("values", cases), Values("own", cases, integration=True)], uses=("h",))]
    assignment = fake_assignment(parts, reference={"h": namespace["h"], "g": namespace["g"]})
    executor = _Recording(namespace)
    executor.helpers = {"h": namespace["h"]}
    grade_parts(assignment, executor, parts=["g"], cache=ReferenceCache())
    answered, own = executor.options
    assert (answered["proxies"], answered["watch"], answered["rng_proxies"]) == (("h",), (), ())
    assert (own["proxies"], own["watch"]) == ((), ("h",))


def _chain(sound):
    names = {"a": (), "b": ("a",), "c": ("b",), "d": ("c",), "e": ()}
    parts = [Part(n, checks=[], uses=uses) for n, uses in names.items()]
    assignment = fake_assignment(parts, reference={n: (lambda x: x) for n in names})
    return PartRun(assignment, parts[3], LocalExecutor({}), ReferenceCache(), time.monotonic() + 9, sound)


def test_answered_helpers_reach_helpers_of_helpers():
    assert _chain(None).answered_helpers() == ("a", "b", "c")
    assert _chain({"a", "b", "c"}).answered_helpers() == ()
    # A sound helper above an unsound one answers as a whole (as the reference it behaved like).
    assert _chain({"b", "c"}).answered_helpers() == ("a", "b", "c")
    assert _chain({"a", "c"}).answered_helpers() == ("b", "c")
    assert _chain({"a", "b"}).answered_helpers() == ("c",)


def test_the_reference_cache_computes_each_key_once():
    cache, computed = ReferenceCache(), []

    def compute():
        computed.append(1)
        return CallResult("ok", value=len(computed))

    assert cache.get(("unit", "f", "k", "reference"), compute).value == 1
    assert cache.get(("unit", "f", "k", "reference"), compute).value == 1
    assert cache.get(("unit", "f", "k2", "reference"), compute).value == 2


@pytest.fixture()
def disk(tmp_path, monkeypatch):
    """The reference's results on disk, as a grader with a cache folder has them."""
    from autograder import refcache

    store = refcache.DiskStore(tmp_path / "unit-0.refcache")
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", str(tmp_path))
    monkeypatch.setattr(refcache.STORES, "store", lambda assignment: {"unit": store}[assignment.id])
    return store


def _counted(result):
    calls = []

    def compute():
        calls.append(1)
        return result

    return compute, calls


def test_results_on_disk_are_used_and_new_ones_kept(disk):
    assignment = fake_assignment([Part("f", checks=[])])
    compute, calls = _counted(CallResult("ok", value=1.5))
    assert ReferenceCache().get(("unit", "f", "k", "reference"), compute, assignment).value == 1.5
    assert disk.entries == {("f", "k", "reference"): CallResult("ok", value=1.5)} and disk.dirty
    # Another process (a fresh cache) reads it from disk rather than computing it again.
    assert ReferenceCache().get(("unit", "f", "k", "reference"), compute, assignment).value == 1.5
    assert len(calls) == 1
    # Without the assignment, nothing is read from or written to its file.
    assert ReferenceCache().get(("unit", "f", "k", "reference"), _counted(CallResult("ok", value=2))[0]).value == 2


@pytest.mark.parametrize("status, kept", [("ok", True), ("error", True), ("timeout", False), ("crashed", False)])
def test_only_results_that_would_come_again_are_kept_on_disk(disk, status, kept):
    assignment = fake_assignment([Part("f", checks=[])])
    ReferenceCache().get(("unit", "f", "k", "mistake:m"), _counted(CallResult(status))[0], assignment)
    assert (("f", "k", "mistake:m") in disk.entries) is kept


def test_a_strict_cache_refuses_a_missing_reference_result_but_computes_a_mistakes(disk, monkeypatch):
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE_STRICT", "1")
    assignment = fake_assignment([Part("f", checks=[])])
    with pytest.raises(RuntimeError) as refused:
        ReferenceCache().get(("unit", "f", "k", "reference"), _counted(CallResult("ok"))[0], assignment)
    assert str(refused.value) == "the reference's result for f is not in unit-0.refcache"
    assert ReferenceCache().get(("unit", "f", "k", "mistake:m"), _counted(CallResult("ok", value=3))[0],
                                assignment).value == 3
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", "off")  # no file: nothing to be strict about
    assert ReferenceCache().get(("unit", "f", "k", "reference"), _counted(CallResult("ok", value=4))[0],
                                assignment).value == 4


def test_a_part_runs_reference_is_stored_under_its_part_and_inputs(disk):
    case = Case((np.ones(2),))
    part = Part("f", checks=[Values("values", [case])])
    run = _part_run(part, lambda x: 2 * x)
    run.reference(part.checks[0], 0, case)
    ((key, result),) = disk.entries.items()
    assert key == ("f", run.input_key(part.checks[0], 0, case), "reference") and result.value.tolist() == [2.0, 2.0]


def test_keyword_arguments_reach_the_student_and_the_reference():
    case = Case((np.ones(2),), kwargs={"scale": 3.0})
    part = Part("f", checks=[Values("values", [case])])
    run = _part_run(part, lambda x, scale=1.0: scale * x)
    assert run.call(part.checks[0], 0, case).value.tolist() == [3.0, 3.0]
    assert run.reference(part.checks[0], 0, case).value.tolist() == [3.0, 3.0]


def test_an_argument_is_named_by_the_references_parameter_or_its_position():
    run = _part_run(Part("f", checks=[]), lambda x, y: x)
    assert [run.param_name(i) for i in range(3)] == ["x", "y", "argument 3"]


def test_the_default_seed_derives_from_the_assignment_part_check_and_index():
    from autograder.spec import derived_seed

    case = Case(lambda rng: (rng.normal(size=2),))
    check = Values("hidden", [case, case])
    run = _part_run(Part("f", checks=[check]), lambda x: x)
    assert run.seed(check, 1) == derived_seed("unit", "f", "hidden", 1)


def test_the_reference_runs_once_per_input_even_to_set_the_time_budget():
    runs = []

    def reference(x):
        runs.append(1)
        return 2 * x

    case = Case(lambda rng: (rng.normal(size=2),))
    part = Part("f", checks=[Values("values", [case])])
    run = _part_run(part, reference, _Recording({"f": lambda x: 2 * x}))
    run.call(part.checks[0], 0, case)
    run.reference(part.checks[0], 0, case)
    assert len(runs) == 1


class _Sandboxed:
    """An executor with the sandbox's calling convention (no in-process memo)."""

    def __init__(self, namespace):
        self.inner = LocalExecutor(namespace)
        self.load_report = self.inner.load_report

    def call(self, fn, args=(), kwargs=None, np_seed=None, return_args=False, timeout=None, spare=None,
             proxies=(), watch=(), rng=None, return_rng=False, rng_proxies=None):
        return self.inner.call(fn, args, kwargs, np_seed=np_seed, return_args=return_args, spare=spare,
                               proxies=proxies, watch=watch)


def test_the_sandbox_is_called_without_the_in_process_memo_and_each_input_has_its_own_result():
    cases = [Case((np.ones(2),)), Case((np.zeros(2),))]
    part = Part("f", checks=[Values("values", cases)])
    run = _part_run(part, lambda x: x + 1, _Sandboxed({"f": lambda x: x + 1}))
    assert run.call(part.checks[0], 0, cases[0]).value.tolist() == [2.0, 2.0]
    shared = _part_run(part, lambda x: x + 1, LocalExecutor({"f": lambda x: x + 1}, memo={}))
    assert shared.call(part.checks[0], 0, cases[0]).value.tolist() == [2.0, 2.0]
    assert shared.call(part.checks[0], 1, cases[1]).value.tolist() == [1.0, 1.0]


def test_answered_helpers_follow_every_branch_and_ignore_names_not_graded():
    names = {"p": ("r",), "q": (), "r": (), "x": ("p", "q", "not_graded")}
    parts = [Part(n, checks=[], uses=uses) for n, uses in names.items()]
    assignment = fake_assignment(parts, reference={n: (lambda v: v) for n in names})
    run = PartRun(assignment, parts[3], LocalExecutor({}), ReferenceCache(), time.monotonic() + 9)
    assert run.answered_helpers() == ("p", "q", "r")
