"""What each kind of check does when it runs: values, inputs left intact, gradients, properties.

A check runs against a `PartRun` (see `autograder.runner`), which calls the student's function in the
sandbox and the reference (and the known mistakes) in the grader's process, caching what it can. A
check returns an `Outcome`: passed or not, and a message that names the case, the path and the error.
Hidden cases never have their expected values printed; public ones (``reveal``) do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .compare import arrays_equal, compare, describe_type, differs_in_finite_values, named_values
from .figures import MAX_FIGURES, figures_for


@dataclass
class Outcome:
    status: str  # passed | failed | error | timeout
    message: str = ""
    mistakes: list = field(default_factory=list)  # names of known mistakes the submission matched
    figures: list = field(default_factory=list)  # pictures for the report (see autograder.figures)
    helpers_called: list = field(default_factory=list)  # the student's own graded helpers the check ran

    @property
    def passed(self):
        return self.status == "passed"


def _case_name(case, index):
    requirement = getattr(case, "requirement", None)
    return (f"case {index + 1}" + (f" ({case.label})" if case.label else "")
            + (f" (requirement: {requirement})" if requirement else ""))


@dataclass
class Check:
    """Base of the checks. ``call_args``, when set, maps a case's inputs to the function's arguments
    (a `GradCheck`'s objective can then see a variable, such as Z, that the function only gets
    through another, such as A = softmax(Z))."""

    name: str
    cases: list
    weight: float = 1.0
    timeout: float | None = None
    call_args: Callable | None = None
    # A part that ``uses`` other graded parts is judged on its own code: while its checks run, those
    # helpers answer as the reference would. An ``integration`` check keeps the student's own helpers
    # instead ("your whole model trains with your own functions"), and is labelled so in the feedback.
    integration: bool = False
    # A requirement beyond the course's formulas (stability, a guard, an edge case) that this check
    # exercises; the public tests must exercise the same requirement (a `Case` with this label), so
    # that no student learns of it only after submitting.
    requirement: str | None = None

    def __post_init__(self):
        if not isinstance(self.cases, (list, tuple)):
            self.cases = [self.cases]

    def run(self, run) -> Outcome:
        problems, mistakes, figures, status, called = [], [], [], "failed", []
        for index, case in enumerate(self.cases):
            call = run.call(self, index, case)
            called += [h for h in call.helpers_called if h not in called]
            if not call.ok:
                # Keep going after an error: later cases may still name the mistake. A timeout stops
                # the check, so that one endless loop costs its budget once.
                status = "timeout" if call.status == "timeout" else "error"
                problems.append(f"{_case_name(case, index)}: {call.describe()}")
                if status == "timeout":
                    break
                continue
            found = self.examine(run, index, case, call)
            if found:
                if not figures:
                    figures = self.figures(run, index, case, call)
                problems += [f"{_case_name(case, index)}: {p}" for p in found]
                for mistake in self.identify(run, index, case, call):
                    if mistake not in mistakes:
                        mistakes.append(mistake)
        if not problems:
            return Outcome("passed", helpers_called=called)
        if status == "failed" and all(p.endswith(NOT_YET) for p in problems):
            # Nothing was judged against this check: it waits for correct values. Still "failed" (no
            # points yet), but it says so instead of accusing the code of what it did not do.
            return Outcome("failed", NOT_YET_MESSAGE, [], [], called)
        shown = problems[:8] + ([f"... and {len(problems) - 8} more"] if len(problems) > 8 else [])
        return Outcome(status, "\n".join(shown), [m.name for m in mistakes], figures, called)

    # How close a student's result must be to a known mistake's for the mistake to be named.
    match_rtol = 1e-5
    match_atol = 1e-8

    def compared(self, run, call):
        """The parts of a call's result (and arguments) that this check judges, as (name, value) pairs."""
        return [("", call.value)]

    def _differences(self, run, expected_call, actual_call, rtol, atol, exact_keys=False, reveal=False):
        """Problems between two calls' results, as this check compares them (expected values shown only
        with ``reveal``)."""
        problems = []
        try:
            expected = self.compared(run, expected_call)
        except Exception as exc:  # noqa: BLE001 - a spec bug must still name itself
            return [f"grading spec could not read the reference's result: {exc!r}"]
        try:
            actual = self.compared(run, actual_call)
        except Exception:  # noqa: BLE001 - the student's value had the wrong structure
            return [f"the result has the wrong structure: got {describe_type(actual_call.value)}"]
        strict = getattr(self, "strict_types", False)
        for (name, exp), (_, act) in zip(expected, actual):
            if name:
                problems += compare(exp, act, name, rtol, atol, reveal, strict, exact_keys)
            else:
                for path, e, a in named_values(run.part.returns, exp, act):
                    problems += compare(e, a, path, rtol, atol, reveal, strict, exact_keys)
        return problems

    def identify(self, run, index, case, call):
        """The known mistakes that explain the student's result on this case.

        A mistake is named when its result equals the student's and differs from the reference's
        where both are finite (or, for a mistake declared ``nonfinite``, in any way at all).
        """
        ref = run.reference(self, index, case)
        if not ref.ok:
            return []
        matched = []
        for mistake in run.part.mistakes:
            wrong = run.mistake(mistake, self, index, case)
            if not wrong.ok or self._differences(run, wrong, call, self.match_rtol, self.match_atol, exact_keys=True):
                continue
            try:
                pairs = list(zip(self.compared(run, ref), self.compared(run, wrong)))
            except Exception:  # noqa: BLE001 - a result the spec cannot read explains nothing
                continue
            if mistake.nonfinite:
                explains = any(compare(e, w, "result", self.match_rtol, self.match_atol, False, True, True)
                               for (_, e), (_, w) in pairs)
            else:
                explains = any(differs_in_finite_values(e, w, self.match_rtol, self.match_atol) for (_, e), (_, w) in pairs)
            if explains:
                matched.append(mistake)
        return matched

    def examine(self, run, index, case, call):
        raise NotImplementedError

    def figures(self, run, index, case, call):
        return []


