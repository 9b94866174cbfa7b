"""Building a deep neural network, step by step: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from dnn_utils import sigmoid, relu, sigmoid_backward, relu_backward
from datasets import load_digits_binary


def initialize_parameters_deep(layer_dims):
    """Random weights scaled by 1/sqrt(fan-in), zero biases, for every layer.

    The caller seeds numpy's global RNG; weights are drawn layer by layer, W1 first.

    Arguments:
    layer_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with, for l = 1..L:
        W{l} -- ndarray (n_l, n_{l-1}), N(0, 1) / sqrt(n_{l-1})
        b{l} -- ndarray (n_l, 1), zeros
    """
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def linear_forward(A, W, b):
    """The linear part of a layer: Z = W A + b.

    Arguments:
    A -- ndarray (n_prev, m), activations of the previous layer (or the input)
    W -- ndarray (n, n_prev), weights
    b -- ndarray (n, 1), biases

    Returns:
    Z -- ndarray (n, m), pre-activation
    cache -- tuple (A, W, b), for linear_backward
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    Z = None
    ### END CODE HERE ###
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """One whole layer: LINEAR then the activation.

    Arguments:
    A_prev -- ndarray (n_prev, m), activations of the previous layer
    W -- ndarray (n, n_prev), weights
    b -- ndarray (n, 1), biases
    activation -- "sigmoid" or "relu"

    Returns:
    A -- ndarray (n, m), activations of this layer
    cache -- tuple (linear_cache, activation_cache) = ((A_prev, W, b), Z)
    """
    if activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        Z, linear_cache = None, None
        A, activation_cache = None, None
        ### END CODE HERE ###
    elif activation == "relu":
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        Z, linear_cache = None, None
        A, activation_cache = None, None
        ### END CODE HERE ###
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu', got %r" % (activation,))
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Arguments:
    X -- ndarray (n_0, m), inputs
    parameters -- dict with W1, b1, ..., WL, bL as made by initialize_parameters_deep

    Returns:
    AL -- ndarray (1, m), output probabilities
    caches -- list of the L caches of linear_activation_forward, layer 1 first
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        A, cache = None, None
        ### END CODE HERE ###
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    AL, cache = None, None
    ### END CODE HERE ###
    return AL, caches


def compute_cost(AL, Y):
    """Mean binary cross-entropy.

    J = -(1/m) * sum(Y log AL + (1 - Y) log(1 - AL))

    Arguments:
    AL -- ndarray (1, m), predicted probabilities, strictly inside (0, 1)
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    cost = None
    ### END CODE HERE ###
    return cost


def linear_backward(dZ, cache):
    """Backward pass of the linear part of a layer.

    Arguments:
    dZ -- ndarray (n, m), gradient of the summed loss with respect to Z
    cache -- tuple (A_prev, W, b) from linear_forward

    Returns:
    dA_prev -- ndarray (n_prev, m), gradient of the summed loss with respect to A_prev
    dW -- ndarray (n, n_prev), gradient of the mean cost with respect to W
    db -- ndarray (n, 1), gradient of the mean cost with respect to b
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    dW = None
    db = None
    dA_prev = None
    ### END CODE HERE ###
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward pass of one whole layer: through the activation, then the linear part.

    Arguments:
    dA -- ndarray (n, m), gradient of the summed loss with respect to this layer's activations
    cache -- tuple (linear_cache, activation_cache) from linear_activation_forward
    activation -- "sigmoid" or "relu", the activation used in the forward pass

    Returns:
    dA_prev -- ndarray (n_prev, m)
    dW -- ndarray (n, n_prev)
    db -- ndarray (n, 1)
    """
    linear_cache, activation_cache = cache
    if activation == "relu":
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        dZ = None
        dA_prev, dW, db = None, None, None
        ### END CODE HERE ###
    elif activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        dZ = None
        dA_prev, dW, db = None, None, None
        ### END CODE HERE ###
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu', got %r" % (activation,))
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID with the cross-entropy cost.

    Arguments:
    AL -- ndarray (1, m), output of L_model_forward
    Y -- ndarray (1, m), labels 0 or 1
    caches -- list of the L caches from L_model_forward

    Returns:
    grads -- dict with, for l = 1..L: dA{l-1} (n_{l-1}, m), dW{l} (n_l, n_{l-1}), db{l} (n_l, 1)
    """
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dAL = None
    ### END CODE HERE ###
    current_cache = caches[L - 1]
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dA_prev_temp, dW_temp, db_temp = None, None, None
    ### END CODE HERE ###
    grads["dA" + str(L - 1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        ### START CODE HERE ### (≈ 1 line)
        # YOUR CODE HERE
        dA_prev_temp, dW_temp, db_temp = None, None, None
        ### END CODE HERE ###
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters(params, grads, learning_rate):
    """One step of gradient descent on every layer; the input dict and its arrays stay unchanged.

    Arguments:
    params -- dict with W1, b1, ..., WL, bL
    grads -- dict from L_model_backward (dW{l}, db{l} of the same shapes)
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated W{l}, b{l}
    """
    # Copy so that a caller still holding the old dict (e.g. to compare before/after) keeps it.
    parameters = {key: np.copy(value) for key, value in params.items()}
    L = len(parameters) // 2
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        W = None
        b = None
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train an L-layer network by full-batch gradient descent.

    Seeds numpy's global RNG with 1 before initialising, so a run is reproducible.

    Arguments:
    X -- ndarray (n_0, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    layers_dims -- list of ints [n_0, n_1, ..., 1], the size of each layer
    learning_rate -- float, step size
    num_iterations -- int, number of gradient steps
    print_cost -- bool, print the cost every 100 iterations and after the last one

    Returns:
    parameters -- dict with the trained W{l}, b{l}
    costs -- list of Python floats, the cost at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    costs = []
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    parameters = None
    ### END CODE HERE ###
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 4 lines)
        # YOUR CODE HERE
        AL, caches = None, None
        cost = None
        grads = None
        parameters = None
        ### END CODE HERE ###
        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print("Cost after iteration %i: %f" % (i, cost))
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs


def predict(X, y, parameters):
    """Class predictions of a trained L-layer network; prints the accuracy against y.

    Arguments:
    X -- ndarray (n_0, m), inputs
    y -- ndarray (1, m), true labels 0 or 1 (only used for the printed accuracy)
    parameters -- dict with the trained W{l}, b{l}

    Returns:
    p -- ndarray (1, m), float64, 1.0 where the output probability exceeds 0.5, else 0.0
    """
    m = X.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    probas, caches = None, None
    p = None
    ### END CODE HERE ###
    print("Accuracy: " + str(np.sum(p == y) / m))
    return p
