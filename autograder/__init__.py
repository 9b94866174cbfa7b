"""dlgrade's grading engine: loading, sandbox, checks, runner, build and CLI.

Nothing in this package is secret; the hidden parts of a course live in `solutions/` and in each
assignment's `grading.py`.
"""

__version__ = "0.1.0"
