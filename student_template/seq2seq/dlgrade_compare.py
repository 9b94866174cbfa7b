"""Recursive comparison of a submission's value with the reference's, in words a student can act on.

`compare` walks dicts, lists and tuples together and checks, at each leaf: the type, the shape (no
broadcasting: a (3,) array is not a (3, 1) array), the dtype kind, finiteness, and finally the values
with the stated tolerances (``|actual - expected| <= atol + rtol * |expected|``, numpy's `isclose`).
Each problem names its path (``grads["dw"]``) and, for values, the largest absolute and relative error
and where it occurs. Expected values themselves are printed only when ``reveal`` is set (public cases).

This module needs numpy alone: the build ships it to students as ``dlgrade_compare.py``, so the public
tests in their notebooks judge exactly as the grader does.
"""

from __future__ import annotations

import numbers

import numpy as np

MAX_PROBLEMS = 8


def _kind(value):
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, np.ndarray):
        return "ndarray"
    if isinstance(value, (numbers.Integral,)):
        return "int"
    if isinstance(value, numbers.Real):
        return "float"
    if isinstance(value, numbers.Complex):
        return "complex"
    if isinstance(value, str):
        return "str"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, (list, tuple)):
        return "sequence"
    return type(value).__name__


def describe_type(value):
    """A short description of a value's type and shape for messages: 'ndarray (3, 1) float64'."""
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"numpy scalar {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def key_path(path, key):
    return f"{path}[{key!r}]".replace("'", '"')


def _number(x):
    return repr(x.item()) if isinstance(x, np.generic) else repr(x)


def _fmt_index(index):
    return "(" + ", ".join(str(int(i)) for i in index) + ")" if len(index) != 1 else f"({int(index[0])},)"


def _preview(arr):
    with np.printoptions(precision=8, threshold=30, edgeitems=3, suppress=False):
        return np.array2string(np.asarray(arr), separator=", ")


