"""The L-layer reference (solutions/deep_neural_network.py) against PyTorch float64 autograd,
centred differences, DLS's cache layout, and its test accuracy on scikit-learn's digits."""

import io
import contextlib

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from autograder.datasets import load
from solutions import deep_neural_network as ref
from .numerics import random_network

# The digits task of the notebook: odd digits (label 1) against even ones, the engine's stratified
# 80/20 split with seed 0, pixels scaled to [0, 1]; and the hyperparameters it trains with.
ODD_DIGITS = (1, 3, 5, 7, 9)
LAYERS_DIMS = [64, 20, 7, 5, 1]
LEARNING_RATE = 0.1
NUM_ITERATIONS = 1000

ACTIVATIONS = {"sigmoid": torch.sigmoid, "relu": torch.relu}


def assert_close(actual, expected, rtol=1e-7):
    # float64 on both sides: anything looser than rounding would be a different formula.
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-14)


def tensor(array, grad=False):
    return torch.tensor(array, dtype=torch.float64, requires_grad=grad)


def make_layer(seed=0, n_prev=4, n=3, m=6):
    """Inputs and parameters of one layer, with every pre-activation well away from ReLU's kink."""
    rng = np.random.default_rng(seed)
    while True:
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        b = 0.1 * rng.standard_normal((n, 1))
        if np.min(np.abs(W @ A_prev + b)) > 1e-3:
            return A_prev, W, b


def make_network(seed=0, dims=(5, 4, 3, 1), m=8):
    """Inputs, labels and parameters of a small L-layer network with unsaturated outputs."""
    return random_network(seed, dims, m)


def torch_network(X, Y, parameters):
    """The same network and cost in torch float64.

    Returns AL, the cost, the parameter gradients of the mean cost, and dA{l} for l = 0..L-1 as
    DLS defines them: m times the derivative of the mean cost.
    """
    L = len(parameters) // 2
    m = X.shape[1]
    leaves = {k: tensor(v, grad=True) for k, v in parameters.items()}
    A = tensor(X, grad=True)
    activations = [A]
    for l in range(1, L + 1):
        Z = leaves["W%d" % l] @ A + leaves["b%d" % l]
        A = torch.sigmoid(Z) if l == L else torch.relu(Z)
        A.retain_grad()
        activations.append(A)
    cost = torch.nn.functional.binary_cross_entropy(A, tensor(Y))
    cost.backward()
    grads = {"d" + k: v.grad.numpy() for k, v in leaves.items()}
    for l in range(L):
        grads["dA%d" % l] = m * activations[l].grad.numpy()
    return A.detach().numpy(), float(cost.detach()), grads


def centred_differences(f, array, h=1e-6):
    """d f() / d array, entry by entry, perturbing `array` in place and restoring it."""
    g = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        original = array[idx]
        array[idx] = original + h
        plus = f()
        array[idx] = original - h
        minus = f()
        array[idx] = original
        g[idx] = (plus - minus) / (2 * h)
    return g


def network_cost(X, Y, parameters):
    return ref.compute_cost(ref.L_model_forward(X, parameters)[0], Y)


@pytest.fixture(autouse=True, scope="module")
def single_threaded_blas():
    # Matrices this small gain nothing from BLAS threads, and on a busy machine the threads'
    # spin-waiting makes training an order of magnitude slower (as in the grader's sandbox: one thread).
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def digits():
    return load("load_digits_binary", positive=ODD_DIGITS, negative=None)


# ---------------------------------------------------------------------------------------------
# given helpers (dnn_utils)


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_activation_matches_torch_and_caches_Z(name):
    Z = np.linspace(-30, 30, 60).reshape(3, 20)
    A, cache = getattr(ref, name)(Z)
    assert_close(A, ACTIVATIONS[name](tensor(Z)).numpy())
    assert cache is Z


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_activation_backward_matches_torch_autograd(name):
    rng = np.random.default_rng(1)
    Z, dA = rng.standard_normal((3, 7)), rng.standard_normal((3, 7))
    Zt = tensor(Z, grad=True)
    ACTIVATIONS[name](Zt).backward(tensor(dA))
    assert_close(getattr(ref, name + "_backward")(dA, Z), Zt.grad.numpy())


