"""Neural machine translation with attention: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from attention_utils import softmax, gru_cell_forward, gru_cell_backward, bigru_forward, bigru_backward
from attention_utils import initialize_parameters, initialize_adam, update_parameters_with_adam, one_hot, compute_cost
from attention_utils import split_heads, combine_heads
from datasets import load_dates, date_vocabularies, encode_strings


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
    # YOUR CODE HERE
    s_rep = None
    concat = None
    h = None
    energies = None
    alphas = None
    context = None
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
    # YOUR CODE HERE
    dalphas = None
    da = None
    denergies = None
    dW2 = None
    dz = None
    dW1 = None
    db1 = None
    dconcat = None
    ds_prev = None
    ### END CODE HERE ###
    grads = {"da": da, "ds_prev": ds_prev, "dW1": dW1, "db1": db1, "dW2": dW2}
    return grads


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
        # YOUR CODE HERE
        context, alpha, attention_cache = None, None, None
        s, decoder_cache = None, None
        y_hat = None
        ### END CODE HERE ###
        alphas[:, t], Y_hat[:, t] = alpha, y_hat
        step_caches.append((attention_cache, decoder_cache, s))
    return Y_hat, alphas, (encoder_cache, step_caches)


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
        # YOUR CODE HERE
        ds = None
        g_decoder = None
        g_attention = None
        ds_next = None
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
            # YOUR CODE HERE
            Y_hat, _, caches = None, None, None
            cost = None
            grads = None
            parameters, v, s = None, None, None
            ### END CODE HERE ###
            costs.append(cost)
    return parameters, costs


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
    # YOUR CODE HERE
    d_k = None
    logits = None
    attention_weights = None
    output = None
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
    # YOUR CODE HERE
    pos = None
    j = None
    angles = None
    ### END CODE HERE ###
    pos_encoding = angles[np.newaxis, :, :]
    return pos_encoding


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
    # YOUR CODE HERE
    Q = None
    K = None
    V = None
    heads, attention_weights = None, None
    concat = None
    output = None
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
    # YOUR CODE HERE
    dWo = None
    dbo = None
    dheads = None
    dweights = None
    dV = None
    dlogits = None
    dQ = None
    dK = None
    dWq, dWk, dWv = None, None, None
    dbq, dbk, dbv = None, None, None
    dq = None
    dk = None
    dv = None
    ### END CODE HERE ###
    grads = {"dq": dq, "dk": dk, "dv": dv, "dWq": dWq, "dbq": dbq, "dWk": dWk, "dbk": dbk,
             "dWv": dWv, "dbv": dbv, "dWo": dWo, "dbo": dbo}
    return grads
