"""The one-hidden-layer reference (solutions/planar_classification.py) against PyTorch float64
autograd, centred differences, and its training outcome on the flower."""

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from solutions import planar_classification as ref
from .numerics import parameter_gradients

PARAM_KEYS = ["W1", "b1", "W2", "b2"]
CACHE_KEYS = ["Z1", "A1", "Z2", "A2"]


@pytest.fixture(autouse=True, scope="module")
def single_threaded_blas():
    # Matrices this small gain nothing from BLAS threads, and on a busy machine the threads'
    # spin-waiting makes training an order of magnitude slower (as in the grader's sandbox: one thread).
    with threadpool_limits(limits=1):
        yield


def assert_close(actual, expected, rtol=1e-7):
    # float64 on both sides: anything looser than rounding would be a different formula.
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-14)


def make_problem(seed=0, n_x=3, n_h=5, m=7):
    """A small unsaturated network: tanh and sigmoid both work in their curved range."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {
        "W1": 0.7 * rng.standard_normal((n_h, n_x)),
        "b1": 0.1 * rng.standard_normal((n_h, 1)),
        "W2": 0.7 * rng.standard_normal((1, n_h)),
        "b2": 0.1 * rng.standard_normal((1, 1)),
    }
    return X, Y, parameters


def torch_network(X, Y, parameters):
    """The same network and cost in torch float64; returns its forward values and parameter grads."""
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in parameters.items()}
    Xt = torch.tensor(X, dtype=torch.float64)
    Z1 = leaves["W1"] @ Xt + leaves["b1"]
    A1 = torch.tanh(Z1)
    Z2 = leaves["W2"] @ A1 + leaves["b2"]
    A2 = torch.sigmoid(Z2)
    cost = torch.nn.functional.binary_cross_entropy(A2, torch.tensor(Y, dtype=torch.float64))
    cost.backward()
    forward = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return ({k: v.detach().numpy() for k, v in forward.items()}, float(cost.detach()),
            {"d" + k: leaves[k].grad.numpy() for k in PARAM_KEYS})


def centred_differences(cost_of, parameters, h=1e-6):
    """d cost_of(parameters) / d parameters, entry by entry."""
    return parameter_gradients(cost_of, parameters, h)


# ---------------------------------------------------------------------------------------------
# given helpers


def test_flower_has_the_requested_shapes():
    X, Y = ref.load_planar_dataset(m=60)
    assert X.shape == (2, 60) and Y.shape == (1, 60)
    assert X.dtype == np.float64 and Y.dtype == np.float64


def test_flower_has_half_of_the_points_in_each_class():
    _, Y = ref.load_planar_dataset(m=400)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert Y.sum() == 200


def test_flower_is_the_same_for_the_same_seed_and_differs_across_seeds():
    X1, Y1 = ref.load_planar_dataset(seed=4)
    X2, Y2 = ref.load_planar_dataset(seed=4)
    X3, _ = ref.load_planar_dataset(seed=5)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.allclose(X1, X3)


def test_flower_leaves_the_global_rng_untouched():
    np.random.seed(11)
    expected = np.random.rand(3)
    np.random.seed(11)
    ref.load_planar_dataset()
    np.testing.assert_array_equal(np.random.rand(3), expected)


def test_flower_points_lie_within_the_petal_radius():
    X, _ = ref.load_planar_dataset()
    # |r| <= 4 plus a few noise standard deviations (0.2 each).
    assert np.max(np.hypot(X[0], X[1])) < 4 + 6 * 0.2


def test_sigmoid_matches_torch():
    z = np.linspace(-40, 40, 81)
    assert_close(ref.sigmoid(z), torch.sigmoid(torch.tensor(z)).numpy())


def test_sigmoid_is_finite_for_large_inputs():
    # Underflow to 0 is the right answer far out on the left; overflow or nan would be a bug.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = ref.sigmoid(np.array([-1e3, -750.0, 0.0, 750.0, 1e3]))
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])


# ---------------------------------------------------------------------------------------------
# layer_sizes, initialize_parameters


@pytest.mark.parametrize("n_x, n_y, m", [(2, 1, 400), (5, 3, 1), (7, 2, 11)])
def test_layer_sizes_reads_the_data_and_fixes_the_hidden_layer_at_4(n_x, n_y, m):
    assert ref.layer_sizes(np.zeros((n_x, m)), np.zeros((n_y, m))) == (n_x, 4, n_y)


@pytest.mark.parametrize("n_x, n_h, n_y", [(2, 4, 1), (3, 7, 2), (1, 1, 1)])
def test_initialize_parameters_gives_the_layer_shapes(n_x, n_h, n_y):
    parameters = ref.initialize_parameters(n_x, n_h, n_y)
    shapes = {k: v.shape for k, v in parameters.items()}
    assert shapes == {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}


def test_initialize_parameters_sets_the_biases_to_zero():
    parameters = ref.initialize_parameters(3, 5, 2)
    assert not parameters["b1"].any() and not parameters["b2"].any()


def test_initialize_parameters_draws_W1_then_W2_from_the_callers_seed_times_0_01():
    np.random.seed(7)
    expected_W1 = np.random.randn(5, 3) * 0.01
    expected_W2 = np.random.randn(2, 5) * 0.01
    np.random.seed(7)
    parameters = ref.initialize_parameters(3, 5, 2)
    np.testing.assert_array_equal(parameters["W1"], expected_W1)
    np.testing.assert_array_equal(parameters["W2"], expected_W2)


def test_initialize_parameters_does_not_reseed():
    np.random.seed(0)
    first = ref.initialize_parameters(3, 5, 2)
    second = ref.initialize_parameters(3, 5, 2)
    assert not np.array_equal(first["W1"], second["W1"])


# ---------------------------------------------------------------------------------------------
# forward_propagation, compute_cost


def test_forward_propagation_cache_holds_exactly_Z1_A1_Z2_A2():
    X, _, parameters = make_problem()
    A2, cache = ref.forward_propagation(X, parameters)
    assert set(cache) == set(CACHE_KEYS)
    np.testing.assert_array_equal(cache["A2"], A2)


@pytest.mark.parametrize("key", CACHE_KEYS)
def test_forward_propagation_matches_torch_tanh_then_sigmoid(key):
    X, Y, parameters = make_problem(seed=2, m=9)
    _, cache = ref.forward_propagation(X, parameters)
    expected, _, _ = torch_network(X, Y, parameters)
    assert cache[key].shape == expected[key].shape
    assert_close(cache[key], expected[key])


def test_compute_cost_is_a_python_float():
    X, Y, parameters = make_problem()
    A2, _ = ref.forward_propagation(X, parameters)
    assert type(ref.compute_cost(A2, Y)) is float


def test_compute_cost_matches_torch_binary_cross_entropy():
    X, Y, parameters = make_problem(seed=3, m=13)
    A2, _ = ref.forward_propagation(X, parameters)
    _, expected, _ = torch_network(X, Y, parameters)
    assert_close(ref.compute_cost(A2, Y), expected)


def test_compute_cost_of_constant_one_half_is_log_2():
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    assert ref.compute_cost(np.full((1, 5), 0.5), Y) == pytest.approx(np.log(2), rel=1e-15)


# ---------------------------------------------------------------------------------------------
# backward_propagation


def test_backward_propagation_returns_one_gradient_per_parameter_of_its_shape():
    X, Y, parameters = make_problem()
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    assert {k: v.shape for k, v in grads.items()} == {"d" + k: v.shape for k, v in parameters.items()}


@pytest.mark.parametrize("key", ["dW1", "db1", "dW2", "db2"])
def test_backward_propagation_matches_torch_autograd_of_the_cost(key):
    X, Y, parameters = make_problem(seed=4, n_x=4, n_h=6, m=10)
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    _, _, expected = torch_network(X, Y, parameters)
    assert_close(grads[key], expected[key])


def test_backward_propagation_matches_centred_differences():
    X, Y, parameters = make_problem(seed=5)
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    def cost_of(p):
        return ref.compute_cost(ref.forward_propagation(X, p)[0], Y)

    numerical = centred_differences(cost_of, parameters)
    for key, g in numerical.items():
        np.testing.assert_allclose(grads[key], g, rtol=1e-6, atol=1e-9, err_msg=key)


def test_backward_propagation_is_exact_for_a_single_example():
    X, Y, parameters = make_problem(seed=6, m=1)
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    _, _, expected = torch_network(X, Y, parameters)
    for key in expected:
        assert_close(grads[key], expected[key])


# ---------------------------------------------------------------------------------------------
# update_parameters


def test_update_parameters_steps_against_the_gradient_with_default_rate_1_2():
    X, Y, parameters = make_problem()
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    updated = ref.update_parameters(parameters, grads)
    for key in PARAM_KEYS:
        assert_close(updated[key], parameters[key] - 1.2 * grads["d" + key])


def test_update_parameters_uses_the_given_learning_rate():
    X, Y, parameters = make_problem()
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    updated = ref.update_parameters(parameters, grads, learning_rate=0.05)
    for key in PARAM_KEYS:
        assert_close(updated[key], parameters[key] - 0.05 * grads["d" + key])


def test_update_parameters_leaves_its_input_unchanged():
    X, Y, parameters = make_problem()
    before = {k: v.copy() for k, v in parameters.items()}
    _, cache = ref.forward_propagation(X, parameters)
    ref.update_parameters(parameters, ref.backward_propagation(parameters, cache, X, Y))
    for key in PARAM_KEYS:
        np.testing.assert_array_equal(parameters[key], before[key])


# ---------------------------------------------------------------------------------------------
# nn_model, predict


def test_nn_model_is_reproducible_whatever_the_global_rng_state():
    X, Y = ref.load_planar_dataset(m=40)
    np.random.seed(123)
    first = ref.nn_model(X, Y, 3, num_iterations=20)
    np.random.seed(456)
    second = ref.nn_model(X, Y, 3, num_iterations=20)
    for key in PARAM_KEYS:
        np.testing.assert_array_equal(first[key], second[key])


def test_nn_model_starts_from_seed_3():
    X, Y = ref.load_planar_dataset(m=40)
    np.random.seed(3)
    initial = ref.initialize_parameters(2, 5, 1)
    A2, cache = ref.forward_propagation(X, initial)
    expected = ref.update_parameters(initial, ref.backward_propagation(initial, cache, X, Y))
    trained = ref.nn_model(X, Y, 5, num_iterations=1)
    for key in PARAM_KEYS:
        np.testing.assert_array_equal(trained[key], expected[key])


def test_nn_model_prints_the_cost_every_1000_iterations(capsys):
    X, Y = ref.load_planar_dataset(m=40)
    ref.nn_model(X, Y, 2, num_iterations=2001, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 1000", "Cost after iteration 2000"]


def test_nn_model_with_4_hidden_units_classifies_90_percent_of_the_flower():
    X, Y = ref.load_planar_dataset()
    parameters = ref.nn_model(X, Y, n_h=4)
    accuracy = np.mean(ref.predict(parameters, X) == Y)
    assert accuracy >= 0.90


def test_predict_labels_1_only_strictly_above_one_half():
    # One input, one hidden unit: A2 = sigmoid(tanh(x)) exceeds 1/2 exactly when x > 0.
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1)),
                  "W2": np.array([[1.0]]), "b2": np.zeros((1, 1))}
    X = np.array([[-2.0, -1e-3, 0.0, 1e-3, 2.0]])
    np.testing.assert_array_equal(ref.predict(parameters, X), [[0, 0, 0, 1, 1]])


def test_predict_returns_a_row_of_zeros_and_ones():
    X, _, parameters = make_problem(m=25)
    predictions = ref.predict(parameters, X)
    assert predictions.shape == (1, 25)
    assert set(np.unique(predictions)) <= {0.0, 1.0}


def test_nn_model_reaches_90_percent_of_the_flower_within_the_graders_2000_steps():
    # The hidden training check runs 2000 steps, not the default 10000, to keep grading fast.
    X, Y = ref.load_planar_dataset()
    parameters = ref.nn_model(X, Y, n_h=4, num_iterations=2000)
    assert np.mean(ref.predict(parameters, X) == Y) >= 0.90


# ---------------------------------------------------------------------------------------------
# the grading spec accepts solutions written for either release of the course


def _grade(part, function):
    from autograder import assignment as assignments
    from autograder.validate import grade_reference

    return grade_reference(assignments.load("planar_classification"), {part: function}, parts=[part])


def _reseeding_initialize_parameters(n_x, n_h, n_y):
    # The course's older template seeded inside the function.
    np.random.seed(2)
    return ref.initialize_parameters(n_x, n_h, n_y)


def test_grading_gives_full_marks_to_an_initialize_parameters_that_seeds_with_2():
    tests = _grade("initialize_parameters", _reseeding_initialize_parameters)
    assert [t["name"] for t in tests if t["status"] != "passed"] == []


def test_grading_of_nn_model_accepts_the_older_seed_2_draw_in_its_hidden_checks():
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        np.random.seed(3)
        parameters = _reseeding_initialize_parameters(X.shape[0], n_h, Y.shape[0])
        for _ in range(num_iterations):
            A2, cache = ref.forward_propagation(X, parameters)
            parameters = ref.update_parameters(parameters, ref.backward_propagation(parameters, cache, X, Y))
        return parameters

    tests = _grade("nn_model", nn_model)
    # Only the public example, whose values are those of this notebook's draw, tells them apart.
    assert [t["name"] for t in tests if t["status"] != "passed"] == ["nn_model: public example"]
    assert "initialize_parameters reseeds the generator" in tests[0]["output"]


def test_grading_accepts_boolean_predictions():
    tests = _grade("predict", lambda parameters, X: ref.forward_propagation(X, parameters)[0] > 0.5)
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