@dataclass
class Values(Check):
    """The returned value matches the reference's on every case (recursively; see `compare`).

    ``select`` maps a result to the part worth comparing (applied to both sides); ``check_args`` lists
    argument positions whose state after the call must also match the reference's (for functions that
    update an argument in place on purpose, such as batch norm's running statistics). ``strict_types``
    demands Python floats where the reference returns them, and float arrays where it returns those.
    """

    rtol: float = 1e-6
    atol: float = 1e-8
    select: Callable | None = None
    check_args: tuple = ()
    strict_types: bool = False
    reveal: bool = False

    def __post_init__(self):
        super().__post_init__()
        self.match_rtol, self.match_atol = self.rtol, self.atol

    def compared(self, run, call):
        value = call.value
        if self.select is not None:
            value = self.select(value)
        pairs = [("", value)]
        for position in self.check_args:
            pairs.append((run.param_name(position), call.args_after[position] if position < len(call.args_after) else None))
        return pairs

    def examine(self, run, index, case, call):
        ref = run.reference(self, index, case)
        if not ref.ok:
            return [f"the reference itself failed on this case ({ref.describe()}); please report this"]
        return self._problems(run, ref, call)

    def _problems(self, run, expected_call, actual_call):
        return self._differences(run, expected_call, actual_call, self.rtol, self.atol, reveal=self.reveal)

    def figures(self, run, index, case, call):
        """Pictures of the first failing case: its cost curve against the reference's, diff maps."""
        ref = run.reference(self, index, case)
        try:
            expected, actual = self.compared(run, ref), self.compared(run, call)
        except Exception:  # noqa: BLE001 - a result too malformed to picture
            return []
        found = []
        for (name, exp), (_, act) in zip(expected, actual):
            pairs = [(name, exp, act)] if name else named_values(run.part.returns, exp, act)
            for path, e, a in pairs:
                found += figures_for(path, e, a, self.rtol, self.atol, _case_name(case, index))
        return found[:MAX_FIGURES]


NOT_YET = "counts once the function returns the right values (see the other checks)"
NOT_YET_MESSAGE = ("Not yet checked: this check counts once the function returns the right values; "
                   "fix the other checks of this function first.")


@dataclass
class NoInPlace(Check):
    """The function leaves its inputs as it found them (it must not write into the caller's arrays)."""

    def compared(self, run, call):
        # What the arguments hold after the call is this check's subject: a known mistake that writes
        # into its input is recognised by it, even though it returns the reference's values.
        return [("", call.value)] + [(run.param_name(i), value) for i, value in enumerate(call.args_after)]

    def examine(self, run, index, case, call):
        ref = run.reference(self, index, case)
        if ref.ok and not _same_value(ref.value, call.value):
            # Leaving inputs alone is only worth points in a function that computes the right thing.
            return [NOT_YET]
        before, kwargs_before = run.arguments(self, index, case)
        problems = []
        for position, (old, new) in enumerate(zip(before, call.args_after)):
            if not arrays_equal(old, new):
                problems.append(f"argument `{run.param_name(position)}` was modified in place; work on a copy "
                                f"(e.g. `x = x.copy()`) or build new arrays instead of writing into it")
        for key, old in kwargs_before.items():
            if not arrays_equal(old, call.kwargs_after.get(key)):
                problems.append(f"argument `{key}` was modified in place")
        return problems


