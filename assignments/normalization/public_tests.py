"""Public cases of `normalization`: small literal inputs."""

import numpy as np

from autograder.spec import Case
from solutions import normalization as ref

_X_train = np.array([[2.0, 4.0, 6.0, 8.0], [0.01, 0.03, 0.02, 0.02]])
_X_test = np.array([[5.0, 10.0, 1.0], [0.02, 0.0, 0.05]])

_Z = np.array([[1.0, 3.0, -2.0, 6.0], [0.5, 0.1, 0.3, -0.1]])
_GAMMA = np.array([[1.5], [0.5]])
_BETA = np.array([[0.0], [1.0]])


def _bn_param():
    return {"mode": "train", "eps": 1e-5, "momentum": 0.9,
            "running_mean": np.array([[1.0], [0.0]]), "running_var": np.array([[4.0], [1.0]])}


def _backward_case(rng):
    _, cache = ref.batchnorm_forward(_Z, _GAMMA, _BETA, _bn_param())
    return np.array([[0.2, -0.5, 0.1, 0.4], [1.0, 0.0, -1.0, 0.5]]), cache


# A requirement beyond the course's formula (the same phrase as the hidden check's).
CONSTANT = "a feature constant on the training set is centred, not divided by sigma = 0"

PUBLIC = {
    "normalize_inputs": [Case((_X_train, _X_test)),
                         Case((np.array([[2.0, 4.0, 6.0], [7.0, 7.0, 7.0]]), np.array([[3.0, 5.0], [7.0, 9.0]])),
                              requirement=CONSTANT)],
    "batchnorm_forward": [Case((_Z, _GAMMA, _BETA, _bn_param())),
                          Case((_Z, _GAMMA, _BETA, dict(_bn_param(), mode="test")))],
    "batchnorm_backward": [Case(_backward_case)],
}
