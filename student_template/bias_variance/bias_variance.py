"""Bias and variance: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from bv_utils import (REMEDIES_FOR_HIGH_BIAS, REMEDIES_FOR_HIGH_VARIANCE, REMEDY_VOCABULARY,
                      make_flower, error_rate, initialize_tanh_network, tanh_network_forward,
                      tanh_network_backward, train_tanh_network, predict_tanh_network)


def diagnose(train_error, dev_error, bayes_error=0.0, tolerance=0.02):
    """Tell high bias and high variance apart from the three error rates.

    avoidable_bias = train_error - bayes_error   (how far training is from the best possible)
    variance       = dev_error - train_error     (how much worse unseen data of the same
                                                  distribution is)
    A gap counts as high when it is strictly greater than `tolerance`.

    Arguments:
    train_error -- float in [0, 1], error rate on the training set
    dev_error -- float in [0, 1], error rate on the dev (validation) set
    bayes_error -- float in [0, 1], the lowest achievable error (often estimated by human
                   performance); 0.0 for tasks that people do almost perfectly
    tolerance -- float >= 0, the largest gap still considered acceptable

    Returns:
    diagnosis -- dict with
        "avoidable_bias": float, train_error - bayes_error
        "variance": float, dev_error - train_error
        "high_bias": bool, avoidable_bias > tolerance
        "high_variance": bool, variance > tolerance
    """
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    avoidable_bias = None
    variance = None
    high_bias = None
    high_variance = None
    ### END CODE HERE ###
    return {"avoidable_bias": avoidable_bias, "variance": variance,
            "high_bias": high_bias, "high_variance": high_variance}


def recommend_remedies(diagnosis):
    """The remedies to try for a diagnosis, as identifiers from REMEDY_VOCABULARY.

    High bias calls for REMEDIES_FOR_HIGH_BIAS, in that order; high variance for
    REMEDIES_FOR_HIGH_VARIANCE, in that order. With both, the bias remedies come first (the course
    fixes bias before variance) and "better_architecture", which helps either way, appears only
    once, at its place among the bias remedies. Neither gives [].

    Arguments:
    diagnosis -- dict with at least the bool entries "high_bias" and "high_variance" (as returned
                 by diagnose)

    Returns:
    remedies -- list of str from REMEDY_VOCABULARY, no duplicates: the bias remedies (if any) in
                REMEDIES_FOR_HIGH_BIAS order, then the variance remedies not listed yet, in
                REMEDIES_FOR_HIGH_VARIANCE order
    """
    ### START CODE HERE ### (≈ 7 lines)
    # YOUR CODE HERE
    remedies = None
    remedy = None
    ### END CODE HERE ###
    return remedies


def train_dev_test_split(X, Y, dev_fraction=0.1, test_fraction=0.1, seed=0):
    """Shuffle the examples and split them into training, dev and test sets.

    After `np.random.seed(seed)`, one `np.random.permutation(m)` shuffles the columns of X and Y
    together. Sizes: m_dev = round(dev_fraction * m), m_test = round(test_fraction * m) with
    Python's round (a half goes to the even neighbour: round(2.5) == 2, round(3.5) == 4), and
    m_train = m - m_dev - m_test. A share that rounds to 0 gives an empty set (shape (n_x, 0)).
    The first m_train shuffled columns are the training set, the next m_dev the dev set, the last
    m_test the test set.

    Arguments:
    X -- ndarray (n_x, m)
    Y -- ndarray (n_y, m), usually (1, m)
    dev_fraction -- float >= 0, share of the examples for the dev set
    test_fraction -- float >= 0, share for the test set; dev_fraction + test_fraction < 1
    seed -- int, seed of numpy's global generator

    Returns:
    X_train -- (n_x, m_train), Y_train -- (n_y, m_train)
    X_dev -- (n_x, m_dev), Y_dev -- (n_y, m_dev)
    X_test -- (n_x, m_test), Y_test -- (n_y, m_test)
    """
    if dev_fraction < 0 or test_fraction < 0 or dev_fraction + test_fraction >= 1:
        raise ValueError("need dev_fraction >= 0, test_fraction >= 0 and dev_fraction + test_fraction < 1")
    np.random.seed(seed)
    m = X.shape[1]

    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    permutation = None
    shuffled_X = None
    shuffled_Y = None
    m_dev = None
    m_test = None
    m_train = None
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    X_train, Y_train = None, None
    X_dev, Y_dev = None, None
    X_test, Y_test = None, None
    ### END CODE HERE ###
    return X_train, Y_train, X_dev, Y_dev, X_test, Y_test


def learning_curve_data_size(X_train, Y_train, X_dev, Y_dev, sizes, train_fn=None, predict_fn=None):
    """Training and dev error of a model trained on growing parts of the training set.

    For every size n in `sizes`, train on the first n examples (columns) of the training set, then
    measure the error rate on those same n examples and on the whole dev set. With more data the
    training error usually rises (it is harder to fit many examples) and the dev error falls; a
    persistent gap between them is variance, a high floor under both is bias.

    Arguments:
    X_train -- ndarray (n_x, m_train), already shuffled
    Y_train -- ndarray (1, m_train), labels 0/1
    X_dev -- ndarray (n_x, m_dev)
    Y_dev -- ndarray (1, m_dev)
    sizes -- sequence of ints, each in 1..m_train
    train_fn -- function (X, Y) -> parameters; None means train_tanh_network with its defaults
    predict_fn -- function (parameters, X) -> predictions (1, m) of 0/1; None means
                  predict_tanh_network

    Returns:
    train_errors -- ndarray (len(sizes),), error on the examples trained on, per size
    dev_errors -- ndarray (len(sizes),), error on the dev set, per size
    """
    if train_fn is None:
        train_fn = train_tanh_network
    if predict_fn is None:
        predict_fn = predict_tanh_network
    train_errors = np.zeros(len(sizes))
    dev_errors = np.zeros(len(sizes))
    for i, size in enumerate(sizes):
        ### START CODE HERE ### (≈ 5 lines)
        # YOUR CODE HERE
        X_part = None
        Y_part = None
        parameters = None
        ### END CODE HERE ###
    return train_errors, dev_errors


def learning_curve_model_size(X_train, Y_train, X_dev, Y_dev, hidden_sizes, train_fn=None,
                              predict_fn=None):
    """Training and dev error of networks with a growing number of hidden units.

    For every n_h in `hidden_sizes`, train a network with n_h hidden units on the whole training
    set, then measure its error rate on the training set and on the dev set. Tiny networks cannot
    fit the data (high training error: bias); large ones fit it, noise included, and on a small
    training set the dev error stays well above the training error (variance).

    Arguments:
    X_train -- ndarray (n_x, m_train)
    Y_train -- ndarray (1, m_train), labels 0/1
    X_dev -- ndarray (n_x, m_dev)
    Y_dev -- ndarray (1, m_dev)
    hidden_sizes -- sequence of ints >= 1
    train_fn -- function (X, Y, n_h) -> parameters; None means train_tanh_network
    predict_fn -- function (parameters, X) -> predictions (1, m) of 0/1; None means
                  predict_tanh_network

    Returns:
    train_errors -- ndarray (len(hidden_sizes),), training error per hidden size
    dev_errors -- ndarray (len(hidden_sizes),), dev error per hidden size
    """
    if train_fn is None:
        train_fn = train_tanh_network
    if predict_fn is None:
        predict_fn = predict_tanh_network
    train_errors = np.zeros(len(hidden_sizes))
    dev_errors = np.zeros(len(hidden_sizes))
    for i, n_h in enumerate(hidden_sizes):
        ### START CODE HERE ### (≈ 3 lines)
        # YOUR CODE HERE
        parameters = None
        ### END CODE HERE ###
    return train_errors, dev_errors
