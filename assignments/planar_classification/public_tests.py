"""Public cases of `planar_classification`: small literal examples whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import planar_classification as ref

_X = np.array([[1.2, -0.5, 0.3], [-0.7, 0.9, 2.0]])
_Y = np.array([[1.0, 0.0, 1.0]])
_PARAMETERS = {
    "W1": np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [1.0, 1.0]]),
    "b1": np.array([[0.1], [-0.2], [0.0], [0.3]]),
    "W2": np.array([[1.0, -0.6, 0.4, 0.9]]),
    "b2": np.array([[-0.1]]),
}
_GRADS = {
    "dW1": np.array([[0.02, -0.01], [0.1, 0.05], [-0.03, 0.04], [0.0, 0.2]]),
    "db1": np.array([[0.01], [-0.02], [0.03], [0.0]]),
    "dW2": np.array([[0.3, -0.1, 0.05, 0.2]]),
    "db2": np.array([[0.15]]),
}


def _backward_inputs(rng):
    # The cache must be the forward pass of these very parameters and inputs.
    _, cache = ref.forward_propagation(_X, _PARAMETERS)
    return _PARAMETERS, cache, _X, _Y


PUBLIC = {
    "layer_sizes": [Case((np.zeros((5, 3)), np.zeros((2, 3))))],
    "initialize_parameters": [Case((2, 4, 1), np_seed=2)],
    "forward_propagation": [Case((_X, _PARAMETERS))],
    "compute_cost": [Case((np.array([[0.8, 0.3, 0.6]]), _Y), spare={"parameters": {}})],
    "backward_propagation": [Case(_backward_inputs)],
    "update_parameters": [Case((_PARAMETERS, _GRADS))],
    "nn_model": [Case((_X, _Y, 3), {"num_iterations": 100})],
    "predict": [Case((_PARAMETERS, _X))],
}
