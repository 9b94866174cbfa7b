"""Exporting an assignment to other grading tools: Gradescope, nbgrader and otter-grader.

- `gradescope`: an autograder zip that installs dlgrade itself and grades with it.
- `nbgrader` and `otter`: source notebooks in those tools' formats, for courses that keep their own
  workflow. Their tests are plain numpy code (`notebook_checks`, shipped as ``dlgrade_checks.py``)
  that compares the student's results with the reference's, computed at export time and written into
  the test cells as literals (`cases`).

Nothing is imported here: the Gradescope entry point (`gradescope_run`) must load with numpy alone.
"""
