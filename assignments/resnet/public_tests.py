"""Public cases of `resnet`: tiny tensors with short decimals, whose values students see."""

import numpy as np

from autograder import datasets
from autograder.spec import Case
from solutions import resnet as ref

# Z of shape (2, 2, 2, 2): two examples, 2 x 2 positions, two channels.
_Z = np.array([[[[1.0, 0.5], [3.0, 0.1]], [[-2.0, 0.3], [6.0, -0.1]]],
               [[[0.0, 0.2], [2.0, 0.4]], [[1.5, -0.3], [-1.0, 0.0]]]])
_GAMMA = np.array([1.5, 0.5]).reshape(1, 1, 1, 2)
_BETA = np.array([0.0, 1.0]).reshape(1, 1, 1, 2)
_dZ = np.array([[[[0.2, -0.5], [0.1, 0.4]], [[1.0, 0.0], [-1.0, 0.5]]],
                [[[0.3, 0.2], [-0.4, 0.1]], [[0.0, -0.6], [0.7, -0.2]]]])


def _bn_param(mode="train"):
    return {"mode": mode, "eps": 1e-5, "momentum": 0.9,
            "running_mean": np.array([1.0, 0.0]).reshape(1, 1, 1, 2),
            "running_var": np.array([4.0, 1.0]).reshape(1, 1, 1, 2)}


def _bn_backward_case(rng):
    _, cache = ref.spatial_batchnorm_forward(_Z, _GAMMA, _BETA, _bn_param())
    return _dZ, cache


def _block(n_C_prev, n_C, projection, seed):
    """A block on (2, 3, 3, n_C_prev) inputs with 3 x 3 filters; two-decimal values."""
    rng = np.random.default_rng(seed)
    A_prev = np.round(np.abs(rng.standard_normal((2, 3, 3, n_C_prev))), 2)
    p = {}
    for layer, fan in ((1, n_C_prev), (2, n_C)):
        p["W%d" % layer] = np.round(rng.standard_normal((3, 3, fan, n_C)) * np.sqrt(2.0 / (9 * fan)), 2)
        p["b%d" % layer] = np.round(0.1 * rng.standard_normal((1, 1, 1, n_C)), 2)
        p["gamma%d" % layer] = np.ones((1, 1, 1, n_C))
        p["beta%d" % layer] = np.round(0.2 * rng.standard_normal((1, 1, 1, n_C)), 2)
    if projection:
        p["W_s"] = np.round(rng.standard_normal((1, 1, n_C_prev, n_C)) / np.sqrt(n_C_prev), 2)
        p["b_s"] = np.zeros((1, 1, 1, n_C))
    bn_params = [{"mode": "train", "eps": 1e-5, "momentum": 0.9, "running_mean": np.zeros((1, 1, 1, n_C)),
                  "running_var": np.ones((1, 1, 1, n_C))} for _ in range(2)]
    return A_prev, p, bn_params


def _block_backward(forward, n_C_prev, n_C, projection, seed):
    def build(rng):
        A, cache = forward(*_block(n_C_prev, n_C, projection, seed))
        return np.round(np.random.default_rng(seed + 1).standard_normal(A.shape), 2), cache
    return build


def _few_digits(rng):
    X_train, Y_train, _, _ = datasets.load("load_digits")
    images, labels = ref.digit_images(X_train[:, :24], Y_train[:, :24])
    return images, labels


PUBLIC = {
    "spatial_batchnorm_forward": [Case((_Z, _GAMMA, _BETA, _bn_param())),
                                  Case((_Z, _GAMMA, _BETA, _bn_param("test")))],
    "spatial_batchnorm_backward": [Case(_bn_backward_case)],
    "identity_block_forward": [Case(_block(2, 2, False, 1))],
    "identity_block_backward": [Case(_block_backward(ref.identity_block_forward, 2, 2, False, 1))],
    "projection_block_forward": [Case(_block(1, 2, True, 2))],
    "projection_block_backward": [Case(_block_backward(ref.projection_block_forward, 1, 2, True, 2))],
    "model": [Case(_few_digits, {"n_blocks": 2, "n_C": 2, "learning_rate": 0.1, "num_epochs": 2,
                                 "mini_batch_size": 12})],
}
