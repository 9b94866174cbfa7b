"""`dlgrade report ID [--db FILE | --results FILE] -o DIR`: feedback pages for a class, as plain HTML.

DIR gets ``index.html``, the class summary (score histogram, pass rate of every check, the known
mistakes met most often, the slowest submissions, every student's line), and ``students/<id>.html``
per student: every check with its points and message, the known mistake it matched and what that
mistake is, a chart of the points per graded function, and the figures the grader attached to a check.

Pages are self-contained (inline CSS, figures as base64 PNG, no script, no network) and every piece of
text from a result is HTML-escaped: messages quote what the student's code printed or raised.

Figures attached to a check
---------------------------
A check may carry pictures in ``extra_data["figures"]``, a list of objects of two kinds:

    {"kind": "curve", "title": "cost during training", "xlabel": "iteration", "ylabel": "cost",
     "x": [0, 100, ...],                                   # optional; default 0, 1, 2, ...
     "series": {"yours": [0.69, 0.41, ...], "reference": [0.69, 0.32, ...]}}   # any names, 1+ series
    {"kind": "diff", "title": "where grads[\\"dw\\"] differs", "path": "grads[\\"dw\\"]",
     "mismatch": [[0, 1, ...], ...],                       # 1 where the value is outside tolerance
     "error": [[0.0, 0.31, ...], ...]}                     # optional: |actual - expected| per entry

(1-D lists are drawn as one row.) A check without figures gets none; a figure that cannot be drawn
is replaced by a sentence saying so. Nothing else in the report depends on them.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath

from .bounds import cap_result, printable

STATUS_LABEL = {"passed": "passed", "failed": "failed", "error": "error", "timeout": "timed out"}
MAX_CURVE_POINTS = 20000
MAX_HEATMAP_SIDE = 400
SLOWEST_SHOWN = 10
MISTAKES_SHOWN = 15
TABLE_MAX_ENTRIES = 24  # a diff of at most this many entries is a table of the values, not a picture
FIGURES_PER_PAGE = 8  # attached figures drawn on one student page; the rest are named, not drawn
PAGE_BUDGET = 300_000  # bytes of figures on one student page; figures past it are named, not drawn
DPI = 80


# -- reading results ---------------------------------------------------------------------------------
@dataclass
class Entry:
    student: str
    result: dict


def student_of(submission, assignment_id):
    """The student id of a submission path: its stem, unless the file is named after the assignment
    (``<student>/<ID>/<ID>.ipynb`` as in nbgrader's folders, or ``<student>/<ID>.ipynb``)."""
    path = PurePath(str(submission))
    if path.stem != assignment_id or len(path.parts) < 2:
        return path.stem
    if path.parent.name == assignment_id and len(path.parts) >= 3:
        return path.parent.parent.name
    return path.parent.name


def read_results_file(path):
    """Result objects from a file written by `dlgrade grade --json`: one object, a list, or JSON lines."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    results = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) and "tests" in r for r in results):
        raise ValueError(f"{path}: not dlgrade results (objects with 'tests')")
    return results


def load_entries(assignment_id, db=None, results=None):
    """Each student's result for ``assignment_id``: from the gradebook ``db`` or the JSON file ``results``."""
    if db is not None:
        from .gradebook import Gradebook

        with Gradebook(db, create=False) as book:
            return [Entry(r.student, cap_result(r.result)) for r in book.latest(assignment_id)]
    entries = []
    for result in read_results_file(results):
        if result.get("assignment", assignment_id) == assignment_id:
            # The student id intake found (`grade` stores it in the result); the file name only for
            # results written before it did.
            student = result.get("student") or student_of(result.get("submission", "submission"), assignment_id)
            entries.append(Entry(str(student), cap_result(result)))
    return entries


# -- what the pages show -----------------------------------------------------------------------------
def part_of(test):
    return test["name"].split(":", 1)[0].strip()


def check_of(test):
    return test["name"].split(":", 1)[1].strip() if ":" in test["name"] else test["name"]


def mistakes_of(test):
    return list((test.get("extra_data") or {}).get("known_mistakes", []))


def figures_of(test):
    figures = (test.get("extra_data") or {}).get("figures", [])
    return figures if isinstance(figures, list) else []


@dataclass
class Catalogue:
    """What the assignment says about itself (title, part order, mistake explanations), if it loads."""

    title: str
    parts: list
    explanations: dict  # (part, mistake name) -> explanation

    @classmethod
    def of(cls, assignment_id, entries):
        try:
            from . import assignment as assignments

            a = assignments.load(assignment_id)
            return cls(a.title, list(a.points), {(p.name, m.name): m.explanation for p in a.parts for m in p.mistakes})
        except Exception:  # noqa: BLE001 - results of an assignment this checkout does not have still report
            parts = []
            for entry in entries:
                for test in entry.result["tests"]:
                    if part_of(test) not in parts:
                        parts.append(part_of(test))
            return cls(assignment_id, parts, {})


def part_scores(result, parts):
    scores = {name: [0.0, 0.0] for name in parts}
    for test in result["tests"]:
        score = scores.setdefault(part_of(test), [0.0, 0.0])
        score[0] += float(test["score"])
        score[1] += float(test["max_score"])
    return {name: (round(s, 4), round(m, 4)) for name, (s, m) in scores.items()}


# -- figures -----------------------------------------------------------------------------------------
def _figure(width, height):
    from matplotlib.figure import Figure

    # A Figure of its own, never pyplot: no global state, safe beside grading threads.
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(data, alt):
    return f'<img class="figure" src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def score_bars(scores, class_means=None):
    names = list(scores)
    fig = _figure(7, 0.5 + 0.42 * len(names))
    ax = fig.add_subplot()
    y = list(range(len(names)))[::-1]
    tops = [scores[n][1] for n in names]
    ax.barh(y, tops, color="#e3e7ee", label="points")
    ax.barh(y, [scores[n][0] for n in names], color="#3b82c4", label="earned")
    if class_means:
        ax.scatter([class_means.get(n, 0.0) for n in names], y, marker="|", s=300, color="#d9822b", zorder=3,
                   label="class average")
    ax.set_yticks(y, names)
    ax.set_xlabel("points")
    ax.set_xlim(0, max(tops + [1.0]) * 1.02)
    fig.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    return fig


def score_histogram(scores, max_score):
    fig = _figure(7, 3)
    ax = fig.add_subplot()
    top = max_score if max_score > 0 else max(scores + [1.0])
    ax.hist(scores, bins=[top * i / 10 for i in range(11)], color="#3b82c4", edgecolor="white")
    ax.set_xlim(0, top)
    ax.set_xlabel(f"score (out of {top:g})")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def pass_rate_bars(rates):
    names = list(rates)
    fig = _figure(8, 0.6 + 0.3 * len(names))
    ax = fig.add_subplot()
    y = list(range(len(names)))[::-1]
    values = [100 * rates[n] for n in names]
    colors = ["#3b9c5a" if v >= 80 else "#d9822b" if v >= 50 else "#c4403b" for v in values]
    ax.barh(y, values, color=colors)
    import textwrap

    # Full names, wrapped: a cut name cannot be told from its neighbour.
    labels = ["\n".join(textwrap.wrap(n, 70)) or n for n in names]
    fig.set_size_inches(9, 0.6 + 0.3 * sum(label.count("\n") + 1 for label in labels))
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("submissions passing (%)")
    return fig


def _numbers(values, limit):
    return [float(v) for v in values[:limit]]


def curve_figure(spec):
    series = spec["series"]
    if not isinstance(series, dict) or not series:
        raise ValueError("no series")
    fig = _figure(6, 3.2)
    ax = fig.add_subplot()
    styles = {"yours": dict(color="#3b82c4", lw=2), "reference": dict(color="#555555", ls="--", lw=1.5)}
    for name, values in series.items():
        ys = _numbers(list(values), MAX_CURVE_POINTS)
        xs = _numbers(list(spec.get("x") or range(len(ys))), len(ys))
        ax.plot(xs[:len(ys)], ys[:len(xs)], label=str(name), **styles.get(name, {}))
    ax.set_xlabel(str(spec.get("xlabel", "")))
    ax.set_ylabel(str(spec.get("ylabel", "")))
    ax.set_title(str(spec.get("title", "")), fontsize=10)
    ax.legend(fontsize=8)
    return fig


def _grid(values):
    import numpy as np

    grid = np.asarray(values, dtype=np.float64)
    if grid.ndim == 1:
        grid = grid.reshape(1, -1)
    if grid.ndim != 2 or grid.size == 0:
        raise ValueError("not a 1-D or 2-D table")
    # Downsample big tables by block maxima, so one wrong entry never disappears from the picture.
    rows, cols = (max(1, math.ceil(n / MAX_HEATMAP_SIDE)) for n in grid.shape)
    if rows > 1 or cols > 1:
        pad = np.full((math.ceil(grid.shape[0] / rows) * rows, math.ceil(grid.shape[1] / cols) * cols), np.nan)
        pad[:grid.shape[0], :grid.shape[1]] = grid
        grid = np.nanmax(pad.reshape(pad.shape[0] // rows, rows, pad.shape[1] // cols, cols), axis=(1, 3))
    return grid


def diff_figure(spec):
    import numpy as np

    mismatch = _grid(spec["mismatch"])
    error = _grid(spec["error"]) if spec.get("error") is not None else None
    panels = 2 if error is not None and error.shape == mismatch.shape else 1
    aspect = mismatch.shape[1] / max(mismatch.shape[0], 1)
    fig = _figure(min(9, 1.5 + 3.2 * panels * min(max(aspect, 0.6), 2.5)), 3.2)
    axes = fig.subplots(1, panels, squeeze=False)[0]
    from matplotlib.colors import ListedColormap

    from matplotlib.ticker import MaxNLocator

    wrong = int(np.count_nonzero(mismatch > 0))
    title = str(spec.get("title") or f"where {spec.get('path', 'the result')} differs")
    if wrong == mismatch.size and panels == 2:
        # Every entry is wrong: a solid map says nothing the title cannot; show only how far off.
        fig.delaxes(axes[0])
        axes = axes[1:]
        title += f": all {mismatch.size} entries outside tolerance"
    else:
        axes[0].imshow(mismatch > 0, cmap=ListedColormap(["#e8f3ea", "#c4403b"]), vmin=0, vmax=1,
                       aspect="auto", interpolation="nearest")
        axes[0].set_title(f"outside tolerance: {wrong} of {mismatch.size}", fontsize=9)
    if panels == 2:
        image = axes[-1].imshow(np.log10(np.maximum(error, 1e-16)), cmap="magma", aspect="auto",
                                interpolation="nearest")
        axes[-1].set_title("log10 |yours - expected|", fontsize=9)
        fig.colorbar(image, ax=axes[-1], shrink=0.8)
    for ax in axes:
        ax.set_xlabel("column")
        ax.set_ylabel("row")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # entries have whole indices
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(title, fontsize=10)
    return fig


def diff_table(spec):
    """A small diff as an HTML table: |yours - expected| per entry, the ones outside tolerance marked."""
    import numpy as np

    mismatch = np.asarray(spec["mismatch"], dtype=np.float64)
    error = spec.get("error")
    error = np.asarray([[np.nan if v is None else v for v in row] for row in error] if error and
                       isinstance(error[0], list) else [np.nan if v is None else v for v in (error or [])],
                       dtype=np.float64) if error is not None else None
    if mismatch.ndim == 1:
        mismatch = mismatch.reshape(1, -1)
        error = error.reshape(1, -1) if error is not None and error.size == mismatch.size else None
    if mismatch.ndim != 2 or (error is not None and error.shape != mismatch.shape):
        raise ValueError("not a 1-D or 2-D table")
    title = str(spec.get("title") or f"where {spec.get('path', 'the result')} differs")
    wrong = int(np.count_nonzero(mismatch > 0))
    rows = ["<tr><th></th>" + "".join(f'<th class="num">col {j}</th>' for j in range(mismatch.shape[1])) + "</tr>"]
    for i in range(mismatch.shape[0]):
        cells = []
        for j in range(mismatch.shape[1]):
            bad = mismatch[i, j] > 0
            text = "off" if error is None else ("nan" if error[i, j] != error[i, j] else f"{error[i, j]:.3g}")
            cells.append(f'<td class="num{" off" if bad else ""}">{text if bad or error is not None else "ok"}</td>')
        rows.append(f"<tr><th>row {i}</th>{''.join(cells)}</tr>")
    return (f'<p class="muted">{_e(title)}: {wrong} of {mismatch.size} entries outside tolerance'
            f'{"; |yours - expected| per entry" if error is not None else ""}</p>'
            f'<table class="diff">{"".join(rows)}</table>')


FIGURE_KINDS = {"curve": curve_figure, "diff": diff_figure}


def _small_diff(spec):
    try:
        return spec.get("kind") == "diff" and 0 < len(json.dumps(spec["mismatch"])) and \
            sum(len(row) if isinstance(row, list) else 1 for row in spec["mismatch"]) <= TABLE_MAX_ENTRIES
    except Exception:  # noqa: BLE001 - a malformed spec is named when drawn
        return False


def figure_key(spec):
    """The identity of a figure: students who share the same failing values share one drawing."""
    return json.dumps(spec, sort_keys=True, default=str)


def attached_figure(spec, drawings=None):
    """HTML for one figure a check attached: the image (or, for a small diff, a table), or a sentence
    saying why there is none. ``drawings`` maps `figure_key`s to PNGs already drawn."""
    try:
        if _small_diff(spec):
            return diff_table(spec)
        key = figure_key(spec)
        data = drawings.get(key) if drawings is not None else None
        if data is None:
            data = _png(FIGURE_KINDS[spec["kind"]](spec))
            if drawings is not None:
                drawings[key] = data
        return _img(data, str(spec.get("title") or spec["kind"]))
    except Exception as exc:  # noqa: BLE001 - a bad figure must not cost the rest of the page
        return f'<p class="muted">(a figure could not be drawn: {html.escape(type(exc).__name__)})</p>'


# -- pages -------------------------------------------------------------------------------------------
CSS = """
body { font: 15px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1d2330;
       max-width: 1000px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 1.8em; }
.muted { color: #6b7280; } .score { font-size: 2.2em; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; } td.num, th.num { text-align: right; white-space: nowrap; }
pre { white-space: pre-wrap; word-break: break-word; background: #f8f9fb; padding: .5em .7em; margin: .3em 0;
      border-radius: 4px; font-size: .88em; }
.badge { display: inline-block; padding: 0 .5em; border-radius: 3px; font-size: .85em; color: white; }
.passed { background: #3b9c5a; } .failed { background: #c4403b; } .error { background: #8e44ad; }
.timeout { background: #d9822b; }
.mistake { border-left: 4px solid #d9822b; background: #fff7ed; padding: .4em .7em; margin: .4em 0; }
img.figure { max-width: 100%; display: block; margin: .6em 0; }
table.diff { width: auto; font-size: .85em; } table.diff td.off { background: #fbe3e2; color: #8a1f1b; }
details > summary { cursor: pointer; color: #3b6f3f; margin: .3em 0; } .notyet { background: #7b8794; }
.invalid { background: #5b6470; }
.bar { background: #e3e7ee; height: 10px; border-radius: 5px; } .bar > div { background: #3b82c4; height: 10px;
       border-radius: 5px; }
"""


def _page(title, body):
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _e(value):
    return html.escape(printable(value, keep_newlines=True))


def _pts(value):
    return f"{float(value):g}"


def _bar(fraction):
    return f'<div class="bar"><div style="width:{max(0.0, min(1.0, fraction)) * 100:.1f}%"></div></div>'


def not_yet_checked(test):
    """A failed check that could not be judged yet: it needs correct values first (see `checks`)."""
    return test.get("status") == "failed" and str(test.get("output", "")).startswith("Not yet checked")


def status_of(test):
    return "notyet" if not_yet_checked(test) else test.get("status", "failed")


STATUS_LABEL["notyet"] = "not yet checked"
STATUS_LABEL["invalid"] = "invalid"


def is_invalid(result):
    """A submission the grader could not read (not a poor one): one message, no per-check failures."""
    return result.get("status") == "invalid"


def student_page(entry, catalogue, class_means, slug_of_index="../index.html", drawings=None):
    r = entry.result
    tests = r["tests"]
    scores = part_scores(r, catalogue.parts)
    drawings = {} if drawings is None else drawings
    out = [f'<p><a href="{slug_of_index}">Class summary</a></p>',
           f"<h1>{_e(catalogue.title)}</h1>",
           f'<p class="muted">Feedback for <strong>{_e(entry.student)}</strong>, '
           f"file {_e(PurePath(str(r.get('submission', ''))).name)}</p>",
           f'<p class="score">{_pts(r["score"])} / {_pts(r["max_score"])}</p>',
           _bar(float(r["score"]) / float(r["max_score"]) if float(r["max_score"]) else 0.0)]
    if is_invalid(r):
        out.append('<p><span class="badge invalid">invalid</span> ' + _e(r.get("message") or r.get("output") or
                                                                         "the submission could not be read") + "</p>")
        return _page(f"{entry.student}: {catalogue.title}", "\n".join(out))
    # The released notebook itself imports matplotlib and the public tests, which the grader skips by
    # design: a note about them tells the student nothing.
    notes = [line for line in str(r.get("output", "")).splitlines()[1:] if line.strip()
             and not re.search(r"import not available in the grader, skipped \(No module named "
                               r"'(matplotlib|public_tests)[.']", line)]
    if notes:
        out.append("<h2>Notes</h2><pre>" + _e("\n".join(notes)) + "</pre>")
    out.append("<h2>Points per function</h2>")
    bars_key = ("bars", json.dumps(scores, sort_keys=True), json.dumps(class_means, sort_keys=True))
    if bars_key not in drawings:
        drawings[bars_key] = _png(score_bars(scores, class_means))
    out.append(_img(drawings[bars_key], "points earned per graded function"))
    budget = {"figures": 0, "bytes": 0, "skipped": 0}

    def figure_html(spec):
        if budget["figures"] >= FIGURES_PER_PAGE or budget["bytes"] >= PAGE_BUDGET:
            budget["skipped"] += 1
            return (f'<p class="muted">(figure not drawn, to keep this page small: '
                    f'{_e(str(spec.get("title") or spec.get("kind", "figure")))})</p>')
        piece = attached_figure(spec, drawings)
        budget["figures"] += piece.startswith("<img")
        budget["bytes"] += len(piece)
        return piece

    for part in scores:
        mine = [t for t in tests if part_of(t) == part]
        if not mine:
            continue
        earned, top = scores[part]
        out.append(f'<h2 id="{_e(part)}"><code>{_e(part)}</code>: {_pts(earned)} / {_pts(top)}</h2>')
        passed = [t for t in mine if t.get("status") == "passed"]
        if passed:
            # Passed checks are folded away: what needs reading is what did not pass.
            out.append(f"<details><summary>{len(passed)} of {len(mine)} check(s) passed</summary><ul>"
                       + "".join(f"<li>{_e(check_of(t))} ({_pts(t['score'])} / {_pts(t['max_score'])})"
                                 + (f"<pre>{_e(t['output'])}</pre>" if str(t.get("output") or "").strip() else "")
                                 + "</li>" for t in passed) + "</ul></details>")
        rest = [t for t in mine if t.get("status") != "passed"]
        if not rest:
            continue
        out.append('<table><tr><th>check</th><th>result</th><th class="num">points</th></tr>')
        for test in rest:
            status = status_of(test)
            out.append(f'<tr><td>{_e(check_of(test))}</td><td><span class="badge {_e(status)}">'
                       f'{_e(STATUS_LABEL.get(status, status))}</span></td>'
                       f'<td class="num">{_pts(test["score"])} / {_pts(test["max_score"])}</td></tr>')
            details = []
            named = mistakes_of(test)
            # The matched mistakes get a box of their own below; keep the message free of repeats.
            message = "\n".join(line for line in str(test.get("output", "")).splitlines()
                                if not any(line.startswith(f"Known mistake: {name}.") for name in named))
            if message.strip():
                details.append(f"<pre>{_e(message)}</pre>")
            for name in named:
                explanation = catalogue.explanations.get((part, name), "")
                details.append(f'<div class="mistake"><strong>Known mistake: {_e(name)}.</strong> '
                               f"{_e(explanation)}</div>")
            details += [figure_html(spec) for spec in figures_of(test) if isinstance(spec, dict)]
            if details:
                out.append(f'<tr><td colspan="3">{"".join(details)}</td></tr>')
        out.append("</table>")
    if budget["skipped"]:
        out.append(f'<p class="muted">{budget["skipped"]} figure(s) not drawn to keep this page under '
                   f"{PAGE_BUDGET // 1000} KB; fix the first failures and they will tell the rest.</p>")
    meta = [f"sha256 {_e(str(r.get('sha256', ''))[:12])}", f"graded by dlgrade {_e(r.get('grader_version', '?'))}"]
    if r.get("execution_time") is not None:
        meta.append(f"in {float(r['execution_time']):.2f} s")
    out.append(f'<p class="muted">{", ".join(meta)}</p>')
    return _page(f"{entry.student}: {catalogue.title}", "\n".join(out))


def summary_page(assignment_id, entries, catalogue, slugs):
    invalid = [e for e in entries if is_invalid(e.result)]
    entries = [e for e in entries if not is_invalid(e.result)] if len(invalid) < len(entries) else entries
    n = len(entries)
    scores = [float(e.result["score"]) for e in entries]
    max_score = max((float(e.result["max_score"]) for e in entries), default=0.0)
    out = [f"<h1>{_e(catalogue.title)}</h1>",
           f'<p class="muted">Class summary of <code>{_e(assignment_id)}</code>: {n} submission(s) graded'
           + (f", {len(invalid)} invalid (could not be read; listed at the end)" if invalid else "") + "</p>"]
    if not entries:
        out.append("<p>No results for this assignment.</p>")
        return _page(f"Class summary: {catalogue.title}", "\n".join(out))
    out.append(f"<p>mean <strong>{statistics.mean(scores):.1f}</strong>, median "
               f"<strong>{statistics.median(scores):.1f}</strong>, lowest {min(scores):g}, highest {max(scores):g} "
               f"(out of {max_score:g})</p>")
    out.append("<h2>Scores</h2>" + _img(_png(score_histogram(scores, max_score)), "histogram of the scores"))

    counts = defaultdict(Counter)
    points = {}
    for entry in entries:
        for test in entry.result["tests"]:
            counts[test["name"]][status_of(test)] += 1
            points[test["name"]] = test["max_score"]
    rates = {name: c["passed"] / sum(c.values()) for name, c in counts.items()}
    out.append("<h2>Checks</h2>")
    out.append(_img(_png(pass_rate_bars(rates)), "share of submissions passing each check"))
    out.append('<table><tr><th>check</th><th class="num">points</th><th class="num">passed</th>'
               '<th class="num">failed</th><th class="num">not yet checked</th><th class="num">error</th>'
               '<th class="num">timed out</th></tr>')
    for name, c in counts.items():
        out.append(f'<tr><td>{_e(name)}</td><td class="num">{_pts(points[name])}</td>'
                   f'<td class="num">{100 * rates[name]:.0f}%</td><td class="num">{c["failed"]}</td>'
                   f'<td class="num">{c["notyet"]}</td>'
                   f'<td class="num">{c["error"]}</td><td class="num">{c["timeout"]}</td></tr>')
    out.append("</table>")
    from .quiz.items import summary_html as quiz_item_analysis

    out += quiz_item_analysis(entries)  # quizzes: per question, how many got it right (empty otherwise)

    mistakes = Counter()
    for entry in entries:
        mistakes.update({(part_of(t), m) for t in entry.result["tests"] for m in mistakes_of(t)})
    out.append("<h2>Known mistakes met most often</h2>")
    if mistakes:
        out.append('<table><tr><th>function</th><th>mistake</th><th class="num">students</th>'
                   '<th>what it is</th></tr>')
        for (part, name), count in mistakes.most_common(MISTAKES_SHOWN):
            out.append(f"<tr><td><code>{_e(part)}</code></td><td>{_e(name)}</td>"
                       f'<td class="num">{count} ({100 * count / n:.0f}%)</td>'
                       f"<td>{_e(catalogue.explanations.get((part, name), ''))}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>No submission matched a known mistake.</p>")

    timed = sorted((e for e in entries if e.result.get("execution_time") is not None),
                   key=lambda e: -float(e.result["execution_time"]))
    out.append("<h2>Slowest submissions</h2>")
    out.append('<table><tr><th>student</th><th class="num">seconds</th><th class="num">score</th>'
               '<th class="num">timeouts</th></tr>')
    for entry in timed[:SLOWEST_SHOWN]:
        timeouts = sum(1 for t in entry.result["tests"] if t.get("status") == "timeout")
        out.append(f'<tr><td><a href="students/{_e(slugs[id(entry)])}.html">{_e(entry.student)}</a></td>'
                   f'<td class="num">{float(entry.result["execution_time"]):.2f}</td>'
                   f'<td class="num">{_pts(entry.result["score"])}</td><td class="num">{timeouts}</td></tr>')
    out.append("</table>")

    out.append("<h2>Students</h2>")
    out.append('<table><tr><th>student</th><th class="num">score</th><th class="num">checks failed</th>'
               "<th>known mistakes</th></tr>")
    for entry in sorted(entries, key=lambda e: e.student):
        if is_invalid(entry.result):
            out.append(f'<tr><td><a href="students/{_e(slugs[id(entry)])}.html">{_e(entry.student)}</a></td>'
                       f'<td class="num"><span class="badge invalid">invalid</span></td><td class="num">-</td>'
                       f'<td>{_e(entry.result.get("message") or "could not be read")}</td></tr>')
            continue
        failed = sum(1 for t in entry.result["tests"] if status_of(t) not in ("passed", "notyet"))
        named = sorted({m for t in entry.result["tests"] for m in mistakes_of(t)})
        out.append(f'<tr><td><a href="students/{_e(slugs[id(entry)])}.html">{_e(entry.student)}</a></td>'
                   f'<td class="num">{_pts(entry.result["score"])} / {_pts(entry.result["max_score"])}</td>'
                   f'<td class="num">{failed}</td><td>{_e("; ".join(named))}</td></tr>')
    for entry in sorted(invalid, key=lambda e: e.student) if invalid is not entries and n else []:
        out.append(f'<tr><td><a href="students/{_e(slugs[id(entry)])}.html">{_e(entry.student)}</a></td>'
                   f'<td class="num"><span class="badge invalid">invalid</span></td><td class="num">-</td>'
                   f'<td>{_e(entry.result.get("message") or "could not be read")}</td></tr>')
    out.append("</table>")
    return _page(f"Class summary: {catalogue.title}", "\n".join(out))


def _slugs(entries):
    taken, slugs = set(), {}
    for entry in entries:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", entry.student).strip("._") or "student"
        base = base[:80]
        slug, n = base, 2
        while slug.lower() in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug.lower())
        slugs[id(entry)] = slug
    return slugs


def _draw(item):
    key, kind, payload = item
    if kind == "bars":
        return key, _png(score_bars(*payload))
    return key, _png(FIGURE_KINDS[payload["kind"]](payload))


def _drawing_jobs(entries, catalogue, means):
    """Every distinct picture the pages need, once: students who share a failing check with the same
    values, or the same points per function, share one drawing."""
    jobs = {}
    for entry in entries:
        if is_invalid(entry.result):
            continue
        scores = part_scores(entry.result, catalogue.parts)
        key = ("bars", json.dumps(scores, sort_keys=True), json.dumps(means, sort_keys=True))
        jobs.setdefault(key, (key, "bars", (scores, means)))
        shown = 0
        for test in entry.result["tests"]:
            if test.get("status") == "passed":
                continue
            for spec in figures_of(test):
                if not isinstance(spec, dict) or _small_diff(spec) or spec.get("kind") not in FIGURE_KINDS:
                    continue
                if shown >= FIGURES_PER_PAGE:
                    break
                shown += 1
                key = figure_key(spec)
                jobs.setdefault(key, (key, "figure", spec))
    return list(jobs.values())


def draw_all(items, jobs=1):
    """PNG per key, drawn by ``jobs`` processes (each imports matplotlib once, not once per page)."""
    drawings = {}
    safe = []
    for item in items:
        safe.append(item)
    if jobs > 1 and len(safe) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for key, data in pool.imap_unordered(_draw_safely, safe, chunksize=max(1, len(safe) // (4 * jobs))):
                if data is not None:
                    drawings[key] = data
    else:
        for item in safe:
            key, data = _draw_safely(item)
            if data is not None:
                drawings[key] = data
    return drawings


def _draw_safely(item):
    try:
        return _draw(item)
    except Exception:  # noqa: BLE001 - the page says the figure could not be drawn
        return item[0], None


def write_report(assignment_id, entries, out_dir, jobs=1):
    """Write the class summary and one page per student into ``out_dir``; returns the written paths.

    Every distinct picture is drawn once (by ``jobs`` processes), then the pages are assembled."""
    out_dir = Path(out_dir)
    (out_dir / "students").mkdir(parents=True, exist_ok=True)
    catalogue = Catalogue.of(assignment_id, entries)
    slugs = _slugs(entries)
    sums = defaultdict(float)
    graded = [e for e in entries if not is_invalid(e.result)]
    for entry in graded:
        for part, (earned, _) in part_scores(entry.result, catalogue.parts).items():
            sums[part] += earned
    means = {part: total / len(graded) for part, total in sums.items()} if graded else {}
    drawings = draw_all(_drawing_jobs(entries, catalogue, means), jobs=jobs)
    written = []
    for entry in entries:
        path = out_dir / "students" / f"{slugs[id(entry)]}.html"
        path.write_text(student_page(entry, catalogue, means, drawings=drawings), encoding="utf-8")
        written.append(path)
    index = out_dir / "index.html"
    index.write_text(summary_page(assignment_id, entries, catalogue, slugs), encoding="utf-8")
    return [index] + written
