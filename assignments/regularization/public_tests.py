"""Public cases of `regularization`: one small [3, 2, 3, 1] network on five examples."""

import numpy as np

from autograder.spec import Case
from solutions import regularization as ref

_X = np.array([[1.2, -0.4, 0.8, -1.5, 0.3], [0.5, 1.1, -0.9, 0.2, -0.6], [-0.7, 0.4, 0.6, 1.3, -1.1]])
_Y = np.array([[1.0, 0.0, 1.0, 0.0, 0.0]])
_PARAMETERS = {
    "W1": np.array([[0.6, -0.3, 0.5], [-0.4, 0.8, 0.2]]),
    "b1": np.array([[0.1], [0.3]]),
    "W2": np.array([[0.7, -0.2], [0.4, 0.5], [-0.6, 0.9]]),
    "b2": np.array([[0.2], [-0.1], [0.1]]),
    "W3": np.array([[0.8, -0.5, 0.6]]),
    "b3": np.array([[-0.2]]),
}
# Masks for the dropout backward pass, kept with probability 0.8.
_D1 = np.array([[True, True, False, True, True], [True, False, True, True, True]])
_D2 = np.array([[True, True, True, False, True], [False, True, True, True, True], [True, True, True, True, False]])


def _dropout_cache(X, parameters, D1, D2, keep_prob):
    """The cache `forward_propagation_with_dropout` builds when it draws the masks D1 and D2."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = ref.relu(Z1) * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = ref.relu(Z2) * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    return (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, ref.sigmoid(Z3), W3, b3)


PUBLIC = {
    "compute_cost_with_regularization": [
        Case(lambda rng: (ref.forward_propagation(_X, _PARAMETERS)[0], _Y, _PARAMETERS, 0.1)),
    ],
    "backward_propagation_with_regularization": [
        Case(lambda rng: (_X, _Y, ref.forward_propagation(_X, _PARAMETERS)[1], 0.7)),
    ],
    # The generator is seeded with 1 right before the call (np.random.seed(1)).
    "forward_propagation_with_dropout": [Case((_X, _PARAMETERS, 0.7), np_seed=1)],
    "backward_propagation_with_dropout": [
        Case(lambda rng: (_X, _Y, _dropout_cache(_X, _PARAMETERS, _D1, _D2, 0.8), 0.8)),
    ],
}
