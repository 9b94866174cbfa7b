"""Grading one Gradescope submission: what the exported zip's ``run_autograder`` runs.

    python -m autograder.exporters.gradescope_run --assignment ID [--root /autograder]

Reads the submission from ``ROOT/submission/``, the assignment from ``ROOT/source/`` (the unpacked
zip) and writes ``ROOT/results/results.json``: dlgrade's result object, which is a Gradescope results
file. The root defaults to ``$DLGRADE_AUTOGRADER_ROOT`` or ``/autograder``, so the whole path can be
exercised in a temporary folder. It needs numpy alone: nbformat (used only to write notebooks) is not
required, and the datasets come from the ``.npy`` files exported into the zip instead of scikit-learn.

Student code runs behind the strongest walls the machine gives (`isolation.detect_mode`): bubblewrap,
or where Docker refuses namespaces the fallback walls (dedicated uid, seccomp, Landlock); the result's
output names them. Where not even the fallback can go up, nothing is run and the result says why
(``DLGRADE_ALLOW_UNWALLED=1`` runs it anyway, for a trusted test). The uploaded files are taken as
intake takes them: no symbolic link is followed out of the submission folder or to anything but a
regular file, special files are refused, and what was skipped is said.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
import traceback
import types
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
# Files students are handed with the notebook; a submission that includes them is not graded on them.
GIVEN = {"public_tests.py", "dlgrade_compare.py", "datasets.py", "dlgrade_checks.py"}


def _placeholder_module(name):
    def missing(attribute):
        raise ImportError(f"{name} is not installed in the autograder (needed only to write notebooks)")

    module = types.ModuleType(name)
    module.__getattr__ = missing
    return module


def _numpy_only(source: Path):
    """Let the engine run where only numpy is installed (the Gradescope image)."""
    try:
        import nbformat  # noqa: F401
    except ImportError:
        sys.modules["nbformat"] = _placeholder_module("nbformat")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        from autograder import datasets

        original = datasets.raw

        @functools.lru_cache(maxsize=None)
        def bundled(name):
            path = source / "data" / f"{name}.npy"
            return __import__("numpy").load(path, allow_pickle=False) if path.is_file() else original(name)

        # `datasets.load` looks `raw` up at call time: the exported tables replace scikit-learn.
        datasets.raw = bundled


def pick_submission(folder: Path, assignment_id, helper_names=()):
    """The file to grade among the uploaded ones, and a note on the choice (or None, note)."""
    from autograder.bounds import printable
    from autograder.intake import refusal

    given = GIVEN | set(helper_names)
    found, refused = [], []
    for p in sorted(folder.rglob("*")):
        if ".ipynb_checkpoints" in p.parts or "__pycache__" in p.parts or p.suffix not in SUFFIXES:
            continue
        if p.is_dir() and not p.is_symlink():
            continue
        why = refusal(p, folder)
        if why is None and p.is_file():
            if p.name not in given:
                found.append(p)
        else:
            refused.append(f"{printable(p.relative_to(folder))} ({why or 'not a file'})")
    skipped = f"; skipped: {', '.join(refused)}" if refused else ""
    if not found:
        return None, "no notebook (.ipynb) or Python file (.py) found among the uploaded files" + skipped

    def rank(p):
        return (p.stem != assignment_id, p.suffix != ".ipynb", len(p.parts), str(p))

    chosen = min(found, key=rank)
    others = [p.name for p in found if p != chosen]
    note = f"graded {printable(chosen.name)}" + (f" (also uploaded, not graded: {printable(', '.join(others))})"
                                                 if others else "") + skipped
    return chosen, note


def _failure(message, max_score=0.0):
    return {"score": 0.0, "max_score": max_score, "output": message, "visibility": "visible", "tests": []}


def grade(root: Path, assignment_id):
    source = root / "source"
    os.environ.setdefault("DLGRADE_ROOT", str(source))
    _numpy_only(source)
    from autograder import assignment as assignments
    from autograder.runner import grade_submission

    from autograder.bounds import cap_result
    from autograder.sandbox.isolation import describe_walls, detect_mode

    a = assignments.load(assignment_id)
    path, note = pick_submission(root / "submission", a.id, [f"{m}.py" for m in a.helpers])
    if path is None:
        return _failure(f"{a.title}: {note}. Upload your notebook {a.id}.ipynb.", a.max_score)
    mode = detect_mode()
    if mode.name == "process" and os.environ.get("DLGRADE_ALLOW_UNWALLED") != "1":
        return _failure(f"{a.title}: not graded: this autograder has no sandbox ({mode.detail}). Please tell the "
                        f"course staff (the image needs bubblewrap or libseccomp).", a.max_score)
    result = grade_submission(a, path, mode=mode)
    result["output"] = f"{result['output']}\nNote: {note}\nSandbox walls: {describe_walls(mode)}"
    return cap_result(result)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--root", default=os.environ.get("DLGRADE_AUTOGRADER_ROOT", "/autograder"))
    args = parser.parse_args(argv)
    root = Path(args.root)
    started = time.monotonic()
    try:
        result = grade(root, args.assignment)
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a results file
        traceback.print_exc()
        result = _failure(f"The autograder itself failed ({type(exc).__name__}: {exc}); please tell the course staff.")
    result.setdefault("execution_time", round(time.monotonic() - started, 3))
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"{result['score']:g} / {result.get('max_score', 0):g} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
