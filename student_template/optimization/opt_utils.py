"""Given code for the 'optimization' assignment: sigmoid, relu, initialize_parameters, forward_propagation, backward_propagation, compute_cost, predict, predict_dec."""

import math
import numpy as np


def sigmoid(x):
    """Logistic function of an ndarray, finite for any finite input."""
    # exp of a non-positive number only, so nothing overflows for large |x|
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def relu(x):
    """max(0, x), element-wise."""
    return np.maximum(0, x)


def initialize_parameters(layers_dims):
    """He-initialised weights and zero biases for a network of `layers_dims` units per layer.

    Arguments:
    layers_dims -- list [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) ~ N(0, 2 / n_{l-1}), "b<l>" zeros (n_l, 1)
    """
    # A fixed seed makes every optimiser start from the same point, so their curves compare fairly.
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1])
                                    * np.sqrt(2 / layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass: LINEAR -> RELU for the hidden layers, LINEAR -> SIGMOID for the output.

    Arguments:
    X -- ndarray (n_x, m)
    parameters -- dict from initialize_parameters

    Returns:
    AL -- ndarray (1, m), probabilities of class 1
    caches -- list with one (A_prev, W, Z) tuple per layer, for backward_propagation
    """
    L = len(parameters) // 2
    A = X
    caches = []
    for l in range(1, L + 1):
        W = parameters["W" + str(l)]
        Z = W @ A + parameters["b" + str(l)]
        caches.append((A, W, Z))
        A = sigmoid(Z) if l == L else relu(Z)
    return A, caches


def backward_propagation(X, Y, caches):
    """Gradients of the mean cross-entropy cost over the m examples of X.

    Arguments:
    X -- ndarray (n_x, m), the input of the forward pass (caches hold it as the first A_prev)
    Y -- ndarray (1, m), labels 0/1
    caches -- list from forward_propagation

    Returns:
    grads -- dict: "dW<l>" and "db<l>" shaped like the parameters, "dA<l-1>" shaped like the
             activations
    """
    m = X.shape[1]
    L = len(caches)
    grads = {}
    # Sigmoid output with cross-entropy: the derivative with respect to Z collapses to AL - Y.
    A_last = sigmoid(caches[-1][2])
    dZ = (A_last - Y) / m
    for l in range(L, 0, -1):
        A_prev, W, Z = caches[l - 1]
        if l < L:
            dZ = grads["dA" + str(l)] * (Z > 0)
        grads["dW" + str(l)] = dZ @ A_prev.T
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True)
        grads["dA" + str(l - 1)] = W.T @ dZ
    return grads


def compute_cost(a3, Y):
    """Cross-entropy summed (not averaged) over the examples, so a caller can average per epoch.

    Arguments:
    a3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0/1

    Returns:
    cost_total -- float, -sum(Y log a3 + (1 - Y) log(1 - a3))
    """
    # Clipping keeps log finite when a saturated sigmoid returns exactly 0 or 1.
    a3 = np.clip(a3, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)))


def predict(X, y, parameters):
    """Predict 0/1 labels, print the accuracy against y, and return the predictions.

    Arguments:
    X -- ndarray (n_x, m)
    y -- ndarray (1, m), true labels
    parameters -- dict of a trained network

    Returns:
    p -- ndarray (1, m) of 0/1 integers
    """
    probabilities, _ = forward_propagation(X, parameters)
    p = (probabilities > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p


def predict_dec(parameters, X):
    """Predicted classes as booleans (1, m), for drawing decision boundaries."""
    probabilities, _ = forward_propagation(X, parameters)
    return probabilities > 0.5
