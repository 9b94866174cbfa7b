"""The regularisation reference (solutions/regularization.py) against PyTorch, centred differences
and the properties of inverted dropout that hold whatever the random draw."""

import numpy as np
import pytest
import torch

from solutions import regularization as ref
from .numerics import parameter_gradients, random_network

GRAD_KEYS = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
PARAM_KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def make_problem(seed=0, dims=(3, 6, 4, 1), m=9):
    """Small network with unsaturated outputs, so differences and float64 comparisons are tight."""
    return random_network(seed, dims, m)


def torch_forward(X, Y, parameters, lambd=0.0, masks=None, keep_prob=1.0):
    """Same network in torch float64; returns the cost and the tensors whose gradients we compare.

    masks -- optional (D1, D2) applied as inverted dropout, so torch sees the very network the
             numpy forward sampled.
    """
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for k, v in parameters.items()}
    Xt = torch.tensor(X, dtype=torch.float64)
    Yt = torch.tensor(Y, dtype=torch.float64)
    m = X.shape[1]
    Z1 = leaves["W1"] @ Xt + leaves["b1"]
    A1 = torch.relu(Z1)
    # DLS's dA1 and dA2 are derivatives with respect to the activations before the mask.
    A1_used = A1 if masks is None else A1 * torch.tensor(masks[0], dtype=torch.float64) / keep_prob
    Z2 = leaves["W2"] @ A1_used + leaves["b2"]
    A2 = torch.relu(Z2)
    A2_used = A2 if masks is None else A2 * torch.tensor(masks[1], dtype=torch.float64) / keep_prob
    Z3 = leaves["W3"] @ A2_used + leaves["b3"]
    A3 = torch.sigmoid(Z3)
    for t in (Z1, A1, Z2, A2, Z3):
        t.retain_grad()
    cost = torch.nn.functional.binary_cross_entropy(A3, Yt, reduction="mean")
    cost = cost + lambd / (2 * m) * sum((leaves["W%d" % l] ** 2).sum() for l in (1, 2, 3))
    cost.backward()
    # DLS's dZ and dA are m times the derivative of the mean cost.
    grads = {"d" + k: leaves[k].grad.numpy() for k in PARAM_KEYS}
    for name, t in (("dZ1", Z1), ("dA1", A1), ("dZ2", Z2), ("dA2", A2), ("dZ3", Z3)):
        grads[name] = m * t.grad.numpy()
    return float(cost.detach()), A3.detach().numpy(), grads


def numerical_gradients(cost_of, parameters, h=1e-6):
    """Centred differences of cost_of(parameters) for every parameter entry."""
    return parameter_gradients(cost_of, parameters, h)


def max_relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


# ---------------------------------------------------------------------------------------------
# compute_cost_with_regularization


def test_regularized_cost_matches_torch():
    X, Y, parameters = make_problem(seed=1)
    A3, _ = ref.forward_propagation(X, parameters)
    expected, _, _ = torch_forward(X, Y, parameters, lambd=0.7)
    actual = ref.compute_cost_with_regularization(A3, Y, parameters, 0.7)
    np.testing.assert_allclose(actual, expected, rtol=1e-7)


def test_regularized_cost_is_a_python_float():
    X, Y, parameters = make_problem()
    A3, _ = ref.forward_propagation(X, parameters)
    assert type(ref.compute_cost_with_regularization(A3, Y, parameters, 0.1)) is float


def test_regularized_cost_with_zero_lambda_is_the_cross_entropy():
    X, Y, parameters = make_problem()
    A3, _ = ref.forward_propagation(X, parameters)
    assert ref.compute_cost_with_regularization(A3, Y, parameters, 0) == ref.compute_cost(A3, Y)


def test_regularized_cost_does_not_penalise_biases():
    X, Y, parameters = make_problem()
    A3, _ = ref.forward_propagation(X, parameters)
    shifted = dict(parameters, b1=parameters["b1"] + 5.0, b3=parameters["b3"] - 3.0)
    assert ref.compute_cost_with_regularization(A3, Y, shifted, 0.5) == pytest.approx(
        ref.compute_cost_with_regularization(A3, Y, parameters, 0.5), rel=1e-15)


