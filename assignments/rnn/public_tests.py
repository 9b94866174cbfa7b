"""Public cases of `rnn`: small sequences with two-decimal inputs, whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import rnn as ref

N_X, N_A, N_Y, M, T_X = 3, 2, 2, 2, 3


def _two_decimals(rng, shape, scale=1.0):
    return np.round(scale * rng.normal(size=shape), 2)


_rng = np.random.default_rng(2024)
_PARAMETERS = {"Wax": _two_decimals(_rng, (N_A, N_X), 0.6), "Waa": _two_decimals(_rng, (N_A, N_A), 0.5),
               "Wya": _two_decimals(_rng, (N_Y, N_A), 0.7), "ba": _two_decimals(_rng, (N_A, 1), 0.2),
               "by": _two_decimals(_rng, (N_Y, 1), 0.2)}
_X = _two_decimals(_rng, (N_X, M, T_X))
_A0 = _two_decimals(_rng, (N_A, M), 0.5)
_DA = _two_decimals(_rng, (N_A, M, T_X))
_BRNN = {"Wax_f": _PARAMETERS["Wax"], "Waa_f": _PARAMETERS["Waa"], "ba_f": _PARAMETERS["ba"],
         "Wax_b": _two_decimals(_rng, (N_A, N_X), 0.6), "Waa_b": _two_decimals(_rng, (N_A, N_A), 0.5),
         "ba_b": _two_decimals(_rng, (N_A, 1), 0.2), "Wya": _two_decimals(_rng, (N_Y, 2 * N_A), 0.5),
         "by": _PARAMETERS["by"]}
_A0_B = _two_decimals(_rng, (N_A, M), 0.5)
# Two stacked layers of N_A units: layer 2 reads layer 1's states.
_DEEP = {"Wax1": _PARAMETERS["Wax"], "Waa1": _PARAMETERS["Waa"], "ba1": _PARAMETERS["ba"],
         "Wax2": _two_decimals(_rng, (N_A, N_A), 0.6), "Waa2": _two_decimals(_rng, (N_A, N_A), 0.5),
         "ba2": _two_decimals(_rng, (N_A, 1), 0.2), "Wya": _PARAMETERS["Wya"], "by": _PARAMETERS["by"]}
_DEEP_A0 = np.stack([_A0, _A0_B], axis=2)


def _cell_backward_inputs(rng):
    return _DA[:, :, 0], ref.rnn_cell_forward(_X[:, :, 0], _A0, _PARAMETERS)[2]


def _backward_inputs(rng):
    return _DA, ref.rnn_forward(_X, _A0, _PARAMETERS)[2]


def _deep_backward_inputs(rng):
    return _DA, ref.deep_rnn_forward(_X, _DEEP_A0, _DEEP)[2]


PUBLIC = {
    "rnn_cell_forward": [Case((_X[:, :, 0], _A0, _PARAMETERS))],
    "rnn_forward": [Case((_X, _A0, _PARAMETERS))],
    "rnn_cell_backward": [Case(_cell_backward_inputs)],
    "rnn_backward": [Case(_backward_inputs)],
    "brnn_forward": [Case((_X, _A0, _A0_B, _BRNN))],
    "deep_rnn_forward": [Case((_X, _DEEP_A0, _DEEP))],
    "deep_rnn_backward": [Case(_deep_backward_inputs)],
}
