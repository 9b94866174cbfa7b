"""Reference for `softmax_regression`: multi-class classification with a softmax output.

Curriculum: Softmax regression. Classes sit on axis 0 and examples on axis 1: scores Z and
probabilities A have shape (C, m); integer labels have shape (1, m); one-hot labels shape (C, m).
"""

import numpy as np


def one_hot(Y, C):
    """One-hot encoding of integer labels.

    Arguments:
    Y -- integer labels in 0..C-1, shape (1, m)
    C -- number of classes

    Returns:
    Y_one_hot -- float array of shape (C, m): column i is 1 in row Y[0, i] and 0 elsewhere
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    Y_one_hot = np.zeros((C, m))
    Y_one_hot[Y.reshape(-1).astype(int), np.arange(m)] = 1.0
    ### END CODE HERE ###
    return Y_one_hot


def softmax(Z):
    """Column-wise softmax: each column of the result lies in [0, 1] and sums to 1 (an entry far
    below its column's maximum may round to 0).

    Arguments:
    Z -- scores, shape (C, m)

    Returns:
    A -- probabilities, shape (C, m); finite for any finite scores
    """
    ### START CODE HERE ### (≈ 2 lines)
    # softmax(z) = softmax(z - c): shifting by the column maximum keeps every exponent <= 0.
    exps = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = exps / np.sum(exps, axis=0, keepdims=True)
    ### END CODE HERE ###
    return A


def compute_softmax_cost(A, Y):
    """Cross-entropy cost J = -(1/m) Σ_i Σ_j y_j log a_j.

    Only the true class of each example contributes: where y_j = 0 a probability a_j of exactly 0
    must add nothing (computed naively, 0 * log(0) is nan).

    Arguments:
    A -- predicted probabilities, shape (C, m)
    Y -- one-hot labels, shape (C, m)

    Returns:
    cost -- a Python float
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 1 line)
    # Terms with y = 0 contribute nothing; skipping them avoids 0 * log(0) = nan where a rounds to 0.
    cost = -np.sum(Y * np.log(A, out=np.zeros_like(A, dtype=np.float64), where=Y != 0)) / m
    ### END CODE HERE ###
    return float(cost)


def softmax_backward(A, Y):
    """Gradient of the cross-entropy loss with respect to the scores Z, per example.

    Arguments:
    A -- predicted probabilities, shape (C, m)
    Y -- one-hot labels, shape (C, m)

    Returns:
    dZ -- shape (C, m), dZ = A - Y (no 1/m: the notes' per-example form; the 1/m enters dW and db)
    """
    ### START CODE HERE ### (≈ 1 line)
    dZ = A - Y
    ### END CODE HERE ###
    return dZ


def model(X, Y, C, num_iterations=500, learning_rate=0.5, print_cost=False):
    """Train softmax regression by batch gradient descent from zero parameters.

    Arguments:
    X -- data, shape (n_x, m)
    Y -- integer labels in 0..C-1, shape (1, m)
    C -- number of classes
    num_iterations -- gradient steps
    learning_rate -- step size α
    print_cost -- print the cost every 100 steps

    Returns:
    parameters -- dict: "W" (C, n_x), "b" (C, 1)
    costs -- list of the cost before steps 0, 100, 200, ...
    """
    n_x, m = X.shape
    W, b = np.zeros((C, n_x)), np.zeros((C, 1))
    Y_one_hot = one_hot(Y, C)
    costs = []
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 6 lines)
        A = softmax(np.dot(W, X) + b)
        cost = compute_softmax_cost(A, Y_one_hot)
        dZ = softmax_backward(A, Y_one_hot)
        dW = np.dot(dZ, X.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        W = W - learning_rate * dW
        b = b - learning_rate * db
        ### END CODE HERE ###
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"W": W, "b": b}, costs


def predict(parameters, X):
    """The most probable class of each example.

    Arguments:
    parameters -- dict: "W" (C, n_x), "b" (C, 1)
    X -- data, shape (n_x, m)

    Returns:
    predictions -- integer labels, shape (1, m)
    """
    ### START CODE HERE ### (≈ 1 line)
    predictions = np.argmax(np.dot(parameters["W"], X) + parameters["b"], axis=0).reshape(1, -1)
    ### END CODE HERE ###
    return predictions
