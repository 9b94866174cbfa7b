"""Given code for the 'gru_lstm' assignment: sigmoid, softmax."""

import numpy as np


def sigmoid(x):
    """Logistic function, finite for any finite x.

    Arguments:
    x -- ndarray of any shape

    Returns:
    ndarray of x's shape, values in [0, 1]
    """
    # exp(-x) overflows to inf for x < -709, and 1 / (1 + inf) is the correct limit 0: the warning is
    # silenced, not the value. Every step works in place on one new array.
    s = np.negative(x, dtype=np.float64)
    with np.errstate(over="ignore"):
        np.exp(s, out=s)
    s += 1.0
    return np.reciprocal(s, out=s)


def softmax(x):
    """Softmax over axis 0 (the classes).

    Arguments:
    x -- ndarray (n_y, ...) of scores

    Returns:
    ndarray of x's shape; every slice x[:, i, ...] sums to 1
    """
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
