"""Character-level language model: inventing names: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from utils import (softmax, smooth, get_initial_loss, initialize_parameters, rnn_forward, rnn_backward,
                   update_parameters, get_sample, print_sample)
from datasets import load_names


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
    # YOUR CODE HERE
    gradient = None
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
    # YOUR CODE HERE
    x = None
    a_prev = None
    ### END CODE HERE ###
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]
    while idx != newline_character and counter != 50:
        ### START CODE HERE ### (≈ 3 lines)
        # YOUR CODE HERE
        a = None
        z = None
        y = None
        ### END CODE HERE ###
        # One seed per step, derived from the caller's seed: the same parameters give the same name.
        np.random.seed(counter + seed)
        ### START CODE HERE ### (≈ 5 lines)
        # YOUR CODE HERE
        idx = None
        x = None
        a_prev = None
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
    # YOUR CODE HERE
    loss, cache = None, None
    gradients, a = None, None
    parameters = None
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
        # YOUR CODE HERE
        idx = None
        single_example = None
        single_example_chars = None
        single_example_ix = None
        X = None
        ix_newline = None
        Y, curr_loss, gradients, a_prev = None, None, None, None
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
