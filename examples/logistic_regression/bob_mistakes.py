"""Reference for `logistic_regression`: a binary classifier trained by gradient descent.

Curriculum: Logistic regression (逻辑回归) and 梯度下降 (gradient descent). Examples are columns:
X has shape (n_x, m), labels Y shape (1, m) with values 0 or 1; the parameters are w (n_x, 1) and the
Python float b.
"""

import copy

import numpy as np


def sigmoid(z):
    """The logistic function 1 / (1 + e^(-z)), elementwise and overflow-free.

    Arguments:
    z -- scalar or ndarray of any shape

    Returns:
    s -- same shape as z, values in [0, 1]
    """
    return np.exp(-np.logaddexp(0.0, -z))


def initialize_with_zeros(dim):
    """Parameters of a logistic regression on ``dim`` features, all zero.

    Arguments:
    dim -- number of features n_x

    Returns:
    w -- ndarray of zeros, shape (dim, 1)
    b -- the Python float 0.0
    """
    ### START CODE HERE ### (≈ 2 lines)
    w = np.zeros((dim, 1))
    b = 0.0
    ### END CODE HERE ###
    return w, b


def propagate(w, b, X, Y):
    """Forward pass (the cost) and backward pass (its gradients) of logistic regression.

    Arguments:
    w -- weights, shape (n_x, 1)
    b -- bias, a scalar
    X -- data, shape (n_x, m)
    Y -- labels 0 / 1, shape (1, m)

    Returns:
    grads -- dict with "dw" (shape (n_x, 1)) and "db" (a scalar): gradients of the cost
    cost -- the cross-entropy cost, a 0-d float: -(1/m) Σ [y log a + (1 - y) log(1 - a)]; it must stay
            finite when the sigmoid saturates (|z| in the hundreds, where a rounds to exactly 0 or 1)
    """
    m = X.shape[1]
    ### START CODE HERE ### (≈ 3 lines)
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    # log(a) = -log(1 + e^(-z)) and log(1 - a) = -log(1 + e^z): exact, and finite even where a rounds to 0 or 1.
    cost = np.sum(Y * np.logaddexp(0.0, -Z) + (1 - Y) * np.logaddexp(0.0, Z)) / m
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 2 lines)
    dw = np.dot(X, (A - Y).T)
    db = np.sum(A - Y) / m
    ### END CODE HERE ###
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent on (w, b).

    Arguments:
    w -- initial weights, shape (n_x, 1) (not modified)
    b -- initial bias, a scalar
    X -- data, shape (n_x, m)
    Y -- labels 0 / 1, shape (1, m)
    num_iterations -- number of gradient steps
    learning_rate -- step size α
    print_cost -- print the cost every 100 steps

    Returns:
    params -- dict with the final "w" (n_x, 1) and "b" (scalar)
    grads -- dict with the last "dw" (n_x, 1) and "db" (scalar)
    costs -- list of the cost before steps 0, 100, 200, ...
    """
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 1 line)
        grads, cost = propagate(w, b, X, Y)
        ### END CODE HERE ###
        dw = grads["dw"]
        db = grads["db"]
        ### START CODE HERE ### (≈ 2 lines)
        w = w - learning_rate * dw
        b = b - learning_rate * db
        ### END CODE HERE ###
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):f}")
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


def predict(w, b, X):
    """Predicted labels: 1 where the probability exceeds 0.5, else 0.

    Arguments:
    w -- weights, shape (n_x, 1)
    b -- bias, a scalar
    X -- data, shape (n_x, m)

    Returns:
    Y_prediction -- ndarray of shape (1, m) holding 0.0 / 1.0
    """
    ### START CODE HERE ### (≈ 2 lines)
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = A
    ### END CODE HERE ###
    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression from zeros and predict on both sets.

    Arguments:
    X_train -- training data, shape (n_x, m_train)
    Y_train -- training labels, shape (1, m_train)
    X_test -- test data, shape (n_x, m_test)
    Y_test -- test labels, shape (1, m_test)
    num_iterations -- gradient steps
    learning_rate -- step size
    print_cost -- print the cost every 100 steps

    Returns:
    d -- dict: "costs" (list), "Y_prediction_test" (1, m_test), "Y_prediction_train" (1, m_train),
         "w" (n_x, 1), "b" (scalar), "learning_rate", "num_iterations"
    """
    ### START CODE HERE ###
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    ### END CODE HERE ###
    if print_cost:
        print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100:.2f} %")
        print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100:.2f} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
