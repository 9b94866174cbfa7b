"""The exported checks (what nbgrader and otter cells run) judge as dlgrade's own checks do.

In-process and fast: each exported check is written as source, evaluated against the reference and
against every known mistake, and its verdict compared with dlgrade's on the same function.
"""

import numpy as np
import pytest

from autograder import assignment as assignments
from autograder.exporters import notebook_checks
from autograder.exporters.cases import INPUTS_FILE, Literals, check_call_source, exported_parts, select_template
from autograder.exporters.notebook_checks import At
from autograder.validate import grade_reference

# Assignments whose reference runs in seconds (the others train networks for a minute when exported).
FAST = ["activations", "logistic_regression", "softmax_regression", "normalization", "gradient_checking"]


def run_exported(part, function, folder):
    """Points per check of ``function``, through the source the notebook cells hold."""
    literals = Literals()
    calls = [check_call_source(check, literals) for check in part.checks]
    if literals.arrays:
        (folder / INPUTS_FILE).write_bytes(literals.npz_bytes())
    notebook_checks._inputs.clear()
    tests = notebook_checks.PartTests(part.name, function, returns=part.returns)
    for call in calls:
        eval("_tests" + call, {"_tests": tests, "_dlgrade": notebook_checks, "np": np})
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


def test_known_mistakes_get_dlgrade_verdicts_on_the_exactly_exported_checks(exported):
    a, parts, folder = exported
    for part, spec in zip(parts, a.parts):
        for mistake in spec.mistakes:
            earned = run_exported(part, mistake.fn, folder)
            assert sum(earned.values()) < a.points[part.name], f"{part.name}: {mistake.name} loses no points"
            dlgrade = {t["name"].split(": ", 1)[1]: t["score"]
                       for t in grade_reference(a, {spec.name: mistake.fn}, parts=[spec.name])}
            for check in part.checks:
                if check.kind in ("values", "unchanged") and not check.note:
                    assert earned[check.name] == dlgrade[check.name], (part.name, mistake.name, check.name)


def test_select_is_traced_into_key_paths_when_it_only_picks():
    result = ({"dw": np.ones(2), "db": 0.5}, np.float64(1.0))
    template = select_template(lambda r: {"gradient": r[0]["dw"], "cost": r[1]}, result)
    assert {k: v.path for k, v in template.items()} == {"gradient": (0, "dw"), "cost": (1,)}
    assert select_template(lambda r: r[0]["dw"] * 2, result) is None
    assert isinstance(select_template(lambda r: r[1], result), At)
