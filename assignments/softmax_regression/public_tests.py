"""Public cases of `softmax_regression`."""

import numpy as np

from autograder.spec import Case

_Z = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 0.5], [-1.0, 0.0, 2.0]])
_A = np.array([[0.7, 0.1, 0.2], [0.2, 0.8, 0.3], [0.1, 0.1, 0.5]])
_Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])

# Requirements beyond the course's formulas (the same phrases as the hidden checks').
SCORES = "stays finite for scores up to 1e3"
ZERO = "a probability of exactly 0 where y = 0 adds nothing"

PUBLIC = {
    "one_hot": [Case((np.array([[1, 0, 3, 2, 1]]), 4))],
    "softmax": [Case((_Z,)), Case((np.array([[900.0, -3.0], [899.0, 3.0], [-900.0, 700.0]]),), requirement=SCORES)],
    "compute_softmax_cost": [Case((_A, _Y)),
                             Case((np.array([[0.8, 0.0], [0.2, 0.4], [0.0, 0.6]]), np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])),
                                  requirement=ZERO)],
    "softmax_backward": [Case((_A, _Y))],
    "predict": [Case(({"W": np.array([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]]), "b": np.array([[0.0], [0.1], [0.2]])},
                      np.array([[1.0, -2.0, 0.3, 0.0], [0.5, 1.0, -0.4, 0.0]])))],
}
