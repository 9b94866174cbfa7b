"""Given code for the 'initialization' assignment: sigmoid, relu, forward_propagation, backward_propagation, compute_loss, update_parameters, predict, predict_dec."""

import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + exp(-x)), finite for any finite x.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of x's shape, values in [0, 1]
    """
    x = np.asarray(x, dtype=np.float64)
    # Weights drawn at scale 10 give |x| in the hundreds: exp(-|x|) stays finite where exp(-x) would not.
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


def forward_propagation(X, parameters):
    """Forward pass of the three-layer network.

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
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy for the cache of `forward_propagation`.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each of the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = np.where(Z2 > 0, dA2, 0.0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_loss(A3, Y):
    """Mean binary cross-entropy, with each example's loss capped at -log(1e-15), about 34.5.

    Weights at scale 10 push outputs to exactly 0.0 or 1.0 in float64; uncapped, one confidently
    wrong example would make the cost infinite and hide how training progresses.

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    loss -- Python float
    """
    m = Y.shape[1]
    p = np.clip(A3, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p)) / m)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l} and b{l}.

    Arguments:
    parameters -- dict with W{l}, b{l}
    grads -- dict with dW{l}, db{l} of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated arrays (the input dict is left unchanged)
    """
    updated = {}
    for l in range(1, len(parameters) // 2 + 1):
        updated["W%d" % l] = parameters["W%d" % l] - learning_rate * grads["dW%d" % l]
        updated["b%d" % l] = parameters["b%d" % l] - learning_rate * grads["db%d" % l]
    return updated


def predict(X, y, parameters):
    """Label every example, print the accuracy against y and return the labels.

    Arguments:
    X -- ndarray (n_x, m), inputs
    y -- ndarray (1, m), true labels, used only for the printed accuracy
    parameters -- dict of trained parameters

    Returns:
    p -- ndarray (1, m) of ints 0 or 1
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p == y))))
    return p


def predict_dec(parameters, X):
    """Labels without printing, for drawing decision boundaries.

    Arguments:
    parameters -- dict of trained parameters
    X -- ndarray (n_x, m), points to label

    Returns:
    predictions -- ndarray (1, m) of booleans, True for class 1
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5
