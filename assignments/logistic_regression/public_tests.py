"""Public cases of `logistic_regression` (the course's own small examples)."""

import numpy as np

from autograder.spec import Case

_w, _b = np.array([[1.0], [2.0]]), 2.0
_X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
_Y = np.array([[1.0, 0.0, 1.0]])

# A requirement beyond the course's formula (the same phrase as the hidden check's).
SATURATES = "the cost stays finite when the sigmoid saturates (|z| in the hundreds)"

PUBLIC = {
    "initialize_with_zeros": [Case((2,))],
    "propagate": [Case((_w, _b, _X, _Y)),
                  Case((np.array([[30.0], [-30.0]]), 0.0, np.array([[5.0, -4.0, 3.0], [-5.0, 4.0, 2.0]]), np.array([[0.0, 1.0, 1.0]])),
                       requirement=SATURATES)],
    "optimize": [Case((_w, _b, _X, _Y), {"num_iterations": 100, "learning_rate": 0.009})],
    "predict": [Case((np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])))],
}
