"""`dlgrade export nbgrader ID -o DIR`: an nbgrader course folder holding the assignment's source notebook.

DIR gets ``nbgrader_config.py`` and ``source/<ID>/``: the notebook with nbgrader cell metadata (the
exercise cells are solution cells, the reference's student blocks between ``### BEGIN SOLUTION`` and
``### END SOLUTION``; after each exercise, one autograder test cell worth the function's points in
``assignment.toml``), plus the files the notebook imports. From DIR, the usual workflow runs::

    nbgrader generate_assignment ID          # release/ID/: solutions cut, hidden tests removed
    nbgrader autograde ID                    # grades submitted/<student>/ID/ID.ipynb

A test cell runs the public example in the open and the hidden checks between ``### BEGIN HIDDEN TESTS``
and ``### END HIDDEN TESTS``, compares with values the reference computed at export time (literals in
the cell), and ends with the points earned, which nbgrader takes as partial credit. The known
mistakes' results and explanations (for feedback that names them) are hidden too, those of the public
example in a hidden block of their own before it. So the reference
scores full marks and an untouched release notebook zero, as in dlgrade; see `cases` for where the
exported checks differ from dlgrade's.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .. import build, notebook, sources
from .cases import (INPUTS_FILE, Literals, case_extras_source, check_call_source, exported_parts, has_extras,
                    part_tests_source)
from .nbgrader_adopt import adopt_submission  # noqa: F401 - also the tests' way to adopt by hand

CHECKS_SOURCE = Path(__file__).resolve().parent / "notebook_checks.py"
ADOPT_SOURCE = Path(__file__).resolve().parent / "nbgrader_adopt.py"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def solution_source(function_source, begin=BEGIN, end=END):
    """The reference function with each student block also marked as a solution region."""
    lines = function_source.rstrip("\n").splitlines()
    out, cursor = [], 0
    for block in sources.blocks(lines):
        out += lines[cursor:block.start + 1]
        out.append(block.indent + begin)
        out += block.body(lines)
        out.append(block.indent + end)
        out.append(lines[block.end])
        cursor = block.end + 1
    return "\n".join(out + lines[cursor:]) + "\n"


def _metadata(grade_id, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def test_cell_source(part, literals):
    """One autograder test cell: the public checks in the open, the others hidden, then the score."""
    lines = [f"# Autograder tests of `{part.name}` ({part.points:g} points): the public example runs here;",
             "# the grader adds hidden cases. The last line shows the points earned.",
             "import dlgrade_checks as _dlgrade",
             "import numpy as np",
             "",
             f"_dlgrade_tests = {part_tests_source(part, explanations=False)}"]
    public = [c for c in part.checks if not c.hidden]
    hidden = [c for c in part.checks if c.hidden]
    # The known mistakes (their explanations, their results on the public example) and the helpers'
    # answers on it stay out of the release.
    extras = [c for c in public if has_extras(c)]
    if part.explanations or extras:
        lines.append(BEGIN_HIDDEN)
        if part.explanations:
            lines.append(f"_dlgrade_tests.explanations.update({part.explanations!r})")
        lines += [f"_dlgrade_tests{case_extras_source(c, literals)}" for c in extras]
        lines.append(END_HIDDEN)
    lines += [f"_dlgrade_tests{check_call_source(c, literals, mistakes=False, answers=False)}" for c in public]
    if hidden:
        lines.append(BEGIN_HIDDEN)
        for check in hidden:
            if check.note:
                lines.append(f"# {check.name}: {check.note}")
            lines.append(f"_dlgrade_tests{check_call_source(check, literals)}")
        lines.append(END_HIDDEN)
    lines.append("_dlgrade_tests.score()")
    return "\n".join(lines)


def _calls_public_test(cell, name):
    return cell.kind == "code" and re.search(rf"\b{re.escape(name)}_test\(", cell.source) is not None


def source_notebook(a, literals=None):
    """The nbgrader source notebook of assignment ``a`` (and the `Literals` holding its large inputs)."""
    literals = literals or Literals()
    parts = {p.name: p for p in exported_parts(a)}
    refs = build.reference_sources(a)
    nb = notebook.to_ipynb(a.cells, lambda name: solution_source(refs[name]), a.title)
    out, pending = [], None
    setup_done = False

    def flush():
        nonlocal pending
        if pending is not None:
            part = parts[pending]
            cell = nbformat.v4.new_code_cell(test_cell_source(part, literals))
            cell.metadata = _metadata(f"test_{part.name}", grade=True, locked=True, points=part.points)
            cell["id"] = f"test-{part.name}"[:64]
            out.append(cell)
            pending = None

    for source_cell, cell in zip(a.cells, nb.cells):
        if pending is not None and not _calls_public_test(source_cell, pending):
            flush()
        if source_cell.exercise:
            cell.metadata = _metadata(f"{source_cell.exercise}", solution=True)
            pending = source_cell.exercise
        elif source_cell.kind == "code" and not setup_done:
            cell.metadata = _metadata("setup", locked=True)
            setup_done = True
        out.append(cell)
        if pending is not None and _calls_public_test(source_cell, pending):
            flush()
    flush()
    nb.cells = out
    return nb, literals


CONFIG = '''"""nbgrader configuration of the course exported by `dlgrade export nbgrader`."""

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "dlgrade"
# A cell may train a small model; the assignment's per-submission limit bounds each cell.
c.Execute.timeout = {timeout}

# A submitted notebook not made from the release (no nbgrader cell metadata) is adopted, its graded
# functions matched by name, or refused with a message: never graded as an empty notebook.
import os  # noqa: E402
import sys  # noqa: E402

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _here)
os.environ.setdefault("DLGRADE_NBGRADER_COURSE", _here)
from dlgrade_nbgrader import AdoptSubmission  # noqa: E402
from nbgrader.converters.autograde import Autograde  # noqa: E402

c.Autograde.sanitize_preprocessors = [AdoptSubmission] + list(Autograde.class_traits()["sanitize_preprocessors"].default())
'''


def export(a, out_dir):
    """Write the course folder for assignment ``a`` into ``out_dir``; returns the written paths."""
    out_dir = Path(out_dir)
    target = out_dir / "source" / a.id
    nb, literals = source_notebook(a)
    files = {name: content for name, content in build.template_files(a).items()
             if name not in (f"{a.id}.ipynb", f"{a.id}.py")}
    files[f"{a.id}.ipynb"] = notebook.dumps(nb)
    files["dlgrade_checks.py"] = CHECKS_SOURCE.read_text()
    npz = literals.npz_bytes()
    if npz is not None:
        files[INPUTS_FILE] = npz
    written = []
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    config = out_dir / "nbgrader_config.py"
    config.write_text(CONFIG.format(timeout=int(a.limits.submission_seconds)))
    (out_dir / "dlgrade_nbgrader.py").write_text(ADOPT_SOURCE.read_text())
    (out_dir / "requirements.txt").write_text(build.requirements_txt(a).replace(build.JUPYTER, "nbgrader"))
    written += [config, out_dir / "dlgrade_nbgrader.py", out_dir / "requirements.txt"]
    return written


def _copy(nb):
    return nbformat.reads(nbformat.writes(nb), as_version=4)
