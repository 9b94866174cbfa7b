"""The ResNet reference (solutions/resnet.py) against PyTorch float64: the vectorised convolution, 4-D
batch norm (train and test mode, running statistics, backward), the identity and projection blocks
and their gradients; the given network code against centred differences; and the notebook's claim
that the residual network trains where the plain one of the same depth lags."""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from autograder.datasets import load
from solutions import resnet as ref

LAYERS = {"batchnorm_forward": ref.spatial_batchnorm_forward, "batchnorm_backward": ref.spatial_batchnorm_backward,
          "identity_block_forward": ref.identity_block_forward, "identity_block_backward": ref.identity_block_backward,
          "projection_block_forward": ref.projection_block_forward,
          "projection_block_backward": ref.projection_block_backward}


def assert_close(actual, expected, rtol=1e-7):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12)


def nchw(array, grad=False):
    """An NHWC array as an NCHW float64 tensor."""
    return torch.tensor(array.transpose(0, 3, 1, 2), dtype=torch.float64, requires_grad=grad)


def nhwc(tensor):
    return tensor.detach().numpy().transpose(0, 2, 3, 1)


def channels(array, grad=False):
    """A (1, 1, 1, n_C) array as a (n_C,) tensor."""
    return torch.tensor(array.ravel(), dtype=torch.float64, requires_grad=grad)


def filters(W, grad=False):
    """W (f, f, n_C_prev, n_C) as torch's (n_C, n_C_prev, f, f)."""
    return torch.tensor(W.transpose(3, 2, 0, 1), dtype=torch.float64, requires_grad=grad)


def bn_problem(shape=(4, 3, 5, 2), seed=0):
    rng = np.random.default_rng(seed)
    n_C = shape[3]
    Z = 3.0 * rng.standard_normal(shape) + rng.normal(0, 2, size=(1, 1, 1, n_C))
    gamma = rng.uniform(0.5, 2.0, size=(1, 1, 1, n_C))
    beta = rng.standard_normal((1, 1, 1, n_C))
    running_mean = rng.standard_normal((1, 1, 1, n_C))
    running_var = rng.uniform(0.5, 3.0, size=(1, 1, 1, n_C))
    return Z, gamma, beta, running_mean, running_var


def torch_bn(Z, gamma, beta, running_mean, running_var, training, momentum, eps, dZ_tilde=None):
    """F.batch_norm on the NCHW transpose; torch's momentum is the weight of the new statistic."""
    z = nchw(Z, grad=True)
    weight, bias = channels(gamma, grad=True), channels(beta, grad=True)
    rm, rv = channels(running_mean), channels(running_var)
    out = F.batch_norm(z, rm, rv, weight, bias, training=training, momentum=1 - momentum, eps=eps)
    grads = None
    if dZ_tilde is not None:
        out.backward(nchw(dZ_tilde))
        grads = (nhwc(z.grad), weight.grad.numpy().reshape(gamma.shape), bias.grad.numpy().reshape(beta.shape))
    return nhwc(out), rm.numpy().reshape(running_mean.shape), rv.numpy().reshape(running_var.shape), grads


# ---------------------------------------------------------------------------------------------
# The given convolution


@pytest.mark.parametrize("f,stride,pad", [(3, 1, 1), (5, 1, 2), (1, 1, 0), (3, 2, 1), (2, 2, 0)])
def test_conv_forward_and_backward_match_torch_conv2d(f, stride, pad):
    rng = np.random.default_rng(f * 10 + stride)
    A_prev = rng.standard_normal((3, 7, 6, 4))
    W, b = rng.standard_normal((f, f, 4, 5)), rng.standard_normal((1, 1, 1, 5))
    hparameters = {"stride": stride, "pad": pad}
    Z, cache = ref.conv_forward(A_prev, W, b, hparameters)
    a, w, bias = nchw(A_prev, grad=True), filters(W, grad=True), channels(b, grad=True)
    z = F.conv2d(a, w, bias, stride=stride, padding=pad)
    assert_close(Z, nhwc(z))
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b and cache[3] == hparameters
    dZ = rng.standard_normal(Z.shape)
    dA_prev, dW, db = ref.conv_backward(dZ, cache)
    z.backward(nchw(dZ))
    assert_close(dA_prev, nhwc(a.grad))
    assert_close(dW, w.grad.numpy().transpose(2, 3, 1, 0))
    assert_close(db, bias.grad.numpy().reshape(b.shape))


