"""Initialisation: where gradient descent starts: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from init_utils import sigmoid, relu, forward_propagation, backward_propagation, compute_loss, update_parameters, predict, predict_dec
from datasets import load_circles


def initialize_parameters_zeros(layers_dims):
    """All weights and biases zero: the initialisation that fails to break symmetry.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1), all zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_random(layers_dims):
    """Weights N(0, 1) * 10, biases zero: random enough to break symmetry, far too large.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_he(layers_dims):
    """He initialisation: weights N(0, 1) * sqrt(2 / n_{l-1}), biases zero; suited to ReLU.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_xavier(layers_dims):
    """Xavier initialisation: weights N(0, 1) * sqrt(1 / n_{l-1}), biases zero; suited to tanh.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters
