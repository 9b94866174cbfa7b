"""An assignment's notebook source (`notebook.md`) and the notebooks built from it.

Fenced ```` ```python ```` blocks become code cells, the prose between them markdown cells (a line
holding only ``---`` splits prose into separate cells). A fence written ```` ```python exercise=NAME ````
marks the cell of graded function NAME, filled by the build with the stub or the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^```python(?P<attrs>[^\n`]*)$")


@dataclass
class Cell:
    kind: str  # markdown | code
    source: str
    exercise: str | None = None


def parse(text):
    cells, prose, code, attrs = [], [], None, None

    def flush_prose():
        body = "\n".join(prose).strip("\n")
        if body.strip():
            cells.append(Cell("markdown", body))
        prose.clear()

    in_other_fence = False
    for line in text.splitlines():
        if code is not None:
            if line.rstrip() == "```":
                exercise = re.search(r"exercise=(\w+)", attrs or "")
                cells.append(Cell("code", "\n".join(code).strip("\n"), exercise.group(1) if exercise else None))
                code = None
            else:
                code.append(line)
            continue
        match = _FENCE.match(line.rstrip())
        if match and not in_other_fence:
            flush_prose()
            code, attrs = [], match.group("attrs")
            continue
        if line.startswith("```"):
            in_other_fence = not in_other_fence
        if line.strip() == "---" and not in_other_fence:
            flush_prose()
            continue
        prose.append(line)
    if code is not None:
        raise ValueError("notebook.md: a ```python block is never closed")
    flush_prose()
    return cells


def setup_cell(cells):
    for cell in cells:
        if cell.kind == "code":
            return cell
    raise ValueError("notebook.md has no code cell (the first one is the setup cell)")


def to_ipynb(cells, fill, title):
    """An nbformat notebook from ``cells``; ``fill(name)`` gives the source of exercise cell NAME."""
    import nbformat  # slow to import; grading does not need it

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "dlgrade": {"title": title},
    }
    for index, cell in enumerate(cells):
        if cell.kind == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source)
        else:
            source = fill(cell.exercise) if cell.exercise else cell.source
            new = nbformat.v4.new_code_cell(source.rstrip("\n"))
            if cell.exercise:
                new.metadata["dlgrade"] = {"exercise": cell.exercise}
        new["id"] = f"cell-{index:03d}"  # stable ids keep the build reproducible
        nb.cells.append(new)
    return nb


def dumps(nb):
    import nbformat

    return nbformat.writes(nb) + "\n"
