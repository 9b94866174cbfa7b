"""Given code for the 'language_model' assignment: softmax, smooth, get_initial_loss, initialize_parameters, rnn_step_forward, rnn_step_backward, rnn_forward, rnn_backward, update_parameters, get_sample, print_sample."""

import numpy as np


def softmax(x):
    """Column-wise softmax, shifted by the maximum so that exp never overflows.

    Arguments:
    x -- ndarray (n, 1) (or (n, m): every column separately)

    Returns:
    ndarray of x's shape, each column non-negative and summing to 1
    """
    e_x = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e_x / e_x.sum(axis=0, keepdims=True)


def smooth(loss, cur_loss):
    """Exponentially weighted average of the loss: the printed loss moves slowly, so trends show."""
    return loss * 0.999 + cur_loss * 0.001


def get_initial_loss(vocab_size, seq_length):
    """The loss of a model that guesses uniformly, over ``seq_length`` characters: the smoothing's start."""
    return -np.log(1.0 / vocab_size) * seq_length


def initialize_parameters(n_a, n_x, n_y):
    """Small random weights and zero biases, seeded with 1 so that every run starts alike.

    Arguments:
    n_a -- int, number of hidden units
    n_x -- int, size of the input one-hot vectors (the vocabulary size)
    n_y -- int, size of the output distributions (the vocabulary size)

    Returns:
    parameters -- dict: Wax (n_a, n_x), Waa (n_a, n_a), Wya (n_y, n_a), b (n_a, 1), by (n_y, 1)
    """
    np.random.seed(1)
    Wax = np.random.randn(n_a, n_x) * 0.01
    Waa = np.random.randn(n_a, n_a) * 0.01
    Wya = np.random.randn(n_y, n_a) * 0.01
    b = np.zeros((n_a, 1))
    by = np.zeros((n_y, 1))
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}


def rnn_step_forward(parameters, a_prev, x):
    """One time step: the new hidden state and the distribution of the next character.

    Arguments:
    parameters -- dict with Wax, Waa, Wya, b, by
    a_prev -- ndarray (n_a, 1), hidden state of the previous step
    x -- ndarray (vocab_size, 1), one-hot input (or zeros)

    Returns:
    a_next -- ndarray (n_a, 1)
    p_t -- ndarray (vocab_size, 1), probabilities of the next character
    """
    Waa, Wax, Wya, by, b = parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"], parameters["b"]
    a_next = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
    p_t = softmax(np.dot(Wya, a_next) + by)
    return a_next, p_t


def rnn_step_backward(dy, gradients, parameters, x, a, a_prev):
    """Add one time step's contribution to the gradients (back-propagation through time).

    Arguments:
    dy -- ndarray (vocab_size, 1), y_hat<t> minus the one-hot label: the gradient of the loss at z<t>
    gradients -- dict of running sums dWax, dWaa, dWya, db, dby, and da_next (n_a, 1), the gradient
                 arriving from step t + 1
    parameters -- dict with Wax, Waa, Wya, b, by
    x, a, a_prev -- the step's input (vocab_size, 1), state (n_a, 1) and previous state (n_a, 1)

    Returns:
    gradients -- the same dict, updated in place; da_next now belongs to step t - 1
    """
    gradients["dWya"] += np.dot(dy, a.T)
    gradients["dby"] += dy
    da = np.dot(parameters["Wya"].T, dy) + gradients["da_next"]
    daraw = (1 - a * a) * da  # through tanh: its derivative is 1 - tanh^2
    gradients["db"] += daraw
    gradients["dWax"] += np.dot(daraw, x.T)
    gradients["dWaa"] += np.dot(daraw, a_prev.T)
    gradients["da_next"] = np.dot(parameters["Waa"].T, daraw)
    return gradients


def rnn_forward(X, Y, a0, parameters, vocab_size=27):
    """Run the network over one name and add up the cross-entropy losses of its characters.

    The same computation as rnn_step_forward applied for t = 0, 1, ..., except that the output layer
    and its softmax run once for all steps (one matrix product instead of T small ones).

    Arguments:
    X -- list of T inputs: None (the zero vector) first, then character indices
    Y -- list of T labels: character indices, the last one that of "\\n"
    a0 -- ndarray (n_a, 1), the initial hidden state
    parameters -- dict with Wax, Waa, Wya, b, by
    vocab_size -- int, size of the one-hot vectors

    Returns:
    loss -- float, -sum over t of log y_hat<t>[Y[t]]
    cache -- (y_hat, a, x): dicts indexed by t = 0..T-1 of (vocab_size, 1), (n_a, 1) and (vocab_size, 1)
             arrays; a also holds a[-1] = a0 (a dict key, not the last item)
    """
    Wax, Waa, Wya, b, by = parameters["Wax"], parameters["Waa"], parameters["Wya"], parameters["b"], parameters["by"]
    T = len(X)
    x, a, y_hat = {}, {}, {}
    a[-1] = np.copy(a0)
    for t in range(T):
        x[t] = np.zeros((vocab_size, 1))
        if X[t] is not None:
            x[t][X[t]] = 1
        a[t] = np.tanh(np.dot(Wax, x[t]) + np.dot(Waa, a[t - 1]) + b)
    probabilities = softmax(np.dot(Wya, np.hstack([a[t] for t in range(T)])) + by)  # (vocab_size, T)
    for t in range(T):
        y_hat[t] = probabilities[:, t:t + 1].copy()
    loss = -np.sum(np.log(probabilities[Y, np.arange(T)]))
    cache = (y_hat, a, x)
    return loss, cache


def rnn_backward(X, Y, parameters, cache):
    """Gradients of rnn_forward's loss with respect to every parameter (back-propagation through time).

    The same sums as rnn_step_backward applied for t = T-1, ..., 0; only the recurrence through
    a<t-1> needs a loop, the weight gradients are then one matrix product each.

    Arguments:
    X, Y -- the lists given to rnn_forward
    parameters -- dict with Wax, Waa, Wya, b, by
    cache -- (y_hat, a, x) from rnn_forward

    Returns:
    gradients -- dict: dWax, dWaa, dWya, db, dby (shapes of the parameters) and da_next (n_a, 1),
                 the gradient with respect to a0
    a -- the dict of hidden states from the cache (a[len(X) - 1] is the last one)
    """
    (y_hat, a, x) = cache
    T = len(X)
    states = np.hstack([a[t] for t in range(T)])  # (n_a, T)
    previous = np.hstack([a[t - 1] for t in range(T)])
    inputs = np.hstack([x[t] for t in range(T)])  # (vocab_size, T)
    dy = np.hstack([y_hat[t] for t in range(T)])
    dy[Y, np.arange(T)] -= 1  # softmax with cross-entropy: dz = y_hat - one_hot(y)
    da_out = np.dot(parameters["Wya"].T, dy)
    daraw = np.empty_like(states)
    da_next = np.zeros_like(a[0])
    for t in reversed(range(T)):
        # through tanh: its derivative is 1 - tanh^2
        daraw[:, t:t + 1] = (1 - states[:, t:t + 1] ** 2) * (da_out[:, t:t + 1] + da_next)
        da_next = np.dot(parameters["Waa"].T, daraw[:, t:t + 1])
    gradients = {"dWax": np.dot(daraw, inputs.T), "dWaa": np.dot(daraw, previous.T), "dWya": np.dot(dy, states.T),
                 "db": np.sum(daraw, axis=1, keepdims=True), "dby": np.sum(dy, axis=1, keepdims=True),
                 "da_next": da_next}
    return gradients, a


def update_parameters(parameters, gradients, lr):
    """One gradient-descent step, in place: the caller's parameter arrays are updated.

    The bias gradient may be called "db" or, as in some releases of the course, "dba".

    Arguments:
    parameters -- dict with Wax, Waa, Wya, b, by
    gradients -- dict with dWax, dWaa, dWya, db (or dba), dby
    lr -- float, the learning rate

    Returns:
    parameters -- the same dict, its arrays updated
    """
    parameters["Wax"] += -lr * gradients["dWax"]
    parameters["Waa"] += -lr * gradients["dWaa"]
    parameters["Wya"] += -lr * gradients["dWya"]
    parameters["b"] += -lr * (gradients["db"] if "db" in gradients else gradients["dba"])
    parameters["by"] += -lr * gradients["dby"]
    return parameters


def get_sample(sample_ix, ix_to_char):
    """The text of a sampled list of indices, first letter in upper case (the final "\\n" is kept)."""
    txt = "".join(ix_to_char[ix] for ix in sample_ix)
    return txt[0].upper() + txt[1:]


def print_sample(sample_ix, ix_to_char):
    """Print a sampled name, first letter in upper case, on its own line."""
    print(get_sample(sample_ix, ix_to_char), end="")
