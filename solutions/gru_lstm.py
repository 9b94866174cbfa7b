"""Reference: gated recurrent units and long short-term memory, forward and backward (DLS C5W1,
assignment 1, the LSTM half, and a GRU in the same style).

Curriculum section: 序列模型 (sequence models): GRU单元 (gated recurrent unit), 长短期记忆 (LSTM).

Shapes follow DLS: x (n_x, m, T_x), a and c (n_a, m, T_x), y (n_y, m, T_x). Every gate's weights have
shape (n_a, n_a + n_x) and act on the stacked column [a_prev; xt].

The notes' memory-cell updates are wrong (a + where a * belongs), and their LSTM gates read c<t-1>;
the correct equations are used here:

    GRU:  Γr = σ(Wr [a<t-1>; x<t>] + br)        Γu = σ(Wu [a<t-1>; x<t>] + bu)
          c̃  = tanh(Wc [Γr * a<t-1>; x<t>] + bc)
          a<t> = c<t> = Γu * c̃ + (1 - Γu) * a<t-1>
    LSTM: Γf, Γi (the update gate Γu), Γo = σ(W [a<t-1>; x<t>] + b),  c̃ = tanh(Wc [a<t-1>; x<t>] + bc)
          c<t> = Γi * c̃ + Γf * c<t-1>,  a<t> = Γo * tanh(c<t>)
    both: y<t> = softmax(Wy a<t> + by)

Caches: GRU cell `(a_next, a_prev, rt, ut, cct, xt, parameters)`; LSTM cell as DLS,
`(a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)`; sequences `(list_of_caches, x)`.

Contract of the backward passes (as in `rnn`): the cell backward takes the whole gradient with
respect to its outputs; the sequence backward takes, in `da[:, :, t]`, the gradient that arrives from
y<t> only, and adds the part carried back from step t+1.

`sigmoid` and `softmax` are given code (the student notebook's helper module `rnn_utils`).
"""

import numpy as np


def sigmoid(x):
    """Logistic function, finite for any finite x.

    Arguments:
    x -- ndarray of any shape

    Returns:
    ndarray of x's shape, values in [0, 1]
    """
    # exp(-x) overflows to inf for x < -709, and 1 / (1 + inf) is the correct limit 0: the warning is
    # silenced, not the value. Every step works in place on one new array.
    s = np.negative(x, dtype=np.float64)
    with np.errstate(over="ignore"):
        np.exp(s, out=s)
    s += 1.0
    return np.reciprocal(s, out=s)


def softmax(x):
    """Softmax over axis 0 (the classes).

    Arguments:
    x -- ndarray (n_y, ...) of scores

    Returns:
    ndarray of x's shape; every slice x[:, i, ...] sums to 1
    """
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


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
    rt = sigmoid(np.dot(Wr, concat) + br)
    ut = sigmoid(np.dot(Wu, concat) + bu)
    # The relevance gate scales the old state before it enters the candidate.
    cct = np.tanh(np.dot(Wc, np.concatenate((rt * a_prev, xt), axis=0)) + bc)
    a_next = ut * cct + (1 - ut) * a_prev
    yt_pred = softmax(np.dot(Wy, a_next) + by)
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
        a_next, yt, cache = gru_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y[:, :, t] = yt
        caches.append(cache)
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
    # Gradients with respect to the pre-activations of the candidate and the two gates.
    dcct = da_next * ut * (1 - cct ** 2)
    dut = da_next * (cct - a_prev) * ut * (1 - ut)
    dWc = np.dot(dcct, np.concatenate((rt * a_prev, xt), axis=0).T)
    dbc = np.sum(dcct, axis=1, keepdims=True)
    # Γr * a_prev is the first block of the candidate's input.
    dgated = np.dot(Wc[:, :n_a].T, dcct)
    drt = dgated * a_prev * rt * (1 - rt)
    dWu = np.dot(dut, concat.T)
    dbu = np.sum(dut, axis=1, keepdims=True)
    dWr = np.dot(drt, concat.T)
    dbr = np.sum(drt, axis=1, keepdims=True)
    # a_prev reaches a_next directly (through 1 - Γu), through Γr * a_prev, and through both gates.
    da_prev = (da_next * (1 - ut) + dgated * rt
               + np.dot(Wu[:, :n_a].T, dut) + np.dot(Wr[:, :n_a].T, drt))
    dxt = np.dot(Wc[:, n_a:].T, dcct) + np.dot(Wu[:, n_a:].T, dut) + np.dot(Wr[:, n_a:].T, drt)
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
        gradients = gru_cell_backward(da[:, :, t] + da_prevt, caches[t])
        da_prevt = gradients["da_prev"]
        dx[:, :, t] = gradients["dxt"]
        for key in totals:
            totals[key] += gradients[key]
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
    # Every gate reads the hidden state and the input, [a<t-1>; x<t>] (not c<t-1>, as the notes write).
    concat = np.concatenate((a_prev, xt), axis=0)
    ft = sigmoid(np.dot(Wf, concat) + bf)
    it = sigmoid(np.dot(Wi, concat) + bi)
    cct = np.tanh(np.dot(Wc, concat) + bc)
    c_next = it * cct + ft * c_prev
    ot = sigmoid(np.dot(Wo, concat) + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(np.dot(Wy, a_next) + by)
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
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)
        a[:, :, t] = a_next
        c[:, :, t] = c_next
        y[:, :, t] = yt
        caches.append(cache)
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
    tanh_c = np.tanh(c_next)
    # c_next receives dc_next from step t+1 and, through a_next = Γo * tanh(c_next), a share of da_next.
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    # Gradients with respect to the pre-activations of the gates and of the candidate.
    dot = da_next * tanh_c * ot * (1 - ot)
    dcct = dc * it * (1 - cct ** 2)
    dit = dc * cct * it * (1 - it)
    dft = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate((a_prev, xt), axis=0)
    dWf = np.dot(dft, concat.T)
    dWi = np.dot(dit, concat.T)
    dWc = np.dot(dcct, concat.T)
    dWo = np.dot(dot, concat.T)
    dbf = np.sum(dft, axis=1, keepdims=True)
    dbi = np.sum(dit, axis=1, keepdims=True)
    dbc = np.sum(dcct, axis=1, keepdims=True)
    dbo = np.sum(dot, axis=1, keepdims=True)
    dconcat = (np.dot(parameters["Wf"].T, dft) + np.dot(parameters["Wi"].T, dit)
               + np.dot(parameters["Wc"].T, dcct) + np.dot(parameters["Wo"].T, dot))
    da_prev = dconcat[:n_a]
    dxt = dconcat[n_a:]
    dc_prev = dc * ft
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
        gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        da_prevt = gradients["da_prev"]
        dc_prevt = gradients["dc_prev"]
        dx[:, :, t] = gradients["dxt"]
        dWf += gradients["dWf"]
        dWi += gradients["dWi"]
        dWc += gradients["dWc"]
        dWo += gradients["dWo"]
        dbf += gradients["dbf"]
        dbi += gradients["dbi"]
        dbc += gradients["dbc"]
        dbo += gradients["dbo"]
        ### END CODE HERE ###
    da0 = da_prevt
    gradients = {"dx": dx, "da0": da0, "dWf": dWf, "dbf": dbf, "dWi": dWi, "dbi": dbi,
                 "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients
