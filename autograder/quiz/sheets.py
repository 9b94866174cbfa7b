"""Answer sheets: reading a student's TOML file or notebook, and writing blank or personal sheets.

A TOML sheet holds one line per answer, ``q3 = 12.5``, and optionally ``student = "alice"``. A sheet
that is not valid TOML is read again line by line, so a broken line costs only the question it
answers. A notebook sheet is never executed: its code cells are parsed with `ast` and only top-level
assignments ``qN = <literal>`` (and ``student = "..."``) are read with `ast.literal_eval`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

MAX_SHEET_BYTES = 2 << 20
_KEY = re.compile(r"^\s*(q\d+|student)\s*=")
_QUESTION = re.compile(r"^q\d+$")


@dataclass
class Sheet:
    answers: dict = field(default_factory=dict)  # "q3" -> raw value
    problems: dict = field(default_factory=dict)  # "q3" -> why its answer could not be read
    notes: list = field(default_factory=list)  # messages about the sheet as a whole
    student: str | None = None
    sha256: str = ""


def _store(sheet, key, value, where):
    if key == "student":
        if isinstance(value, str) and value.strip():
            sheet.student = value.strip()
        elif not (isinstance(value, str) and not value.strip()):
            sheet.notes.append(f"{where}: `student` should be your id in quotes; ignored")
    elif _QUESTION.match(key):
        if key in sheet.answers or key in sheet.problems:
            sheet.problems[key] = f"{key} is answered more than once ({where}); say it once"
            sheet.answers.pop(key, None)
        else:
            sheet.answers[key] = value
    else:
        sheet.notes.append(f"{where}: unknown entry {key!r}, ignored")


def parse_toml(text, sheet=None):
    sheet = sheet or Sheet()
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError) as exc:
        sheet.notes.append(f"the sheet is not valid TOML ({exc}); each line was read on its own")
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            try:
                row = tomllib.loads(line)
            except (tomllib.TOMLDecodeError, RecursionError, MemoryError) as error:
                key = _KEY.match(line)
                reason = f"line {number} is not a TOML value ({error}): {stripped[:60]}"
                if key and key.group(1) != "student":
                    sheet.problems[key.group(1)] = reason
                    sheet.answers.pop(key.group(1), None)
                else:
                    sheet.notes.append(reason)
                continue
            for key, value in row.items():
                _store(sheet, key, value, f"line {number}")
        return sheet
    for key, value in data.items():
        _store(sheet, key, value, "the sheet")
    return sheet


def parse_notebook(text, sheet=None):
    sheet = sheet or Sheet()
    try:
        nb = json.loads(text)
        cells = nb["cells"]
        assert isinstance(cells, list)
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        sheet.notes.append(f"the notebook cannot be read ({type(exc).__name__}: {exc}); no answer was found")
        return sheet
    found = {}
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        try:
            body = ast.parse(source).body
        except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
            # Read the cell line by line, so a broken line costs only the answer it holds.
            reason = f"cell {number} is not valid Python ({getattr(exc, 'msg', type(exc).__name__)})"
            keys = 0
            for line_number, line in enumerate(source.splitlines(), start=1):
                key = _KEY.match(line)
                if not key:
                    continue
                keys += 1
                try:
                    found[key.group(1)] = ("value", ast.literal_eval(line.split("=", 1)[1].split("  #")[0].strip()))
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    found[key.group(1)] = ("problem", f"cell {number}, line {line_number} is not a plain value "
                                                      f"(a number, text in quotes or a list): {line.strip()[:60]}")
            if not keys:
                sheet.notes.append(reason + "; ignored")
            continue
        for node in body:
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                continue
            key = node.targets[0].id
            if not (_QUESTION.match(key) or key == "student"):
                continue
            try:
                found[key] = ("value", ast.literal_eval(node.value))
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                found[key] = ("problem", f"cell {number}: {key} is not a plain value (a number, text in quotes "
                                         f"or a list): {ast.get_source_segment(source, node.value)[:60]}")
    # As when the notebook runs top to bottom, the last assignment of a name counts.
    for key, (what, value) in found.items():
        if what == "problem":
            if key == "student":
                sheet.notes.append(value)
            else:
                sheet.problems[key] = value
        else:
            _store(sheet, key, value, "the notebook")
    return sheet


def read(path) -> Sheet:
    """The answers of the sheet at ``path`` (a notebook if it ends in .ipynb, else TOML)."""
    path = Path(path)
    sheet = Sheet()
    try:
        data = path.read_bytes()
    except OSError as exc:
        sheet.notes.append(f"the sheet cannot be read: {exc.strerror or exc}")
        return sheet
    sheet.sha256 = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_SHEET_BYTES:
        sheet.notes.append(f"the sheet is larger than {MAX_SHEET_BYTES >> 20} MiB; not read")
        return sheet
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".ipynb" or (path.suffix != ".toml" and text.lstrip().startswith("{")):
        return parse_notebook(text, sheet)
    return parse_toml(text, sheet)


# -- writing sheets ---------------------------------------------------------------------------------
def _toml_string(value):
    return json.dumps(value, ensure_ascii=False)


def _intro(quiz, student):
    who = (f"This sheet is personal: its numbers were drawn for student {student!r}."
           if student else
           "Questions marked personal use numbers drawn for each student: answer them on the personal "
           "sheet your instructor hands out (the same questions with your own numbers).")
    return [f"{quiz.title}", "",
            f"{len(quiz.questions)} questions, {quiz.max_score:g} points. {who}",
            "Each answer goes after its `qN =`; leave \"\" for a question you skip. A malformed answer costs "
            "only its own question. Check that every answer can be read with `dlgrade check "
            f"{quiz.id} YOUR_SHEET` before you submit."]


def _question_lines(quiz, q, numbers):
    head = (f"{q.name} ({q.points:g} point{'s' if q.points != 1 else ''}, {q.kind}"
            f"{', personal' if q.parametrised else ''}): {q.title}")
    lines = [head, *q.text(numbers).splitlines()]
    if q.choices_text():
        lines += q.choices_text().splitlines()
    lines.append(f"Answer: {q.how}.")
    return lines


def _wrapped(lines, width=98):
    import textwrap

    out = []
    for line in lines:
        out += textwrap.wrap(line, width, subsequent_indent="  ") or [""]
    return out


def toml_sheet(quiz, student=None, numbers=None):
    """A TOML answers file; ``numbers`` (question name -> dict) fills the personal numbers in."""
    numbers = numbers or {}
    out = [f"# {line}".rstrip() for line in _wrapped(_intro(quiz, student))]
    out += ["", f"student = {_toml_string(student or '')}"]
    for q in quiz.questions:
        out.append("")
        out += [f"# {line}".rstrip() for line in _wrapped(_question_lines(quiz, q, numbers.get(q.name)))]
        out.append(f'{q.name} = ""')
    return "\n".join(out) + "\n"


def _cell(kind, text, index):
    cell = {"cell_type": kind, "id": f"cell-{index}", "metadata": {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _markdown(text):
    """Plain text shown as Markdown: no emphasis from '*', no HTML tags from '<t>' (as in c<t-1>)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("<", "&lt;")


def notebook_sheet(quiz, student=None, numbers=None):
    numbers = numbers or {}
    intro = _intro(quiz, student)
    texts = [("markdown", f"# {intro[0]}\n\n" + "\n\n".join(intro[2:])),
             ("code", f"student = {_toml_string(student or '')}  # your student id")]
    for q in quiz.questions:
        lines = [_markdown(line) for line in _question_lines(quiz, q, numbers.get(q.name))]
        body = "\n\n".join([f"**{lines[0]}**", "\n".join(lines[1:-1]).replace("\n", "  \n"),
                            f"*{lines[-1]}*"])
        texts.append(("markdown", body))
        texts.append(("code", f'{q.name} = ""'))
    nb = {"cells": [_cell(kind, text, i) for i, (kind, text) in enumerate(texts, start=1)],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}, "dlgrade": {"quiz": quiz.id}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


README = """# {title}

A quiz of {n} questions ({points:g} points), graded automatically. Answer in either file:

- `{id}.toml`: write each answer after its `qN =` (one line each), then submit the file;
- `{id}.ipynb`: write each answer in the cell `qN = ...` under its question, save, submit the notebook.

How to write an answer: a single choice is one letter in quotes (`"b"`); a multiple choice is a list of
every correct letter (`["a", "c"]`; each wrong mark costs points, never below zero for the question); a
number is written without quotes (`0.25`); a shape is a tuple in quotes in the course's symbols
(`"(n[l], n[l-1])"`) or a list of numbers (`[4, 3]`); a formula is in quotes and may use `+ - * / **`,
numbers, the question's variables and `exp log sqrt tanh sigmoid abs max min` (`"1 / (1 + exp(-z))"`).
Leave `""` for a question you skip. A malformed answer costs only its own question.

Questions marked *personal* use numbers drawn for you: answer them on the personal sheet your
instructor hands out (it says `student = "your id"`); graded under another id, those answers are wrong.

Before you submit, `dlgrade check {id} YOUR_SHEET` (if you have dlgrade) tells you which answers can
be read; it does not say whether they are right. After grading, the feedback explains every question.
"""


def template_files(quiz):
    """``student_template/<id>/``: the blank sheets (placeholders for personal numbers) and a README."""
    return {f"{quiz.id}.ipynb": notebook_sheet(quiz), f"{quiz.id}.toml": toml_sheet(quiz),
            "README.md": README.format(title=quiz.title, n=len(quiz.questions), points=quiz.max_score, id=quiz.id)}


def personal_files(quiz, student, secret):
    numbers = {q.name: quiz.numbers(q, student, secret) for q in quiz.questions if q.parametrised}
    return {f"{quiz.id}.ipynb": notebook_sheet(quiz, student, numbers),
            f"{quiz.id}.toml": toml_sheet(quiz, student, numbers)}


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "[" + ", ".join(_toml_value(v) for v in items) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def answers_toml(answers, student=None):
    """A filled TOML sheet: ``answers`` maps question names to raw values (as a student would write)."""
    lines = [f"student = {_toml_string(student)}"] if student else []
    lines += [f"{name} = {_toml_value(value)}" for name, value in answers.items()]
    return "\n".join(lines) + "\n"


def fill_notebook(text, answers, student=None):
    """The notebook sheet ``text`` with the cells ``qN = ""`` replaced by the given answers."""
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        key = _KEY.match(source)
        if key and key.group(1) in answers:
            cell["source"] = [f"{key.group(1)} = {answers[key.group(1)]!r}"]
        elif key and key.group(1) == "student" and student:
            cell["source"] = [f"student = {student!r}"]
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
