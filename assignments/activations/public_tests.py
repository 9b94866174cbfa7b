"""Public cases of `activations`: shown to students with their expected values."""

import numpy as np

from autograder.spec import Case

_z = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
_large = np.array([[-800.0, -40.0, 0.0, 40.0, 800.0]])
# The stability the grader requires beyond the course's formulas, shown here so that no one meets it
# only after submitting (the same phrases as the hidden checks' `requirement`).
FINITE = "stays finite for |z| up to 1e3"
SOFTMAX_FINITE = "stays finite for scores up to 1e3"
_dA = np.array([[0.3, -1.2, 0.7], [1.5, -0.4, 0.2]])

PUBLIC = {
    "sigmoid": [Case((np.array([-1.0, 0.0, 2.0]),)), Case((_large,), requirement=FINITE)],
    "sigmoid_derivative": [Case((np.array([-1.0, 0.0, 2.0]),)), Case((_large,), requirement=FINITE)],
    "tanh": [Case((np.array([-1.0, 0.0, 2.0]),)), Case((_large,), requirement=FINITE)],
    "relu": [Case((_z,))],
    "leaky_relu": [Case((_z,)), Case((_z,), {"alpha": 0.2}, label="alpha = 0.2")],
    "sigmoid_backward": [Case((_dA, _z))],
    "tanh_backward": [Case((_dA, _z))],
    "relu_backward": [Case((_dA, _z))],
    "leaky_relu_backward": [Case((_dA, _z))],
    "image2vector": [Case((np.arange(12, dtype=np.float64).reshape(2, 3, 2) / 10,))],
    "normalize_rows": [Case((np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]),))],
    "softmax": [Case((np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]]),)),
                Case((np.array([[800.0, 799.0, -800.0], [-600.0, 0.0, 600.0]]),), requirement=SOFTMAX_FINITE)],
    "L1": [Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1.0, 0.0, 0.0, 1.0, 1.0])))],
    "L2": [Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1.0, 0.0, 0.0, 1.0, 1.0])))],
}
