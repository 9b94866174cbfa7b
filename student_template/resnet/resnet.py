"""Residual networks (ResNets) in numpy: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from resnet_utils import relu, relu_backward, conv_forward, conv_backward, digit_images
from resnet_utils import initialize_network, mini_batches, network_forward, network_backward
from resnet_utils import softmax_cross_entropy, update_network, predict
from datasets import load_digits


def spatial_batchnorm_forward(Z, gamma, beta, bn_param):
    """Batch normalisation of a convolutional layer: one mean and variance per channel.

    The statistics of channel c are taken over every example and every position, axes (0, 1, 2),
    M = m * n_H * n_W values:
    Train mode:  mu = mean(Z[..., c]),  var = (1/M) sum (Z[..., c] - mu)^2 (biased),
                 Z_norm = (Z - mu) / sqrt(var + eps),  Z_tilde = gamma * Z_norm + beta,
                 running = momentum * running + (1 - momentum) * batch statistic.
    Test mode:   the same affine map with running_mean and running_var in place of mu and var;
                 the running statistics are not changed.

    Arguments:
    Z -- ndarray (m, n_H, n_W, n_C), pre-activations of a mini-batch
    gamma -- ndarray (1, 1, 1, n_C), scale
    beta -- ndarray (1, 1, 1, n_C), shift
    bn_param -- dict with
        mode -- "train" or "test"
        eps -- float, added to the variance (default 1e-5)
        momentum -- float, weight of the old running value (default 0.9)
        running_mean -- ndarray (1, 1, 1, n_C) (zeros when missing)
        running_var -- ndarray (1, 1, 1, n_C) (zeros when missing)
      In train mode the dict's running_mean and running_var are replaced by the updated averages.

    Returns:
    Z_tilde -- ndarray (m, n_H, n_W, n_C)
    cache -- tuple (Z, Z_norm, mu, var, gamma, eps, mode) for `spatial_batchnorm_backward`, mu and
             var of shape (1, 1, 1, n_C); in test mode they are the running statistics used
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    n_C = Z.shape[3]
    running_mean = bn_param.get("running_mean", np.zeros((1, 1, 1, n_C)))
    running_var = bn_param.get("running_var", np.zeros((1, 1, 1, n_C)))

    if mode == "train":
        ### START CODE HERE ### (≈ 6 lines)
        # YOUR CODE HERE
        mu = None
        var = None
        Z_norm = None
        Z_tilde = None
        running_mean = None
        running_var = None
        ### END CODE HERE ###
    elif mode == "test":
        mu = running_mean
        var = running_var
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        Z_norm = None
        Z_tilde = None
        ### END CODE HERE ###
    else:
        raise ValueError('bn_param["mode"] must be "train" or "test", not %r' % (mode,))

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    cache = (Z, Z_norm, mu, var, gamma, eps, mode)
    return Z_tilde, cache


def spatial_batchnorm_backward(dZ_tilde, cache):
    """Gradients of `spatial_batchnorm_forward` with respect to Z, gamma and beta.

    Per channel, with sums over axes (0, 1, 2), M = m * n_H * n_W and dZ_norm = gamma * dZ_tilde:
        dbeta = sum dZ_tilde,  dgamma = sum dZ_tilde * Z_norm,
        train mode: dZ = (M dZ_norm - sum dZ_norm - Z_norm * sum(dZ_norm * Z_norm)) / (M sqrt(var + eps)),
        test mode:  dZ = dZ_norm / sqrt(var + eps) (the running statistics are constants).

    Arguments:
    dZ_tilde -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to Z_tilde
    cache -- tuple (Z, Z_norm, mu, var, gamma, eps, mode) from `spatial_batchnorm_forward`

    Returns:
    dZ -- ndarray (m, n_H, n_W, n_C)
    dgamma -- ndarray (1, 1, 1, n_C)
    dbeta -- ndarray (1, 1, 1, n_C)
    """
    Z, Z_norm, mu, var, gamma, eps, mode = cache
    M = Z.shape[0] * Z.shape[1] * Z.shape[2]

    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    dbeta = None
    dgamma = None
    ### END CODE HERE ###

    if mode == "train":
        ### START CODE HERE ### (≈ 2 lines)
        # YOUR CODE HERE
        dZ_norm = None
        dZ = None
        ### END CODE HERE ###
    else:
        dZ = gamma * dZ_tilde / np.sqrt(var + eps)

    return dZ, dgamma, dbeta