def test_relu_backward_is_zero_where_Z_is_zero_or_negative():
    Z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(ref.relu_backward(np.array([[5.0, 5.0, 5.0]]), Z), [[0.0, 0.0, 5.0]])


def test_sigmoid_is_finite_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A, _ = ref.sigmoid(np.array([[-1e3, 0.0, 1e3]]))
    np.testing.assert_array_equal(A, [[0.0, 0.5, 1.0]])


# ---------------------------------------------------------------------------------------------
# initialize_parameters_deep


@pytest.mark.parametrize("layer_dims", [[5, 4, 3], [12, 1], [3, 7, 5, 2, 1]])
def test_initialize_parameters_deep_gives_every_layer_its_shapes(layer_dims):
    parameters = ref.initialize_parameters_deep(layer_dims)
    expected = {}
    for l in range(1, len(layer_dims)):
        expected["W%d" % l] = (layer_dims[l], layer_dims[l - 1])
        expected["b%d" % l] = (layer_dims[l], 1)
    assert {k: v.shape for k, v in parameters.items()} == expected


def test_initialize_parameters_deep_sets_the_biases_to_zero():
    parameters = ref.initialize_parameters_deep([6, 5, 4, 1])
    assert not any(parameters["b%d" % l].any() for l in (1, 2, 3))


def test_initialize_parameters_deep_draws_layer_by_layer_from_the_callers_seed():
    dims = [6, 5, 4, 1]
    np.random.seed(9)
    expected = [np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1]) for l in (1, 2, 3)]
    np.random.seed(9)
    parameters = ref.initialize_parameters_deep(dims)
    for l in (1, 2, 3):
        assert_close(parameters["W%d" % l], expected[l - 1], rtol=1e-15)


@pytest.mark.parametrize("fan_in, fan_out", [(1000, 1000), (250, 4000)])
def test_initialize_parameters_deep_weights_have_std_one_over_sqrt_fan_in(fan_in, fan_out):
    np.random.seed(0)
    W = ref.initialize_parameters_deep([fan_in, fan_out])["W1"]
    # 1e6 draws: the sample std is within 0.2 % of the true one with overwhelming probability.
    assert np.std(W) == pytest.approx(1 / np.sqrt(fan_in), rel=0.01)
    assert abs(np.mean(W)) < 0.01 / np.sqrt(fan_in)


# ---------------------------------------------------------------------------------------------
# forward functions


def test_linear_forward_matches_torch_and_caches_A_W_b():
    A, W, b = make_layer(seed=2)
    Z, cache = ref.linear_forward(A, W, b)
    assert_close(Z, (tensor(W) @ tensor(A) + tensor(b)).numpy())
    assert isinstance(cache, tuple) and len(cache) == 3
    assert cache[0] is A and cache[1] is W and cache[2] is b


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward_matches_torch(activation):
    A_prev, W, b = make_layer(seed=3, n_prev=5, n=4, m=9)
    A, _ = ref.linear_activation_forward(A_prev, W, b, activation)
    expected = ACTIVATIONS[activation](tensor(W) @ tensor(A_prev) + tensor(b)).numpy()
    assert A.shape == (4, 9)
    assert_close(A, expected)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward_caches_linear_cache_then_Z(activation):
    A_prev, W, b = make_layer(seed=4)
    _, cache = ref.linear_activation_forward(A_prev, W, b, activation)
    (A_cached, W_cached, b_cached), Z = cache
    assert A_cached is A_prev and W_cached is W and b_cached is b
    assert_close(Z, W @ A_prev + b, rtol=1e-15)


