"""Hidden checks and known mistakes of `resnet`.

Batch norm is graded like the 2-D one of `normalization`, on 4-D tensors: the output apart from the
cache and the running statistics left in `bn_param`, dgamma and dbeta apart from dZ. The blocks are
graded on their output, their cache, the running statistics they leave in `bn_params`, and on
central differences of sum(dA * A) through the reference's forward pass. The projection block has a
case with one input channel (the digits' first block), where a shortcut added without W_s still
runs by broadcasting, and a case whose channels do not change, where forgetting the 1 x 1 convolution
in the backward pass still runs; so those mistakes can be recognised.
"""

import copy

import numpy as np

from autograder import datasets
from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Property, Values
from solutions import resnet as ref
from solutions.resnet import conv_backward, conv_forward, relu, relu_backward

AXES = (0, 1, 2)


# -- batch norm ----------------------------------------------------------------------------------
def _bn_inputs(shape, mode, loc=0.0, spread=1.0, running=True, **settings):
    def build(rng):
        n_C = shape[3]
        Z = loc + rng.normal(size=(1, 1, 1, n_C)) + spread * rng.uniform(0.5, 2.0, size=(1, 1, 1, n_C)) * rng.standard_normal(shape)
        gamma = rng.uniform(0.5, 2.0, size=(1, 1, 1, n_C))
        beta = rng.standard_normal((1, 1, 1, n_C))
        bn_param = {"mode": mode}
        if running:
            bn_param["running_mean"] = rng.standard_normal((1, 1, 1, n_C))
            bn_param["running_var"] = rng.uniform(0.5, 3.0, size=(1, 1, 1, n_C))
        bn_param.update(settings)
        return Z, gamma, beta, bn_param
    return build


TRAIN = [Case(_bn_inputs((4, 3, 5, 2), "train", eps=1e-5, momentum=0.9), label="(4, 3, 5, 2), running statistics given"),
         Case(_bn_inputs((2, 4, 4, 3), "train", running=False, momentum=0.8), label="(2, 4, 4, 3), momentum 0.8, no running statistics yet"),
         Case(_bn_inputs((3, 2, 2, 4), "train", spread=0.3, eps=0.1), label="(3, 2, 2, 4), eps = 0.1"),
         Case(_bn_inputs((5, 3, 3, 3), "train", loc=40.0, spread=10.0), label="(5, 3, 3, 3), mean 40, spread 10")]
TEST = [Case(_bn_inputs((3, 4, 2, 3), "test", eps=1e-5), label="(3, 4, 2, 3), test mode"),
        Case(_bn_inputs((1, 3, 3, 2), "test"), label="one example, test mode")]


def _bn_forward_with(axes=AXES, ddof=0, reversed_momentum=False, update_var=True, update=True,
                     test_batch_statistics=False):
    def wrong(Z, gamma, beta, bn_param):
        mode = bn_param["mode"]
        eps = bn_param.get("eps", 1e-5)
        momentum = bn_param.get("momentum", 0.9)
        n_C = Z.shape[3]
        running_mean = bn_param.get("running_mean", np.zeros((1, 1, 1, n_C)))
        running_var = bn_param.get("running_var", np.zeros((1, 1, 1, n_C)))
        if mode == "train" or test_batch_statistics:
            mu = np.mean(Z, axis=axes, keepdims=True)
            var = np.var(Z, axis=axes, ddof=ddof, keepdims=True)
        else:
            mu, var = running_mean, running_var
        Z_norm = (Z - mu) / np.sqrt(var + eps)
        Z_tilde = gamma * Z_norm + beta
        if mode == "train" and update:
            old, new = (1 - momentum, momentum) if reversed_momentum else (momentum, 1 - momentum)
            running_mean = old * running_mean + new * mu
            if update_var:
                running_var = old * running_var + new * var
        bn_param["running_mean"] = running_mean
        bn_param["running_var"] = running_var
        return Z_tilde, (Z, Z_norm, mu, var, gamma, eps, mode)
    return wrong


def _bn_backward_case(shape, mode):
    def build(rng):
        Z, gamma, beta, bn_param = _bn_inputs(shape, mode)(rng)
        _, cache = ref.spatial_batchnorm_forward(Z, gamma, beta, bn_param)
        return rng.standard_normal(shape), cache
    return build


