"""Reference: a sequence-to-sequence model on date translation, greedy decoding and beam search
(DLS C5W3 "Sequence models & attention mechanism", lectures on basic models, picking the most likely
sentence, beam search, its refinements and error analysis; in numpy).

Curriculum section: Seq2Seq (序列到序列模型), 集束搜索 (beam search), 长度归一化 (length normalisation).

Layout: examples come first: a batch of sequences has shape (m, T) as integer codes, (m, T, n) one-hot.
Weights multiply from the right (``x @ W + b``), biases are 1-D.

    encoder: a GRU reads x<1..Tx>, starting from zeros; its last state is the decoder's first state s<0>
    decoder: s<t> = GRU(onehot(y<t-1>), s<t-1>), log P(y<t> | x, y<1..t-1>) = log_softmax(s<t> Wy + by)

Output tokens are 0 .. n_y - 1, the last one, n_y - 1, is <eos>; the decoder's inputs have one more
token, n_y, which is <sos> (it is fed at the first step and never produced).

Gradients are those of the mean over the examples of the summed cross-entropies; the backward
functions of the given code return gradients of sums (no 1/m), the 1/m enters once, in model_backward.

Functions without markers are given code (helper module ``seq2seq_utils`` of the notebook); the
others are graded.
"""

import numpy as np


# -- given code: activations, a GRU cell, initialisation, Adam ----------------------------------
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


# -- the model -------------------------------------------------------------------------------
def encoder_forward(X, parameters):
    """The encoder: a GRU over the one-hot input characters, from a zero state.

    Arguments:
    X -- integer inputs, shape (m, Tx), values below n_x
    parameters -- dict of dicts, see initialize_parameters (uses parameters["encoder"])

    Returns:
    a_last -- the last state, shape (m, n_a): the decoder's first state
    caches -- list of the Tx GRU step caches
    """
    p = parameters["encoder"]
    n_a = p["bu"].shape[0]
    n_x = p["Wu"].shape[0] - n_a
    m, Tx = X.shape
    a = np.zeros((m, n_a))
    caches = []
    for t in range(Tx):
        ### START CODE HERE ### (≈ 1 line)
        a, cache = gru_cell_forward(one_hot(X[:, t], n_x), a, p)
        ### END CODE HERE ###
        caches.append(cache)
    return a, caches


def decoder_step(y_prev, s_prev, parameters):
    """One step of the decoder: feed the previous token, return the log-probabilities of the next.

    Arguments:
    y_prev -- integer array (m,): the previous tokens (<sos> = n_y at the first step)
    s_prev -- shape (m, n_a)
    parameters -- dict of dicts (uses "decoder" and "output")

    Returns:
    log_probs -- shape (m, n_y): log P(y<t> = j | x, y<1..t-1>), a stable log-softmax (finite for
                 logits up to 1e3 in size)
    s_next -- shape (m, n_a)
    cache -- (decoder_cache, s_next, log_probs)
    """
    n_in = parameters["decoder"]["Wu"].shape[0] - parameters["decoder"]["bu"].shape[0]
    ### START CODE HERE ### (≈ 4 lines)
    s_next, decoder_cache = gru_cell_forward(one_hot(y_prev, n_in), s_prev, parameters["decoder"])
    logits = s_next @ parameters["output"]["Wy"] + parameters["output"]["by"]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    ### END CODE HERE ###
    return log_probs, s_next, (decoder_cache, s_next, log_probs)


def model_forward(X, Y_in, parameters):
    """The encoder-decoder with teacher forcing: the decoder is fed the true previous tokens.

    Arguments:
    X -- integer inputs, shape (m, Tx)
    Y_in -- decoder inputs, shape (m, Ty): <sos> then the true outputs (see teacher_forcing_inputs)
    parameters -- dict of dicts

    Returns:
    log_probs -- shape (m, Ty, n_y)
    caches -- (encoder_caches, step_caches), step_caches[t] from decoder_step
    """
    m, Ty = Y_in.shape
    n_y = parameters["output"]["Wy"].shape[1]
    log_probs = np.zeros((m, Ty, n_y))
    step_caches = []
    ### START CODE HERE ### (≈ 1 line)
    s, encoder_caches = encoder_forward(X, parameters)
    ### END CODE HERE ###
    for t in range(Ty):
        ### START CODE HERE ### (≈ 1 line)
        step_log_probs, s, cache = decoder_step(Y_in[:, t], s, parameters)
        ### END CODE HERE ###
        log_probs[:, t] = step_log_probs
        step_caches.append(cache)
    return log_probs, (encoder_caches, step_caches)