def test_L_model_forward_keeps_one_cache_per_layer():
    X, _, parameters = make_network(dims=(5, 4, 4, 3, 1))
    AL, caches = ref.L_model_forward(X, parameters)
    assert AL.shape == (1, X.shape[1])
    assert len(caches) == 4
    assert caches[0][0][0] is X


def test_L_model_forward_matches_torch_relu_layers_then_sigmoid():
    X, Y, parameters = make_network(seed=5, dims=(6, 5, 4, 3, 1), m=11)
    AL, _ = ref.L_model_forward(X, parameters)
    expected, _, _ = torch_network(X, Y, parameters)
    assert_close(AL, expected)


def test_L_model_forward_with_a_single_layer_is_logistic_regression():
    X, Y, parameters = make_network(seed=6, dims=(4, 1))
    AL, caches = ref.L_model_forward(X, parameters)
    assert len(caches) == 1
    assert_close(AL, torch.sigmoid(tensor(parameters["W1"] @ X + parameters["b1"])).numpy())


# ---------------------------------------------------------------------------------------------
# compute_cost


def test_compute_cost_is_a_python_float():
    X, Y, parameters = make_network()
    assert type(network_cost(X, Y, parameters)) is float


def test_compute_cost_matches_torch_binary_cross_entropy():
    X, Y, parameters = make_network(seed=7, m=15)
    AL, _ = ref.L_model_forward(X, parameters)
    _, expected, _ = torch_network(X, Y, parameters)
    assert_close(ref.compute_cost(AL, Y), expected)


def test_compute_cost_gradient_matches_torch_binary_cross_entropy_gradient():
    rng = np.random.default_rng(8)
    AL = rng.uniform(0.1, 0.9, (1, 6))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
    ALt = tensor(AL, grad=True)
    torch.nn.functional.binary_cross_entropy(ALt, tensor(Y)).backward()
    numerical = centred_differences(lambda: ref.compute_cost(AL, Y), AL)
    np.testing.assert_allclose(numerical, ALt.grad.numpy(), rtol=1e-7)


# ---------------------------------------------------------------------------------------------
# backward functions


def test_linear_backward_matches_torch_autograd():
    A, W, b = make_layer(seed=9, n_prev=5, n=3, m=7)
    dZ = np.random.default_rng(9).standard_normal((3, 7))
    At, Wt, bt = tensor(A, grad=True), tensor(W, grad=True), tensor(b, grad=True)
    (Wt @ At + bt).backward(tensor(dZ))
    dA_prev, dW, db = ref.linear_backward(dZ, (A, W, b))
    # dZ is the derivative of the summed loss: dW and db average over the m examples, dA_prev does not.
    assert_close(dA_prev, At.grad.numpy())
    assert_close(dW, Wt.grad.numpy() / 7)
    assert_close(db, bt.grad.numpy() / 7)