class Comparison:
    def __init__(self, rtol, atol, reveal, strict_types, exact_keys=False):
        self.exact_keys = exact_keys
        self.rtol = rtol
        self.atol = atol
        self.reveal = reveal
        self.strict_types = strict_types
        self.problems = []

    def add(self, text):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def walk(self, expected, actual, path):
        ek, ak = _kind(expected), _kind(actual)
        if ek == "dict":
            return self.dict(expected, actual, path)
        if ek == "sequence":
            return self.sequence(expected, actual, path)
        if ek == "ndarray":
            return self.array(expected, actual, path)
        if ek in ("float", "int", "complex"):
            return self.number(expected, actual, path, ek, ak)
        if ek == "bool":
            if ak != "bool":
                self.add(f"{path}: expected a bool, got {describe_type(actual)}")
            elif bool(actual) != bool(expected):
                self.add(f"{path}: got {bool(actual)}, the wrong answer")
            return
        if expected != actual or ek != ak:
            shown = repr(expected) if self.reveal or ek == "None" else "a different value"
            self.add(f"{path}: expected {shown}, got {describe_type(actual) if ek != ak else repr(actual)[:200]}")

    def dict(self, expected, actual, path):
        if not isinstance(actual, dict):
            self.add(f"{path}: expected a dict with keys {sorted(map(str, expected))}, got {describe_type(actual)}")
            return
        missing = [k for k in expected if k not in actual]
        if missing:
            self.add(f"{path}: missing key(s) {', '.join(repr(k) for k in missing)}")
        extra = [k for k in actual if k not in expected]
        if extra and self.exact_keys:
            self.add(f"{path}: unexpected key(s) {', '.join(repr(k) for k in extra)}")
        for key in expected:
            if key in actual:
                self.walk(expected[key], actual[key], key_path(path, key))

    def sequence(self, expected, actual, path):
        if not isinstance(actual, (list, tuple)):
            self.add(f"{path}: expected a {type(expected).__name__} of length {len(expected)}, got {describe_type(actual)}")
            return
        if len(actual) != len(expected):
            self.add(f"{path}: expected {len(expected)} items, got {len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            self.walk(e, a, f"{path}[{i}]")

    def number(self, expected, actual, path, ek, ak):
        accepted = {"float": ("float", "int"), "int": ("int",), "complex": ("complex", "float", "int")}[ek]
        if self.strict_types and ek == "float" and not isinstance(actual, float):
            self.add(f"{path}: expected a Python float, got {describe_type(actual)}")
            return
        if ak == "ndarray" and not self.strict_types and actual.shape == ():
            actual = actual[()]
            ak = _kind(actual)
        if ak not in accepted:
            self.add(f"{path}: expected a scalar ({ek}), got {describe_type(actual)}")
            return
        if not np.isfinite(actual) and np.isfinite(expected):
            self.add(f"{path}: got {actual}, a non-finite number")
            return
        if not np.isclose(actual, expected, rtol=self.rtol, atol=self.atol, equal_nan=True):
            with np.errstate(all="ignore"):  # an expected inf or NaN gives a NaN error: shown, not warned of
                err = abs(actual - expected)
                rel = err / abs(expected) if expected != 0 else float("inf")
            shown = f"expected {_number(expected)}, got {_number(actual)}" if self.reveal else f"got {_number(actual)}"
            self.add(f"{path}: {shown}: abs error {err:.3g}, rel error {rel:.3g} "
                     f"(tolerance rtol={self.rtol:g}, atol={self.atol:g})")

    def array(self, expected, actual, path):
        if not isinstance(actual, np.ndarray):
            if expected.shape == () and not self.strict_types and _kind(actual) in ("float", "int", "bool", "complex"):
                actual = np.asarray(actual)
            else:
                self.add(f"{path}: expected an ndarray of shape {expected.shape}, got {describe_type(actual)}")
                return
        if actual.shape != expected.shape:
            hint = ""
            if actual.size == expected.size:
                hint = " (same number of entries: a missing reshape, or a transpose?)"
            elif actual.ndim < expected.ndim:
                hint = " (a sum or mean without keepdims=True?)"
            self.add(f"{path}: expected shape {expected.shape}, got {actual.shape}{hint}")
            return
        ek, ak = expected.dtype.kind, actual.dtype.kind
        numeric = "biuf"
        if (ek in numeric) != (ak in numeric) or (ek == "c") != (ak == "c"):
            self.add(f"{path}: expected dtype {expected.dtype}, got {actual.dtype}")
            return
        if ek == "f" and ak in "biu" and self.strict_types:
            self.add(f"{path}: expected a float array, got dtype {actual.dtype} (integer division or astype(int)?)")
            return
        exp = expected.astype(np.complex128 if ek == "c" else np.float64)
        act = actual.astype(np.complex128 if ek == "c" else np.float64)
        bad_finite = ~np.isfinite(act) & np.isfinite(exp)
        if bad_finite.any():
            where = _fmt_index(np.argwhere(bad_finite)[0]) if act.ndim else "()"
            what = "NaN" if np.isnan(act[tuple(np.argwhere(bad_finite)[0])] if act.ndim else act) else "inf"
            self.add(f"{path}: {int(bad_finite.sum())} non-finite value(s) where finite ones are expected, "
                     f"first at index {where} ({what}): an overflow, log(0) or 0/0?")
            return
        close = np.isclose(act, exp, rtol=self.rtol, atol=self.atol, equal_nan=True)
        if close.all():
            return
        diff = np.abs(act - exp)
        diff = np.where(np.isnan(diff), np.inf, diff)
        worst = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(diff == 0, 0.0, diff / np.abs(exp))
        text = (f"{path}: {int((~close).sum())} of {close.size} values differ; max abs error "
                f"{float(diff[worst]):.3g} at index {_fmt_index(worst) if diff.ndim else '()'}, max rel error "
                f"{float(np.max(rel)):.3g} (tolerance rtol={self.rtol:g}, atol={self.atol:g})")
        if self.reveal:
            pad = "\n" + " " * 14
            text += (f"\n    expected: {_preview(expected).replace(chr(10), pad)}"
                     f"\n    got:      {_preview(actual).replace(chr(10), pad)}")
        self.add(text)


def compare(expected, actual, path="result", rtol=1e-6, atol=1e-8, reveal=False, strict_types=False,
            exact_keys=False):
    """All problems found comparing ``actual`` with ``expected`` (an empty list when they agree).

    Extra dict keys in ``actual`` are allowed (a cache may carry more than the course's), unless
    ``exact_keys``: recognising a known mistake needs the same keys on both sides.
    """
    comparison = Comparison(rtol, atol, reveal, strict_types, exact_keys)
    comparison.walk(expected, actual, path)
    return comparison.problems


def arrays_equal(a, b):
    """Exact structural equality (NaN equal to NaN), for the "inputs are not modified" check."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc" and b.dtype.kind in "fc"))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(arrays_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(arrays_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def named_values(returns, expected, actual):
    """Split tuple results into named items so messages say ``grads["dw"]``, not ``result[0]["dw"]``."""
    if isinstance(returns, tuple) and isinstance(expected, tuple) and len(expected) == len(returns):
        if isinstance(actual, (tuple, list)) and len(actual) == len(expected):
            return list(zip(returns, expected, actual))
        return [(f"({', '.join(returns)})", expected, actual)]
    return [(returns if isinstance(returns, str) else "result", expected, actual)]


def differs_in_finite_values(expected, actual, rtol=1e-6, atol=1e-8):
    """Whether two results differ in structure, type, shape, or in a value finite on both sides.

    A known mistake explains a student's result only if it differs from the reference somewhere both
    are finite: where the mistake's only difference is a NaN or inf (an overflow it shares with an
    unstable but otherwise correct formula), naming it would accuse the student of a mistake they did
    not make.
    """
    numeric = ("ndarray", "int", "float", "complex", "bool")
    kind_e, kind_a = _kind(expected), _kind(actual)
    if kind_e in numeric and kind_a in numeric:
        kind_e = kind_a = "ndarray"  # a 0-d array and a numpy scalar hold the same number
    if kind_e != kind_a:
        return True
    if kind_e == "dict":
        return set(expected) != set(actual) or any(
            differs_in_finite_values(expected[k], actual[k], rtol, atol) for k in expected)
    if kind_e == "sequence":
        return (type(expected) is not type(actual) or len(expected) != len(actual)
                or any(differs_in_finite_values(e, a, rtol, atol) for e, a in zip(expected, actual)))
    if kind_e in ("ndarray", "int", "float", "complex", "bool"):
        e, a = np.asarray(expected), np.asarray(actual)
        kinds = {k.replace("u", "i") for k in (e.dtype.kind, a.dtype.kind)}
        if e.shape != a.shape or len(kinds) > 1:
            return True  # other shapes, or bool, integer and float results: a difference in itself
        if e.dtype.kind not in "biufc" or a.dtype.kind not in "biufc":
            return not np.array_equal(e, a)
        both = np.isfinite(e) & np.isfinite(a)
        return bool(np.any(~np.isclose(a[both], e[both], rtol=rtol, atol=atol)))
    return expected != actual
