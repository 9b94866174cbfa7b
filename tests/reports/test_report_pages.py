"""Report pages worth reading: small diffs as tables, no solid panels, full names, folded passes, a
size budget, and every distinct figure drawn once however many students share it."""

import numpy as np

from autograder import report


def result(tests, score=0.0):
    return {"assignment": "activations", "submission": "s.py", "score": score, "max_score": 100.0, "output": "",
            "tests": tests}


def check(name, status="failed", figures=(), output="wrong values"):
    return {"name": name, "status": status, "score": 1.0 if status == "passed" else 0.0, "max_score": 1.0,
            "output": output, "extra_data": {"figures": list(figures)}}


def diff(shape, wrong=None, seed=0):
    rng = np.random.default_rng(seed)
    mismatch = np.ones(shape, dtype=int) if wrong is None else wrong
    return {"kind": "diff", "path": "A", "mismatch": mismatch.tolist(),
            "error": (rng.random(shape) * mismatch).tolist()}


def page(tests, drawings=None):
    entry = report.Entry("s", result(tests))
    catalogue = report.Catalogue("T", sorted({t["name"].split(":")[0] for t in tests}), {})
    return report.student_page(entry, catalogue, {}, drawings=drawings)


def test_a_small_diff_is_a_table_of_the_values_not_a_picture():
    html = page([check("relu: values", figures=[diff((2, 3))])])
    assert '<table class="diff">' in html and html.count("<img") == 1  # the points per function only
    assert "6 of 6 entries outside tolerance" in html


def test_a_diff_wrong_everywhere_draws_no_solid_panel_and_ticks_are_integers():
    fig = report.diff_figure(diff((5, 7)))
    axes = [ax for ax in fig.axes if ax.images]
    assert len(axes) == 1 and "log10" in axes[0].get_title()
    assert "all 35 entries outside tolerance" in fig._suptitle.get_text()
    partial = np.zeros((5, 7), dtype=int)
    partial[1, 2] = 1
    fig = report.diff_figure(diff((5, 7), wrong=partial))
    for ax in [ax for ax in fig.axes if ax.images]:
        ax.figure.canvas.draw() if ax.figure.canvas else None
        for ticks in (ax.get_xticks(), ax.get_yticks()):
            assert all(float(t).is_integer() for t in ticks), ticks


def test_check_names_are_never_cut_in_the_class_chart():
    name = "normalize_rows: leaves the input as it was and divides every row by its own norm, not the column's"
    fig = report.pass_rate_bars({name: 0.5})
    label = fig.axes[0].get_yticklabels()[0].get_text()
    assert label.replace("\n", " ") == name


def test_passed_checks_are_folded_and_failures_shown():
    html = page([check("relu: a", "passed", output=""), check("relu: b", "passed", output=""), check("relu: c")])
    assert "<details><summary>2 of 3 check(s) passed</summary>" in html
    assert html.count('<span class="badge failed">') == 1


def test_a_page_with_many_failures_stays_under_the_budget():
    tests = [check(f"p{i}: values", figures=[diff((40, 60), seed=i)]) for i in range(30)]
    html = page(tests)
    assert len(html) < report.PAGE_BUDGET + 100_000
    assert "figure(s) not drawn to keep this page under" in html


def test_figures_shared_by_students_are_drawn_once(tmp_path, monkeypatch):
    shared = diff((8, 9))
    entries = [report.Entry(f"s{i}", result([check("relu: values", figures=[shared])])) for i in range(5)]
    drawn = []
    original = report._draw
    monkeypatch.setattr(report, "_draw", lambda item: drawn.append(item[0]) or original(item))
    report.write_report("activations", entries, tmp_path, jobs=1)
    figures = [key for key in drawn if not isinstance(key, tuple)]
    assert len(figures) == 1 and len(drawn) == 2  # the shared map, and the one points-per-function chart
    assert all("<img" in p.read_text() for p in (tmp_path / "students").iterdir())


def test_notes_about_the_imports_the_release_itself_makes_are_left_out():
    entry = report.Entry("s", result([check("relu: a")]))
    entry.result["output"] = ("T: 0 / 100\nSandbox: bwrap\n"
                              "Note: cell 2, line 2: import not available in the grader, skipped (No module named 'matplotlib')\n"
                              "Note: cell 2, line 3: import not available in the grader, skipped (No module named 'scipy')")
    html = report.student_page(entry, report.Catalogue("T", ["relu"], {}), {})
    assert "scipy" in html and "matplotlib" not in html
