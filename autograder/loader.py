"""From a submission file to the top-level statements the sandbox will run.

A submission is a notebook (`.ipynb`) or a Python file. From a notebook we take the code cells, drop
IPython magics and shell lines, and keep only what defines things: imports, function and class
definitions, and assignments of literal constants. Training loops, plots and test calls at top level
are not run, so a notebook that trains for minutes still grades in seconds.

Nothing here raises on bad input: every problem becomes a `LoadMessage` that names the cell (and line),
and whatever could still be read is kept, so every function that can be graded is graded. A file that
cannot be parsed at all (JSON nested 100,000 deep, a 5,000-digit number, an expression too long for
the parser) is marked ``invalid`` with one message, and the code cells that can still be found in it
are graded. The file is opened without blocking (a FIFO is refused), its size is checked before a byte
is read, and no more than `MAX_SUBMISSION_BYTES` are ever read. A UTF-8 byte-order mark is accepted.
At most `MAX_STATEMENTS` top-level statements are kept.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import types
from dataclasses import dataclass, field
from pathlib import Path

MAX_SUBMISSION_BYTES = 20 << 20
# Far above any notebook of the course (tens of definitions); bounds what one file makes the worker run.
MAX_STATEMENTS = 2000
_PARSE_FAILURES = (SyntaxError, RecursionError, MemoryError, ValueError, OverflowError)

# Cell magics whose body is not Python (or writes files): the whole cell is dropped.
_FOREIGN_CELL_MAGICS = {"bash", "sh", "script", "html", "javascript", "js", "latex", "markdown", "svg",
                        "writefile", "capture", "perl", "ruby", "sx", "system"}
_LINE_MAGIC = re.compile(r"^\s*(%|!|\?)")
_HELP_SUFFIX = re.compile(r"^\s*[\w.]+\?\??\s*$")


@dataclass
class LoadMessage:
    where: str
    text: str

    def __str__(self):
        return f"{self.where}: {self.text}"


@dataclass
class Statement:
    code: str
    label: str  # e.g. "cell 4, line 2": used as the filename in tracebacks
    kind: str  # import | def | class | constant
    names: list = field(default_factory=list)

    def as_request(self):
        return {"code": self.code, "label": self.label}


@dataclass
class LoadedSubmission:
    path: str
    sha256: str
    statements: list
    messages: list
    invalid: bool = False  # the file could not be parsed as a whole (what could be recovered is kept)

    def defined_names(self):
        return {name for s in self.statements for name in s.names}


def _is_literal(node):
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError, OverflowError):
        return False


def _classify(node):
    """Return (kind, names) for a statement worth keeping, or None for one to drop."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"]
        return "import", names
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "def", [node.name]
    if isinstance(node, ast.ClassDef):
        return "class", [node.name]
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _is_literal(node.value):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if all(isinstance(t, ast.Name) for t in targets):
            return "constant", [t.id for t in targets]
    return None


def _clean_cell(source):
    """Drop magics and shell lines. Returns (code, note) where code is None for a dropped cell."""
    lines = source.splitlines()
    first = next((l for l in lines if l.strip()), "")
    if first.lstrip().startswith("%%"):
        magic = first.strip()[2:].split()[0] if first.strip()[2:] else ""
        if magic in _FOREIGN_CELL_MAGICS:
            return None, f"cell magic %%{magic}: cell not run"
        lines = lines[lines.index(first) + 1:]
    kept = []
    for line in lines:
        # Keep the line count so error messages point at the student's own line numbers.
        if _LINE_MAGIC.match(line) or _HELP_SUFFIX.match(line):
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept), None


def _parse_blocks(code):
    """Parse a cell; on a syntax error keep the top-level blocks that do parse on their own.

    Returns (module_nodes_with_offsets, error) where each item is (node, line_offset, source).
    """
    try:
        tree = ast.parse(code)
        return [(node, 0, code) for node in tree.body], None
    except _PARSE_FAILURES as exc:
        error = exc if isinstance(exc, SyntaxError) else SyntaxError(_parse_failure(exc))
    lines = code.splitlines()
    starts = [i for i, line in enumerate(lines) if line and not line[0].isspace() and not line.startswith("#")]
    # A block is the stretch from one column-0 line to the next: a def with its body, an import...
    starts = [i for i in starts if not re.match(r"^(else|elif|except|finally)\b|^[)\]}]", lines[i])]
    items = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        chunk = "\n".join(lines[a:b])
        try:
            tree = ast.parse(chunk)
        except _PARSE_FAILURES:
            continue
        items += [(node, a, chunk) for node in tree.body]
    return items, error


def _parse_failure(exc):
    if isinstance(exc, RecursionError):
        return "nested too deeply for the parser"
    if isinstance(exc, MemoryError):
        return "too large for the parser"
    return str(exc)[:200] or type(exc).__name__


def _small_int(text):
    # Python refuses to convert more than 4,300 digits; a number that long is no notebook's business.
    return int(text) if len(text) <= 100 else 0


_SOURCE = re.compile(r'"cell_type"\s*:\s*"code"|"source"\s*:\s*(\[(?:\s*"(?:[^"\\]|\\.)*"\s*,?)*\s*\]|"(?:[^"\\]|\\.)*")')


