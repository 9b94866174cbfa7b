"""`dlgrade export otter ID -o DIR`: an otter-assign master notebook of the assignment.

DIR gets ``<ID>.ipynb`` in otter-assign's notebook format and the files it needs (helper modules, data,
public tests, ``dlgrade_checks.py``). Each graded function is one question (``# BEGIN QUESTION``)
worth its points in ``assignment.toml``: a solution cell (the reference, its student blocks between
``# BEGIN SOLUTION`` and ``# END SOLUTION``) and one test per dlgrade check, with that check's points
(dlgrade's split of the function's points), public for the public example and hidden otherwise, so
otter's partial credit adds up as dlgrade's does. Then, from DIR::

    otter assign ID.ipynb dist               # dist/student/ for students, dist/autograder/ with the zip
    otter run -a dist/autograder/*.zip SUBMISSION.ipynb

Tests compare with values the reference computed at export time (literals in the test cells); see
`cases` for where an exported check differs from dlgrade's. The hidden tests name the known mistakes
dlgrade names; a public test (students see its code) names none. A notebook not made from otter's
release (no otter metadata) is refused by ``otter run`` with its own message ("Received submission for
assignment 'None'"), never graded as an empty notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from .. import build, notebook
from .cases import INPUTS_FILE, Literals, check_call_source, exported_parts, part_tests_source
from .nbgrader import CHECKS_SOURCE, solution_source


def _raw(text):
    return nbformat.v4.new_raw_cell(text)


def _config(mapping):
    # JSON is YAML: otter reads the block with a YAML parser, and JSON needs no YAML library here.
    return "\n".join(f"{key}: {json.dumps(value)}" for key, value in mapping.items())


def test_cell_source(part, check, literals):
    """One otter test case: silent when the check passes, an AssertionError naming the problem if not."""
    config = f'""" # BEGIN TEST CONFIG\nhidden: {"true" if check.hidden else "false"}\n""" # END TEST CONFIG'
    lines = [config]
    if check.note:
        lines.append(f"# {check.note}")
    lines += ["import dlgrade_checks as _dlgrade",
              "import numpy as np",
              # A public test is shown to students: it names no known mistake (their results and
              # explanations would give answers away); the hidden ones do.
              f"{part_tests_source(part, explanations=check.hidden)}"
              f"{check_call_source(check, literals, mistakes=check.hidden)}.require()"]
    return "\n".join(lines)


def question_cells(part, reference_source, literals):
    points = [check.points for check in part.checks]
    cells = [_raw("# BEGIN QUESTION\n" + _config({"name": part.name, "points": points})),
             _raw("# BEGIN SOLUTION"),
             nbformat.v4.new_code_cell(solution_source(reference_source, "# BEGIN SOLUTION", "# END SOLUTION").rstrip()),
             _raw("# END SOLUTION"),
             _raw("# BEGIN TESTS")]
    cells += [nbformat.v4.new_code_cell(test_cell_source(part, check, literals)) for check in part.checks]
    cells += [_raw("# END TESTS"), _raw("# END QUESTION")]
    return cells


def support_files(a):
    """Files beside the notebook: helpers, data, public tests, comparison and checks modules, and the
    student folder's requirements.txt (also the grading image's: see `master_notebook`) and README.md."""
    files = {name: content for name, content in build.template_files(a).items()
             if name not in (f"{a.id}.ipynb", f"{a.id}.py")}
    files["dlgrade_checks.py"] = CHECKS_SOURCE.read_text()
    return files


def master_notebook(a, file_names, literals=None):
    """The master notebook (and the `Literals` holding its large inputs); ``file_names`` go in its config."""
    literals = literals or Literals()
    parts = {p.name: p for p in exported_parts(a)}
    refs = build.reference_sources(a)
    nb = notebook.to_ipynb(a.cells, lambda name: refs[name], a.title)
    cells = []
    for source_cell, cell in zip(a.cells, nb.cells):
        if source_cell.exercise:
            cells += question_cells(parts[source_cell.exercise], refs[source_cell.exercise], literals)
        else:
            cells.append(cell)
    files = sorted(set(file_names) | ({INPUTS_FILE} if literals.arrays else set()))
    # The students' requirements.txt is the grading image's too: otter puts its packages in the
    # autograder's environment.yml beside its own, so the notebook imports there what it imports at home.
    config = {"name": a.id, "init_cell": True, "check_all_cell": False, "export_cell": False,
              "run_tests": False, "requirements": "requirements.txt", "generate": {"pdf": False},
              "files": files}
    cells.insert(0, _raw("# ASSIGNMENT CONFIG\n" + _config(config)))
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:03d}"
    nb.cells = cells
    return nb, literals


def export(a, out_dir):
    """Write the master notebook and its files for assignment ``a`` into ``out_dir``; returns the paths."""
    out_dir = Path(out_dir)
    files = support_files(a)
    nb, literals = master_notebook(a, files)
    if literals.arrays:
        files[INPUTS_FILE] = literals.npz_bytes()
    files[f"{a.id}.ipynb"] = notebook.dumps(nb)
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written