def test_regularized_cost_penalty_is_lambda_over_2m_times_squared_weights():
    X, Y, parameters = make_problem(m=13)
    A3, _ = ref.forward_propagation(X, parameters)
    squares = sum(np.sum(parameters["W%d" % l] ** 2) for l in (1, 2, 3))
    penalty = ref.compute_cost_with_regularization(A3, Y, parameters, 0.9) - ref.compute_cost(A3, Y)
    assert penalty == pytest.approx(0.9 / (2 * 13) * squares, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# backward passes


@pytest.mark.parametrize("key", GRAD_KEYS)
def test_l2_backward_matches_torch_autograd(key):
    X, Y, parameters = make_problem(seed=2)
    _, cache = ref.forward_propagation(X, parameters)
    _, _, expected = torch_forward(X, Y, parameters, lambd=0.7)
    actual = ref.backward_propagation_with_regularization(X, Y, cache, 0.7)
    np.testing.assert_allclose(actual[key], expected[key], rtol=1e-7, atol=1e-14)


@pytest.mark.parametrize("key", GRAD_KEYS)
def test_dropout_backward_matches_torch_autograd_with_the_same_masks(key):
    X, Y, parameters = make_problem(seed=3, m=12)
    keep_prob = 0.7
    np.random.seed(11)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob)
    D1, D2 = cache[1], cache[6]
    _, _, expected = torch_forward(X, Y, parameters, masks=(D1, D2), keep_prob=keep_prob)
    actual = ref.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    np.testing.assert_allclose(actual[key], expected[key], rtol=1e-7, atol=1e-14)


def test_dropout_forward_matches_torch_with_the_same_masks():
    X, Y, parameters = make_problem(seed=4, m=12)
    np.random.seed(5)
    A3, cache = ref.forward_propagation_with_dropout(X, parameters, 0.6)
    _, expected, _ = torch_forward(X, Y, parameters, masks=(cache[1], cache[6]), keep_prob=0.6)
    np.testing.assert_allclose(A3, expected, rtol=1e-7)


def test_plain_backward_matches_torch_autograd():
    X, Y, parameters = make_problem(seed=5)
    _, cache = ref.forward_propagation(X, parameters)
    _, _, expected = torch_forward(X, Y, parameters)
    actual = ref.backward_propagation(X, Y, cache)
    for key in GRAD_KEYS:
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-7, atol=1e-14, err_msg=key)


def _plain_case(X, Y):
    def cost_of(p):
        return ref.compute_cost(ref.forward_propagation(X, p)[0], Y)

    def grads_of(p):
        return ref.backward_propagation(X, Y, ref.forward_propagation(X, p)[1])

    return cost_of, grads_of


def _l2_case(X, Y, lambd=0.8):
    def cost_of(p):
        return ref.compute_cost_with_regularization(ref.forward_propagation(X, p)[0], Y, p, lambd)

    def grads_of(p):
        return ref.backward_propagation_with_regularization(
            X, Y, ref.forward_propagation(X, p)[1], lambd)

    return cost_of, grads_of


def _dropout_case(X, Y, keep_prob=0.75):
    # Reseeding before each forward pass makes the sampled network, and so the cost, a
    # deterministic function of the parameters.
    def forward(p):
        np.random.seed(21)
        return ref.forward_propagation_with_dropout(X, p, keep_prob)

    def cost_of(p):
        return ref.compute_cost(forward(p)[0], Y)

    def grads_of(p):
        return ref.backward_propagation_with_dropout(X, Y, forward(p)[1], keep_prob)

    return cost_of, grads_of


@pytest.mark.parametrize("case", [_plain_case, _l2_case, _dropout_case],
                         ids=["backward_propagation", "backward_propagation_with_regularization",
                              "backward_propagation_with_dropout"])
def test_backward_agrees_with_centred_differences(case):
    X, Y, parameters = make_problem(seed=6, m=10)
    cost_of, grads_of = case(X, Y)
    numerical = numerical_gradients(cost_of, parameters)
    analytic = grads_of(parameters)
    for key in numerical:
        assert max_relative_error(analytic[key], numerical[key]) < 1e-6, key


