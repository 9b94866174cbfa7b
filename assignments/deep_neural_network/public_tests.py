"""Public cases of `deep_neural_network`: small examples, with two-decimal inputs, whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import deep_neural_network as ref

_A = np.array([[1.6, -0.6, 0.5], [-1.1, 0.9, 0.2], [0.3, -1.2, 1.4]])
_W = np.array([[0.4, -0.7, 0.2], [-0.5, 0.3, 0.9]])
_b = np.array([[0.1], [-0.3]])
_dZ = np.array([[0.5, -0.2, 0.1], [-0.3, 0.8, 0.4]])
_X = np.array([[0.5, -1.2, 0.3, 0.9], [1.1, 0.4, -0.7, 0.2], [-0.3, 0.8, 1.5, -1.0]])
_Y = np.array([[1.0, 0.0, 1.0, 0.0]])


def _parameters(dims, seed):
    """Weights with two decimals, scaled like initialize_parameters_deep's, and small biases."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W%d" % l] = np.round(rng.normal(size=(dims[l], dims[l - 1])) / np.sqrt(dims[l - 1]), 2)
        parameters["b%d" % l] = np.round(0.1 * rng.normal(size=(dims[l], 1)), 2)
    return parameters


_NETWORK = _parameters([3, 4, 2, 1], seed=1)


def _activation_backward_inputs(activation):
    def build(rng):
        _, cache = ref.linear_activation_forward(_A, _W, _b, activation)
        return _dZ, cache, activation
    return build


def _model_backward_inputs(rng):
    AL, caches = ref.L_model_forward(_X, _NETWORK)
    return AL, _Y, caches


def _grads(parameters):
    return {"d" + key: np.round(0.5 * value + 0.05, 2) for key, value in parameters.items()}


PUBLIC = {
    "initialize_parameters_deep": [Case(([5, 4, 3],), np_seed=1)],
    "linear_forward": [Case((_A, _W, _b))],
    "linear_activation_forward": [Case((_A, _W, _b, "sigmoid")), Case((_A, _W, _b, "relu"))],
    "L_model_forward": [Case((_X, _NETWORK))],
    "compute_cost": [Case((np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])))],
    "linear_backward": [Case((_dZ, (_A, _W, _b)))],
    "linear_activation_backward": [Case(_activation_backward_inputs("sigmoid")),
                                   Case(_activation_backward_inputs("relu"))],
    "L_model_backward": [Case(_model_backward_inputs)],
    "update_parameters": [Case((_NETWORK, _grads(_NETWORK), 0.1))],
    "L_layer_model": [Case((_X, _Y, [3, 4, 1]), {"learning_rate": 0.1, "num_iterations": 200})],
    "predict": [Case((_X, _Y, _NETWORK))],
}
