"""The question kinds of a quiz: single choice, multiple choice, numeric, shape and formula.

A question is written once in an assignment's ``questions.py`` with its key, a typical wrong answer
(used by `dlgrade validate`) and an explanation shown in the feedback after grading. A question with
``params`` is parametrised: ``params(rng)`` draws the student's own numbers (the prompt shows them
through ``{name}`` fields), and ``answer`` / ``wrong`` are then functions of those numbers, computed
by the reference in ``solutions/quiz_answers.py``.

An answer on a sheet is a raw value (text, number or list, as TOML or a notebook literal gives it).
`parse` turns it into the kind's own form or raises `AnswerError` with a message for the student; the
key goes through the same `parse`, so a key that a sheet could not state is an instructor's error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from . import formula

LETTERS = "abcdefghij"


class AnswerError(ValueError):
    """A malformed answer: it costs its own question and the message says what is wrong."""


def _describe(raw):
    return f"the text {raw!r}" if isinstance(raw, str) else f"{type(raw).__name__} {raw!r}"


@dataclass
class Question:
    title: str  # a few words: the check name ("q3: <title>") and the item-analysis row
    prompt: str
    answer: object  # the key, as a sheet would state it; a function of the params if parametrised
    wrong: object  # a typical wrong answer (same form); validate checks it loses points
    explanation: str
    points: float = 1.0
    params: object = None  # rng -> dict of the student's numbers
    name: str = ""  # "q1", "q2", ... set by the loader from the position
    kind = "question"
    how = ""

    @property
    def parametrised(self):
        return self.params is not None

    # The engine's report and batch code see a question as a part with one check and no mistakes.
    @property
    def checks(self):
        return [SimpleNamespace(name=self.title, weight=1.0)]

    mistakes = ()

    @property
    def label(self):
        return f"{self.name}: {self.title}"

    def placeholders(self):
        import numpy as np

        return {k: f"⟨{k}⟩" for k in self.params(np.random.default_rng(0))} if self.parametrised else {}

    def text(self, numbers=None):
        """The prompt with the student's numbers, or with ⟨name⟩ placeholders when ``numbers`` is None."""
        if not self.parametrised:
            return self.prompt
        return self.prompt.format(**(numbers if numbers is not None else self.placeholders()))

    def expected(self, numbers=None):
        return self.answer(**numbers) if self.parametrised else self.answer

    def typical_wrong(self, numbers=None):
        return self.wrong(**numbers) if self.parametrised else self.wrong

    def choices_text(self):
        return ""

    def parse(self, raw):
        raise NotImplementedError

    def score(self, parsed, key):
        """(fraction of the points in [0, 1], message) for a parsed answer against the parsed key."""
        return (1.0, "correct") if parsed == key else (0.0, "not correct")

    def show(self, parsed):
        return repr(parsed)


@dataclass
class Single(Question):
    choices: list = field(default_factory=list)
    kind = "single choice"
    how = 'one letter in quotes, e.g. "b"'

    def choices_text(self):
        return "\n".join(f"{LETTERS[i]}) {c}" for i, c in enumerate(self.choices))

    def parse(self, raw):
        if isinstance(raw, (list, tuple)):
            raise AnswerError(f"choose exactly one letter, got a list {list(raw)!r}")
        if not isinstance(raw, str):
            raise AnswerError(f"expected one letter in quotes, got {_describe(raw)}")
        letter = raw.strip().strip("()").strip().lower()
        valid = LETTERS[:len(self.choices)]
        if len(letter) != 1 or letter not in valid:
            raise AnswerError(f"expected one of {', '.join(valid)}, got {raw!r}")
        return letter

    def show(self, parsed):
        return f'"{parsed}"'


@dataclass
class Multiple(Question):
    """Each correct mark earns points/|key|, each wrong mark costs points/|wrong options|; never below 0."""

    choices: list = field(default_factory=list)
    kind = "multiple choice"
    how = 'a list of every correct letter, e.g. ["a", "c"] (or [] for none)'

    def choices_text(self):
        return "\n".join(f"{LETTERS[i]}) {c}" for i, c in enumerate(self.choices))

    def parse(self, raw):
        if isinstance(raw, str):
            items = [p for p in re.split(r"[\s,;]+", raw.strip().strip("[]()")) if p]
            items = [p.strip("\"'") for p in items]
        elif isinstance(raw, (list, tuple)):
            items = list(raw)
        else:
            raise AnswerError(f"expected a list of letters, got {_describe(raw)}")
        valid = LETTERS[:len(self.choices)]
        marks = set()
        for item in items:
            if not isinstance(item, str) or item.strip().lower() not in valid or len(item.strip()) != 1:
                raise AnswerError(f"{item!r} is not one of the letters {', '.join(valid)}")
            marks.add(item.strip().lower())
        return frozenset(marks)

    def score(self, parsed, key):
        wrong_options = len(self.choices) - len(key)
        right = len(parsed & key)
        wrong = len(parsed - key)
        fraction = right / len(key) if key else (1.0 if not parsed else 0.0)
        if wrong_options:
            fraction -= wrong / wrong_options
        fraction = max(0.0, min(1.0, fraction))
        if parsed == key:
            return 1.0, "correct"
        return fraction, (f"{right} of {len(key)} correct option(s) marked, {wrong} wrong mark(s)"
                          f"{'' if wrong_options == 0 else ' (each wrong mark costs as much as a correct one earns at most)'}")

    def show(self, parsed):
        return "[" + ", ".join(f'"{x}"' for x in sorted(parsed)) + "]"


@dataclass
class Numeric(Question):
    rtol: float = 1e-3
    atol: float = 1e-9
    kind = "number"
    how = "a number without quotes, e.g. 42 or 0.25"

    def parse(self, raw):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            hint = " (write the number without quotes)" if isinstance(raw, str) and _is_number(raw) else ""
            raise AnswerError(f"expected a number, got {_describe(raw)}{hint}")
        if not math.isfinite(raw):
            raise AnswerError(f"expected a finite number, got {raw!r}")
        return float(raw)

    def score(self, parsed, key):
        if abs(parsed - key) <= self.atol + self.rtol * abs(key):
            return 1.0, "correct"
        return 0.0, "not correct"

    def show(self, parsed):
        return f"{parsed:g}"


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _split_top(text):
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([" and depth >= 0:
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


@dataclass
class Shape(Question):
    """A tuple of sizes: integers, or formulas in the course's symbols, e.g. "(n[l], n[l-1])"."""

    variables: dict = field(default_factory=dict)  # symbol -> ("int", low, high)
    kind = "shape"
    how = 'a tuple in quotes, e.g. "(n[l], m)", or a list of numbers, e.g. [4, 3]'

    def parse(self, raw):
        if isinstance(raw, (list, tuple)):
            items = [str(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in raw]
        elif isinstance(raw, str):
            text = formula.normalise(raw)
            if len(text) > formula.MAX_LENGTH:
                raise AnswerError(f"the answer is longer than {formula.MAX_LENGTH} characters")
            inner = text[1:-1] if text[:1] in "([" and text[-1:] in ")]" else text
            items = [p for p in _split_top(inner)]
            if items and items[-1] == "":  # "(n,)"
                items = items[:-1]
        else:
            raise AnswerError(f"expected a shape like \"(n[l], m)\", got {_describe(raw)}")
        if not items or any(not isinstance(x, str) or not x for x in items):
            raise AnswerError(f"expected a shape like \"(n[l], m)\", got {raw!r}")
        trees = []
        for item in items:
            try:
                trees.append(formula.parse(item, self.variables))
            except formula.FormulaError as exc:
                raise AnswerError(f"dimension {item!r}: {exc}") from None
        return tuple(trees)

    def score(self, parsed, key):
        if len(parsed) != len(key):
            return 0.0, f"{len(parsed)} dimension(s), expected {len(key)}"
        domains = self.variables or {}
        if all(formula.equal(a, k, domains, points=24, seed=7, rtol=1e-9) for a, k in zip(parsed, key)):
            return 1.0, "correct"
        return 0.0, "not correct"

    def show(self, parsed):
        import ast

        return "(" + ", ".join(ast.unparse(t) for t in parsed) + ")"


@dataclass
class Formula(Question):
    variables: dict = field(default_factory=dict)  # name -> (low, high) or ("int", low, high)
    kind = "formula"
    how = 'a formula in quotes, e.g. "1 / (1 + exp(-z))"'

    def parse(self, raw):
        if not isinstance(raw, str):
            raise AnswerError(f"expected a formula in quotes, got {_describe(raw)}")
        try:
            return formula.parse(raw, self.variables)
        except formula.FormulaError as exc:
            raise AnswerError(str(exc)) from None

    def score(self, parsed, key):
        if formula.equal(parsed, key, self.variables):
            return 1.0, "correct"
        return 0.0, "not correct: it differs from the expected formula at some points"

    def show(self, parsed):
        import ast

        return f'"{ast.unparse(parsed)}"'


@dataclass
class Count(Numeric):
    """A whole number (a size, a parameter count): it must be exact."""

    rtol: float = 0.0
    atol: float = 1e-9
    kind = "whole number"
    how = "a whole number without quotes, e.g. 42"

    def show(self, parsed):
        return f"{parsed:.0f}" if parsed.is_integer() else f"{parsed:g}"
