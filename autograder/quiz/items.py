"""Item analysis of a quiz: per question, how many students got it right, partly right, wrong, left
it empty or wrote something unreadable, and how well it separates strong from weak students.

It reads plain result objects (from the gradebook or `dlgrade grade --json`): a question is the prefix
of a check's name (``q3: conv output size``). Discrimination is the share of fully right answers
among the top 27% of the class (by total score) minus that share among the bottom 27%: a question the
weaker students get right more often than the stronger ones (negative) is usually confusing or has a
wrong key, and one nobody gets right deserves a second look too.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

GROUP_SHARE = 0.27


@dataclass
class Item:
    question: str
    title: str
    points: float
    students: int = 0
    right: int = 0
    partial: int = 0
    wrong: int = 0
    unanswered: int = 0
    unreadable: int = 0
    points_earned: float = 0.0
    discrimination: float | None = None

    @property
    def right_rate(self):
        return self.right / self.students if self.students else 0.0

    @property
    def mean(self):
        return self.points_earned / self.students if self.students else 0.0

    @property
    def flag(self):
        if not self.students:
            return ""
        if self.discrimination is not None and self.discrimination < 0:
            return "stronger students miss it more often: check the wording and the key"
        if self.right == 0 and self.wrong + self.partial >= 3:
            return "nobody who answered got it right: check the key"
        if self.unreadable >= max(2, self.students // 5):
            return "many unreadable answers: is the answer format clear?"
        return ""


def is_quiz_result(result):
    return any((t.get("extra_data") or {}).get("question") for t in result.get("tests", []))


def analyse(results):
    """One `Item` per question, in quiz order, from a list of result objects."""
    items = {}
    for result in results:
        for test in result.get("tests", []):
            question, _, title = test["name"].partition(":")
            item = items.setdefault(question.strip(), Item(question.strip(), title.strip(), float(test["max_score"])))
            item.students += 1
            item.points_earned += float(test["score"])
            answered = (test.get("extra_data") or {}).get("answered", True)
            if test.get("status") == "error":
                item.unreadable += 1
            elif not answered:
                item.unanswered += 1
            elif test["score"] >= test["max_score"] > 0 or test.get("status") == "passed":
                item.right += 1
            elif test["score"] > 0:
                item.partial += 1
            else:
                item.wrong += 1
    ranked = sorted(results, key=lambda r: float(r.get("score", 0)))
    size = max(1, int(round(GROUP_SHARE * len(ranked)))) if len(ranked) >= 2 else 0
    if size:
        lower, upper = ranked[:size], ranked[-size:]
        for item in items.values():
            item.discrimination = _right_share(upper, item.question) - _right_share(lower, item.question)
    return sorted(items.values(), key=lambda i: int(i.question[1:]) if i.question[1:].isdigit() else 1 << 30)


def _right_share(results, question):
    hits = 0
    for result in results:
        for test in result.get("tests", []):
            if test["name"].partition(":")[0].strip() == question:
                hits += test.get("status") == "passed"
    return hits / len(results)


def summary_html(entries):
    """The item-analysis section of a class summary page (a list of HTML fragments; [] if no quiz)."""
    results = [e.result for e in entries]
    if not results or not all(is_quiz_result(r) for r in results):
        return []
    e = html.escape
    out = ["<h2>Questions (item analysis)</h2>",
           '<p class="muted">right = full marks; discrimination = share right among the top 27% of the class '
           "minus the share among the bottom 27%.</p>",
           '<table><tr><th>question</th><th class="num">points</th><th class="num">right</th><th class="num">partly</th>'
           '<th class="num">wrong</th><th class="num">no answer</th><th class="num">unreadable</th>'
           '<th class="num">mean</th><th class="num">discrimination</th><th>look at it?</th></tr>']
    for item in analyse(results):
        d = "" if item.discrimination is None else f"{item.discrimination:+.2f}"
        out.append(f"<tr><td>{e(item.question)}: {e(item.title)}</td><td class=\"num\">{item.points:g}</td>"
                   f'<td class="num">{item.right} ({100 * item.right_rate:.0f}%)</td><td class="num">{item.partial}</td>'
                   f'<td class="num">{item.wrong}</td><td class="num">{item.unanswered}</td>'
                   f'<td class="num">{item.unreadable}</td><td class="num">{item.mean:.2f}</td>'
                   f'<td class="num">{d}</td><td>{e(item.flag)}</td></tr>')
    out.append("</table>")
    return out


def text_table(results):
    """The same analysis as plain text lines (for the terminal)."""
    lines = [f"{'question':34s} {'right':>9s} {'partly':>6s} {'wrong':>5s} {'empty':>5s} {'bad':>4s} {'disc':>6s}"]
    for item in analyse(results):
        d = "" if item.discrimination is None else f"{item.discrimination:+.2f}"
        lines.append(f"{(item.question + ': ' + item.title)[:34]:34s} {item.right:4d} ({100 * item.right_rate:3.0f}%)"
                     f" {item.partial:6d} {item.wrong:5d} {item.unanswered:5d} {item.unreadable:4d} {d:>6s}  {item.flag}")
    return lines
