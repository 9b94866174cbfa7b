"""The worker's snapshot of a call's arguments: a helper answered by the reference sends its arguments
back only when the call changed them, so the snapshot must see every change and only changes."""

import numpy as np
import pytest

from autograder.sandbox.worker import _same, _snapshot


def _changed(args, kwargs, change):
    before = _snapshot(args, kwargs)
    change(args, kwargs)
    return not _same(before, _snapshot(args, kwargs))


def _set(container, key, value):
    container[key] = value


@pytest.mark.parametrize("change, changed", [
    (lambda a, k: None, False),
    (lambda a, k: a[0].__setitem__(0, 5.0), True),                   # an array written in place
    (lambda a, k: a[0].__setitem__(1, np.nan), False),               # NaN where NaN was: unchanged
    (lambda a, k: _set(k["v"], "dW1", k["v"]["dW1"] + 1), True),     # a dict's entry replaced
    (lambda a, k: k["v"]["dW1"].__iadd__(0.1), True),                # a dict's array updated in place
    (lambda a, k: k["caches"].append(1), True),                      # a list grown
    (lambda a, k: _set(k["v"], "new", 0), True),                     # a key added
    (lambda a, k: a[0].resize((2,), refcheck=False), True),          # same bytes for the first two, new shape
])
def test_the_snapshot_sees_changes_and_only_changes(change, changed):
    args = (np.array([1.0, np.nan, 3.0]), 0.5)
    kwargs = {"v": {"dW1": np.zeros((2, 2))}, "caches": [], "name": "relu"}
    assert _changed(args, kwargs, change) is changed


def test_an_object_without_equality_counts_as_changed():
    class Opaque:
        pass

    same = Opaque()  # copied for the snapshot; copies of it compare unequal, so it is sent back
    assert not _same(_snapshot((same,), {}), _snapshot((same,), {}))
