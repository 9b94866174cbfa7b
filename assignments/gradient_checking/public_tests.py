"""Public cases of `gradient_checking`: the one-dimensional J = theta * x and one small network."""

import numpy as np

from autograder.spec import Case
from solutions import gradient_checking as ref

_X = np.array([[1.0, -0.5, 0.2], [0.3, 1.2, -1.0], [-0.8, 0.4, 0.9], [0.5, -1.5, 0.1]])
_Y = np.array([[1.0, 0.0, 1.0]])
_PARAMETERS = {
    "W1": np.array([[0.5, -0.3, 0.2, 0.1], [-0.4, 0.6, 0.1, -0.2], [0.3, 0.2, -0.5, 0.4],
                    [0.1, -0.1, 0.3, 0.6], [-0.2, 0.4, 0.4, -0.3]]),
    "b1": np.array([[0.1], [0.2], [0.3], [0.25], [0.15]]),
    "W2": np.array([[0.4, -0.2, 0.3, 0.1, 0.2], [-0.3, 0.5, 0.2, 0.4, -0.1], [0.2, 0.1, -0.4, 0.3, 0.5]]),
    "b2": np.array([[0.2], [0.1], [0.3]]),
    "W3": np.array([[0.6, -0.5, 0.4]]),
    "b3": np.array([[-0.1]]),
}


def _correct_gradients():
    _, cache = ref.forward_propagation_n(_X, _Y, _PARAMETERS)
    return ref.backward_propagation_n(_X, _Y, cache)


def _dw2_doubled():
    gradients = _correct_gradients()
    gradients["dW2"] = 2 * gradients["dW2"]
    return gradients


PUBLIC = {
    "forward_propagation": [Case((2.0, 4.0))],
    "backward_propagation": [Case((2.0, 4.0))],
    "gradient_check": [Case((2.0, 4.0))],
    # A backward pass with dW2 doubled: the difference is large and does not depend on rounding.
    "gradient_check_n": [Case(lambda rng: (_PARAMETERS, _dw2_doubled(), _X, _Y))],
}
