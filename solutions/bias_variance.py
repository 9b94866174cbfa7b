"""Bias and variance (偏差与方差): diagnosis, remedies, data splits and learning curves.

Reference for the `bias_variance` assignment. The course has no programming exercise on this
section, so the graded functions are this project's own:

- diagnose(train_error, dev_error, bayes_error=0.0, tolerance=0.02) -> dict
- recommend_remedies(diagnosis) -> list of remedy identifiers from REMEDY_VOCABULARY
- train_dev_test_split(X, Y, dev_fraction=0.1, test_fraction=0.1, seed=0) -> six arrays
- learning_curve_data_size(X_train, Y_train, X_dev, Y_dev, sizes, train_fn=None, predict_fn=None)
- learning_curve_model_size(X_train, Y_train, X_dev, Y_dev, hidden_sizes, train_fn=None,
  predict_fn=None)

Errors are fractions of misclassified examples in [0, 1] (0.15 means 15 %). Examples are columns:
X is (n_x, m), Y is (1, m) with labels 0/1.

The unmarked code (the remedy vocabulary, the flower data, `error_rate` and a one-hidden-layer tanh
network) is given to the student; the learning curves train that network when no other is passed.
"""

import numpy as np


# ---------------------------------------------------------------------------------------------
# Given: the remedies the course lists, as stable identifiers
# ---------------------------------------------------------------------------------------------

REMEDIES_FOR_HIGH_BIAS = (
    "bigger_network",       # more layers or more hidden units
    "train_longer",         # more iterations, or a better optimiser
    "better_architecture",  # a network architecture better suited to the problem
)
REMEDIES_FOR_HIGH_VARIANCE = (
    "more_data",
    "regularization",       # L2, dropout, data augmentation, early stopping ...
    "better_architecture",
)
# Every identifier recommend_remedies may return (its order is set by the two lists above, see
# recommend_remedies).
REMEDY_VOCABULARY = ("bigger_network", "train_longer", "better_architecture", "more_data",
                     "regularization")


# ---------------------------------------------------------------------------------------------
# Graded functions
# ---------------------------------------------------------------------------------------------

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
    avoidable_bias = train_error - bayes_error
    variance = dev_error - train_error
    high_bias = avoidable_bias > tolerance
    high_variance = variance > tolerance
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
    remedies = []
    if diagnosis["high_bias"]:
        remedies.extend(REMEDIES_FOR_HIGH_BIAS)
    if diagnosis["high_variance"]:
        for remedy in REMEDIES_FOR_HIGH_VARIANCE:
            if remedy not in remedies:
                remedies.append(remedy)
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
    permutation = np.random.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    m_dev = int(round(dev_fraction * m))
    m_test = int(round(test_fraction * m))
    m_train = m - m_dev - m_test
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 6 lines)
    X_train, Y_train = shuffled_X[:, :m_train], shuffled_Y[:, :m_train]
    X_dev, Y_dev = shuffled_X[:, m_train:m_train + m_dev], shuffled_Y[:, m_train:m_train + m_dev]
    X_test, Y_test = shuffled_X[:, m_train + m_dev:], shuffled_Y[:, m_train + m_dev:]
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
        X_part = X_train[:, :size]
        Y_part = Y_train[:, :size]
        parameters = train_fn(X_part, Y_part)
        train_errors[i] = error_rate(predict_fn(parameters, X_part), Y_part)
        dev_errors[i] = error_rate(predict_fn(parameters, X_dev), Y_dev)
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
        parameters = train_fn(X_train, Y_train, n_h)
        train_errors[i] = error_rate(predict_fn(parameters, X_train), Y_train)
        dev_errors[i] = error_rate(predict_fn(parameters, X_dev), Y_dev)
        ### END CODE HERE ###
    return train_errors, dev_errors


# ---------------------------------------------------------------------------------------------
# Given code: the flower data, error rate and a one-hidden-layer tanh network
# ---------------------------------------------------------------------------------------------

