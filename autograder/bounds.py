"""Size caps on what one submission can make the grader store, draw or print.

A student's function decides what it returns, prints and raises: a 12-million-element list of costs,
a 2,000-character error from each of 20,000 definitions. Everything the grader keeps about a
submission passes `cap_result` before it is stored in the gradebook or printed, so one submission adds
at most about `MAX_RESULT_BYTES` to a gradebook and a report page stays small whatever the student did:

- the result's ``output`` keeps at most `MAX_NOTES` lines of at most `MAX_LINE_CHARS` characters;
- each check's ``output`` is cut at `MAX_CHECK_OUTPUT` characters (the cut is said);
- figures: at most `MAX_FIGURES` per check; curves downsampled to `MAX_CURVE_POINTS` points per
  series (evenly, keeping the first and last); diff maps reduced to `MAX_GRID_SIDE` rows and columns
  (each kept cell takes the worst of the cells it stands for);
- any other list in ``extra_data`` is cut at `MAX_LIST_ITEMS` items, strings at `MAX_CHECK_OUTPUT`;
- when all that still weighs more than `MAX_RESULT_BYTES`, figures go first, then check messages are
  cut further.

`printable` escapes control characters for the terminal and for report pages (file names are chosen
by students too).
"""

from __future__ import annotations

import json
import math
import re

MAX_RESULT_BYTES = 1 << 20
MAX_NOTES = 60
MAX_LINE_CHARS = 1000
MAX_CHECK_OUTPUT = 4000
MAX_FIGURES = 3
MAX_CURVE_POINTS = 500
MAX_GRID_SIDE = 100
MAX_LIST_ITEMS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text, keep_newlines=False) -> str:
    """``text`` with control characters (terminal escapes, bidi overrides, newlines unless kept) as \\x.. escapes."""
    text = str(text)
    pattern = _CONTROL if keep_newlines else re.compile(_CONTROL.pattern[:-1] + r"\n\t]")

    def escape(match):
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return pattern.sub(escape, text)


def cut(text, limit) -> str:
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n[... {len(text) - limit} more characters not kept]"


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def downsample(values, limit=MAX_CURVE_POINTS):
    """At most ``limit`` items of ``values``, evenly spaced, the first and the last kept."""
    values = list(values) if not isinstance(values, list) else values
    if len(values) <= limit:
        return values
    step = (len(values) - 1) / (limit - 1)
    return [values[round(i * step)] for i in range(limit)]


def _finite_or_none(value):
    return value if _number(value) and math.isfinite(value) else None


def _reduce_grid(rows, limit, worst):
    """A 2-D list cut down to ``limit`` x ``limit``: each kept cell is the worst of its block."""
    if not isinstance(rows, list):
        return rows
    if rows and not isinstance(rows[0], list):
        rows = [rows]
        one_row = True
    else:
        one_row = False
    height = len(rows)
    width = max((len(r) for r in rows if isinstance(r, list)), default=0)
    if height <= limit and width <= limit:
        return rows[0] if one_row else rows
    ys = max(1, math.ceil(height / limit))
    xs = max(1, math.ceil(width / limit))
    out = []
    for y in range(0, height, ys):
        block_rows = [r for r in rows[y:y + ys] if isinstance(r, list)]
        line = []
        for x in range(0, width, xs):
            cells = [c for r in block_rows for c in r[x:x + xs]]
            line.append(worst(cells))
        out.append(line)
    return out[0] if one_row else out


def _worst_mismatch(cells):
    return 1 if any(c == 1 for c in cells) else 0


def _worst_error(cells):
    numbers = [c for c in cells if _number(c) and math.isfinite(c)]
    if any(c is None or (_number(c) and not math.isfinite(c)) for c in cells):
        return None
    return max(numbers) if numbers else None


def cap_figure(spec):
    if not isinstance(spec, dict):
        return _cap_value(spec)  # the report says it cannot be drawn
    spec = dict(spec)
    for key in ("title", "xlabel", "ylabel", "path", "kind"):
        if key in spec:
            spec[key] = cut(spec[key], 200)
    if spec.get("kind") == "curve":
        series = spec.get("series")
        if not isinstance(series, dict):
            return _cap_value(spec)
        kept = {}
        for name in list(series)[:4]:
            values = series[name]
            if not isinstance(values, list):
                continue
            kept[cut(name, 60)] = [_finite_or_none(v) for v in downsample(values)]
        spec["series"] = kept
        if isinstance(spec.get("x"), list):
            spec["x"] = downsample(spec["x"])
            if any(len(v) != len(spec["x"]) for v in kept.values()):
                spec.pop("x")
        return spec
    if spec.get("kind") == "diff":
        spec["mismatch"] = _reduce_grid(spec.get("mismatch"), MAX_GRID_SIDE, _worst_mismatch)
        if "error" in spec:
            spec["error"] = _reduce_grid(spec.get("error"), MAX_GRID_SIDE, _worst_error)
        return spec
    return _cap_value(spec)


def _cap_value(value, depth=0):
    """A JSON-able value with lists, strings and nesting bounded."""
    if depth > 8:
        return None
    if isinstance(value, str):
        return cut(value, MAX_CHECK_OUTPUT)
    if isinstance(value, dict):
        return {cut(k, 100): _cap_value(v, depth + 1) for k, v in list(value.items())[:MAX_LIST_ITEMS]}
    if isinstance(value, (list, tuple)):
        return [_cap_value(v, depth + 1) for v in value[:MAX_LIST_ITEMS]]
    if _number(value) or value is None or isinstance(value, bool):
        return value
    return cut(repr(value), 200)


def _cap_output(text):
    lines = str(text or "").splitlines()
    kept = [cut(line, MAX_LINE_CHARS).replace("\n", " ") for line in lines[:MAX_NOTES]]
    if len(lines) > MAX_NOTES:
        kept.append(f"Note: {len(lines) - MAX_NOTES} more lines of notes not kept")
    return "\n".join(kept)


def size_of(result) -> int:
    return len(json.dumps(result, default=str))


def cap_result(result, max_bytes=MAX_RESULT_BYTES):
    """A copy of a result object that stays within the caps above (returned as is when it already does)."""
    if not isinstance(result, dict):
        return result
    capped = dict(result)
    capped["output"] = _cap_output(result.get("output", ""))
    tests = []
    for test in result.get("tests", []) if isinstance(result.get("tests"), list) else []:
        if not isinstance(test, dict):
            continue
        test = dict(test)
        test["output"] = cut(test.get("output", ""), MAX_CHECK_OUTPUT)
        extra = test.get("extra_data")
        if isinstance(extra, dict):
            extra = dict(extra)
            figures = extra.get("figures")
            if isinstance(figures, list):
                extra["figures"] = [f for f in (cap_figure(s) for s in figures[:MAX_FIGURES]) if f is not None]
            for key, value in list(extra.items()):
                if key != "figures":
                    extra[key] = _cap_value(value)
            test["extra_data"] = extra
        tests.append(test)
    capped["tests"] = tests
    if size_of(capped) <= max_bytes:
        return capped
    for test in tests:  # figures go first
        if isinstance(test.get("extra_data"), dict) and test["extra_data"].pop("figures", None):
            test["output"] += "\n[figures not kept: this result was too large]"
    share = max(200, (max_bytes // 2) // max(1, len(tests)))
    while size_of(capped) > max_bytes and share >= 200:
        for test in tests:
            test["output"] = cut(test["output"], share)
        share //= 2
    return capped
