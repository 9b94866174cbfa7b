"""The initialisation reference (solutions/initialization.py): the statistics of each initialiser,
symmetry and how zeros keep it, and the given three-layer network against PyTorch float64."""

import ast
import pathlib

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from autograder import notebook
from autograder.datasets import load
from solutions import initialization as ref
from .numerics import random_network

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "assignments" / "initialization" / "notebook.md"

INITIALIZERS = ["zeros", "random", "he", "xavier"]
RANDOM_INITIALIZERS = ["random", "he", "xavier"]
# Standard deviation of the weights of a layer with fan-in n.
WEIGHT_STD = {
    "random": lambda n: 10.0,
    "he": lambda n: np.sqrt(2.0 / n),
    "xavier": lambda n: np.sqrt(1.0 / n),
}
PARAM_KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def initializer(name):
    return getattr(ref, "initialize_parameters_" + name)


@pytest.fixture(autouse=True, scope="module")
def single_threaded_blas():
    # Matrices this small gain nothing from BLAS threads, and on a busy machine the threads'
    # spin-waiting makes training an order of magnitude slower (as in the grader's sandbox: one thread).
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def circles():
    return load("load_circles")


def make_problem(seed=0, dims=(2, 10, 5, 1), m=9):
    """A small version of the notebook's network with unsaturated outputs."""
    return random_network(seed, dims, m)


# ---------------------------------------------------------------------------------------------
# the graded initialisers


@pytest.mark.parametrize("name", INITIALIZERS)
@pytest.mark.parametrize("layers_dims", [[2, 10, 5, 1], [7, 3], [4, 4, 4, 4, 2]])
def test_initializer_gives_every_layer_its_shapes(name, layers_dims):
    parameters = initializer(name)(layers_dims)
    expected = {}
    for l in range(1, len(layers_dims)):
        expected["W%d" % l] = (layers_dims[l], layers_dims[l - 1])
        expected["b%d" % l] = (layers_dims[l], 1)
    assert {k: v.shape for k, v in parameters.items()} == expected
    assert all(v.dtype == np.float64 for v in parameters.values())


@pytest.mark.parametrize("name", INITIALIZERS)
def test_initializer_sets_the_biases_to_zero(name):
    parameters = initializer(name)([3, 6, 4, 1])
    assert not any(parameters["b%d" % l].any() for l in (1, 2, 3))


def test_zeros_sets_every_weight_to_zero():
    parameters = ref.initialize_parameters_zeros([3, 6, 4, 1])
    assert not any(parameters["W%d" % l].any() for l in (1, 2, 3))


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
def test_initializer_draws_layer_by_layer_from_the_callers_seed(name):
    dims = [6, 5, 4, 1]
    np.random.seed(21)
    expected = [np.random.randn(dims[l], dims[l - 1]) * WEIGHT_STD[name](dims[l - 1]) for l in (1, 2, 3)]
    np.random.seed(21)
    parameters = initializer(name)(dims)
    for l in (1, 2, 3):
        np.testing.assert_allclose(parameters["W%d" % l], expected[l - 1], rtol=1e-15)


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
def test_initializer_does_not_reseed(name):
    np.random.seed(0)
    first = initializer(name)([4, 3, 1])
    second = initializer(name)([4, 3, 1])
    assert not np.array_equal(first["W1"], second["W1"])


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
@pytest.mark.parametrize("fan_in, fan_out", [(1000, 1000), (250, 4000)])
def test_initializer_weight_std_depends_on_the_fan_in(name, fan_in, fan_out):
    np.random.seed(1)
    W = initializer(name)([fan_in, fan_out])["W1"]
    # 1e6 draws: the sample std is within 0.2 % of the true one with overwhelming probability.
    assert np.std(W) == pytest.approx(WEIGHT_STD[name](fan_in), rel=0.01)
    assert abs(np.mean(W)) < 0.01 * WEIGHT_STD[name](fan_in)


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
def test_initializer_scales_each_layer_by_its_own_fan_in(name):
    np.random.seed(2)
    parameters = initializer(name)([100, 1000, 1000])
    assert np.std(parameters["W1"]) == pytest.approx(WEIGHT_STD[name](100), rel=0.02)
    assert np.std(parameters["W2"]) == pytest.approx(WEIGHT_STD[name](1000), rel=0.02)


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
def test_initializer_breaks_symmetry_between_the_units_of_a_layer(name):
    np.random.seed(3)
    parameters = initializer(name)([2, 10, 5, 1])
    for l in (1, 2):
        W = parameters["W%d" % l]
        assert len({tuple(row) for row in W}) == W.shape[0]


