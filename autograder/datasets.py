"""The datasets in the grader's process: the same loaders students get, fed from scikit-learn.

`autograder/data/datasets.py` is shipped to students with the arrays exported by `dlgrade build`;
here the same functions receive the arrays straight from scikit-learn, so the grader and the student
notebook split and scale the data with one piece of code.
"""

from __future__ import annotations

import functools

import numpy as np

from .data import datasets as loaders

N_POINTS = 1000


@functools.lru_cache(maxsize=None)
def raw(name):
    """The raw table of dataset ``name`` (rows are examples, the last column the label)."""
    import sklearn.datasets as sk

    if name == "digits":
        digits = sk.load_digits()
        return np.column_stack([digits.data, digits.target]).astype(np.uint8)
    if name == "moons":
        X, y = sk.make_moons(n_samples=N_POINTS, noise=0.2, random_state=3)
    elif name == "circles":
        X, y = sk.make_circles(n_samples=N_POINTS, noise=0.05, factor=0.8, random_state=1)
    else:
        raise KeyError(f"unknown dataset {name!r}")
    return np.column_stack([X, y]).astype(np.float64)


NAMES = ("digits", "moons", "circles")


def load(loader, **kwargs):
    """Call the student-side ``loader`` (e.g. "load_digits_binary") on scikit-learn's data."""
    source = {"load_digits": "digits", "load_digits_binary": "digits", "load_moons": "moons", "load_circles": "circles"}
    return getattr(loaders, loader)(raw=raw(source[loader]), **kwargs)
