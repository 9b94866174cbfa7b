"""Grading one Gradescope quiz submission (what the quiz export's ``run_autograder`` runs).

    python -m autograder.quiz.gradescope_run --assignment QUIZ [--root /autograder]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path


def student_id(root: Path):
    """The submitting student's id from Gradescope's metadata: the first user's sid, else e-mail."""
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        user = (meta.get("users") or [{}])[0]
        return str(user.get("sid") or user.get("email") or "").strip() or None
    except (OSError, ValueError, AttributeError, IndexError):
        return None


def pick_sheet(folder: Path, quiz_id):
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".toml", ".ipynb")
                   and ".ipynb_checkpoints" not in p.parts)
    if not found:
        return None, "no .toml or .ipynb answer sheet found among the uploaded files"
    chosen = min(found, key=lambda p: (p.stem != quiz_id, p.suffix != ".toml", len(p.parts), str(p)))
    others = [p.name for p in found if p != chosen]
    return chosen, f"graded {chosen.name}" + (f" (also uploaded, not graded: {', '.join(others)})" if others else "")


def grade(root: Path, quiz_id):
    source = root / "source"
    os.environ.setdefault("DLGRADE_ROOT", str(source))
    from ..exporters.gradescope_run import _numpy_only

    _numpy_only(source)
    from .. import assignment as assignments
    from .grading import grade_submission

    quiz = assignments.load(quiz_id)
    path, note = pick_sheet(root / "submission", quiz.id)
    if path is None:
        return {"score": 0.0, "max_score": quiz.max_score, "output": f"{quiz.title}: {note}.", "tests": []}
    secret_file = source / "course_secret.txt"
    secret = secret_file.read_bytes().strip() if secret_file.is_file() else None
    student = student_id(root)
    if student is None:
        student = "unknown"
        note += "; Gradescope gave no student id, so the personal questions cannot match your numbers"
    result = grade_submission(quiz, path, student=student, secret=secret or None)
    result["output"] = f"{result['output']}\nNote: {note}"
    return result


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
        result = {"score": 0.0, "output": f"The autograder itself failed ({type(exc).__name__}: {exc}).", "tests": []}
    result.setdefault("execution_time", round(time.monotonic() - started, 3))
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{result['score']:g} / {result.get('max_score', 0):g} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
