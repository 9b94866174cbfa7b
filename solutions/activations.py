"""Reference for `activations`: activation functions, their backward passes and numpy basics.

Curriculum: 常见激活函数 (common activation functions) and 符号定义 (notation). Every function works
elementwise on arrays of any shape unless its docstring says otherwise; all arithmetic is float64.
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
    # logaddexp(0, -x) = log(1 + e^(-x)) without overflow, so e^(-that) is stable for |x| up to 1e308.
    s = np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))
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
    s = sigmoid(x)
    ds = s * (1 - s)
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
    # Written with e^(-2|x|) <= 1 so that neither the numerator nor the denominator can overflow.
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    t = np.sign(x) * (1.0 - e) / (1.0 + e)
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
    r = np.maximum(0.0, x)
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
    r = np.where(x > 0, x, alpha * x)
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
    s = sigmoid(Z)
    dZ = dA * s * (1 - s)
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
    dZ = dA * (1 - np.tanh(Z) ** 2)
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
    dZ = np.where(Z > 0, dA, 0.0)
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
    dZ = np.where(Z > 0, dA, alpha * dA)
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
    v = image.reshape((image.shape[0] * image.shape[1] * image.shape[2], 1))
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
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x_normalized = x / x_norm
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
    # Subtracting the row maximum leaves the result unchanged and keeps exp from overflowing.
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    s = x_exp / x_sum
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
    loss = np.sum(np.abs(y - yhat))
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
    loss = np.sum(np.square(y - yhat))
    ### END CODE HERE ###
    return loss
