"""What each planted known mistake costs, with helpers answered by the trusted side and without.

For every known mistake of a part that other parts use, the reference is graded (in the grader's
process) with that one mistake planted, once with dependants' helpers answered as the reference would
(how dlgrade grades) and once with the planted helper running inside its dependants. It prints the
points lost outside the part that holds the mistake, summed over the catalogue, and the count of
mistakes named beside the planted one that the spec does not declare indistinguishable, under the
rule "a mistake is named when its result equals the student's" alone and under dlgrade's rule
(it must also differ from the reference where both are finite).

Usage: python scripts/fair_verdicts.py [ID ...]
"""

import sys
from unittest import mock

import numpy as np

from autograder import assignment as assignments
from autograder.compare import compare
from autograder.validate import grade_reference


def lost_elsewhere(tests, part_name):
    return sum(t["max_score"] - t["score"] for t in tests if t["name"].split(":")[0] != part_name
               and not t.get("extra_data", {}).get("integration"))


def extra_names(a, part, mistake):
    """Mistakes named beside the planted one that the spec does not declare indistinguishable."""
    tests = grade_reference(a, {part.name: mistake.fn}, parts=[part.name])
    named = {m for t in tests for m in t.get("extra_data", {}).get("known_mistakes", [])}
    declared = {m.name for m in part.mistakes if mistake.name in m.same_as} | set(mistake.same_as) | {mistake.name}
    return len(named - declared)


def main(ids):
    before = after = planted = 0
    extra_before = extra_after = catalogue = 0
    for assignment_id in ids:
        a = assignments.load(assignment_id)
        if getattr(a, "kind", "code") != "code":
            continue
        for part in a.parts:
            for mistake in part.mistakes:
                catalogue += 1
                with np.errstate(all="ignore"):
                    extra_after += extra_names(a, part, mistake)
                    # The earlier rule: named whenever equal to the student's result, NaN matching NaN.
                    with mock.patch("autograder.checks.differs_in_finite_values", lambda *args, **kwargs: True):
                        extra_before += extra_names(a, part, mistake)
            dependants = [p.name for p in a.parts if part.name in p.uses]
            if not dependants:
                continue
            for mistake in part.mistakes:
                planted += 1
                with np.errstate(all="ignore"):
                    old = grade_reference(a, {part.name: mistake.fn}, parts=[part.name, *dependants], answer_helpers=False)
                    new = grade_reference(a, {part.name: mistake.fn}, parts=[part.name, *dependants])
                b, n = lost_elsewhere(old, part.name), lost_elsewhere(new, part.name)
                before, after = before + b, after + n
                if b or n:
                    print(f"{assignment_id:24s} {part.name:28s} {mistake.name[:44]:44s} {b:7.2f} -> {n:5.2f}")
    print(f"\n{planted} mistakes planted in parts that others use; points lost outside their own part: "
          f"{before:.2f} with the planted helper inside its dependants, {after:.2f} with helpers answered by the reference")
    print(f"{catalogue} known mistakes planted one at a time; other mistakes named beside them and not declared "
          f"indistinguishable: {extra_before} when equal results suffice, {extra_after} when the mistake must also "
          f"differ from the reference where both are finite")


if __name__ == "__main__":
    main(sys.argv[1:] or assignments.all_ids())
