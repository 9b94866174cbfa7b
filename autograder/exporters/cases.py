"""The checks of an assignment as plain data, for tools that grade inside the student's notebook.

nbgrader and otter-grader run tests in the student's kernel, where neither the reference nor the
grading spec may go. So every check is turned into inputs and expected values, computed here with the
reference exactly as `autograder.runner` computes them (the same `PartRun`: derived seeds, ``np_seed``,
``call_args``, the reference cache), and written as Python literals into the exported test cells. The
cells call the harness in ``notebook_checks.py`` (shipped as ``dlgrade_checks.py``), which judges with
dlgrade's own `compare`.

Check kinds map as follows:
- `Values` -> ``values`` (same tolerances, ``strict_types``, ``check_args``; ``select`` when it only
  picks and repacks parts of the result, which is the usual case: it is traced into a template of key
  paths that the notebook fills from the student's result),
- `NoInPlace` -> ``unchanged`` (same rule: right values first, then inputs left intact),
- `GradCheck` -> ``gradients``: the student's gradients against the reference's analytic ones, with the
  check's relative-error formula and tolerance (the notebook has no reference objective to difference),
- `Property` -> ``property``: the property's own test, its source (and that of every function and
  constant of the grading module it reads) shipped in the cell, run on the same inputs; ``ctx.expected``
  is the reference's result computed here. A property that reads the reference or the datasets at
  grading time, or a value that cannot be written as source, cannot go into the notebook: it becomes
  ``values`` on the property's own cases (the reference's results computed here), and its ``note`` says so.

Known mistakes: each case carries the results of the part's known mistakes that dlgrade would name on
it (a mistake that runs, and differs from the reference as `checks.Check.identify` requires), as the
check compares them; the harness names a mistake (with its explanation) where the student's result
equals it, by dlgrade's rule. A mistake's result with more than ``MISTAKE_MAX`` entries is left out.

Helpers: each case of a part that ``uses`` graded helpers carries the reference's answer to every call
its run makes to them (see `_helper_answers`), so that in the notebook, as in dlgrade, a wrong helper
costs only its own points (up to ``ANSWERS_MAX`` entries per case: a long training's calls are left out,
and the student's own helpers answer there).

Points are dlgrade's: ``Assignment.check_points``, so a part's checks add up to its points exactly.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import inspect
import io
import sys
import textwrap
import time
import types
from dataclasses import dataclass, field

import numpy as np

from ..build import literal
from ..checks import GradCheck, NoInPlace, Property, Values
from .notebook_checks import INPUTS_FILE, At, call_key, run_property_source  # noqa: F401 - INPUTS_FILE: the exporters' name

PUBLIC_CHECK = "public example"
# Input arrays with more entries than this go to INPUTS_FILE beside the notebook instead of the cell.
INLINE_MAX = 2000
# A known mistake's result with more entries than this is not written into the cells (a large random
# draw): its name is then not given on that case.
MISTAKE_MAX = 20000
# The helpers' answers on one case (see `_helper_answers`) are written only up to this many entries (a
# model trained for thousands of steps calls its helpers too often): beyond, the student's own answer.
ANSWERS_MAX = 20000


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
    mistakes: dict = field(default_factory=dict)  # mistake name -> {"value": ..., "args_after": {...}}
    context_args: tuple | None = None  # a property's ``ctx.args`` when they are not the call's arguments
    has_expected: bool = True  # False: a property that never reads ``ctx.expected`` (nothing to write)
    too_large: tuple = ()  # known mistakes dlgrade could name here whose results are too large to write
    answers: dict = field(default_factory=dict)  # helper -> {call key: (result, random state after)}


@dataclass
class ExportedCheck:
    part: str
    name: str
    kind: str  # values | unchanged | gradients | property
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
    uses: tuple = ()
    explanations: dict = field(default_factory=dict)  # known mistake named by some case -> its explanation


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


def _entries(value):
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, dict):
        return sum(_entries(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_entries(v) for v in value)
    return 1


# -- a property's test as source ---------------------------------------------------------------------
class NotExportable(Exception):
    """A property's test reads something that cannot be written into the notebook."""


_MODULES = {"numpy": "import numpy as {name}", "math": "import math as {name}"}
# What a property may use of the comparison module, which the notebook has as ``dlgrade_compare``.
_SHIPPED_COMPARE = ("compare", "describe_type", "named_values", "arrays_equal", "differs_in_finite_values")


