"""Given code for the 'regularization' assignment: sigmoid, relu, initialize_parameters, forward_propagation, backward_propagation, compute_cost, update_parameters, predict, predict_dec."""

import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + exp(-x)), finite for any finite x.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of x's shape, values in [0, 1]
    """
    x = np.asarray(x, dtype=np.float64)
    # exp(-|x|) cannot overflow; both branches are the same function rearranged.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x):
    """Rectified linear unit max(0, x).

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of x's shape
    """
    return np.maximum(0, x)


def initialize_parameters(layer_dims):
    """Random weights scaled by 1/sqrt(fan-in) and zero biases, drawn from a fixed seed.

    Seeds numpy's global RNG with 3 so that every training run in the notebook starts from the same
    weights; the dropout masks drawn afterwards are therefore reproducible too.

    Arguments:
    layer_dims -- list of ints [n_x, n_1, ..., n_L], the size of every layer

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(
            layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass without dropout (the path used for prediction and at test time).

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
                  W3 (1, n_2), b3 (1, 1)

    Returns:
    A3 -- ndarray (1, m), output probabilities
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X, Y, cache):
    """Gradients of the unregularised cost, for the cache of `forward_propagation`.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def compute_cost(A3, Y):
    """Mean binary cross-entropy, without any regularisation term.

    J = -(1/m) * sum(Y log A3 + (1 - Y) log(1 - A3))

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    # A prediction of exactly 0 or 1 on the matching label gives 0 * log(0) = nan for the other
    # term; that term contributes nothing, so nansum drops it.
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    return float(np.nansum(logprobs) / m)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l} and b{l}.

    Arguments:
    parameters -- dict with W{l}, b{l}
    grads -- dict with dW{l}, db{l} of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated arrays (the input dict is left unchanged)
    """
    n_layers = len(parameters) // 2
    updated = {}
    for l in range(1, n_layers + 1):
        updated["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        updated["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return updated


def predict(X, y, parameters):
    """Label every example with the dropout-free network, print and return the predictions.

    Arguments:
    X -- ndarray (n_x, m), inputs
    y -- ndarray (1, m), true labels, used only for the printed accuracy
    parameters -- dict of trained parameters

    Returns:
    p -- ndarray (1, m) of ints 0 or 1
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """Predicted classes without printing, for drawing decision boundaries.

    Arguments:
    parameters -- dict of trained parameters
    X -- ndarray (n_x, m), points to classify

    Returns:
    predictions -- ndarray (1, m) of booleans, True for class 1
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5