# ---------------------------------------------------------------------------------------------
# what each initialisation does in training


def test_zeros_keeps_every_hidden_unit_of_a_layer_identical_after_training(circles):
    train_X, train_Y, _, _ = circles
    parameters = ref.model(train_X, train_Y, num_iterations=300, print_cost=False, initialization="zeros")
    for l in (1, 2, 3):
        W = parameters["W%d" % l]
        np.testing.assert_array_equal(W, np.broadcast_to(W[:1], W.shape))


def test_zeros_predicts_the_same_for_every_example(circles):
    train_X, train_Y, _, _ = circles
    parameters = ref.model(train_X, train_Y, num_iterations=300, print_cost=False, initialization="zeros")
    A3, _ = ref.forward_propagation(train_X, parameters)
    assert np.ptp(A3) == 0.0


def test_equal_nonzero_weights_stay_equal_across_units_while_they_learn(circles):
    train_X, train_Y, _, _ = circles
    parameters = {"W1": np.full((4, 2), 0.5), "b1": np.zeros((4, 1)),
                  "W2": np.full((3, 4), 0.5), "b2": np.zeros((3, 1)),
                  "W3": np.full((1, 3), 0.5), "b3": np.zeros((1, 1))}
    start = parameters["W1"].copy()
    for _ in range(50):
        A3, cache = ref.forward_propagation(train_X, parameters)
        parameters = ref.update_parameters(parameters, ref.backward_propagation(train_X, train_Y, cache), 0.1)
    W1 = parameters["W1"]
    assert not np.array_equal(W1, start)
    np.testing.assert_allclose(W1, np.broadcast_to(W1[:1], W1.shape), rtol=1e-12)


def test_he_model_classifies_90_percent_of_the_circles(circles):
    train_X, train_Y, test_X, test_Y = circles
    parameters = ref.model(train_X, train_Y, num_iterations=5000, print_cost=False, initialization="he")
    assert np.mean(ref.predict_dec(parameters, train_X) == train_Y) >= 0.90
    assert np.mean(ref.predict_dec(parameters, test_X) == test_Y) >= 0.90


def test_random_initialisation_starts_with_a_much_larger_cost_than_he(circles):
    train_X, train_Y, _, _ = circles
    costs = {}
    for name in ("random", "he"):
        parameters = ref.model(train_X, train_Y, num_iterations=0, print_cost=False, initialization=name)
        costs[name] = ref.compute_loss(ref.forward_propagation(train_X, parameters)[0], train_Y)
    assert costs["random"] > 5 * costs["he"]


def test_model_is_reproducible_whatever_the_global_rng_state(circles):
    train_X, train_Y, _, _ = circles
    np.random.seed(10)
    first = ref.model(train_X, train_Y, num_iterations=10, print_cost=False)
    np.random.seed(20)
    second = ref.model(train_X, train_Y, num_iterations=10, print_cost=False)
    for key in PARAM_KEYS:
        np.testing.assert_array_equal(first[key], second[key])


def test_model_rejects_an_unknown_initialization(circles):
    train_X, train_Y, _, _ = circles
    with pytest.raises(ValueError, match="initialization"):
        ref.model(train_X, train_Y, num_iterations=1, initialization="ones")


