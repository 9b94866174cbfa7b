"""Grading a quiz sheet: one check per question, in the result object every dlgrade tool reads.

Each question is scored on its own: no answer scores 0 ("no answer"), a malformed answer scores 0
with the reason (status ``error``), a personal question without a course secret is refused with a
message (status ``error``). Every question's feedback ends with its explanation.

The student id: the id given by the caller (from the submission's path or the gradebook, as `dlgrade
grade` finds it; from Gradescope's metadata in the Gradescope autograder) wins over the ``student``
the sheet states; a mismatch is reported. Without a caller's id, the id comes from the path as the
report does (`<student>/<ID>/<ID>.toml`, `<student>/<ID>.toml`, else the file's stem).
"""

from __future__ import annotations

import time
from pathlib import Path, PurePath

from .. import __version__
from . import sheets
from .questions import AnswerError

NO_SECRET = ("this question uses personal numbers and the grader has no course secret: set "
             "DLGRADE_COURSE_SECRET (or DLGRADE_COURSE_SECRET_FILE) or pass --secret-file; not graded")


def student_from_path(path, quiz_id):
    """The student id of a submission path (the rule of `dlgrade grade`'s folders and the report)."""
    p = PurePath(str(path))
    if p.stem != quiz_id or len(p.parts) < 2:
        return p.stem
    if p.parent.name == quiz_id and len(p.parts) >= 3:
        return p.parent.parent.name
    return p.parent.name


def grade_question(quiz, q, sheet, student, secret):
    """One test entry for question ``q``."""
    entry = {"name": q.label, "score": 0.0, "max_score": float(q.points), "visibility": "visible",
             "extra_data": {"quiz": quiz.id, "question": q.name, "kind": q.kind}}

    def finish(status, message, fraction=0.0):
        entry["score"] = round(float(q.points) * fraction, 4)
        entry["status"] = status
        entry["output"] = f"{message}\nWhy: {q.explanation}"
        entry["extra_data"]["answered"] = status != "failed" or message != "no answer"
        return entry

    if q.name in sheet.problems:
        return finish("error", f"your answer could not be read: {sheet.problems[q.name]}")
    raw = sheet.answers.get(q.name)
    if raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, (list, tuple)) and not raw
                                                                        and q.kind != "multiple choice"):
        return finish("failed", "no answer")
    numbers = None
    if q.parametrised:
        if secret is None:
            return finish("error", NO_SECRET)
        numbers = quiz.numbers(q, student, secret)
    try:
        answer = q.parse(raw)
    except AnswerError as exc:
        return finish("error", f"your answer could not be read: {exc}. Expected {q.how}.")
    key = q.parse(q.expected(numbers))
    fraction, verdict = q.score(answer, key)
    status = "passed" if fraction >= 1.0 else "failed"
    where = f" (with your numbers: {', '.join(f'{k} = {v}' for k, v in numbers.items())})" if numbers else ""
    return finish(status, f"your answer {q.show(answer)}: {verdict}{where}", fraction)


def grade_sheet(quiz, sheet, student, secret, submission="", messages=()):
    started = time.monotonic()
    tests = [grade_question(quiz, q, sheet, student, secret) for q in quiz.questions]
    notes = list(messages) + list(sheet.notes)
    known = {q.name for q in quiz.questions}
    extra = sorted(set(sheet.answers) - known, key=lambda k: int(k[1:]))
    if extra:
        notes.append(f"answers to questions this quiz does not have, ignored: {', '.join(extra)}")
    if quiz.parametrised and secret is None:
        notes.append("no course secret: the personal questions were not graded")
    score = round(sum(t["score"] for t in tests), 2)
    lines = [f"{quiz.title}: {score:g} / {quiz.max_score:g}", f"Graded as student {student!r}"]
    lines += [f"Note: {n}" for n in notes]
    return {
        "score": score,
        "max_score": quiz.max_score,
        "execution_time": round(time.monotonic() - started, 3),
        "output": "\n".join(lines),
        "visibility": "visible",
        "tests": tests,
        "assignment": quiz.id,
        "submission": str(submission),
        "sha256": sheet.sha256,
        "grader_version": __version__,
    }


def grade_submission(assignment, path, student=None, secret=None):
    """Grade the sheet at ``path``; never raises for anything the sheet holds."""
    quiz = assignment
    sheet = sheets.read(path)
    messages = []
    if student is None:
        student = quiz.roster.get(str(path)) or quiz.roster.get(str(Path(path).resolve()))
    if student is None:
        student = student_from_path(path, quiz.id)
    if sheet.student and sheet.student != student:
        messages.append(f"the sheet says student {sheet.student!r} but it was submitted as {student!r}: "
                        f"graded as {student!r} (the submission's id wins)")
    if secret is None:
        try:
            secret = quiz.course_secret()
        except Exception as exc:  # noqa: BLE001 - an unreadable secret file: the personal questions say so
            messages.append(str(exc))
            secret = None
    return grade_sheet(quiz, sheet, student, secret, path, messages)
