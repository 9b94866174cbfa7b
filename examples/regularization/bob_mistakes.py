"""Reference: L2 regularisation and inverted dropout on a three-layer network (DLS C2W1).

Curriculum section: 正则化 (Regularization): L2正则化 (L2 regularisation, weight decay) and
Dropout正则化 (dropout).

    X (n_x, m) -> LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID -> A3 (1, m)

Examples are columns. The forward pass keeps DLS's flat cache tuple
`(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`; the dropout forward inserts the masks after
the pre-activations, `(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`. Gradient dicts
carry `dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1`; as in DLS, the dZ and dA entries are
m times the derivative of the mean cost (the 1/m is applied when forming dW and db).

Graded: `compute_cost_with_regularization`, `backward_propagation_with_regularization`,
`forward_propagation_with_dropout`, `backward_propagation_with_dropout`. Everything else is given
code. `model` calls the graded functions, so it cannot live in the helper module: the notebook
carries the same function in one of its own cells.
"""

import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + exp(-x)), finite for any finite x.

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of x's shape, values in [0, 1]
    """
    x = np.asarray(x, dtype=np.float64)
    # exp(-|x|) cannot overflow; both branches are the same function rearranged.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x):
    """Rectified linear unit max(0, x).

    Arguments:
    x -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of x's shape
    """
    return np.maximum(0, x)


def initialize_parameters(layer_dims):
    """Random weights scaled by 1/sqrt(fan-in) and zero biases, drawn from a fixed seed.

    Seeds numpy's global RNG with 3 so that every training run in the notebook starts from the same
    weights; the dropout masks drawn afterwards are therefore reproducible too.

    Arguments:
    layer_dims -- list of ints [n_x, n_1, ..., n_L], the size of every layer

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(
            layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass without dropout (the path used for prediction and at test time).

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
                  W3 (1, n_2), b3 (1, 1)

    Returns:
    A3 -- ndarray (1, m), output probabilities
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def compute_cost(A3, Y):
    """Mean binary cross-entropy, without any regularisation term.

    J = -(1/m) * sum(Y log A3 + (1 - Y) log(1 - A3))

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    # A prediction of exactly 0 or 1 on the matching label gives 0 * log(0) = nan for the other
    # term; that term contributes nothing, so nansum drops it.
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    return float(np.nansum(logprobs) / m)


def backward_propagation(X, Y, cache):
    """Gradients of the unregularised cost, for the cache of `forward_propagation`.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l} and b{l}.

    Arguments:
    parameters -- dict with W{l}, b{l}
    grads -- dict with dW{l}, db{l} of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated arrays (the input dict is left unchanged)
    """
    n_layers = len(parameters) // 2
    updated = {}
    for l in range(1, n_layers + 1):
        updated["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        updated["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return updated


def predict(X, y, parameters):
    """Label every example with the dropout-free network, print and return the predictions.

    Arguments:
    X -- ndarray (n_x, m), inputs
    y -- ndarray (1, m), true labels, used only for the printed accuracy
    parameters -- dict of trained parameters

    Returns:
    p -- ndarray (1, m) of ints 0 or 1
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """Predicted classes without printing, for drawing decision boundaries.

    Arguments:
    parameters -- dict of trained parameters
    X -- ndarray (n_x, m), points to classify

    Returns:
    predictions -- ndarray (1, m) of booleans, True for class 1
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy plus the L2 penalty on the three weight matrices.

    J = cross_entropy + lambd / (2m) * (||W1||_F^2 + ||W2||_F^2 + ||W3||_F^2)

    The biases are not penalised.

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1
    parameters -- dict with W1, b1, W2, b2, W3, b3
    lambd -- float, regularisation strength (lambda is a Python keyword)

    Returns:
    cost -- Python float
    """
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)

    ### START CODE HERE ### (≈ 2 lines)
    L2_regularization_cost = lambd / m * (np.sum(np.square(W1)) + np.sum(np.square(W2))
                                                + np.sum(np.square(W3)))
    cost = float(cross_entropy_cost + L2_regularization_cost)
    ### END CODE HERE ###

    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Gradients of the L2-regularised cost, for the cache of `forward_propagation`.

    The penalty adds (lambd / m) * W to each dW; db and the dZ/dA entries are unchanged.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    lambd -- float, regularisation strength

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    ### START CODE HERE ### (≈ 1 line)
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd * W3
    ### END CODE HERE ###
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    ### START CODE HERE ### (≈ 1 line)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd * W2
    ### END CODE HERE ###
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    ### START CODE HERE ### (≈ 1 line)
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd * W1
    ### END CODE HERE ###
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass with inverted dropout on the two hidden layers.

    Each hidden activation survives with probability keep_prob and the survivors are divided by
    keep_prob, so every unit keeps its expected value and nothing has to change at test time.
    The output layer is never dropped. The masks come from numpy's global RNG, which the caller
    seeds; D1 is drawn before D2.

    Arguments:
    X -- ndarray (n_x, m), inputs
    parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
                  W3 (1, n_2), b3 (1, 1)
    keep_prob -- float in (0, 1], probability of keeping a hidden unit

    Returns:
    A3 -- ndarray (1, m), output probabilities
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1 (n_1, m) and
             D2 (n_2, m) are boolean masks, A1 and A2 the activations after dropout
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    ### START CODE HERE ### (≈ 3 lines)
    D1 = np.random.rand(*A1.shape) > keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    ### END CODE HERE ###

    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    ### START CODE HERE ### (≈ 3 lines)
    D2 = np.random.rand(*A2.shape) > keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    ### END CODE HERE ###

    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Gradients of the cost through the network that `forward_propagation_with_dropout` sampled.

    A dropped unit passed nothing forward, so it receives no gradient; a kept unit was scaled by
    1/keep_prob, so its gradient is scaled the same way. The masks come from the cache.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    keep_prob -- float in (0, 1], the value used in the forward pass

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates; dA1 and dA2 are taken after the mask
    """
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    ### START CODE HERE ### (≈ 2 lines)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    ### END CODE HERE ###
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    ### START CODE HERE ### (≈ 2 lines)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    ### END CODE HERE ###
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """Train the LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network with [n_x, 20, 3, 1] units.

    Uses L2 regularisation when lambd > 0, inverted dropout when keep_prob < 1, neither when both
    are at their defaults; the two are not combined, to see each one's effect on its own.

    Arguments:
    X -- ndarray (n_x, m), training inputs
    Y -- ndarray (1, m), training labels 0 or 1
    learning_rate -- float, gradient-descent step size
    num_iterations -- int, number of full-batch gradient steps
    print_cost -- bool, print the cost every 10000 iterations and at the last one
    lambd -- float >= 0, L2 regularisation strength
    keep_prob -- float in (0, 1], probability of keeping a hidden unit

    Returns:
    parameters -- dict of the learned W1, b1, W2, b2, W3, b3
    """
    if lambd != 0 and keep_prob != 1:
        raise ValueError("use L2 regularisation (lambd) or dropout (keep_prob), not both at once")
    layers_dims = [X.shape[0], 20, 3, 1]
    parameters = initialize_parameters(layers_dims)

    for i in range(num_iterations):
        if keep_prob == 1:
            A3, cache = forward_propagation(X, parameters)
        else:
            A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)

        if lambd == 0:
            cost = compute_cost(A3, Y)
        else:
            cost = compute_cost_with_regularization(A3, Y, parameters, lambd)

        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        else:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and (i % 10000 == 0 or i == num_iterations - 1):
            print("Cost after iteration {}: {}".format(i, cost))

    return parameters
