"""Optimization algorithms: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import math
import numpy as np
from opt_utils import (sigmoid, relu, initialize_parameters, forward_propagation,
                       backward_propagation, compute_cost, predict, predict_dec)
from datasets import load_moons


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
        # YOUR CODE HERE
        pass
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
    # YOUR CODE HERE
    permutation = None
    shuffled_X = None
    shuffled_Y = None
    ### END CODE HERE ###

    num_complete_minibatches = m // mini_batch_size
    for k in range(num_complete_minibatches):
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        mini_batch_X = None
        mini_batch_Y = None
        ### END CODE HERE ###
        mini_batches.append((mini_batch_X, mini_batch_Y))

    if m % mini_batch_size != 0:
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        mini_batch_X = None
        mini_batch_Y = None
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
        # YOUR CODE HERE
        pass
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
        # YOUR CODE HERE
        pass
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
        # YOUR CODE HERE
        pass
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
        # YOUR CODE HERE
        pass
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
        # YOUR CODE HERE
        pass
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
            # YOUR CODE HERE
            pass
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
    # YOUR CODE HERE
    learning_rate = None
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
    # YOUR CODE HERE
    learning_rate = None
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
            # YOUR CODE HERE
            parameters = None
            v = None
            t = None
            s = None
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
