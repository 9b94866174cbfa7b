"""Gated recurrent units and LSTMs step by step, forward and backward: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from rnn_utils import sigmoid, softmax


def gru_cell_forward(xt, a_prev, parameters):
    """One time step of the full GRU, with the relevance gate Γr.

    Arguments:
    xt -- ndarray (n_x, m), the input at time step t
    a_prev -- ndarray (n_a, m), the state at time step t-1 (in a GRU, c<t-1> = a<t-1>)
    parameters -- dict with
        Wr, br -- relevance gate, ndarrays (n_a, n_a + n_x) and (n_a, 1)
        Wu, bu -- update gate, same shapes
        Wc, bc -- candidate memory cell, same shapes
        Wy, by -- output, ndarrays (n_y, n_a) and (n_y, 1)

    Returns:
    a_next -- ndarray (n_a, m), the state at time step t
    yt_pred -- ndarray (n_y, m), softmax probabilities at time step t
    cache -- tuple (a_next, a_prev, rt, ut, cct, xt, parameters), for gru_cell_backward
    """
    Wr, br = parameters["Wr"], parameters["br"]
    Wu, bu = parameters["Wu"], parameters["bu"]
    Wc, bc = parameters["Wc"], parameters["bc"]
    Wy, by = parameters["Wy"], parameters["by"]
    concat = np.concatenate((a_prev, xt), axis=0)
    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    rt = None
    ut = None
    cct = None
    a_next = None
    yt_pred = None
    ### END CODE HERE ###
    cache = (a_next, a_prev, rt, ut, cct, xt, parameters)
    return a_next, yt_pred, cache


def gru_forward(x, a0, parameters):
    """The GRU over a whole sequence.

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0 -- ndarray (n_a, m), the initial state
    parameters -- dict as in gru_cell_forward

    Returns:
    a -- ndarray (n_a, m, T_x), the state at every time step
    y -- ndarray (n_y, m, T_x), the prediction at every time step
    caches -- tuple (list of the T_x cell caches, x), for gru_backward
    """
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        ### START CODE HERE ### (≈ 4 lines)
        # YOUR CODE HERE
        a_next, yt, cache = None, None, None
        ### END CODE HERE ###
    caches = (caches, x)
    return a, y, caches


def gru_cell_backward(da_next, cache):
    """Backward pass of one GRU step (the state only; the output layer is not part of it).

    Arguments:
    da_next -- ndarray (n_a, m), the whole gradient of the loss with respect to a_next
    cache -- tuple (a_next, a_prev, rt, ut, cct, xt, parameters) from gru_cell_forward

    Returns:
    gradients -- dict with
        dxt -- ndarray (n_x, m)
        da_prev -- ndarray (n_a, m)
        dWr, dWu, dWc -- ndarrays (n_a, n_a + n_x)
        dbr, dbu, dbc -- ndarrays (n_a, 1)
    """
    (a_next, a_prev, rt, ut, cct, xt, parameters) = cache
    Wr, Wu, Wc = parameters["Wr"], parameters["Wu"], parameters["Wc"]
    n_a = a_prev.shape[0]
    concat = np.concatenate((a_prev, xt), axis=0)
    ### START CODE HERE ### (≈ 14 lines)
    # YOUR CODE HERE
    dcct = None
    dut = None
    dWc = None
    dbc = None
    dgated = None
    drt = None
    dWu = None
    dbu = None
    dWr = None
    dbr = None
    dxt = None
    da_prev = None
    ### END CODE HERE ###
    gradients = {"dxt": dxt, "da_prev": da_prev, "dWr": dWr, "dbr": dbr, "dWu": dWu, "dbu": dbu,
                 "dWc": dWc, "dbc": dbc}
    return gradients


def gru_backward(da, caches):
    """Backpropagation through time through the GRU.

    Arguments:
    da -- ndarray (n_a, m, T_x), the gradient with respect to a<t> that arrives from y<t> only
    caches -- tuple (list of cell caches, x) from gru_forward

    Returns:
    gradients -- dict with dx (n_x, m, T_x), da0 (n_a, m), and dWr, dbr, dWu, dbu, dWc, dbc summed
                 over the time steps
    """
    (caches, x) = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    totals = {key: np.zeros((n_a, n_a + n_x)) for key in ("dWr", "dWu", "dWc")}
    totals.update({key: np.zeros((n_a, 1)) for key in ("dbr", "dbu", "dbc")})
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        ### START CODE HERE ### (≈ 5 lines)
        # YOUR CODE HERE
        gradients = None
        da_prevt = None
        key = None
        ### END CODE HERE ###
    gradients = {"dx": dx, "da0": da_prevt, **totals}
    return gradients


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One time step of the LSTM.

    Arguments:
    xt -- ndarray (n_x, m), the input at time step t
    a_prev -- ndarray (n_a, m), the hidden state at time step t-1
    c_prev -- ndarray (n_a, m), the memory cell at time step t-1
    parameters -- dict with
        Wf, bf -- forget gate, ndarrays (n_a, n_a + n_x) and (n_a, 1)
        Wi, bi -- update (input) gate, same shapes
        Wc, bc -- candidate memory cell, same shapes
        Wo, bo -- output gate, same shapes
        Wy, by -- output, ndarrays (n_y, n_a) and (n_y, 1)

    Returns:
    a_next -- ndarray (n_a, m), the hidden state at time step t
    c_next -- ndarray (n_a, m), the memory cell at time step t
    yt_pred -- ndarray (n_y, m), softmax probabilities at time step t
    cache -- tuple (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    """
    Wf, bf = parameters["Wf"], parameters["bf"]
    Wi, bi = parameters["Wi"], parameters["bi"]
    Wc, bc = parameters["Wc"], parameters["bc"]
    Wo, bo = parameters["Wo"], parameters["bo"]
    Wy, by = parameters["Wy"], parameters["by"]
    ### START CODE HERE ### (≈ 8 lines)
    # YOUR CODE HERE
    concat = None
    ft = None
    it = None
    cct = None
    c_next = None
    ot = None
    a_next = None
    yt_pred = None
    ### END CODE HERE ###
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache


def lstm_forward(x, a0, parameters):
    """The LSTM over a whole sequence; the memory cell starts at zero, as in DLS.

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0 -- ndarray (n_a, m), the initial hidden state
    parameters -- dict as in lstm_cell_forward

    Returns:
    a -- ndarray (n_a, m, T_x), the hidden states
    y -- ndarray (n_y, m, T_x), the predictions
    c -- ndarray (n_a, m, T_x), the memory cells
    caches -- tuple (list of the T_x cell caches, x), for lstm_backward
    """
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    a_next = a0
    c_next = np.zeros(a_next.shape)
    for t in range(T_x):
        ### START CODE HERE ### (≈ 5 lines)
        # YOUR CODE HERE
        a_next, c_next, yt, cache = None, None, None, None
        ### END CODE HERE ###
    caches = (caches, x)
    return a, y, c, caches


def lstm_cell_backward(da_next, dc_next, cache):
    """Backward pass of one LSTM step (the hidden state and the cell; not the output layer).

    Arguments:
    da_next -- ndarray (n_a, m), the whole gradient of the loss with respect to a_next
    dc_next -- ndarray (n_a, m), the gradient with respect to c_next that arrives from step t+1
    cache -- tuple from lstm_cell_forward

    Returns:
    gradients -- dict with
        dxt -- ndarray (n_x, m)
        da_prev, dc_prev -- ndarrays (n_a, m)
        dWf, dWi, dWc, dWo -- ndarrays (n_a, n_a + n_x)
        dbf, dbi, dbc, dbo -- ndarrays (n_a, 1)
    """
    (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) = cache
    n_a = a_next.shape[0]
    ### START CODE HERE ### (≈ 16 lines)
    # YOUR CODE HERE
    tanh_c = None
    dc = None
    dot = None
    dcct = None
    dit = None
    dft = None
    concat = None
    dWf = None
    dWi = None
    dWc = None
    dWo = None
    dbf = None
    dbi = None
    dbc = None
    dbo = None
    da_prev, dxt, dc_prev, dconcat = None, None, None, None
    ### END CODE HERE ###
    gradients = {"dxt": dxt, "da_prev": da_prev, "dc_prev": dc_prev, "dWf": dWf, "dbf": dbf, "dWi": dWi,
                 "dbi": dbi, "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients


def lstm_backward(da, caches):
    """Backpropagation through time through the LSTM.

    Arguments:
    da -- ndarray (n_a, m, T_x), the gradient with respect to a<t> that arrives from y<t> only
    caches -- tuple (list of cell caches, x) from lstm_forward

    Returns:
    gradients -- dict with dx (n_x, m, T_x), da0 (n_a, m), and dWf, dbf, dWi, dbi, dWc, dbc, dWo, dbo
                 summed over the time steps
    """
    (caches, x) = caches
    (a1, c1, a0, c0, f1, i1, cc1, o1, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    dWf = np.zeros((n_a, n_a + n_x))
    dWi = np.zeros((n_a, n_a + n_x))
    dWc = np.zeros((n_a, n_a + n_x))
    dWo = np.zeros((n_a, n_a + n_x))
    dbf = np.zeros((n_a, 1))
    dbi = np.zeros((n_a, 1))
    dbc = np.zeros((n_a, 1))
    dbo = np.zeros((n_a, 1))
    for t in reversed(range(T_x)):
        ### START CODE HERE ### (≈ 12 lines)
        # YOUR CODE HERE
        gradients = None
        da_prevt = None
        dc_prevt = None
        dWf = None
        dWi = None
        dWc = None
        dWo = None
        dbf = None
        dbi = None
        dbc = None
        dbo = None
        ### END CODE HERE ###
    da0 = da_prevt
    gradients = {"dx": dx, "da0": da0, "dWf": dWf, "dbf": dbf, "dWi": dWi, "dbi": dbi,
                 "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients
