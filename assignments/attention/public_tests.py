"""Public cases of `attention`: small examples with two-decimal inputs, whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import attention as ref


def _grid(shape, seed, scale=1.0):
    """Two-decimal values of a seeded normal draw: easy to read, still generic."""
    return np.round(scale * np.random.default_rng(seed).normal(size=shape), 2)


# The attention step: m = 2 examples, Tx = 4 input positions, n_a = 2 (so a has 4 features), n_s = 3, n_e = 3.
_a = _grid((2, 4, 4), 1)
_s_prev = _grid((2, 3), 2)
_step_parameters = {"W1": _grid((7, 3), 3, 0.5), "b1": np.array([0.1, -0.2, 0.05]), "W2": np.array([[1.2], [-0.7], [0.9]])}
_dcontext = _grid((2, 4), 4)

# A tiny model: m = 2, Tx = 5, n_x = 4, n_a = 2, n_s = 3, n_e = 3, n_y = 3, Ty = 3.
_model_parameters = ref.initialize_parameters(4, 2, 3, 3, 3, seed=1)
_X = ref.one_hot(np.array([[0, 2, 1, 3, 3], [1, 1, 0, 2, 3]]), 4)
_Y = np.array([[0, 2, 1], [1, 1, 0]])

# Multi-head attention: m = 2, 3 queries, 3 keys, d_model = 4, 2 heads.
_q, _k, _v = _grid((2, 3, 4), 5), _grid((2, 3, 4), 6), _grid((2, 3, 4), 7)
_mha_parameters = {}
for _name in "qkvo":
    _mha_parameters["W" + _name] = _grid((4, 4), ord(_name), 0.5)
    _mha_parameters["b" + _name] = _grid((4,), ord(_name) + 100, 0.1)
_look_ahead = np.tril(np.ones((3, 3)))


def _step_backward(rng):
    return _dcontext, ref.one_step_attention(_a, _s_prev, _step_parameters)[2]


def _model_backward(rng):
    Y_hat, _, caches = ref.model_forward(_X, _model_parameters, 3)
    return Y_hat, _Y, caches, _model_parameters


def _mha_backward(rng):
    return _grid((2, 3, 4), 8), ref.multihead_attention_forward(_q, _k, _v, _look_ahead, _mha_parameters, 2)[2]


def _train(rng):
    X = np.array([[0, 2, 1, 3, 3], [1, 1, 0, 2, 3], [3, 2, 2, 0, 1], [2, 0, 1, 1, 3]])
    Y = np.array([[0, 2, 1], [1, 1, 0], [2, 2, 0], [1, 0, 1]])
    return X, Y, _model_parameters


PUBLIC = {
    "one_step_attention": [Case((_a, _s_prev, _step_parameters))],
    "one_step_attention_backward": [Case(_step_backward)],
    "model_forward": [Case((_X, _model_parameters, 3))],
    "model_backward": [Case(_model_backward)],
    "train_model": [Case(_train, {"num_epochs": 3, "batch_size": 2, "learning_rate": 0.05, "seed": 1})],
    "scaled_dot_product_attention": [
        Case((_grid((1, 3, 2), 9), _grid((1, 3, 2), 10), _grid((1, 3, 2), 11), None)),
        Case((_grid((1, 3, 2), 9), _grid((1, 3, 2), 10), _grid((1, 3, 2), 11), np.array([[[1.0, 1.0, 0.0]]])))],
    "positional_encoding": [Case((4, 6))],
    "multihead_attention_forward": [Case((_q, _k, _v, _look_ahead, _mha_parameters, 2))],
    "multihead_attention_backward": [Case(_mha_backward)],
}
