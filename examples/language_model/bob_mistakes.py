"""Reference: a character-level language model that invents names (DLS C5W1, "Dinosaur Island").

Curriculum section: 语言模型和序列生成 (language models and sequence generation).

A recurrent network reads a name one character at a time and, at every step, predicts the next
character; trained on a list of names, it learns which letters follow which, and sampling from it
character by character produces new names.

    a<t> = tanh(Wax x<t> + Waa a<t-1> + b)          (n_a, 1)
    y<t> = softmax(Wya a<t> + by)                    (vocab_size, 1)

One example (one name) at a time, as in the course: the batch dimension is 1, every vector is a
column. Parameters: Wax (n_a, vocab_size), Waa (n_a, n_a), Wya (vocab_size, n_a), b (n_a, 1),
by (vocab_size, 1); their gradients are named with a leading "d" (dWax, ..., db, dby).

A name is a list of character indices. The input sequence X starts with None, which stands for the
zero vector (nothing has been read yet); the labels Y are X shifted by one, ending with the index of
"\\n", the end-of-name character.

The functions before `clip` are given code (the helper module `utils` of the student notebook, with
the course's names and behaviour); `clip`, `sample`, `optimize` and `model` are graded.
"""

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


def clip(gradients, maxValue):
    """Clip every gradient, entry by entry, to the interval [-maxValue, maxValue].

    Arguments:
    gradients -- dict with dWaa, dWax, dWya, db, dby (ndarrays of the parameters' shapes)
    maxValue -- float, every entry above it becomes maxValue, every entry below -maxValue
                becomes -maxValue; entries in between stay as they are

    Returns:
    gradients -- a dict with the five clipped gradients dWaa, dWax, dWya, db, dby
    """
    # Work on copies, so that the caller's gradients keep their values.
    gradients = {key: np.copy(value) for key, value in gradients.items()}
    dWaa, dWax, dWya, db, dby = (gradients["dWaa"], gradients["dWax"], gradients["dWya"], gradients["db"],
                                 gradients["dby"])
    ### START CODE HERE ### (≈ 2 lines)
    for gradient in [dWax, dWaa, dWya]:
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    ### END CODE HERE ###
    gradients = {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}
    return gradients


def sample(parameters, char_to_ix, seed):
    """Generate one name by sampling the network's distribution character after character.

    The first input is the zero vector and the first hidden state zeros. At every step the network
    gives the distribution y of the next character; after np.random.seed(counter + seed) (given code,
    so that results are reproducible) one index is drawn with np.random.choice over
    range(vocab_size) with probabilities y.ravel(); its one-hot vector is the next input. Generation
    stops once "\\n" is drawn, or after 50 characters (then "\\n" is appended).

    Arguments:
    parameters -- dict with Wax (n_a, vocab_size), Waa (n_a, n_a), Wya (vocab_size, n_a),
                  b (n_a, 1), by (vocab_size, 1)
    char_to_ix -- dict mapping each character (including "\\n") to its index
    seed -- int, the seed of the first step

    Returns:
    indices -- list of ints, the indices of the sampled characters, ending with that of "\\n"
    """
    Waa, Wax, Wya, by, b = parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"], parameters["b"]
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    ### END CODE HERE ###
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]
    while idx != newline_character and counter != 50:
        ### START CODE HERE ### (≈ 3 lines)
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
        z = np.dot(Wya, a) + by
        y = softmax(z)
        ### END CODE HERE ###
        # One seed per step, derived from the caller's seed: the same parameters give the same name.
        np.random.seed(counter + seed)
        ### START CODE HERE ### (≈ 5 lines)
        idx = np.argmax(y)
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        ### END CODE HERE ###
        seed += 1
        counter += 1
    if counter == 50:
        indices.append(newline_character)
    return indices


def optimize(X, Y, a_prev, parameters, learning_rate=0.01):
    """One step of training on one name: forward pass, backward pass, clipping, update.

    Arguments:
    X -- list of ints with None first: the input characters of one name
    Y -- list of ints: the labels, X shifted by one, ending with the index of "\\n"
    a_prev -- ndarray (n_a, 1), the hidden state to start from
    parameters -- dict with Wax, Waa, Wya, b, by; updated in place (by the given update_parameters)
    learning_rate -- float

    Returns:
    loss -- float, the loss of this name before the update
    gradients -- dict with dWax, dWaa, dWya, db, dby, clipped to [-5, 5]
    a_last -- ndarray (n_a, 1), the last hidden state, a[len(X) - 1]
    """
    ### START CODE HERE ### (≈ 4 lines)
    loss, cache = rnn_forward(X, Y, a_prev, parameters)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    ### END CODE HERE ###
    return loss, gradients, a[len(X) - 1]


def model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7, vocab_size=27, verbose=False):
    """Train the language model on a list of names, one name per step, printing samples as it goes.

    The names are shuffled once (np.random.seed(0), np.random.shuffle); step j trains on the name at
    position j % len(examples), starting from the hidden state the previous step ended with. Every
    2000 steps the smoothed loss and ``dino_names`` sampled names (seeds 0, 1, ...) are printed.

    Arguments:
    data_x -- list of str, the training names (lower case, no "\\n")
    ix_to_char, char_to_ix -- dicts between indices and characters
    num_iterations -- int, number of training steps
    n_a -- int, number of hidden units
    dino_names -- int, names sampled at each report
    vocab_size -- int, number of characters, "\\n" included
    verbose -- bool, print the first example's X and Y and a few indices (for debugging)

    Returns:
    parameters -- dict with the trained Wax, Waa, Wya, b, by
    last_dino_name -- str, the last name sampled (as get_sample writes it)
    """
    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, dino_names)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_dino_name = "abc"
    for j in range(num_iterations):
        ### START CODE HERE ### (≈ 7 lines)
        idx = j % len(examples)
        single_example = examples[idx]
        single_example_chars = [c for c in single_example]
        single_example_ix = [char_to_ix[c] for c in single_example_chars]
        X = [None] + single_example_ix
        ix_newline = char_to_ix["\n"]
        Y = X[1:] + [ix_newline]
        curr_loss, gradients, a_prev = optimize(X, Y, np.zeros((n_a, 1)), parameters, learning_rate=0.01)
        ### END CODE HERE ###
        if verbose and j in [0, len(examples) - 1, len(examples)]:
            print("j =", j, "idx =", idx)
        if verbose and j == 0:
            print("single_example =", single_example)
            print("X =", X, "\nY =", Y, "\n")
        loss = smooth(loss, curr_loss)
        if j % 2000 == 0:
            print("Iteration: %d, Loss: %f" % (j, loss) + "\n")
            seed = 0
            for name in range(dino_names):
                sampled_indices = sample(parameters, char_to_ix, seed)
                last_dino_name = get_sample(sampled_indices, ix_to_char)
                print(last_dino_name.replace("\n", ""))
                seed += 1  # the next name from the next seed: the same names in every run
            print("\n")
    return parameters, last_dino_name
