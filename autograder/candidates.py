"""Which of a student's files holds the work: the one defining the most non-stub graded functions.

A student folder made from `student_template/` holds the notebook and the same functions as a `.py`;
a student may fill in either. `filled_functions` counts, in a notebook or a module, the graded
functions whose student blocks hold code of their own: not just the stub's ``name = None`` blanks,
``pass``, ``...``, comments or ``raise NotImplementedError``. Only the source is parsed, nothing runs.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from . import sources

MAX_BYTES = 20_000_000


def _code(path: Path) -> list:
    """The code of a module (one chunk) or of a notebook (one chunk per code cell)."""
    if path.stat().st_size > MAX_BYTES:
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return [text]
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    chunks = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            chunks.append("".join(source) if isinstance(source, list) else str(source))
    return chunks


def _blank(line: str) -> bool:
    text = line.strip()
    if not text or text.startswith("#") or text in ("pass", "...") or text.startswith("raise NotImplementedError"):
        return True
    try:
        node = ast.parse(text).body[0]
    except (SyntaxError, IndexError):
        return False
    return isinstance(node, ast.Assign) and all(
        isinstance(v, ast.Constant) and v.value is None
        for v in (node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]))


def _filled(function_source: str) -> bool:
    lines = function_source.splitlines()
    try:
        blocks = sources.blocks(lines)
    except ValueError:
        blocks = []
    if blocks:
        return any(not _blank(line) for block in blocks for line in block.body(lines))
    # Markers removed: any statement beyond the docstring and blanks counts as work.
    try:
        body = ast.parse(function_source).body[0].body
    except (SyntaxError, IndexError, AttributeError):
        return False
    return any(not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) and
               not _blank(ast.unparse(s)) for s in body)


def filled_functions(path, graded) -> int:
    """How many of the ``graded`` function names ``path`` defines with code of their own (0 when unreadable)."""
    try:
        code = _code(Path(path))
    except OSError:
        return 0
    found = set()
    segments = []
    for chunk in code:  # cell by cell: one broken cell does not hide the others
        try:
            tree = ast.parse(chunk)
        except SyntaxError:
            continue
        segments += [(node.name, ast.get_source_segment(chunk, node) or "") for node in tree.body
                     if isinstance(node, ast.FunctionDef)]
    for name, source in segments:
        if name in graded and _filled(source):
            found.add(name)
    return len(found)


def graded_names(assignment_id) -> set:
    try:
        from . import assignment as assignments

        return set(assignments.load(assignment_id).points)
    except Exception:  # noqa: BLE001 - an unknown assignment: no preference, intake's own rule applies
        return set()