def make_flower(m=400, noise=0.2, seed=1):
    """A two-class "flower" in the plane: alternating petals of the rose curve r = 4 sin(4 theta).

    Class 0 is drawn along theta in [0, 3.12], class 1 along [3.12, 6.24]; both angle and radius get
    Gaussian noise, so neighbouring petals overlap a little and no classifier is perfect. A straight
    line cannot separate the classes.

    Arguments:
    m -- int, number of examples (even; each class gets m // 2)
    noise -- float, standard deviation of the noise on the angle and on the radius
    seed -- int, seed of a private generator (numpy's global one is left alone)

    Returns:
    X -- ndarray (2, m), the points; class 0 in the first half of the columns
    Y -- ndarray (1, m), labels 0.0 / 1.0
    """
    rng = np.random.RandomState(seed)
    half = m // 2
    X = np.zeros((2, 2 * half))
    Y = np.zeros((1, 2 * half))
    for label in (0, 1):
        columns = slice(label * half, (label + 1) * half)
        theta = np.linspace(label * 3.12, (label + 1) * 3.12, half) + noise * rng.randn(half)
        radius = 4 * np.sin(4 * theta) + noise * rng.randn(half)
        X[0, columns] = radius * np.sin(theta)
        X[1, columns] = radius * np.cos(theta)
        Y[0, columns] = label
    return X, Y


def error_rate(predictions, Y):
    """Fraction of examples whose predicted label differs from the true one.

    Arguments:
    predictions -- ndarray (1, m), predicted labels
    Y -- ndarray (1, m), true labels

    Returns:
    error -- float in [0, 1]
    """
    return float(np.mean(np.asarray(predictions).reshape(Y.shape) != Y))


def initialize_tanh_network(n_x, n_h, n_y, seed=0):
    """Parameters of a network n_x -> n_h (tanh) -> n_y (sigmoid).

    Weights are drawn from N(0, 1 / fan_in) (Xavier's scale, suited to tanh), biases are zero.

    Returns:
    parameters -- dict: "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)
    """
    rng = np.random.RandomState(seed)
    return {
        "W1": rng.randn(n_h, n_x) * np.sqrt(1 / n_x),
        "b1": np.zeros((n_h, 1)),
        "W2": rng.randn(n_y, n_h) * np.sqrt(1 / n_h),
        "b2": np.zeros((n_y, 1)),
    }


def tanh_network_forward(X, parameters):
    """Forward pass of the tanh network.

    Arguments:
    X -- ndarray (n_x, m)
    parameters -- dict from initialize_tanh_network

    Returns:
    A2 -- ndarray (n_y, m), probabilities of class 1
    cache -- dict with "A1" (n_h, m) and "A2", for tanh_network_backward
    """
    A1 = np.tanh(parameters["W1"] @ X + parameters["b1"])
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    # exp of a non-positive number only, so large |Z2| cannot overflow
    e = np.exp(-np.abs(Z2))
    A2 = np.where(Z2 >= 0, 1 / (1 + e), e / (1 + e))
    return A2, {"A1": A1, "A2": A2}


def tanh_network_backward(parameters, cache, X, Y):
    """Gradients of the mean cross-entropy of the tanh network.

    Arguments:
    parameters -- dict from initialize_tanh_network
    cache -- dict from tanh_network_forward
    X -- ndarray (n_x, m)
    Y -- ndarray (n_y, m), labels 0/1

    Returns:
    grads -- dict: "dW1", "db1", "dW2", "db2", shaped like the parameters
    """
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {
        "dW1": dZ1 @ X.T,
        "db1": np.sum(dZ1, axis=1, keepdims=True),
        "dW2": dZ2 @ cache["A1"].T,
        "db2": np.sum(dZ2, axis=1, keepdims=True),
    }


def train_tanh_network(X, Y, n_h=20, num_iterations=3000, learning_rate=1.0, seed=0):
    """Train the tanh network with batch gradient descent and no regularisation.

    Arguments:
    X -- ndarray (n_x, m)
    Y -- ndarray (1, m), labels 0/1
    n_h -- int, hidden units
    num_iterations -- int, gradient steps
    learning_rate -- float
    seed -- int, seed of the initialisation (the same seed gives the same network)

    Returns:
    parameters -- dict of the trained network
    """
    parameters = initialize_tanh_network(X.shape[0], n_h, Y.shape[0], seed)
    for _ in range(num_iterations):
        _, cache = tanh_network_forward(X, parameters)
        grads = tanh_network_backward(parameters, cache, X, Y)
        for key in parameters:
            parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


def predict_tanh_network(parameters, X):
    """Predicted labels of the tanh network.

    Arguments:
    parameters -- dict of a trained network
    X -- ndarray (n_x, m)

    Returns:
    predictions -- ndarray (1, m) of 0/1 integers
    """
    A2, _ = tanh_network_forward(X, parameters)
    return (A2 > 0.5).astype(int)
