"""Public cases of `logistic_regression` (the course's own small examples)."""

import numpy as np

from autograder.spec import Case

_w, _b = np.array([[1.0], [2.0]]), 2.0
_X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
_Y = np.array([[1.0, 0.0, 1.0]])

PUBLIC = {
    "initialize_with_zeros": [Case((2,))],
    "propagate": [Case((_w, _b, _X, _Y))],
    "optimize": [Case((_w, _b, _X, _Y), {"num_iterations": 100, "learning_rate": 0.009})],
    "predict": [Case((np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])))],
}
