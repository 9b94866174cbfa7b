"""The exported checks (what nbgrader and otter cells run) judge as dlgrade's own checks do.

In-process and fast: each exported check is written as source, evaluated against the reference and
against every known mistake, and its verdict compared with dlgrade's on the same function.
"""

import numpy as np
import pytest

from autograder import assignment as assignments
from autograder.exporters import notebook_checks
from autograder.exporters.cases import (INPUTS_FILE, Literals, check_call_source, exported_part, exported_parts,
                                       part_tests_source, select_template)
from autograder.exporters.notebook_checks import At
from autograder.validate import grade_reference

# Assignments whose reference runs in seconds (the others train networks for a minute when exported).
FAST = ["activations", "logistic_regression", "softmax_regression", "normalization", "gradient_checking"]


def run_exported(part, function, folder, named=None):
    """Points per check of ``function``, through the source the notebook cells hold (and, into ``named``,
    the known mistakes each check's feedback names)."""
    literals = Literals()
    calls = [check_call_source(check, literals) for check in part.checks]
    if literals.arrays:
        (folder / INPUTS_FILE).write_bytes(literals.npz_bytes())
    notebook_checks._inputs.clear()
    tests = notebook_checks.PartTests(part.name, function, returns=part.returns)
    for call in calls:
        eval("_tests" + call, {"_tests": tests, "_dlgrade": notebook_checks, "np": np})
    if named is not None:
        named.update(tests.named)
    return {name: earned for name, earned, _, _ in tests.results}


