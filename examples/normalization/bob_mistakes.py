"""Reference: normalising inputs and batch normalisation.

Curriculum section: 归一化 (normalisation): 归一化输入 (normalizing inputs) and
Batch归一化 (batch normalisation).

Examples are columns: X and Z are (n, m), one row per feature or hidden unit, so every statistic is
a column (n, 1) taken along axis 1.

Input normalisation: mu and sigma (the standard deviation, not the variance: the curriculum notes
write x /= sigma^2, which is an erratum) come from the training set only and are applied unchanged
to the test set. A feature that is constant on the training set has sigma = 0; it is centred but
not scaled (its sigma is reported as 1), the convention of scikit-learn's StandardScaler, so that no
division by zero can happen and new data stays finite.

Batch normalisation, in train mode, normalises each unit with the mean and the biased (1/m)
variance of the current mini-batch, then scales by gamma and shifts by beta, and keeps exponential
running averages of the batch statistics for use in test mode.

Graded: `normalize_inputs`, `batchnorm_forward`, `batchnorm_backward`. Given (the helper module):
`load_badly_scaled_data`, `initialize_parameters`, `network_forward`, `train_network`,
`predict`.
"""

import numpy as np


def load_badly_scaled_data(m_train=300, m_test=300, seed=1):
    """Two-class data whose two features live on scales a million times apart.

    Points come from a latent square [-1, 1]^2 and are labelled by a wavy boundary; the first
    feature is then stretched to hundreds around 1000 (a "size") and the second squeezed to
    hundredths around 0 (a "rate"), so the information is the same but the cost surface of a
    network on the raw features is an extremely narrow valley.

    Arguments:
    m_train -- int, number of training examples
    m_test -- int, number of test examples
    seed -- int, seed of a private generator; the global numpy RNG is left untouched

    Returns:
    X_train -- ndarray (2, m_train), float64
    Y_train -- ndarray (1, m_train), labels 0.0 or 1.0
    X_test -- ndarray (2, m_test), float64
    Y_test -- ndarray (1, m_test), labels 0.0 or 1.0
    """
    rng = np.random.default_rng(seed)
    m = m_train + m_test
    latent = rng.uniform(-1.0, 1.0, size=(2, m))
    Y = (latent[1] > 0.6 * np.sin(3.0 * latent[0])).astype(np.float64).reshape(1, m)
    scale = np.array([[300.0], [0.01]])
    offset = np.array([[1000.0], [0.02]])
    X = latent * scale + offset
    return X[:, :m_train], Y[:, :m_train], X[:, m_train:], Y[:, m_train:]


def initialize_parameters(layer_dims, seed=1):
    """He-initialised weights and zero biases from a private generator.

    Arguments:
    layer_dims -- list of ints [n_x, n_1, ..., n_L]
    seed -- int, seed of the private generator

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1)
    """
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(
            2.0 / layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def network_forward(X, parameters):
    """Forward pass of a `train_network` network: ReLU hidden layers and a linear output unit.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict of W{l} (n_l, n_{l-1}), b{l} (n_l, 1)

    Returns:
    ZL -- ndarray (1, m), the output logits (the sigmoid of ZL is the probability of class 1)
    activations -- list [X, A1, ..., ZL], the input of every layer followed by the logits
    """
    n_layers = len(parameters) // 2
    activations = [X]
    A = X
    for l in range(1, n_layers + 1):
        Z = np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)]
        A = np.maximum(0, Z) if l < n_layers else Z
        activations.append(A)
    return A, activations


def train_network(X, Y, layer_dims, learning_rate=0.1, num_iterations=2000, seed=1):
    """Full-batch gradient descent on a ReLU network with a sigmoid output unit.

    The cost is the mean cross-entropy written in terms of the logits Z, log(1 + e^Z) - Y Z, which
    stays finite however saturated the output is, so training on unnormalised data can be watched
    rather than turning into nan.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    layer_dims -- list of ints [n_x, n_1, ..., 1]
    learning_rate -- float, step size
    num_iterations -- int, number of gradient steps
    seed -- int, seed of the weight initialisation

    Returns:
    parameters -- dict of the learned W{l}, b{l}
    costs -- list of num_iterations floats, the cost before each step
    """
    parameters = initialize_parameters(layer_dims, seed)
    n_layers = len(layer_dims) - 1
    m = X.shape[1]
    costs = []
    for _ in range(num_iterations):
        ZL, activations = network_forward(X, parameters)
        costs.append(float(np.mean(np.logaddexp(0, ZL) - Y * ZL)))
        # Derivative of the cost with respect to the logits, times m.
        dZ = 1.0 / (1.0 + np.exp(-np.clip(ZL, -500, 500))) - Y
        updated = dict(parameters)
        for l in range(n_layers, 0, -1):
            A_prev = activations[l - 1]
            W = parameters["W" + str(l)]
            updated["W" + str(l)] = W - learning_rate * np.dot(dZ, A_prev.T) / m
            updated["b" + str(l)] = parameters["b" + str(l)] - learning_rate * np.sum(
                dZ, axis=1, keepdims=True) / m
            if l > 1:
                dZ = np.dot(W.T, dZ) * (A_prev > 0)
        parameters = updated
    return parameters, costs


def predict(X, parameters):
    """Class predictions of a network trained by `train_network`.

    Arguments:
    X -- ndarray (n_x, m), inputs (normalised the same way as the training inputs)
    parameters -- dict of W{l}, b{l}

    Returns:
    predictions -- ndarray (1, m) of floats 0.0 or 1.0
    """
    ZL, _ = network_forward(X, parameters)
    return (ZL > 0).astype(np.float64)


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
    mu = np.mean(X_train, axis=1, keepdims=True)
    sigma = np.std(X_train, axis=1, keepdims=True) ** 2
    # Test constancy on the data itself: the computed sigma of a constant row can be a rounding
    # residue (around 1e-17) rather than exactly 0.
    constant = np.ptp(X_train, axis=1, keepdims=True) == 0
    sigma = np.where(constant, 1.0, sigma)
    X_train_norm = (X_train - mu) / sigma
    X_test_norm = (X_test - mu) / sigma
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
        mu = np.mean(Z, axis=1, keepdims=True)
        var = np.var(Z, axis=1, ddof=1, keepdims=True)
        Z_norm = (Z - mu) / np.sqrt(var + eps)
        Z_tilde = gamma * Z_norm + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        ### END CODE HERE ###
    elif mode == "test":
        mu = running_mean
        var = running_var
        ### START CODE HERE ### (≈ 2 lines)
        Z_norm = (Z - mu) / np.sqrt(var + eps)
        Z_tilde = gamma * Z_norm + beta
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
    dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    ### END CODE HERE ###

    if mode == "train":
        ### START CODE HERE ### (≈ 2 lines)
        dZ_norm = gamma * dZ_tilde
        dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
              - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
        ### END CODE HERE ###
    else:
        dZ = gamma * dZ_tilde / np.sqrt(var + eps)

    return dZ, dgamma, dbeta
