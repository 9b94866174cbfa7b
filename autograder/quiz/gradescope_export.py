"""`dlgrade export gradescope QUIZ -o FILE.zip`: the Gradescope autograder of a quiz.

The zip is the code export (engine, `solutions/quiz_answers.py`, the quiz folder) plus the course
secret in ``course_secret.txt``, because Gradescope grades without the instructor: the zip is as
private as the secret itself (upload it to Gradescope, never share it). ``run_autograder`` grades the
uploaded ``.toml`` or ``.ipynb`` sheet under the student id Gradescope gives in
``/autograder/submission_metadata.json`` (the first user's ``sid``, else their e-mail), so personal
sheets must be generated with those ids.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

RUN_AUTOGRADER = '''#!/usr/bin/env bash
# Gradescope runs this for every submission: grade the quiz sheet, write $ROOT/results/results.json.
set -u
ROOT="${{DLGRADE_AUTOGRADER_ROOT:-/autograder}}"
PY="${{DLGRADE_PYTHON:-$ROOT/venv/bin/python}}"
export DLGRADE_ROOT="$ROOT/source"
mkdir -p "$ROOT/results"
cd "$ROOT/results"
"$PY" -m autograder.quiz.gradescope_run --assignment {id} --root "$ROOT"
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '{{"score": 0, "output": "The autograder could not run; please tell the course staff.", "tests": []}}\\n' \\
    > "$ROOT/results/results.json"
fi
exit 0
'''


def export_gradescope(quiz, out_path, secret):
    from ..exporters import gradescope

    files = gradescope.bundle_files(quiz)
    files["run_autograder"] = (RUN_AUTOGRADER.format(id=quiz.id).encode(), True)
    if secret:
        files["course_secret.txt"] = (secret + b"\n", False)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (content, executable) in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o100700 if executable else 0o100600) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out_path
