"""Given code for the 'bias_variance' assignment: REMEDIES_FOR_HIGH_BIAS, REMEDIES_FOR_HIGH_VARIANCE, REMEDY_VOCABULARY, make_flower, error_rate, initialize_tanh_network, tanh_network_forward, tanh_network_backward, train_tanh_network, predict_tanh_network."""

import numpy as np


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


REMEDY_VOCABULARY = ("bigger_network", "train_longer", "better_architecture", "more_data",
                     "regularization")


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
