"""Reference: classic convolutional networks, LeNet-5, AlexNet and VGG-16, read from tables.

Curriculum section: 经典网络 (classic networks): LeNet-5, AlexNet, VGG.

An architecture is a table: a list of layer dicts, in order, applied to an input of shape
(n_H, n_W, n_C):

    {"type": "conv", "f": 5, "n_C": 6, "stride": 1, "padding": "valid", "activation": "relu"}
    {"type": "pool", "f": 2, "stride": 2, "mode": "max"}        (or "avg")
    {"type": "flatten"}
    {"type": "fc", "units": 120, "activation": "relu"}          ("softmax" on the output layer)

"valid" padding is p = 0; "same" padding is p = (f - 1) / 2 (odd f, stride 1), which keeps n_H and
n_W. Shapes of examples leave out m: a convolution's output is (n_H, n_W, n_C), a flattened or
fully connected one (n,).

Parameters follow the course: a convolution has W (f, f, n_C_prev, n_C) and b (1, 1, 1, n_C); a
fully connected layer, which takes examples as columns as in the `cnn` assignment, has
W (units, n_prev) and b (units, 1); pooling and flattening have none.

Graded: `layer_output_shape`, `layer_parameter_count`, `network_summary`, `initialize_parameters`,
`model`. Given (the helper module): the tables `LENET5`, `ALEXNET`, `VGG16`, `DIGITS_LENET`, and
the vectorised layers and training pieces used by `model`.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# ---------------------------------------------------------------------------------------------
# Given tables

# LeNet-5 as the course draws it (LeCun et al. 1998, the modern reading): 32 x 32 x 1 input, two
# 5 x 5 valid convolutions with average pooling, then 120, 84 and 10 units. The paper's own layer
# C3 connects each of its 16 maps to only some of the 6 input maps, its pooling layers have a
# trainable coefficient and bias per map, and its output layer is a set of radial basis functions;
# this table uses full connections, plain pooling and a softmax output.
LENET5 = [
    {"name": "CONV1", "type": "conv", "f": 5, "n_C": 6, "stride": 1, "padding": "valid", "activation": "tanh"},
    {"name": "POOL1", "type": "pool", "f": 2, "stride": 2, "mode": "avg"},
    {"name": "CONV2", "type": "conv", "f": 5, "n_C": 16, "stride": 1, "padding": "valid", "activation": "tanh"},
    {"name": "POOL2", "type": "pool", "f": 2, "stride": 2, "mode": "avg"},
    {"name": "FLATTEN", "type": "flatten"},
    {"name": "FC3", "type": "fc", "units": 120, "activation": "tanh"},
    {"name": "FC4", "type": "fc", "units": 84, "activation": "tanh"},
    {"name": "OUTPUT", "type": "fc", "units": 10, "activation": "softmax"},
]

# AlexNet (Krizhevsky, Sutskever and Hinton 2012) on one GPU, as the course draws it: 227 x 227 x 3
# input, CONV1 11 x 11 stride 4 with 96 filters, full connections in every layer. The paper split
# CONV2, CONV4 and CONV5 over two GPUs, each filter seeing half of the input channels.
ALEXNET = [
    {"name": "CONV1", "type": "conv", "f": 11, "n_C": 96, "stride": 4, "padding": "valid", "activation": "relu"},
    {"name": "POOL1", "type": "pool", "f": 3, "stride": 2, "mode": "max"},
    {"name": "CONV2", "type": "conv", "f": 5, "n_C": 256, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "POOL2", "type": "pool", "f": 3, "stride": 2, "mode": "max"},
    {"name": "CONV3", "type": "conv", "f": 3, "n_C": 384, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "CONV4", "type": "conv", "f": 3, "n_C": 384, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "CONV5", "type": "conv", "f": 3, "n_C": 256, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "POOL3", "type": "pool", "f": 3, "stride": 2, "mode": "max"},
    {"name": "FLATTEN", "type": "flatten"},
    {"name": "FC6", "type": "fc", "units": 4096, "activation": "relu"},
    {"name": "FC7", "type": "fc", "units": 4096, "activation": "relu"},
    {"name": "FC8", "type": "fc", "units": 1000, "activation": "softmax"},
]

# VGG-16 (Simonyan and Zisserman 2014, configuration D): 224 x 224 x 3 input, 3 x 3 same
# convolutions in five stages of 64, 128, 256, 512 and 512 filters, each stage ending in a 2 x 2
# max pool of stride 2, then 4096, 4096 and 1000 units.
VGG16 = (
    [{"name": "CONV1_%d" % i, "type": "conv", "f": 3, "n_C": 64, "stride": 1, "padding": "same", "activation": "relu"}
     for i in (1, 2)] + [{"name": "POOL1", "type": "pool", "f": 2, "stride": 2, "mode": "max"}]
    + [{"name": "CONV2_%d" % i, "type": "conv", "f": 3, "n_C": 128, "stride": 1, "padding": "same",
        "activation": "relu"} for i in (1, 2)] + [{"name": "POOL2", "type": "pool", "f": 2, "stride": 2, "mode": "max"}]
    + [{"name": "CONV3_%d" % i, "type": "conv", "f": 3, "n_C": 256, "stride": 1, "padding": "same",
        "activation": "relu"} for i in (1, 2, 3)] + [{"name": "POOL3", "type": "pool", "f": 2, "stride": 2, "mode": "max"}]
    + [{"name": "CONV4_%d" % i, "type": "conv", "f": 3, "n_C": 512, "stride": 1, "padding": "same",
        "activation": "relu"} for i in (1, 2, 3)] + [{"name": "POOL4", "type": "pool", "f": 2, "stride": 2, "mode": "max"}]
    + [{"name": "CONV5_%d" % i, "type": "conv", "f": 3, "n_C": 512, "stride": 1, "padding": "same",
        "activation": "relu"} for i in (1, 2, 3)] + [{"name": "POOL5", "type": "pool", "f": 2, "stride": 2, "mode": "max"}]
    + [{"name": "FLATTEN", "type": "flatten"},
       {"name": "FC6", "type": "fc", "units": 4096, "activation": "relu"},
       {"name": "FC7", "type": "fc", "units": 4096, "activation": "relu"},
       {"name": "FC8", "type": "fc", "units": 1000, "activation": "softmax"}]
)

# A LeNet-5-style network for the 8 x 8 digits: the same sequence CONV -> POOL -> CONV -> FC -> FC ->
# softmax, with 3 x 3 filters (the first one "same", so that the small image survives), max pooling
# and ReLU, the modern choices.
DIGITS_LENET = [
    {"name": "CONV1", "type": "conv", "f": 3, "n_C": 6, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "POOL1", "type": "pool", "f": 2, "stride": 2, "mode": "max"},
    {"name": "CONV2", "type": "conv", "f": 3, "n_C": 16, "stride": 1, "padding": "valid", "activation": "relu"},
    {"name": "FLATTEN", "type": "flatten"},
    {"name": "FC3", "type": "fc", "units": 120, "activation": "relu"},
    {"name": "FC4", "type": "fc", "units": 84, "activation": "relu"},
    {"name": "OUTPUT", "type": "fc", "units": 10, "activation": "softmax"},
]


# ---------------------------------------------------------------------------------------------
# Given layers (vectorised) and training pieces


def _pad_of(layer):
    return (layer["f"] - 1) // 2 if layer["padding"] == "same" else 0


def _windows(A_prev, f, stride, pad):
    """(m, n_H, n_W, n_C, f, f) view of every f x f window of the zero-padded input."""
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0))) if pad else A_prev
    return sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]


def conv_forward(A_prev, W, b, hparameters):
    """Convolution as one matrix product (every window of the batch is one row).

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev)
    W -- ndarray (f, f, n_C_prev, n_C)
    b -- ndarray (1, 1, 1, n_C)
    hparameters -- dict with "stride" and "pad"

    Returns:
    Z -- ndarray (m, n_H, n_W, n_C)
    cache -- (A_prev, W, b, hparameters), as in the course
    """
    f, n_C = W.shape[0], W.shape[3]
    windows = _windows(A_prev, f, hparameters["stride"], hparameters["pad"])
    m, n_H, n_W = windows.shape[:3]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, -1)
    Z = (cols @ W.reshape(-1, n_C)).reshape(m, n_H, n_W, n_C) + b
    return Z, (A_prev, W, b, hparameters)


def conv_backward(dZ, cache):
    """Backward pass of `conv_forward`: returns (dA_prev, dW, db) shaped like A_prev, W, b."""
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f, _, n_C_prev, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    windows = _windows(A_prev, f, stride, pad)
    n_H, n_W = windows.shape[1:3]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, -1)
    dZ_rows = dZ.reshape(-1, n_C)
    dW = (cols.T @ dZ_rows).reshape(W.shape)
    db = np.sum(dZ, axis=(0, 1, 2)).reshape(1, 1, 1, n_C)
    dcols = (dZ_rows @ W.reshape(-1, n_C).T).reshape(m, n_H, n_W, f, f, n_C_prev)
    dA_pad = np.zeros((m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev))
    for i in range(f):
        for j in range(f):
            dA_pad[:, i:i + stride * (n_H - 1) + 1:stride, j:j + stride * (n_W - 1) + 1:stride] += dcols[:, :, :, i, j]
    return dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev], dW, db


def pool_forward(A_prev, hparameters, mode="max"):
    """Max or average pooling over f x f windows with the given stride, channel by channel.

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C)
    hparameters -- dict with "f" and "stride"
    mode -- "max" or "avg"

    Returns:
    A -- ndarray (m, n_H, n_W, n_C)
    cache -- (A_prev, hparameters), as in the course
    """
    windows = _windows(A_prev, hparameters["f"], hparameters["stride"], 0)
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A, (A_prev, hparameters)


def pool_backward(dA, cache, mode="max"):
    """Backward pass of `pool_forward`: max sends each gradient to the maxima of its window (the
    course's mask x == max(x)), avg spreads it evenly over the window."""
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    n_H, n_W = dA.shape[1:3]
    windows = _windows(A_prev, f, stride, 0)
    if mode == "max":
        share = (windows == windows.max(axis=(4, 5), keepdims=True)) * dA[..., None, None]
    else:
        share = np.broadcast_to(dA[..., None, None] / (f * f), windows.shape)
    dA_prev = np.zeros(A_prev.shape)
    for i in range(f):
        for j in range(f):
            dA_prev[:, i:i + stride * (n_H - 1) + 1:stride, j:j + stride * (n_W - 1) + 1:stride] += share[..., i, j]
    return dA_prev


def digit_images(X, Y):
    """The digits of `datasets.load_digits` as NHWC images (m, 8, 8, 1) and integer labels (m,)."""
    return np.ascontiguousarray(X.T.reshape(-1, 8, 8, 1)), Y.reshape(-1).astype(np.int64)


def mini_batches(X, Y, mini_batch_size, rng):
    """The examples (axis 0) in a random order drawn from ``rng``, cut into mini-batches; the last
    one may be smaller. Returns a list of (X_batch, Y_batch)."""
    order = rng.permutation(X.shape[0])
    return [(X[order[k:k + mini_batch_size]], Y[order[k:k + mini_batch_size]])
            for k in range(0, X.shape[0], mini_batch_size)]


def _activate(Z, activation):
    if activation == "relu":
        return np.maximum(0, Z)
    if activation == "tanh":
        return np.tanh(Z)
    return Z


def _activation_backward(dA, A, activation):
    if activation == "relu":
        return dA * (A > 0)
    if activation == "tanh":
        return dA * (1 - A ** 2)
    return dA


def network_forward(X, parameters, layers):
    """Forward pass of a table-described network up to the output layer's scores (before softmax).

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C), images
    parameters -- dict W{l}, b{l} for the layers l (counted from 1) that have parameters
    layers -- the table

    Returns:
    scores -- ndarray (n_classes, m), the last layer's Z, one column per example
    caches -- list, one entry per layer, for `network_backward`
    """
    A, caches = X, []
    for l, layer in enumerate(layers, start=1):
        kind = layer["type"]
        if kind == "conv":
            Z, cache = conv_forward(A, parameters["W%d" % l], parameters["b%d" % l],
                                    {"stride": layer["stride"], "pad": _pad_of(layer)})
        elif kind == "pool":
            Z, cache = pool_forward(A, {"f": layer["f"], "stride": layer["stride"]}, layer["mode"])
        elif kind == "flatten":
            Z, cache = A.reshape(A.shape[0], -1).T, A.shape
        else:
            Z, cache = parameters["W%d" % l] @ A + parameters["b%d" % l], A
        activation = layer.get("activation")
        A = Z if activation == "softmax" else _activate(Z, activation)
        caches.append((cache, A))
    return A, caches


def network_backward(dscores, caches, parameters, layers):
    """Backward pass of `network_forward`: dscores (n_classes, m) -> dict dW{l}, db{l}."""
    grads, dA = {}, dscores
    for l in range(len(layers), 0, -1):
        layer = layers[l - 1]
        cache, A = caches[l - 1]
        activation = layer.get("activation")
        dZ = dA if activation == "softmax" else _activation_backward(dA, A, activation)
        kind = layer["type"]
        if kind == "conv":
            dA, grads["dW%d" % l], grads["db%d" % l] = conv_backward(dZ, cache)
        elif kind == "pool":
            dA = pool_backward(dZ, cache, layer["mode"])
        elif kind == "flatten":
            dA = dZ.T.reshape(cache)
        else:
            grads["dW%d" % l] = dZ @ cache.T
            grads["db%d" % l] = np.sum(dZ, axis=1, keepdims=True)
            dA = parameters["W%d" % l].T @ dZ
    return grads


def softmax_cross_entropy(scores, labels):
    """Mean cross-entropy of the softmax of scores (n_classes, m) for integer labels (m,).

    Returns:
    cost -- float
    dscores -- ndarray (n_classes, m), (softmax - one_hot) / m
    """
    m = scores.shape[1]
    shifted = scores - np.max(scores, axis=0, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    cost = -float(np.mean(log_probs[labels, np.arange(m)]))
    dscores = np.exp(log_probs)
    dscores[labels, np.arange(m)] -= 1.0
    return cost, dscores / m


def update_parameters(parameters, grads, learning_rate):
    """One gradient descent step: a new dict with p - learning_rate * dp for every parameter."""
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def predict(X, parameters, layers):
    """Predicted classes (m,) of the images X."""
    scores, _ = network_forward(X, parameters, layers)
    return np.argmax(scores, axis=0)


# ---------------------------------------------------------------------------------------------
# Graded functions


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
    if kind == "conv":
        n_H_prev, n_W_prev, n_C_prev = input_shape
        f, s = layer["f"], layer["stride"]
        p = 0
        output_shape = ((n_H_prev + 2 * p - f) // s + 1, (n_W_prev + 2 * p - f) // s + 1, layer["n_C"])
    elif kind == "pool":
        n_H_prev, n_W_prev, n_C_prev = input_shape
        f, s = layer["f"], layer["stride"]
        output_shape = ((n_H_prev - f) // s + 1, (n_W_prev - f) // s + 1, n_C_prev)
    elif kind == "flatten":
        output_shape = (int(np.prod(input_shape[:2])),)
    else:
        output_shape = (layer["units"],)
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
    if kind == "conv":
        count = layer["f"] * layer["f"] * input_shape[2] * layer["n_C"]
    elif kind == "fc":
        count = (input_shape[0] + 1) * layer["units"]
    else:
        count = 0
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
    for layer in layers:
        counts.append(layer_parameter_count(shape, layer))
        shape = layer_output_shape(shape, layer)
        shapes.append(shape)
    total = sum(counts)
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
        if layer["type"] == "conv":
            f, n_C_prev, n_C = layer["f"], shape[2], layer["n_C"]
            parameters["W" + str(l)] = rng.standard_normal((f, f, n_C_prev, n_C)) * np.sqrt(2.0 / (f * f * n_C_prev))
            parameters["b" + str(l)] = np.zeros((1, 1, 1, n_C))
        elif layer["type"] == "fc":
            n_prev, units = shape[0], layer["units"]
            parameters["W" + str(l)] = rng.standard_normal((units, n_prev)) * np.sqrt(2.0 / n_prev)
            parameters["b" + str(l)] = np.zeros((units, 1))
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
            scores, caches = network_forward(X_batch, parameters, layers)
            cost, dscores = softmax_cross_entropy(scores, Y_batch)
            grads = network_backward(dscores, caches, parameters, layers)
            parameters = update_parameters(parameters, grads, learning_rate)
            ### END CODE HERE ###
            epoch_cost += cost * X_batch.shape[0]
        costs.append(epoch_cost / X.shape[0])
    return parameters, costs
