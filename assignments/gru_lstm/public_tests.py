"""Public cases of `gru_lstm`: small sequences with two-decimal inputs, whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import gru_lstm as ref

N_X, N_A, N_Y, M, T_X = 3, 2, 2, 2, 3


def _two_decimals(rng, shape, scale=1.0):
    return np.round(scale * rng.normal(size=shape), 2)


def _parameters(rng, gates):
    P = {}
    for W in gates:
        P[W] = _two_decimals(rng, (N_A, N_A + N_X), 0.5)
        P["b" + W[1:]] = _two_decimals(rng, (N_A, 1), 0.3)
    P["Wy"] = _two_decimals(rng, (N_Y, N_A), 0.7)
    P["by"] = _two_decimals(rng, (N_Y, 1), 0.2)
    return P


_rng = np.random.default_rng(2025)
_GRU = _parameters(_rng, ("Wr", "Wu", "Wc"))
_LSTM = _parameters(_rng, ("Wf", "Wi", "Wc", "Wo"))
_X = _two_decimals(_rng, (N_X, M, T_X))
_A0 = _two_decimals(_rng, (N_A, M), 0.5)
_C0 = _two_decimals(_rng, (N_A, M))
_DA = _two_decimals(_rng, (N_A, M, T_X))
_DC = _two_decimals(_rng, (N_A, M))


def _gru_cell_backward_inputs(rng):
    return _DA[:, :, 0], ref.gru_cell_forward(_X[:, :, 0], _A0, _GRU)[2]


def _gru_backward_inputs(rng):
    return _DA, ref.gru_forward(_X, _A0, _GRU)[2]


def _lstm_cell_backward_inputs(rng):
    return _DA[:, :, 0], _DC, ref.lstm_cell_forward(_X[:, :, 0], _A0, _C0, _LSTM)[3]


def _lstm_backward_inputs(rng):
    return _DA, ref.lstm_forward(_X, _A0, _LSTM)[3]


PUBLIC = {
    "gru_cell_forward": [Case((_X[:, :, 0], _A0, _GRU))],
    "gru_forward": [Case((_X, _A0, _GRU))],
    "gru_cell_backward": [Case(_gru_cell_backward_inputs)],
    "gru_backward": [Case(_gru_backward_inputs)],
    "lstm_cell_forward": [Case((_X[:, :, 0], _A0, _C0, _LSTM))],
    "lstm_forward": [Case((_X, _A0, _LSTM))],
    "lstm_cell_backward": [Case(_lstm_cell_backward_inputs)],
    "lstm_backward": [Case(_lstm_backward_inputs)],
}
