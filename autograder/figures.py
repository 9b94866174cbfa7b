"""Pictures for feedback: a cost curve next to the reference's, a map of where an array differs.

`figures_for` walks a compared value the way `compare` does and returns figure descriptions in the
format `autograder.report` draws (see its docstring). A diff map carries only where and by how much
the values differ, never the expected values; a cost curve shows the reference's curve as a line,
which is what a student needs to see that training went wrong and how.
"""

from __future__ import annotations

import numbers

import numpy as np

from .compare import key_path

MAX_FIGURES = 3
MIN_DIFF_ENTRIES = 6
MAX_DIFF_ENTRIES = 160_000


def _scalar(value):
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


CURVE_POINTS = 500


def _evenly(n, limit=CURVE_POINTS):
    """At most ``limit`` indices of ``range(n)``, evenly spaced, the first and the last kept."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, limit)).astype(np.int64))


def _curve(path, expected, actual):
    """Two series when both sides are sequences of numbers (lists of costs, 1-D arrays)."""
    def series(value):
        # Downsampled before a single entry becomes a Python float: a submission may return millions.
        if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "biuf":
            return [float(v) for v in value[_evenly(len(value))]]
        if isinstance(value, (list, tuple)) and len(value) >= 2:
            picked = [value[i] for i in _evenly(len(value))]
            return [float(np.asarray(v)) for v in picked] if all(_scalar(v) for v in picked) else None
        return None

    mine, theirs = series(actual), series(expected)
    if mine is None or theirs is None:
        return None
    return {"kind": "curve", "title": f"{path} during training", "xlabel": "recorded step", "ylabel": path,
            "series": {"yours": mine, "reference": theirs}}


def _diff(path, expected, actual, rtol, atol, label):
    if not (isinstance(expected, np.ndarray) and isinstance(actual, np.ndarray)):
        return None
    # A map of a handful of entries says nothing the message does not.
    if expected.shape != actual.shape or expected.ndim not in (1, 2) or not MIN_DIFF_ENTRIES <= expected.size <= MAX_DIFF_ENTRIES:
        return None
    if expected.dtype.kind not in "biuf" or actual.dtype.kind not in "biuf":
        return None
    exp, act = expected.astype(np.float64), actual.astype(np.float64)
    close = np.isclose(act, exp, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    error = np.abs(act - exp)
    error[~np.isfinite(error)] = np.nan
    return {"kind": "diff", "title": f"where {path} differs ({label})", "path": path,
            "mismatch": (~close).astype(int).tolist(),
            "error": [[None if v != v else v for v in row] for row in np.atleast_2d(error).tolist()]
            if error.ndim == 2 else [None if v != v else v for v in error.tolist()]}


def figures_for(path, expected, actual, rtol, atol, label):
    """Figure descriptions for one compared value (at most `MAX_FIGURES`)."""
    found = []

    def walk(path, expected, actual):
        if len(found) >= MAX_FIGURES:
            return
        if "cost" in path.lower():
            curve = _curve(path, expected, actual)
            if curve is not None:
                found.append(curve)
                return
        if isinstance(expected, dict) and isinstance(actual, dict):
            for key in expected:
                if key in actual:
                    walk(key_path(path, key), expected[key], actual[key])
        elif isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)) and len(expected) == len(actual):
            for i, (e, a) in enumerate(zip(expected, actual)):
                walk(f"{path}[{i}]", e, a)
        else:
            diff = _diff(path, expected, actual, rtol, atol, label)
            if diff is not None:
                found.append(diff)

    walk(path, expected, actual)
    return found