def test_l2_backward_with_zero_lambda_equals_plain_backward():
    X, Y, parameters = make_problem(seed=7)
    _, cache = ref.forward_propagation(X, parameters)
    plain = ref.backward_propagation(X, Y, cache)
    regularized = ref.backward_propagation_with_regularization(X, Y, cache, 0)
    for key in GRAD_KEYS:
        np.testing.assert_array_equal(regularized[key], plain[key])


def test_l2_backward_adds_lambda_over_m_times_w_to_each_dw_only():
    X, Y, parameters = make_problem(seed=8, m=11)
    _, cache = ref.forward_propagation(X, parameters)
    plain = ref.backward_propagation(X, Y, cache)
    regularized = ref.backward_propagation_with_regularization(X, Y, cache, 0.6)
    for key in GRAD_KEYS:
        extra = 0.6 / 11 * parameters[key[1:]] if key.startswith("dW") else 0.0
        np.testing.assert_allclose(regularized[key], plain[key] + extra, rtol=1e-12, atol=1e-15)


def test_dropout_backward_with_keep_prob_one_equals_plain_backward():
    X, Y, parameters = make_problem(seed=9)
    _, cache = ref.forward_propagation(X, parameters)
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    all_kept = (Z1, np.ones(A1.shape, dtype=bool), A1, W1, b1,
                Z2, np.ones(A2.shape, dtype=bool), A2, W2, b2, Z3, A3, W3, b3)
    with_dropout = ref.backward_propagation_with_dropout(X, Y, all_kept, 1.0)
    plain = ref.backward_propagation(X, Y, cache)
    for key in GRAD_KEYS:
        np.testing.assert_allclose(with_dropout[key], plain[key], rtol=1e-15)


# ---------------------------------------------------------------------------------------------
# inverted dropout: properties that hold for any draw


def wide_problem(m=400, width=1000, seed=10):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    parameters = {"W1": rng.standard_normal((width, 3)), "b1": np.zeros((width, 1)),
                  "W2": rng.standard_normal((width, width)) / np.sqrt(width),
                  "b2": np.zeros((width, 1)),
                  "W3": rng.standard_normal((1, width)) / np.sqrt(width), "b3": np.zeros((1, 1))}
    return X, parameters


@pytest.mark.parametrize("keep_prob", [0.5, 0.86])
def test_dropout_keeps_a_fraction_near_keep_prob_on_a_large_layer(keep_prob):
    X, parameters = wide_problem()
    _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob)
    # 400 000 Bernoulli draws per mask: the standard deviation of the rate is below 1e-3.
    assert abs(np.mean(cache[1]) - keep_prob) < 0.005
    assert abs(np.mean(cache[6]) - keep_prob) < 0.005


def test_dropout_masks_have_the_shape_of_their_activations():
    X, Y, parameters = make_problem(m=7)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, 0.5)
    assert cache[1].shape == cache[2].shape == (6, 7)
    assert cache[6].shape == cache[7].shape == (4, 7)


@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_dropout_scales_survivors_by_exactly_one_over_keep_prob(keep_prob):
    X, parameters = wide_problem(m=50, width=60)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob)
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    for Z, D, A in ((Z1, D1, A1), (Z2, D2, A2)):
        kept = D.astype(bool)
        np.testing.assert_allclose(A[kept], np.maximum(0, Z[kept]) / keep_prob, rtol=1e-15)
        assert np.all(A[~kept] == 0)


def test_dropout_draws_d1_then_d2_from_the_global_rng_without_reseeding():
    X, Y, parameters = make_problem(m=8)
    np.random.seed(42)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, 0.6)
    np.random.seed(42)
    expected_D1 = np.random.rand(6, 8) < 0.6
    expected_D2 = np.random.rand(4, 8) < 0.6
    np.testing.assert_array_equal(cache[1], expected_D1)
    np.testing.assert_array_equal(cache[6], expected_D2)


