"""`dlgrade validate` for a quiz: the key scores full marks, an empty sheet scores 0, every
question's typical wrong answer can be read, loses points and is explained, and personal questions
graded under another student's id fail (for two synthetic students and a validation-only secret)."""

from __future__ import annotations

import re

from . import sheets
from .grading import grade_sheet

VALIDATION_SECRET = b"dlgrade validate: synthetic students only"
STUDENTS = ("validation-student-1", "validation-student-2")
MIN_QUESTIONS = 10


def key_answers(quiz, student, secret):
    out = {}
    for q in quiz.questions:
        numbers = quiz.numbers(q, student, secret) if q.parametrised else None
        value = q.expected(numbers)
        out[q.name] = sorted(value) if isinstance(value, (set, frozenset)) else value
    return out


def wrong_answers(quiz, student, secret):
    out = {}
    for q in quiz.questions:
        numbers = quiz.numbers(q, student, secret) if q.parametrised else None
        value = q.typical_wrong(numbers)
        out[q.name] = sorted(value) if isinstance(value, (set, frozenset)) else value
    return out


def _graded(quiz, answers, student, secret):
    sheet = sheets.parse_toml(sheets.answers_toml(answers, student))
    return grade_sheet(quiz, sheet, student, secret)


def validate_quiz(quiz):
    from ..validate import Validation

    v = Validation(quiz.id)
    secret = VALIDATION_SECRET
    if len(quiz.questions) < MIN_QUESTIONS:
        v.problems.append(f"{len(quiz.questions)} questions; a quiz has at least {MIN_QUESTIONS}")
    if not re.search(r"[\u4e00-\u9fff]", quiz.title):
        v.problems.append("the title does not name the notes' Chinese section title")
    for student in STUDENTS:
        try:
            result = _graded(quiz, key_answers(quiz, student, secret), student, secret)
        except Exception as exc:  # noqa: BLE001 - an instructor's error in a key: report it
            v.problems.append(f"the answer key cannot be graded for {student}: {type(exc).__name__}: {exc}")
            return v
        if student == STUDENTS[0]:
            v.lines.append(f"answer key: {result['score']:g} / {quiz.max_score:g}")
        for t in result["tests"]:
            if t["status"] != "passed":
                v.problems.append(f"the key fails {t['name']} for {student}: {t['output'].splitlines()[0]}")
    empty = grade_sheet(quiz, sheets.Sheet(), STUDENTS[0], secret)
    v.lines.append(f"empty sheet: {empty['score']:g} / {quiz.max_score:g}")
    if empty["score"] != 0:
        v.problems.append(f"the empty sheet scores {empty['score']:g}")
    caught = 0
    for student in STUDENTS:
        result = _graded(quiz, wrong_answers(quiz, student, secret), student, secret)
        for q, t in zip(quiz.questions, result["tests"]):
            if t["status"] == "error":
                v.problems.append(f"{t['name']}: the typical wrong answer cannot be read: {t['output'].splitlines()[0]}")
            elif t["score"] >= t["max_score"]:
                v.problems.append(f"{t['name']}: the typical wrong answer loses no points ({student})")
            elif q.explanation not in t["output"]:
                v.problems.append(f"{t['name']}: the feedback of a wrong answer lacks the explanation")
            elif student == STUDENTS[0]:
                caught += 1
    v.lines.append(f"typical wrong answers: {caught} of {len(quiz.questions)} lose points and are explained")
    personal = [q for q in quiz.questions if q.parametrised]
    if personal:
        theirs = _graded(quiz, key_answers(quiz, STUDENTS[0], secret), STUDENTS[1], secret)
        failed = [t["name"] for q, t in zip(quiz.questions, theirs["tests"]) if q.parametrised and t["status"] != "passed"]
        v.lines.append(f"personal questions: {len(personal)}; another student's key fails {len(failed)} of them")
        if not failed:
            v.problems.append("another student's key passes every personal question: the numbers do not vary")
    return v