@pytest.mark.parametrize("f", [1, 3, 5, 7])
def test_same_padding_keeps_height_and_width(f):
    A_prev = np.ones((2, 8, 5, 3))
    Z, _ = ref.conv_forward(A_prev, np.ones((f, f, 3, 2)), np.zeros((1, 1, 1, 2)), {"stride": 1, "pad": (f - 1) // 2})
    assert Z.shape == (2, 8, 5, 2)


# ---------------------------------------------------------------------------------------------
# Spatial batch norm against torch


@pytest.mark.parametrize("shape", [(4, 3, 5, 2), (1, 4, 4, 3), (6, 1, 1, 5)])
def test_spatial_batchnorm_train_matches_torch(shape):
    Z, gamma, beta, rm, rv = bn_problem(shape)
    bn_param = {"mode": "train", "eps": 1e-5, "momentum": 0.9, "running_mean": rm.copy(), "running_var": rv.copy()}
    Z_tilde, cache = ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)
    expected, torch_rm, _, _ = torch_bn(Z, gamma, beta, rm, rv, True, 0.9, 1e-5)
    assert_close(Z_tilde, expected)
    assert_close(bn_param["running_mean"], torch_rm)
    assert cache[2].shape == cache[3].shape == (1, 1, 1, shape[3])


def test_spatial_batchnorm_matches_the_torch_module_in_train_and_eval_mode():
    Z, gamma, beta, _, _ = bn_problem((5, 3, 3, 4), seed=1)
    module = torch.nn.BatchNorm2d(4, eps=1e-5, momentum=0.2, dtype=torch.float64)
    with torch.no_grad():
        module.weight.copy_(channels(gamma))
        module.bias.copy_(channels(beta))
    bn_param = {"mode": "train", "momentum": 0.8, "running_mean": np.zeros((1, 1, 1, 4)),
                "running_var": np.ones((1, 1, 1, 4))}
    module.train()
    assert_close(ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)[0], nhwc(module(nchw(Z))))
    # Test mode on other data with running statistics of the same origin: torch blends in the unbiased
    # variance, so give ours torch's running variance before comparing the outputs.
    bn_param["running_var"] = module.running_var.numpy().reshape(1, 1, 1, 4).copy()
    assert_close(bn_param["running_mean"], module.running_mean.numpy().reshape(1, 1, 1, 4))
    module.eval()
    Z_new = bn_problem((2, 3, 3, 4), seed=2)[0]
    bn_param["mode"] = "test"
    assert_close(ref.spatial_batchnorm_forward(Z_new, gamma, beta, bn_param)[0], nhwc(module(nchw(Z_new))))


def test_spatial_batchnorm_running_var_is_the_biased_blend_of_torchs_unbiased_one():
    """torch blends in var_u = var_b * M / (M - 1), M = m * n_H * n_W; we blend in var_b."""
    momentum, shape = 0.8, (3, 2, 4, 3)
    M = shape[0] * shape[1] * shape[2]
    Z, gamma, beta, rm, rv = bn_problem(shape, seed=3)
    bn_param = {"mode": "train", "momentum": momentum, "running_mean": rm.copy(), "running_var": rv.copy()}
    ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)
    _, _, torch_rv, _ = torch_bn(Z, gamma, beta, rm, rv, True, momentum, 1e-5)
    unbiased = (torch_rv - momentum * rv) / (1 - momentum)
    assert_close(bn_param["running_var"], momentum * rv + (1 - momentum) * unbiased * (M - 1) / M)


@pytest.mark.parametrize("shape", [(3, 4, 2, 3), (1, 2, 2, 2)])
def test_spatial_batchnorm_test_mode_matches_torch_eval_and_keeps_the_running_statistics(shape):
    Z, gamma, beta, rm, rv = bn_problem(shape, seed=4)
    bn_param = {"mode": "test", "eps": 1e-3, "running_mean": rm.copy(), "running_var": rv.copy()}
    Z_tilde, _ = ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)
    assert_close(Z_tilde, torch_bn(Z, gamma, beta, rm, rv, False, 0.9, 1e-3)[0])
    np.testing.assert_array_equal(bn_param["running_mean"], rm)
    np.testing.assert_array_equal(bn_param["running_var"], rv)


def test_spatial_batchnorm_normalises_each_channel_over_examples_and_positions():
    Z, gamma, beta, _, _ = bn_problem((6, 4, 4, 3), seed=5)
    Z_tilde, _ = ref.spatial_batchnorm_forward(Z, gamma, beta, {"mode": "train", "eps": 0.0})
    assert_close(Z_tilde.mean(axis=(0, 1, 2), keepdims=True), beta, rtol=1e-10)
    assert_close(Z_tilde.std(axis=(0, 1, 2), keepdims=True), gamma, rtol=1e-10)
    # Per example the statistics are not normalised: that would be another layer (instance norm).
    assert np.max(np.abs(Z_tilde.mean(axis=(1, 2)) - beta.reshape(1, -1))) > 0.05


def test_spatial_batchnorm_creates_zero_running_statistics_when_missing():
    Z, gamma, beta, _, _ = bn_problem(seed=6)
    bn_param = {"mode": "train"}
    ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)
    assert_close(bn_param["running_mean"], 0.1 * Z.mean(axis=(0, 1, 2), keepdims=True), rtol=1e-12)
    assert_close(bn_param["running_var"], 0.1 * Z.var(axis=(0, 1, 2), keepdims=True), rtol=1e-12)


def test_spatial_batchnorm_rejects_an_unknown_mode():
    Z, gamma, beta, _, _ = bn_problem()
    with pytest.raises(ValueError):
        ref.spatial_batchnorm_forward(Z, gamma, beta, {"mode": "eval"})


@pytest.mark.parametrize("mode", ["train", "test"])
@pytest.mark.parametrize("shape", [(4, 3, 5, 2), (1, 3, 3, 4), (5, 2, 1, 1)])
def test_spatial_batchnorm_backward_matches_torch_autograd(mode, shape):
    Z, gamma, beta, rm, rv = bn_problem(shape, seed=7)
    dZ_tilde = np.random.default_rng(8).standard_normal(shape)
    _, cache = ref.spatial_batchnorm_forward(Z, gamma, beta, {"mode": mode, "running_mean": rm.copy(),
                                                              "running_var": rv.copy()})
    dZ, dgamma, dbeta = ref.spatial_batchnorm_backward(dZ_tilde, cache)
    _, _, _, (t_dZ, t_dgamma, t_dbeta) = torch_bn(Z, gamma, beta, rm, rv, mode == "train", 0.9, 1e-5, dZ_tilde)
    assert_close(dZ, t_dZ)
    assert_close(dgamma, t_dgamma)
    assert_close(dbeta, t_dbeta)


def test_spatial_batchnorm_train_backward_sums_to_zero_per_channel():
    # Adding a constant to a whole channel leaves the train-mode output unchanged.
    Z, gamma, beta, _, _ = bn_problem((4, 3, 3, 3), seed=9)
    _, cache = ref.spatial_batchnorm_forward(Z, gamma, beta, {"mode": "train"})
    dZ, _, _ = ref.spatial_batchnorm_backward(np.random.default_rng(10).standard_normal(Z.shape), cache)
    np.testing.assert_allclose(dZ.sum(axis=(0, 1, 2)), 0, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# The blocks against torch


def block_problem(n_C_prev, n_C, projection, f=3, seed=0, shape=(2, 4, 5)):
    rng = np.random.default_rng(seed)
    A_prev = np.abs(rng.standard_normal(shape + (n_C_prev,)))
    p = {}
    for layer, fan in ((1, n_C_prev), (2, n_C)):
        p["W%d" % layer] = rng.standard_normal((f, f, fan, n_C)) * np.sqrt(2.0 / (f * f * fan))
        p["b%d" % layer] = 0.1 * rng.standard_normal((1, 1, 1, n_C))
        p["gamma%d" % layer] = rng.uniform(0.5, 1.5, size=(1, 1, 1, n_C))
        p["beta%d" % layer] = 0.3 * rng.standard_normal((1, 1, 1, n_C))
    if projection:
        p["W_s"] = rng.standard_normal((1, 1, n_C_prev, n_C))
        p["b_s"] = 0.1 * rng.standard_normal((1, 1, 1, n_C))
    bn_params = [{"mode": "train", "eps": 1e-5, "momentum": 0.9, "running_mean": rng.standard_normal((1, 1, 1, n_C)),
                  "running_var": rng.uniform(0.5, 2.0, size=(1, 1, 1, n_C))} for _ in range(2)]
    return A_prev, p, bn_params


def torch_block(A_prev, p, bn_params, projection, training=True):
    """The block in torch (NCHW); returns the output tensor and the leaves {name: tensor}."""
    leaves = {"A_prev": nchw(A_prev, grad=True)}
    for key, value in p.items():
        leaves[key] = filters(value, grad=True) if key.startswith("W") else channels(value, grad=True)
    pad = (p["W1"].shape[0] - 1) // 2

    def bn(z, layer):
        state = bn_params[layer - 1]
        return F.batch_norm(z, channels(state["running_mean"]), channels(state["running_var"]),
                            leaves["gamma%d" % layer], leaves["beta%d" % layer], training=training,
                            momentum=1 - state["momentum"], eps=state["eps"])

    a1 = torch.relu(bn(F.conv2d(leaves["A_prev"], leaves["W1"], leaves["b1"], padding=pad), 1))
    z2 = bn(F.conv2d(a1, leaves["W2"], leaves["b2"], padding=pad), 2)
    shortcut = F.conv2d(leaves["A_prev"], leaves["W_s"], leaves["b_s"]) if projection else leaves["A_prev"]
    return torch.relu(z2 + shortcut), leaves


BLOCKS = [pytest.param(ref.identity_block_forward, ref.identity_block_backward, 3, 3, False, 3, id="identity 3x3"),
          pytest.param(ref.identity_block_forward, ref.identity_block_backward, 2, 2, False, 5, id="identity 5x5"),
          pytest.param(ref.projection_block_forward, ref.projection_block_backward, 1, 4, True, 3, id="projection 1->4"),
          pytest.param(ref.projection_block_forward, ref.projection_block_backward, 3, 2, True, 3, id="projection 3->2")]


@pytest.mark.parametrize("forward,backward,n_C_prev,n_C,projection,f", BLOCKS)
@pytest.mark.parametrize("mode", ["train", "test"])
def test_block_forward_and_gradients_match_torch_autograd(forward, backward, n_C_prev, n_C, projection, f, mode):
    A_prev, p, bn_params = block_problem(n_C_prev, n_C, projection, f=f, seed=n_C_prev + 10 * n_C)
    for state in bn_params:
        state["mode"] = mode
    A, cache = forward(A_prev, p, copy.deepcopy(bn_params))
    out, leaves = torch_block(A_prev, p, bn_params, projection, training=mode == "train")
    assert_close(A, nhwc(out))
    dA = np.random.default_rng(1).standard_normal(A.shape)
    dA_prev, grads = backward(dA, cache)
    out.backward(nchw(dA))
    assert_close(dA_prev, nhwc(leaves["A_prev"].grad))
    assert set(grads) == {"d" + key for key in p}
    for key, value in p.items():
        torch_grad = leaves[key].grad.numpy()
        torch_grad = torch_grad.transpose(2, 3, 1, 0) if key.startswith("W") else torch_grad.reshape(value.shape)
        assert grads["d" + key].shape == value.shape
        assert_close(grads["d" + key], torch_grad)


@pytest.mark.parametrize("forward,backward,n_C_prev,n_C,projection,f", BLOCKS[::2])
def test_block_updates_both_running_statistics_like_torch(forward, backward, n_C_prev, n_C, projection, f):
    A_prev, p, bn_params = block_problem(n_C_prev, n_C, projection, f=f, seed=3)
    before = copy.deepcopy(bn_params)
    forward(A_prev, p, bn_params)
    # Reproduce the two layers' batch statistics with the reference's own pieces.
    hp = {"stride": 1, "pad": (f - 1) // 2}
    Z1, _ = ref.conv_forward(A_prev, p["W1"], p["b1"], hp)
    A1, _ = ref.relu(ref.spatial_batchnorm_forward(Z1, p["gamma1"], p["beta1"], copy.deepcopy(before[0]))[0])
    Z2, _ = ref.conv_forward(A1, p["W2"], p["b2"], hp)
    for Z, old, new in ((Z1, before[0], bn_params[0]), (Z2, before[1], bn_params[1])):
        assert_close(new["running_mean"], 0.9 * old["running_mean"] + 0.1 * Z.mean(axis=(0, 1, 2), keepdims=True))
        assert_close(new["running_var"], 0.9 * old["running_var"] + 0.1 * Z.var(axis=(0, 1, 2), keepdims=True))


def test_identity_block_passes_the_gradient_along_the_shortcut():
    """With the main path switched off (gamma2 = beta2 = 0), the block is relu(A_prev) = A_prev for
    A_prev >= 0, and dA_prev = dA exactly: the gradient highway."""
    A_prev, p, bn_params = block_problem(3, 3, False, seed=5)
    p["gamma2"], p["beta2"] = np.zeros((1, 1, 1, 3)), np.zeros((1, 1, 1, 3))
    A_prev = A_prev + 0.1
    A, cache = ref.identity_block_forward(A_prev, p, bn_params)
    np.testing.assert_array_equal(A, A_prev)
    dA = np.random.default_rng(2).standard_normal(A.shape)
    dA_prev, _ = ref.identity_block_backward(dA, cache)
    np.testing.assert_array_equal(dA_prev, dA)


# ---------------------------------------------------------------------------------------------
# The given network code


def test_network_backward_agrees_with_centred_differences():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(6, 5, 5, 1))
    labels = rng.integers(0, 10, size=6)
    for residual in (True, False):
        network, bn_params = ref.initialize_network(3, 3, seed=1)
        network["blocks"][1]["beta1"] = 0.2 * rng.standard_normal((1, 1, 1, 3))

        def cost(net):
            scores, _ = ref.network_forward(X, net, copy.deepcopy(bn_params), residual, LAYERS)
            return ref.softmax_cross_entropy(scores, labels)[0]

        scores, caches = ref.network_forward(X, network, copy.deepcopy(bn_params), residual, LAYERS)
        grads = ref.network_backward(ref.softmax_cross_entropy(scores, labels)[1], caches, network, residual, LAYERS)
        checked = [("W_fc", None), ("b_fc", None), ("W1", 0), ("gamma2", 1), ("W2", 2), ("beta1", 1)]
        if residual:
            checked.append(("W_s", 0))
        for key, block in checked:
            value = network[key] if block is None else network["blocks"][block][key]
            analytic = grads["d" + key] if block is None else grads["blocks"][block]["d" + key]
            direction = rng.standard_normal(value.shape)
            h = 1e-6

            def shifted(step):
                net = copy.deepcopy(network)
                target = net if block is None else net["blocks"][block]
                target[key] = target[key] + step * direction
                return cost(net)

            numeric = (shifted(h) - shifted(-h)) / (2 * h)
            assert numeric == pytest.approx(np.sum(analytic * direction), rel=1e-5, abs=1e-9), (residual, key)


def test_mini_batches_visit_every_example_once():
    X, Y = np.arange(10.0).reshape(10, 1, 1, 1), np.arange(10)
    batches = ref.mini_batches(X, Y, 4, np.random.default_rng(0))
    assert [len(y) for _, y in batches] == [4, 4, 2]
    seen = np.concatenate([y for _, y in batches])
    assert sorted(seen) == list(range(10))
    assert all(np.array_equal(x.ravel(), y.astype(float)) for x, y in batches)


def test_predict_uses_the_running_statistics_and_leaves_them_alone():
    X = np.random.default_rng(3).uniform(0, 1, size=(4, 8, 8, 1))
    network, bn_params = ref.initialize_network(2, 3, seed=2)
    before = copy.deepcopy(bn_params)
    single = ref.predict(X[:1], network, bn_params, True, LAYERS)
    assert ref.predict(X, network, bn_params, True, LAYERS)[0] == single[0]
    for old, new in zip(before, bn_params):
        for o, n in zip(old, new):
            np.testing.assert_array_equal(o["running_mean"], n["running_mean"])


# ---------------------------------------------------------------------------------------------
# The notebook's experiment, shortened


@pytest.fixture(scope="module")
def digit_runs():
    X_train, Y_train, _, _ = load("load_digits")
    images, labels = ref.digit_images(X_train, Y_train)
    images, labels = images[:960], labels[:960]
    settings = dict(n_blocks=6, n_C=6, learning_rate=0.2, num_epochs=1, mini_batch_size=32, seed=0)
    return {residual: ref.model(images, labels, residual=residual, **settings)[2] for residual in (True, False)}


def test_residual_network_trains_faster_than_the_plain_one_of_the_same_depth(digit_runs):
    resnet, plain = np.asarray(digit_runs[True]), np.asarray(digit_runs[False])
    assert resnet.shape == plain.shape == (30,)
    # Seen on this run: the last 10 mini-batches average 1.66 (ResNet) and 2.05 (plain).
    assert resnet[-10:].mean() < plain[-10:].mean() - 0.2
    assert resnet[-10:].mean() < resnet[:5].mean() - 0.5