def _salvage_cells(text):
    """Code cells found in a notebook whose JSON cannot be parsed: each ``source`` that follows a
    ``"cell_type": "code"`` is decoded on its own."""
    cells, code_seen = [], False
    for match in _SOURCE.finditer(text):
        if match.group(1) is None:
            code_seen = True
            continue
        if not code_seen:
            continue
        code_seen = False
        try:
            source = json.loads(match.group(1))
        except (ValueError, RecursionError):
            continue
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str):
            cells.append((f"recovered cell {len(cells) + 1}", source))
    return cells


# Line ends as the parser counts them (and as `ast.get_source_segment` splits): \r\n, \r or \n.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _segment(chunk, node, split):
    """``ast.get_source_segment(chunk, node)``, the chunk's lines split once for all its nodes (in
    ``split``): the standard function splits the whole text at every call, which made a cell of many
    constants and a long comment cost minutes."""
    if chunk not in split:
        split[chunk] = _LINES.findall(chunk)
    lines = split[chunk][node.lineno - 1:node.end_lineno]
    shifted = types.SimpleNamespace(lineno=1, end_lineno=node.end_lineno - node.lineno + 1,
                                    col_offset=node.col_offset, end_col_offset=node.end_col_offset)
    return ast.get_source_segment("".join(lines), shifted)


def read_bytes(path, limit=MAX_SUBMISSION_BYTES):
    """The file's bytes, or None and a message: size checked first, at most ``limit`` bytes read."""
    from .intake import FileTooLarge, NotRegularFile, read_limited

    try:
        return read_limited(path, limit), None
    except FileTooLarge as exc:
        return None, f"file is larger than {limit >> 20} MiB ({exc.size} bytes); not graded"
    except NotRegularFile:
        return None, "not a regular file (FIFO, socket or device); not read"


def _read_cells(path: Path, messages, state):
    raw, problem = read_bytes(path)
    if raw is None:
        messages.append(LoadMessage(path.name, problem))
        state["invalid"] = True
        return [], b""
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is no reason to lose the first cell
    except UnicodeDecodeError as exc:
        messages.append(LoadMessage(path.name, f"not UTF-8 text ({exc}); not graded"))
        state["invalid"] = True
        return [], raw
    if path.suffix == ".py":
        return [("file", text)], raw
    try:
        nb = json.loads(text, parse_int=_small_int)
    except json.JSONDecodeError as exc:
        messages.append(LoadMessage(path.name, f"not a valid notebook: the file is not valid JSON ({exc})"))
        state["invalid"] = True
        return [], raw
    except (RecursionError, MemoryError, ValueError) as exc:
        cells = _salvage_cells(text)
        found = f"; {len(cells)} code cell(s) recovered and graded" if cells else ""
        messages.append(LoadMessage(path.name, f"invalid notebook: its JSON could not be read "
                                               f"({_parse_failure(exc)}){found}"))
        state["invalid"] = True
        return cells, raw
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        messages.append(LoadMessage(path.name, "not a valid notebook: no list of cells found"))
        state["invalid"] = True
        return [], raw
    cells = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            messages.append(LoadMessage(f"cell {number}", "unreadable source; skipped"))
            continue
        cells.append((f"cell {number}", source))
    if not cells:
        messages.append(LoadMessage(path.name, "the notebook has no code cells"))
    return cells, raw


def load_submission(path) -> LoadedSubmission:
    """Read a submission; never raises for bad content (only for a path that cannot be read)."""
    path = Path(path)
    messages = []
    state = {"invalid": False}
    cells, raw = _read_cells(path, messages, state)
    statements = []
    dropped = 0
    split = {}
    for where, source in cells:
        code, note = _clean_cell(source)
        if code is None:
            messages.append(LoadMessage(where, note))
            continue
        items, error = _parse_blocks(code)
        if error is not None:
            kept = sorted({n for node, _, _ in items for n in (_classify(node) or ("", []))[1]})
            salvage = f"; still graded from this cell: {', '.join(kept)}" if kept else ""
            if error.lineno:
                messages.append(LoadMessage(f"{where}, line {error.lineno}", f"syntax error: {error.msg}; the "
                                                                             f"block that holds it was skipped{salvage}"))
            else:
                messages.append(LoadMessage(where, f"could not be parsed ({error.msg}); the blocks that parse on "
                                                   f"their own were kept{salvage}"))
        label = path.name if where == "file" else where
        for node, offset, chunk in items:
            try:
                kind = _classify(node)
            except _PARSE_FAILURES:
                kind = None
            if kind is None:
                continue
            if len(statements) >= MAX_STATEMENTS:
                dropped += 1
                continue
            decorators = getattr(node, "decorator_list", None) or []
            if decorators or kind[0] in ("def", "class"):
                first = min([node.lineno] + [d.lineno for d in decorators])
                segment = "\n".join(chunk.splitlines()[first - 1:node.end_lineno])
            else:
                try:
                    first, segment = node.lineno, _segment(chunk, node, split)
                except _PARSE_FAILURES:
                    continue
            # Pad with blank lines so tracebacks report the student's own line numbers.
            code_text = "\n" * (first - 1 + offset) + segment
            statements.append(Statement(code=code_text, label=label, kind=kind[0], names=kind[1]))
    if dropped:
        messages.append(LoadMessage(path.name, f"more than {MAX_STATEMENTS} top-level definitions; the last "
                                               f"{dropped} were not run"))
    return LoadedSubmission(path=str(path), sha256=hashlib.sha256(raw).hexdigest(), statements=statements,
                            messages=messages, invalid=state["invalid"])
