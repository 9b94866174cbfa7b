"""Given code for the 'normalization' assignment: load_badly_scaled_data, initialize_parameters, network_forward, train_network, predict."""

import numpy as np


def load_badly_scaled_data(m_train=300, m_test=300, seed=1):
    """Two-class data whose two features live on scales a million times apart.

    Points come from a latent square [-1, 1]^2 and are labelled by a wavy boundary; the first
    feature is then stretched to hundreds around 1000 (a "size") and the second squeezed to
    hundredths around 0 (a "rate"), so the information is the same but the cost surface of a
    network on the raw features is an extremely narrow valley.

    Arguments:
    m_train -- int, number of training examples
    m_test -- int, number of test examples
    seed -- int, seed of a private generator; the global numpy RNG is left untouched

    Returns:
    X_train -- ndarray (2, m_train), float64
    Y_train -- ndarray (1, m_train), labels 0.0 or 1.0
    X_test -- ndarray (2, m_test), float64
    Y_test -- ndarray (1, m_test), labels 0.0 or 1.0
    """
    rng = np.random.default_rng(seed)
    m = m_train + m_test
    latent = rng.uniform(-1.0, 1.0, size=(2, m))
    Y = (latent[1] > 0.6 * np.sin(3.0 * latent[0])).astype(np.float64).reshape(1, m)
    scale = np.array([[300.0], [0.01]])
    offset = np.array([[1000.0], [0.02]])
    X = latent * scale + offset
    return X[:, :m_train], Y[:, :m_train], X[:, m_train:], Y[:, m_train:]


def initialize_parameters(layer_dims, seed=1):
    """He-initialised weights and zero biases from a private generator.

    Arguments:
    layer_dims -- list of ints [n_x, n_1, ..., n_L]
    seed -- int, seed of the private generator

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1)
    """
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(
            2.0 / layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def network_forward(X, parameters):
    """Forward pass of a `train_network` network: ReLU hidden layers and a linear output unit.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict of W{l} (n_l, n_{l-1}), b{l} (n_l, 1)

    Returns:
    ZL -- ndarray (1, m), the output logits (the sigmoid of ZL is the probability of class 1)
    activations -- list [X, A1, ..., ZL], the input of every layer followed by the logits
    """
    n_layers = len(parameters) // 2
    activations = [X]
    A = X
    for l in range(1, n_layers + 1):
        Z = np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)]
        A = np.maximum(0, Z) if l < n_layers else Z
        activations.append(A)
    return A, activations


def train_network(X, Y, layer_dims, learning_rate=0.1, num_iterations=2000, seed=1):
    """Full-batch gradient descent on a ReLU network with a sigmoid output unit.

    The cost is the mean cross-entropy written in terms of the logits Z, log(1 + e^Z) - Y Z, which
    stays finite however saturated the output is, so training on unnormalised data can be watched
    rather than turning into nan.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    layer_dims -- list of ints [n_x, n_1, ..., 1]
    learning_rate -- float, step size
    num_iterations -- int, number of gradient steps
    seed -- int, seed of the weight initialisation

    Returns:
    parameters -- dict of the learned W{l}, b{l}
    costs -- list of num_iterations floats, the cost before each step
    """
    parameters = initialize_parameters(layer_dims, seed)
    n_layers = len(layer_dims) - 1
    m = X.shape[1]
    costs = []
    for _ in range(num_iterations):
        ZL, activations = network_forward(X, parameters)
        costs.append(float(np.mean(np.logaddexp(0, ZL) - Y * ZL)))
        # Derivative of the cost with respect to the logits, times m.
        dZ = 1.0 / (1.0 + np.exp(-np.clip(ZL, -500, 500))) - Y
        updated = dict(parameters)
        for l in range(n_layers, 0, -1):
            A_prev = activations[l - 1]
            W = parameters["W" + str(l)]
            updated["W" + str(l)] = W - learning_rate * np.dot(dZ, A_prev.T) / m
            updated["b" + str(l)] = parameters["b" + str(l)] - learning_rate * np.sum(
                dZ, axis=1, keepdims=True) / m
            if l > 1:
                dZ = np.dot(W.T, dZ) * (A_prev > 0)
        parameters = updated
    return parameters, costs


def predict(X, parameters):
    """Class predictions of a network trained by `train_network`.

    Arguments:
    X -- ndarray (n_x, m), inputs (normalised the same way as the training inputs)
    parameters -- dict of W{l}, b{l}

    Returns:
    predictions -- ndarray (1, m) of floats 0.0 or 1.0
    """
    ZL, _ = network_forward(X, parameters)
    return (ZL > 0).astype(np.float64)
