"""Short formula answers: parsed with `ast` into a whitelisted tree, compared by evaluating at random points.

A formula is a number, a variable, `+ - * / **` (``^`` is read as a power too), unary minus and a few
functions (`exp`, `log`, `sqrt`, `tanh`, `sigmoid`, ...). Nothing else parses: no attributes, no
subscripts, no comprehensions, no strings; the text is never given to `eval`. Indexed course symbols
are spelled as in the notes and rewritten to plain names first: ``n[l]`` -> ``n_l``, ``n[l-1]`` ->
``n_lm1`` (also ``n^[l]``).

Two formulas are equal when they agree (relative tolerance 1e-6) at every one of a few dozen random
points of the variables' domains where both are finite.
"""

from __future__ import annotations

import ast
import re

import numpy as np

MAX_LENGTH = 200  # characters of one answer
MAX_NODES = 120

_BRACKET = re.compile(r"\b([A-Za-z_]\w*?)\s*\^?\[\s*l\s*(-\s*1)?\s*\]")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


FUNCTIONS = {
    "exp": np.exp, "log": np.log, "ln": np.log, "sqrt": np.sqrt, "tanh": np.tanh, "sigmoid": _sigmoid,
    "abs": np.abs, "sin": np.sin, "cos": np.cos, "max": np.maximum, "min": np.minimum, "floor": np.floor,
}
CONSTANTS = {"pi": np.pi, "e": np.e}


class FormulaError(ValueError):
    """The text is not a formula this module accepts; the message says why, for the student."""


def normalise(text: str) -> str:
    return _BRACKET.sub(lambda m: f"{m.group(1)}_l{'m1' if m.group(2) else ''}", text.strip())


def parse(text, variables=()):
    """The checked expression tree of ``text``; raises FormulaError with a student-readable reason."""
    if not isinstance(text, str):
        raise FormulaError(f"expected a formula in quotes, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is longer than {MAX_LENGTH} characters")
    # "^" means a power in the notes; as text it must become "**" to get a power's precedence.
    source = normalise(text).replace("^", "**")
    if not source:
        raise FormulaError("the formula is empty")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a formula ({exc.msg})") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError("the formula is too long")
    allowed = set(variables) | set(CONSTANTS)
    for node in nodes:
        if isinstance(node, (ast.Expression, ast.operator, ast.unaryop, ast.Load)):
            if isinstance(node, ast.operator) and not isinstance(node, (ast.Add, ast.Sub, ast.Mult, ast.Div,
                                                                        ast.Pow)):
                raise FormulaError(f"the operator {type(node).__name__} is not allowed (use + - * / **)")
            if isinstance(node, ast.unaryop) and not isinstance(node, (ast.USub, ast.UAdd)):
                raise FormulaError("only unary minus is allowed")
        elif isinstance(node, (ast.BinOp, ast.UnaryOp)):
            pass
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise FormulaError(f"{node.value!r} is not a number")
        elif isinstance(node, ast.Name):
            if node.id not in allowed and node.id not in FUNCTIONS:
                known = ", ".join(sorted(variables)) or "none"
                raise FormulaError(f"unknown name {node.id!r} (variables here: {known})")
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                raise FormulaError(f"only these functions are allowed: {', '.join(sorted(FUNCTIONS))}")
            arity = 2 if node.func.id in ("max", "min") else 1
            if len(node.args) != arity:
                raise FormulaError(f"{node.func.id} takes {arity} argument(s)")
        else:
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
    for node in nodes:
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and not any(
                isinstance(p, ast.Call) and p.func is node for p in nodes):
            raise FormulaError(f"{node.id} is a function: write {node.id}(...)")
    return tree


def evaluate(tree, values):
    """The value of a parsed formula with numpy arrays (or floats) for the variables."""

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values[node.id] if node.id in values else CONSTANTS[node.id]
        if isinstance(node, ast.UnaryOp):
            return -ev(node.operand) if isinstance(node.op, ast.USub) else ev(node.operand)
        if isinstance(node, ast.Call):
            return FUNCTIONS[node.func.id](*(ev(a) for a in node.args))
        left, right = ev(node.left), ev(node.right)
        op = node.op
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div):
            return np.true_divide(left, right)
        return np.power(np.asarray(left, dtype=float), right)

    with np.errstate(all="ignore"):
        return np.asarray(ev(tree), dtype=float)


def sample(domains, points=40, seed=0):
    """Random points: ``domains`` maps a variable to (low, high) floats or ("int", low, high)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name in sorted(domains):
        domain = domains[name]
        if domain[0] == "int":
            out[name] = rng.integers(domain[1], domain[2] + 1, size=points).astype(float)
        else:
            out[name] = rng.uniform(domain[0], domain[1], size=points)
    return out


def equal(answer_tree, key_tree, domains, points=40, seed=0, rtol=1e-6, atol=1e-9):
    values = sample(domains, points, seed)
    a = np.broadcast_to(evaluate(answer_tree, values), (points,))
    k = np.broadcast_to(evaluate(key_tree, values), (points,))
    both = np.isfinite(a) & np.isfinite(k)
    if not both.any() or (np.isfinite(k) & ~np.isfinite(a)).sum() > points // 4:
        return False
    return bool(np.allclose(a[both], k[both], rtol=rtol, atol=atol))