@pytest.fixture(params=FAST)
def exported(request, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = assignments.load(request.param)
    return a, exported_parts(a), tmp_path


def test_the_reference_earns_every_exported_point(exported):
    a, parts, folder = exported
    for part, spec in zip(parts, a.parts):
        earned = run_exported(part, a.reference_function(spec), folder)
        assert earned == {c.name: c.points for c in part.checks}, part.name
        assert round(sum(earned.values()), 2) == a.points[part.name]


def test_known_mistakes_get_dlgrade_verdicts_and_names_on_the_exactly_exported_checks(exported):
    """Values, inputs left intact and properties (exported as themselves) score and name as dlgrade."""
    a, parts, folder = exported
    for part, spec in zip(parts, a.parts):
        for mistake in spec.mistakes:
            named = {}
            earned = run_exported(part, mistake.fn, folder, named)
            assert sum(earned.values()) < a.points[part.name], f"{part.name}: {mistake.name} loses no points"
            tests = grade_reference(a, {spec.name: mistake.fn}, parts=[spec.name])
            dlgrade = {t["name"].split(": ", 1)[1]: t for t in tests}
            for check in part.checks:
                if check.kind in ("values", "unchanged", "property") and not check.note:
                    entry = dlgrade[check.name]
                    assert earned[check.name] == entry["score"], (part.name, mistake.name, check.name)
                    assert named[check.name] == entry.get("extra_data", {}).get("known_mistakes", []), \
                        (part.name, mistake.name, check.name)
            assert mistake.name in {n for names in named.values() for n in names}, (part.name, mistake.name)


def test_select_is_traced_into_key_paths_when_it_only_picks():
    result = ({"dw": np.ones(2), "db": 0.5}, np.float64(1.0))
    template = select_template(lambda r: {"gradient": r[0]["dw"], "cost": r[1]}, result)
    assert {k: v.path for k, v in template.items()} == {"gradient": (0, "dw"), "cost": (1,)}
    assert select_template(lambda r: r[0]["dw"] * 2, result) is None
    assert isinstance(select_template(lambda r: r[1], result), At)


def feedback(part, function, folder):
    """The exported checks of ``part`` run on ``function``: check name -> the feedback text."""
    literals = Literals()
    calls = [check_call_source(check, literals) for check in part.checks]
    if literals.arrays:
        (folder / INPUTS_FILE).write_bytes(literals.npz_bytes())
    notebook_checks._inputs.clear()
    source = "_tests = " + part_tests_source(part) + "\n" + "".join(f"_tests{call}\n" for call in calls)
    namespace = {"_dlgrade": notebook_checks, "np": np, part.name: function}
    exec(source, namespace)
    return {name: text for name, _, _, text in namespace["_tests"].results}


OPTIMIZE = """
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - SIGN * learning_rate * grads["dw"]
        b = b - SIGN * learning_rate * grads["db"]
        if i % EVERY == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
"""


def test_helpers_answer_as_the_reference_did_and_the_feedback_says_which_ran_as_written(tmp_path, monkeypatch):
    """A helper's call the reference made too is answered with the reference's result (a wrong helper costs
    its own points only, as in dlgrade); the feedback says so, or names the student's own helpers a
    failing call reached and whether they failed their own checks in this run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(notebook_checks, "VERDICTS", {})
    a = assignments.load("logistic_regression")
    parts = {p.name: p for p in exported_parts(a)}
    spec = {p.name: p for p in a.parts}
    namespace = {}
    exec(a.reference_source, namespace)
    namespace["propagate"] = next(m.fn for m in spec["propagate"].mistakes if m.name == "missing 1/m in dw")

    def optimize(sign=1.0, every=100):
        namespace.update(SIGN=sign, EVERY=every)
        exec(OPTIMIZE, namespace)
        return feedback(parts["optimize"], namespace["optimize"], tmp_path)["public example"]

    assert set(feedback(parts["optimize"], namespace["optimize"], tmp_path).values()) == {""}
    answered = "during this check `propagate` answered as the reference does: the difference comes from `optimize`'s own code."
    every_step = optimize(every=1)
    assert "Known mistake: cost recorded every step." in every_step and every_step.endswith(f"Note: {answered}")
    # Off the reference's path (a step uphill), the student's own propagate runs: not yet checked here.
    assert optimize(sign=-1.0).endswith("Note: this check runs your own `propagate` (graded on its own); if its "
                                        "checks fail too, fix it first.")

    assert "Known mistake: missing 1/m in dw." in feedback(parts["propagate"], namespace["propagate"], tmp_path)["public example"]
    assert optimize(every=1).endswith(f"Note: your `propagate` failed its own checks, so {answered}")
    assert optimize(sign=-1.0).endswith("Note: this check runs your own `propagate`, which failed its own checks; "
                                        "fix it first.")

    # A crash on the function's own line blames no helper.
    exec("def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):\n"
         "    grads, cost = propagate(w, b, X, Y)\n"
         "    return w_final\n", namespace)
    crashed = feedback(parts["optimize"], namespace["optimize"], tmp_path)["public example"]
    assert "raised NameError" in crashed and "Note:" not in crashed, crashed

    # With a sound propagate, a step uphill is the function's own mistake, named.
    namespace["propagate"] = a.reference_function(spec["propagate"])
    assert feedback(parts["propagate"], namespace["propagate"], tmp_path)["public example"] == ""
    uphill = optimize(sign=-1.0)
    assert "Known mistake: gradient ascent. Step against the gradient" in uphill
    assert uphill.endswith("Note: your `propagate` passed its own checks: the difference comes from `optimize`'s "
                           "own code."), uphill


def test_properties_are_exported_as_themselves_closures_and_helpers_included(tmp_path, monkeypatch):
    """`initialization`'s properties are closures over a scale function, use module helpers, and one sees
    inputs the call does not get (``call_args``): each is exported as its own source, and judges the
    reference and every known mistake as dlgrade does, naming the same mistakes."""
    monkeypatch.chdir(tmp_path)
    a = assignments.load("initialization")
    spec = next(p for p in a.parts if p.name == "initialize_parameters_he")
    part = exported_part(a, spec)
    properties = [c for c in part.checks if c.kind == "property"]
    assert len(properties) == 4 and not any(c.note for c in properties)
    assert any(case.context_args is not None for c in properties for case in c.cases)
    assert run_exported(part, a.reference_function(spec), tmp_path) == {c.name: c.points for c in part.checks}
    for mistake in spec.mistakes:
        named = {}
        earned = run_exported(part, mistake.fn, tmp_path, named)
        dlgrade = {t["name"].split(": ", 1)[1]: t for t in grade_reference(a, {spec.name: mistake.fn}, parts=[spec.name])}
        for check in properties:
            entry = dlgrade[check.name]
            assert earned[check.name] == entry["score"], (mistake.name, check.name)
            # A mistake's 1.5-million-entry draw is not written into the notebook: not named there.
            too_large = {name for case in check.cases for name in case.too_large}
            assert named[check.name] == [m for m in entry.get("extra_data", {}).get("known_mistakes", [])
                                         if m not in too_large], (mistake.name, check.name)
