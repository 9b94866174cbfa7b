"""Optimisation algorithms (优化算法): mini-batches, momentum, RMSprop, Adam, learning-rate decay.

Reference for the `optimization` assignment (DLS C2W2 signatures).

Conventions: examples are columns (X is (n_x, m), Y is (1, m)); parameters live in a dict
{"W1": (n1, n0), "b1": (n1, 1), ...} and gradients in a dict with the keys "dW1", "db1", ...;
the optimiser state (v for the first moment, s for the second) uses the gradient keys.

Every update function returns new dicts and new arrays and leaves its inputs untouched, so a caller
can compare the state before and after a step. Updating in place, as the course's notebooks do, is
equally correct; the grader looks only at the returned values.

`model` puts the pieces together: it trains the given network with mini-batches and the chosen
optimiser; the student writes its update step. The unmarked functions at the end (a small ReLU
network, its cost and its predictions) are given to the student as `opt_utils`.
"""

import math

import numpy as np


# ---------------------------------------------------------------------------------------------
# Graded functions
# ---------------------------------------------------------------------------------------------

def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of (batch or mini-batch) gradient descent.

    Arguments:
    parameters -- dict: "W<l>" of shape (n_l, n_{l-1}) and "b<l>" of shape (n_l, 1), l = 1..L
    grads -- dict: "dW<l>" and "db<l>", the same shapes as the parameters they belong to
    learning_rate -- float, the step size alpha

    Returns:
    parameters -- dict, the same keys and shapes: W <- W - alpha dW, b <- b - alpha db
    """
    parameters = dict(parameters)  # a new dict, so the caller's dict keeps its arrays
    L = len(parameters) // 2
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines)
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
        ### END CODE HERE ###
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples and cut them into mini-batches.

    The columns of X and Y are shuffled with one permutation, `np.random.permutation(m)` drawn right
    after `np.random.seed(seed)`, so every label stays with its example. The shuffled data is then
    cut into floor(m / mini_batch_size) complete batches, in order, followed by one smaller batch
    with the remaining m % mini_batch_size examples when there are any.

    Arguments:
    X -- ndarray (n_x, m), one example per column
    Y -- ndarray (n_y, m), usually (1, m), the labels of the columns of X
    mini_batch_size -- int, examples per complete batch
    seed -- int, seed of numpy's global generator

    Returns:
    mini_batches -- list of (mini_batch_X (n_x, k), mini_batch_Y (n_y, k)) tuples,
                    k = mini_batch_size except possibly for the last batch
    """
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []

    ### START CODE HERE ### (≈ 3 lines)
    permutation = np.random.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, np.random.permutation(m)]
    ### END CODE HERE ###

    num_complete_minibatches = m // mini_batch_size
    for k in range(num_complete_minibatches):
        ### START CODE HERE ### (≈ 2 lines)
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        ### END CODE HERE ###
        mini_batches.append((mini_batch_X, mini_batch_Y))

    if m % mini_batch_size != 0:
        ### START CODE HERE ### (≈ 2 lines)
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]
        ### END CODE HERE ###
        mini_batches.append((mini_batch_X, mini_batch_Y))

    return mini_batches


def initialize_velocity(parameters):
    """Zero velocity (the first-moment average) for momentum.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L

    Returns:
    v -- dict: "dW<l>" and "db<l>", float64 zeros shaped like "W<l>" and "b<l>"
    """
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines)
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        ### END CODE HERE ###
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum.

    For every W and b:  v_dW <- beta v_dW + (1 - beta) dW,  then  W <- W - alpha v_dW.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L
    grads -- dict: "dW<l>", "db<l>", shaped like the parameters
    v -- dict: "dW<l>", "db<l>", the velocity from the previous step
    beta -- float in [0, 1), the momentum
    learning_rate -- float, alpha

    Returns:
    parameters -- dict, the updated parameters
    v -- dict, the updated velocity
    """
    parameters = dict(parameters)
    v = dict(v)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 4 lines)
        v["dW" + str(l)] = beta * v["dW" + str(l)] + grads["dW" + str(l)]
        v["db" + str(l)] = beta * v["db" + str(l)] + grads["db" + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
        ### END CODE HERE ###
    return parameters, v


def initialize_rmsprop(parameters):
    """Zero second-moment averages for RMSprop.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L

    Returns:
    s -- dict: "dW<l>" and "db<l>", float64 zeros shaped like "W<l>" and "b<l>"
    """
    L = len(parameters) // 2
    s = {}
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines)
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        ### END CODE HERE ###
    return s


def update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon=1e-8):
    """One step of RMSprop.

    For every W and b:  s_dW <- beta s_dW + (1 - beta) dW**2  (element-wise square), then
    W <- W - alpha dW / (sqrt(s_dW) + epsilon), with epsilon added after the square root.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L
    grads -- dict: "dW<l>", "db<l>", shaped like the parameters
    s -- dict: "dW<l>", "db<l>", the averages of the squared gradients so far
    beta -- float in [0, 1), decay of the average (0.999 is common)
    learning_rate -- float, alpha
    epsilon -- float, keeps the division finite where s is zero

    Returns:
    parameters -- dict, the updated parameters
    s -- dict, the updated averages
    """
    parameters = dict(parameters)
    s = dict(s)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 4 lines)
        s["dW" + str(l)] = beta * s["dW" + str(l)] + (1 - beta) * np.square(grads["dW" + str(l)])
        s["db" + str(l)] = beta * s["db" + str(l)] + (1 - beta) * np.square(grads["db" + str(l)])
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)] / (
            np.sqrt(s["dW" + str(l)]) + epsilon)
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)] / (
            np.sqrt(s["db" + str(l)]) + epsilon)
        ### END CODE HERE ###
    return parameters, s


def initialize_adam(parameters):
    """Zero first- and second-moment averages for Adam.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L

    Returns:
    v -- dict: "dW<l>", "db<l>", float64 zeros shaped like "W<l>" and "b<l>" (average of gradients)
    s -- dict: the same keys and shapes (average of squared gradients); a separate set of arrays
    """
    L = len(parameters) // 2
    v = {}
    s = {}
    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 4 lines)
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        ### END CODE HERE ###
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One step of Adam (momentum and RMSprop with bias correction).

    For every W (and likewise b), at step t = 1, 2, ...:
        v_dW <- beta1 v_dW + (1 - beta1) dW
        s_dW <- beta2 s_dW + (1 - beta2) dW**2
        v_corrected_dW = v_dW / (1 - beta1**t)
        s_corrected_dW = s_dW / (1 - beta2**t)
        W <- W - alpha v_corrected_dW / (sqrt(s_corrected_dW) + epsilon)
    The corrected values go into their own dicts: v and s carry the uncorrected averages to the
    next step. Epsilon is added after the square root.

    Arguments:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) and "b<l>" (n_l, 1), l = 1..L
    grads -- dict: "dW<l>", "db<l>", shaped like the parameters
    v -- dict: "dW<l>", "db<l>", the average of the gradients so far
    s -- dict: "dW<l>", "db<l>", the average of the squared gradients so far
    t -- int >= 1, the number of this step (counts Adam steps, not epochs)
    learning_rate -- float, alpha
    beta1 -- float in [0, 1), decay of the first moment
    beta2 -- float in [0, 1), decay of the second moment
    epsilon -- float, keeps the division finite

    Returns:
    parameters -- dict, the updated parameters
    v -- dict, the updated first moment
    s -- dict, the updated second moment
    v_corrected -- dict, v / (1 - beta1**t)
    s_corrected -- dict, s / (1 - beta2**t)
    """
    parameters = dict(parameters)
    v = dict(v)
    s = dict(s)
    v_corrected = {}
    s_corrected = {}
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W", "b"):
            param = name + str(l)    # "W1", "b1", ...
            key = "d" + param        # "dW1", "db1", ...: the key of grads, v, s and the corrected values
            ### START CODE HERE ### (≈ 5 lines)
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            s[key] = beta2 * s[key] + (1 - beta2) * np.square(grads[key])
            v_corrected[key] = v[key] / (1 - beta1 ** t)
            s_corrected[key] = s[key] / (1 - beta2 ** t)
            parameters[param] = parameters[param] - learning_rate * v_corrected[key] / (
                np.sqrt(s_corrected[key] + epsilon))
            ### END CODE HERE ###
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    """Learning rate after `epoch_num` epochs of inverse-time decay.

    alpha = alpha0 / (1 + decay_rate * epoch_num)

    Arguments:
    learning_rate0 -- float, alpha0, the rate at epoch 0
    epoch_num -- int >= 0, the epoch number
    decay_rate -- float >= 0

    Returns:
    learning_rate -- float
    """
    ### START CODE HERE ### (≈ 1 line)
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    ### END CODE HERE ###
    return learning_rate


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Learning rate under inverse-time decay applied in steps of `time_interval` epochs.

    alpha = alpha0 / (1 + decay_rate * floor(epoch_num / time_interval)); the rate stays constant
    for `time_interval` epochs at a time, which keeps it from vanishing after thousands of epochs.

    Arguments:
    learning_rate0 -- float, alpha0, the rate at epoch 0
    epoch_num -- int >= 0, the epoch number
    decay_rate -- float >= 0
    time_interval -- int > 0, epochs between two decreases

    Returns:
    learning_rate -- float
    """
    ### START CODE HERE ### (≈ 1 line)
    learning_rate = learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))
    ### END CODE HERE ###
    return learning_rate


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True,
          decay=None, decay_rate=1):
    """Train the network of `layers_dims` with mini-batches and the chosen optimiser.

    Arguments:
    X -- ndarray (n_x, m), training inputs
    Y -- ndarray (1, m), labels 0/1
    layers_dims -- list [n_x, n_1, ..., 1]
    optimizer -- "gd", "momentum", "rmsprop" or "adam"
    learning_rate -- float, alpha (the starting value when decay is given)
    mini_batch_size -- int
    beta -- float, the momentum of "momentum"
    beta1 -- float, Adam's first-moment decay
    beta2 -- float, the second-moment decay of Adam and of "rmsprop"
    epsilon -- float, for "rmsprop" and "adam"
    num_epochs -- int, passes over the training set
    print_cost -- bool, print the cost every 1000 epochs
    decay -- None, or a function (learning_rate0, epoch_num, decay_rate) -> learning_rate called
             after every epoch, e.g. update_lr or schedule_lr_decay
    decay_rate -- float, passed to decay

    Returns:
    parameters -- dict, the trained parameters
    costs -- list of floats, the mean cost of every 100th epoch (epochs 0, 100, 200, ...)
    """
    costs = []
    t = 0                 # Adam's step counter: it counts updates, and the first update is t = 1
    seed = 10             # a new shuffle each epoch, the same shuffles for every optimiser
    m = X.shape[1]
    learning_rate0 = learning_rate

    parameters = initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "rmsprop":
        s = initialize_rmsprop(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    elif optimizer != "gd":
        raise ValueError("optimizer must be 'gd', 'momentum', 'rmsprop' or 'adam', not %r" % (optimizer,))

    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = forward_propagation(mini_batch_X, parameters)
            cost_total += compute_cost(a3, mini_batch_Y)
            grads = backward_propagation(mini_batch_X, mini_batch_Y, caches)
            # One step of the chosen optimiser; Adam first counts the step in t.
            ### START CODE HERE ### (≈ 10 lines)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            elif optimizer == "rmsprop":
                parameters, s = update_parameters_with_rmsprop(parameters, grads, s, beta2,
                                                               learning_rate, epsilon)
            elif optimizer == "adam":
                t = t + 1
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                               beta1, beta2, epsilon)[:3]
            ### END CODE HERE ###
        cost_avg = cost_total / m
        if decay is not None:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
            if decay is not None:
                print("learning rate after epoch %i: %f" % (i, learning_rate))
        if i % 100 == 0:
            costs.append(cost_avg)

    return parameters, costs


# ---------------------------------------------------------------------------------------------
# Given code: a small fully connected network (ReLU hidden layers, sigmoid output)
# ---------------------------------------------------------------------------------------------

def sigmoid(x):
    """Logistic function of an ndarray, finite for any finite input."""
    # exp of a non-positive number only, so nothing overflows for large |x|
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def relu(x):
    """max(0, x), element-wise."""
    return np.maximum(0, x)


def initialize_parameters(layers_dims):
    """He-initialised weights and zero biases for a network of `layers_dims` units per layer.

    Arguments:
    layers_dims -- list [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dict: "W<l>" (n_l, n_{l-1}) ~ N(0, 2 / n_{l-1}), "b<l>" zeros (n_l, 1)
    """
    # A fixed seed makes every optimiser start from the same point, so their curves compare fairly.
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1])
                                    * np.sqrt(2 / layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass: LINEAR -> RELU for the hidden layers, LINEAR -> SIGMOID for the output.

    Arguments:
    X -- ndarray (n_x, m)
    parameters -- dict from initialize_parameters

    Returns:
    AL -- ndarray (1, m), probabilities of class 1
    caches -- list with one (A_prev, W, Z) tuple per layer, for backward_propagation
    """
    L = len(parameters) // 2
    A = X
    caches = []
    for l in range(1, L + 1):
        W = parameters["W" + str(l)]
        Z = W @ A + parameters["b" + str(l)]
        caches.append((A, W, Z))
        A = sigmoid(Z) if l == L else relu(Z)
    return A, caches


def backward_propagation(X, Y, caches):
    """Gradients of the mean cross-entropy cost over the m examples of X.

    Arguments:
    X -- ndarray (n_x, m), the input of the forward pass (caches hold it as the first A_prev)
    Y -- ndarray (1, m), labels 0/1
    caches -- list from forward_propagation

    Returns:
    grads -- dict: "dW<l>" and "db<l>" shaped like the parameters, "dA<l-1>" shaped like the
             activations
    """
    m = X.shape[1]
    L = len(caches)
    grads = {}
    # Sigmoid output with cross-entropy: the derivative with respect to Z collapses to AL - Y.
    A_last = sigmoid(caches[-1][2])
    dZ = (A_last - Y) / m
    for l in range(L, 0, -1):
        A_prev, W, Z = caches[l - 1]
        if l < L:
            dZ = grads["dA" + str(l)] * (Z > 0)
        grads["dW" + str(l)] = dZ @ A_prev.T
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True)
        grads["dA" + str(l - 1)] = W.T @ dZ
    return grads


def compute_cost(a3, Y):
    """Cross-entropy summed (not averaged) over the examples, so a caller can average per epoch.

    Arguments:
    a3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0/1

    Returns:
    cost_total -- float, -sum(Y log a3 + (1 - Y) log(1 - a3))
    """
    # Clipping keeps log finite when a saturated sigmoid returns exactly 0 or 1.
    a3 = np.clip(a3, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)))


def predict(X, y, parameters):
    """Predict 0/1 labels, print the accuracy against y, and return the predictions.

    Arguments:
    X -- ndarray (n_x, m)
    y -- ndarray (1, m), true labels
    parameters -- dict of a trained network

    Returns:
    p -- ndarray (1, m) of 0/1 integers
    """
    probabilities, _ = forward_propagation(X, parameters)
    p = (probabilities > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p


def predict_dec(parameters, X):
    """Predicted classes as booleans (1, m), for drawing decision boundaries."""
    probabilities, _ = forward_propagation(X, parameters)
    return probabilities > 0.5
