"""Reference: four ways to initialise the weights of a network, and what each does (DLS C2W1).

Curriculum section: 权重初始化 (weight initialisation), in 神经网络 (neural networks).

Graded: `initialize_parameters_zeros`, `initialize_parameters_random` (N(0, 1) * 10, large on
purpose), `initialize_parameters_he` (N(0, 1) * sqrt(2 / n_{l-1}), for ReLU layers) and
`initialize_parameters_xavier` (N(0, 1) * sqrt(1 / n_{l-1}), for tanh layers). None of them seeds
the RNG: the caller does, so the grader can draw with its own seeds.

Given: the three-layer network used to compare them,

    X (2, m) -> LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID -> A3 (1, m)

with DLS's flat cache `(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)` and gradient dicts whose dZ
and dA entries are m times the derivative of the mean cost (the 1/m is applied to dW and db).
Everything but `model` is the helper module `init_utils` of the student notebook; `model` calls
the graded functions, so the notebook carries the same function in a cell of its own.
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
    # Weights drawn at scale 10 give |x| in the hundreds: exp(-|x|) stays finite where exp(-x) would not.
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


def forward_propagation(X, parameters):
    """Forward pass of the three-layer network.

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
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def compute_loss(A3, Y):
    """Mean binary cross-entropy, with each example's loss capped at -log(1e-15), about 34.5.

    Weights at scale 10 push outputs to exactly 0.0 or 1.0 in float64; uncapped, one confidently
    wrong example would make the cost infinite and hide how training progresses.

    Arguments:
    A3 -- ndarray (1, m), predicted probabilities
    Y -- ndarray (1, m), labels 0 or 1

    Returns:
    loss -- Python float
    """
    m = Y.shape[1]
    p = np.clip(A3, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p)) / m)


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy for the cache of `forward_propagation`.

    Arguments:
    X -- ndarray (n_x, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each of the shape
                 of the array it differentiates
    """
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = np.where(Z2 > 0, dA2, 0.0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l} and b{l}.

    Arguments:
    parameters -- dict with W{l}, b{l}
    grads -- dict with dW{l}, db{l} of the same shapes
    learning_rate -- float, step size

    Returns:
    parameters -- a new dict with the updated arrays (the input dict is left unchanged)
    """
    updated = {}
    for l in range(1, len(parameters) // 2 + 1):
        updated["W%d" % l] = parameters["W%d" % l] - learning_rate * grads["dW%d" % l]
        updated["b%d" % l] = parameters["b%d" % l] - learning_rate * grads["db%d" % l]
    return updated


def predict(X, y, parameters):
    """Label every example, print the accuracy against y and return the labels.

    Arguments:
    X -- ndarray (n_x, m), inputs
    y -- ndarray (1, m), true labels, used only for the printed accuracy
    parameters -- dict of trained parameters

    Returns:
    p -- ndarray (1, m) of ints 0 or 1
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p == y))))
    return p


def predict_dec(parameters, X):
    """Labels without printing, for drawing decision boundaries.

    Arguments:
    parameters -- dict of trained parameters
    X -- ndarray (n_x, m), points to label

    Returns:
    predictions -- ndarray (1, m) of booleans, True for class 1
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5


def initialize_parameters_zeros(layers_dims):
    """All weights and biases zero: the initialisation that fails to break symmetry.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1), all zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = np.zeros((layers_dims[l], layers_dims[l - 1]))
        b = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_random(layers_dims):
    """Weights N(0, 1) * 10, biases zero: random enough to break symmetry, far too large.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10
        b = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_he(layers_dims):
    """He initialisation: weights N(0, 1) * sqrt(2 / n_{l-1}), biases zero; suited to ReLU.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2.0 / layers_dims[l])
        b = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def initialize_parameters_xavier(layers_dims):
    """Xavier initialisation: weights N(0, 1) * sqrt(1 / n_{l-1}), biases zero; suited to tanh.

    The caller seeds numpy's global RNG; W1 is drawn first.

    Arguments:
    layers_dims -- list of ints [n_0, n_1, ..., n_L], the size of each layer, input first

    Returns:
    parameters -- dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) zeros, for l = 1..L
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines)
        W = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2.0 / layers_dims[l - 1])
        b = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = b
    return parameters


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """Train the three-layer network [n_x, 10, 5, 1] from the chosen initialisation.

    Arguments:
    X -- ndarray (n_x, m), training inputs
    Y -- ndarray (1, m), training labels 0 or 1
    learning_rate -- float, gradient-descent step size
    num_iterations -- int, number of full-batch gradient steps
    print_cost -- bool, print the cost every 1000 iterations
    initialization -- "zeros", "random", "he" or "xavier"

    Returns:
    parameters -- dict of the learned W1, b1, W2, b2, W3, b3
    """
    layers_dims = [X.shape[0], 10, 5, 1]
    # The initialisers leave seeding to their caller; a fixed seed makes every run comparable.
    np.random.seed(3)
    # Look the initialiser up only when it is chosen: the notebook trains from zeros before the
    # other three functions exist.
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)
    elif initialization == "xavier":
        parameters = initialize_parameters_xavier(layers_dims)
    else:
        raise ValueError("initialization must be 'zeros', 'random', 'he' or 'xavier', got %r"
                         % (initialization,))
    for i in range(num_iterations):
        A3, cache = forward_propagation(X, parameters)
        cost = compute_loss(A3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters
