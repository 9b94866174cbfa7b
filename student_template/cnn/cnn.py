"""Convolutional networks, step by step: CONV, POOL and FC layers: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from datasets import load_digits


def conv_output_size(n, f, p, s):
    """Length of a convolution's (or a pooling's) output along one axis.

    n_out = floor((n + 2p - f) / s) + 1

    Arguments:
    n -- int, length of the input along that axis (n_H_prev or n_W_prev)
    f -- int, filter size
    p -- int, padding on each side (0 for pooling)
    s -- int, stride

    Returns:
    n_out -- int
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    n_out = None
    ### END CODE HERE ###
    return n_out


def conv_param_count(f, n_C_prev, n_C):
    """Number of parameters of a convolution layer: every weight of every filter, and one bias per filter.

    count = (f * f * n_C_prev + 1) * n_C

    Arguments:
    f -- int, filter size
    n_C_prev -- int, channels of the input
    n_C -- int, number of filters

    Returns:
    count -- int
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    count = None
    ### END CODE HERE ###
    return count


def zero_pad(X, pad):
    """Pad the height and width of every image of X with zeros.

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C), a batch of m images
    pad -- int, number of zero rows (columns) added above and below (left and right)

    Returns:
    X_pad -- ndarray (m, n_H + 2 * pad, n_W + 2 * pad, n_C), a new array; X is left unchanged
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    X_pad = None
    ### END CODE HERE ###
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    """Apply one filter to one window: the sum of the element-wise product, plus the bias.

    Arguments:
    a_slice_prev -- ndarray (f, f, n_C_prev), one window of the input
    W -- ndarray (f, f, n_C_prev), one filter
    b -- ndarray (1, 1, 1), that filter's bias

    Returns:
    Z -- float, a scalar (a Python float or a 0-d array)
    """
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    s = None
    Z = None
    ### END CODE HERE ###
    return Z


def conv_forward(A_prev, W, b, hparameters):
    """Forward pass of a convolution layer, one window at a time.

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev), activations of the previous layer
    W -- ndarray (f, f, n_C_prev, n_C), the filters
    b -- ndarray (1, 1, 1, n_C), one bias per filter
    hparameters -- dict {"stride": s, "pad": p}

    Returns:
    Z -- ndarray (m, n_H, n_W, n_C), n_H = floor((n_H_prev + 2p - f) / s) + 1, likewise n_W
    cache -- (A_prev, W, b, hparameters), for conv_backward
    """
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]

    ### START CODE HERE ### (≈ 16 lines)
    # YOUR CODE HERE
    n_H = None
    n_W = None
    Z = None
    A_prev_pad = None
    a_prev_pad = None
    vert_start = None
    vert_end = None
    horiz_start = None
    horiz_end = None
    a_slice_prev = None
    i, h, w, c = None, None, None, None
    ### END CODE HERE ###

    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    """Forward pass of a pooling layer (no padding), one window at a time.

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C)
    hparameters -- dict {"f": f, "stride": s}
    mode -- "max" or "average"

    Returns:
    A -- ndarray (m, n_H, n_W, n_C), n_H = floor((n_H_prev - f) / s) + 1, likewise n_W
    cache -- (A_prev, hparameters), for pool_backward
    """
    (m, n_H_prev, n_W_prev, n_C) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]

    ### START CODE HERE ### (≈ 15 lines)
    # YOUR CODE HERE
    n_H = None
    n_W = None
    A = None
    vert_start = None
    vert_end = None
    horiz_start = None
    horiz_end = None
    a_prev_slice = None
    i, h, w, c = None, None, None, None
    ### END CODE HERE ###

    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    """Backward pass of a convolution layer, one window at a time.

    Every output entry Z[i, h, w, c] read one window of the padded input with filter c; going back,
    that window receives W[:, :, :, c] * dZ[i, h, w, c], filter c receives the window times
    dZ[i, h, w, c], and its bias dZ[i, h, w, c]. Overlapping windows add up.

    Arguments:
    dZ -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to the output Z
    cache -- (A_prev, W, b, hparameters) from conv_forward

    Returns:
    dA_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev), gradient with respect to A_prev
    dW -- ndarray (f, f, n_C_prev, n_C), gradient with respect to W, summed over the examples
    db -- ndarray (1, 1, 1, n_C), gradient with respect to b, summed over examples and positions
    """
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape

    ### START CODE HERE ### (≈ 20 lines)
    # YOUR CODE HERE
    dA_prev = None
    dW = None
    db = None
    A_prev_pad = None
    dA_prev_pad = None
    a_prev_pad = None
    da_prev_pad = None
    vert_start = None
    vert_end = None
    horiz_start = None
    horiz_end = None
    a_slice = None
    i, h, w, c = None, None, None, None
    ### END CODE HERE ###

    return dA_prev, dW, db