def test_linear_backward_matches_centred_differences():
    A, W, b = make_layer(seed=10)
    m = A.shape[1]
    dZ = np.random.default_rng(10).standard_normal((W.shape[0], m))
    dA_prev, dW, db = ref.linear_backward(dZ, (A, W, b))

    def summed_loss():
        return float(np.sum(dZ * ref.linear_forward(A, W, b)[0]))

    np.testing.assert_allclose(dA_prev, centred_differences(summed_loss, A), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dW, centred_differences(summed_loss, W) / m, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, centred_differences(summed_loss, b) / m, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_backward_matches_torch_autograd(activation):
    A, W, b = make_layer(seed=11, n_prev=4, n=5, m=8)
    dA = np.random.default_rng(11).standard_normal((5, 8))
    _, cache = ref.linear_activation_forward(A, W, b, activation)
    At, Wt, bt = tensor(A, grad=True), tensor(W, grad=True), tensor(b, grad=True)
    ACTIVATIONS[activation](Wt @ At + bt).backward(tensor(dA))
    dA_prev, dW, db = ref.linear_activation_backward(dA, cache, activation)
    assert_close(dA_prev, At.grad.numpy())
    assert_close(dW, Wt.grad.numpy() / 8)
    assert_close(db, bt.grad.numpy() / 8)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_backward_matches_centred_differences(activation):
    A, W, b = make_layer(seed=12)
    m = A.shape[1]
    dA = np.random.default_rng(12).standard_normal((W.shape[0], m))
    _, cache = ref.linear_activation_forward(A, W, b, activation)
    dA_prev, dW, db = ref.linear_activation_backward(dA, cache, activation)

    def summed_loss():
        return float(np.sum(dA * ref.linear_activation_forward(A, W, b, activation)[0]))

    np.testing.assert_allclose(dA_prev, centred_differences(summed_loss, A), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dW, centred_differences(summed_loss, W) / m, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, centred_differences(summed_loss, b) / m, rtol=1e-6, atol=1e-9)


def test_L_model_backward_returns_dA_of_layers_below_and_dW_db_of_every_layer():
    X, Y, parameters = make_network(dims=(5, 4, 3, 1))
    AL, caches = ref.L_model_forward(X, parameters)
    grads = ref.L_model_backward(AL, Y, caches)
    assert set(grads) == {"dA0", "dA1", "dA2", "dW1", "dW2", "dW3", "db1", "db2", "db3"}
    assert grads["dA0"].shape == X.shape
    for key, value in parameters.items():
        assert grads["d" + key].shape == value.shape


@pytest.mark.parametrize("dims", [(5, 4, 3, 1), (3, 1), (4, 6, 6, 2, 1)])
def test_L_model_backward_matches_torch_autograd_of_the_cost(dims):
    X, Y, parameters = make_network(seed=13, dims=dims, m=9)
    AL, caches = ref.L_model_forward(X, parameters)
    grads = ref.L_model_backward(AL, Y, caches)
    _, _, expected = torch_network(X, Y, parameters)
    assert set(grads) == set(expected)
    for key in expected:
        assert_close(grads[key], expected[key])


def test_L_model_backward_matches_centred_differences():
    X, Y, parameters = make_network(seed=14, dims=(4, 3, 3, 1), m=6)
    AL, caches = ref.L_model_forward(X, parameters)
    grads = ref.L_model_backward(AL, Y, caches)
    for key, value in parameters.items():
        numerical = centred_differences(lambda: network_cost(X, Y, parameters), value)
        np.testing.assert_allclose(grads["d" + key], numerical, rtol=1e-6, atol=1e-9, err_msg=key)
    # dA0 is m times the derivative of the mean cost with respect to the inputs.
    numerical = X.shape[1] * centred_differences(lambda: network_cost(X, Y, parameters), X)
    np.testing.assert_allclose(grads["dA0"], numerical, rtol=1e-6, atol=1e-9)


def test_L_model_backward_accepts_labels_of_any_shape_holding_m_values():
    X, Y, parameters = make_network(seed=15)
    AL, caches = ref.L_model_forward(X, parameters)
    flat = ref.L_model_backward(AL, Y.ravel(), caches)
    row = ref.L_model_backward(AL, Y, caches)
    for key in row:
        np.testing.assert_array_equal(flat[key], row[key])


# ---------------------------------------------------------------------------------------------
# update_parameters


def test_update_parameters_steps_against_the_gradient():
    X, Y, parameters = make_network(seed=16)
    AL, caches = ref.L_model_forward(X, parameters)
    grads = ref.L_model_backward(AL, Y, caches)
    updated = ref.update_parameters(parameters, grads, 0.3)
    assert set(updated) == set(parameters)
    for key, value in parameters.items():
        assert_close(updated[key], value - 0.3 * grads["d" + key])


def test_update_parameters_leaves_its_input_unchanged():
    X, Y, parameters = make_network(seed=17)
    before = {k: v.copy() for k, v in parameters.items()}
    AL, caches = ref.L_model_forward(X, parameters)
    updated = ref.update_parameters(parameters, ref.L_model_backward(AL, Y, caches), 0.3)
    assert updated is not parameters
    for key in parameters:
        np.testing.assert_array_equal(parameters[key], before[key])


# ---------------------------------------------------------------------------------------------
# L_layer_model, predict


def test_L_layer_model_records_the_cost_every_100_iterations():
    X, Y, _ = make_network(seed=18, dims=(5, 1), m=20)
    _, costs = ref.L_layer_model(X, Y, [5, 4, 1], num_iterations=250)
    assert len(costs) == 3
    assert all(type(c) is float for c in costs)


def test_L_layer_model_first_cost_is_that_of_the_seed_1_initialisation():
    X, Y, _ = make_network(seed=19, dims=(5, 1), m=20)
    np.random.seed(1)
    initial = ref.initialize_parameters_deep([5, 4, 1])
    _, costs = ref.L_layer_model(X, Y, [5, 4, 1], num_iterations=1)
    assert costs == [network_cost(X, Y, initial)]


def test_L_layer_model_is_reproducible_whatever_the_global_rng_state():
    X, Y, _ = make_network(seed=20, dims=(5, 1), m=20)
    np.random.seed(100)
    first, _ = ref.L_layer_model(X, Y, [5, 4, 1], num_iterations=30)
    np.random.seed(200)
    second, _ = ref.L_layer_model(X, Y, [5, 4, 1], num_iterations=30)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])


