"""Given code for the 'attention' assignment: softmax, sigmoid, gru_cell_forward, gru_cell_backward, bigru_forward, bigru_backward, initialize_parameters, initialize_adam, update_parameters_with_adam, one_hot, compute_cost, split_heads, combine_heads."""

import numpy as np


def softmax(x, axis=-1):
    """Softmax along ``axis``, stable for large entries (the maximum is subtracted first).

    Arguments:
    x -- ndarray of any shape
    axis -- the axis whose entries sum to 1

    Returns:
    ndarray of x's shape
    """
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def sigmoid(x):
    """Logistic function, finite for any finite x."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def gru_cell_forward(xt, a_prev, parameters):
    """One step of a GRU (the notes' full GRU, with the relevance gate).

    Arguments:
    xt -- input at this step, shape (m, n_x)
    a_prev -- previous state, shape (m, n_a)
    parameters -- dict: "Wu", "Wr", "Wc" of shape (n_a + n_x, n_a) acting on [a_prev, xt] (for "Wc":
                  on [gamma_r * a_prev, xt]), "bu", "br", "bc" of shape (n_a,)

    Returns:
    a_next -- shape (m, n_a): gamma_u * c_tilde + (1 - gamma_u) * a_prev
    cache -- (xt, a_prev, gamma_u, gamma_r, c_tilde, parameters)
    """
    concat = np.concatenate([a_prev, xt], axis=1)
    gamma_u = sigmoid(concat @ parameters["Wu"] + parameters["bu"])
    gamma_r = sigmoid(concat @ parameters["Wr"] + parameters["br"])
    c_tilde = np.tanh(np.concatenate([gamma_r * a_prev, xt], axis=1) @ parameters["Wc"] + parameters["bc"])
    a_next = gamma_u * c_tilde + (1 - gamma_u) * a_prev
    return a_next, (xt, a_prev, gamma_u, gamma_r, c_tilde, parameters)


def gru_cell_backward(da_next, cache):
    """Gradients of sum(da_next * a_next) for one GRU step.

    Arguments:
    da_next -- shape (m, n_a)
    cache -- from gru_cell_forward

    Returns:
    dict with "dxt" (m, n_x), "da_prev" (m, n_a), "dWu", "dWr", "dWc" (n_a + n_x, n_a), "dbu", "dbr",
    "dbc" (n_a,)
    """
    xt, a_prev, gamma_u, gamma_r, c_tilde, parameters = cache
    n_a = a_prev.shape[1]
    concat = np.concatenate([a_prev, xt], axis=1)
    concat_r = np.concatenate([gamma_r * a_prev, xt], axis=1)
    dc = da_next * gamma_u * (1 - c_tilde ** 2)
    du = da_next * (c_tilde - a_prev) * gamma_u * (1 - gamma_u)
    dconcat_r = dc @ parameters["Wc"].T
    dr = dconcat_r[:, :n_a] * a_prev * gamma_r * (1 - gamma_r)
    dconcat = du @ parameters["Wu"].T + dr @ parameters["Wr"].T
    da_prev = da_next * (1 - gamma_u) + dconcat_r[:, :n_a] * gamma_r + dconcat[:, :n_a]
    dxt = dconcat_r[:, n_a:] + dconcat[:, n_a:]
    return {"dxt": dxt, "da_prev": da_prev,
            "dWu": concat.T @ du, "dbu": du.sum(axis=0), "dWr": concat.T @ dr, "dbr": dr.sum(axis=0),
            "dWc": concat_r.T @ dc, "dbc": dc.sum(axis=0)}


def bigru_forward(x, parameters_f, parameters_b):
    """The bidirectional encoder: a forward GRU over x<1..Tx> and a backward GRU over x<Tx..1>, both
    starting from zeros.

    Arguments:
    x -- inputs, shape (m, Tx, n_x)
    parameters_f, parameters_b -- GRU parameters (see gru_cell_forward) of the two directions

    Returns:
    a -- shape (m, Tx, 2 * n_a): a[:, t'] = [forward state at t'; backward state at t']
    cache -- (caches_f, caches_b), the step caches of the two directions
    """
    m, Tx, _ = x.shape
    n_a = parameters_f["bu"].shape[0]
    a = np.zeros((m, Tx, 2 * n_a))
    caches_f, caches_b = [], []
    state = np.zeros((m, n_a))
    for t in range(Tx):
        state, c = gru_cell_forward(x[:, t], state, parameters_f)
        a[:, t, :n_a] = state
        caches_f.append(c)
    state = np.zeros((m, n_a))
    for t in reversed(range(Tx)):
        state, c = gru_cell_forward(x[:, t], state, parameters_b)
        a[:, t, n_a:] = state
        caches_b.append(c)
    return a, (caches_f, caches_b)


def bigru_backward(da, cache):
    """Gradients of sum(da * a) through the bidirectional encoder.

    Arguments:
    da -- shape (m, Tx, 2 * n_a)
    cache -- from bigru_forward

    Returns:
    grads_f, grads_b -- dicts "dWu", "dbu", "dWr", "dbr", "dWc", "dbc" of each direction
    """
    caches_f, caches_b = cache
    n_a = da.shape[2] // 2
    Tx = da.shape[1]
    grads = []
    for caches, half, order in ((caches_f, slice(0, n_a), range(Tx)), (caches_b, slice(n_a, 2 * n_a), reversed(range(Tx)))):
        steps = list(order)
        total = {k: np.zeros_like(caches[0][5][k]) for k in ("Wu", "bu", "Wr", "br", "Wc", "bc")}
        carry = np.zeros_like(da[:, 0, half])
        for i in reversed(range(Tx)):
            g = gru_cell_backward(da[:, steps[i], half] + carry, caches[i])
            carry = g["da_prev"]
            for k in total:
                total[k] += g["d" + k]
        grads.append({"d" + k: v for k, v in total.items()})
    return grads[0], grads[1]


def initialize_parameters(n_x, n_a, n_s, n_e, n_y, seed=0):
    """Random parameters of the attention model: weights N(0, 1/fan-in), biases zero.

    Arguments:
    n_x -- size of the input vocabulary; n_a -- state size of each encoder direction; n_s -- decoder
    state size; n_e -- hidden units of the attention network; n_y -- size of the output vocabulary
    seed -- seed of a private numpy RandomState

    Returns:
    parameters -- dict of dicts: "encoder_f", "encoder_b" (GRU, input n_x, state n_a), "attention"
                  ("W1" (2 n_a + n_s, n_e), "b1" (n_e,), "W2" (n_e, 1)), "decoder" (GRU, input
                  2 n_a, state n_s), "output" ("Wy" (n_s, n_y), "by" (n_y,))
    """
    rng = np.random.RandomState(seed)

    def gru(n_in, n_state):
        p = {}
        for gate in "urc":
            p["W" + gate] = rng.randn(n_state + n_in, n_state) / np.sqrt(n_state + n_in)
            p["b" + gate] = np.zeros(n_state)
        return p

    return {"encoder_f": gru(n_x, n_a), "encoder_b": gru(n_x, n_a),
            "attention": {"W1": rng.randn(2 * n_a + n_s, n_e) / np.sqrt(2 * n_a + n_s), "b1": np.zeros(n_e),
                          "W2": rng.randn(n_e, 1) / np.sqrt(n_e)},
            "decoder": gru(2 * n_a, n_s),
            "output": {"Wy": rng.randn(n_s, n_y) / np.sqrt(n_s), "by": np.zeros(n_y)}}


def initialize_adam(parameters):
    """Zero first and second moments for every parameter: v, s with the keys of the grads ("d" + name)."""
    v = {g: {"d" + k: np.zeros_like(w) for k, w in p.items()} for g, p in parameters.items()}
    s = {g: {"d" + k: np.zeros_like(w) for k, w in p.items()} for g, p in parameters.items()}
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One Adam step on the nested parameter dict (t counts from 1). Returns (parameters, v, s), new
    dicts; the inputs are not modified."""
    new_p, new_v, new_s = {}, {}, {}
    for group, p in parameters.items():
        new_p[group], new_v[group], new_s[group] = {}, {}, {}
        for k, w in p.items():
            g = grads[group]["d" + k]
            new_v[group]["d" + k] = beta1 * v[group]["d" + k] + (1 - beta1) * g
            new_s[group]["d" + k] = beta2 * s[group]["d" + k] + (1 - beta2) * g ** 2
            v_hat = new_v[group]["d" + k] / (1 - beta1 ** t)
            s_hat = new_s[group]["d" + k] / (1 - beta2 ** t)
            new_p[group][k] = w - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_p, new_v, new_s


def one_hot(indices, n):
    """One-hot rows: integer array of any shape (...) -> float array (..., n)."""
    return np.eye(n)[indices]


def compute_cost(Y_hat, Y):
    """Mean over the m examples of the summed cross-entropy of the Ty outputs.

    Arguments:
    Y_hat -- probabilities, shape (m, Ty, n_y); Y -- integer labels, shape (m, Ty)

    Returns:
    cost -- Python float
    """
    m = Y.shape[0]
    picked = np.take_along_axis(Y_hat, Y[:, :, np.newaxis], axis=2)
    return float(-np.sum(np.log(picked)) / m)


def split_heads(x, num_heads):
    """(m, seq_len, d_model) -> (m, num_heads, seq_len, depth), depth = d_model / num_heads: head h gets
    the features h * depth ... (h + 1) * depth - 1."""
    m, seq_len, d_model = x.shape
    return x.reshape(m, seq_len, num_heads, d_model // num_heads).transpose(0, 2, 1, 3)


def combine_heads(x):
    """(m, num_heads, seq_len, depth) -> (m, seq_len, num_heads * depth): the inverse of split_heads."""
    m, num_heads, seq_len, depth = x.shape
    return x.transpose(0, 2, 1, 3).reshape(m, seq_len, num_heads * depth)
