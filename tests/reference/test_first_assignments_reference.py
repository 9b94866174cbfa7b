"""The references of activations, logistic_regression and softmax_regression: course values, PyTorch,
central differences and stability."""

import numpy as np
import pytest
import torch

from solutions import activations as act
from solutions import logistic_regression as lr
from solutions import softmax_regression as smx

W, B = np.array([[1.0], [2.0]]), 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1.0, 0.0, 1.0]])


def test_propagate_gives_the_course_values():
    grads, cost = lr.propagate(W, B, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.00145557813678, rel=1e-9)
    assert float(cost) == pytest.approx(5.801545319394553, rel=1e-12)


def test_optimize_gives_the_course_values():
    params, grads, costs = lr.optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=1e-7)
    assert params["b"] == pytest.approx(1.92535983008, rel=1e-10)
    np.testing.assert_allclose(grads["dw"], [[0.67752042], [1.41625495]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.219194504541, rel=1e-10)
    assert [float(c) for c in costs] == pytest.approx([5.80154532], rel=1e-8)


def test_predict_gives_the_course_values():
    w = np.array([[0.1124579], [0.23106775]])
    pred = lr.predict(w, -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]))
    np.testing.assert_array_equal(pred, [[1.0, 1.0, 0.0]])


def test_initialize_with_zeros_returns_a_python_float_bias():
    w, b = lr.initialize_with_zeros(3)
    assert w.shape == (3, 1) and not w.any() and type(b) is float


@pytest.mark.parametrize("name,torch_fn", [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu),
                                           ("leaky_relu", lambda z: torch.nn.functional.leaky_relu(z, 0.01))])
def test_activations_and_backward_passes_agree_with_pytorch(name, torch_fn):
    rng = np.random.default_rng(3)
    Z, dA = 3 * rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    z = torch.tensor(Z, requires_grad=True)
    out = torch_fn(z)
    out.backward(torch.tensor(dA))
    np.testing.assert_allclose(getattr(act, name)(Z), out.detach().numpy(), rtol=1e-7, atol=1e-15)
    np.testing.assert_allclose(getattr(act, f"{name}_backward")(dA, Z), z.grad.numpy(), rtol=1e-7, atol=1e-15)


def test_softmax_variants_agree_with_pytorch():
    rng = np.random.default_rng(4)
    Z = 5 * rng.normal(size=(5, 7))
    np.testing.assert_allclose(act.softmax(Z), torch.softmax(torch.tensor(Z), dim=1).numpy(), rtol=1e-7)
    np.testing.assert_allclose(smx.softmax(Z), torch.softmax(torch.tensor(Z), dim=0).numpy(), rtol=1e-7)


def test_logistic_cost_and_gradient_agree_with_pytorch_bce():
    rng = np.random.default_rng(5)
    w, b, Xr = rng.normal(size=(4, 1)), 0.3, rng.normal(size=(4, 9))
    Yr = (rng.random((1, 9)) > 0.5) * 1.0
    grads, cost = lr.propagate(w, b, Xr, Yr)
    tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    a = torch.sigmoid(tw.T @ torch.tensor(Xr) + tb)
    loss = torch.nn.functional.binary_cross_entropy(a, torch.tensor(Yr))
    loss.backward()
    assert float(cost) == pytest.approx(loss.item(), rel=1e-7)
    # torch differentiates through log(a) and a(1 - a), which cancels to a - y only up to rounding:
    # small entries of dw carry an absolute error near 1e-9 on torch's side.
    np.testing.assert_allclose(grads["dw"], tw.grad.numpy(), rtol=1e-7, atol=1e-8)
    assert grads["db"] == pytest.approx(tb.grad.item(), rel=1e-7)


def test_softmax_cost_and_backward_agree_with_pytorch_cross_entropy():
    rng = np.random.default_rng(6)
    Z = rng.normal(size=(5, 8))
    labels = rng.integers(0, 5, size=(1, 8))
    z = torch.tensor(Z.T, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z, torch.tensor(labels[0]))
    loss.backward()
    A, Yh = smx.softmax(Z), smx.one_hot(labels, 5)
    assert smx.compute_softmax_cost(A, Yh) == pytest.approx(loss.item(), rel=1e-7)
    # torch's loss is a mean over m examples; the notes' dZ is per example: dZ / m is torch's gradient.
    np.testing.assert_allclose(smx.softmax_backward(A, Yh) / 8, z.grad.numpy().T, rtol=1e-7)


@pytest.mark.parametrize("fn", [act.sigmoid, act.tanh, lr.sigmoid])
def test_sigmoid_and_tanh_stay_finite_and_exact_at_large_inputs(fn):
    out = fn(np.array([-1e3, -50.0, 0.0, 50.0, 1e3]))
    assert np.all(np.isfinite(out))
    assert out[-1] == 1.0


def test_softmaxes_stay_finite_for_scores_of_1e3():
    Z = np.array([[1000.0, -1000.0], [999.0, 1000.0]])
    assert np.all(np.isfinite(act.softmax(Z))) and np.allclose(act.softmax(Z).sum(1), 1)
    assert np.all(np.isfinite(smx.softmax(Z))) and np.allclose(smx.softmax(Z).sum(0), 1)


def test_logistic_cost_is_finite_when_the_sigmoid_saturates():
    _, cost = lr.propagate(np.array([[40.0]]), 0.0, np.array([[30.0, -30.0]]), np.array([[0.0, 1.0]]))
    assert float(cost) == pytest.approx(1200.0)


def test_propagate_gradient_matches_central_differences():
    rng = np.random.default_rng(7)
    w, b, Xr = rng.normal(size=(3, 1)), 0.1, rng.normal(size=(3, 5))
    Yr = (rng.random((1, 5)) > 0.5) * 1.0
    grads, _ = lr.propagate(w, b, Xr, Yr)
    eps = 1e-6
    numeric = np.zeros_like(w)
    for i in range(3):
        step = np.zeros_like(w)
        step[i] = eps
        numeric[i] = (lr.propagate(w + step, b, Xr, Yr)[1] - lr.propagate(w - step, b, Xr, Yr)[1]) / (2 * eps)
    np.testing.assert_allclose(grads["dw"], numeric, rtol=1e-6)
