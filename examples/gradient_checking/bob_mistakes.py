"""Reference: gradient checking with centred differences (DLS C2W1).

Curriculum section: 梯度检验 (gradient checking), Course 2 week 1.

A backward pass is trusted once it agrees with the numerical derivative

    d J / d theta_i  ~  (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

in the relative sense difference = ||g - g_approx||_2 / (||g||_2 + ||g_approx||_2); with
eps = 1e-7 a correct float64 implementation stays below 2e-7.

First in one dimension, J(theta) = theta * x; then for a three-layer network
LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1),
W3 (1, 3), b3 (1, 1), whose parameters are flattened into one column vector of 47 entries in the
order W1, b1, W2, b2, W3, b3.

Graded: `forward_propagation`, `backward_propagation`, `gradient_check`, `gradient_check_n`.
Given (the helper module, as DLS's `gc_utils` plus its notebook's network): `sigmoid`, `relu`,
`dictionary_to_vector`, `vector_to_dictionary`, `gradients_to_vector`, `forward_propagation_n`,
`backward_propagation_n`.
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


def dictionary_to_vector(parameters):
    """Stack W1, b1, W2, b2, W3, b3 into one column, each array flattened row by row.

    Arguments:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)

    Returns:
    theta -- ndarray (47, 1), the parameters one after another
    keys -- list of 47 strings, the name of the array each entry of theta comes from
    """
    pieces = []
    keys = []
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        column = np.reshape(parameters[key], (-1, 1))
        pieces.append(column)
        keys = keys + [key] * column.shape[0]
    theta = np.concatenate(pieces, axis=0)
    return theta, keys


def vector_to_dictionary(theta):
    """Undo `dictionary_to_vector`: cut the column back into the six arrays of the network.

    Arguments:
    theta -- ndarray (47, 1)

    Returns:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)
    """
    # The layout is fixed by the network of this assignment, as in DLS.
    shapes = [("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)),
              ("W3", (1, 3)), ("b3", (1, 1))]
    parameters = {}
    start = 0
    for key, shape in shapes:
        size = shape[0] * shape[1]
        parameters[key] = np.reshape(theta[start:start + size], shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Stack dW1, db1, dW2, db2, dW3, db3 into one column, in the order of `dictionary_to_vector`.

    Arguments:
    gradients -- dict holding at least dW1 (5, 4), db1 (5, 1), dW2 (3, 5), db2 (3, 1),
                 dW3 (1, 3), db3 (1, 1); other entries (dZ, dA) are ignored

    Returns:
    theta -- ndarray (47, 1)
    """
    pieces = [np.reshape(gradients[key], (-1, 1))
              for key in ["dW1", "db1", "dW2", "db2", "dW3", "db3"]]
    return np.concatenate(pieces, axis=0)


def forward_propagation_n(X, Y, parameters):
    """Forward pass of the three-layer network and its mean cross-entropy cost.

    Arguments:
    X -- ndarray (4, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)

    Returns:
    cost -- float, mean binary cross-entropy
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    log_probs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    cost = float(np.sum(log_probs) / m)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def backward_propagation_n(X, Y, cache):
    """Gradients of the cost of `forward_propagation_n` (a correct implementation).

    Arguments:
    X -- ndarray (4, m), inputs
    Y -- ndarray (1, m), labels
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    Returns:
    gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each the shape
                 of the array it differentiates (dZ and dA are m times the derivative of the cost)
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


def forward_propagation(x, theta):
    """The one-dimensional "network": J(theta) = theta * x.

    Arguments:
    x -- real number, the input
    theta -- real number, the parameter

    Returns:
    J -- real number, the value of the function
    """
    ### START CODE HERE ### (≈ 1 line)
    J = theta * x
    ### END CODE HERE ###
    return J


def backward_propagation(x, theta):
    """Derivative of J(theta) = theta * x with respect to theta.

    Arguments:
    x -- real number, the input
    theta -- real number, the parameter

    Returns:
    dtheta -- real number, dJ/dtheta
    """
    ### START CODE HERE ### (≈ 1 line)
    dtheta = x
    ### END CODE HERE ###
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """Compare `backward_propagation` with the centred difference of `forward_propagation`.

    Arguments:
    x -- real number, the input
    theta -- real number, the parameter
    epsilon -- float, the step of the centred difference
    print_msg -- bool, print whether the check passed

    Returns:
    difference -- float, ||grad - gradapprox|| / (||grad|| + ||gradapprox||)
    """
    ### START CODE HERE ### (≈ 5 lines)
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / epsilon
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 1 line)
    grad = backward_propagation(x, theta)
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 3 lines)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad + gradapprox)
    difference = float(numerator / denominator)
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("The backward pass disagrees with the numerical gradient: difference = "
                  + str(difference))
        else:
            print("The backward pass agrees with the numerical gradient: difference = "
                  + str(difference))

    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """Check every entry of `gradients` against a centred difference of `forward_propagation_n`.

    Each of the 47 parameters is nudged by +epsilon and -epsilon in turn, the others held fixed.

    Arguments:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)
    gradients -- dict from a backward pass, with dW1, db1, dW2, db2, dW3, db3 of those shapes
    X -- ndarray (4, m), inputs
    Y -- ndarray (1, m), labels 0 or 1
    epsilon -- float, the step of the centred difference
    print_msg -- bool, print whether the check passed

    Returns:
    difference -- float, ||grad - gradapprox|| / (||grad|| + ||gradapprox||) over all 47 entries
    """
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    for i in range(num_parameters):
        # A fresh copy per entry, so that only entry i differs from the point being checked.
        ### START CODE HERE ### (≈ 3 lines)
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        ### END CODE HERE ###

        ### START CODE HERE ### (≈ 3 lines)
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        ### END CODE HERE ###

        ### START CODE HERE ### (≈ 1 line)
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
        ### END CODE HERE ###

    ### START CODE HERE ### (≈ 3 lines)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad + gradapprox)
    difference = float(numerator / denominator)
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("The backward pass disagrees with the numerical gradient: difference = "
                  + str(difference))
        else:
            print("The backward pass agrees with the numerical gradient: difference = "
                  + str(difference))

    return difference
