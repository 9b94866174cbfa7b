"""The normalisation reference (solutions/normalization.py): input normalisation against its
definition and scikit-learn, batch normalisation against PyTorch and centred differences."""

import numpy as np
import pytest
import torch
from sklearn.preprocessing import StandardScaler

from solutions import normalization as ref


def badly_scaled(n=4, m=50, seed=0):
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.integers(-3, 4, size=(n, 1))
    offsets = rng.normal(0, 100, size=(n, 1))
    return rng.standard_normal((n, m)) * scales + offsets


def bn_problem(n=5, m=8, seed=0):
    rng = np.random.default_rng(seed)
    Z = 3.0 * rng.standard_normal((n, m)) + rng.normal(0, 2, size=(n, 1))
    gamma = rng.uniform(0.5, 2.0, size=(n, 1))
    beta = rng.standard_normal((n, 1))
    running_mean = rng.standard_normal((n, 1))
    running_var = rng.uniform(0.5, 3.0, size=(n, 1))
    return Z, gamma, beta, running_mean, running_var


def as_row(column):
    return torch.tensor(column[:, 0], dtype=torch.float64)


# ---------------------------------------------------------------------------------------------
# normalize_inputs


def test_normalize_inputs_uses_training_statistics_per_feature():
    X_train, X_test = badly_scaled(m=60), badly_scaled(m=30, seed=1)
    _, _, mu, sigma = ref.normalize_inputs(X_train, X_test)
    assert mu.shape == sigma.shape == (4, 1)
    np.testing.assert_allclose(mu, X_train.mean(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(sigma, X_train.std(axis=1, keepdims=True), rtol=1e-12)


def test_normalized_training_features_have_mean_zero_and_standard_deviation_one():
    X_train_norm, _, _, _ = ref.normalize_inputs(badly_scaled(m=60), badly_scaled(m=5, seed=1))
    np.testing.assert_allclose(X_train_norm.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(X_train_norm.std(axis=1), 1, rtol=1e-12)


def test_test_set_is_normalized_with_the_training_statistics():
    X_train, X_test = badly_scaled(m=60), badly_scaled(m=30, seed=1)
    _, X_test_norm, mu, sigma = ref.normalize_inputs(X_train, X_test)
    np.testing.assert_allclose(X_test_norm, (X_test - mu) / sigma, rtol=1e-12)
    # The test set's own statistics would centre it exactly; the training set's do not.
    assert np.max(np.abs(X_test_norm.mean(axis=1))) > 1e-3


def test_normalize_inputs_divides_by_the_standard_deviation_not_the_variance():
    # The curriculum notes write x /= sigma^2; with sigma = 10 that would leave a spread of 0.1.
    X_train = np.array([[-10.0, 10.0, -10.0, 10.0]])
    X_train_norm, _, _, sigma = ref.normalize_inputs(X_train, X_train)
    assert sigma[0, 0] == 10.0
    np.testing.assert_array_equal(X_train_norm, [[-1.0, 1.0, -1.0, 1.0]])


@pytest.mark.parametrize("value", [0.0, 3.0, 0.1])
def test_constant_feature_is_centred_and_left_unscaled(value):
    X_train = np.vstack([np.full((1, 7), value), np.arange(7.0).reshape(1, 7)])
    X_test = np.array([[value + 2.0, value - 1.0], [1.0, 2.0]])
    X_train_norm, X_test_norm, mu, sigma = ref.normalize_inputs(X_train, X_test)
    assert sigma[0, 0] == 1.0
    assert np.all(np.isfinite(X_train_norm)) and np.all(np.isfinite(X_test_norm))
    np.testing.assert_allclose(X_train_norm[0], 0.0, atol=1e-15)
    np.testing.assert_allclose(X_test_norm[0], [2.0, -1.0], rtol=1e-12)


def test_normalize_inputs_agrees_with_scikit_learn_standard_scaler():
    X_train, X_test = badly_scaled(n=5, m=40), badly_scaled(n=5, m=9, seed=2)
    X_train[2] = 4.0  # StandardScaler also leaves a constant feature unscaled
    X_test[2] = 5.0
    X_train_norm, X_test_norm, mu, sigma = ref.normalize_inputs(X_train, X_test)
    scaler = StandardScaler().fit(X_train.T)
    np.testing.assert_allclose(mu[:, 0], scaler.mean_, rtol=1e-12)
    np.testing.assert_allclose(sigma[:, 0], scaler.scale_, rtol=1e-12)
    np.testing.assert_allclose(X_train_norm, scaler.transform(X_train.T).T, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(X_test_norm, scaler.transform(X_test.T).T, rtol=1e-9, atol=1e-12)


def test_normalize_inputs_leaves_its_arguments_unchanged():
    X_train, X_test = badly_scaled(), badly_scaled(seed=1)
    before = X_train.copy(), X_test.copy()
    ref.normalize_inputs(X_train, X_test)
    np.testing.assert_array_equal(X_train, before[0])
    np.testing.assert_array_equal(X_test, before[1])


# ---------------------------------------------------------------------------------------------
# batchnorm_forward against torch


def torch_batch_norm(Z, gamma, beta, running_mean, running_var, training, momentum, eps,
                     dZ_tilde=None):
    """torch.nn.functional.batch_norm on Z.T (examples as rows); returns the output (n, m), the
    updated running statistics (n, 1) and, when dZ_tilde is given, (dZ, dgamma, dbeta)."""
    Zt = torch.tensor(Z.T, dtype=torch.float64, requires_grad=True)
    weight = as_row(gamma).requires_grad_()
    bias = as_row(beta).requires_grad_()
    rm, rv = as_row(running_mean), as_row(running_var)
    out = torch.nn.functional.batch_norm(Zt, rm, rv, weight, bias, training=training,
                                         momentum=1 - momentum, eps=eps)
    grads = None
    if dZ_tilde is not None:
        out.backward(torch.tensor(dZ_tilde.T, dtype=torch.float64))
        grads = (Zt.grad.numpy().T, weight.grad.numpy()[:, None], bias.grad.numpy()[:, None])
    return out.detach().numpy().T, rm.numpy()[:, None], rv.numpy()[:, None], grads


@pytest.mark.parametrize("shape", [(5, 8), (1, 30), (7, 2)])
def test_batchnorm_forward_train_matches_torch(shape):
    Z, gamma, beta, rm, rv = bn_problem(*shape)
    bn_param = {"mode": "train", "eps": 1e-5, "momentum": 0.9,
                "running_mean": rm.copy(), "running_var": rv.copy()}
    Z_tilde, _ = ref.batchnorm_forward(Z, gamma, beta, bn_param)
    expected, _, _, _ = torch_batch_norm(Z, gamma, beta, rm, rv, True, 0.9, 1e-5)
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-7, atol=1e-12)


def test_batchnorm_running_mean_update_matches_torch():
    """Our momentum is the weight of the old running value, torch's is the weight of the new
    batch statistic, so torch is called with momentum = 1 - ours; then the means agree directly."""
    Z, gamma, beta, rm, rv = bn_problem(m=10)
    bn_param = {"mode": "train", "momentum": 0.8, "running_mean": rm.copy(),
                "running_var": rv.copy()}
    ref.batchnorm_forward(Z, gamma, beta, bn_param)
    _, torch_rm, _, _ = torch_batch_norm(Z, gamma, beta, rm, rv, True, 0.8, 1e-5)
    np.testing.assert_allclose(bn_param["running_mean"], torch_rm, rtol=1e-7)


def test_batchnorm_running_var_update_matches_torch_after_mapping_the_variance():
    """torch (called with momentum = 1 - ours) blends in the unbiased batch variance
    var_u = var_b * m / (m - 1), where we blend in the biased var_b. We recover var_u from torch's
    update, var_u = (rv_torch - momentum * rv_old) / (1 - momentum), turn it into
    var_b = var_u * (m - 1) / m, and compare our running_var with momentum * rv_old +
    (1 - momentum) * var_b."""
    m, momentum = 10, 0.8
    Z, gamma, beta, rm, rv = bn_problem(m=m)
    bn_param = {"mode": "train", "momentum": momentum, "running_mean": rm.copy(),
                "running_var": rv.copy()}
    ref.batchnorm_forward(Z, gamma, beta, bn_param)
    _, _, torch_rv, _ = torch_batch_norm(Z, gamma, beta, rm, rv, True, momentum, 1e-5)
    unbiased = (torch_rv - momentum * rv) / (1 - momentum)
    expected = momentum * rv + (1 - momentum) * unbiased * (m - 1) / m
    np.testing.assert_allclose(bn_param["running_var"], expected, rtol=1e-7)


@pytest.mark.parametrize("shape", [(5, 8), (3, 1)])
def test_batchnorm_forward_test_mode_matches_torch_eval(shape):
    Z, gamma, beta, rm, rv = bn_problem(*shape)
    bn_param = {"mode": "test", "eps": 1e-3, "running_mean": rm.copy(), "running_var": rv.copy()}
    Z_tilde, _ = ref.batchnorm_forward(Z, gamma, beta, bn_param)
    expected, _, _, _ = torch_batch_norm(Z, gamma, beta, rm, rv, False, 0.9, 1e-3)
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-7)


def test_batchnorm_test_mode_leaves_running_statistics_unchanged():
    Z, gamma, beta, rm, rv = bn_problem()
    bn_param = {"mode": "test", "running_mean": rm.copy(), "running_var": rv.copy()}
    ref.batchnorm_forward(Z, gamma, beta, bn_param)
    np.testing.assert_array_equal(bn_param["running_mean"], rm)
    np.testing.assert_array_equal(bn_param["running_var"], rv)


# ---------------------------------------------------------------------------------------------
# batchnorm_forward: definition and defaults


def test_batchnorm_train_output_has_mean_beta_and_spread_gamma():
    Z, gamma, beta, _, _ = bn_problem(m=50)
    eps = 1e-5
    Z_tilde, _ = ref.batchnorm_forward(Z, gamma, beta, {"mode": "train", "eps": eps})
    var = Z.var(axis=1, keepdims=True)
    np.testing.assert_allclose(Z_tilde.mean(axis=1, keepdims=True), beta, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1, keepdims=True),
                               np.abs(gamma) * np.sqrt(var / (var + eps)), rtol=1e-10)


def test_batchnorm_creates_zero_running_statistics_when_missing():
    Z, gamma, beta, _, _ = bn_problem(m=12)
    bn_param = {"mode": "train"}
    ref.batchnorm_forward(Z, gamma, beta, bn_param)
    # Default momentum 0.9: one update from zeros keeps a tenth of the batch statistics.
    np.testing.assert_allclose(bn_param["running_mean"], 0.1 * Z.mean(axis=1, keepdims=True),
                               rtol=1e-12)
    np.testing.assert_allclose(bn_param["running_var"], 0.1 * Z.var(axis=1, keepdims=True),
                               rtol=1e-12)


def test_batchnorm_default_eps_is_1e_5():
    Z, gamma, beta, _, _ = bn_problem()
    without, _ = ref.batchnorm_forward(Z, gamma, beta, {"mode": "train"})
    explicit, _ = ref.batchnorm_forward(Z, gamma, beta, {"mode": "train", "eps": 1e-5})
    np.testing.assert_array_equal(without, explicit)


def test_batchnorm_running_statistics_converge_to_the_population_ones():
    rng = np.random.default_rng(3)
    mean, std = np.array([[2.0], [-1.0]]), np.array([[3.0], [0.5]])
    bn_param = {"mode": "train", "momentum": 0.9}
    for _ in range(300):
        Z = mean + std * rng.standard_normal((2, 256))
        ref.batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)), bn_param)
    np.testing.assert_allclose(bn_param["running_mean"], mean, atol=0.1)
    # The biased batch variance underestimates by a factor (m - 1) / m; at m = 256 that is 0.4%.
    np.testing.assert_allclose(bn_param["running_var"], std ** 2, rtol=0.1)