# ---------------------------------------------------------------------------------------------
# the given network (init_utils)


def torch_network(X, Y, parameters):
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in parameters.items()}
    Xt = torch.tensor(X, dtype=torch.float64)
    A1 = torch.relu(leaves["W1"] @ Xt + leaves["b1"])
    A2 = torch.relu(leaves["W2"] @ A1 + leaves["b2"])
    A3 = torch.sigmoid(leaves["W3"] @ A2 + leaves["b3"])
    cost = torch.nn.functional.binary_cross_entropy(A3, torch.tensor(Y, dtype=torch.float64))
    cost.backward()
    return A3.detach().numpy(), float(cost.detach()), {"d" + k: v.grad.numpy() for k, v in leaves.items()}


def test_given_forward_and_loss_match_torch():
    X, Y, parameters = make_problem(seed=4)
    A3, cache = ref.forward_propagation(X, parameters)
    expected_A3, expected_cost, _ = torch_network(X, Y, parameters)
    np.testing.assert_allclose(A3, expected_A3, rtol=1e-7)
    np.testing.assert_allclose(ref.compute_loss(A3, Y), expected_cost, rtol=1e-7)
    assert len(cache) == 12 and cache[9] is A3


@pytest.mark.parametrize("key", PARAM_KEYS)
def test_given_backward_matches_torch_autograd(key):
    X, Y, parameters = make_problem(seed=5, m=12)
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(X, Y, cache)
    _, _, expected = torch_network(X, Y, parameters)
    np.testing.assert_allclose(grads["d" + key], expected["d" + key], rtol=1e-7, atol=1e-14)


def test_given_loss_stays_finite_when_outputs_saturate():
    Y = np.array([[1.0, 0.0, 1.0]])
    loss = ref.compute_loss(np.array([[0.0, 1.0, 1.0]]), Y)
    assert np.isfinite(loss) and loss > 20


def test_notebook_carries_the_reference_model_verbatim():
    # The notebook's model cell cannot come from the helper module (it calls the student's
    # initialisers), so it is a copy: this keeps the copy honest.
    cells = notebook.parse(NOTEBOOK.read_text(encoding="utf-8"))
    code_cells = [cell.source for cell in cells if cell.kind == "code"]
    source = pathlib.Path(ref.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "model")
    expected = ast.get_source_segment(source, node).strip()
    assert any(cell.strip() == expected for cell in code_cells)


# ---------------------------------------------------------------------------------------------
# what the grader relies on


@pytest.mark.parametrize("name, gain", [("he", 1.0), ("xavier", 2 ** -0.5), ("random", 10 * np.sqrt(50))])
def test_relu_stack_changes_the_signal_by_sqrt_of_n_var_w_over_2_per_layer(name, gain):
    # E[z²] = n Var(w) E[a²] and ReLU keeps half of it: the RMS changes by sqrt(n Var(w) / 2) per layer.
    rng = np.random.default_rng(4)
    X = rng.standard_normal((100, 200))
    np.random.seed(10)
    parameters = initializer(name)([100] * 21)
    A = X
    for l in range(1, 21):
        A = ref.relu(parameters["W%d" % l] @ A + parameters["b%d" % l])
    measured = (np.sqrt(np.mean(A ** 2)) / np.sqrt(np.mean(X ** 2))) ** (1 / 20)
    assert measured == pytest.approx(gain, rel=0.06)


@pytest.mark.parametrize("name", RANDOM_INITIALIZERS)
def test_grading_gives_full_marks_to_an_initializer_that_seeds_with_3_itself(name):
    # The course's template seeds inside the function; the grader must not tell the two apart.
    from autograder import assignment as assignments
    from autograder.validate import grade_reference

    def seeding(layers_dims):
        np.random.seed(3)
        return initializer(name)(layers_dims)

    part = "initialize_parameters_" + name
    tests = grade_reference(assignments.load("initialization"), {part: seeding}, parts=[part])
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
