"""Regularization: L2 and dropout: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from reg_utils import (sigmoid, relu, initialize_parameters, forward_propagation,
                       backward_propagation, compute_cost, update_parameters, predict, predict_dec)
from datasets import load_moons


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy plus the L2 penalty on the three weight matrices.

    J = cross_entropy + lambd / (2m) * (||W1||_F^2 + ||W2||_F^2 + ||W3||_F^2)

    The biases are not penalised.

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1
    parameters -- dict with W1, b1, W2, b2, W3, b3
    lambd -- float, regularisation strength (lambda is a Python keyword)

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)

    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    cost = None
    L2_regularization_cost = None
    ### END CODE HERE ###

    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Gradients of the L2-regularised cost, for the cache of `forward_propagation`.

    The penalty adds (lambd / m) * W to each dW; db and the dZ/dA entries are unchanged.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    lambd -- float, regularisation strength

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dW3 = None
    ### END CODE HERE ###
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dW2 = None
    ### END CODE HERE ###
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dW1 = None
    ### END CODE HERE ###
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass with inverted dropout on the two hidden layers.

    Each hidden activation survives with probability keep_prob and the survivors are divided by
    keep_prob, so every unit keeps its expected value and nothing has to change at test time.
    The output layer is never dropped. The masks come from numpy's global RNG, which the caller
    seeds; D1 is drawn before D2.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
                  W3 (1, n_2), b3 (1, 1)
    keep_prob -- float in (0, 1], probability of keeping a hidden unit

    Returns:
    A3 -- ndarray (1, m), output probabilities
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1 (n_1, m) and
             D2 (n_2, m) are boolean masks, A1 and A2 the activations after dropout
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    D1 = None
    A1 = None
    ### END CODE HERE ###

    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    D2 = None
    A2 = None
    ### END CODE HERE ###

    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Gradients of the cost through the network that `forward_propagation_with_dropout` sampled.

    A dropped unit passed nothing forward, so it receives no gradient; a kept unit was scaled by
    1/keep_prob, so its gradient is scaled the same way. The masks come from the cache.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    keep_prob -- float in (0, 1], the value used in the forward pass

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates; dA1 and dA2 are taken after the mask
    """
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    dA2 = None
    ### END CODE HERE ###
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    dA1 = None
    ### END CODE HERE ###
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients
