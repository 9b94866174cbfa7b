"""Adopting a notebook not made from the nbgrader release, so `nbgrader autograde` grades it.

nbgrader finds the cells to grade by their metadata, which a notebook made from `student_template/`
(or written by hand) lacks: graded as it is, it scores 0 without a word. The exported course's
``nbgrader_config.py`` puts `AdoptSubmission` first among autograde's sanitizing steps: a submitted
notebook without nbgrader metadata is rebuilt on the course's source notebook, the code that defines
each graded function (found by name) in that function's solution cell, and a warning says so; one that
defines none of the graded functions is refused with a message instead of a silent 0.

This file is copied into the exported course folder: it needs nbformat and nbconvert (nbgrader's own
dependencies) and nothing of dlgrade.
"""

import os
import re

import nbformat
from nbconvert.preprocessors import Preprocessor

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def graded_names(source_nb):
    return [cell.metadata["nbgrader"]["grade_id"] for cell in source_nb.cells
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"]


def found_functions(student_nb):
    """Graded-function name -> the code cell that defines it (a dlgrade exercise cell first)."""
    found = {}
    for cell in student_nb.cells:
        if cell.cell_type == "code":
            name = cell.metadata.get("dlgrade", {}).get("exercise")
            if name:
                found[name] = cell.source
    for cell in student_nb.cells:
        if cell.cell_type == "code":
            for name in re.findall(r"^def (\w+)\(", cell.source, flags=re.M):
                found.setdefault(name, cell.source)
    return found


def adopt_submission(student_nb, source_nb):
    """A dlgrade-style student notebook carried into the nbgrader notebook's cells (for autograde).

    The code of each exercise (by its ``dlgrade.exercise`` metadata, else the cell defining the
    function) replaces the source notebook's solution cell of that name; everything else is the source's.
    """
    found = found_functions(student_nb)
    nb = nbformat.reads(nbformat.writes(source_nb), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in found:
            cell.source = found[meta["grade_id"]]
        if meta.get("grade") and not meta.get("solution"):
            # The grader overwrites test cells with the source's; the student's copy never had hidden tests.
            cell.source = re.sub(rf"{BEGIN_HIDDEN}.*?{END_HIDDEN}\n?", "", cell.source, flags=re.S)
    return nb


def made_from_release(nb):
    return any("nbgrader" in cell.metadata for cell in nb.cells)


class AdoptSubmission(Preprocessor):
    """Rebuild a submission without nbgrader metadata on the source notebook, or refuse it."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.enabled = True  # nbconvert runs a registered preprocessor only when enabled

    def preprocess(self, nb, resources):
        if made_from_release(nb):
            return nb, resources
        info = resources.get("nbgrader", {})
        course = os.environ.get("DLGRADE_NBGRADER_COURSE") or os.getcwd()
        # The release's notebook (what students should have submitted), else the source's.
        paths = [os.path.join(course, folder, info.get("assignment", ""), f"{info.get('notebook', '')}.ipynb")
                 for folder in ("release", "source")]
        path = next((p for p in paths if os.path.exists(p)), paths[-1])
        source_nb = nbformat.read(path, as_version=4)
        names = graded_names(source_nb)
        found = [name for name in names if name in found_functions(nb)]
        who = f"{info.get('student', '?')}/{info.get('assignment', '?')}/{info.get('notebook', '?')}.ipynb"
        if not found:
            raise ValueError(f"{who} was not made from the nbgrader release and defines none of the graded "
                             f"functions ({', '.join(names)}): not graded; ask for the notebook of the release")
        missing = [name for name in names if name not in found]
        self.log.warning("%s was not made from the nbgrader release: adopted, its %d graded function(s) matched "
                         "by name%s", who, len(found), f" (missing: {', '.join(missing)})" if missing else "")
        adopted = adopt_submission(nb, source_nb)
        nb.cells = adopted.cells
        nb.metadata = adopted.metadata
        return nb, resources
