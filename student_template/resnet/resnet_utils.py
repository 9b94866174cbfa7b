"""Given code for the 'resnet' assignment: relu, relu_backward, _windows, conv_forward, conv_backward, digit_images, _conv_weights, initialize_network, mini_batches, plain_block_forward, plain_block_backward, network_forward, network_backward, softmax_cross_entropy, update_network, predict."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def relu(Z):
    """ReLU activation, max(0, Z).

    Arguments:
    Z -- ndarray of any shape

    Returns:
    A -- ndarray, same shape as Z
    cache -- Z, for `relu_backward`
    """
    return np.maximum(0, Z), Z


def relu_backward(dA, cache):
    """Gradient through ReLU: dZ = dA where Z > 0, else 0.

    Arguments:
    dA -- ndarray, gradient of the cost with respect to the output A
    cache -- Z, the input of the forward pass (same shape as dA)

    Returns:
    dZ -- ndarray, same shape as dA
    """
    return np.where(cache > 0, dA, 0.0)


def _windows(A_prev, f, stride, pad):
    """Every f x f window of the zero-padded input, as a matrix with one row per output position.

    Returns cols (m * n_H * n_W, f * f * n_C_prev), ordered like W.reshape(-1, n_C), and (n_H, n_W).
    """
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    # (m, n_H, n_W, n_C_prev, f, f): a view, no copy until the reshape below.
    windows = sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    m, n_H, n_W = windows.shape[:3]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, -1)
    return cols, n_H, n_W


def conv_forward(A_prev, W, b, hparameters):
    """Forward pass of a convolutional layer, vectorised: one matrix product for the whole batch.

    Z[i, h, w, c] = sum over the window (a_slice_prev * W[:, :, :, c]) + b[0, 0, 0, c], with
    n_H = floor((n_H_prev + 2 pad - f) / stride) + 1 (and the same for n_W).

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev)
    W -- ndarray (f, f, n_C_prev, n_C)
    b -- ndarray (1, 1, 1, n_C)
    hparameters -- dict with "stride" and "pad"

    Returns:
    Z -- ndarray (m, n_H, n_W, n_C)
    cache -- (A_prev, W, b, hparameters), as in the course
    """
    f, _, _, n_C = W.shape
    cols, n_H, n_W = _windows(A_prev, f, hparameters["stride"], hparameters["pad"])
    Z = (cols @ W.reshape(-1, n_C)).reshape(A_prev.shape[0], n_H, n_W, n_C) + b
    return Z, (A_prev, W, b, hparameters)


def conv_backward(dZ, cache):
    """Backward pass of `conv_forward`.

    Arguments:
    dZ -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to Z
    cache -- (A_prev, W, b, hparameters) from `conv_forward`

    Returns:
    dA_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev)
    dW -- ndarray (f, f, n_C_prev, n_C)
    db -- ndarray (1, 1, 1, n_C)
    """
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f, _, n_C_prev, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    cols, n_H, n_W = _windows(A_prev, f, stride, pad)
    dZ_rows = dZ.reshape(-1, n_C)
    dW = (cols.T @ dZ_rows).reshape(W.shape)
    db = np.sum(dZ, axis=(0, 1, 2)).reshape(1, 1, 1, n_C)
    dcols = (dZ_rows @ W.reshape(-1, n_C).T).reshape(m, n_H, n_W, f, f, n_C_prev)
    # Every window position sends its share back to the pixels it covered: f * f shifted adds.
    dA_pad = np.zeros((m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev))
    for i in range(f):
        for j in range(f):
            dA_pad[:, i:i + stride * (n_H - 1) + 1:stride, j:j + stride * (n_W - 1) + 1:stride, :] += dcols[:, :, :, i, j, :]
    dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db


def digit_images(X, Y):
    """The digits of `datasets.load_digits` as NHWC images and integer labels.

    Arguments:
    X -- ndarray (64, m), one flattened 8 x 8 image per column, pixels in [0, 1]
    Y -- ndarray (1, m), labels 0..9

    Returns:
    images -- ndarray (m, 8, 8, 1), float64
    labels -- ndarray (m,), int64
    """
    return np.ascontiguousarray(X.T.reshape(-1, 8, 8, 1)), Y.reshape(-1).astype(np.int64)


def _conv_weights(rng, f, n_C_prev, n_C):
    """He initialisation for a ReLU network: N(0, 1) * sqrt(2 / fan-in), fan-in = f * f * n_C_prev."""
    return rng.standard_normal((f, f, n_C_prev, n_C)) * np.sqrt(2.0 / (f * f * n_C_prev))


def initialize_network(n_blocks, n_C, n_C_in=1, n_classes=10, f=3, seed=0):
    """Parameters of the network of the notebook: n_blocks blocks of two f x f convolutions each, then
    a global average pool and a softmax layer.

    Block 1 takes the n_C_in input channels to n_C, so as a residual block it is a projection block
    (with W_s, b_s); blocks 2, ..., n_blocks keep n_C channels and are identity blocks. The plain
    network uses the same parameters without W_s and b_s.

    Arguments:
    n_blocks -- int, number of blocks (2 * n_blocks convolutional layers)
    n_C -- int, channels of every block
    n_C_in -- int, channels of the input images
    n_classes -- int, number of classes
    f -- int, odd filter size
    seed -- int, seed of a private generator

    Returns:
    network -- dict with "blocks", a list of n_blocks parameter dicts (W1, b1, gamma1, beta1, W2, b2,
               gamma2, beta2 and, for block 1, W_s, b_s), "W_fc" (n_C, n_classes), "b_fc" (1, n_classes)
    bn_params -- list of n_blocks lists [bn_param1, bn_param2], each a dict with mode, eps, momentum,
                 running_mean and running_var (1, 1, 1, n_C)
    """
    rng = np.random.default_rng(seed)
    blocks, bn_params = [], []
    for k in range(n_blocks):
        n_C_prev = n_C_in if k == 0 else n_C
        block = {}
        for layer, fan in ((1, n_C_prev), (2, n_C)):
            block["W%d" % layer] = _conv_weights(rng, f, fan, n_C)
            block["b%d" % layer] = np.zeros((1, 1, 1, n_C))
            block["gamma%d" % layer] = np.ones((1, 1, 1, n_C))
            block["beta%d" % layer] = np.zeros((1, 1, 1, n_C))
        if k == 0:
            block["W_s"] = _conv_weights(rng, 1, n_C_prev, n_C)
            block["b_s"] = np.zeros((1, 1, 1, n_C))
        blocks.append(block)
        bn_params.append([{"mode": "train", "eps": 1e-5, "momentum": 0.9,
                           "running_mean": np.zeros((1, 1, 1, n_C)), "running_var": np.ones((1, 1, 1, n_C))}
                          for _ in range(2)])
    network = {"blocks": blocks, "W_fc": rng.standard_normal((n_C, n_classes)) * np.sqrt(1.0 / n_C),
               "b_fc": np.zeros((1, n_classes))}
    return network, bn_params


def mini_batches(X, Y, mini_batch_size, rng):
    """The examples in a random order, cut into mini-batches (the last one may be smaller).

    Arguments:
    X -- ndarray (m, ...), examples along axis 0
    Y -- ndarray (m,), labels
    mini_batch_size -- int
    rng -- numpy Generator that draws the permutation

    Returns:
    batches -- list of (X_batch, Y_batch)
    """
    order = rng.permutation(X.shape[0])
    return [(X[order[k:k + mini_batch_size]], Y[order[k:k + mini_batch_size]])
            for k in range(0, X.shape[0], mini_batch_size)]


def plain_block_forward(A_prev, parameters, bn_params, batchnorm_forward):
    """Two plain layers CONV -> BN -> RELU, the residual block without its shortcut.

    Arguments:
    A_prev -- ndarray (m, n_H, n_W, n_C_prev)
    parameters -- dict with W1, b1, gamma1, beta1, W2, b2, gamma2, beta2 (any W_s, b_s are ignored)
    bn_params -- list [bn_param1, bn_param2]
    batchnorm_forward -- the spatial batch norm to use, e.g. your `spatial_batchnorm_forward`

    Returns:
    A -- ndarray (m, n_H, n_W, n_C)
    cache -- list of (conv_cache, bn_cache, relu_cache), one per layer
    """
    cache, A = [], A_prev
    for layer in (1, 2):
        W = parameters["W%d" % layer]
        Z, conv_cache = conv_forward(A, W, parameters["b%d" % layer], {"stride": 1, "pad": (W.shape[0] - 1) // 2})
        Z_tilde, bn_cache = batchnorm_forward(Z, parameters["gamma%d" % layer], parameters["beta%d" % layer],
                                              bn_params[layer - 1])
        A, relu_cache = relu(Z_tilde)
        cache.append((conv_cache, bn_cache, relu_cache))
    return A, cache


def plain_block_backward(dA, cache, batchnorm_backward):
    """Backward pass of `plain_block_forward`.

    Arguments:
    dA -- ndarray (m, n_H, n_W, n_C)
    cache -- from `plain_block_forward`
    batchnorm_backward -- e.g. your `spatial_batchnorm_backward`

    Returns:
    dA_prev -- ndarray (m, n_H, n_W, n_C_prev)
    grads -- dict dW1, db1, dgamma1, dbeta1, dW2, db2, dgamma2, dbeta2
    """
    grads = {}
    for layer in (2, 1):
        conv_cache, bn_cache, relu_cache = cache[layer - 1]
        dZ, grads["dgamma%d" % layer], grads["dbeta%d" % layer] = batchnorm_backward(relu_backward(dA, relu_cache),
                                                                                    bn_cache)
        dA, grads["dW%d" % layer], grads["db%d" % layer] = conv_backward(dZ, conv_cache)
    return dA, grads


def network_forward(X, network, bn_params, residual, layers, mode="train"):
    """Forward pass of the notebook's network: blocks, global average pool, fully connected scores.

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C_in), images
    network -- dict from `initialize_network`
    bn_params -- list from `initialize_network`; each bn_param's "mode" is set to ``mode``
    residual -- bool: residual blocks (projection block, then identity blocks) or plain blocks
    layers -- dict of the functions to use: "batchnorm_forward", "identity_block_forward",
              "projection_block_forward" (and their backward passes, for `network_backward`)
    mode -- "train" or "test"

    Returns:
    scores -- ndarray (m, n_classes), the logits
    caches -- tuple (block_caches, pooled, A_shape) for `network_backward`
    """
    A, block_caches = X, []
    for k, (parameters, bn) in enumerate(zip(network["blocks"], bn_params)):
        for bn_param in bn:
            bn_param["mode"] = mode
        if not residual:
            A, cache = plain_block_forward(A, parameters, bn, layers["batchnorm_forward"])
        elif k == 0:
            A, cache = layers["projection_block_forward"](A, parameters, bn)
        else:
            A, cache = layers["identity_block_forward"](A, parameters, bn)
        block_caches.append(cache)
    pooled = np.mean(A, axis=(1, 2))
    scores = pooled @ network["W_fc"] + network["b_fc"]
    return scores, (block_caches, pooled, A.shape)


def network_backward(dscores, caches, network, residual, layers):
    """Backward pass of `network_forward`.

    Arguments:
    dscores -- ndarray (m, n_classes), gradient of the cost with respect to the scores
    caches -- from `network_forward`
    network -- the parameters used in the forward pass
    residual -- bool, as in the forward pass
    layers -- dict of functions, as in `network_forward`

    Returns:
    grads -- dict shaped like network: "blocks" (list of dicts of d-names), "dW_fc", "db_fc"
    """
    block_caches, pooled, shape = caches
    grads = {"dW_fc": pooled.T @ dscores, "db_fc": np.sum(dscores, axis=0, keepdims=True)}
    dpooled = dscores @ network["W_fc"].T
    # The average pool spreads each gradient evenly over the n_H * n_W positions.
    dA = np.broadcast_to(dpooled[:, None, None, :] / (shape[1] * shape[2]), shape).copy()
    block_grads = [None] * len(block_caches)
    for k in reversed(range(len(block_caches))):
        if not residual:
            dA, block_grads[k] = plain_block_backward(dA, block_caches[k], layers["batchnorm_backward"])
        elif k == 0:
            dA, block_grads[k] = layers["projection_block_backward"](dA, block_caches[k])
        else:
            dA, block_grads[k] = layers["identity_block_backward"](dA, block_caches[k])
    grads["blocks"] = block_grads
    return grads


def softmax_cross_entropy(scores, labels):
    """Mean cross-entropy of a softmax over the classes, and its gradient.

    Arguments:
    scores -- ndarray (m, n_classes), logits
    labels -- ndarray (m,), integer classes

    Returns:
    cost -- float, -(1/m) sum_i log softmax(scores_i)[labels_i]
    dscores -- ndarray (m, n_classes), (softmax - one_hot) / m
    """
    m = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    cost = -float(np.mean(log_probs[np.arange(m), labels]))
    dscores = np.exp(log_probs)
    dscores[np.arange(m), labels] -= 1.0
    return cost, dscores / m


def update_network(network, grads, learning_rate):
    """One gradient descent step on every parameter: p := p - learning_rate * dp. Returns a new dict.

    Arguments:
    network -- dict from `initialize_network`
    grads -- dict from `network_backward`
    learning_rate -- float

    Returns:
    network -- dict of the same structure, the updated parameters
    """
    blocks = [{key: value - learning_rate * block_grads["d" + key] for key, value in block.items()
               if "d" + key in block_grads} | {key: value for key, value in block.items() if "d" + key not in block_grads}
              for block, block_grads in zip(network["blocks"], grads["blocks"])]
    return {"blocks": blocks, "W_fc": network["W_fc"] - learning_rate * grads["dW_fc"],
            "b_fc": network["b_fc"] - learning_rate * grads["db_fc"]}


def predict(X, network, bn_params, residual, layers):
    """Classes predicted in test mode (batch norm with the running statistics).

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C_in)
    network, bn_params, residual, layers -- as for `network_forward`

    Returns:
    predictions -- ndarray (m,), int64
    """
    scores, _ = network_forward(X, network, bn_params, residual, layers, mode="test")
    return np.argmax(scores, axis=1)