def _code_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _function_source(fn, name):
    """The source that defines ``fn`` under ``name`` (a def, or a module-level ``NAME = lambda``)."""
    try:
        text = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as exc:
        raise NotExportable(f"no source for {fn.__qualname__}") from exc
    if fn.__name__ == "<lambda>":
        if not text.startswith(f"{name} = lambda"):
            raise NotExportable(f"a lambda ({fn.__qualname__})")
        return text
    if not text.startswith("def ") or fn.__name__ != name:
        raise NotExportable(f"{fn.__qualname__} is decorated or renamed")
    return text


def property_source(test):
    """Self-contained source defining ``test`` (its name is ``test.__name__``): the functions and constants
    of its grading module it reads, the values its closure holds, numpy; NotExportable otherwise."""
    module = sys.modules.get(test.__module__)
    if module is None or not isinstance(test, types.FunctionType):
        raise NotExportable("not a plain function")
    namespace = vars(module)
    imports, constants, functions, aliases, done = [], [], [], [], set()

    def bind(name, value):
        if name in done:
            return
        done.add(name)
        if isinstance(value, types.ModuleType):
            if value.__name__ not in _MODULES:
                raise NotExportable(f"the module {value.__name__} ({name})")
            imports.append(_MODULES[value.__name__].format(name=name))
        elif isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            if value.__name__ != name and "<lambda>" not in value.__name__:
                bind(value.__name__, value)  # bound under another name (a closure's argument): an alias
                aliases.append(f"{name} = {value.__name__}")
            else:
                visit(value, name)
        elif getattr(value, "__module__", None) == "autograder.compare" and name in _SHIPPED_COMPARE:
            imports.append(f"from dlgrade_compare import {name}")  # shipped beside the notebook
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            raise NotExportable(f"{name} comes from {getattr(value, '__module__', '?')}")
        else:
            try:
                constants.append(f"{name} = {literal(value)}")
            except TypeError as exc:
                raise NotExportable(f"{name} is a {type(value).__name__}") from exc

    def visit(fn, name):
        if "<locals>" in fn.__qualname__ and fn is not test:
            raise NotExportable(f"{fn.__qualname__} is local to another function")
        for free, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
            bind(free, cell.cell_contents)
        for used in sorted(_code_names(fn.__code__)):
            if used in namespace and used not in fn.__code__.co_freevars:
                bind(used, namespace[used])
        functions.append(_function_source(fn, name))

    done.add(test.__name__)
    visit(test, test.__name__)
    uses_expected = "expected" in set().union(*(_code_names(compile(f, "<property>", "exec")) for f in functions))
    body = "\n".join(sorted(set(imports), key=imports.index) + constants) + "\n\n\n" + "\n\n".join(functions)
    return (body.strip() + "\n" + "".join(f"{alias}\n" for alias in aliases)), uses_expected


# -- the reference's and the mistakes' results ---------------------------------------------------------
def _helper_answers(run, check, index, case):
    """Helper -> {call key: (result, numpy random state after the call, or None if it drew nothing)} for
    every call the reference makes to the part's graded helpers (``uses``) on this case: the notebook
    answers the student's helpers from it, as dlgrade answers them with the reference's. Empty when the
    part uses none, or when the calls hold more than ``ANSWERS_MAX`` entries."""
    part, a = run.part, run.assignment
    namespace = vars(a.reference)
    helpers = {name: namespace[name] for name in part.uses if callable(namespace.get(name))}
    if not helpers:
        return {}
    table = {name: {} for name in helpers}
    size = [0]

    def recorder(name, helper):
        def record(*args, **kwargs):
            key = call_key(helper, args, kwargs)
            before = np.random.get_state()
            value = helper(*args, **kwargs)
            after = np.random.get_state()
            drew = before[2:] != after[2:] or not np.array_equal(before[1], after[1])
            if key is not None and key not in table[name]:
                table[name][key] = (copy.deepcopy(value), after if drew else None)
                size[0] += _entries(value)
                if size[0] > ANSWERS_MAX:
                    raise _TooMany  # stop the reference's run: these answers would not be written
            return value
        return record

    args, kwargs = run.arguments(check, index, case)
    args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    namespace.update({name: recorder(name, helper) for name, helper in helpers.items()})
    try:
        if case.np_seed is not None:
            np.random.seed(case.np_seed)
        with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
            a.reference_function(part)(*args, **kwargs)
    except Exception:  # noqa: BLE001 - _TooMany; or the reference's own run, checked elsewhere: no answers
        return {}
    finally:
        namespace.update(helpers)
    return {name: calls for name, calls in table.items() if calls}


class _TooMany(Exception):
    """More helper answers than `ANSWERS_MAX`."""


def _part_run(a, part):
    from ..runner import REFERENCE_CACHE, PartRun  # the runner imports the exporters' callers: import late

    return PartRun(a, part, None, REFERENCE_CACHE, deadline=time.monotonic() + 1e9)


def _reference_calls(run, check):
    """(args, kwargs, np_seed, label, CallResult) of the reference on each case of ``check``, as the
    runner computes them (the check's own derived seeds and ``call_args``)."""
    a, part = run.assignment, run.part
    calls = []
    for index, case in enumerate(check.cases):
        args, kwargs = run.arguments(check, index, case)
        call = run.reference(check, index, case)
        if not call.ok:
            raise ExportError(f"{a.id}: the reference fails {part.name}: {check.name}, case {index + 1}: "
                              f"{call.describe()}")
        calls.append((tuple(args), dict(kwargs), case.np_seed, case.label, call))
    return calls


def _mistake_results(run, check, index, case, compared, left_out):
    """Mistake name -> what the check compares of its result, for each mistake dlgrade would name here
    (the names of those too large to write go to ``left_out``)."""
    found = {}
    for mistake in run.part.mistakes:
        wrong = run.mistake(mistake, check, index, case)
        if not wrong.ok:
            continue
        try:
            # dlgrade's own rule: the mistake is named on a result equal to its own only if it explains it
            # (differs from the reference where both are finite; in any way for a ``nonfinite`` mistake).
            if mistake not in check.identify(run, index, case, wrong):
                continue
        except Exception:  # noqa: BLE001 - a result the spec cannot read explains nothing
            continue
        entry = compared(wrong)
        if _entries(entry) > MISTAKE_MAX:
            left_out.append(mistake.name)
            continue
        try:
            literal(entry)
        except TypeError:  # a result no literal can rebuild: the mistake is not named on this case
            continue
        found[mistake.name] = entry
    return found


def _property_export(run, check):
    """(source, uses_expected) of a property's test, checked here on the reference's results; or the
    reason it cannot be exported."""
    try:
        source, uses_expected = property_source(check.check)
    except NotExportable as exc:
        return None, str(exc)
    for index, case in enumerate(check.cases):
        args, kwargs = run.inputs(check, index, case)
        ref = run.reference(check, index, case)
        try:
            problem = run_property_source(source, check.check.__name__, ref.value, args, kwargs, ref.value)
        except Exception as exc:  # noqa: BLE001 - a name the source lacks, or anything else
            return None, f"its source does not run alone ({type(exc).__name__}: {exc})"
        if problem:
            return None, f"its source does not pass the reference alone ({problem})"
    return (source, uses_expected), ""


def _export_check(run, check, points):
    options, note, kind = {}, "", None
    prop = None
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
    elif isinstance(check, Property):
        prop, why = _property_export(run, check)
        if prop is not None:
            kind = "property"
            options = {"test": check.check.__name__, "source": prop[0]}
        else:
            kind = "values"
            options = {"rtol": 1e-5, "atol": 1e-8}
            note = (f"dlgrade's property test cannot run in the notebook ({why}); exported as: the result on "
                    f"the same cases matches the reference's (rtol 1e-05)")
    else:
        raise ExportError(f"{run.assignment.id}: {run.part.name}: {check.name}: no export for {type(check).__name__}")
    calls = _reference_calls(run, check)
    templates = [None] * len(calls)
    if isinstance(check, Values) and check.select is not None:
        # Per case: a select may repack by the result's own keys (a deeper network, more layers).
        templates = [select_template(check.select, call.value) for *_, call in calls]
        if None in templates:
            templates = [None] * len(calls)
            note = "the check's select() computes rather than picks: the whole result is compared"
    cases = []
    for index, ((args, kwargs, np_seed, label, call), template) in enumerate(zip(calls, templates)):
        case = check.cases[index]
        after = {}
        if isinstance(check, Values):
            after = {p: call.args_after[p] for p in check.check_args if p < len(call.args_after)}

        def compared(result, template=template, positions=tuple(after)):
            """What the exported check compares of a call: the (selected) value, arguments after the call."""
            if kind == "unchanged":
                positions = range(len(result.args_after))
            value = check.select(result.value) if template is not None else result.value
            entry = {"value": value}
            if positions:
                entry["args_after"] = {p: result.args_after[p] for p in positions if p < len(result.args_after)}
            return entry

        expected = call.value
        if template is not None:
            expected = check.select(expected)
        elif kind == "gradients":
            expected = {label_: _get(call.value, path) for label_, path in options["paths"].items()}
        left_out = []
        exported = ExportedCase(args, kwargs, np_seed, expected, label, after, template,
                                _mistake_results(run, check, index, case, compared, left_out))
        exported.too_large = tuple(left_out)
        exported.answers = _helper_answers(run, check, index, case)
        if kind == "property":
            exported.has_expected = prop[1]
            if check.call_args:
                exported.context_args = tuple(run.inputs(check, index, case)[0])
        cases.append(exported)
    return ExportedCheck(run.part.name, check.name, kind, points, check.name != PUBLIC_CHECK, cases, options, note)


