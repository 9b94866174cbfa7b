"""Reference: an L-layer network built step by step, then trained (DLS C1W4, both assignments).

Curriculum section: 神经网络 (neural networks): forward pass, cost, backward pass, update;
权重初始化 (weight initialisation).

    [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID

Examples are columns. A layer is a pair of functions, forward(inputs) -> (output, cache) and
backward(upstream gradient, cache) -> gradients. Caches follow DLS: `linear_cache = (A_prev, W, b)`
and `linear_activation_forward` returns `(A, (linear_cache, Z))`.

Convention for gradients (as in DLS): dW and db are derivatives of the mean cost J; dA and dZ are
derivatives of the summed loss, that is m * dJ/dA, and the 1/m is applied once, in linear_backward.

The first four functions are given code (the helper module `dnn_utils` of the student notebook);
every other function is graded.
"""

import numpy as np


def sigmoid(Z):
    """Logistic activation, finite for any finite Z.

    Arguments:
    Z -- ndarray of any shape

    Returns:
    A -- ndarray of Z's shape, values in [0, 1]
    cache -- Z itself, for sigmoid_backward
    """
    # exp(-|Z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    cache = Z
    return A, cache


def relu(Z):
    """Rectified linear activation max(0, Z).

    Arguments:
    Z -- ndarray of any shape

    Returns:
    A -- ndarray of Z's shape
    cache -- Z itself, for relu_backward
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """Gradient through a sigmoid: dZ = dA * s * (1 - s) with s = sigmoid(Z).

    Arguments:
    dA -- ndarray, upstream gradient, same shape as Z
    cache -- Z, the pre-activation stored by sigmoid

    Returns:
    dZ -- ndarray of Z's shape
    """
    s, _ = sigmoid(cache)
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """Gradient through a ReLU: dA where Z > 0, zero elsewhere (the derivative at 0 is taken as 0).

    Arguments:
    dA -- ndarray, upstream gradient, same shape as Z
    cache -- Z, the pre-activation stored by relu

    Returns:
    dZ -- ndarray of Z's shape
    """
    dZ = np.where(cache > 0, dA, 0.0)
    return dZ


def initialize_parameters_deep(layer_dims):
    """Random weights scaled by 1/sqrt(fan-in), zero biases, for every layer.

    The caller seeds numpy's global RNG; weights are drawn layer by layer, W1 first.

    Arguments:
    layer_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with, for l = 1..L:
        W{l} -- ndarray (n_l, n_{l-1}), N(0, 1) / sqrt(n_{l-1})
        b{l} -- ndarray (n_l, 1), zeros
    """
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        b = np.zeros((layer_dims[l], 1))
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def linear_forward(A, W, b):
    """The linear part of a layer: Z = W A + b.

    Arguments:
    A -- ndarray (n_prev, m), activations of the previous layer (or the input)
    W -- ndarray (n, n_prev), weights
    b -- ndarray (n, 1), biases

    Returns:
    Z -- ndarray (n, m), pre-activation
    cache -- tuple (A, W, b), for linear_backward
    """
    ### START CODE HERE ### (≈ 1 line)
    Z = np.dot(W, A)
    ### END CODE HERE ###
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """One whole layer: LINEAR then the activation.

    Arguments:
    A_prev -- ndarray (n_prev, m), activations of the previous layer
    W -- ndarray (n, n_prev), weights
    b -- ndarray (n, 1), biases
    activation -- "sigmoid" or "relu"

    Returns:
    A -- ndarray (n, m), activations of this layer
    cache -- tuple (linear_cache, activation_cache) = ((A_prev, W, b), Z)
    """
    if activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        ### END CODE HERE ###
    elif activation == "relu":
        ### START CODE HERE ### (≈ 2 lines)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        ### END CODE HERE ###
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu', got %r" % (activation,))
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Arguments:
    X -- ndarray (n_0, m), inputs
    parameters -- dict with W1, b1, ..., WL, bL as made by initialize_parameters_deep

    Returns:
    AL -- ndarray (1, m), output probabilities
    caches -- list of the L caches of linear_activation_forward, layer 1 first
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        ### START CODE HERE ### (≈ 2 lines)
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
        ### END CODE HERE ###
    ### START CODE HERE ### (≈ 2 lines)
    AL, cache = linear_activation_forward(
        A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    ### END CODE HERE ###
    return AL, caches


def compute_cost(AL, Y):
    """Mean binary cross-entropy.

    J = -(1/m) * sum(Y log AL + (1 - Y) log(1 - AL))

    Arguments:
    AL -- ndarray (1, m), predicted probabilities, strictly inside (0, 1)
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    cost = float(np.squeeze(cost))
    ### END CODE HERE ###
    return cost


