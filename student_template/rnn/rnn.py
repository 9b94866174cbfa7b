"""Recurrent neural networks step by step: RNN, bidirectional and deep RNNs: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from rnn_utils import softmax


def rnn_cell_forward(xt, a_prev, parameters):
    """One time step of the RNN: the next hidden state and the prediction at this step.

    Arguments:
    xt -- ndarray (n_x, m), the input at time step t
    a_prev -- ndarray (n_a, m), the hidden state at time step t-1
    parameters -- dict with
        Wax -- ndarray (n_a, n_x), weights of the input
        Waa -- ndarray (n_a, n_a), weights of the previous hidden state
        Wya -- ndarray (n_y, n_a), weights of the output
        ba -- ndarray (n_a, 1), bias of the hidden state
        by -- ndarray (n_y, 1), bias of the output

    Returns:
    a_next -- ndarray (n_a, m), the hidden state at time step t
    yt_pred -- ndarray (n_y, m), softmax probabilities at time step t
    cache -- tuple (a_next, a_prev, xt, parameters), for rnn_cell_backward
    """
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    Wya = parameters["Wya"]
    ba = parameters["ba"]
    by = parameters["by"]
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    a_next = None
    yt_pred = None
    ### END CODE HERE ###
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    """The RNN over a whole sequence: rnn_cell_forward at t = 1, ..., T_x, each step fed the last state.

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0 -- ndarray (n_a, m), the initial hidden state
    parameters -- dict with Wax, Waa, Wya, ba, by as in rnn_cell_forward

    Returns:
    a -- ndarray (n_a, m, T_x), the hidden state at every time step
    y_pred -- ndarray (n_y, m, T_x), the prediction at every time step
    caches -- tuple (list of the T_x cell caches, x), for rnn_backward
    """
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    a_next = None
    ### END CODE HERE ###
    for t in range(T_x):
        ### START CODE HERE ### (≈ 4 lines)
        # YOUR CODE HERE
        a_next, yt_pred, cache = None, None, None
        ### END CODE HERE ###
    caches = (caches, x)
    return a, y_pred, caches


def rnn_cell_backward(da_next, cache):
    """Backward pass of one RNN step (the hidden state only; the output layer is not part of it).

    Arguments:
    da_next -- ndarray (n_a, m), the whole gradient of the loss with respect to a_next
    cache -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward

    Returns:
    gradients -- dict with
        dxt -- ndarray (n_x, m), gradient with respect to xt
        da_prev -- ndarray (n_a, m), gradient with respect to a_prev
        dWax -- ndarray (n_a, n_x)
        dWaa -- ndarray (n_a, n_a)
        dba -- ndarray (n_a, 1)
    """
    (a_next, a_prev, xt, parameters) = cache
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    dtanh = None
    dxt = None
    dWax = None
    da_prev = None
    dWaa = None
    dba = None
    ### END CODE HERE ###
    gradients = {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients


def rnn_backward(da, caches):
    """Backpropagation through time over the whole sequence.

    Arguments:
    da -- ndarray (n_a, m, T_x), da[:, :, t] is the gradient of the loss with respect to a<t> that
          arrives from the output y<t> (not the part that arrives through a<t+1>: this function adds it)
    caches -- tuple (list of cell caches, x) from rnn_forward

    Returns:
    gradients -- dict with
        dx -- ndarray (n_x, m, T_x), gradient with respect to the inputs
        da0 -- ndarray (n_a, m), gradient with respect to the initial hidden state
        dWax -- ndarray (n_a, n_x), summed over the time steps
        dWaa -- ndarray (n_a, n_a), summed over the time steps
        dba -- ndarray (n_a, 1), summed over the time steps
    """
    (caches, x) = caches
    (a1, a0, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        ### START CODE HERE ### (≈ 6 lines)
        # YOUR CODE HERE
        gradients = None
        da_prevt = None
        dWax = None
        dWaa = None
        dba = None
        ### END CODE HERE ###
    da0 = da_prevt
    gradients = {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients


def brnn_forward(x, a0_f, a0_b, parameters):
    """A bidirectional RNN: one RNN reads the sequence left to right, another right to left, and the
    prediction at t sees both states.

        forward direction:   a_f<t> = tanh(Waa_f a_f<t-1> + Wax_f x<t> + ba_f),  t = 1, ..., T_x
        backward direction:  a_b<t> = tanh(Waa_b a_b<t+1> + Wax_b x<t> + ba_b),  t = T_x, ..., 1
        prediction:          y<t> = softmax(Wya [a_f<t>; a_b<t>] + by)

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0_f -- ndarray (n_a, m), the state before t = 1 of the forward direction
    a0_b -- ndarray (n_a, m), the state after t = T_x of the backward direction
    parameters -- dict with
        Wax_f, Wax_b -- ndarrays (n_a, n_x)
        Waa_f, Waa_b -- ndarrays (n_a, n_a)
        ba_f, ba_b -- ndarrays (n_a, 1)
        Wya -- ndarray (n_y, 2 n_a), its first n_a columns act on a_f, the others on a_b
        by -- ndarray (n_y, 1)

    Returns:
    a_f -- ndarray (n_a, m, T_x), the forward direction's states
    a_b -- ndarray (n_a, m, T_x), the backward direction's states (a_b[:, :, t] belongs to x<t>)
    y_pred -- ndarray (n_y, m, T_x), the predictions
    """
    n_x, m, T_x = x.shape
    n_a = a0_f.shape[0]
    n_y = parameters["Wya"].shape[0]
    a_f = np.zeros((n_a, m, T_x))
    a_b = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    ### START CODE HERE ### (≈ 10 lines)
    # YOUR CODE HERE
    a_next = None
    both = None
    t = None
    ### END CODE HERE ###
    return a_f, a_b, y_pred


def deep_rnn_forward(x, a0, parameters):
    """A deep (stacked) RNN: L recurrent layers of n_a units; layer l reads layer l-1's states as its
    input sequence (layer 1 reads x), and the prediction comes from the top layer.

        a[l]<t> = tanh(Waa{l} a[l]<t-1> + Wax{l} a[l-1]<t> + ba{l}),   a[0]<t> = x<t>
        y<t> = softmax(Wya a[L]<t> + by)

    Each layer is one call of rnn_forward with that layer's parameters; the given code builds them
    (every layer's dict also carries Wya and by, so that rnn_forward can run; only the top layer's
    predictions are kept).

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0 -- ndarray (n_a, m, L), a0[:, :, l-1] is the initial state of layer l
    parameters -- dict with, for l = 1, ..., L:
        Wax{l} -- ndarray (n_a, n_x) for l = 1, (n_a, n_a) above
        Waa{l} -- ndarray (n_a, n_a)
        ba{l} -- ndarray (n_a, 1)
      and Wya (n_y, n_a), by (n_y, 1)

    Returns:
    a -- ndarray (n_a, m, T_x, L), a[:, :, :, l-1] holds the states of layer l
    y_pred -- ndarray (n_y, m, T_x), the top layer's predictions
    caches -- list of the L caches of rnn_forward, layer 1 first
    """
    n_x, m, T_x = x.shape
    n_a, _, L = a0.shape
    a = np.zeros((n_a, m, T_x, L))
    caches = []
    layer_input = x
    for l in range(1, L + 1):
        layer_parameters = {"Wax": parameters["Wax%d" % l], "Waa": parameters["Waa%d" % l],
                            "ba": parameters["ba%d" % l], "Wya": parameters["Wya"], "by": parameters["by"]}
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        a_layer, y_pred, cache = None, None, None
        layer_input = None
        ### END CODE HERE ###
        a[:, :, :, l - 1] = a_layer
        caches.append(cache)
    return a, y_pred, caches


def deep_rnn_backward(da, caches):
    """Backpropagation through time through a deep RNN, from the top layer down.

    Arguments:
    da -- ndarray (n_a, m, T_x), the gradient with respect to the top layer's states that arrives from
          the outputs (as in rnn_backward)
    caches -- list of the L caches from deep_rnn_forward

    Returns:
    gradients -- dict with
        dx -- ndarray (n_x, m, T_x), gradient with respect to the inputs
        da0 -- ndarray (n_a, m, L), gradient with respect to every layer's initial state
        dWax{l}, dWaa{l}, dba{l} -- gradients of layer l's parameters, for l = 1, ..., L
    """
    L = len(caches)
    n_a, m, T_x = da.shape
    da0 = np.zeros((n_a, m, L))
    gradients = {}
    da_layer = da
    for l in reversed(range(1, L + 1)):
        ### START CODE HERE ### (≈ 3 lines)
        # YOUR CODE HERE
        layer_gradients = None
        da_layer = None
        ### END CODE HERE ###
        gradients["dWax%d" % l] = layer_gradients["dWax"]
        gradients["dWaa%d" % l] = layer_gradients["dWaa"]
        gradients["dba%d" % l] = layer_gradients["dba"]
    gradients["dx"] = da_layer
    gradients["da0"] = da0
    return gradients
