"""The gradient-checking reference (solutions/gradient_checking.py): the given network against
PyTorch, the flattening helpers, and the checkers on correct and planted-bug backward passes."""

import numpy as np
import pytest
import torch

from solutions import gradient_checking as ref

SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
ORDER = ["W1", "b1", "W2", "b2", "W3", "b3"]
THRESHOLD = 2e-7


def make_problem(seed=0, m=3):
    """Parameters scaled by 1/sqrt(fan-in): the output stays away from 0 and 1, where 1 - A3
    cancels and rounding in the cost swamps a centred difference taken with epsilon = 1e-7."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((4, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {k: rng.standard_normal(s) / np.sqrt(s[1] if k[0] == "W" else 10)
                  for k, s in SHAPES.items()}
    return X, Y, parameters


def correct_gradients(X, Y, parameters):
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    return ref.backward_propagation_n(X, Y, cache)


def backward_dw2_doubled(X, Y, cache):
    grads = ref.backward_propagation_n(X, Y, cache)
    grads["dW2"] = 2 * grads["dW2"]
    return grads


def backward_db1_times_four(X, Y, cache):
    grads = ref.backward_propagation_n(X, Y, cache)
    grads["db1"] = 4 * grads["db1"]
    return grads


def backward_both_planted_bugs(X, Y, cache):
    grads = backward_db1_times_four(X, Y, cache)
    grads["dW2"] = 2 * grads["dW2"]
    return grads


def backward_missing_one_over_m_in_dw3(X, Y, cache):
    grads = ref.backward_propagation_n(X, Y, cache)
    grads["dW3"] = X.shape[1] * grads["dW3"]
    return grads


def backward_relu_derivative_inverted(X, Y, cache):
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    grads = ref.backward_propagation_n(X, Y, cache)
    m = X.shape[1]
    dZ1 = grads["dA1"] * (A1 <= 0)
    grads["dW1"] = np.dot(dZ1, X.T) / m
    grads["db1"] = np.sum(dZ1, axis=1, keepdims=True) / m
    return grads


# ---------------------------------------------------------------------------------------------
# one dimension


@pytest.mark.parametrize("x, theta", [(2.0, 4.0), (-3.0, 0.5), (0.25, -7.0)])
def test_forward_propagation_is_theta_times_x(x, theta):
    assert ref.forward_propagation(x, theta) == theta * x


@pytest.mark.parametrize("x, theta", [(2.0, 4.0), (-3.0, 0.5), (0.25, -7.0)])
def test_backward_propagation_agrees_with_a_centred_difference(x, theta):
    h = 1e-5
    numerical = (ref.forward_propagation(x, theta + h) - ref.forward_propagation(x, theta - h)) / (2 * h)
    assert ref.backward_propagation(x, theta) == pytest.approx(numerical, rel=1e-9)


@pytest.mark.parametrize("x, theta", [(2.0, 4.0), (-3.0, 0.5), (0.25, -7.0), (1e3, 1e-3)])
def test_gradient_check_passes_the_correct_derivative(x, theta):
    difference = ref.gradient_check(x, theta)
    assert type(difference) is float
    assert difference < THRESHOLD


def test_gradient_check_flags_a_wrong_derivative(monkeypatch):
    monkeypatch.setattr(ref, "backward_propagation", lambda x, theta: 2 * x)
    assert ref.gradient_check(2.0, 4.0) > THRESHOLD


def test_gradient_check_uses_the_relative_difference(monkeypatch):
    # grad = 1.1 x against gradapprox = x: |0.1 x| / (1.1 |x| + |x|) = 1/21 whatever x is.
    monkeypatch.setattr(ref, "backward_propagation", lambda x, theta: 1.1 * x)
    assert ref.gradient_check(3.0, 2.0) == pytest.approx(1 / 21, rel=1e-6)


@pytest.mark.parametrize("checker", ["gradient_check", "gradient_check_n"])
def test_checkers_print_only_when_asked(checker, capsys):
    X, Y, parameters = make_problem()
    args = (2.0, 4.0) if checker == "gradient_check" else (
        parameters, correct_gradients(X, Y, parameters), X, Y)
    getattr(ref, checker)(*args)
    assert capsys.readouterr().out == ""
    difference = getattr(ref, checker)(*args, print_msg=True)
    out = capsys.readouterr().out
    assert "agrees" in out and "disagrees" not in out and str(difference) in out


def test_gradient_check_n_prints_a_failure_for_a_planted_bug(capsys):
    X, Y, parameters = make_problem()
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    ref.gradient_check_n(parameters, backward_dw2_doubled(X, Y, cache), X, Y, print_msg=True)
    assert "disagrees" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# the flattening helpers


def test_dictionary_to_vector_stacks_in_w1_b1_w2_b2_w3_b3_order():
    _, _, parameters = make_problem(seed=1)
    theta, keys = ref.dictionary_to_vector(parameters)
    assert theta.shape == (47, 1)
    expected = np.concatenate([parameters[k].reshape(-1, 1) for k in ORDER])
    np.testing.assert_array_equal(theta, expected)
    assert keys == [k for k in ORDER for _ in range(int(np.prod(SHAPES[k])))]


def test_vector_to_dictionary_inverts_dictionary_to_vector():
    _, _, parameters = make_problem(seed=2)
    theta, _ = ref.dictionary_to_vector(parameters)
    restored = ref.vector_to_dictionary(theta)
    assert set(restored) == set(ORDER)
    for key in ORDER:
        np.testing.assert_array_equal(restored[key], parameters[key])


def test_gradients_to_vector_lines_up_with_dictionary_to_vector():
    _, _, parameters = make_problem(seed=3)
    gradients = {"d" + k: v for k, v in parameters.items()}
    gradients["dZ1"] = np.ones((5, 3))  # entries other than dW/db are not part of the vector
    np.testing.assert_array_equal(ref.gradients_to_vector(gradients),
                                  ref.dictionary_to_vector(parameters)[0])


# ---------------------------------------------------------------------------------------------
# the given network


def torch_cost_and_gradients(X, Y, parameters):
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for k, v in parameters.items()}
    A = torch.tensor(X, dtype=torch.float64)
    for l in (1, 2, 3):
        Z = leaves["W%d" % l] @ A + leaves["b%d" % l]
        A = torch.relu(Z) if l < 3 else torch.sigmoid(Z)
    cost = torch.nn.functional.binary_cross_entropy(A, torch.tensor(Y, dtype=torch.float64))
    cost.backward()
    return float(cost.detach()), {"d" + k: leaves[k].grad.numpy() for k in ORDER}


def test_forward_propagation_n_cost_matches_torch():
    X, Y, parameters = make_problem(seed=4, m=6)
    expected, _ = torch_cost_and_gradients(X, Y, parameters)
    cost, _ = ref.forward_propagation_n(X, Y, parameters)
    np.testing.assert_allclose(cost, expected, rtol=1e-7)


@pytest.mark.parametrize("key", ["d" + k for k in ORDER])
def test_backward_propagation_n_matches_torch_autograd(key):
    X, Y, parameters = make_problem(seed=5, m=6)
    _, expected = torch_cost_and_gradients(X, Y, parameters)
    actual = correct_gradients(X, Y, parameters)
    np.testing.assert_allclose(actual[key], expected[key], rtol=1e-7, atol=1e-14)


def test_backward_propagation_n_agrees_with_centred_differences():
    X, Y, parameters = make_problem(seed=6, m=5)
    analytic = correct_gradients(X, Y, parameters)
    h = 1e-6
    for key in ORDER:
        for idx in np.ndindex(SHAPES[key]):
            shifted = {k: v.copy() for k, v in parameters.items()}
            shifted[key][idx] += h
            plus, _ = ref.forward_propagation_n(X, Y, shifted)
            shifted[key][idx] -= 2 * h
            minus, _ = ref.forward_propagation_n(X, Y, shifted)
            assert analytic["d" + key][idx] == pytest.approx((plus - minus) / (2 * h),
                                                             rel=1e-6, abs=1e-9), (key, idx)


# ---------------------------------------------------------------------------------------------
# gradient_check_n


@pytest.mark.parametrize("seed", range(8))
def test_gradient_check_n_passes_the_correct_backward(seed):
    X, Y, parameters = make_problem(seed=seed)
    difference = ref.gradient_check_n(parameters, correct_gradients(X, Y, parameters), X, Y)
    assert type(difference) is float
    assert difference < THRESHOLD


@pytest.mark.parametrize("buggy_backward", [
    backward_dw2_doubled, backward_db1_times_four, backward_both_planted_bugs,
    backward_missing_one_over_m_in_dw3, backward_relu_derivative_inverted,
])
@pytest.mark.parametrize("seed", range(3))
def test_gradient_check_n_finds_planted_bugs(buggy_backward, seed):
    X, Y, parameters = make_problem(seed=seed)
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    gradients = buggy_backward(X, Y, cache)
    assert ref.gradient_check_n(parameters, gradients, X, Y) > THRESHOLD


def test_gradient_check_n_leaves_its_arguments_unchanged():
    X, Y, parameters = make_problem(seed=9)
    gradients = correct_gradients(X, Y, parameters)
    before = {k: v.copy() for k, v in {**parameters, **gradients}.items()}
    ref.gradient_check_n(parameters, gradients, X, Y)
    for key, value in {**parameters, **gradients}.items():
        np.testing.assert_array_equal(value, before[key])


def test_gradient_check_n_matches_an_independent_centred_difference(monkeypatch):
    """The returned difference is the relative distance to the centred difference of the cost."""
    X, Y, parameters = make_problem(seed=0)
    _, cache = ref.forward_propagation_n(X, Y, parameters)
    gradients = backward_dw2_doubled(X, Y, cache)
    theta, _ = ref.dictionary_to_vector(parameters)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += 1e-7
        minus[i] -= 1e-7
        approx[i] = (ref.forward_propagation_n(X, Y, ref.vector_to_dictionary(plus))[0]
                     - ref.forward_propagation_n(X, Y, ref.vector_to_dictionary(minus))[0]) / 2e-7
    grad = ref.gradients_to_vector(gradients)
    expected = np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    assert expected > 1e-2  # the planted bug makes the two gradients visibly different
    assert ref.gradient_check_n(parameters, gradients, X, Y) == pytest.approx(expected, rel=1e-12)
