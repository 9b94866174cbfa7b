"""Reference: the attention model of the notes on date translation, then the Transformer's attention
(DLS C5W3 assignment 1 "Neural machine translation with attention", in numpy; C5W4's building blocks).

Curriculum section: 注意力模型 (Attention Model); beyond the notes: scaled dot-product attention,
positional encoding and multi-head attention of the Transformer.

Layout: examples come first, as in the Keras model of the course: a sequence of m examples is an
array of shape (m, T, n). Weights multiply from the right (``x @ W + b``), biases are 1-D.

The model, for one example:

    x<1..Tx> -> bidirectional GRU -> a<1..Tx>  (a<t'> = [forward state; backward state], 2*n_a values)
    for t = 1..Ty:  context<t> = one_step_attention(a, s<t-1>)
                    s<t> = GRU(context<t>, s<t-1>),   y_hat<t> = softmax(s<t> Wy + by)

Gradients: every backward function returns the gradients of a *sum* (``sum(dout * out)``), without
any 1/m; the model's cost is the mean over the examples of the summed cross-entropies of the Ty
outputs, and its 1/m enters once, in ``model_backward``.

Functions without markers are given code (helper module ``attention_utils`` of the notebook); the
others are graded.
"""

import numpy as np


# -- given code: activations, a GRU cell, the bidirectional encoder, initialisation, Adam ---------
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


# -- the attention step ---------------------------------------------------------------------
def one_step_attention(a, s_prev, parameters):
    """One step of attention: energies e<t,t'> from [a<t'>; s<t-1>] by a small network, attention
    weights alpha<t,t'> by a softmax over t', and the context vector.

        h<t'> = tanh([a<t'>; s<t-1>] W1 + b1),   e<t,t'> = h<t'> W2,
        alpha<t,t'> = exp(e<t,t'>) / sum over t'' of exp(e<t,t''>),   context<t> = sum over t' of alpha<t,t'> a<t'>

    Arguments:
    a -- encoder states, shape (m, Tx, 2 * n_a)
    s_prev -- previous decoder state, shape (m, n_s)
    parameters -- dict: "W1" (2 * n_a + n_s, n_e), "b1" (n_e,), "W2" (n_e, 1)

    Returns:
    context -- shape (m, 2 * n_a)
    alphas -- shape (m, Tx), each row sums to 1
    cache -- (a, s_prev, h, alphas, parameters)
    """
    Tx = a.shape[1]
    ### START CODE HERE ### (≈ 6 lines)
    s_rep = np.repeat(s_prev[:, np.newaxis, :], Tx, axis=1)
    concat = np.concatenate([a, s_rep], axis=-1)
    h = np.tanh(concat @ parameters["W1"] + parameters["b1"])
    energies = (h @ parameters["W2"])[:, :, 0]
    alphas = softmax(energies, axis=0)
    context = np.sum(alphas[:, :, np.newaxis] * a, axis=1)
    ### END CODE HERE ###
    cache = (a, s_prev, h, alphas, parameters)
    return context, alphas, cache


def one_step_attention_backward(dcontext, cache):
    """Gradients of sum(dcontext * context) for one attention step.

    Arguments:
    dcontext -- shape (m, 2 * n_a)
    cache -- (a, s_prev, h, alphas, parameters) from one_step_attention

    Returns:
    grads -- dict: "da" (m, Tx, 2 * n_a), "ds_prev" (m, n_s), "dW1" (2 * n_a + n_s, n_e), "db1" (n_e,),
             "dW2" (n_e, 1)
    """
    a, s_prev, h, alphas, parameters = cache
    Tx, n_2a = a.shape[1], a.shape[2]
    concat = np.concatenate([a, np.repeat(s_prev[:, np.newaxis, :], Tx, axis=1)], axis=-1)
    ### START CODE HERE ### (≈ 10 lines)
    dalphas = (a @ dcontext[:, :, np.newaxis])[:, :, 0]
    da = alphas[:, :, np.newaxis] * dcontext[:, np.newaxis, :]
    denergies = alphas * (dalphas - np.sum(alphas * dalphas, axis=1, keepdims=True))
    dW2 = h.reshape(-1, h.shape[2]).T @ denergies.reshape(-1, 1)
    dz = denergies[:, :, np.newaxis] * parameters["W2"][:, 0] * (1 - h ** 2)
    dW1 = concat.reshape(-1, concat.shape[2]).T @ dz.reshape(-1, dz.shape[2])
    db1 = np.sum(dz, axis=(0, 1))
    dconcat = dz @ parameters["W1"].T
    da = da + dconcat[:, :, :n_2a]
    ds_prev = np.sum(dconcat[:, :, n_2a:], axis=1)
    ### END CODE HERE ###
    grads = {"da": da, "ds_prev": ds_prev, "dW1": dW1, "db1": db1, "dW2": dW2}
    return grads


