"""dlgrade's checks inside a notebook: the harness of the tests exported to nbgrader and otter-grader.

Shipped beside the notebook as ``dlgrade_checks.py`` (numpy and ``dlgrade_compare.py`` alone). Each
exported test cell calls one graded function on cases whose inputs and expected values were computed
by the reference when the assignment was exported, and judges the results as dlgrade does:

    tests = PartTests("optimize", optimize, returns=("params", "grads", "costs"), uses=("propagate",),
                      explanations={"gradient ascent": "Step against the gradient: w := w - α dw."})
    tests.values("public example", 5.0, [dict(args=(...), expected=(...), mistakes={...})], rtol=1e-06, atol=1e-08)
    tests.score()      # nbgrader: prints a line per check, returns the points earned (partial credit)
    tests.require()    # otter: raises AssertionError naming what failed, prints nothing when all pass

Feedback follows dlgrade's: a case's ``mistakes`` hold the known mistakes' results (computed at export
time); one equal to the student's result is named with its explanation (dlgrade's rule: a mistake
is only exported on a case where it differs from the reference).

Helpers: while dlgrade grades a function, the graded helpers it ``uses`` answer as the reference would,
so a wrong helper costs its own points only. The notebook has no reference, but a case's ``answers``
hold the reference's result of every helper call the reference's own run of that case made (by
`call_key`): a student's call with the same arguments gets that result, any other runs the student's
own helper. A failing check then says that the helpers answered as the reference did, or names the
student's own helpers the calls reached and whether they failed their own checks earlier in this
run (or, not yet checked, that they are to be fixed first if they fail).

The student's calls run with their printing, warnings and numpy floating-point warnings silenced:
nbgrader gives a test cell zero points for any output on stderr, and otter compares printed output.
"""

import contextlib
import copy
import functools
import hashlib
import inspect
import io
import os
import sys
import warnings

import numpy as np

try:
    from dlgrade_compare import arrays_equal, compare, named_values
except ImportError:  # inside the dlgrade package itself
    from autograder.compare import arrays_equal, compare, named_values

INPUTS_FILE = "dlgrade_inputs.npz"
_inputs = {}


def inputs(key):
    """A large input array of the exported cases, kept in ``dlgrade_inputs.npz`` beside the notebook."""
    if not _inputs:
        with np.load(os.path.join(os.getcwd(), INPUTS_FILE), allow_pickle=False) as data:
            _inputs.update({name: data[name] for name in data.files})
    return _inputs[key].copy()


def _case_name(index, case):
    label = case.get("label")
    return f"case {index + 1}" + (f" ({label})" if label else "")


def _get(value, path):
    for key in path:
        value = value[key]
    return value


NOT_YET = "counts once the function returns the right values (see the other checks)"
# How close a student's result must be to a known mistake's for the mistake to be named (dlgrade's
# `Check.match_rtol`; a values check uses its own tolerances).
MATCH_RTOL, MATCH_ATOL = 1e-5, 1e-8
# (function, check) -> passed, for every check run in this kernel: a dependant's feedback names the
# helpers that failed theirs.
VERDICTS = {}


def helper_failed(name):
    """True if a check of ``name`` failed in this run, False if all that ran passed, None if none ran."""
    runs = [passed for (part, _), passed in VERDICTS.items() if part == name]
    return None if not runs else not all(runs)


def _names(names):
    return ", ".join(f"`{n}`" for n in names)


def _feed(digest, value):
    if isinstance(value, np.ndarray):
        digest.update(f"A{value.dtype.str}{value.shape}".encode() + np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        digest.update(f"D{len(value)}".encode())
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
    elif isinstance(value, (list, tuple)):
        digest.update(f"L{len(value)}".encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, (bool, np.bool_)):
        digest.update(f"B{bool(value)}".encode())
    elif isinstance(value, (int, np.integer)):
        digest.update(f"I{int(value)}".encode())
    elif isinstance(value, (float, np.floating)):
        digest.update(f"F{float(value).hex()}".encode())  # a Python float and a numpy scalar alike
    else:
        digest.update(f"R{value!r}".encode())


def call_key(function, args, kwargs):
    """A digest of a call's arguments, bound to ``function``'s parameters (None if they do not bind): the
    same for the reference's call and a student's with equal arguments, by position or by name."""
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
        bound.apply_defaults()
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha1()
    _feed(digest, tuple(bound.arguments.values()))
    return digest.hexdigest()[:20]


class _Context:
    """A property test's ``ctx``: the inputs, and the reference's result computed at export time."""

    def __init__(self, args, kwargs, expected):
        self.args, self.kwargs, self._expected = args, kwargs, expected

    @property
    def expected(self):
        if self._expected is _MISSING:
            raise RuntimeError("the reference's result on this case was not exported")
        return self._expected


_MISSING = object()
_SOURCES = {}


def run_property_source(source, test, value, args, kwargs, expected=_MISSING):
    """The problem ``test`` (defined by ``source``) finds in ``value``, None when the property holds."""
    if source not in _SOURCES:
        namespace = {"__name__": "dlgrade_property"}
        if "from dlgrade_compare import" in source and "dlgrade_compare" not in sys.modules:
            sys.modules.setdefault("dlgrade_compare", sys.modules[compare.__module__])  # inside dlgrade itself
        exec(compile(source, f"<property {test}>", "exec"), namespace)  # noqa: S102 - the exported test itself
        _SOURCES[source] = namespace
    return _SOURCES[source][test](value, _Context(args, kwargs, expected))


class At:
    """A leaf of a ``select`` template: the value at this key path of the result."""

    def __init__(self, path):
        self.path = tuple(path)

    def __repr__(self):
        return f"At({self.path!r})"


def _fill(template, value):
    if isinstance(template, At):
        return _get(value, template.path)
    if isinstance(template, dict):
        return {k: _fill(v, value) for k, v in template.items()}
    if isinstance(template, (list, tuple)):
        return type(template)(_fill(v, value) for v in template)
    return template


def _whole(case, value, args_after):
    return value, args_after


def _answering(name, helper, table, answered, called):
    """``helper`` answering from ``table`` (call key -> (result, numpy random state after the call or None))."""
    @functools.wraps(helper)
    def answer(*args, **kwargs):
        key = call_key(helper, args, kwargs) if table else None
        if key is not None and key in table:
            if name not in answered:
                answered.append(name)
            value, state = table[key]
            if state is not None:
                np.random.set_state(state)  # the helper drew random numbers: leave the generator as it did
            return copy.deepcopy(value)
        if name not in called:
            called.append(name)
        return helper(*args, **kwargs)

    answer.__dlgrade_helper__ = helper
    return answer


def _raised_in(exc, helpers, function):
    """The helpers (by name) whose own code the traceback of ``exc`` passes through."""
    namespace = getattr(function, "__globals__", {}) or {}
    codes = {}
    for name in helpers:
        helper = namespace.get(name)
        helper = getattr(helper, "__dlgrade_helper__", helper)
        code = getattr(helper, "__code__", None)
        if code is not None:
            codes[code] = name
    found, tb = [], exc.__traceback__
    while tb is not None:
        name = codes.get(tb.tb_frame.f_code)
        if name and name not in found:
            found.append(name)
        tb = tb.tb_next
    return found


class PartTests:
    """The exported checks of one graded function, run against the student's ``function``."""

    def __init__(self, name, function, returns="result", uses=(), explanations=None):
        self.name = name
        self.function = function
        self.returns = returns
        self.uses = tuple(uses)  # the graded helpers this function calls
        self.explanations = dict(explanations or {})  # known mistake -> what to fix
        self.results = []  # (check name, points earned, points, problem text)
        self.named = {}  # check name -> the known mistakes its feedback names
        self._extras = {}  # check name -> per case, what `case_extras` gave

    def case_extras(self, check, per_case):
        """Per case of ``check``, fields written apart from its cases (``mistakes``, ``answers``): for a
        check whose cases students see, given where they do not."""
        self._extras[check] = list(per_case)
        return self

    def _field(self, check, index, case, name):
        extras = self._extras.get(check, [])
        return case.get(name) or (extras[index].get(name) if index < len(extras) else None) or {}

    # -- calling the student's function -------------------------------------------------------------
    @contextlib.contextmanager
    def _helpers(self, answers, answered, called):
        """While the call runs, the graded helpers it calls answer as the reference did on the same
        arguments (``answers``: recorded at export time, by `call_key`), as dlgrade's helpers answer as
        the reference does; a call the reference never made runs the student's own helper. Both are noted."""
        namespace = getattr(self.function, "__globals__", None)
        originals = {}
        if namespace is not None:
            for name in self.uses:
                helper = namespace.get(name)
                if callable(helper):
                    originals[name] = helper
                    namespace[name] = _answering(name, helper, answers.get(name, {}), answered, called)
        try:
            yield originals
        finally:
            if namespace is not None:
                namespace.update(originals)

    def _call(self, case, answers, answered, called):
        """(value, arguments after the call) of one case; raises what the student's code raised."""
        if not callable(self.function):
            raise NameError(f"`{self.name}` is not defined (run its cell, and keep its name)")
        args = copy.deepcopy(tuple(case.get("args", ())))
        kwargs = copy.deepcopy(dict(case.get("kwargs", {})))
        if case.get("np_seed") is not None:
            np.random.seed(case["np_seed"])
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings(), \
                np.errstate(all="ignore"), self._helpers(answers, answered, called):
            warnings.simplefilter("ignore")
            value = self.function(*args, **kwargs)
        return value, args

    def _run(self, check, points, cases, examine, compared=None, match=(MATCH_RTOL, MATCH_ATOL), strict=False):
        """Run ``cases``; ``compared(case, value, args_after)`` is what a known mistake's result is matched
        against (the whole result and the arguments after the call by default)."""
        problems, mistakes, called, answered, raised = [], [], [], [], None
        for index, case in enumerate(cases):
            reached = []
            try:
                value, args_after = self._call(case, self._field(check, index, case, "answers"), answered, reached)
            except Exception as exc:  # noqa: BLE001 - the student's error is the check's outcome
                # Keep going, as dlgrade does: a later case may still name the mistake. A helper is
                # blamed for the error only if the error came out of it.
                problems.append(f"{_case_name(index, case)}: raised {type(exc).__name__}: {exc}")
                raised = (raised or []) + [h for h in _raised_in(exc, self.uses, self.function) if h not in (raised or [])]
                continue
            finally:
                called += [h for h in reached if h not in called]
            found = examine(case, value, args_after)
            problems += [f"{_case_name(index, case)}: {p}" for p in found]
            if found:
                actual = (compared or _whole)(case, value, args_after)
                for name, wrong in self._field(check, index, case, "mistakes").items():
                    if name not in mistakes and actual is not None and self._matches(wrong, actual, match, strict):
                        mistakes.append(name)
        earned = points if not problems else 0.0
        VERDICTS[(self.name, check)] = earned == points
        if problems and all(p.endswith(NOT_YET) for p in problems):
            problems, mistakes, called, answered, raised = [
                "Not yet checked: this check counts once the function returns the right values; fix the other "
                "checks of this function first."], [], [], [], None
        shown = problems[:8] + ([f"... and {len(problems) - 8} more"] if len(problems) > 8 else [])
        shown += [f"Known mistake: {name}. {self.explanations.get(name, '')}".rstrip() for name in mistakes]
        self.named[check] = mistakes
        # When a call raised, only the helpers the error came out of are named (none, if it was this
        # function's own line); otherwise those the calls reached.
        note = self._helper_note(called if raised is None else raised, answered if raised is None else []) \
            if problems else ""
        self.results.append((check, earned, points, "\n".join(shown + ([note] if note else []))))
        return self

    def _matches(self, wrong, actual, match, strict):
        """Whether the student's compared result equals a known mistake's (exact keys, as dlgrade)."""
        rtol, atol = match
        value, args_after = actual
        for path, exp, act in named_values(self.returns, wrong["value"], value):
            if compare(exp, act, path, rtol, atol, False, strict, True):
                return False
        for position, exp in wrong.get("args_after", {}).items():
            act = args_after[position] if position < len(args_after) else None
            if compare(exp, act, "argument", rtol, atol, False, strict, True):
                return False
        return True

    def _helper_note(self, helpers, answered=()):
        """What a failing check says of the graded helpers its calls reached: the student's own (``helpers``)
        or, for calls the reference made too, answered as the reference does (``answered``)."""
        if not helpers and answered:
            one = len(answered) == 1
            why = (f"your {_names(answered)} failed {'its' if one else 'their'} own checks, so "
                   if all(helper_failed(h) for h in answered) else "")
            return (f"Note: {why}during this check {_names(answered)} answered as the reference does: the "
                    f"difference comes from `{self.name}`'s own code.")
        if not helpers:
            return ""
        failed = [h for h in helpers if helper_failed(h)]
        unknown = [h for h in helpers if helper_failed(h) is None]
        if failed:
            one = len(failed) == 1
            return (f"Note: this check runs your own {_names(failed)}, which failed {'its' if one else 'their'} "
                    f"own checks; fix {'it' if one else 'them'} first.")
        if unknown:
            one = len(unknown) == 1
            return (f"Note: this check runs your own {_names(unknown)} (graded on {'its' if one else 'their'} own); "
                    f"if {'its' if one else 'their'} checks fail too, fix {'it' if one else 'them'} first.")
        one = len(helpers) == 1
        return (f"Note: your {_names(helpers)} passed {'its' if one else 'their'} own checks: the difference "
                f"comes from `{self.name}`'s own code.")

    # -- the kinds of check -------------------------------------------------------------------------
    def values(self, check, points, cases, rtol=1e-6, atol=1e-8, strict_types=False):
        """The result (or what the case's template ``select`` picks from it) matches the expected value."""
        reveal = check == "public example"

        def compared(case, value, args_after):
            if case.get("select") is not None:
                try:
                    value = _fill(case["select"], value)
                except Exception:  # noqa: BLE001 - a result of the wrong structure matches no mistake
                    return None
            return value, args_after

        def examine(case, value, args_after):
            if case.get("select") is not None:
                try:
                    value = _fill(case["select"], value)
                except Exception:  # noqa: BLE001 - a result of the wrong structure
                    return [f"the result has the wrong structure: got {type(value).__name__}"]
            found = []
            for path, exp, act in named_values(self.returns, case["expected"], value):
                found += compare(exp, act, path, rtol, atol, reveal, strict_types)
            for position, exp in case.get("args_after", {}).items():
                act = args_after[position] if position < len(args_after) else None
                found += compare(exp, act, f"argument {position + 1} after the call", rtol, atol, reveal, strict_types)
            return found

        return self._run(check, points, cases, examine, compared, (rtol, atol), strict_types)

    def unchanged(self, check, points, cases):
        """Right values first; then the inputs are as they were before the call."""
        def examine(case, value, args_after):
            if compare(case["expected"], value, "result"):
                return [NOT_YET]
            return [f"argument {position + 1} was modified in place; work on a copy instead"
                    for position, (before, after) in enumerate(zip(case.get("args", ()), args_after))
                    if not arrays_equal(before, after)]

        return self._run(check, points, cases, examine)

    def gradients(self, check, points, cases, paths, tol=1e-6):
        """Each gradient (at its key path in the result) agrees with the reference's analytic one."""
        def examine(case, value, args_after):
            found = []
            for label, path in paths.items():
                expected = np.asarray(case["expected"][label], dtype=np.float64)
                try:
                    grad = _get(value, path)
                except (KeyError, IndexError, TypeError):
                    found.append(f"`{label}` not found in the result")
                    continue
                if np.shape(grad) != expected.shape:
                    found.append(f"`{label}` should have shape {expected.shape}, got {np.shape(grad)}")
                    continue
                try:
                    grad = np.asarray(grad, dtype=np.float64)
                except (TypeError, ValueError):
                    found.append(f"`{label}` is not numeric")
                    continue
                denom = np.linalg.norm(grad) + np.linalg.norm(expected)
                error = np.linalg.norm(grad - expected) / denom if denom > 0 else 0.0
                if not np.isfinite(error) or error > tol:
                    found.append(f"`{label}` is wrong: relative error {error:.3g} (must be below {tol:g})")
            return found

        return self._run(check, points, cases, examine)

    # -- the verdict --------------------------------------------------------------------------------
    @property
    def earned(self):
        return round(sum(r[1] for r in self.results), 4)

    def score(self):
        """Print one line per check and return the points earned (nbgrader reads it as partial credit)."""
        total = sum(r[2] for r in self.results)
        for check, earned, points, problem in self.results:
            mark = "PASS" if earned == points else "FAIL"
            print(f"[{mark}] {self.name}: {check} ({earned:g} / {points:g})")
            if problem:
                print("    " + problem.replace("\n", "\n    "))
        print(f"{self.name}: {self.earned:g} / {total:g}")
        return self.earned

    def require(self):
        """Raise AssertionError listing the failed checks; silent when every check passed."""
        failed = [f"{self.name}: {check}\n    " + problem.replace("\n", "\n    ")
                  for check, earned, points, problem in self.results if earned != points]
        if failed:
            raise AssertionError("\n".join(failed))

    # (last: inside the class body, the name ``property`` is this method from here on)
    def property(self, check, points, cases, test, source):
        """dlgrade's property test (``source`` defines the function ``test``) holds on the result."""
        def examine(case, value, args_after):
            context = case.get("context_args", case.get("args", ()))
            try:
                problem = run_property_source(source, test, value, copy.deepcopy(tuple(context)),
                                              copy.deepcopy(dict(case.get("kwargs", {}))),
                                              case.get("expected", _MISSING))
            except Exception as exc:  # noqa: BLE001 - a malformed result makes the property fail, with the reason
                problem = (f"the result could not be examined ({type(exc).__name__}: {exc}); "
                           f"got {type(value).__name__}")
            return [problem] if problem else []

        return self._run(check, points, cases, examine)
