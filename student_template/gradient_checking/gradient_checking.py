"""Gradient checking: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import numpy as np
from gc_utils import (sigmoid, relu, dictionary_to_vector, vector_to_dictionary,
                      gradients_to_vector, forward_propagation_n, backward_propagation_n)


def forward_propagation(x, theta):
    """The one-dimensional "network": J(theta) = theta * x.

    Arguments:
    x -- real number, the input
    theta -- real number, the parameter

    Returns:
    J -- real number, the value of the function
    """
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    J = None
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
    # YOUR CODE HERE
    dtheta = None
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
    # YOUR CODE HERE
    theta_plus = None
    theta_minus = None
    J_plus = None
    J_minus = None
    gradapprox = None
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    grad = None
    ### END CODE HERE ###

    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    numerator = None
    denominator = None
    difference = None
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
        # YOUR CODE HERE
        theta_plus = None
        _ = None
        ### END CODE HERE ###

        ### START CODE HERE ### (≈ 3 lines)
        # YOUR CODE HERE
        theta_minus = None
        _ = None
        ### END CODE HERE ###

        ### START CODE HERE ### (≈ 1 line)
        # YOUR CODE HERE
        pass
        ### END CODE HERE ###

    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    numerator = None
    denominator = None
    difference = None
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("The backward pass disagrees with the numerical gradient: difference = "
                  + str(difference))
        else:
            print("The backward pass agrees with the numerical gradient: difference = "
                  + str(difference))

    return difference