def identity_block_forward(A_prev, parameters, bn_params):
    """Forward pass of a residual block whose shortcut is the identity (same shape in and out).

        main path:  Z1 = conv(A_prev, W1, b1), A1 = relu(BN(Z1; gamma1, beta1)),
                    Z2 = conv(A1, W2, b2),     Z2_tilde = BN(Z2; gamma2, beta2)
        output:     A = relu(Z2_tilde + A_prev)     (the ReLU comes after the addition)

    Both convolutions have stride 1 and "same" padding, pad = (f - 1) // 2.

    Arguments:
    A_prev -- ndarray (m, n_H, n_W, n_C)
    parameters -- dict with W1, W2 (f, f, n_C, n_C), b1, b2, gamma1, beta1, gamma2, beta2 (1, 1, 1, n_C)
    bn_params -- list [bn_param1, bn_param2] of dicts for `spatial_batchnorm_forward` (their running
                 statistics are updated in train mode)

    Returns:
    A -- ndarray (m, n_H, n_W, n_C)
    cache -- tuple (conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, relu2_cache); the last
             ReLU's cache is its input, Z2_tilde + A_prev
    """
    f = parameters["W1"].shape[0]
    ### START CODE HERE ### (≈ 7 lines)
    # YOUR CODE HERE
    hparameters = None
    Z1, conv1_cache = None, None
    Z1_tilde, bn1_cache = None, None
    A1, relu1_cache = None, None
    Z2, conv2_cache = None, None
    Z2_tilde, bn2_cache = None, None
    A, relu2_cache = None, None
    ### END CODE HERE ###
    cache = (conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, relu2_cache)
    return A, cache


def identity_block_backward(dA, cache):
    """Backward pass of `identity_block_forward`.

    The gradient at the sum, dS = relu_backward(dA, relu2_cache), flows down both paths: through
    BN2, conv2, ReLU1, BN1 and conv1 to give dA_main, and unchanged along the shortcut. The two add:
    dA_prev = dA_main + dS.

    Arguments:
    dA -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to the block's output
    cache -- from `identity_block_forward`

    Returns:
    dA_prev -- ndarray (m, n_H, n_W, n_C)
    grads -- dict with dW1, db1, dgamma1, dbeta1, dW2, db2, dgamma2, dbeta2, each shaped like its parameter
    """
    conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, relu2_cache = cache
    ### START CODE HERE ### (≈ 7 lines)
    # YOUR CODE HERE
    dS = None
    dZ2, dgamma2, dbeta2 = None, None, None
    dA1, dW2, db2 = None, None, None
    dZ1, dgamma1, dbeta1 = None, None, None
    dA_main, dW1, db1 = None, None, None
    dA_prev = None
    ### END CODE HERE ###
    grads = {"dW1": dW1, "db1": db1, "dgamma1": dgamma1, "dbeta1": dbeta1,
             "dW2": dW2, "db2": db2, "dgamma2": dgamma2, "dbeta2": dbeta2}
    return dA_prev, grads


def projection_block_forward(A_prev, parameters, bn_params):
    """Forward pass of a residual block whose shortcut is a 1 x 1 convolution W_s (channels change).

        main path:  as in `identity_block_forward`, with W1 (f, f, n_C_prev, n_C), W2 (f, f, n_C, n_C)
        shortcut:   S = conv(A_prev, W_s, b_s) with W_s (1, 1, n_C_prev, n_C), stride 1, pad 0
        output:     A = relu(Z2_tilde + S)

    This is the curriculum's a[l+2] = g(z[l+2] + W_s a[l]) for convolutional layers (the shortcut here
    has a bias b_s and no batch norm).

    Arguments:
    A_prev -- ndarray (m, n_H, n_W, n_C_prev)
    parameters -- dict with W1, b1, gamma1, beta1, W2, b2, gamma2, beta2, W_s (1, 1, n_C_prev, n_C),
                  b_s (1, 1, 1, n_C)
    bn_params -- list [bn_param1, bn_param2]

    Returns:
    A -- ndarray (m, n_H, n_W, n_C)
    cache -- tuple (conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, shortcut_cache,
             relu2_cache); shortcut_cache is the 1 x 1 convolution's cache
    """
    f = parameters["W1"].shape[0]
    ### START CODE HERE ### (≈ 8 lines)
    # YOUR CODE HERE
    hparameters = None
    Z1, conv1_cache = None, None
    Z1_tilde, bn1_cache = None, None
    A1, relu1_cache = None, None
    Z2, conv2_cache = None, None
    Z2_tilde, bn2_cache = None, None
    S, shortcut_cache = None, None
    A, relu2_cache = None, None
    ### END CODE HERE ###
    cache = (conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, shortcut_cache, relu2_cache)
    return A, cache


