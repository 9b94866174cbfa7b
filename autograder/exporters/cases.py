"""The checks of an assignment as plain data, for tools that grade inside the student's notebook.

nbgrader and otter-grader run tests in the student's kernel, where neither the reference nor the
grading spec may go. So every check is turned into inputs and expected values, computed here with the
reference exactly as `autograder.runner` computes them (same derived seeds, same ``np_seed``), and
written as Python literals into the exported test cells. The cells call the harness in
``notebook_checks.py`` (shipped as ``dlgrade_checks.py``), which judges with dlgrade's own `compare`.

Check kinds map as follows:
- `Values` -> ``values`` (same tolerances, ``strict_types``, ``check_args``; ``select`` when it only
  picks and repacks parts of the result, which is the usual case: it is traced into a template of key
  paths that the notebook fills from the student's result),
- `NoInPlace` -> ``unchanged`` (same rule: right values first, then inputs left intact),
- `GradCheck` -> ``gradients``: the student's gradients against the reference's analytic ones, with the
  check's relative-error formula and tolerance (the notebook has no reference objective to difference),
- anything else (a `Property`, whose test is a Python function of the grader, often on a large random
  draw) -> ``values`` with default tolerances on the part's public example (else on the cases of its
  first `Values` check, else on its own cases): the reference still passes, a stub still fails, and the
  points stay where dlgrade puts them; the check's ``note`` says so.

Points are dlgrade's: ``Assignment.check_points``, so a part's checks add up to its points exactly.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import numpy as np

from ..build import literal
from ..checks import GradCheck, NoInPlace, Values
from ..sandbox import LocalExecutor
from ..spec import derived_seed
from .notebook_checks import INPUTS_FILE, At  # noqa: F401 - INPUTS_FILE: the exporters' name for it

PUBLIC_CHECK = "public example"
# Input arrays with more entries than this go to INPUTS_FILE beside the notebook instead of the cell.
INLINE_MAX = 2000


class ExportError(Exception):
    """The assignment cannot be exported (the reference fails on one of its own cases)."""


@dataclass
class ExportedCase:
    args: tuple
    kwargs: dict
    np_seed: int | None
    expected: object
    label: str = ""
    args_after: dict = field(default_factory=dict)  # argument position -> the reference's value after the call
    select: object = None  # template of `At` leaves: what the check compares, picked from the result


@dataclass
class ExportedCheck:
    part: str
    name: str
    kind: str  # values | unchanged | gradients
    points: float
    hidden: bool
    cases: list
    options: dict = field(default_factory=dict)
    note: str = ""  # how this export differs from dlgrade's own check, if it does


@dataclass
class ExportedPart:
    name: str
    points: float
    returns: object
    checks: list


def _traced(value, path=()):
    """``value`` with every leaf replaced by its `At` path (containers kept)."""
    if isinstance(value, dict):
        return {k: _traced(v, path + (k,)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_traced(v, path + (i,)) for i, v in enumerate(value))
    return At(path)


def select_template(select, value):
    """What ``select`` picks from results shaped like ``value``, as a structure of `At` leaves; None
    when select computes something (arithmetic, attributes) rather than picking."""
    try:
        template = select(_traced(value))
    except Exception:  # noqa: BLE001 - any computation on a leaf: not a pure selection
        return None

    def pure(node):
        if isinstance(node, At):
            return True
        if isinstance(node, dict):
            return all(pure(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return all(pure(v) for v in node)
        return False

    return template if pure(template) else None


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _reference_calls(a, part, check):
    """(args, kwargs, np_seed, label, CallResult) of the reference on each case of ``check``, as the runner
    builds them (the check's own derived seeds and ``call_args``)."""
    executor = LocalExecutor({part.name: a.reference_function(part)})
    calls = []
    for index, case in enumerate(check.cases):
        args, kwargs = case.build(derived_seed(a.id, part.name, check.name, index))
        if check.call_args:
            args = tuple(check.call_args(*args))
        call = executor.call(part.name, args, kwargs, np_seed=case.np_seed, return_args=True)
        if not call.ok:
            raise ExportError(f"{a.id}: the reference fails {part.name}: {check.name}, case {index + 1}: "
                              f"{call.describe()}")
        calls.append((tuple(args), dict(kwargs), case.np_seed, case.label, call))
    return calls


def _stand_in(part, check):
    """The check whose cases grade a non-exportable check: the public example, else the first Values."""
    public = [c for c in part.checks if c.name == PUBLIC_CHECK]
    values = [c for c in part.checks if isinstance(c, Values) and c.select is None and not c.check_args]
    return (public or values or [check])[0]


def _export_check(a, part, check, points):
    options, note, source = {}, "", check
    if isinstance(check, Values):
        kind = "values"
        options = {"rtol": check.rtol, "atol": check.atol}
        if check.strict_types:
            options["strict_types"] = True
    elif isinstance(check, NoInPlace):
        kind = "unchanged"
    elif isinstance(check, GradCheck):
        kind = "gradients"
        options = {"paths": {label: tuple(out) for label, (_, out) in check.wrt.items()}, "tol": check.tol}
        note = "gradients compared with the reference's analytic gradients (dlgrade uses central differences)"
    else:
        kind, source = "values", _stand_in(part, check)
        where = "the public example" if source.name == PUBLIC_CHECK else f"the cases of '{source.name}'"
        note = (f"dlgrade's {type(check).__name__} check runs grader-side code; exported as: the result on "
                f"{where} matches the reference's")
    calls = _reference_calls(a, part, source)
    templates = [None] * len(calls)
    if isinstance(check, Values) and check.select is not None:
        # Per case: a select may repack by the result's own keys (a deeper network, more layers).
        templates = [select_template(check.select, call.value) for *_, call in calls]
        if None in templates:
            templates = [None] * len(calls)
            note = "the check's select() computes rather than picks: the whole result is compared"
    cases = []
    for (args, kwargs, np_seed, label, call), template in zip(calls, templates):
        expected = call.value
        if template is not None:
            expected = check.select(expected)
        elif kind == "gradients":
            expected = {label_: _get(call.value, path) for label_, path in options["paths"].items()}
        after = {}
        if isinstance(check, Values):
            after = {p: call.args_after[p] for p in check.check_args if p < len(call.args_after)}
        cases.append(ExportedCase(args, kwargs, np_seed, expected, label, after, template))
    return ExportedCheck(part.name, check.name, kind, points, check.name != PUBLIC_CHECK, cases, options, note)


def exported_parts(a):
    """Every graded function of assignment ``a`` with its checks as data, in notebook order."""
    parts = []
    for part in a.parts:
        checks = [_export_check(a, part, check, points) for check, points in zip(part.checks, a.check_points(part))]
        parts.append(ExportedPart(part.name, float(a.points[part.name]), part.returns, checks))
    return parts


class Literals:
    """Python source for exported values; large input arrays are collected for an .npz file instead."""

    def __init__(self, inline_max=INLINE_MAX):
        self.inline_max = inline_max
        self.arrays = {}

    def input(self, value):
        if isinstance(value, np.ndarray) and value.size > self.inline_max:
            key = hashlib.sha1(f"{value.dtype.str}{value.shape}".encode() + value.tobytes()).hexdigest()[:16]
            self.arrays[key] = value
            return f"_dlgrade.inputs({key!r})"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{literal(k)}: {self.input(v)}" for k, v in value.items()) + "}"
        if isinstance(value, tuple):
            return "(" + "".join(f"{self.input(v)}, " for v in value) + ")"
        if isinstance(value, list):
            return "[" + ", ".join(self.input(v) for v in value) + "]"
        return literal(value)

    @staticmethod
    def expected(value):
        return literal(value)

    def npz_bytes(self):
        """The collected input arrays as an .npz file (None when every input fits in the cells)."""
        if not self.arrays:
            return None
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **self.arrays)
        return buffer.getvalue()


def case_source(case: ExportedCase, literals: Literals):
    fields = [f"args={literals.input(case.args)}"]
    if case.kwargs:
        fields.append(f"kwargs={literals.input(case.kwargs)}")
    if case.np_seed is not None:
        fields.append(f"np_seed={case.np_seed!r}")
    fields.append(f"expected={literals.expected(case.expected)}")
    if case.args_after:
        fields.append(f"args_after={literals.expected(case.args_after)}")
    if case.select is not None:
        fields.append(f"select={_option_source(case.select)}")
    if case.label:
        fields.append(f"label={case.label!r}")
    return "dict(" + ", ".join(fields) + ")"


def check_call_source(check: ExportedCheck, literals: Literals, indent="    "):
    """``.KIND(name, points, [cases...], options...)``: one harness call, cases one per line."""
    cases = "".join(f"{indent}{case_source(c, literals)},\n" for c in check.cases)
    options = "".join(f", {key}={_option_source(value)}" for key, value in check.options.items())
    return f".{check.kind}({check.name!r}, {check.points!r}, [\n{cases}]{options})"


def _option_source(value):
    if isinstance(value, At):
        return f"_dlgrade.At({value.path!r})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_option_source(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + "".join(f"{_option_source(v)}, " for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_option_source(v) for v in value) + "]"
    return repr(value)
