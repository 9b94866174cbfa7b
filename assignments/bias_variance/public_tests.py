"""Public cases of `bias_variance`: the course's four diagnoses and small examples (shown to students)."""

import numpy as np

from autograder.spec import Case
from solutions.bias_variance import make_flower

# Ten examples whose first row is the example's number, so each set shows which examples it got.
_X = np.vstack([np.arange(10.0), np.linspace(-1.0, 1.0, 10)])
_Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]])


def _small_flower(rng):
    """40 flower points, shuffled by a fixed permutation: 30 for training, 10 for the dev set."""
    X, Y = make_flower(m=40, seed=7)
    order = np.random.RandomState(3).permutation(40)
    X, Y = X[:, order], Y[:, order]
    return X[:, :30], Y[:, :30], X[:, 30:], Y[:, 30:]


def _curve(extra):
    return lambda rng: (*_small_flower(rng), extra)


# A rule of this assignment's own (the course has no exercise here), shown before submission: the same
# phrase as the hidden check's `requirement`.
ROUNDING = "set sizes use Python's round: a half goes to the even size, and a share may round to an empty set"

PUBLIC = {
    "diagnose": [
        Case((0.01, 0.11), label="train 1 %, dev 11 %"),
        Case((0.15, 0.16), label="train 15 %, dev 16 %"),
        Case((0.15, 0.30), label="train 15 %, dev 30 %"),
        Case((0.005, 0.01), label="train 0.5 %, dev 1 %"),
        Case((0.15, 0.16, 0.14), label="Bayes error 14 %"),
    ],
    "recommend_remedies": [
        Case(({"high_bias": True, "high_variance": False},)),
        Case(({"high_bias": True, "high_variance": True},)),
        Case(({"high_bias": False, "high_variance": True},), label="high variance only"),
    ],
    "train_dev_test_split": [
        Case((_X, _Y), {"dev_fraction": 0.2, "test_fraction": 0.2, "seed": 1}),
        Case((_X, _Y), {"dev_fraction": 0.25, "test_fraction": 0.04, "seed": 2},
             label="2.5 dev examples round to 2, 0.4 test examples to none", requirement=ROUNDING),
    ],
    "learning_curve_data_size": [Case(_curve([4, 12, 30]), label="40 flower points")],
    "learning_curve_model_size": [Case(_curve([1, 4]), label="40 flower points")],
}
