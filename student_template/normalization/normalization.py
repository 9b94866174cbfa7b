"""Normalization: normalizing inputs and batch normalization: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from norm_utils import load_badly_scaled_data, initialize_parameters, network_forward, train_network, predict


def normalize_inputs(X_train, X_test):
    """Centre and scale every feature with the mean and standard deviation of the training set.

    x_norm = (x - mu) / sigma, with mu = (1/m) sum_i x^(i) and
    sigma = sqrt((1/m) sum_i (x^(i) - mu)^2) computed on X_train only, per feature.
    A feature constant on the training set (sigma = 0) is centred and left unscaled: its sigma is
    reported as 1.

    Arguments:
    X_train -- ndarray (n, m_train), training inputs
    X_test -- ndarray (n, m_test), test inputs

    Returns:
    X_train_norm -- ndarray (n, m_train), each row with mean 0 and standard deviation 1 (or 0 for
                    a constant feature)
    X_test_norm -- ndarray (n, m_test), the test inputs under the training set's mu and sigma
    mu -- ndarray (n, 1), per-feature mean of X_train
    sigma -- ndarray (n, 1), per-feature standard deviation of X_train, 1 where it was 0
    """
    ### START CODE HERE ### (≈ 5 lines)
    # YOUR CODE HERE
    mu = None
    sigma = None
    constant = None
    X_train_norm = None
    X_test_norm = None
    ### END CODE HERE ###
    return X_train_norm, X_test_norm, mu, sigma


def batchnorm_forward(Z, gamma, beta, bn_param):
    """Batch normalisation of the pre-activations Z of one layer.

    Train mode:  mu = mean_i z^(i),  var = (1/m) sum_i (z^(i) - mu)^2,
                 z_norm = (z - mu) / sqrt(var + eps),  z_tilde = gamma * z_norm + beta,
                 running = momentum * running + (1 - momentum) * batch statistic.
    Test mode:   the same affine map with running_mean and running_var in place of mu and var;
                 the running statistics are not changed.

    Arguments:
    Z -- ndarray (n, m), pre-activations of a mini-batch
    gamma -- ndarray (n, 1), scale
    beta -- ndarray (n, 1), shift
    bn_param -- dict with
        mode -- "train" or "test"
        eps -- float, added to the variance (default 1e-5)
        momentum -- float, weight of the old running value (default 0.9)
        running_mean -- ndarray (n, 1) (zeros when missing)
        running_var -- ndarray (n, 1) (zeros when missing)
      In train mode the dict's running_mean and running_var are replaced by the updated averages.

    Returns:
    Z_tilde -- ndarray (n, m)
    cache -- tuple (Z, Z_norm, mu, var, gamma, eps, mode) for `batchnorm_backward`; in test mode
             mu and var are the running statistics that were used
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    n = Z.shape[0]
    running_mean = bn_param.get("running_mean", np.zeros((n, 1)))
    running_var = bn_param.get("running_var", np.zeros((n, 1)))

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


def batchnorm_backward(dZ_tilde, cache):
    """Gradients of batch normalisation with respect to Z, gamma and beta.

    In train mode mu and var depend on every column of Z, so the gradient of one example involves
    the whole batch. With dZ_norm = gamma * dZ_tilde and everything per unit (row):

        dZ = 1 / (m sqrt(var + eps)) * (m dZ_norm - sum_i dZ_norm - Z_norm * sum_i dZ_norm * Z_norm)

    In test mode the statistics are constants and dZ = gamma * dZ_tilde / sqrt(var + eps).

    Arguments:
    dZ_tilde -- ndarray (n, m), gradient of the cost with respect to the output Z_tilde
    cache -- tuple (Z, Z_norm, mu, var, gamma, eps, mode) from `batchnorm_forward`

    Returns:
    dZ -- ndarray (n, m)
    dgamma -- ndarray (n, 1)
    dbeta -- ndarray (n, 1)
    """
    Z, Z_norm, mu, var, gamma, eps, mode = cache
    m = Z.shape[1]

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
