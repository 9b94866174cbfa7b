"""`dlgrade validate`: the instructor's self-test of an assignment.

Three promises are checked: the reference scores full marks, the untouched stub scores zero (and the
grader survives it), and every catalogued mistake loses points on its own part and is named in the
feedback. The reference and the mistakes are trusted code and run in-process; the stub runs in the
sandbox, as a student's submission would.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import build
from .assignment import Assignment
from .runner import grade_parts, grade_submission
from .sandbox import LocalExecutor


@dataclass
class Validation:
    assignment: str
    problems: list = field(default_factory=list)
    lines: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def reference_namespace(a: Assignment):
    """A fresh global namespace holding the reference module's definitions, as a submission's would.

    Its functions look their helpers up in this namespace, so replacing one (a planted mistake) changes
    what the others call, exactly as in the sandbox.
    """
    namespace = {"__name__": f"dlgrade_reference_{a.id}"}
    exec(compile(a.reference_source, a.reference.__file__, "exec"), namespace)  # noqa: S102 - trusted reference
    return namespace


# Calls of the reference's own functions that reach no planted mistake give the same result whatever
# was planted elsewhere: validating a catalogue computes each of them once.
_SHARED_CALLS = {}


def grade_reference(a: Assignment, overrides=None, parts=None, check_names=None, answer_helpers=True):
    """Grade the reference (with ``overrides`` planted: name -> function) in the grader's process.

    ``answer_helpers=False`` grades dependants with the planted helpers instead of the reference's (to
    measure what a mistake would cost without helpers answered by the trusted side).
    """
    namespace = reference_namespace(a)
    helpers = {p.name: namespace[p.name] for p in a.parts if p.name in namespace}
    namespace.update(overrides or {})
    executor = LocalExecutor(namespace, helpers, planted=set(overrides or {}), memo=_SHARED_CALLS.setdefault(a.id, {}))
    return grade_parts(a, executor, parts=parts, deadline=time.monotonic() + 3600,
                       check_names=check_names, answer_helpers=answer_helpers)


def validate(a: Assignment) -> Validation:
    if getattr(a, "kind", "code") == "quiz":  # key, empty sheet, typical wrong answers: autograder/quiz/
        from .quiz.validate import validate_quiz

        return validate_quiz(a)
    v = Validation(a.id)
    tests = grade_reference(a)
    score = sum(t["score"] for t in tests)
    v.lines.append(f"reference: {score:g} / {a.max_score:g}")
    for t in tests:
        if t["status"] != "passed":
            v.problems.append(f"reference fails {t['name']}: {t['output']}")
    with tempfile.TemporaryDirectory() as tmp:
        stub = Path(tmp) / f"{a.id}_stub.py"
        stub.write_text(build.stub_module(a))
        result = grade_submission(a, stub)
    v.lines.append(f"untouched stub: {result['score']:g} / {a.max_score:g}")
    if result["score"] != 0:
        passed = [t["name"] for t in result["tests"] if t["score"] > 0]
        v.problems.append(f"the untouched stub scores {result['score']:g}: {', '.join(passed)}")
    caught = 0
    for part in a.parts:
        for mistake in part.mistakes:
            tests = grade_reference(a, {part.name: mistake.fn}, parts=[part.name])
            lost = sum(t["max_score"] - t["score"] for t in tests)
            named = any(mistake.name in t.get("extra_data", {}).get("known_mistakes", []) for t in tests)
            if lost <= 0:
                v.problems.append(f"known mistake '{mistake.name}' of {part.name} loses no points")
            elif not named:
                v.problems.append(f"known mistake '{mistake.name}' of {part.name} is not named in the feedback")
            else:
                caught += 1
    total = sum(len(p.mistakes) for p in a.parts)
    v.lines.append(f"known mistakes: {caught} of {total} lose points and are named")
    return v