def _same_value(expected, actual):
    return not compare(expected, actual, "result", rtol=1e-6, atol=1e-8)


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _with(value, path, new):
    """A copy of the nested structure ``value`` with the leaf at ``path`` replaced by ``new``."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        out[head] = _with(value[head], rest, new)
        return out
    items = list(value)
    items[head] = _with(items[head], rest, new)
    return tuple(items) if isinstance(value, tuple) else items


@dataclass
class GradCheck(Check):
    """Gradients returned by the student agree with central differences of a scalar objective.

    ``objective(*args, **kwargs) -> float`` is evaluated in the grader's process (usually built from the
    reference: the cost of ``propagate``, or ``sum(dA * g(Z))`` for an activation's backward pass).
    ``wrt`` maps a gradient's name to ``(argument path, result path)``: where the variable sits in the
    inputs (``(0,)``, ``(1, 0)`` for ``A`` inside ``cache = (A, W, b)``) and where its gradient sits in
    the result (``(0, "dw")``). Variables with at most ``max_full`` entries are checked entry by entry;
    larger ones along ``directions`` random unit directions (a directional derivative each). The
    error is ``|g - g_num| / (|g| + |g_num|)``, as in the course, and must stay below ``tol``.
    """

    objective: Callable | None = None
    wrt: dict = field(default_factory=dict)
    eps: float = 1e-6
    tol: float = 1e-6
    max_full: int = 60
    directions: int = 6

    def examine(self, run, index, case, call):
        args, kwargs = run.inputs(self, index, case)
        problems = []
        for label, (arg_path, out_path) in self.wrt.items():
            try:
                grad = _get(call.value, out_path)
            except (KeyError, IndexError, TypeError):
                problems.append(f"`{label}` not found in the result (expected at {_path_text(out_path)})")
                continue
            x = np.asarray(_get(args, arg_path), dtype=np.float64)
            is_scalar = not isinstance(_get(args, arg_path), np.ndarray)
            if not isinstance(grad, (np.ndarray, float, int, np.floating)) or np.shape(grad) != x.shape:
                problems.append(f"`{label}` should have shape {x.shape}, like the variable it belongs to; "
                                f"got {describe_type(grad)}")
                continue
            grad = np.asarray(grad, dtype=np.float64)
            if not np.all(np.isfinite(grad)):
                # A NaN (or an inf times a zero direction) would make the error NaN, which no comparison fails.
                problems.append(f"`{label}` holds non-finite values (NaN or inf): an overflow, log(0) or 0/0?")
                continue

            def f(point):
                value = point.item() if is_scalar else point
                return float(self.objective(*_with(args, arg_path, value), **kwargs))

            rng = np.random.default_rng(run.seed(self, index) + 17)
            if x.size <= self.max_full:
                directions = np.eye(x.size).reshape((x.size,) + x.shape)
            else:
                directions = rng.normal(size=(self.directions,) + x.shape)
                directions /= np.sqrt((directions ** 2).reshape(self.directions, -1).sum(1)).reshape((-1,) + (1,) * x.ndim)
            numeric = np.array([(f(x + self.eps * d) - f(x - self.eps * d)) / (2 * self.eps) for d in directions])
            analytic = np.array([np.sum(grad * d) for d in directions])
            denom = np.linalg.norm(numeric) + np.linalg.norm(analytic)
            error = np.linalg.norm(numeric - analytic) / denom if denom > 0 else 0.0
            if not np.isfinite(error) or error > self.tol:
                problems.append(f"`{label}` disagrees with central differences of the objective: relative error "
                                f"{error:.3g} (must be below {self.tol:g}; ε = {self.eps:g})")
        return problems


def _path_text(path):
    return "result" + "".join(f"[{p!r}]" for p in path)


@dataclass
class Property(Check):
    """A property that must hold whatever the random draw, or an outcome such as a training accuracy.

    ``check(actual, ctx) -> str | None`` returns a problem description, or None when the property
    holds. ``ctx`` has ``args``, ``kwargs`` (the inputs) and ``expected`` (the reference's result on them,
    computed on first use).
    """

    check: Callable | None = None

    def examine(self, run, index, case, call):
        ctx = PropertyContext(run, self, index, case)
        try:
            problem = self.check(call.value, ctx)
        except Exception as exc:  # noqa: BLE001 - a malformed result makes the property fail, with the reason
            problem = f"the result could not be examined ({type(exc).__name__}: {exc}); got {describe_type(call.value)}"
        return [problem] if problem else []


class PropertyContext:
    def __init__(self, run, check, index, case):
        self.args, self.kwargs = run.inputs(check, index, case)
        self._run, self._check, self._index, self._case = run, check, index, case

    @property
    def expected(self):
        ref = self._run.reference(self._check, self._index, self._case)
        if not ref.ok:
            raise RuntimeError(f"the reference failed: {ref.describe()}")
        return ref.value
