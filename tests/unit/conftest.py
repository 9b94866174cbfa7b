"""The fast unit tier: the engine's pieces tested in-process, with tiny fake specs (no sandbox, no
assignment on disk), so `pytest tests/unit` runs in seconds and mutation testing can use it."""

import types

import pytest

from autograder.assignment import Assignment
from autograder.sandbox.client import Limits


@pytest.fixture(autouse=True)
def _no_reference_files(monkeypatch):
    # Fake assignments must not write reference results into build/reference-cache.
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", "off")


def fake_assignment(parts, points=None, reference=None, **limits):
    """An `Assignment` held in memory: ``reference`` maps part names to the reference functions."""
    return Assignment(id="unit", root=None, title="Unit", section="", limits=Limits(**limits),
                      points=points or {p.name: 10.0 for p in parts},
                      reference=types.SimpleNamespace(**(reference or {})), helpers={}, datasets=[],
                      parts=list(parts), public={})