def model_backward(log_probs, Y_out, caches, parameters):
    """Gradients of compute_cost(log_probs, Y_out) with respect to every parameter.

    Arguments:
    log_probs -- shape (m, Ty, n_y), from model_forward
    Y_out -- integer targets, shape (m, Ty)
    caches -- from model_forward
    parameters -- the parameters model_forward used

    Returns:
    grads -- dict of dicts with the keys of parameters, "d" before every name: grads["output"]["dWy"]...
    """
    m, Ty, n_y = log_probs.shape
    encoder_caches, step_caches = caches
    Wy = parameters["output"]["Wy"]
    grads = {"decoder": {"d" + k: np.zeros_like(w) for k, w in parameters["decoder"].items()},
             "output": {"dWy": np.zeros_like(Wy), "dby": np.zeros(n_y)}}
    ds_next = np.zeros((m, Wy.shape[0]))
    for t in reversed(range(Ty)):
        decoder_cache, s, _ = step_caches[t]
        ### START CODE HERE ### (≈ 6 lines)
        dlogits = (np.exp(log_probs[:, t]) - one_hot(Y_out[:, t], n_y)) / m
        grads["output"]["dWy"] += s.T @ dlogits
        grads["output"]["dby"] += np.sum(dlogits, axis=0)
        ds = ds_next + dlogits @ Wy.T
        g = gru_cell_backward(ds, decoder_cache)
        ds_next = g["da_prev"]
        ### END CODE HERE ###
        for k in grads["decoder"]:
            grads["decoder"][k] += g[k]
    grads["encoder"] = encoder_backward(ds_next, encoder_caches)
    return grads