def test_predict_labels_1_only_strictly_above_one_half(capsys):
    # A single sigmoid unit with W = 1, b = 0: the probability exceeds 1/2 exactly when x > 0.
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    X = np.array([[-3.0, -1e-4, 0.0, 1e-4, 3.0]])
    p = ref.predict(X, np.array([[0, 0, 0, 1, 1]]), parameters)
    np.testing.assert_array_equal(p, [[0, 0, 0, 1, 1]])
    assert p.shape == (1, 5)


def test_predict_prints_the_accuracy(capsys):
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    ref.predict(np.array([[-1.0, 1.0, 2.0, 3.0]]), np.array([[0, 1, 1, 0]]), parameters)
    assert capsys.readouterr().out.strip() == "Accuracy: 0.75"


def test_L_layer_model_reaches_95_percent_test_accuracy_on_odd_versus_even_digits(digits):
    train_x, train_y, test_x, test_y = digits
    parameters, costs = ref.L_layer_model(train_x, train_y, LAYERS_DIMS, learning_rate=LEARNING_RATE,
                                          num_iterations=NUM_ITERATIONS)
    with contextlib.redirect_stdout(io.StringIO()):
        p = ref.predict(test_x, test_y, parameters)
    assert np.mean(p == test_y) >= 0.95
    assert costs[-1] < costs[0]


# ---------------------------------------------------------------------------------------------
# the grading spec accepts solutions written for either release of the course


def _grade(part, function):
    from autograder import assignment as assignments
    from autograder.validate import grade_reference

    return grade_reference(assignments.load("deep_neural_network"), {part: function}, parts=[part])


def test_grading_gives_full_marks_to_an_initialize_parameters_deep_that_seeds_with_1():
    # The course's second assignment shipped this function seeding the generator with 1 itself.
    def initialize_parameters_deep(layer_dims):
        np.random.seed(1)
        return ref.initialize_parameters_deep(layer_dims)

    tests = _grade("initialize_parameters_deep", initialize_parameters_deep)
    assert [t["name"] for t in tests if t["status"] != "passed"] == []


def test_grading_of_L_layer_model_accepts_the_older_parameters_only_result_in_its_hidden_checks():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return ref.L_layer_model(X, Y, layers_dims, learning_rate, num_iterations)[0]

    tests = _grade("L_layer_model", L_layer_model)
    assert [t["name"] for t in tests if t["status"] != "passed"] == ["L_layer_model: public example"]


def test_grading_accepts_a_cost_returned_as_a_0d_array():
    tests = _grade("compute_cost", lambda AL, Y: np.squeeze(
        (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T)) / Y.shape[1]))
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
