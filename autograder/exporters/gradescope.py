"""`dlgrade export gradescope ID -o FILE.zip`: a Gradescope autograder that is dlgrade itself.

The zip holds what grading needs and nothing a student could use to get the answers from Gradescope's
output (results never print hidden expected values):

    setup.sh              installs Python >= 3.11 (and bubblewrap and libseccomp, for the sandbox), then
                          `pip install /autograder/source` into /autograder/venv: numpy is the only
                          download (the package builds with `dlgrade_build.py`, standard library only)
    run_autograder        grades /autograder/submission/*, writes /autograder/results/results.json
    pyproject.toml, dlgrade_build.py, autograder/      the engine
    solutions/            the reference module(s) the assignment's grading spec imports
    assignments/ID/       assignment.toml, grading.py, public_tests.py, notebook.md
    data/NAME.npy         the datasets, so grading needs no scikit-learn

``DLGRADE_AUTOGRADER_ROOT`` (default /autograder) moves the whole tree, and ``DLGRADE_PYTHON`` picks
the interpreter, so the zip can be tried in a temporary folder.
"""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import numpy as np

from .. import __version__
from .. import assignment as assignments

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BACKEND_SOURCE = Path(__file__).resolve().parent / "wheel_backend.py"

PYPROJECT = f'''# The engine of dlgrade, packaged for a Gradescope autograder (written by `dlgrade export gradescope`).
[build-system]
requires = []
build-backend = "dlgrade_build"
backend-path = ["."]

[project]
name = "dlgrade"
version = "{__version__}"
requires-python = ">=3.11"
dependencies = ["numpy>=1.26"]
'''

SETUP_SH = '''#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image.
set -euo pipefail
ROOT="${DLGRADE_AUTOGRADER_ROOT:-/autograder}"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -q
  # bubblewrap gives the sandbox its namespaces. Where Docker refuses them, dlgrade puts up its
  # fallback walls (a dedicated uid, seccomp through libseccomp, Landlock) and says so in every result.
  apt-get install -y -q bubblewrap libseccomp2 || echo "warning: bubblewrap or libseccomp2 not installed"
fi

python_ok() { command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if python_ok "$candidate"; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then
  apt-get install -y -q python3.11 python3.11-venv
  PY=python3.11
fi
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt-get install -y -q "$(basename "$PY")-venv" || apt-get install -y -q python3-venv
fi

"$PY" -m venv "$ROOT/venv"
# The engine builds offline from the sources in this zip; numpy is the only download.
"$ROOT/venv/bin/pip" install -q "$ROOT/source"
'''

RUN_AUTOGRADER = '''#!/usr/bin/env bash
# Gradescope runs this for every submission: grade $ROOT/submission, write $ROOT/results/results.json.
set -u
ROOT="${{DLGRADE_AUTOGRADER_ROOT:-/autograder}}"
PY="${{DLGRADE_PYTHON:-$ROOT/venv/bin/python}}"
export DLGRADE_ROOT="$ROOT/source"
# Submissions are graded one at a time here; BLAS threads would only contend with the sandbox.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p "$ROOT/results"
if [ "$(id -u)" = 0 ]; then
  # The references, specs and results are the grader's alone: a worker that runs under its own uid
  # (the fallback walls) cannot read them even where the kernel has no Landlock.
  chmod -R go-rwx "$ROOT/source" "$ROOT/results" 2>/dev/null || true
fi
cd "$ROOT/results"
"$PY" -m autograder.exporters.gradescope_run --assignment {id} --root "$ROOT"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # Even a grader that could not start owes Gradescope a results file.
  printf '{{"score": 0, "output": "The autograder could not run (exit status %s); please tell the course staff.", "tests": []}}\\n' \\
    "$status" > "$ROOT/results/results.json"
fi
exit 0
'''


def _reference_modules(a):
    """The `solutions` modules the assignment's grading spec and public cases import."""
    names = {a.reference.__name__.split(".", 1)[1]}
    for spec in ("grading.py", "public_tests.py"):
        path = a.root / spec
        if not path.is_file():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "solutions":
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("solutions."):
                names.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("solutions.")}
    return sorted(names)


def bundle_files(a):
    """Every file of the zip: path -> (bytes, executable)."""
    from .. import datasets

    files = {
        "setup.sh": (SETUP_SH.encode(), True),
        "run_autograder": (RUN_AUTOGRADER.format(id=a.id).encode(), True),
        "pyproject.toml": (PYPROJECT.encode(), False),
        "dlgrade_build.py": (BACKEND_SOURCE.read_bytes(), False),
    }
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "__pycache__" not in path.parts:
            files[f"autograder/{path.relative_to(PACKAGE_DIR).as_posix()}"] = (path.read_bytes(), False)
    solutions = assignments.ROOT / "solutions"
    files["solutions/__init__.py"] = ((solutions / "__init__.py").read_bytes(), False)
    for name in _reference_modules(a):
        files[f"solutions/{name}.py"] = ((solutions / f"{name}.py").read_bytes(), False)
    for path in sorted(a.root.iterdir()):
        if path.is_file():
            files[f"assignments/{a.id}/{path.name}"] = (path.read_bytes(), False)
    for name in a.datasets:
        buffer = io.BytesIO()
        np.save(buffer, datasets.raw(name), allow_pickle=False)
        files[f"data/{name}.npy"] = (buffer.getvalue(), False)
    if getattr(a, "kind", "code") == "code":
        # The reference's results on every hidden case: each submission starts in a fresh container,
        # and must not train the reference again (the file is found under DLGRADE_ROOT=source).
        from .. import refcache

        cache = refcache.fill(a)
        files[f"build/reference-cache/{cache.name}"] = (cache.read_bytes(), False)
    return files


def export(a, out_path):
    """Write the autograder zip of assignment ``a`` to ``out_path``; returns the path."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (content, executable) in bundle_files(a).items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out_path


def extract(zip_path, source_dir):
    """Unpack like Gradescope does (into /autograder/source), keeping the executable bits."""
    source_dir = Path(source_dir)
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = source_dir / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                target.chmod(mode)
    return source_dir