def linear_backward(dZ, cache):
    """Backward pass of the linear part of a layer.

    Arguments:
    dZ -- ndarray (n, m), gradient of the summed loss with respect to Z
    cache -- tuple (A_prev, W, b) from linear_forward

    Returns:
    dA_prev -- ndarray (n_prev, m), gradient of the summed loss with respect to A_prev
    dW -- ndarray (n, n_prev), gradient of the mean cost with respect to W
    db -- ndarray (n, 1), gradient of the mean cost with respect to b
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    ### START CODE HERE ### (≈ 3 lines)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    ### END CODE HERE ###
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward pass of one whole layer: through the activation, then the linear part.

    Arguments:
    dA -- ndarray (n, m), gradient of the summed loss with respect to this layer's activations
    cache -- tuple (linear_cache, activation_cache) from linear_activation_forward
    activation -- "sigmoid" or "relu", the activation used in the forward pass

    Returns:
    dA_prev -- ndarray (n_prev, m)
    dW -- ndarray (n, n_prev)
    db -- ndarray (n, 1)
    """
    linear_cache, activation_cache = cache
    if activation == "relu":
        ### START CODE HERE ### (≈ 2 lines)
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###
    elif activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines)
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu', got %r" % (activation,))
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID with the cross-entropy cost.

    Arguments:
    AL -- ndarray (1, m), output of L_model_forward
    Y -- ndarray (1, m), labels 0 or 1
    caches -- list of the L caches from L_model_forward

    Returns:
    grads -- dict with, for l = 1..L: dA{l-1} (n_{l-1}, m), dW{l} (n_l, n_{l-1}), db{l} (n_l, 1)
    """
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    ### START CODE HERE ### (≈ 1 line)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    ### END CODE HERE ###
    current_cache = caches[L - 1]
    ### START CODE HERE ### (≈ 1 line)
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    ### END CODE HERE ###
    grads["dA" + str(L - 1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        ### START CODE HERE ### (≈ 1 line)
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, "relu")
        ### END CODE HERE ###
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters(params, grads, learning_rate):
    """One step of gradient descent on every layer; the input dict and its arrays stay unchanged.

    Arguments:
    params -- dict with W1, b1, ..., WL, bL
    grads -- dict from L_model_backward (dW{l}, db{l} of the same shapes)
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated W{l}, b{l}
    """
    # Copy so that a caller still holding the old dict (e.g. to compare before/after) keeps it.
    parameters = {key: np.copy(value) for key, value in params.items()}
    L = len(parameters) // 2
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        b = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train an L-layer network by full-batch gradient descent.

    Seeds numpy's global RNG with 1 before initialising, so a run is reproducible.

    Arguments:
    X -- ndarray (n_0, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    layers_dims -- list of ints [n_0, n_1, ..., 1], the size of each layer
    learning_rate -- float, step size
    num_iterations -- int, number of gradient steps
    print_cost -- bool, print the cost every 100 iterations and after the last one

    Returns:
    parameters -- dict with the trained W{l}, b{l}
    costs -- list of Python floats, the cost at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    costs = []
    ### START CODE HERE ### (≈ 1 line)
    parameters = initialize_parameters_deep(layers_dims)
    ### END CODE HERE ###
    for i in range(num_iterations):
        ### START CODE HERE ### (≈ 4 lines)
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        ### END CODE HERE ###
        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print("Cost after iteration %i: %f" % (i, cost))
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs


def predict(X, y, parameters):
    """Class predictions of a trained L-layer network; prints the accuracy against y.

    Arguments:
    X -- ndarray (n_0, m), inputs
    y -- ndarray (1, m), true labels 0 or 1 (only used for the printed accuracy)
    parameters -- dict with the trained W{l}, b{l}

    Returns:
    p -- ndarray (1, m), float64, 1.0 where the output probability exceeds 0.5, else 0.0
    """
    m = X.shape[1]
    ### START CODE HERE ### (≈ 2 lines)
    probas, caches = L_model_forward(X, parameters)
    p = (probas > 0.5).astype(np.float64)
    ### END CODE HERE ###
    print("Accuracy: " + str(np.sum(p == y) / m))
    return p
