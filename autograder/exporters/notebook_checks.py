"""dlgrade's checks inside a notebook: the harness of the tests exported to nbgrader and otter-grader.

Shipped beside the notebook as ``dlgrade_checks.py`` (numpy and ``dlgrade_compare.py`` alone). Each
exported test cell calls one graded function on cases whose inputs and expected values were computed
by the reference when the assignment was exported, and judges the results as dlgrade does:

    tests = PartTests("propagate", propagate, returns=("grads", "cost"))
    tests.values("public example", 5.0, [dict(args=(...), expected=(...))], rtol=1e-06, atol=1e-08)
    tests.score()      # nbgrader: prints a line per check, returns the points earned (partial credit)
    tests.require()    # otter: raises AssertionError naming what failed, prints nothing when all pass

The student's calls run with their printing, warnings and numpy floating-point warnings silenced:
nbgrader gives a test cell zero points for any output on stderr, and otter compares printed output.
"""

import contextlib
import copy
import io
import os
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


class PartTests:
    """The exported checks of one graded function, run against the student's ``function``."""

    def __init__(self, name, function, returns="result"):
        self.name = name
        self.function = function
        self.returns = returns
        self.results = []  # (check name, points earned, points, problem text)

    # -- calling the student's function -------------------------------------------------------------
    def _call(self, case):
        """(value, arguments after the call) of one case; raises what the student's code raised."""
        if not callable(self.function):
            raise NameError(f"`{self.name}` is not defined (run its cell, and keep its name)")
        args = copy.deepcopy(tuple(case.get("args", ())))
        kwargs = copy.deepcopy(dict(case.get("kwargs", {})))
        if case.get("np_seed") is not None:
            np.random.seed(case["np_seed"])
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings(), \
                np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = self.function(*args, **kwargs)
        return value, args

    def _run(self, check, points, cases, examine):
        problems = []
        for index, case in enumerate(cases):
            try:
                value, args_after = self._call(case)
            except Exception as exc:  # noqa: BLE001 - the student's error is the check's outcome
                problems = [f"{_case_name(index, case)}: raised {type(exc).__name__}: {exc}"]
                break
            problems += [f"{_case_name(index, case)}: {p}" for p in examine(case, value, args_after)]
        earned = points if not problems else 0.0
        if problems and all(p.endswith(NOT_YET) for p in problems):
            problems = ["Not yet checked: this check counts once the function returns the right values; "
                        "fix the other checks of this function first."]
        shown = problems[:8] + ([f"... and {len(problems) - 8} more"] if len(problems) > 8 else [])
        self.results.append((check, earned, points, "\n".join(shown)))
        return self

    # -- the kinds of check -------------------------------------------------------------------------
    def values(self, check, points, cases, rtol=1e-6, atol=1e-8, strict_types=False):
        """The result (or what the case's template ``select`` picks from it) matches the expected value."""
        reveal = check == "public example"

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

        return self._run(check, points, cases, examine)

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
