"""Planar data classification with one hidden layer: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from planar_utils import load_planar_dataset, sigmoid


def layer_sizes(X, Y):
    """Read the sizes of the three layers off the data.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (n_y, m), labels

    Returns:
    n_x -- int, size of the input layer
    n_h -- int, size of the hidden layer (4)
    n_y -- int, size of the output layer
    """
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    n_x = None
    n_h = None
    n_y = None
    ### END CODE HERE ###
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for the two layers.

    The caller seeds numpy's global RNG; this function draws W1 before W2.

    Arguments:
    n_x -- int, size of the input layer
    n_h -- int, size of the hidden layer
    n_y -- int, size of the output layer

    Returns:
    parameters -- dict:
        W1 -- ndarray (n_h, n_x), N(0, 1) * 0.01
        b1 -- ndarray (n_h, 1), zeros
        W2 -- ndarray (n_y, n_h), N(0, 1) * 0.01
        b2 -- ndarray (n_y, 1), zeros
    """
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    W1 = None
    b1 = None
    W2 = None
    b2 = None
    ### END CODE HERE ###
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def forward_propagation(X, parameters):
    """Forward pass: tanh hidden layer, sigmoid output.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)

    Returns:
    A2 -- ndarray (n_y, m), output probabilities
    cache -- dict with Z1, A1 (n_h, m) and Z2, A2 (n_y, m), kept for the backward pass
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    Z1 = None
    A1 = None
    Z2 = None
    A2 = None
    ### END CODE HERE ###
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    """Mean binary cross-entropy of the predictions.

    J = -(1/m) * sum(Y log A2 + (1 - Y) log(1 - A2))

    Arguments:
    A2 -- ndarray (1, m), predicted probabilities, strictly inside (0, 1)
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    logprobs = None
    cost = None
    ### END CODE HERE ###
    return cost


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the mean cross-entropy with respect to W1, b1, W2, b2.

    With a sigmoid output and cross-entropy cost, dZ2 = A2 - Y; tanh'(Z1) = 1 - A1**2.

    Arguments:
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)
    cache -- dict with Z1, A1 (n_h, m), Z2, A2 (n_y, m) from forward_propagation
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (n_y, m), labels

    Returns:
    grads -- dict with dW1 (n_h, n_x), db1 (n_h, 1), dW2 (n_y, n_h), db2 (n_y, 1)
    """
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    dZ2 = None
    dW2 = None
    db2 = None
    dZ1 = None
    dW1 = None
    db1 = None
    ### END CODE HERE ###
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    """One step of gradient descent, returning new arrays (the input dict is left unchanged).

    Arguments:
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)
    grads -- dict with dW1, db1, dW2, db2 of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated W1, b1, W2, b2
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    dW1 = grads["dW1"]
    db1 = grads["db1"]
    dW2 = grads["dW2"]
    db2 = grads["db2"]
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    W1 = None
    b1 = None
    W2 = None
    b2 = None
    ### END CODE HERE ###
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network by full-batch gradient descent (learning rate 1.2).

    Seeds numpy's global RNG with 3 before initialising, so a run is reproducible.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    n_h -- int, size of the hidden layer
    num_iterations -- int, number of gradient steps
    print_cost -- bool, print the cost every 1000 iterations

    Returns:
    parameters -- dict with the trained W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)
    """
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    parameters = None
    ### END CODE HERE ###
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 4 lines)
        # YOUR CODE HERE
        A2, cache = None, None
        cost = None
        grads = None
        parameters = None
        ### END CODE HERE ###
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


def predict(parameters, X):
    """Class predictions: 1 where the output probability exceeds 0.5, else 0.

    Arguments:
    parameters -- dict with W1, b1, W2, b2 of a trained network
    X -- ndarray (n_x, m), inputs

    Returns:
    predictions -- ndarray (1, m), float64, values 0.0 or 1.0
    """
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    A2, cache = None, None
    predictions = None
    ### END CODE HERE ###
    return predictions
