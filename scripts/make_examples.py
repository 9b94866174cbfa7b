"""Write the bundled example submissions under examples/<id>/ (run once; the outputs are committed).

Each assignment gets a class of five students:
- alice_complete.ipynb: the notebook with every exercise done correctly;
- bob_mistakes.py: a module with classic mistakes (the substitutions below), so the grader names them;
- carol_stub.ipynb: the untouched student notebook;
- dave_broken.ipynb: a syntax error in one exercise cell, an endless loop in another, sys.exit in a
  third; the rest correct;
- erin_invalid.ipynb: a file that is not a notebook at all.

Usage: python scripts/make_examples.py [ID ...]
"""

import re
import sys
from pathlib import Path

import nbformat

from autograder import assignment as assignments
from autograder import build

ROOT = Path(__file__).resolve().parent.parent

# Per assignment: (text in the reference, replacement) pairs that plant classic mistakes.
MISTAKES = {
    "activations": [
        ("np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))", "1 / (1 + np.exp(x))"),
        ("x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))", "x_exp = np.exp(x)"),
        ("dZ = np.where(Z > 0, dA, 0.0)", "dZ = np.where(Z >= 0, dA, 0.0)"),
    ],
    "logistic_regression": [
        ("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)"),
        ("Y_prediction = (A > 0.5).astype(np.float64)", "Y_prediction = A"),
    ],
    "softmax_regression": [
        ("exps = np.exp(Z - np.max(Z, axis=0, keepdims=True))", "exps = np.exp(Z)"),
        ("dZ = A - Y", "dZ = Y - A"),
    ],
}


def _function_bounds(source, name):
    text = build.sources.definition_source(source, name)
    return text


def broken_notebook(a):
    nb = build.solution_notebook(a)
    exercises = [c for c in nb.cells if "dlgrade" in c.metadata]
    names = [c.metadata["dlgrade"]["exercise"] for c in exercises]
    if len(exercises) >= 4:
        # A syntax error in one cell: that function is lost, nothing else.
        exercises[1].source += "\n\nthis line is not python )\n"
        # An endless loop and a sys.exit inside two other functions.
        exercises[2].source = re.sub(r'(def \w+\([^)]*\):\n)', r'\1    while True:\n        pass\n',
                                     exercises[2].source, count=1)
        exercises[3].source = re.sub(r'(def \w+\([^)]*\):\n)', r'\1    import sys\n    sys.exit(1)\n',
                                     exercises[3].source, count=1)
    return nb, names


def write(assignment_id):
    a = assignments.load(assignment_id)
    folder = ROOT / "examples" / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alice_complete.ipynb").write_text(build.notebook.dumps(build.solution_notebook(a)))
    source = a.reference_source
    for old, new in MISTAKES.get(assignment_id, []):
        if old not in source:
            raise SystemExit(f"{assignment_id}: {old!r} not found in the reference")
        source = source.replace(old, new)
    (folder / "bob_mistakes.py").write_text(source)
    (folder / "carol_stub.ipynb").write_text(build.template_files(a)[f"{assignment_id}.ipynb"])
    nb, _ = broken_notebook(a)
    (folder / "dave_broken.ipynb").write_text(nbformat.writes(nb) + "\n")
    (folder / "erin_invalid.ipynb").write_text('{"cells": [ this is not json')


if __name__ == "__main__":
    for assignment_id in sys.argv[1:] or assignments.all_ids():
        write(assignment_id)
        print(f"wrote examples/{assignment_id}/")
