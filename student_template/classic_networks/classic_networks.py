"""Classic networks: LeNet-5, AlexNet and VGG-16: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from classic_utils import LENET5, ALEXNET, VGG16, DIGITS_LENET, digit_images
from classic_utils import network_forward, network_backward, softmax_cross_entropy, update_parameters, mini_batches, predict
from datasets import load_digits


def layer_output_shape(input_shape, layer):
    """Shape of one layer's output for one example.

    conv:    n_H = floor((n_H_prev + 2p - f) / s) + 1 (n_W likewise), n_C = layer["n_C"], with
             p = 0 for "valid" and p = (f - 1) // 2 for "same"
    pool:    n_H = floor((n_H_prev - f) / s) + 1 (n_W likewise), channels unchanged
    flatten: (n_H_prev * n_W_prev * n_C_prev,)
    fc:      (layer["units"],)

    Arguments:
    input_shape -- tuple of ints, (n_H_prev, n_W_prev, n_C_prev), or (n_prev,) before a fc layer
    layer -- dict, one row of an architecture table (see the module docstring)

    Returns:
    output_shape -- tuple of Python ints, (n_H, n_W, n_C) or (n,)
    """
    kind = layer["type"]
    if kind not in ("conv", "pool", "flatten", "fc"):
        raise ValueError("unknown layer type %r" % (kind,))
    ### START CODE HERE ### (≈ 14 lines)
    # YOUR CODE HERE
    n_H_prev, n_W_prev, n_C_prev = None, None, None
    f, s = None, None
    p = None
    output_shape = None
    ### END CODE HERE ###
    return tuple(int(n) for n in output_shape)


def layer_parameter_count(input_shape, layer):
    """Number of learned parameters of one layer: every weight and every bias.

    conv:          (f * f * n_C_prev + 1) * n_C   (each filter has f * f * n_C_prev weights and one bias)
    fc:            (n_prev + 1) * units
    pool, flatten: 0 (nothing is learned: the notes' 最大池化 has hyperparameters only)

    Arguments:
    input_shape -- tuple of ints, the shape of the layer's input for one example
    layer -- dict, one row of an architecture table

    Returns:
    count -- int
    """
    kind = layer["type"]
    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    count = None
    ### END CODE HERE ###
    return int(count)


def network_summary(input_shape, layers):
    """Output shape and parameter count of every layer of a table, and the total.

    Each layer's input is the previous layer's output (the network's input for the first layer).

    Arguments:
    input_shape -- tuple of ints, the shape of one input example, e.g. (32, 32, 1)
    layers -- list of layer dicts

    Returns:
    shapes -- list of tuples, shapes[i] is the output shape of layers[i]
    counts -- list of ints, counts[i] is the number of parameters of layers[i]
    total -- int, the sum of counts
    """
    shapes, counts = [], []
    shape = tuple(input_shape)
    ### START CODE HERE ### (≈ 5 lines)
    # YOUR CODE HERE
    shape = None
    total = None
    layer = None
    ### END CODE HERE ###
    return shapes, counts, int(total)


def initialize_parameters(input_shape, layers, seed=0):
    """He-initialised parameters of every conv and fc layer of a table; biases zero.

    For the layer at position l of the table (counted from 1), in table order, drawn from
    rng = np.random.default_rng(seed):
        conv: W{l} = rng.standard_normal((f, f, n_C_prev, n_C)) * sqrt(2 / (f * f * n_C_prev)),
              b{l} = zeros (1, 1, 1, n_C)
        fc:   W{l} = rng.standard_normal((units, n_prev)) * sqrt(2 / n_prev), b{l} = zeros (units, 1)
    Pooling and flattening layers get no entry.

    Arguments:
    input_shape -- tuple of ints, shape of one input example
    layers -- list of layer dicts
    seed -- int

    Returns:
    parameters -- dict of W{l}, b{l}
    """
    rng = np.random.default_rng(seed)
    parameters = {}
    shape = tuple(input_shape)
    for l, layer in enumerate(layers, start=1):
        ### START CODE HERE ### (≈ 8 lines)
        # YOUR CODE HERE
        f, n_C_prev, n_C = None, None, None
        n_prev, units = None, None
        ### END CODE HERE ###
        shape = layer_output_shape(shape, layer)
    return parameters


def model(X, Y, layers, learning_rate=0.05, num_epochs=10, mini_batch_size=32, seed=0):
    """Train a table-described network with mini-batch gradient descent on softmax cross-entropy.

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C), training images
    Y -- ndarray (m,), integer labels
    layers -- list of layer dicts, the last one a fc layer with a softmax
    learning_rate -- float
    num_epochs -- int
    mini_batch_size -- int
    seed -- int, seeds the initialisation and the order of the mini-batches

    Returns:
    parameters -- dict, the trained W{l}, b{l}
    costs -- list of num_epochs floats, each epoch's cost averaged over its examples
    """
    parameters = initialize_parameters(X.shape[1:], layers, seed)
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in range(num_epochs):
        epoch_cost = 0.0
        for X_batch, Y_batch in mini_batches(X, Y, mini_batch_size, rng):
            ### START CODE HERE ### (≈ 4 lines)
            # YOUR CODE HERE
            scores, caches = None, None
            cost, dscores = None, None
            grads = None
            parameters = None
            ### END CODE HERE ###
            epoch_cost += cost * X_batch.shape[0]
        costs.append(epoch_cost / X.shape[0])
    return parameters, costs
