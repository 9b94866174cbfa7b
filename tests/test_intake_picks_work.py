"""Intake picks the work: in a folder with the untouched stub notebook and a filled-in `.py`, the `.py`
is graded and the notebook reported; with the work in the notebook, the notebook is graded quietly."""

import shutil

from autograder.candidates import filled_functions, graded_names
from autograder.intake import collect

from .conftest import ROOT

ID = "deep_neural_network"
TEMPLATE = ROOT / "student_template" / ID
EXAMPLES = ROOT / "examples" / ID


def folder(tmp_path, notebook, module):
    student = tmp_path / "class" / "zoe"
    student.mkdir(parents=True)
    shutil.copyfile(notebook, student / f"{ID}.ipynb")
    shutil.copyfile(module, student / f"{ID}.py")
    return tmp_path / "class"


def test_filled_functions_counts_code_of_its_own_not_the_blanks():
    graded = graded_names(ID)
    assert filled_functions(TEMPLATE / f"{ID}.ipynb", graded) == 0
    assert filled_functions(TEMPLATE / f"{ID}.py", graded) == 0
    assert filled_functions(EXAMPLES / "bob_mistakes.py", graded) == len(graded)
    assert filled_functions(EXAMPLES / "alice_complete.ipynb", graded) == len(graded)


def test_a_filled_module_beside_the_stub_notebook_is_graded_and_the_choice_reported(tmp_path):
    intake = collect([folder(tmp_path, TEMPLATE / f"{ID}.ipynb", EXAMPLES / "bob_mistakes.py")], ID)
    assert [(s, p.name) for s, p in intake.submissions] == [("zoe", f"{ID}.py")]
    assert len(intake.messages) == 1
    assert "graded the one with the most functions filled in (11 of 11)" in intake.messages[0]
    assert f"not graded: {ID}.ipynb" in intake.messages[0]


def test_the_notebook_with_the_work_beside_the_stub_module_is_graded_quietly(tmp_path):
    intake = collect([folder(tmp_path, EXAMPLES / "alice_complete.ipynb", TEMPLATE / f"{ID}.py")], ID)
    assert [(s, p.name) for s, p in intake.submissions] == [("zoe", f"{ID}.ipynb")]
    assert intake.messages == []