def test_dropout_draws_new_masks_on_every_call():
    X, parameters = wide_problem(m=20, width=30)
    _, first = ref.forward_propagation_with_dropout(X, parameters, 0.5)
    _, second = ref.forward_propagation_with_dropout(X, parameters, 0.5)
    assert not np.array_equal(first[1], second[1])


def test_dropout_leaves_the_output_layer_alone():
    X, Y, parameters = make_problem(m=30)
    A3, cache = ref.forward_propagation_with_dropout(X, parameters, 0.5)
    np.testing.assert_array_equal(A3, ref.sigmoid(cache[10]))
    assert np.all(A3 > 0)


def test_dropout_backward_uses_the_masks_of_the_forward_pass():
    X, Y, parameters = make_problem(seed=12, m=15)
    keep_prob = 0.6
    _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob)
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    grads = ref.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    np.testing.assert_allclose(grads["dA2"], np.dot(W3.T, A3 - Y) * D2 / keep_prob, rtol=1e-15)
    np.testing.assert_allclose(grads["dA1"], np.dot(W2.T, grads["dZ2"]) * D1 / keep_prob,
                               rtol=1e-15)


def test_dropout_backward_draws_no_random_numbers():
    X, Y, parameters = make_problem(seed=13)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, 0.5)
    np.random.seed(3)
    ref.backward_propagation_with_dropout(X, Y, cache, 0.5)
    assert np.random.rand() == np.random.RandomState(3).rand()


def test_dropout_with_keep_prob_one_is_the_plain_forward():
    X, Y, parameters = make_problem(seed=14)
    A3_dropout, _ = ref.forward_propagation_with_dropout(X, parameters, 1.0)
    A3_plain, _ = ref.forward_propagation(X, parameters)
    np.testing.assert_array_equal(A3_dropout, A3_plain)


def test_prediction_path_has_no_dropout():
    X, Y, parameters = make_problem(seed=15, m=40)
    np.random.seed(8)
    predictions = ref.predict(X, Y, parameters)
    assert np.random.rand() == np.random.RandomState(8).rand()  # no mask was drawn
    A3, _ = ref.forward_propagation(X, parameters)
    np.testing.assert_array_equal(predictions, (A3 > 0.5).astype(int))


def test_predict_prints_the_accuracy(capsys):
    X, _, parameters = make_problem(seed=15, m=40)
    A3, _ = ref.forward_propagation(X, parameters)
    ref.predict(X, (A3 > 0.5).astype(np.float64), parameters)
    assert capsys.readouterr().out.strip() == "Accuracy: 1.0"


# ---------------------------------------------------------------------------------------------
# the training loop


def moons(m=80, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, m)
    labels = rng.random(m) < 0.5
    X = np.vstack([np.where(labels, 1 - np.cos(t), np.cos(t)),
                   np.where(labels, 0.5 - np.sin(t), np.sin(t))])
    X = X + 0.3 * rng.standard_normal(X.shape)
    return X, labels.astype(np.float64).reshape(1, m)


def test_model_refuses_l2_and_dropout_together():
    X, Y = moons()
    with pytest.raises(ValueError):
        ref.model(X, Y, num_iterations=1, print_cost=False, lambd=0.7, keep_prob=0.8)


def test_model_with_l2_learns_smaller_weights():
    X, Y = moons()
    plain = ref.model(X, Y, num_iterations=1500, print_cost=False)
    decayed = ref.model(X, Y, num_iterations=1500, print_cost=False, lambd=3.0)
    def squares(p):
        return sum(np.sum(p["W%d" % l] ** 2) for l in (1, 2, 3))
    assert squares(decayed) < squares(plain)


@pytest.mark.parametrize("options", [{}, {"lambd": 0.7}, {"keep_prob": 0.86}],
                         ids=["plain", "l2", "dropout"])
def test_model_fits_the_training_set(options):
    X, Y = moons()
    parameters = ref.model(X, Y, num_iterations=3000, print_cost=False, **options)
    assert np.mean(ref.predict_dec(parameters, X) == Y) > 0.8
