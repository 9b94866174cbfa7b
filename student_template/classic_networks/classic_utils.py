"""Given code for the 'classic_networks' assignment: LENET5, ALEXNET, VGG16, DIGITS_LENET, _pad_of, _windows, conv_forward, conv_backward, pool_forward, pool_backward, digit_images, mini_batches, _activate, _activation_backward, network_forward, network_backward, softmax_cross_entropy, update_parameters, predict."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


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


DIGITS_LENET = [
    {"name": "CONV1", "type": "conv", "f": 3, "n_C": 6, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "POOL1", "type": "pool", "f": 2, "stride": 2, "mode": "max"},
    {"name": "CONV2", "type": "conv", "f": 3, "n_C": 16, "stride": 1, "padding": "valid", "activation": "relu"},
    {"name": "FLATTEN", "type": "flatten"},
    {"name": "FC3", "type": "fc", "units": 120, "activation": "relu"},
    {"name": "FC4", "type": "fc", "units": 84, "activation": "relu"},
    {"name": "OUTPUT", "type": "fc", "units": 10, "activation": "softmax"},
]


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
