"""Every assignment keeps its promises: parametrised over all of them, never copied per assignment."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder import build, sources
from autograder.runner import grade_submission
from autograder.spec import derived_seed
from autograder.validate import grade_reference

from .conftest import ROOT, by_part, grade_json


def test_reference_scores_full_marks_in_the_sandbox(assignment):
    result = grade_json(assignment.id, ROOT / "solutions" / f"{assignment.id}.py")
    failed = [f"{t['name']}: {t['output']}" for t in result["tests"] if t["status"] != "passed"]
    assert failed == []
    assert result["score"] == result["max_score"] == assignment.max_score


def test_untouched_stub_module_scores_zero(assignment):
    result = grade_submission(assignment, ROOT / "student_template" / assignment.id / f"{assignment.id}.py")
    assert [t["name"] for t in result["tests"] if t["score"] > 0] == []
    assert result["score"] == 0
    assert len(result["tests"]) == sum(len(p.checks) for p in assignment.parts)


def test_untouched_stub_notebook_scores_zero(assignment):
    result = grade_submission(assignment, ROOT / "student_template" / assignment.id / f"{assignment.id}.ipynb")
    assert result["score"] == 0
    # The setup cell's plotting and public-test imports are reported as skipped; nothing else may fail.
    assert not any("failed" in line for line in result["output"].splitlines()), result["output"]


def test_every_assignment_catalogues_at_least_six_mistakes(assignment):
    mistakes = [(p, m) for p in assignment.parts for m in p.mistakes]
    assert len(mistakes) >= 6
    for part, mistake in mistakes:
        names = [m.name for m in part.mistakes]
        where = f"{part.name}: {mistake.name!r}"
        # Six distinct, explained wrong versions of graded functions, not six entries.
        assert mistake.name.strip() and names.count(mistake.name) == 1, f"{where}: a blank or repeated name"
        assert len(mistake.explanation.split()) >= 4, f"{where}: the explanation must teach the fix"
        assert callable(mistake.fn) and mistake.fn is not assignment.reference_function(part), where
        assert set(mistake.same_as) <= set(names) - {mistake.name}, f"{where}: same_as names no other mistake of the part"


def test_solution_notebook_executes_and_its_public_tests_pass(assignment, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    for path, content in build.template_files(assignment).items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    nb = build.solution_notebook(assignment)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs)
    tested = [p.name for p in assignment.parts if p.name in assignment.public]
    for name in tested:
        assert f"{name}: all " in printed and "public case(s) passed" in printed


def test_student_notebook_has_one_stub_per_graded_function(assignment):
    nb = nbformat.reads(build.template_files(assignment)[f"{assignment.id}.ipynb"], as_version=4)
    exercises = [c.metadata["dlgrade"]["exercise"] for c in nb.cells if "dlgrade" in c.metadata]
    assert exercises == list(assignment.points)
    for cell in nb.cells:
        if "dlgrade" in cell.metadata:
            assert sources.START in cell.source and "YOUR CODE HERE" in cell.source


def test_student_template_is_up_to_date():
    assert build.build(check=True) == []


def _template_text(assignment):
    """The template's text files as the build writes them now (not the committed copy, which may lag)."""
    files = {Path(p): c if isinstance(c, str) else c.decode("utf-8", "replace")
             for p, c in build.template_files(assignment).items()}
    texts = {p: c for p, c in files.items() if p.suffix in (".py", ".ipynb", ".md")}
    assert Path(f"{assignment.id}.ipynb") in texts and Path("public_tests.py") in texts
    return texts


def test_no_line_of_a_solution_body_reaches_the_student_template(assignment):
    reference = assignment.reference_source
    given = set(line.strip() for line in _lines_outside_blocks(reference))
    given |= set(line.strip() for line in (assignment.root / "notebook.md").read_text().splitlines())
    secret = [line for line in sources.student_lines(reference) if line not in given and len(line) > 3]
    assert secret, "the reference has no student lines"
    for path, text in _template_text(assignment).items():
        # Notebook sources are JSON strings: compare decoded lines.
        raw = _notebook_lines(text) if path.suffix == ".ipynb" else text.splitlines()
        lines = {line.strip() for line in raw}
        leaked = [line for line in secret if line in lines]
        assert leaked == [], f"{path} contains solution lines"


def _notebook_lines(text):
    nb = nbformat.reads(text, as_version=4)
    return [line for cell in nb.cells for line in cell.source.splitlines()]


def _lines_outside_blocks(source):
    lines = source.splitlines()
    inside = set()
    for block in sources.blocks(lines):
        inside.update(range(block.start, block.end + 1))
    return [l for i, l in enumerate(lines) if i not in inside]


def test_no_hidden_case_reaches_the_student_template(assignment):
    texts = "\n".join(_template_text(assignment).values())
    checked = 0
    for part in assignment.parts:
        for check in part.checks:
            if check.name == "public example":
                continue
            for index, case in enumerate(check.cases):
                args, _ = case.build(derived_seed(assignment.id, part.name, check.name, index))
                for value in _arrays(args):
                    floats = [repr(float(x)) for x in value.ravel()[:3] if value.dtype.kind == "f"]
                    for text in floats:
                        if re.fullmatch(r"-?\d\.\d{8,}(e-?\d+)?", text):
                            checked += 1
                            assert text not in texts, f"a value of {part.name}: {check.name} is in the template"
    assert checked > 0


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _arrays(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _arrays(v)


def test_points_add_up(assignment):
    result_points = sum(sum(assignment.check_points(p)) for p in assignment.parts)
    assert result_points == pytest.approx(assignment.max_score)
    assert all(points > 0 for points in assignment.points.values())


def test_every_function_with_a_stub_is_graded(assignment):
    marked = [n for n in assignment.points if sources.blocks(sources.definition_source(assignment.reference_source, n).splitlines())]
    assert marked == list(assignment.points)


def test_reference_earns_every_part_its_points(assignment):
    result = grade_reference(assignment)
    parts = by_part({"tests": result})
    assert set(parts) == set(assignment.points)
    for name, (score, top) in parts.items():
        assert score == pytest.approx(top) == pytest.approx(assignment.points[name])


def test_notebook_cells_parse(assignment):
    for cell in assignment.cells:
        if cell.kind == "code" and not cell.exercise:
            compile(cell.source, f"{assignment.id} notebook", "exec")
    assert Path(assignment.root / "notebook.md").read_text().count("exercise=") == len(assignment.points)


def test_setup_cell_holds_only_imports(assignment):
    """The build copies the setup cell's imports into the stub module; anything else there (a plt
    setting, a data load) would run in a notebook only and hide a difference from the .py."""
    import ast

    from autograder import notebook

    setup = notebook.setup_cell(assignment.cells).source
    assert all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.parse(setup).body)


def test_each_exercise_is_followed_by_its_public_test(assignment):
    cells = [c for c in assignment.cells if c.kind == "code"]
    for index, cell in enumerate(cells):
        if cell.exercise and cell.exercise in assignment.public:
            assert cells[index + 1].source.strip().startswith(f"{cell.exercise}_test({cell.exercise})")


def test_setup_imports_only_what_the_helper_modules_provide(assignment):
    import ast

    from autograder import notebook
    from autograder.data import datasets

    setup = notebook.setup_cell(assignment.cells).source
    for node in ast.parse(setup).body:
        if isinstance(node, ast.ImportFrom) and node.module in assignment.helpers:
            names = {alias.name for alias in node.names}
            assert names <= set(assignment.helpers[node.module]), node.module
            assert not names & set(assignment.points), "a graded function shipped as a helper"
        if isinstance(node, ast.ImportFrom) and node.module == "datasets":
            assert all(hasattr(datasets, alias.name) for alias in node.names)
