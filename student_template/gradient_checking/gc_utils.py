"""Given code for the 'gradient_checking' assignment: sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector, forward_propagation_n, backward_propagation_n."""

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


def dictionary_to_vector(parameters):
    """Stack W1, b1, W2, b2, W3, b3 into one column, each array flattened row by row.

    Arguments:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)

    Returns:
    theta -- ndarray (47, 1), the parameters one after another
    keys -- list of 47 strings, the name of the array each entry of theta comes from
    """
    pieces = []
    keys = []
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        column = np.reshape(parameters[key], (-1, 1))
        pieces.append(column)
        keys = keys + [key] * column.shape[0]
    theta = np.concatenate(pieces, axis=0)
    return theta, keys


def vector_to_dictionary(theta):
    """Undo `dictionary_to_vector`: cut the column back into the six arrays of the network.

    Arguments:
    theta -- ndarray (47, 1)

    Returns:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)
    """
    # The layout is fixed by the network of this assignment, as in DLS.
    shapes = [("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)),
              ("W3", (1, 3)), ("b3", (1, 1))]
    parameters = {}
    start = 0
    for key, shape in shapes:
        size = shape[0] * shape[1]
        parameters[key] = np.reshape(theta[start:start + size], shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Stack dW1, db1, dW2, db2, dW3, db3 into one column, in the order of `dictionary_to_vector`.

    Arguments:
    gradients -- dict holding at least dW1 (5, 4), db1 (5, 1), dW2 (3, 5), db2 (3, 1),
                 dW3 (1, 3), db3 (1, 1); other entries (dZ, dA) are ignored

    Returns:
    theta -- ndarray (47, 1)
    """
    pieces = [np.reshape(gradients[key], (-1, 1))
              for key in ["dW1", "db1", "dW2", "db2", "dW3", "db3"]]
    return np.concatenate(pieces, axis=0)


def forward_propagation_n(X, Y, parameters):
    """Forward pass of the three-layer network and its mean cross-entropy cost.

    Arguments:
    X -- ndarray (4, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)

    Returns:
    cost -- float, mean binary cross-entropy
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    log_probs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    cost = float(np.sum(log_probs) / m)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def backward_propagation_n(X, Y, cache):
    """Gradients of the cost of `forward_propagation_n` (a correct implementation).

    Arguments:
    X -- ndarray (4, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates (dZ and dA are m times the derivative of the cost)
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
