"""Public cases of `language_model`: small examples with two-decimal inputs, whose values students see.

The vocabulary is the notebook's: "\\n" (index 0) then "a" to "z" (indices 1 to 26).
"""

import numpy as np

from autograder import datasets
from autograder.data import datasets as loaders
from autograder.spec import Case

CHARS = ["\n"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
IX_TO_CHAR = {i: ch for i, ch in enumerate(CHARS)}


def gradients_of(rng, n_a, vocab_size, scale):
    """Gradients of the five parameters, two decimals, entries of order ``scale``; the bias gradient
    under both names the course's releases use ("db" and the older "dba")."""
    shapes = {"dWaa": (n_a, n_a), "dWax": (n_a, vocab_size), "dWya": (vocab_size, n_a), "db": (n_a, 1),
              "dby": (vocab_size, 1)}
    gradients = {key: np.round(scale * rng.standard_normal(shape), 2) for key, shape in shapes.items()}
    gradients["dba"] = gradients["db"].copy()
    return gradients


def parameters_of(rng, n_a, vocab_size, scales=(1.0, 0.5, 1.0, 0.3, 0.3)):
    """Parameters Wax, Waa, Wya, b, by with two decimals; ``scales`` are their standard deviations."""
    shapes = {"Wax": (n_a, vocab_size), "Waa": (n_a, n_a), "Wya": (vocab_size, n_a), "b": (n_a, 1),
              "by": (vocab_size, 1)}
    return {key: np.round(s * rng.standard_normal(shape), 2) for (key, shape), s in zip(shapes.items(), scales)}


def name_example(name):
    """The course's (X, Y) of a name: X = [None] + its indices, Y = X[1:] + [index of "\\n"]."""
    X = [None] + [CHAR_TO_IX[ch] for ch in name]
    return X, X[1:] + [CHAR_TO_IX["\n"]]


def _clip_case(n_a, vocab_size, seed):
    return lambda rng: (gradients_of(np.random.default_rng(seed), n_a, vocab_size, 10.0),)


# Parameters for sampling: the first hidden state is far from zero (b of order 1), and "\n" is likely
# enough for names of a few letters, yet never the first character's most probable choice.
SAMPLE_SCALES = (1.0, 0.5, 1.0, 1.0, 0.5)


def _sample_case(rng):
    parameters = parameters_of(np.random.default_rng(7), 6, 27, SAMPLE_SCALES)
    parameters["by"][CHAR_TO_IX["\n"]] = 1.0
    return parameters, dict(CHAR_TO_IX)


def _optimize_case(rng):
    X, Y = name_example("julia")
    parameters = parameters_of(np.random.default_rng(5), 5, 27, scales=(1.0, 0.5, 2.0, 0.3, 0.3))
    a_prev = np.round(np.tanh(np.random.default_rng(6).standard_normal((5, 1))), 2)
    return X, Y, a_prev, parameters


def _model_case(rng):
    names = loaders.load_names(raw=datasets.raw("names"))
    return names[::23], dict(IX_TO_CHAR), dict(CHAR_TO_IX)


PUBLIC = {
    "clip": [Case(_clip_case(3, 4, 1), {"maxValue": 10}, label="maxValue = 10"),
             Case(_clip_case(3, 4, 1), {"maxValue": 5}, label="maxValue = 5")],
    "sample": [Case(_sample_case, {"seed": 0}, label="n_a = 6, seed 0"),
               Case(_sample_case, {"seed": 4}, label="n_a = 6, seed 4")],
    "optimize": [Case(_optimize_case, {"learning_rate": 0.01}, label='"julia", n_a = 5')],
    "model": [Case(_model_case, {"num_iterations": 50, "n_a": 6, "dino_names": 2},
                   label="30 names, 50 iterations, n_a = 6")],
}
