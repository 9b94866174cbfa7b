"""Reference: a network with one hidden layer on the planar "flower" (DLS C1W3).

Curriculum section: 神经网络 (neural networks), one hidden layer.

    X (n_x, m) -> Z1 = W1 X + b1 -> A1 = tanh(Z1) -> Z2 = W2 A1 + b2 -> A2 = sigmoid(Z2)

Examples are columns. The cost is the mean binary cross-entropy; gradient descent updates the four
parameter arrays. `load_planar_dataset` and `sigmoid` are given code (shipped to students as the
helper module `planar_utils`); every other function is graded.
"""

import numpy as np


def load_planar_dataset(m=400, seed=1):
    """Generate the two-class "flower": points along the petals of a rose curve.

    Each class covers a half-turn of the angle t, with radius r = 4 sin(4t) plus noise, so the two
    classes alternate petal by petal and no straight line separates them.

    Arguments:
    m -- int, number of points (even); half of them belong to each class
    seed -- int, seed of a private generator; the global numpy RNG is left untouched

    Returns:
    X -- ndarray (2, m), float64, the coordinates of the points
    Y -- ndarray (1, m), float64, labels 0 or 1
    """
    rng = np.random.default_rng(seed)
    half = m // 2
    petal_amplitude = 4.0
    noise = 0.2
    X = np.zeros((2, m))
    Y = np.zeros((1, m))
    for label in range(2):
        columns = slice(label * half, (label + 1) * half)
        # The classes take consecutive half-turns of the angle, so their petals interleave.
        t = np.linspace(label * np.pi, (label + 1) * np.pi, half) + noise * rng.standard_normal(half)
        r = petal_amplitude * np.sin(4 * t) + noise * rng.standard_normal(half)
        X[0, columns] = r * np.sin(t)
        X[1, columns] = r * np.cos(t)
        Y[0, columns] = label
    return X, Y


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), finite for any finite z.

    Arguments:
    z -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of z's shape, values in [0, 1]
    """
    z = np.asarray(z, dtype=np.float64)
    # exp(-|z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def layer_sizes(X, Y):
    """Read the sizes of the three layers off the data.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (n_y, m), labels

    Returns:
    n_x -- int, size of the input layer
    n_h -- int, size of the hidden layer (4)
    n_y -- int, size of the output layer
    """
    ### START CODE HERE ### (≈ 3 lines)
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    ### END CODE HERE ###
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for the two layers.

    The caller seeds numpy's global RNG; this function draws W1 before W2.

    Arguments:
    n_x -- int, size of the input layer
    n_h -- int, size of the hidden layer
    n_y -- int, size of the output layer

    Returns:
    parameters -- dict:
        W1 -- ndarray (n_h, n_x), N(0, 1) * 0.01
        b1 -- ndarray (n_h, 1), zeros
        W2 -- ndarray (n_y, n_h), N(0, 1) * 0.01
        b2 -- ndarray (n_y, 1), zeros
    """
    ### START CODE HERE ### (≈ 4 lines)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def forward_propagation(X, parameters):
    """Forward pass: tanh hidden layer, sigmoid output.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)

    Returns:
    A2 -- ndarray (n_y, m), output probabilities
    cache -- dict with Z1, A1 (n_h, m) and Z2, A2 (n_y, m), kept for the backward pass
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    ### START CODE HERE ### (≈ 4 lines)
    Z1 = np.dot(W1, X) + b1
    A1 = sigmoid(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    ### END CODE HERE ###
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    """Mean binary cross-entropy of the predictions.

    J = -(1/m) * sum(Y log A2 + (1 - Y) log(1 - A2))

    Arguments:
    A2 -- ndarray (1, m), predicted probabilities, strictly inside (0, 1)
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 3 lines)
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    cost = -np.sum(logprobs)
    cost = float(np.squeeze(cost))
    ### END CODE HERE ###
    return cost


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the mean cross-entropy with respect to W1, b1, W2, b2.

    With a sigmoid output and cross-entropy cost, dZ2 = A2 - Y; tanh'(Z1) = 1 - A1**2.

    Arguments:
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)
    cache -- dict with Z1, A1 (n_h, m), Z2, A2 (n_y, m) from forward_propagation
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (n_y, m), labels

    Returns:
    grads -- dict with dW1 (n_h, n_x), db1 (n_h, 1), dW2 (n_y, n_h), db2 (n_y, 1)
    """
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    ### START CODE HERE ### (≈ 6 lines)
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    ### END CODE HERE ###
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    """One step of gradient descent, returning new arrays (the input dict is left unchanged).

    Arguments:
    parameters -- dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)
    grads -- dict with dW1, db1, dW2, db2 of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated W1, b1, W2, b2
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    dW1 = grads["dW1"]
    db1 = grads["db1"]
    dW2 = grads["dW2"]
    db2 = grads["db2"]
    ### START CODE HERE ### (≈ 4 lines)
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    ### END CODE HERE ###
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network by full-batch gradient descent (learning rate 1.2).

    Seeds numpy's global RNG with 3 before initialising, so a run is reproducible.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    n_h -- int, size of the hidden layer
    num_iterations -- int, number of gradient steps
    print_cost -- bool, print the cost every 1000 iterations

    Returns:
    parameters -- dict with the trained W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)
    """
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    ### START CODE HERE ### (≈ 1 line)
    parameters = initialize_parameters(n_x, n_h, n_y)
    ### END CODE HERE ###
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 4 lines)
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        ### END CODE HERE ###
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


def predict(parameters, X):
    """Class predictions: 1 where the output probability exceeds 0.5, else 0.

    Arguments:
    parameters -- dict with W1, b1, W2, b2 of a trained network
    X -- ndarray (n_x, m), inputs

    Returns:
    predictions -- ndarray (1, m), float64, values 0.0 or 1.0
    """
    ### START CODE HERE ### (≈ 2 lines)
    A2, cache = forward_propagation(X, parameters)
    predictions = A2
    ### END CODE HERE ###
    return predictions
