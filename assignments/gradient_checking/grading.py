"""Hidden checks and known mistakes of `gradient_checking`.

A checker is graded on what it returns for gradients we choose: the given (correct) backward pass,
where the difference is rounding noise around 1e-9 (compared with an absolute tolerance), and
backward passes with planted bugs, where the difference is large and fixed by the bug (compared
with a relative tolerance). A larger epsilon makes the centred difference's own truncation error,
about epsilon^2, dominate rounding: the difference is then a reproducible number that tells a
centred difference from a one-sided one and a fresh copy of theta from an aliased one.
"""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, Part, Values
from solutions import gradient_checking as ref

SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
THRESHOLD = 2e-7


# -- the one-dimensional function ----------------------------------------------------------------
# |x| up to 1e3 makes the absolute difference |g - g_approx| (rounding noise times 2|x|) far larger
# than the relative one; x = 0 would make the relative difference 0 / 0.
SCALARS = [Case((-3.5, 1.25), label="x = -3.5, theta = 1.25"), Case((1000.0, 0.7), label="x = 1000, theta = 0.7"),
           Case((123.456, -2.5), label="x = 123.456, theta = -2.5"), Case((0.3, -7.0), label="x = 0.3, theta = -7")]


def _gradient_check_with(divisor=2.0, verdict=False):
    def wrong(x, theta, epsilon=1e-7, print_msg=False):
        gradapprox = (ref.forward_propagation(x, theta + epsilon) - ref.forward_propagation(x, theta - epsilon)) / (
            divisor * epsilon)
        grad = ref.backward_propagation(x, theta)
        difference = float(np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
        return difference < THRESHOLD if verdict else difference
    return wrong


# -- the network ---------------------------------------------------------------------------------
def _network(m):
    """Parameters scaled by 1/sqrt(fan-in) and positive biases: no dead unit, no pre-activation
    within 0.05 of a ReLU kink, outputs well inside (0, 1), so even epsilon = 1e-2 stays on one
    side of every kink and the cost is smooth where it is probed."""
    def build(rng):
        while True:
            X = rng.standard_normal((4, m))
            Y = (rng.random((1, m)) < 0.5).astype(np.float64)
            Y[0, 0], Y[0, -1] = 1.0, 0.0
            parameters = {k: rng.standard_normal(s) / np.sqrt(s[1]) if k[0] == "W" else 0.3 + 0.1 * rng.standard_normal(s)
                          for k, s in SHAPES.items()}
            _, cache = ref.forward_propagation_n(X, Y, parameters)
            Z1, Z2, A3 = cache[0], cache[4], cache[9]
            if (min(np.abs(Z1).min(), np.abs(Z2).min()) > 0.05 and (Z1 > 0).any(1).all() and (Z2 > 0).any(1).all()
                    and 0.1 < A3.min() and A3.max() < 0.9):
                return parameters, X, Y
    return build


def _gradients(parameters, X, Y):
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    return ref.backward_propagation_n(X, Y, cache)


def _correct(m):
    def build(rng):
        parameters, X, Y = _network(m)(rng)
        return parameters, _gradients(parameters, X, Y), X, Y
    return build


def _planted(m, bug):
    def build(rng):
        parameters, X, Y = _network(m)(rng)
        gradients = _gradients(parameters, X, Y)
        bug(gradients, X, Y, parameters)
        return parameters, gradients, X, Y
    return build


def _scale(key, factor):
    def bug(gradients, X, Y, parameters):
        gradients[key] = factor * gradients[key]
    return bug


def _both_bugs(gradients, X, Y, parameters):
    gradients["dW2"] = 2 * gradients["dW2"]
    gradients["db1"] = 4 * gradients["db1"]


def _relu_derivative_inverted(gradients, X, Y, parameters):
    # The derivative of the first ReLU taken where the unit is off instead of on.
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    dZ1 = gradients["dA1"] * (cache[1] <= 0)
    gradients["dW1"] = np.dot(dZ1, X.T) / X.shape[1]
    gradients["db1"] = np.sum(dZ1, axis=1, keepdims=True) / X.shape[1]


def _m_times_dw3(gradients, X, Y, parameters):
    gradients["dW3"] = X.shape[1] * gradients["dW3"]


CORRECT = [Case(_correct(5), label="the given backward pass, m = 5"),
           Case(_correct(1), label="the given backward pass, m = 1")]
PLANTED = [Case(_planted(6, _both_bugs), label="dW2 doubled and db1 times 4"),
           Case(_planted(4, _m_times_dw3), label="dW3 without its 1/m"),
           Case(_planted(7, _relu_derivative_inverted), label="first ReLU's derivative inverted"),
           Case(_planted(3, _scale("db3", -1.0)), label="db3 with the wrong sign")]
LARGE_EPSILON = [Case(_correct(5), {"epsilon": 1e-2}, label="the given backward pass, epsilon = 1e-2"),
                 Case(_correct(8), {"epsilon": 3e-3}, label="the given backward pass, epsilon = 3e-3")]


def _check_n_with(copy=True, one_sided=False, divisor=2.0, norm="relative", own_gradients=False):
    def wrong(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        if own_gradients:
            gradients = _gradients(parameters, X, Y)
        parameters_values, _ = ref.dictionary_to_vector(parameters)
        grad = ref.gradients_to_vector(gradients)
        gradapprox = np.zeros_like(parameters_values)
        J_center = ref.forward_propagation_n(X, Y, parameters)[0]
        for i in range(parameters_values.shape[0]):
            theta_plus = np.copy(parameters_values) if copy else parameters_values
            theta_plus[i] = theta_plus[i] + epsilon
            J_plus, _ = ref.forward_propagation_n(X, Y, ref.vector_to_dictionary(theta_plus))
            theta_minus = np.copy(parameters_values) if copy else parameters_values
            theta_minus[i] = theta_minus[i] - epsilon
            J_minus, _ = ref.forward_propagation_n(X, Y, ref.vector_to_dictionary(theta_minus))
            if one_sided:
                gradapprox[i] = (J_plus - J_center) / epsilon
            else:
                gradapprox[i] = (J_plus - J_minus) / (divisor * epsilon)
        numerator = np.linalg.norm(grad - gradapprox)
        if norm == "absolute":
            return float(numerator)
        if norm == "norm of the sum":
            return float(numerator / np.linalg.norm(grad + gradapprox))
        return float(numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
    return wrong


PARTS = [
    Part("forward_propagation", returns="J", checks=[
        Values("hidden cases", SCALARS + [Case((0.0, 2.5), label="x = 0")]),
    ], mistakes=[
        Mistake("J = theta + x", "The one-dimensional network multiplies: J(theta) = theta * x.",
                lambda x, theta: theta + x),
        Mistake("J = x", "J depends on the parameter: J(theta) = theta * x.", lambda x, theta: x),
    ]),
    Part("backward_propagation", returns="dtheta", checks=[
        Values("hidden cases", SCALARS),
        GradCheck("dtheta matches a centred difference of J", SCALARS[:2], weight=0.5,
                  objective=ref.forward_propagation, wrt={"dtheta": ((1,), ())}),
    ], mistakes=[
        Mistake("dtheta = theta", "Differentiate theta * x with respect to theta: the result is x, the factor "
                "multiplying theta.", lambda x, theta: theta),
        Mistake("dtheta = theta * x", "That is J itself; its derivative with respect to theta is x.",
                lambda x, theta: theta * x),
    ]),
    Part("gradient_check", uses=("forward_propagation", "backward_propagation"), returns="difference", checks=[
        # A correct checker returns rounding noise of about 1e-9: compared in absolute terms.
        Values("hidden cases (a correct derivative: the difference is rounding noise)", SCALARS, rtol=1e-3,
               atol=2e-8, weight=2),
    ], mistakes=[
        Mistake("divided by epsilon instead of 2 epsilon", "theta + epsilon and theta - epsilon are 2 epsilon apart: "
                "gradapprox = (J_plus - J_minus) / (2 * epsilon).", _gradient_check_with(divisor=1.0)),
        Mistake("returned the verdict instead of the difference", "Return the difference itself (a float); the "
                "comparison with 2e-7 only decides which message to print.", _gradient_check_with(verdict=True)),
    ]),
    Part("gradient_check_n", returns="difference", checks=[
        Values("the given backward pass passes (the difference is rounding noise)", CORRECT, rtol=1e-3, atol=1e-7),
        Values("backward passes with planted bugs are measured exactly", PLANTED, rtol=1e-5, weight=3),
        Values("a larger epsilon: the centred difference's own error", LARGE_EPSILON, rtol=1e-4, atol=1e-12,
               weight=2),
    ], mistakes=[
        Mistake("theta_plus without a copy", "theta_plus = parameters_values makes a second name for the same array, "
                "so every nudge stays in it and the next evaluations start from a moved point; use "
                "np.copy(parameters_values), for theta_plus and for theta_minus.", _check_n_with(copy=False),
                # With a correct backward pass both return 1/3: the aliased theta_minus undoes the nudge, so
                # gradapprox = g/2, and dividing by epsilon gives 2g; |g - g/2| / (3g/2) = |g - 2g| / 3g.
                same_as=("divided by epsilon instead of 2 epsilon",)),
        Mistake("absolute difference", "Divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||: the difference "
                "must not depend on the scale of the cost.", _check_n_with(norm="absolute")),
        Mistake("denominator ||grad + gradapprox||", "The denominator is the sum of the two norms, "
                "np.linalg.norm(grad) + np.linalg.norm(gradapprox), not the norm of the sum.",
                _check_n_with(norm="norm of the sum")),
        Mistake("recomputed the gradients", "Check the `gradients` you are given: the checker must judge someone "
                "else's backward pass, not one it computes itself.", _check_n_with(own_gradients=True)),
        Mistake("one-sided difference", "Use the centred difference (J_plus - J_minus) / (2 epsilon): its error is "
                "of order epsilon^2, the one-sided (J_plus - J) / epsilon only of order epsilon.",
                _check_n_with(one_sided=True)),
        Mistake("divided by epsilon instead of 2 epsilon", "theta_plus and theta_minus are 2 epsilon apart: "
                "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon).", _check_n_with(divisor=1.0),
                same_as=("theta_plus without a copy",)),
    ]),
]