def exported_part(a, part):
    """One graded function of assignment ``a`` with its checks as data."""
    run = _part_run(a, part)
    checks = [_export_check(run, check, points) for check, points in zip(part.checks, a.check_points(part))]
    named = {name for check in checks for case in check.cases for name in case.mistakes}
    explanations = {m.name: m.explanation for m in part.mistakes if m.name in named}
    return ExportedPart(part.name, float(a.points[part.name]), part.returns, checks, tuple(part.uses), explanations)


def exported_parts(a):
    """Every graded function of assignment ``a`` with its checks as data, in notebook order."""
    return [exported_part(a, part) for part in a.parts]


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


def case_source(case: ExportedCase, literals: Literals, mistakes=True, answers=True):
    fields = [f"args={literals.input(case.args)}"]
    if case.kwargs:
        fields.append(f"kwargs={literals.input(case.kwargs)}")
    if case.np_seed is not None:
        fields.append(f"np_seed={case.np_seed!r}")
    if case.has_expected:
        fields.append(f"expected={literals.expected(case.expected)}")
    if case.context_args is not None:
        fields.append(f"context_args={literals.input(case.context_args)}")
    if case.args_after:
        fields.append(f"args_after={literals.expected(case.args_after)}")
    if case.select is not None:
        fields.append(f"select={_option_source(case.select)}")
    if case.label:
        fields.append(f"label={case.label!r}")
    if case.mistakes and mistakes:
        fields.append(f"mistakes={literals.expected(case.mistakes)}")
    if case.answers and answers:
        fields.append(f"answers={literals.expected(case.answers)}")
    return "dict(" + ", ".join(fields) + ")"


def check_call_source(check: ExportedCheck, literals: Literals, indent="    ", mistakes=True, answers=True):
    """``.KIND(name, points, [cases...], options...)``: one harness call, cases one per line (without the
    known mistakes' results if not ``mistakes``: a check students see must not show them; without the
    helpers' answers if not ``answers``)."""
    cases = "".join(f"{indent}{case_source(c, literals, mistakes, answers)},\n" for c in check.cases)
    options = "".join(f", {key}={_option_source(value)}" for key, value in check.options.items())
    return f".{check.kind}({check.name!r}, {check.points!r}, [\n{cases}]{options})"


def case_extras_source(check: ExportedCheck, literals: Literals):
    """``.case_extras(name, [per case...])``: the known mistakes' results and the helpers' answers of a
    check whose cases are written without them (the public example, in the open), given apart."""
    rows = []
    for case in check.cases:
        fields = {"mistakes": case.mistakes, "answers": case.answers}
        rows.append("    dict(" + ", ".join(f"{k}={literals.expected(v)}" for k, v in fields.items() if v) + "),\n")
    return f".case_extras({check.name!r}, [\n{''.join(rows)}])"


def has_extras(check: ExportedCheck):
    return any(case.mistakes or case.answers for case in check.cases)


def part_tests_source(part: ExportedPart, explanations=True):
    """``_dlgrade.PartTests(...)`` for the student's function of ``part`` (looked up in the notebook)."""
    extra = ""
    if part.uses:
        extra += f", uses={part.uses!r}"
    if part.explanations and explanations:
        extra += f", explanations={part.explanations!r}"
    return f"_dlgrade.PartTests({part.name!r}, globals().get({part.name!r}), returns={part.returns!r}{extra})"


def _option_source(value):
    if isinstance(value, At):
        return f"_dlgrade.At({value.path!r})"
    if isinstance(value, str) and "\n" in value and "'''" not in value and not value.endswith("\\"):
        return "r'''\n" + value + "'''"  # a property's source, readable in the cell
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_option_source(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + "".join(f"{_option_source(v)}, " for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_option_source(v) for v in value) + "]"
    return repr(value)