def create_mask_from_window(x):
    """Mask of the entries of x equal to its maximum (those through which max pooling passed).

    Arguments:
    x -- ndarray (f, f), one window

    Returns:
    mask -- boolean ndarray (f, f), True where x equals max(x) (every tied maximum is True)
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    mask = None
    ### END CODE HERE ###
    return mask


def distribute_value(dz, shape):
    """Spread a gradient evenly over a window, as average pooling took each entry in equal part.

    Arguments:
    dz -- float, the gradient of one output of average pooling
    shape -- tuple (n_H, n_W), the window's shape

    Returns:
    a -- ndarray of shape (n_H, n_W), every entry dz / (n_H * n_W)
    """
    (n_H, n_W) = shape
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    average = None
    a = None
    ### END CODE HERE ###
    return a


def pool_backward(dA, cache, mode="max"):
    """Backward pass of a pooling layer, one window at a time.

    Max pooling sends each output's gradient to the window's maximum (create_mask_from_window);
    average pooling spreads it evenly (distribute_value). Overlapping windows add up.

    Arguments:
    dA -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to the pooling output
    cache -- (A_prev, hparameters) from pool_forward
    mode -- "max" or "average"

    Returns:
    dA_prev -- ndarray (m, n_H_prev, n_W_prev, n_C), gradient with respect to A_prev
    """
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (m, n_H, n_W, n_C) = dA.shape

    ### START CODE HERE ### (≈ 18 lines)
    # YOUR CODE HERE
    dA_prev = None
    a_prev = None
    vert_start = None
    vert_end = None
    horiz_start = None
    horiz_end = None
    a_prev_slice = None
    mask = None
    da = None
    i, h, w, c = None, None, None, None
    ### END CODE HERE ###

    return dA_prev


def fc_forward(A_prev, W, b):
    """Forward pass of a fully connected layer after a convolutional part: flatten, then W a + b.

    Each example A_prev[i] is flattened in numpy's (C) order into a column of n_prev entries.

    Arguments:
    A_prev -- ndarray (m, ...) of m examples, e.g. (m, n_H, n_W, n_C); n_prev entries per example
    W -- ndarray (n, n_prev), the weights
    b -- ndarray (n, 1), the biases

    Returns:
    Z -- ndarray (n, m), one column per example
    cache -- (A_prev, W, b), for fc_backward
    """
    m = A_prev.shape[0]
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    A_flat = None
    Z = None
    ### END CODE HERE ###
    cache = (A_prev, W, b)
    return Z, cache


def fc_backward(dZ, cache):
    """Backward pass of a fully connected layer; gradients are summed over the examples (no 1/m).

    Arguments:
    dZ -- ndarray (n, m), gradient of the cost with respect to Z
    cache -- (A_prev, W, b) from fc_forward

    Returns:
    dA_prev -- ndarray of A_prev's shape (m, ...), the gradient unflattened back to that shape
    dW -- ndarray (n, n_prev)
    db -- ndarray (n, 1)
    """
    A_prev, W, b = cache
    m = A_prev.shape[0]
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    A_flat = None
    dW = None
    db = None
    dA_prev = None
    ### END CODE HERE ###
    return dA_prev, dW, db