TRAIN_BACKWARD = [Case(_bn_backward_case((4, 3, 5, 2), "train"), label="(4, 3, 5, 2), train mode"),
                  Case(_bn_backward_case((2, 2, 3, 1), "train"), label="(2, 2, 3, 1), train mode"),
                  Case(_bn_backward_case((3, 4, 4, 3), "train"), label="(3, 4, 4, 3), train mode")]
TEST_BACKWARD = [Case(_bn_backward_case((3, 2, 3, 2), "test"), label="(3, 2, 3, 2), test mode"),
                 Case(_bn_backward_case((1, 2, 2, 3), "test"), label="one example, test mode")]


def _bn_surrogate_inputs(shape, eps=1e-5):
    def build(rng):
        Z, gamma, beta, _ = _bn_inputs(shape, "train")(rng)
        return rng.standard_normal(shape), Z, gamma, beta, eps
    return build


def _bn_train_forward(Z, gamma, beta, eps):
    return ref.spatial_batchnorm_forward(Z, gamma, beta, {"mode": "train", "eps": eps})


def _bn_surrogate_cost(dZ_tilde, Z, gamma, beta, eps):
    """sum(dZ_tilde * Z_tilde): its gradient with respect to Z_tilde is dZ_tilde itself."""
    return float(np.sum(dZ_tilde * _bn_train_forward(Z, gamma, beta, eps)[0]))


def _with_bn_cache(dZ_tilde, Z, gamma, beta, eps):
    return dZ_tilde, _bn_train_forward(Z, gamma, beta, eps)[1]


def _bn_backward_with(sum_axes=AXES, constant_statistics=False, count=None, dbeta_mean=False):
    def wrong(dZ_tilde, cache):
        Z, Z_norm, mu, var, gamma, eps, mode = cache
        M = count(Z) if count else Z.shape[0] * Z.shape[1] * Z.shape[2]
        dbeta = (np.mean if dbeta_mean else np.sum)(dZ_tilde, axis=sum_axes, keepdims=True)
        dgamma = np.sum(dZ_tilde * Z_norm, axis=sum_axes, keepdims=True)
        dZ_norm = gamma * dZ_tilde
        if mode == "train" and not constant_statistics:
            dZ = (M * dZ_norm - np.sum(dZ_norm, axis=AXES, keepdims=True)
                  - Z_norm * np.sum(dZ_norm * Z_norm, axis=AXES, keepdims=True)) / (M * np.sqrt(var + eps))
        else:
            dZ = dZ_norm / np.sqrt(var + eps)
        return dZ, dgamma, dbeta
    return wrong


# -- blocks --------------------------------------------------------------------------------------
def _block_parameters(rng, f, n_C_prev, n_C, projection):
    p = {}
    for layer, fan in ((1, n_C_prev), (2, n_C)):
        p["W%d" % layer] = rng.standard_normal((f, f, fan, n_C)) * np.sqrt(2.0 / (f * f * fan))
        p["b%d" % layer] = 0.1 * rng.standard_normal((1, 1, 1, n_C))
        p["gamma%d" % layer] = rng.uniform(0.5, 1.5, size=(1, 1, 1, n_C))
        p["beta%d" % layer] = 0.3 * rng.standard_normal((1, 1, 1, n_C))
    if projection:
        p["W_s"] = rng.standard_normal((1, 1, n_C_prev, n_C)) * np.sqrt(1.0 / n_C_prev)
        p["b_s"] = 0.1 * rng.standard_normal((1, 1, 1, n_C))
    return p


def _bn_states(rng, n_C, mode="train", momentum=0.9):
    return [{"mode": mode, "eps": 1e-5, "momentum": momentum, "running_mean": 0.5 * rng.standard_normal((1, 1, 1, n_C)),
             "running_var": rng.uniform(0.5, 2.0, size=(1, 1, 1, n_C))} for _ in range(2)]


def _block_inputs(m, n_H, n_W, n_C_prev, n_C, f=3, projection=False, mode="train", momentum=0.9):
    def build(rng):
        A_prev = np.abs(rng.standard_normal((m, n_H, n_W, n_C_prev)))  # a ReLU's output, as in a network
        return A_prev, _block_parameters(rng, f, n_C_prev, n_C, projection), _bn_states(rng, n_C, mode, momentum)
    return build


