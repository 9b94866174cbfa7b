"""Sequence to sequence: an encoder-decoder, greedy decoding and beam search: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from seq2seq_utils import gru_cell_forward, gru_cell_backward, one_hot, initialize_parameters, encoder_backward
from seq2seq_utils import compute_cost, teacher_forcing_inputs, initialize_adam, update_parameters_with_adam
from datasets import load_dates, date_vocabularies, encode_strings


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
        # YOUR CODE HERE
        a, cache = None, None
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
    # YOUR CODE HERE
    s_next, decoder_cache = None, None
    logits = None
    shifted = None
    log_probs = None
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
    # YOUR CODE HERE
    s, encoder_caches = None, None
    ### END CODE HERE ###
    for t in range(Ty):
        ### START CODE HERE ### (≈ 1 line)
        # YOUR CODE HERE
        step_log_probs, s, cache = None, None, None
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
        # YOUR CODE HERE
        dlogits = None
        ds = None
        g = None
        ds_next = None
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
            # YOUR CODE HERE
            log_probs, caches = None, None
            cost = None
            grads = None
            parameters, v, s = None, None, None
            ### END CODE HERE ###
            costs.append(cost)
    return parameters, costs


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
        # YOUR CODE HERE
        log_probs, s, _ = None, None, None
        log_prob = None
        y_prev = None
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
        # YOUR CODE HERE
        log_probs, s, _ = None, None, None
        y_prev = None
        log_prob = None
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
    # YOUR CODE HERE
    score = None
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
        # YOUR CODE HERE
        totals = None
        best = None
        candidates = None
        i, token = None, None
        flat = None
        ### END CODE HERE ###
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        finished = None
        live = None
        ### END CODE HERE ###
        if not live:
            break
    finished = finished + live
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    scores = None
    best_index = None
    ### END CODE HERE ###
    return finished[best_index][0], scores[best_index]
