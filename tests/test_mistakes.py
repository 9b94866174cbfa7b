"""Every known mistake of every assignment, planted one at a time in the reference: it costs its own
part's points only, is named alone (or beside mistakes declared indistinguishable), and the students'
public test gives the grader's verdict on it; requirements beyond the course's formulas are public."""

import contextlib
import io

import numpy as np
import pytest

from .conftest import mistakes_of_all_assignments, planted, public_test_function


@pytest.mark.parametrize("assignment_id,part_name,mistake_name", list(mistakes_of_all_assignments()))
def test_known_mistake_is_charged_once_and_named_alone(assignment_id, part_name, mistake_name):
    """The reference with one mistake planted: it loses points on its own part only, every part that
    uses it keeps full marks (but for integration checks), the mistake is named, and any other mistake
    named beside it is declared indistinguishable in the spec."""
    a, part, mistake, tests = planted(assignment_id, part_name, mistake_name)
    own = [t for t in tests if t["name"].split(":")[0] == part_name]
    assert sum(t["score"] for t in own) < a.points[part_name]
    named = {m for t in own for m in t.get("extra_data", {}).get("known_mistakes", [])}
    assert mistake_name in named
    assert any(f"Known mistake: {mistake_name}." in t["output"] for t in own)
    declared = {m.name for m in part.mistakes if mistake_name in m.same_as} | set(mistake.same_as)
    assert named - {mistake_name} <= declared, f"also named, undeclared: {sorted(named - {mistake_name} - declared)}"
    others = [t for t in tests if t["name"].split(":")[0] != part_name and t["score"] < t["max_score"]
              and not t.get("extra_data", {}).get("integration")]
    assert others == [], [f"{t['name']}: {t['output'][:200]}" for t in others]

@pytest.mark.parametrize("assignment_id,part_name,mistake_name", list(mistakes_of_all_assignments(with_public_cases=True)))
def test_public_test_and_public_example_check_agree_on_each_mistake(assignment_id, part_name, mistake_name):
    a, part, mistake, tests = planted(assignment_id, part_name, mistake_name)
    # The public cases are graded by "public example", but those that show a requirement by the hidden
    # check that holds it (graded once): the public test's verdict is theirs together.
    shown = {case.requirement for case in a.public.get(part_name, []) if case.requirement}
    graders = {"public example"} | {c.name for c in part.checks if c.requirement in shown}
    verdicts = [t["status"] == "passed" for t in tests if t["name"].split(": ", 1)[1] in graders
                and t["name"].startswith(f"{part_name}: ")]
    test_fn = public_test_function(a, part_name)
    try:
        with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
            test_fn(mistake.fn)
        public_passed = True
    except Exception:  # noqa: BLE001 - an AssertionError, or the mistake raising: the test fails
        public_passed = False
    assert public_passed == all(verdicts)

def test_every_hidden_requirement_has_a_public_case(assignment):
    """No surprises: a requirement beyond the course's formulas that a hidden check holds the student
    to (stability, a guard, an edge case) is shown by a public case of the same part."""
    for part in assignment.parts:
        required = {c.requirement for c in part.checks if c.requirement}
        public = {case.requirement for case in assignment.public.get(part.name, []) if case.requirement}
        assert required <= public, f"{part.name}: no public case shows {sorted(required - public)}"

def _unstable_formulas():
    """Known mistakes that are the course's formula without its numerical guard (nonfinite mistakes)."""
    from autograder import assignment as assignments

    from .conftest import CODE_ASSIGNMENT_IDS

    for assignment_id in CODE_ASSIGNMENT_IDS:
        for part in assignments.load(assignment_id).parts:
            for mistake in part.mistakes:
                if mistake.nonfinite:
                    yield pytest.param(assignment_id, part.name, mistake.name, id=f"{assignment_id}-{part.name}-{mistake.name}")

# Where the course's own formula needs a guard it does not teach (the max shift, a clipped log, an epsilon).
COURSE_STABILITY_REQUIREMENTS = {("activations", "softmax"), ("logistic_regression", "propagate"),
                                 ("softmax_regression", "compute_softmax_cost"), ("normalization", "normalize_inputs")}


@pytest.mark.parametrize("assignment_id,part_name,mistake_name", list(_unstable_formulas()))
def test_an_unguarded_formula_fails_a_public_test_that_names_the_requirement(assignment_id, part_name, mistake_name):
    a, part, mistake, tests = planted(assignment_id, part_name, mistake_name)
    requirements = {case.requirement for case in a.public.get(part_name, []) if case.requirement}
    assert requirements, f"{part_name} has no public case showing a requirement"
    with pytest.raises(AssertionError) as failure, contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
        public_test_function(a, part_name)(mistake.fn)
    assert any(f"(requirement: {r})" in str(failure.value) for r in requirements), str(failure.value)
    if (assignment_id, part_name) in COURSE_STABILITY_REQUIREMENTS:
        # A formula right but for its guard costs the requirement's check, not the public example's too.
        verdicts = {t["name"].split(": ", 1)[1]: t["status"] for t in tests if t["name"].startswith(f"{part_name}: ")}
        assert any(verdicts[c.name] != "passed" for c in part.checks if c.requirement in requirements), verdicts
        assert verdicts["public example"] == "passed", verdicts

def test_the_course_stability_requirements_are_public():
    """The requirements the course's own formulas miss are each held by a public case and exercised by
    a catalogued unguarded formula."""
    from autograder import assignment as assignments

    expected = COURSE_STABILITY_REQUIREMENTS
    found = set()
    for assignment_id, part_name in expected:
        a = assignments.load(assignment_id)
        part = a.part(part_name)
        if any(m.nonfinite for m in part.mistakes) and any(c.requirement for c in a.public.get(part_name, [])):
            found.add((assignment_id, part_name))
    assert found == expected