def test_batchnorm_rejects_an_unknown_mode():
    Z, gamma, beta, _, _ = bn_problem()
    with pytest.raises(ValueError):
        ref.batchnorm_forward(Z, gamma, beta, {"mode": "eval"})


# ---------------------------------------------------------------------------------------------
# batchnorm_backward


@pytest.mark.parametrize("mode", ["train", "test"])
@pytest.mark.parametrize("shape", [(5, 8), (1, 30), (4, 3)])
def test_batchnorm_backward_matches_torch_autograd(mode, shape):
    Z, gamma, beta, rm, rv = bn_problem(*shape, seed=4)
    dZ_tilde = np.random.default_rng(5).standard_normal(Z.shape)
    bn_param = {"mode": mode, "eps": 1e-5, "running_mean": rm.copy(), "running_var": rv.copy()}
    _, cache = ref.batchnorm_forward(Z, gamma, beta, bn_param)
    dZ, dgamma, dbeta = ref.batchnorm_backward(dZ_tilde, cache)
    _, _, _, (t_dZ, t_dgamma, t_dbeta) = torch_batch_norm(
        Z, gamma, beta, rm, rv, mode == "train", 0.9, 1e-5, dZ_tilde=dZ_tilde)
    np.testing.assert_allclose(dZ, t_dZ, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(dgamma, t_dgamma, rtol=1e-7)
    np.testing.assert_allclose(dbeta, t_dbeta, rtol=1e-7)


@pytest.mark.parametrize("mode", ["train", "test"])
def test_batchnorm_backward_agrees_with_centred_differences(mode):
    Z, gamma, beta, rm, rv = bn_problem(n=3, m=6, seed=6)
    dZ_tilde = np.random.default_rng(7).standard_normal(Z.shape)

    def loss(Z_, gamma_, beta_):
        # Fresh running statistics each call: train mode must not feed its update back in.
        bn_param = {"mode": mode, "running_mean": rm.copy(), "running_var": rv.copy()}
        return np.sum(ref.batchnorm_forward(Z_, gamma_, beta_, bn_param)[0] * dZ_tilde)

    _, cache = ref.batchnorm_forward(Z, gamma, beta, {"mode": mode, "running_mean": rm.copy(),
                                                      "running_var": rv.copy()})
    analytic = ref.batchnorm_backward(dZ_tilde, cache)
    h = 1e-6
    for which, (array, grad) in enumerate(zip((Z, gamma, beta), analytic)):
        numerical = np.zeros_like(array)
        for idx in np.ndindex(array.shape):
            args = [Z.copy(), gamma.copy(), beta.copy()]
            args[which][idx] += h
            plus = loss(*args)
            args[which][idx] -= 2 * h
            minus = loss(*args)
            numerical[idx] = (plus - minus) / (2 * h)
        np.testing.assert_allclose(grad, numerical, rtol=1e-6, atol=1e-8)


def test_batchnorm_train_backward_sums_to_zero_over_the_batch():
    # Adding a constant to a row of Z leaves the train-mode output unchanged.
    Z, gamma, beta, _, _ = bn_problem(m=20, seed=8)
    _, cache = ref.batchnorm_forward(Z, gamma, beta, {"mode": "train"})
    dZ, _, _ = ref.batchnorm_backward(np.random.default_rng(9).standard_normal(Z.shape), cache)
    np.testing.assert_allclose(dZ.sum(axis=1), 0, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# given code for the notebook


def test_normalized_inputs_train_the_demo_network_where_raw_inputs_stall():
    X_train, Y_train, X_test, Y_test = ref.load_badly_scaled_data()
    X_train_norm, X_test_norm, _, _ = ref.normalize_inputs(X_train, X_test)
    _, raw_costs = ref.train_network(X_train, Y_train, [2, 10, 1], 1e-6, 500)
    parameters, norm_costs = ref.train_network(X_train_norm, Y_train, [2, 10, 1], 1.0, 500)
    assert norm_costs[-1] < 0.2 < 0.6 < raw_costs[-1]
    assert np.mean(ref.predict(X_test_norm, parameters) == Y_test) > 0.9


def test_load_badly_scaled_data_leaves_the_global_rng_alone():
    np.random.seed(4)
    ref.load_badly_scaled_data(m_train=20, m_test=10)
    assert np.random.rand() == np.random.RandomState(4).rand()