# -- the model -------------------------------------------------------------------------------
def model_forward(X, parameters, Ty):
    """The attention model on a batch of one-hot inputs.

    Arguments:
    X -- one-hot inputs, shape (m, Tx, n_x)
    parameters -- dict of dicts, see initialize_parameters
    Ty -- number of output steps

    Returns:
    Y_hat -- output probabilities, shape (m, Ty, n_y)
    alphas -- attention weights, shape (m, Ty, Tx): alphas[:, t, t'] is alpha<t+1,t'+1>
    caches -- (encoder_cache, step_caches) with step_caches[t] = (attention_cache, decoder_cache, s<t+1>)
    """
    m, Tx, _ = X.shape
    a, encoder_cache = bigru_forward(X, parameters["encoder_f"], parameters["encoder_b"])
    n_s, n_y = parameters["output"]["Wy"].shape
    s = np.zeros((m, n_s))
    Y_hat, alphas = np.zeros((m, Ty, n_y)), np.zeros((m, Ty, Tx))
    step_caches = []
    for t in range(Ty):
        ### START CODE HERE ### (≈ 3 lines)
        context, alpha, attention_cache = one_step_attention(a, s, parameters["attention"])
        s, decoder_cache = gru_cell_forward(context, s, parameters["decoder"])
        y_hat = softmax(s @ parameters["output"]["Wy"] + parameters["output"]["by"], axis=1)
        ### END CODE HERE ###
        alphas[:, t], Y_hat[:, t] = alpha, y_hat
        step_caches.append((attention_cache, decoder_cache, s))
    return Y_hat, alphas, (encoder_cache, step_caches)


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


def model_backward(Y_hat, Y, caches, parameters):
    """Gradients of compute_cost(Y_hat, Y) with respect to every parameter.

    Arguments:
    Y_hat -- shape (m, Ty, n_y), from model_forward
    Y -- integer labels, shape (m, Ty)
    caches -- from model_forward
    parameters -- the parameters model_forward used

    Returns:
    grads -- dict of dicts with the keys of parameters, "d" before every name: grads["attention"]["dW1"]...
    """
    m, Ty, n_y = Y_hat.shape
    encoder_cache, step_caches = caches
    Wy = parameters["output"]["Wy"]
    grads = {g: {"d" + k: np.zeros_like(w) for k, w in p.items()} for g, p in parameters.items() if g != "encoder_f" and g != "encoder_b"}
    a = step_caches[0][0][0]
    da = np.zeros_like(a)
    ds_next = np.zeros((m, Wy.shape[0]))
    dY = (Y_hat - one_hot(Y, n_y)) / m
    for t in reversed(range(Ty)):
        attention_cache, decoder_cache, s = step_caches[t]
        ### START CODE HERE ### (≈ 6 lines)
        ds = ds_next + dY[:, t] @ Wy.T
        grads["output"]["dWy"] += s.T @ dY[:, t]
        grads["output"]["dby"] += np.sum(dY[:, t], axis=0)
        g_decoder = gru_cell_backward(ds, decoder_cache)
        g_attention = one_step_attention_backward(g_decoder["dxt"], attention_cache)
        ds_next = g_decoder["da_prev"] + g_attention["ds_prev"]
        ### END CODE HERE ###
        da += g_attention["da"]
        for k in grads["decoder"]:
            grads["decoder"][k] += g_decoder[k]
        for k in grads["attention"]:
            grads["attention"][k] += g_attention[k]
    grads["encoder_f"], grads["encoder_b"] = bigru_backward(da, encoder_cache)
    return grads


def train_model(X, Y, parameters, num_epochs=1, batch_size=64, learning_rate=0.01, seed=0):
    """Minibatch Adam on the attention model.

    Arguments:
    X -- integer inputs, shape (m, Tx), values below n_x
    Y -- integer labels, shape (m, Ty)
    parameters -- initial parameters (see initialize_parameters); not modified
    num_epochs, batch_size, learning_rate -- as their names say
    seed -- seed of the shuffles (a private RandomState)

    Returns:
    parameters -- the trained parameters
    costs -- list of floats, the cost of every minibatch before its update
    """
    rng = np.random.RandomState(seed)
    n_x = parameters["encoder_f"]["Wu"].shape[0] - parameters["encoder_f"]["bu"].shape[0]
    Ty = Y.shape[1]
    v, s = initialize_adam(parameters)
    costs, t = [], 0
    for epoch in range(num_epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            batch = order[start:start + batch_size]
            X_batch, Y_batch = one_hot(X[batch], n_x), Y[batch]
            t += 1
            ### START CODE HERE ### (≈ 4 lines)
            Y_hat, _, caches = model_forward(X_batch, parameters, Ty)
            cost = compute_cost(Y_hat, Y_batch)
            grads = model_backward(Y_hat, Y_batch, caches, parameters)
            parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
            ### END CODE HERE ###
            costs.append(cost)
    return parameters, costs


# -- beyond the notes: the Transformer's attention -------------------------------------------
def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d_k) + (1 - mask) * -1e9) v, the softmax over the keys (the last axis).

    Arguments:
    q -- queries, shape (..., seq_len_q, d_k)
    k -- keys, shape (..., seq_len_k, d_k)
    v -- values, shape (..., seq_len_k, d_v)
    mask -- None, or an array of 1 (attend) and 0 (masked) broadcastable to (..., seq_len_q, seq_len_k)

    Returns:
    output -- shape (..., seq_len_q, d_v)
    attention_weights -- shape (..., seq_len_q, seq_len_k), each row sums to 1
    """
    ### START CODE HERE ### (≈ 6 lines)
    d_k = q.shape[-1]
    logits = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        logits = logits + (1.0 - mask) * -1e9
    attention_weights = softmax(logits, axis=-1)
    output = attention_weights @ v
    ### END CODE HERE ###
    return output, attention_weights


def positional_encoding(positions, d):
    """The Transformer's sinusoidal positional encodings.

    PE[pos, j] = sin(pos / 10000^(2i/d)) for even j = 2i, cos(pos / 10000^(2i/d)) for odd j = 2i + 1.

    Arguments:
    positions -- number of positions (0, 1, ..., positions - 1)
    d -- encoding size

    Returns:
    pos_encoding -- float array of shape (1, positions, d)
    """
    ### START CODE HERE ### (≈ 5 lines)
    pos = np.arange(positions)[:, np.newaxis]
    j = np.arange(d)[np.newaxis, :]
    angles = pos / np.power(10000.0, (2 * (j // 2)) / d)
    angles[:, 0::2] = np.cos(angles[:, 0::2])
    angles[:, 1::2] = np.sin(angles[:, 1::2])
    ### END CODE HERE ###
    pos_encoding = angles[np.newaxis, :, :]
    return pos_encoding


def split_heads(x, num_heads):
    """(m, seq_len, d_model) -> (m, num_heads, seq_len, depth), depth = d_model / num_heads: head h gets
    the features h * depth ... (h + 1) * depth - 1."""
    m, seq_len, d_model = x.shape
    return x.reshape(m, seq_len, num_heads, d_model // num_heads).transpose(0, 2, 1, 3)


def combine_heads(x):
    """(m, num_heads, seq_len, depth) -> (m, seq_len, num_heads * depth): the inverse of split_heads."""
    m, num_heads, seq_len, depth = x.shape
    return x.transpose(0, 2, 1, 3).reshape(m, seq_len, num_heads * depth)


def multihead_attention_forward(q, k, v, mask, parameters, num_heads):
    """Multi-head attention: project, split into heads, scaled dot-product attention in every head,
    concatenate, project.

        Q = q Wq + bq, K = k Wk + bk, V = v Wv + bv  (each split into num_heads heads of depth d_model / num_heads)
        out = concat_h(attention(Q_h, K_h, V_h, mask)) Wo + bo

    Arguments:
    q -- shape (m, seq_len_q, d_model); k, v -- shape (m, seq_len_k, d_model)
    mask -- None, or 1 (attend) / 0 (masked), broadcastable to (m, num_heads, seq_len_q, seq_len_k)
    parameters -- dict: "Wq", "Wk", "Wv", "Wo" (d_model, d_model); "bq", "bk", "bv", "bo" (d_model,)
    num_heads -- number of heads, dividing d_model

    Returns:
    output -- shape (m, seq_len_q, d_model)
    attention_weights -- shape (m, num_heads, seq_len_q, seq_len_k)
    cache -- (q, k, v, Q, K, V, attention_weights, concat, parameters, num_heads)
    """
    ### START CODE HERE ### (≈ 7 lines)
    Q = split_heads(q @ parameters["Wq"] + parameters["bq"], num_heads)
    K = split_heads(k @ parameters["Wk"] + parameters["bk"], num_heads)
    V = split_heads(v @ parameters["Wv"] + parameters["bv"], num_heads)
    heads, attention_weights = scaled_dot_product_attention(Q, K, V, mask)
    concat = combine_heads(heads)
    output = concat @ parameters["Wo"] + parameters["bo"]
    ### END CODE HERE ###
    cache = (q, k, v, Q, K, V, attention_weights, concat, parameters, num_heads)
    return output, attention_weights, cache


def multihead_attention_backward(doutput, cache):
    """Gradients of sum(doutput * output) for multi-head attention.

    Arguments:
    doutput -- shape (m, seq_len_q, d_model)
    cache -- from multihead_attention_forward

    Returns:
    grads -- dict: "dq" (m, seq_len_q, d_model), "dk", "dv" (m, seq_len_k, d_model), "dWq", "dWk", "dWv",
             "dWo" (d_model, d_model), "dbq", "dbk", "dbv", "dbo" (d_model,)
    """
    q, k, v, Q, K, V, attention_weights, concat, parameters, num_heads = cache
    depth = Q.shape[-1]
    ### START CODE HERE ### (≈ 14 lines)
    dWo = np.einsum("msi,msj->ij", concat, doutput)
    dbo = np.sum(doutput, axis=(0, 1))
    dheads = split_heads(doutput @ parameters["Wo"].T, num_heads)
    dweights = dheads @ np.swapaxes(V, -1, -2)
    dV = np.swapaxes(attention_weights, -1, -2) @ dheads
    dlogits = attention_weights * (dweights - np.sum(attention_weights * dweights, axis=-1, keepdims=True))
    dQ = dlogits @ K / np.sqrt(depth)
    dK = np.swapaxes(dlogits, -1, -2) @ Q / np.sqrt(depth)
    dQ, dK, dV = combine_heads(dQ), combine_heads(dK), combine_heads(dV)
    dWq, dWk, dWv = (np.einsum("msi,msj->ij", x, d) for x, d in ((q, dQ), (k, dK), (v, dV)))
    dbq, dbk, dbv = (np.sum(d, axis=(0, 1)) for d in (dQ, dK, dV))
    dq = dQ @ parameters["Wq"].T
    dk = dK @ parameters["Wk"].T
    dv = dV @ parameters["Wv"].T
    ### END CODE HERE ###
    grads = {"dq": dq, "dk": dk, "dv": dv, "dWq": dWq, "dbq": dbq, "dWk": dWk, "dbk": dbk,
             "dWv": dWv, "dbv": dbv, "dWo": dWo, "dbo": dbo}
    return grads
