"""Given code for the 'logistic_regression' assignment: sigmoid."""

import copy
import numpy as np


def sigmoid(z):
    """The logistic function 1 / (1 + e^(-z)), elementwise and overflow-free.

    Arguments:
    z -- scalar or ndarray of any shape

    Returns:
    s -- same shape as z, values in [0, 1]
    """
    return np.exp(-np.logaddexp(0.0, -z))
