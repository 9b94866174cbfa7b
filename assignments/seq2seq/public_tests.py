"""Public cases of `seq2seq`: a tiny model with two-decimal weights, whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import seq2seq as ref


def _model(n_x, n_a, n_y, seed):
    """Parameters with two decimals, spread wide enough that the output distributions are uneven."""
    rng = np.random.default_rng(seed)
    parameters = ref.initialize_parameters(n_x, n_a, n_y, seed=seed)
    return {g: {k: np.round(w + 0.8 * rng.normal(size=w.shape), 2) for k, w in p.items()} for g, p in parameters.items()}


def _searchable():
    """A model (n_x = 5, n_a = 4, n_y = 4, <eos> = 3) and an input on which a beam of 3 beats greedy decoding."""
    seed = 0
    while True:
        parameters = _model(5, 4, 4, seed)
        x = np.random.default_rng(100 + seed).integers(0, 5, size=6)
        if ref.beam_search(x, parameters, 3, 8, 0.7)[0] != ref.greedy_decode(x, parameters, 8)[0]:
            return x, parameters
        seed += 1


_PARAMETERS = _model(5, 4, 4, seed=1)
_X = np.array([[0, 3, 1, 4], [2, 2, 0, 1]])
_Y_IN, _Y_OUT = ref.teacher_forcing_inputs(np.array([[1, 0], [2, 2]]), 4)
_x, _SEARCH = _searchable()
_LARGE = _model(5, 4, 4, seed=2)
_LARGE["output"]["by"] = np.array([900.0, -1000.0, 0.0, 400.0])


def _backward(rng):
    log_probs, caches = ref.model_forward(_X, _Y_IN, _PARAMETERS)
    return log_probs, _Y_OUT, caches, _PARAMETERS


def _train(rng):
    X = np.array([[0, 3, 1, 4], [2, 2, 0, 1], [4, 1, 1, 3], [3, 0, 2, 2]])
    Y = np.array([[1, 0], [2, 2], [0, 1], [1, 1]])
    return X, Y, _PARAMETERS


PUBLIC = {
    "encoder_forward": [Case((_X, _PARAMETERS))],
    "decoder_step": [Case((np.array([4, 1]), np.array([[0.5, -0.2, 0.1, 0.3], [-0.4, 0.6, 0.0, 0.2]]), _PARAMETERS)),
                     Case((np.array([4, 1]), np.zeros((2, 4)), _LARGE), label="biases of size 1e3",
                          requirement="finite for logits up to 1e3 in size")],
    "model_forward": [Case((_X, _Y_IN, _PARAMETERS))],
    "model_backward": [Case(_backward)],
    "train_model": [Case(_train, {"num_epochs": 3, "batch_size": 2, "learning_rate": 0.05, "seed": 1})],
    "sequence_log_prob": [Case((_x, [2, 0, 3], _SEARCH))],
    "greedy_decode": [Case((_x, _SEARCH, 8))],
    "length_normalised_score": [Case((-4.2, 6, 0.7))],
    "beam_search": [Case((_x, _SEARCH, 3, 8, 0.7)), Case((_x, _SEARCH, 1, 8, 0.7), label="B = 1: greedy decoding")],
}
