"""Reading the reference's source: graded functions, student blocks, stubs and given helpers.

A student block is the lines between ``### START CODE HERE ###`` and ``### END CODE HERE ###``. The stub
of a function keeps everything else and replaces each block with a hint and ``name = None`` for every
variable the block assigns, so the stub runs, returns nothing useful, and scores zero.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

START = "### START CODE HERE ###"
END = "### END CODE HERE ###"


@dataclass
class Block:
    start: int  # index of the START line in the function's lines
    end: int  # index of the END line
    indent: str

    def body(self, lines):
        return lines[self.start + 1:self.end]


def definition_source(source, name):
    """The source of top-level function or class ``name`` (with decorators)."""
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            return "\n".join(source.splitlines()[first - 1:node.end_lineno]) + "\n"
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.get_source_segment(source, node) + "\n"
    raise KeyError(f"no top-level definition of {name!r}")


def import_lines(source):
    """The module's top-level import statements, as source lines."""
    return [ast.get_source_segment(source, node) for node in ast.parse(source).body
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]


def blocks(lines):
    """The student blocks of a function's lines; raises ValueError on unbalanced markers."""
    found, start = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(START):
            if start is not None:
                raise ValueError(f"nested {START} at line {i + 1}")
            start = i
        elif stripped.startswith(END):
            if start is None:
                raise ValueError(f"{END} without {START} at line {i + 1}")
            found.append(Block(start, i, line[: len(line) - len(line.lstrip())]))
            start = None
    if start is not None:
        raise ValueError(f"{START} at line {start + 1} is never closed")
    return found


def assigned_names(code_lines):
    """Names that a block of (indented) code binds, in order of first appearance."""
    indent = min((len(l) - len(l.lstrip()) for l in code_lines if l.strip()), default=0)
    dedented = "\n".join(l[indent:] for l in code_lines)
    try:
        tree = ast.parse(dedented)
    except SyntaxError:
        # A block may be the body of a loop opened before it; wrap it so it parses.
        tree = ast.parse("if True:\n" + "\n".join("    " + l for l in dedented.splitlines()))
    names = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign,)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.For,)):
            targets = [node.target]
        for target in targets:
            for name in _bound_names(target):
                if name not in names:
                    names.append(name)
    return names


def _bound_names(target):
    """Names a target binds: `x`, `a, (b, *c)`; never the names read by `d["k" + str(l)] = ...`."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound_names(element)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def student_lines(source):
    """Every non-trivial line written inside a student block of ``source`` (stripped)."""
    lines = source.splitlines()
    out = []
    for block in blocks(lines):
        for line in block.body(lines):
            text = line.strip()
            if text and not text.startswith("#"):
                out.append(text)
    return out


def hinted_lines(start_line):
    """The N of a ``### START CODE HERE ### (≈ N lines)`` hint, or None without one."""
    found = re.search(r"≈\s*(\d+)\s*line", start_line)
    return int(found.group(1)) if found else None


def _blank_lines(body, hint):
    """The ``= None`` lines of a stub block: one per statement of the reference that binds new names
    (``Z, cache = None, None`` for a tuple), never more lines than the block's size hint says."""
    groups, seen = [], set()
    for line in body:
        fresh = [name for name in assigned_names([line]) if name not in seen] if _parses(line) else []
        seen.update(fresh)
        if fresh:
            groups.append(fresh)
    leftover = [name for name in assigned_names(body) if name not in seen]  # bound inside multi-line code
    if leftover:
        groups.append(leftover)
    if hint and len(groups) > hint:
        groups = groups[:hint - 1] + [[name for group in groups[hint - 1:] for name in group]]
    return [f"{', '.join(g)} = {', '.join(['None'] * len(g))}" for g in groups]


def _parses(line):
    try:
        ast.parse(line.strip())
    except SyntaxError:
        return False
    return True


def stub(function_source):
    """The student stub of one function's source."""
    lines = function_source.rstrip("\n").splitlines()
    found = blocks(lines)
    if not found:
        raise ValueError("the function has no student block")
    out, cursor = [], 0
    for block in found:
        out += lines[cursor:block.start + 1]
        body = block.body(lines)
        out.append(f"{block.indent}# YOUR CODE HERE")
        blanks = _blank_lines(body, hinted_lines(lines[block.start])) if body else []
        out += [f"{block.indent}{line}" for line in blanks] or [f"{block.indent}pass"]
        out.append(lines[block.end])
        cursor = block.end + 1
    out += lines[cursor:]
    return "\n".join(out) + "\n"


def helper_module(source, names, title):
    """A helper module: the reference's imports plus the given definitions ``names``, as students see it."""
    parts = [f'"""{title}"""', "", *import_lines(source), ""]
    for name in names:
        parts += ["", definition_source(source, name).rstrip(), ""]
    return "\n".join(parts).rstrip() + "\n"
