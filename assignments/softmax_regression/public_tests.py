"""Public cases of `softmax_regression`."""

import numpy as np

from autograder.spec import Case

_Z = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 0.5], [-1.0, 0.0, 2.0]])
_A = np.array([[0.7, 0.1, 0.2], [0.2, 0.8, 0.3], [0.1, 0.1, 0.5]])
_Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])

PUBLIC = {
    "one_hot": [Case((np.array([[1, 0, 3, 2, 1]]), 4))],
    "softmax": [Case((_Z,))],
    "compute_softmax_cost": [Case((_A, _Y))],
    "softmax_backward": [Case((_A, _Y))],
    "predict": [Case(({"W": np.array([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]]), "b": np.array([[0.0], [0.1], [0.2]])},
                      np.array([[1.0, -2.0, 0.3, 0.0], [0.5, 1.0, -0.4, 0.0]])))],
}