IDENTITY = [Case(_block_inputs(2, 4, 4, 3, 3), label="(2, 4, 4, 3), 3 x 3 filters"),
            Case(_block_inputs(3, 5, 3, 2, 2, f=5), label="(3, 5, 3, 2), 5 x 5 filters"),
            Case(_block_inputs(1, 3, 3, 4, 4, momentum=0.7), label="one example (1, 3, 3, 4), momentum 0.7")]
IDENTITY_TEST = [Case(_block_inputs(2, 3, 4, 3, 3, mode="test"), label="(2, 3, 4, 3), test mode")]
PROJECTION = [Case(_block_inputs(2, 4, 4, 1, 3, projection=True), label="1 channel -> 3, as the digits' first block"),
              Case(_block_inputs(3, 3, 5, 2, 4, projection=True), label="2 channels -> 4"),
              Case(_block_inputs(2, 4, 3, 3, 3, f=1, projection=True), label="3 channels -> 3, 1 x 1 filters")]
PROJECTION_TEST = [Case(_block_inputs(2, 3, 3, 2, 3, projection=True, mode="test"), label="2 -> 3 channels, test mode")]


def _block_forward_with(projection, relu_before_add=False, no_shortcut=False, no_projection=False):
    def wrong(A_prev, parameters, bn_params):
        pad = (parameters["W1"].shape[0] - 1) // 2
        hp = {"stride": 1, "pad": pad}
        Z1, conv1 = conv_forward(A_prev, parameters["W1"], parameters["b1"], hp)
        Z1_t, bn1 = ref.spatial_batchnorm_forward(Z1, parameters["gamma1"], parameters["beta1"], bn_params[0])
        A1, relu1 = relu(Z1_t)
        Z2, conv2 = conv_forward(A1, parameters["W2"], parameters["b2"], hp)
        Z2_t, bn2 = ref.spatial_batchnorm_forward(Z2, parameters["gamma2"], parameters["beta2"], bn_params[1])
        if projection:
            S, shortcut = conv_forward(A_prev, parameters["W_s"], parameters["b_s"], {"stride": 1, "pad": 0})
        else:
            S = A_prev
        if no_projection:
            S = A_prev
        if no_shortcut:
            S = 0.0 * Z2_t
        if relu_before_add:
            A, relu2 = relu(Z2_t)
            A = A + S
        else:
            A, relu2 = relu(Z2_t + S)
        if projection:
            return A, (conv1, bn1, relu1, conv2, bn2, shortcut, relu2)
        return A, (conv1, bn1, relu1, conv2, bn2, relu2)
    return wrong


def _block_backward_with(projection, skip_not_added=False, relu_skipped=False, shortcut_identity=False):
    def wrong(dA, cache):
        if projection:
            conv1, bn1, relu1, conv2, bn2, shortcut, relu2 = cache
        else:
            conv1, bn1, relu1, conv2, bn2, relu2 = cache
        dS = dA if relu_skipped else relu_backward(dA, relu2)
        dZ2, dgamma2, dbeta2 = ref.spatial_batchnorm_backward(dS, bn2)
        dA1, dW2, db2 = conv_backward(dZ2, conv2)
        dZ1, dgamma1, dbeta1 = ref.spatial_batchnorm_backward(relu_backward(dA1, relu1), bn1)
        dA_main, dW1, db1 = conv_backward(dZ1, conv1)
        grads = {"dW1": dW1, "db1": db1, "dgamma1": dgamma1, "dbeta1": dbeta1,
                 "dW2": dW2, "db2": db2, "dgamma2": dgamma2, "dbeta2": dbeta2}
        if projection:
            dA_s, grads["dW_s"], grads["db_s"] = conv_backward(dS, shortcut)
            if shortcut_identity:
                dA_s = dS
        else:
            dA_s = dS
        return (dA_main if skip_not_added else dA_main + dA_s), grads
    return wrong


def _backward_case(forward, build_inputs):
    def build(rng):
        A_prev, parameters, bn_params = build_inputs(rng)
        A, cache = forward(A_prev, parameters, bn_params)
        return rng.standard_normal(A.shape), cache
    return build


