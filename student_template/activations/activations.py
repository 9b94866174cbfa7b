"""Activation functions and numpy basics: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np


def sigmoid(x):
    """The logistic function 1 / (1 + e^(-x)), elementwise.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- same shape as x, values in [0, 1]; finite for any finite x
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    s = None
    ### END CODE HERE ###
    return s


def sigmoid_derivative(x):
    """The derivative of the sigmoid, s * (1 - s) with s = sigmoid(x).

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    ds -- same shape as x, values in [0, 0.25]; finite for any finite x
    """
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    s = None
    ds = None
    ### END CODE HERE ###
    return ds


def tanh(x):
    """The hyperbolic tangent (e^x - e^(-x)) / (e^x + e^(-x)), elementwise.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    t -- same shape as x, values in [-1, 1]; finite for any finite x
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    x, e, t = None, None, None
    ### END CODE HERE ###
    return t


def relu(x):
    """The rectified linear unit max(0, x), elementwise.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    r -- same shape as x, values >= 0
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    r = None
    ### END CODE HERE ###
    return r


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, alpha * x elsewhere.

    Arguments:
    x -- scalar or ndarray of any shape
    alpha -- slope for negative inputs (the curriculum's 0.01 by default)

    Returns:
    r -- same shape as x
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    r = None
    ### END CODE HERE ###
    return r


def sigmoid_backward(dA, cache):
    """Backward pass of a sigmoid unit: dZ = dA * s * (1 - s).

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, the pre-activation stored by the forward pass, same shape as dA

    Returns:
    dZ -- gradient of the cost with respect to Z, same shape as Z
    """
    Z = cache
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    s = None
    dZ = None
    ### END CODE HERE ###
    return dZ


def tanh_backward(dA, cache):
    """Backward pass of a tanh unit: dZ = dA * (1 - tanh(Z)^2).

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, same shape as dA

    Returns:
    dZ -- same shape as Z
    """
    Z = cache
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dZ = None
    ### END CODE HERE ###
    return dZ


def relu_backward(dA, cache):
    """Backward pass of a ReLU unit: the gradient flows only where Z > 0.

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, same shape as dA

    Returns:
    dZ -- same shape as Z; zero where Z <= 0 (the subgradient 0 is used at Z = 0)
    """
    Z = cache
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dZ = None
    ### END CODE HERE ###
    return dZ


def leaky_relu_backward(dA, cache, alpha=0.01):
    """Backward pass of a leaky ReLU unit: slope 1 where Z > 0, alpha elsewhere.

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, same shape as dA
    alpha -- slope for Z <= 0

    Returns:
    dZ -- same shape as Z
    """
    Z = cache
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    dZ = None
    ### END CODE HERE ###
    return dZ


def image2vector(image):
    """Unroll an image into a column vector.

    Arguments:
    image -- ndarray of shape (height, width, depth)

    Returns:
    v -- ndarray of shape (height * width * depth, 1)
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    v = None
    ### END CODE HERE ###
    return v


def normalize_rows(x):
    """Divide each row of x by its Euclidean norm, so every row has length 1.

    Arguments:
    x -- ndarray of shape (n, m) with no all-zero row

    Returns:
    x_normalized -- ndarray of shape (n, m)
    """
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    x_norm = None
    x_normalized = None
    ### END CODE HERE ###
    return x_normalized


def softmax(x):
    """Row-wise softmax: each row of the result lies in [0, 1] and sums to 1 (an entry far below
    its row's maximum may round to 0).

    Arguments:
    x -- ndarray of shape (n, m): n rows, each a vector of m scores

    Returns:
    s -- ndarray of shape (n, m); finite for any finite scores
    """
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    x_exp = None
    x_sum = None
    s = None
    ### END CODE HERE ###
    return s


def L1(yhat, y):
    """The L1 loss: the sum of absolute differences.

    Arguments:
    yhat -- predictions, ndarray of shape (m,)
    y -- true values, ndarray of shape (m,)

    Returns:
    loss -- a scalar, sum(|y - yhat|)
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    loss = None
    ### END CODE HERE ###
    return loss


def L2(yhat, y):
    """The L2 loss: the sum of squared differences.

    Arguments:
    yhat -- predictions, ndarray of shape (m,)
    y -- true values, ndarray of shape (m,)

    Returns:
    loss -- a scalar, sum((y - yhat)^2)
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    loss = None
    ### END CODE HERE ###
    return loss