def train_model(X, Y, parameters, num_epochs=1, batch_size=64, learning_rate=0.01, seed=0):
    """Minibatch Adam on the encoder-decoder, with teacher forcing.

    Arguments:
    X -- integer inputs, shape (m, Tx)
    Y -- integer outputs without <eos>, shape (m, Ty)
    parameters -- initial parameters (see initialize_parameters); not modified
    num_epochs, batch_size, learning_rate -- as their names say
    seed -- seed of the shuffles (a private RandomState)

    Returns:
    parameters -- the trained parameters
    costs -- list of floats, the cost of every minibatch before its update
    """
    rng = np.random.RandomState(seed)
    Y_in, Y_out = teacher_forcing_inputs(Y, parameters["output"]["Wy"].shape[1])
    v, s = initialize_adam(parameters)
    costs, t = [], 0
    for epoch in range(num_epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            batch = order[start:start + batch_size]
            t += 1
            ### START CODE HERE ### (≈ 4 lines)
            log_probs, caches = model_forward(X[batch], Y_in[batch], parameters)
            cost = compute_cost(log_probs, Y_out[batch])
            grads = model_backward(log_probs, Y_out[batch], caches, parameters)
            parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
            ### END CODE HERE ###
            costs.append(cost)
    return parameters, costs


# -- decoding --------------------------------------------------------------------------------
def sequence_log_prob(x, y, parameters):
    """log P(y | x) = sum over t of log P(y<t> | x, y<1..t-1>), the decoder fed y's own tokens.

    Arguments:
    x -- integer input, shape (Tx,)
    y -- list of output tokens (the last one may be <eos>)
    parameters -- dict of dicts

    Returns:
    log_prob -- Python float
    """
    n_y = parameters["output"]["Wy"].shape[1]
    s, _ = encoder_forward(x[np.newaxis, :], parameters)
    y_prev, log_prob = n_y, 0.0
    for token in y:
        ### START CODE HERE ### (≈ 3 lines)
        log_probs, s, _ = decoder_step(np.array([y_prev]), s, parameters)
        log_prob += float(log_probs[0, token])
        y_prev = token
        ### END CODE HERE ###
    return log_prob


def greedy_decode(x, parameters, max_length=12):
    """Greedy decoding: at every step the single most probable token, fed back as the next input.

    Arguments:
    x -- integer input, shape (Tx,)
    parameters -- dict of dicts
    max_length -- at most this many output tokens

    Returns:
    sequence -- list of ints, ending with <eos> (n_y - 1) unless max_length tokens came first
    log_prob -- Python float, the sum of the chosen tokens' log-probabilities
    """
    n_y = parameters["output"]["Wy"].shape[1]
    eos = n_y - 1
    s, _ = encoder_forward(x[np.newaxis, :], parameters)
    y_prev, sequence, log_prob = n_y, [], 0.0
    for _ in range(max_length):
        ### START CODE HERE ### (≈ 4 lines)
        log_probs, s, _ = decoder_step(np.array([y_prev]), s, parameters)
        y_prev = int(np.argmax(log_probs[0]))
        log_prob += float(log_probs[0, y_prev])
        sequence.append(y_prev)
        ### END CODE HERE ###
        if y_prev == eos:
            break
    return sequence, log_prob


def length_normalised_score(log_prob, length, alpha=0.7):
    """The notes' length-normalised objective: (1 / T^alpha) * log P(y | x), T the number of tokens.

    Arguments:
    log_prob -- float, sum of the log-probabilities of the T tokens
    length -- T, a positive int
    alpha -- float in [0, 1]: 0 is no normalisation, 1 a full average per token

    Returns:
    score -- Python float
    """
    ### START CODE HERE ### (≈ 1 line)
    score = log_prob / length ** alpha
    ### END CODE HERE ###
    return float(score)


def beam_search(x, parameters, beam_width=3, max_length=12, alpha=0.7):
    """Beam search with length normalisation.

    At every step each live hypothesis is extended by every token; of all the extensions, the
    beam_width with the highest summed log-probability are kept (ties: the earlier hypothesis, then
    the smaller token). Those ending in <eos> are finished and set aside; the others stay live. The
    search stops when no hypothesis is live or after max_length tokens (then the live ones count as
    finished too). The answer is the finished hypothesis with the highest
    length_normalised_score(log_prob, len(tokens), alpha) (ties: the first set aside).

    Arguments:
    x -- integer input, shape (Tx,)
    parameters -- dict of dicts
    beam_width -- B, the number of hypotheses kept at every step
    max_length -- at most this many output tokens
    alpha -- the length normalisation exponent

    Returns:
    sequence -- list of ints (ending with <eos> unless it reached max_length)
    score -- Python float, its length-normalised score
    """
    n_y = parameters["output"]["Wy"].shape[1]
    eos, sos = n_y - 1, n_y
    s0, _ = encoder_forward(x[np.newaxis, :], parameters)
    live = [([], 0.0, s0[0])]  # (tokens, summed log-probability, decoder state)
    finished = []
    for _ in range(max_length):
        y_prev = np.array([tokens[-1] if tokens else sos for tokens, _, _ in live])
        log_probs, s_next, _ = decoder_step(y_prev, np.stack([state for _, _, state in live]), parameters)
        ### START CODE HERE ### (≈ 6 lines)
        totals = np.array([log_prob for _, log_prob, _ in live])[:, np.newaxis] + log_probs
        best = np.argsort(-totals, axis=None, kind="stable")[:beam_width]
        candidates = []
        for flat in best:
            i, token = divmod(int(flat), n_y)
            candidates.append((live[i][0] + [token], float(totals[i, token]), s_next[i]))
        ### END CODE HERE ###
        ### START CODE HERE ### (≈ 2 lines)
        finished = finished + [c for c in candidates if c[0][-1] == eos]
        live = [c for c in candidates if c[0][-1] != eos]
        ### END CODE HERE ###
        if not live:
            break
    finished = finished + live
    ### START CODE HERE ### (≈ 2 lines)
    scores = [length_normalised_score(log_prob, len(tokens), alpha) for tokens, log_prob, _ in finished]
    best_index = int(np.argmax(scores))
    ### END CODE HERE ###
    return finished[best_index][0], scores[best_index]