def _surrogate_inputs(build_inputs, forward):
    """(dA, A_prev, parameters, bn_params): the objective is sum(dA * A) through the reference."""
    def build(rng):
        A_prev, parameters, bn_params = build_inputs(rng)
        A, _ = forward(A_prev, parameters, copy.deepcopy(bn_params))
        return rng.standard_normal(A.shape), A_prev, parameters, bn_params
    return build


def _objective(forward):
    def cost(dA, A_prev, parameters, bn_params):
        return float(np.sum(dA * forward(A_prev, parameters, copy.deepcopy(bn_params))[0]))
    return cost


def _call_backward(forward):
    def call(dA, A_prev, parameters, bn_params):
        return dA, forward(A_prev, parameters, copy.deepcopy(bn_params))[1]
    return call


def _wrt(names):
    """Gradient paths for a GradCheck. b1 and b2 are left out: in train mode batch norm subtracts the
    mean right after them, so the cost does not depend on them and both gradients are 0 (compared by
    value in the other checks), and a relative error between two zeros means nothing."""
    paths = {"dA_prev": ((1,), (0,))}
    for name in names:
        paths["d" + name] = ((2, name), (1, "d" + name))
    return paths


BLOCK_NAMES = ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2"]
CHECKED_NAMES = ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2"]


def _descent_step(build_inputs, forward):
    """(dA, cache) for a block on a fixed batch with a fixed target T; the loss is 0.5 * |A - T|^2."""
    def build(rng):
        A_prev, parameters, bn_params = build_inputs(rng)
        A, cache = forward(A_prev, parameters, copy.deepcopy(bn_params))
        target = A + 0.5 * rng.standard_normal(A.shape)
        return A - target, cache, A_prev, parameters, bn_params, target
    return build


def _lowers_the_loss(forward, names):
    def check(actual, ctx):
        dA, cache, A_prev, parameters, bn_params, target = ctx.args

        def loss(p, a):
            return 0.5 * float(np.sum((forward(a, p, copy.deepcopy(bn_params))[0] - target) ** 2))

        dA_prev, grads = actual
        before = loss(parameters, A_prev)
        step = 1e-3
        moved = {k: v - step * grads["d" + k] if k in names else v for k, v in parameters.items()}
        after = loss(moved, A_prev - step * dA_prev)
        expected_drop = step * (sum(float(np.sum(grads["d" + k] ** 2)) for k in names) + float(np.sum(dA_prev ** 2)))
        if not after < before - 0.5 * expected_drop:
            return (f"a small step of gradient descent along your gradients should lower the loss "
                    f"0.5 * |A - T|^2 by about {expected_drop:.4g}; it went from {before:.6g} to {after:.6g}")
        return None
    return check


def _descent_call(dA, cache, *rest):
    return dA, cache


# -- model ---------------------------------------------------------------------------------------
def _digits(m, subset):
    def build(rng):
        X_train, Y_train, _, _ = datasets.load("load_digits")
        images, labels = ref.digit_images(X_train, Y_train)
        take = np.random.default_rng(subset).permutation(images.shape[0])[:m]
        return images[take], labels[take]
    return build


def _model_case(m, subset, label, **kwargs):
    return Case(_digits(m, subset), kwargs, label=label)


MODEL_RESIDUAL = _model_case(240, 1, "240 digits, 2 residual blocks of 4 channels, 3 epochs of 60",
                             n_blocks=2, n_C=4, residual=True, learning_rate=0.2, num_epochs=3, mini_batch_size=60)
MODEL_PLAIN = _model_case(120, 2, "120 digits, 2 plain blocks of 3 channels, 2 epochs of 40",
                          n_blocks=2, n_C=3, residual=False, learning_rate=0.1, num_epochs=2, mini_batch_size=40, seed=3)


def _model_learns(actual, ctx):
    costs = np.asarray(actual[2], dtype=np.float64)
    expected = np.asarray(ctx.expected[2])
    if costs.shape != expected.shape:
        return f"expected one cost per mini-batch, {expected.size} in all; got {costs.size}"
    per_epoch = ctx.kwargs["num_epochs"]
    first, last = costs[: costs.size // per_epoch].mean(), costs[-(costs.size // per_epoch):].mean()
    if not last < first - 0.1:
        return (f"the mean cost of the last epoch ({last:.4f}) should be clearly below the first epoch's "
                f"({first:.4f}); the reference goes from {expected[: costs.size // per_epoch].mean():.4f} "
                f"to {expected[-(costs.size // per_epoch):].mean():.4f}")
    return None


def _model_with(discard=False, always_residual=False):
    def wrong(X, Y, n_blocks=4, n_C=8, residual=True, learning_rate=0.1, num_epochs=5, mini_batch_size=64, seed=0):
        layers = {"batchnorm_forward": ref.spatial_batchnorm_forward, "batchnorm_backward": ref.spatial_batchnorm_backward,
                  "identity_block_forward": ref.identity_block_forward,
                  "identity_block_backward": ref.identity_block_backward,
                  "projection_block_forward": ref.projection_block_forward,
                  "projection_block_backward": ref.projection_block_backward}
        network, bn_params = ref.initialize_network(n_blocks, n_C, n_C_in=X.shape[3], seed=seed)
        rng = np.random.default_rng(seed)
        costs = []
        kind = True if always_residual else residual
        for _ in range(num_epochs):
            for X_batch, Y_batch in ref.mini_batches(X, Y, mini_batch_size, rng):
                scores, caches = ref.network_forward(X_batch, network, bn_params, kind, layers)
                cost, dscores = ref.softmax_cross_entropy(scores, Y_batch)
                grads = ref.network_backward(dscores, caches, network, kind, layers)
                updated = ref.update_network(network, grads, learning_rate)
                network = network if discard else updated
                costs.append(cost)
        return network, bn_params, costs
    return wrong


def _first(result):
    return {"A": result[0]}


PARTS = [
    Part("spatial_batchnorm_forward", returns=("Z_tilde", "cache"), checks=[
        Values("train mode: Z_tilde", TRAIN, select=lambda result: {"Z_tilde": result[0]}, weight=2),
        Values("train mode: the cache and the running statistics left in bn_param", TRAIN, check_args=(3,), weight=2),
        Values("test mode: normalized with the running statistics, which stay unchanged", TEST, check_args=(3,),
               weight=1.5),
        # In train mode bn_param is updated on purpose; in test mode every argument stays as it was.
        NoInPlace("does not modify its arguments (test mode)", TEST[:1], weight=0.5),
    ], mistakes=[
        Mistake("statistics per example", "A convolutional layer keeps one mean and one variance per channel, taken "
                "over the examples and every position: axis=(0, 1, 2), keepdims=True. Over axis=(1, 2) each example "
                "gets its own statistics (that is layer/instance norm, not batch norm).", _bn_forward_with(axes=(1, 2))),
        Mistake("statistics over the examples only", "Every position of a channel shares gamma, beta and the statistics: "
                "average over axis=(0, 1, 2), not axis=0 alone.", _bn_forward_with(axes=(0,))),
        Mistake("unbiased batch variance", "Batch norm divides by M = m * n_H * n_W: np.var(Z, axis=(0, 1, 2), "
                "keepdims=True) (ddof=0).", _bn_forward_with(ddof=1)),
        Mistake("momentum weights swapped", "momentum is the weight of the old running value: "
                "running = momentum * running + (1 - momentum) * batch statistic.",
                _bn_forward_with(reversed_momentum=True)),
        Mistake("running statistics not updated", "In train mode store the updated running_mean and running_var in "
                "bn_param: test mode will normalise with them.", _bn_forward_with(update=False),
                same_as=("running variance not updated",)),
        Mistake("running variance not updated", "Update running_var like running_mean, with the batch variance.",
                _bn_forward_with(update_var=False), same_as=("running statistics not updated",)),
        Mistake("batch statistics in test mode", "In test mode use running_mean and running_var: a test batch may "
                "hold one example, and a prediction must not depend on its batch.",
                _bn_forward_with(test_batch_statistics=True)),
    ]),
    Part("spatial_batchnorm_backward", returns=("dZ", "dgamma", "dbeta"), checks=[
        Values("dgamma and dbeta", TRAIN_BACKWARD + TEST_BACKWARD,
               select=lambda result: {"dgamma": result[1], "dbeta": result[2]}),
        Values("train mode: dZ through the batch statistics", TRAIN_BACKWARD, weight=2),
        Values("test mode", TEST_BACKWARD),
        GradCheck("train mode: dZ, dgamma, dbeta match central differences of sum(dZ_tilde * Z_tilde)",
                  [Case(_bn_surrogate_inputs((3, 2, 3, 2)), label="(3, 2, 3, 2)"),
                   Case(_bn_surrogate_inputs((2, 2, 2, 3), eps=1e-3), label="(2, 2, 2, 3)")],
                  objective=_bn_surrogate_cost, call_args=_with_bn_cache,
                  wrt={"dZ": ((1,), (0,)), "dgamma": ((2,), (1,)), "dbeta": ((3,), (2,))}, weight=2),
        NoInPlace("does not modify dZ_tilde or the cache", TRAIN_BACKWARD[:1], weight=0.5),
    ], mistakes=[
        Mistake("dgamma and dbeta summed over the examples only", "gamma and beta have one value per channel, shared "
                "by every example and position: sum over axis=(0, 1, 2) with keepdims=True, giving (1, 1, 1, n_C).",
                _bn_backward_with(sum_axes=(0,))),
        Mistake("mu and var treated as constants", "In train mode mu and var depend on every entry of the channel: "
                "dZ = (M dZ_norm - sum dZ_norm - Z_norm sum(dZ_norm Z_norm)) / (M sqrt(var + eps)).",
                _bn_backward_with(constant_statistics=True)),
        Mistake("M counts the examples only", "Each statistic averages M = m * n_H * n_W values, not m: use "
                "M = Z.shape[0] * Z.shape[1] * Z.shape[2].", _bn_backward_with(count=lambda Z: Z.shape[0])),
        Mistake("dbeta as a mean", "dbeta = sum of dZ_tilde over axis=(0, 1, 2), not its mean: dZ_tilde already "
                "holds whatever averaging the cost does.", _bn_backward_with(dbeta_mean=True)),
    ]),
    Part("identity_block_forward", uses=("spatial_batchnorm_forward",), returns=("A", "cache"), checks=[
        Values("the block's output A", IDENTITY, select=_first, weight=2),
        Values("the cache and the running statistics left in bn_params", IDENTITY, check_args=(2,)),
        Values("test mode", IDENTITY_TEST, check_args=(2,)),
        NoInPlace("does not modify A_prev or the parameters (test mode)", IDENTITY_TEST, weight=0.5),
    ], mistakes=[
        Mistake("ReLU before the addition", "The shortcut joins before the last ReLU: A = relu(Z2_tilde + A_prev), "
                "a[l+2] = g(z[l+2] + a[l]). Adding after the ReLU lets negative values through.",
                _block_forward_with(False, relu_before_add=True)),
        Mistake("no shortcut", "A residual block adds its input to Z2_tilde before the last ReLU: "
                "A = relu(Z2_tilde + A_prev).", _block_forward_with(False, no_shortcut=True)),
    ]),
    Part("identity_block_backward", uses=("spatial_batchnorm_backward",), returns=("dA_prev", "grads"), checks=[
        Values("dA_prev and every gradient", [Case(_backward_case(ref.identity_block_forward, c.args), label=c.label)
                                              for c in IDENTITY], weight=2),
        GradCheck("gradients match central differences of sum(dA * A)",
                  [Case(_surrogate_inputs(_block_inputs(2, 3, 3, 2, 2), ref.identity_block_forward), label="(2, 3, 3, 2)")],
                  objective=_objective(ref.identity_block_forward), call_args=_call_backward(ref.identity_block_forward),
                  wrt=_wrt(CHECKED_NAMES), weight=2),
        Property("a small gradient step lowers a squared loss",
                 [Case(_descent_step(_block_inputs(2, 4, 4, 3, 3), ref.identity_block_forward), label="(2, 4, 4, 3)")],
                 check=_lowers_the_loss(ref.identity_block_forward, BLOCK_NAMES), call_args=_descent_call, weight=0.5),
        NoInPlace("does not modify dA or the cache", [Case(_backward_case(ref.identity_block_forward, IDENTITY[0].args))],
                  weight=0.5),
    ], mistakes=[
        Mistake("skip-path gradient not added", "A_prev feeds both paths, so its gradient is the sum of both: "
                "dA_prev = dA_main + dS, where dS = relu_backward(dA, relu2_cache) is the gradient at the sum.",
                _block_backward_with(False, skip_not_added=True)),
        Mistake("last ReLU skipped", "Go back through the final ReLU first: dS = relu_backward(dA, relu2_cache) is "
                "what reaches both the main path and the shortcut.", _block_backward_with(False, relu_skipped=True)),
    ]),
    Part("projection_block_forward", uses=("spatial_batchnorm_forward",), returns=("A", "cache"), checks=[
        Values("the block's output A", PROJECTION, select=_first, weight=2),
        Values("the cache and the running statistics left in bn_params", PROJECTION, check_args=(2,)),
        Values("test mode", PROJECTION_TEST, check_args=(2,)),
        NoInPlace("does not modify A_prev or the parameters (test mode)", PROJECTION_TEST, weight=0.5),
    ], mistakes=[
        Mistake("shortcut added without the projection", "When the channels change, A_prev cannot be added as it is "
                "(with one input channel numpy even broadcasts it silently): the shortcut is the 1 x 1 convolution "
                "S = conv_forward(A_prev, W_s, b_s, {\"stride\": 1, \"pad\": 0}), and A = relu(Z2_tilde + S).",
                _block_forward_with(True, no_projection=True)),
        Mistake("ReLU before the addition", "The shortcut joins before the last ReLU: A = relu(Z2_tilde + S), "
                "a[l+2] = g(z[l+2] + W_s a[l]).", _block_forward_with(True, relu_before_add=True)),
    ]),
    Part("projection_block_backward", uses=("spatial_batchnorm_backward",), returns=("dA_prev", "grads"), checks=[
        Values("dA_prev and every gradient", [Case(_backward_case(ref.projection_block_forward, c.args), label=c.label)
                                              for c in PROJECTION], weight=2),
        GradCheck("gradients match central differences of sum(dA * A)",
                  [Case(_surrogate_inputs(_block_inputs(2, 3, 3, 2, 3, projection=True), ref.projection_block_forward),
                        label="2 -> 3 channels")],
                  objective=_objective(ref.projection_block_forward), call_args=_call_backward(ref.projection_block_forward),
                  wrt=_wrt(CHECKED_NAMES + ["W_s", "b_s"]), weight=2),
        Property("a small gradient step lowers a squared loss",
                 [Case(_descent_step(_block_inputs(2, 4, 4, 2, 3, projection=True), ref.projection_block_forward),
                       label="2 -> 3 channels")],
                 check=_lowers_the_loss(ref.projection_block_forward, BLOCK_NAMES + ["W_s", "b_s"]),
                 call_args=_descent_call, weight=0.5),
        NoInPlace("does not modify dA or the cache", [Case(_backward_case(ref.projection_block_forward, PROJECTION[1].args))],
                  weight=0.5),
    ], mistakes=[
        Mistake("skip-path gradient not added", "A_prev feeds both paths, so its gradient is the sum of both: "
                "dA_prev = dA_main + dA_s, with dA_s, dW_s, db_s = conv_backward(dS, shortcut_cache).",
                _block_backward_with(True, skip_not_added=True)),
        Mistake("shortcut gradient not taken through W_s", "The shortcut is a 1 x 1 convolution, so its gradient goes "
                "back through it: dA_s, dW_s, db_s = conv_backward(dS, shortcut_cache); dS itself is the gradient "
                "of S, not of A_prev.", _block_backward_with(True, shortcut_identity=True)),
        Mistake("last ReLU skipped", "Go back through the final ReLU first: dS = relu_backward(dA, relu2_cache) is "
                "what reaches both the main path and the shortcut.", _block_backward_with(True, relu_skipped=True)),
    ]),
    Part("model", uses=("spatial_batchnorm_forward", "spatial_batchnorm_backward", "identity_block_forward",
                        "identity_block_backward", "projection_block_forward", "projection_block_backward"),
         returns=("network", "bn_params", "costs"), timeout=60, checks=[
        Values("a short residual run: the reference's costs, parameters and running statistics", [MODEL_RESIDUAL],
               rtol=1e-5, weight=2),
        Values("a short plain run", [MODEL_PLAIN], rtol=1e-5),
        Property("training lowers the cost (residual network)", [MODEL_RESIDUAL], check=_model_learns),
    ], mistakes=[
        Mistake("the update is thrown away", "update_network returns the new parameters: assign them, "
                "network = update_network(network, grads, learning_rate).", _model_with(discard=True)),
        Mistake("residual flag ignored", "Pass residual on to network_forward and network_backward: with "
                "residual=False the network must be the plain one.", _model_with(always_residual=True)),
    ]),
]
