"""Given code for the 'seq2seq' assignment: softmax, sigmoid, gru_cell_forward, gru_cell_backward, initialize_adam, update_parameters_with_adam, one_hot, initialize_parameters, encoder_backward, compute_cost, teacher_forcing_inputs."""

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


def initialize_parameters(n_x, n_a, n_y, seed=0):
    """Random parameters of the encoder-decoder: weights N(0, 1/fan-in), biases zero.

    Arguments:
    n_x -- size of the input vocabulary; n_a -- state size of both GRUs; n_y -- number of output tokens
    (the last one is <eos>); seed -- seed of a private numpy RandomState

    Returns:
    parameters -- dict of dicts: "encoder" (GRU, input n_x, state n_a), "decoder" (GRU, input n_y + 1,
                  for the output tokens and <sos>, state n_a), "output" ("Wy" (n_a, n_y), "by" (n_y,))
    """
    rng = np.random.RandomState(seed)

    def gru(n_in, n_state):
        p = {}
        for gate in "urc":
            p["W" + gate] = rng.randn(n_state + n_in, n_state) / np.sqrt(n_state + n_in)
            p["b" + gate] = np.zeros(n_state)
        return p

    return {"encoder": gru(n_x, n_a), "decoder": gru(n_y + 1, n_a),
            "output": {"Wy": rng.randn(n_a, n_y) / np.sqrt(n_a), "by": np.zeros(n_y)}}


def encoder_backward(da_last, caches):
    """Gradients of sum(da_last * a_last) through the encoder, back through every step.

    Arguments:
    da_last -- shape (m, n_a), the gradient of the encoder's last state
    caches -- list of the GRU step caches, from encoder_forward

    Returns:
    grads -- dict "dWu", "dbu", "dWr", "dbr", "dWc", "dbc"
    """
    grads = {"d" + k: np.zeros_like(caches[0][5][k]) for k in ("Wu", "bu", "Wr", "br", "Wc", "bc")}
    da = da_last
    for cache in reversed(caches):
        g = gru_cell_backward(da, cache)
        da = g["da_prev"]
        for k in grads:
            grads[k] += g[k]
    return grads


def compute_cost(log_probs, Y):
    """Mean over the m examples of the summed cross-entropy of the Ty outputs.

    Arguments:
    log_probs -- shape (m, Ty, n_y); Y -- integer targets, shape (m, Ty)

    Returns:
    cost -- Python float
    """
    return float(-np.sum(np.take_along_axis(log_probs, Y[:, :, np.newaxis], axis=2)) / Y.shape[0])


def teacher_forcing_inputs(Y, n_y):
    """The decoder's inputs and targets for training: inputs <sos> y<1> ... y<Ty>, targets y<1> ... y<Ty> <eos>.

    Arguments:
    Y -- integer outputs without <eos>, shape (m, Ty); n_y -- number of output tokens (<eos> = n_y - 1)

    Returns:
    Y_in -- shape (m, Ty + 1), starting with <sos> = n_y; Y_out -- shape (m, Ty + 1), ending with <eos>
    """
    m = Y.shape[0]
    Y_in = np.concatenate([np.full((m, 1), n_y), Y], axis=1)
    Y_out = np.concatenate([Y, np.full((m, 1), n_y - 1)], axis=1)
    return Y_in, Y_out