def projection_block_backward(dA, cache):
    """Backward pass of `projection_block_forward`.

    As for the identity block, but the shortcut's gradient goes through the 1 x 1 convolution:
    dA_s, dW_s, db_s = conv_backward(dS, shortcut_cache), and dA_prev = dA_main + dA_s.

    Arguments:
    dA -- ndarray (m, n_H, n_W, n_C)
    cache -- from `projection_block_forward`

    Returns:
    dA_prev -- ndarray (m, n_H, n_W, n_C_prev)
    grads -- dict with dW1, db1, dgamma1, dbeta1, dW2, db2, dgamma2, dbeta2, dW_s, db_s
    """
    conv1_cache, bn1_cache, relu1_cache, conv2_cache, bn2_cache, shortcut_cache, relu2_cache = cache
    ### START CODE HERE ### (≈ 8 lines)
    # YOUR CODE HERE
    dS = None
    dZ2, dgamma2, dbeta2 = None, None, None
    dA1, dW2, db2 = None, None, None
    dZ1, dgamma1, dbeta1 = None, None, None
    dA_main, dW1, db1 = None, None, None
    dA_s, dW_s, db_s = None, None, None
    dA_prev = None
    ### END CODE HERE ###
    grads = {"dW1": dW1, "db1": db1, "dgamma1": dgamma1, "dbeta1": dbeta1,
             "dW2": dW2, "db2": db2, "dgamma2": dgamma2, "dbeta2": dbeta2, "dW_s": dW_s, "db_s": db_s}
    return dA_prev, grads


def model(X, Y, n_blocks=4, n_C=8, residual=True, learning_rate=0.1, num_epochs=5, mini_batch_size=64, seed=0):
    """Train the notebook's network (residual or plain) with mini-batch gradient descent.

    Arguments:
    X -- ndarray (m, n_H, n_W, n_C_in), training images
    Y -- ndarray (m,), integer labels 0..9
    n_blocks -- int, number of blocks (the network has 2 * n_blocks convolutional layers)
    n_C -- int, channels of every block
    residual -- bool: residual blocks (your projection and identity blocks) or plain blocks
    learning_rate -- float
    num_epochs -- int, passes over the training set
    mini_batch_size -- int
    seed -- int, seeds the initialisation and the order of the mini-batches

    Returns:
    network -- dict, the trained parameters (see `initialize_network`)
    bn_params -- list, the batch norm states with their running statistics
    costs -- list of floats, the cost of every mini-batch, in order
    """
    layers = {"batchnorm_forward": spatial_batchnorm_forward, "batchnorm_backward": spatial_batchnorm_backward,
              "identity_block_forward": identity_block_forward, "identity_block_backward": identity_block_backward,
              "projection_block_forward": projection_block_forward,
              "projection_block_backward": projection_block_backward}
    network, bn_params = initialize_network(n_blocks, n_C, n_C_in=X.shape[3], seed=seed)
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in range(num_epochs):
        for X_batch, Y_batch in mini_batches(X, Y, mini_batch_size, rng):
            ### START CODE HERE ### (≈ 4 lines)
            # YOUR CODE HERE
            scores, caches = None, None
            cost, dscores = None, None
            grads = None
            network = None
            ### END CODE HERE ###
            costs.append(cost)
    return network, bn_params, costs
