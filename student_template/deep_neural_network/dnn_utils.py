"""Given code for the 'deep_neural_network' assignment: sigmoid, relu, sigmoid_backward, relu_backward."""

import numpy as np


def sigmoid(Z):
    """Logistic activation, finite for any finite Z.

    Arguments:
    Z -- ndarray of any shape

    Returns:
    A -- ndarray of Z's shape, values in [0, 1]
    cache -- Z itself, for sigmoid_backward
    """
    # exp(-|Z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    cache = Z
    return A, cache


def relu(Z):
    """Rectified linear activation max(0, Z).

    Arguments:
    Z -- ndarray of any shape

    Returns:
    A -- ndarray of Z's shape
    cache -- Z itself, for relu_backward
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """Gradient through a sigmoid: dZ = dA * s * (1 - s) with s = sigmoid(Z).

    Arguments:
    dA -- ndarray, upstream gradient, same shape as Z
    cache -- Z, the pre-activation stored by sigmoid

    Returns:
    dZ -- ndarray of Z's shape
    """
    s, _ = sigmoid(cache)
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """Gradient through a ReLU: dA where Z > 0, zero elsewhere (the derivative at 0 is taken as 0).

    Arguments:
    dA -- ndarray, upstream gradient, same shape as Z
    cache -- Z, the pre-activation stored by relu

    Returns:
    dZ -- ndarray of Z's shape
    """
    dZ = np.where(cache > 0, dA, 0.0)
    return dZ
