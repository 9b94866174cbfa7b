"""`dlgrade report`: a feedback page per student and a class summary, self-contained and escaped."""

import copy
import json
import re
import subprocess

import numpy as np
import pytest

from autograder import assignment as assignments
from autograder.gradebook import Gradebook

from ..conftest import run_dlgrade
from .conftest import ASSIGNMENT, tool

MARKER = """<script>
window.addEventListener("load", () => {
  for (const img of document.images) {
    img.setAttribute("data-rendered", img.complete && img.naturalWidth > 0 ? "yes" : "no");
  }
  document.body.setAttribute("data-images", String(document.images.length));
});
</script>"""


def report(tmp_path, results, name="report"):
    source = tmp_path / f"{name}.json"
    source.write_text(json.dumps(results))
    out = tmp_path / name
    done = run_dlgrade("report", ASSIGNMENT, "--results", source, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def with_figures(result):
    """``result`` with the figures a check can attach (see `autograder.report`), from real computations."""
    a = assignments.load(ASSIGNMENT)
    ascent = next(m for m in a.part("optimize").mistakes if m.name == "gradient ascent")
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1.0, 0.0, 1.0]])
    reference_costs = a.reference.optimize(w, b, X, Y, num_iterations=1500, learning_rate=0.009)[2]
    wrong_costs = ascent.fn(w, b, X, Y, num_iterations=1500, learning_rate=0.009)[2]
    Z = np.random.default_rng(0).normal(size=(6, 10))
    expected = a.reference.sigmoid(Z)
    actual = expected.copy()
    actual[:, 3] = 1 - actual[:, 3]  # one column wrong, as when a loop index is off
    error = np.abs(actual - expected)
    figures = {
        "optimize: public example": [{"kind": "curve", "title": "cost during training", "xlabel": "iteration",
                                      "ylabel": "cost", "x": list(range(0, 1500, 100)),
                                      "series": {"yours": [float(c) for c in wrong_costs],
                                                 "reference": [float(c) for c in reference_costs]}}],
        "propagate: hidden cases of other shapes": [{"kind": "diff", "path": 'grads["dw"]',
                                                     "mismatch": (error > 1e-8).astype(int).tolist(),
                                                     "error": error.tolist()}],
        "predict: public example": [{"kind": "curve", "series": "not a mapping"}],
    }
    result = copy.deepcopy(result)
    for test in result["tests"]:
        if test["name"] in figures:
            test.setdefault("extra_data", {})["figures"] = figures[test["name"]]
            # Figures explain a failure: a passed check is folded away with its figures undrawn.
            test["status"], test["score"] = "failed", 0.0
    return result


def student_page(out, student):
    return (out / "students" / f"{student}.html").read_text()


def test_a_page_per_student_and_a_class_summary(tmp_path, class_results):
    out = report(tmp_path, class_results)
    assert sorted(p.name for p in (out / "students").iterdir()) == ["alice.html", "bob.html", "carol.html"]
    summary = (out / "index.html").read_text()
    for student in ("alice", "bob", "carol"):
        assert f'href="students/{student}.html"' in summary
    for heading in ("Scores", "Checks", "Known mistakes met most often", "Slowest submissions", "Students"):
        assert f"<h2>{heading}</h2>" in summary
    assert "missing 1/m in dw" in summary  # bob's, the class's most frequent mistakes
    bob = next(r for r in class_results if r["submission"].endswith("bob.py"))
    page = student_page(out, "bob")
    assert f'{bob["score"]:g} / {bob["max_score"]:g}' in page
    for test in bob["tests"]:
        check = test["name"].split(":", 1)[1].strip()
        assert check.replace("'", "&#x27;") in page
    explanation = assignments.load(ASSIGNMENT).part("propagate").mistakes[0].explanation
    assert "Known mistake: missing 1/m in dw.</strong>" in page
    assert explanation.replace("'", "&#x27;") in page


def test_the_report_reads_the_gradebook(tmp_path, class_results):
    db = tmp_path / "gradebook.db"
    with Gradebook(db) as book:
        for result in class_results:
            book.record(result["submission"].rsplit("/", 1)[1].split(".")[0], result)
    done = run_dlgrade("report", ASSIGNMENT, "--db", db, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "students").iterdir()) == ["alice.html", "bob.html",
                                                                                 "carol.html"]
    assert "3 submission(s)" in (tmp_path / "out" / "index.html").read_text()


def test_a_missing_gradebook_is_an_error_not_a_crash(tmp_path):
    done = run_dlgrade("report", ASSIGNMENT, "--db", tmp_path / "none.db", "-o", tmp_path / "out")
    assert done.returncode != 0
    assert "no gradebook" in done.stderr
    assert "Traceback" not in done.stderr


def test_text_from_results_is_escaped(tmp_path, class_results):
    hostile = copy.deepcopy(class_results[0])
    hostile["submission"] = "/subs/<i>mallory.py"
    hostile["student"] = "<i>mallory"  # the id intake found, which results carry
    hostile["tests"][0]["output"] = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    hostile["output"] += "\nNote: cell 3: <iframe src=//evil>"
    out = report(tmp_path, [hostile])
    page = next((out / "students").iterdir()).read_text()
    assert "<script" not in page and "<iframe" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;i&gt;mallory" in page and "&lt;i&gt;mallory" in (out / "index.html").read_text()


def test_pages_are_self_contained(tmp_path, class_results):
    out = report(tmp_path, [with_figures(r) for r in class_results])
    for page in [out / "index.html", *(out / "students").iterdir()]:
        text = page.read_text()
        sources = re.findall(r'\b(?:src|href)="([^"]*)"', text)
        assert sources, page
        assert all(s.startswith("data:image/png;base64,") or not re.match(r"[a-z]+:|//", s) for s in sources), page
        assert "<link" not in text and "@import" not in text and "<script" not in text


def test_attached_figures_are_drawn_and_a_bad_one_is_named(tmp_path, class_results):
    bob = next(r for r in class_results if r["submission"].endswith("bob.py"))
    plain = student_page(report(tmp_path, [bob], "plain"), "bob")
    drawn = student_page(report(tmp_path, [with_figures(bob)], "figures"), "bob")
    # One more image per good figure (the curve and the heat map); the malformed one is a sentence.
    assert drawn.count("<img") == plain.count("<img") + 2
    assert "a figure could not be drawn" in drawn
    assert 'alt="cost during training"' in drawn


def rendered(tmp_path, page):
    """Load ``page`` in headless Chromium; (images, images drawn) after the load event."""
    chromium = tool("chromium")
    probe = tmp_path / f"probe-{page.parent.name}-{page.name}"
    probe.write_text(page.read_text().replace("</body>", MARKER + "\n</body>"))
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=10000",
                           "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    images = re.search(r'data-images="(\d+)"', done.stdout)
    assert images, "the page did not finish loading"
    return int(images.group(1)), done.stdout.count('data-rendered="yes"'), done.stdout.count('data-rendered="no"')


def test_summary_and_student_pages_render_with_their_figures_in_chromium(tmp_path, class_results):
    out = report(tmp_path, [with_figures(r) for r in class_results])
    summary = out / "index.html"
    images, drawn, broken = rendered(tmp_path, summary)
    assert images == summary.read_text().count("<img") == 2  # score histogram, pass rates
    assert (drawn, broken) == (images, 0)
    bob = out / "students" / "bob.html"
    images, drawn, broken = rendered(tmp_path, bob)
    # Points per function and the injected curve and map (bob's own small diffs are tables, not images).
    assert images == bob.read_text().count("<img") >= 3
    assert (drawn, broken) == (images, 0)


@pytest.mark.parametrize("content", ["[]", '{"not": "results"}'])
def test_results_without_submissions(tmp_path, content):
    source = tmp_path / "results.json"
    source.write_text(content)
    done = run_dlgrade("report", ASSIGNMENT, "--results", source, "-o", tmp_path / "out")
    if content == "[]":
        assert done.returncode == 0
        assert "No results for this assignment" in (tmp_path / "out" / "index.html").read_text()
    else:
        assert done.returncode != 0 and "not dlgrade results" in done.stderr
