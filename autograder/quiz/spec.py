"""A quiz as an assignment: `assignments/quiz_<section>/assignment.toml` (``kind = "quiz"``) and
``questions.py`` (a list ``QUESTIONS`` written with `autograder.quiz.questions`).

The `Quiz` object answers what the rest of dlgrade asks of an assignment (id, title, points, parts,
max_score, limits, helper files), so `dlgrade list`, the batch, the gradebook and the reports treat it
like any other; its questions are its parts, each with one check.

Personal numbers: ``HMAC-SHA256(course secret, quiz id, student id, question id)`` seeds the numpy
generator that draws a student's numbers, so the released files and other students' sheets reveal
nothing about anyone's numbers without the secret, which only the instructor holds.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..sandbox.client import Limits

SECRET_ENV = "DLGRADE_COURSE_SECRET"
SECRET_FILE_ENV = "DLGRADE_COURSE_SECRET_FILE"


class SecretError(Exception):
    """No course secret (or an unreadable one): personal numbers cannot be drawn."""


def read_secret(secret_file=None):
    """The course secret as bytes: ``secret_file``, else $DLGRADE_COURSE_SECRET_FILE, else
    $DLGRADE_COURSE_SECRET; None when there is none. Surrounding whitespace of a file is ignored."""
    path = secret_file or os.environ.get(SECRET_FILE_ENV)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretError(f"cannot read the course secret file {path}: {exc.strerror or exc}") from None
        if not text:
            raise SecretError(f"the course secret file {path} is empty")
        return text.encode("utf-8")
    value = os.environ.get(SECRET_ENV, "").strip()
    return value.encode("utf-8") if value else None


def numbers_seed(secret: bytes, quiz_id, student, question_id):
    message = "\x1f".join((quiz_id, student, question_id)).encode("utf-8")
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest(), "big")


@dataclass
class Quiz:
    id: str
    root: Path
    title: str
    section: str
    questions: list
    reference: object  # solutions.quiz_answers
    kind: str = "quiz"
    limits: Limits = field(default_factory=Limits)
    helpers: dict = field(default_factory=dict)
    datasets: list = field(default_factory=list)
    secret: bytes | None = None  # set by the CLI (--secret-file); else read from the environment
    roster: dict = field(default_factory=dict)  # submission path -> student id, set by `dlgrade grade`

    @property
    def parts(self):
        return self.questions

    @property
    def points(self):
        return {q.name: float(q.points) for q in self.questions}

    @property
    def max_score(self):
        return float(sum(q.points for q in self.questions))

    def check_points(self, part):
        return [float(part.points)]

    def helper_files(self, with_data=False):
        return {}

    def question(self, name):
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    @property
    def parametrised(self):
        return any(q.parametrised for q in self.questions)

    def course_secret(self):
        return self.secret if self.secret is not None else read_secret()

    def numbers(self, question, student, secret):
        """The student's numbers for ``question`` (a dict), drawn from the HMAC-derived seed."""
        rng = np.random.default_rng(numbers_seed(secret, self.id, student, question.name))
        return question.params(rng)


def _load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=None)
def _module(root, assignment_id, filename):
    return _load_module(Path(root) / filename, f"dlgrade_quiz_{assignment_id}_questions")


def load(assignment_id, root: Path, meta: dict) -> Quiz:
    from ..assignment import ROOT, SpecError

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    reference = importlib.import_module(meta.get("reference", "solutions.quiz_answers"))
    module = _module(str(root), assignment_id, meta.get("questions", "questions.py"))
    questions = list(module.QUESTIONS)
    for index, q in enumerate(questions, start=1):
        q.name = f"q{index}"
        for attr in ("title", "prompt", "explanation"):
            if not getattr(q, attr, "").strip():
                raise SpecError(f"{assignment_id}: question {q.name} has no {attr}")
        if ":" in q.title:
            raise SpecError(f"{assignment_id}: question {q.name}'s title holds a colon")
    return Quiz(id=assignment_id, root=root, title=meta["title"], section=meta["section"],
                questions=questions, reference=reference)

