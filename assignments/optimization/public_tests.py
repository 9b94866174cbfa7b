"""Public cases of `optimization`: small hand-written examples (their values are shown to students)."""

import numpy as np

from autograder import datasets
from autograder.spec import Case

# A two-layer network 3 -> 2 -> 1 and gradients of the same shapes.
_parameters = {
    "W1": np.array([[0.5, -1.2, 0.3], [-0.7, 0.9, 1.1]]),
    "b1": np.array([[0.1], [-0.4]]),
    "W2": np.array([[1.5, -0.8]]),
    "b2": np.array([[0.2]]),
}
_grads = {
    "dW1": np.array([[0.2, -0.1, 0.4], [-0.3, 0.05, 0.1]]),
    "db1": np.array([[0.02], [-0.06]]),
    "dW2": np.array([[-0.5, 0.25]]),
    "db2": np.array([[0.3]]),
}
# An optimiser state after a few steps: first moments of either sign, second moments positive.
_v = {
    "dW1": np.array([[0.05, -0.02, 0.1], [-0.04, 0.01, 0.03]]),
    "db1": np.array([[0.0], [-0.01]]),
    "dW2": np.array([[-0.1, 0.06]]),
    "db2": np.array([[0.08]]),
}
_s = {
    "dW1": np.array([[0.004, 0.001, 0.02], [0.009, 0.0005, 0.002]]),
    "db1": np.array([[0.0001], [0.0004]]),
    "dW2": np.array([[0.03, 0.008]]),
    "db2": np.array([[0.01]]),
}

# Eight examples whose first row is the example's number, so a batch shows which examples it holds.
_X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
               [1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]])
_Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])


def _moons_tail(rng):
    """The last 24 of the 1000 moons points (the hidden cases use the first 600)."""
    X, Y = datasets.load("load_moons", n_train=976, n_test=24)[2:]
    return X, Y, [2, 4, 1], "adam"


PUBLIC = {
    "update_parameters_with_gd": [Case((_parameters, _grads, 0.1))],
    "random_mini_batches": [Case((_X, _Y), {"mini_batch_size": 3, "seed": 1})],
    "initialize_velocity": [Case((_parameters,))],
    "update_parameters_with_momentum": [Case((_parameters, _grads, _v, 0.9, 0.1))],
    "initialize_rmsprop": [Case((_parameters,))],
    "update_parameters_with_rmsprop": [Case((_parameters, _grads, _s, 0.9, 0.01))],
    "initialize_adam": [Case((_parameters,))],
    "update_parameters_with_adam": [Case((_parameters, _grads, _v, _s, 2), {"learning_rate": 0.01})],
    "update_lr": [Case((0.5, 2, 1.0)), Case((0.1, 10, 0.3))],
    "schedule_lr_decay": [Case((0.5, 2500, 1.0)), Case((0.3, 10, 2.0, 3))],
    # The course's rule whose breach shows only as NaN (t = 0 divides by 1 - beta^0 = 0), named when it fails.
    "model": [Case(_moons_tail, {"learning_rate": 0.01, "mini_batch_size": 10, "num_epochs": 201,
                                 "print_cost": False}, label="24 moons points, Adam, 201 epochs",
                   requirement="Adam's first step has t = 1: add 1 to t before each update")],
}
