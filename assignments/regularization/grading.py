"""Hidden checks and known mistakes of `regularization`.

Dropout is graded twice. Its values are compared on cases where the generator is seeded with 1 right
before the call: the course's own template calls np.random.seed(1) inside the function, and a
solution that does not reseed draws the same masks from the seed we set, so both releases match.
Then by properties that hold whatever the draw, on a wide network built so that every unit is
active (large positive biases): a unit is zero exactly when it was dropped, which makes the kept
fraction, the 1/keep_prob scaling and the untouched output readable from the activations alone.
The backward pass gets caches whose masks we chose, so it is checked exactly and by centred
differences of the cost of that very thinned network.
"""

import numpy as np

from autograder import datasets
from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Property, Values
from solutions import regularization as ref
from solutions.regularization import compute_cost, relu, sigmoid

PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _network(dims, m, rng, X=None):
    """Inputs, labels and parameters scaled by 1/sqrt(fan-in), so no output saturates."""
    X = rng.standard_normal((dims[0], m)) if X is None else X
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = 0.1 * rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def _moons_network(rng):
    X, Y, _, _ = datasets.load("load_moons", n_train=60, n_test=500)
    _, _, parameters = _network((2, 20, 3, 1), 60, rng, X)
    return X, Y, parameters


# -- L2 regularisation ---------------------------------------------------------------------------
def _cost_case(dims, m, lambd):
    def build(rng):
        X, Y, parameters = _network(dims, m, rng)
        return ref.forward_propagation(X, parameters)[0], Y, parameters, lambd
    return build


def _moons_cost_case(rng):
    X, Y, parameters = _moons_network(rng)
    return ref.forward_propagation(X, parameters)[0], Y, parameters, 0.7


COST_CASES = [Case(_cost_case((3, 6, 4, 1), 7, 0.7), label="[3, 6, 4, 1], m = 7, lambd = 0.7"),
              Case(_cost_case((2, 5, 3, 1), 1, 0.1), label="m = 1"),
              Case(_cost_case((5, 3, 2, 1), 12, 3.0), label="[5, 3, 2, 1], m = 12, lambd = 3"),
              Case(_moons_cost_case, label="the 60 training moons, [2, 20, 3, 1], lambd = 0.7")]


def _penalty(parameters, keys=("W1", "W2", "W3"), square=True):
    return sum(np.sum(np.square(parameters[k]) if square else parameters[k]) for k in keys)


def _cost_with(scale, **penalty):
    def wrong(A3, Y, parameters, lambd):
        return float(compute_cost(A3, Y) + scale(lambd, Y.shape[1]) * _penalty(parameters, **penalty))
    return wrong


def _backward_case(dims, m, lambd):
    def build(rng):
        X, Y, parameters = _network(dims, m, rng)
        return X, Y, ref.forward_propagation(X, parameters)[1], lambd
    return build


def _moons_backward_case(rng):
    X, Y, parameters = _moons_network(rng)
    return X, Y, ref.forward_propagation(X, parameters)[1], 0.7


BACKWARD_CASES = [Case(_backward_case((3, 6, 4, 1), 9, 0.7), label="[3, 6, 4, 1], m = 9, lambd = 0.7"),
                  Case(_backward_case((4, 5, 3, 1), 1, 0.3), label="m = 1"),
                  Case(_moons_backward_case, label="the 60 training moons, [2, 20, 3, 1], lambd = 0.7")]


def _parameter_case(dims, m, lambd):
    def build(rng):
        X, Y, parameters = _network(dims, m, rng)
        return X, Y, parameters, lambd
    return build


def _l2_objective(X, Y, parameters, lambd):
    return ref.compute_cost_with_regularization(ref.forward_propagation(X, parameters)[0], Y, parameters, lambd)


def _cache_from_parameters(X, Y, parameters, lambd):
    return X, Y, ref.forward_propagation(X, parameters)[1], lambd


def _l2_backward_with(w_scale=lambda lambd, m: lambd / m, db_term=False):
    def wrong(X, Y, cache, lambd):
        grads = ref.backward_propagation(X, Y, cache)
        m = X.shape[1]
        W = {1: cache[2], 2: cache[6], 3: cache[10]}
        b = {1: cache[3], 2: cache[7], 3: cache[11]}
        for l in (1, 2, 3):
            grads[f"dW{l}"] = grads[f"dW{l}"] + w_scale(lambd, m) * W[l]
            if db_term:
                grads[f"db{l}"] = grads[f"db{l}"] + lambd / m * b[l]
        return grads
    return wrong


# -- dropout -------------------------------------------------------------------------------------
def _dropout_forward_case(dims, m, keep_prob):
    def build(rng):
        X, _, parameters = _network(dims, m, rng)
        return X, parameters, keep_prob
    return build


DROPOUT_VALUES = [Case(_dropout_forward_case((3, 6, 4, 1), 8, 0.7), np_seed=1, label="[3, 6, 4, 1], m = 8, keep_prob = 0.7"),
                  Case(_dropout_forward_case((2, 20, 3, 1), 5, 0.86), np_seed=1, label="[2, 20, 3, 1], keep_prob = 0.86"),
                  Case(_dropout_forward_case((4, 5, 3, 1), 1, 0.5), np_seed=1, label="m = 1, keep_prob = 0.5")]


def _wide(keep_prob, width=300, m=200):
    """Every pre-activation is positive (biases of 3, small weights, non-negative in layer 2), so a
    unit is 0 after dropout exactly when its mask dropped it."""
    def build(rng):
        X = rng.standard_normal((4, m))
        parameters = {"W1": 0.1 * rng.standard_normal((width, 4)), "b1": np.full((width, 1), 3.0),
                      "W2": np.abs(rng.standard_normal((width, width))) / width, "b2": np.full((width, 1), 3.0),
                      "W3": rng.standard_normal((1, width)) / np.sqrt(width), "b3": np.zeros((1, 1))}
        return X, parameters, keep_prob
    return build


WIDE = [Case(_wide(0.8), np_seed=20240, label="300 units per layer, m = 200, keep_prob = 0.8"),
        Case(_wide(0.3), np_seed=7, label="300 units per layer, m = 200, keep_prob = 0.3")]


def _activations(result):
    """A1, D1, A2, D2, A3 from the documented cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)."""
    A3, cache = result
    if not isinstance(cache, (tuple, list)) or len(cache) != 14:
        raise ValueError("the cache should be the tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)")
    return np.asarray(cache[2]), np.asarray(cache[1]), np.asarray(cache[7]), np.asarray(cache[6]), np.asarray(A3)


def _keep_rate(actual, ctx):
    X, parameters, keep_prob = ctx.args
    A1, _, A2, _, _ = _activations(actual)
    for name, A in (("A1", A1), ("A2", A2)):
        rate = float(np.mean(A != 0))
        # 60 000 draws per layer: the kept fraction's standard deviation is below 0.002.
        if abs(rate - keep_prob) > 0.01:
            return (f"{rate:.3f} of the units of {name} were kept with keep_prob = {keep_prob}; the mask must keep each "
                    f"unit with probability keep_prob: D = np.random.rand(...) < keep_prob")
    return None


def _survivors_scaled(actual, ctx):
    X, parameters, keep_prob = ctx.args
    A1, D1, A2, D2, _ = _activations(actual)
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    for name, A, Z, D in (("A1", A1, Z1, D1), ("A2", A2, Z2, D2)):
        kept = A != 0
        if A.shape != Z.shape:
            return f"{name} has shape {A.shape}; it should keep the shape {Z.shape} of its layer"
        if not np.allclose(A[kept], relu(Z[kept]) / keep_prob, rtol=1e-9, atol=0):
            return (f"the units of {name} that survive should be relu(Z) / keep_prob (inverted dropout keeps each "
                    f"unit's expected value); they are not")
        if D.shape != A.shape or not np.array_equal(D != 0, kept):
            return f"the mask D{name[1]} in the cache should mark exactly the units of {name} that were kept"
    return None


def _output_not_dropped(actual, ctx):
    X, parameters, keep_prob = ctx.args
    _, _, A2, _, A3 = _activations(actual)
    expected = sigmoid(np.dot(parameters["W3"], A2) + parameters["b3"])
    if A3.shape != expected.shape or not np.allclose(A3, expected, rtol=1e-9, atol=1e-15):
        return "A3 should be sigmoid(W3 A2 + b3) with no mask: dropout applies to the hidden layers only"
    return None


def _keep_all(actual, ctx):
    X, parameters, keep_prob = ctx.args
    A3, _ = ref.forward_propagation(X, parameters)
    A1, _, A2, _, mine = _activations(actual)
    if mine.shape != A3.shape or not np.allclose(mine, A3, rtol=1e-12, atol=1e-15):
        return ("with keep_prob = 1 no unit may be dropped or rescaled: the output should equal the plain "
                "forward_propagation's, as at test time")
    return None


def _dropout_forward_with(mask=lambda shape, keep_prob: np.random.rand(*shape) < keep_prob, rescale=True,
                          output_dropout=False):
    def wrong(X, parameters, keep_prob=0.5):
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in PARAMS)
        Z1 = np.dot(W1, X) + b1
        D1 = mask(Z1.shape, keep_prob)
        A1 = relu(Z1) * D1 / (keep_prob if rescale else 1.0)
        Z2 = np.dot(W2, A1) + b2
        D2 = mask(Z2.shape, keep_prob)
        A2 = relu(Z2) * D2 / (keep_prob if rescale else 1.0)
        Z3 = np.dot(W3, A2) + b3
        A3 = sigmoid(Z3)
        if output_dropout:
            A3 = A3 * (np.random.rand(*A3.shape) < keep_prob) / keep_prob
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return wrong


def _cache_with_masks(X, parameters, D1, D2, keep_prob):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in PARAMS)
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1) * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    return (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, sigmoid(Z3), W3, b3)


def _masked_problem(dims, m, keep_prob):
    """X, Y, parameters and masks drawn from the case's generator (inputs of the gradient check)."""
    def build(rng):
        X, Y, parameters = _network(dims, m, rng)
        D1 = rng.random((dims[1], m)) < keep_prob
        D2 = rng.random((dims[2], m)) < keep_prob
        return X, Y, parameters, D1, D2, keep_prob
    return build


def _with_cache(X, Y, parameters, D1, D2, keep_prob):
    return X, Y, _cache_with_masks(X, parameters, D1, D2, keep_prob), keep_prob


def _dropout_backward_case(dims, m, keep_prob):
    def build(rng):
        return _with_cache(*_masked_problem(dims, m, keep_prob)(rng))
    return build


DROPOUT_BACKWARD = [Case(_dropout_backward_case((3, 6, 4, 1), 9, 0.7), label="[3, 6, 4, 1], m = 9, keep_prob = 0.7"),
                    Case(_dropout_backward_case((2, 20, 3, 1), 12, 0.86), label="[2, 20, 3, 1], keep_prob = 0.86"),
                    Case(_dropout_backward_case((4, 5, 3, 1), 1, 0.5), label="m = 1, keep_prob = 0.5")]


def _dropout_objective(X, Y, parameters, D1, D2, keep_prob):
    return compute_cost(_cache_with_masks(X, parameters, D1, D2, keep_prob)[11], Y)


def _no_gradient_through_dropped_units(actual, ctx):
    X, Y, cache, keep_prob = ctx.args
    D1, D2 = cache[1], cache[6]
    for name, D in (("dA1", D1), ("dA2", D2)):
        dA = np.asarray(actual[name])
        if dA.shape != D.shape:
            return f"`{name}` should have shape {D.shape}, got {dA.shape}"
        if np.any(dA[~D] != 0):
            return (f"`{name}` is not zero where the forward pass dropped the unit: apply the mask D{name[2]} from the "
                    f"cache (a unit that was switched off contributed nothing, so it gets no gradient)")
    return None


def _dropout_backward_with(rescale=True, use_mask=True):
    def wrong(X, Y, cache, keep_prob):
        (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
        m = X.shape[1]
        dZ3 = A3 - Y
        dW3 = np.dot(dZ3, A2.T) / m
        db3 = np.sum(dZ3, axis=1, keepdims=True) / m
        dA2 = np.dot(W3.T, dZ3) * (D2 if use_mask else 1) / (keep_prob if rescale else 1)
        dZ2 = dA2 * (A2 > 0)
        dW2 = np.dot(dZ2, A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dA1 = np.dot(W2.T, dZ2) * (D1 if use_mask else 1) / (keep_prob if rescale else 1)
        dZ1 = dA1 * (A1 > 0)
        dW1 = np.dot(dZ1, X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return wrong


_GRADS = {f"d{k}": ((2, k), (f"d{k}",)) for k in PARAMS}

PARTS = [
    Part("compute_cost_with_regularization", returns="cost", checks=[
        Values("hidden cases", COST_CASES, weight=2),
        Values("lambd = 0 gives the cross-entropy alone", [Case(_cost_case((3, 4, 2, 1), 6, 0.0), label="lambd = 0")],
               weight=0.5),
    ], mistakes=[
        Mistake("lambd / m instead of lambd / (2m)", "The penalty is (lambd / (2m)) times the sum of the squared "
                "weights; the 2 cancels when you differentiate.", _cost_with(lambda lambd, m: lambd / m)),
        Mistake("penalty not divided by m", "Scale the penalty by lambd / (2m), like the cross-entropy averages "
                "over the m examples.", _cost_with(lambda lambd, m: lambd / 2)),
        Mistake("W3 left out", "Penalise every weight matrix: W1, W2 and W3.",
                _cost_with(lambda lambd, m: lambd / (2 * m), keys=("W1", "W2"))),
        Mistake("sum of the weights instead of their squares", "||W||_F^2 is the sum of the squared entries: "
                "np.sum(np.square(W)).", _cost_with(lambda lambd, m: lambd / (2 * m), square=False)),
        Mistake("biases penalised too", "Only the weights W1, W2, W3 are penalised, not the biases.",
                _cost_with(lambda lambd, m: lambd / (2 * m), keys=PARAMS)),
    ]),
    Part("backward_propagation_with_regularization", returns="gradients", checks=[
        Values("hidden cases", BACKWARD_CASES, weight=2),
        GradCheck("dW and db match central differences of the regularized cost",
                  [Case(_parameter_case((3, 5, 4, 1), 6, 0.7), label="[3, 5, 4, 1], m = 6, lambd = 0.7"),
                   Case(_parameter_case((2, 6, 3, 1), 4, 2.0), label="[2, 6, 3, 1], m = 4, lambd = 2")],
                  objective=_l2_objective, call_args=_cache_from_parameters, wrt=_GRADS, weight=1.5),
        NoInPlace("does not modify the cache", BACKWARD_CASES[:1], weight=0.5),
    ], mistakes=[
        Mistake("lambd * W without the 1/m", "The derivative of (lambd / (2m)) ||W||^2 is (lambd / m) W.",
                _l2_backward_with(w_scale=lambda lambd, m: lambd)),
        Mistake("lambd / (2m) * W", "Differentiating W^2 brings down a 2: the extra term is (lambd / m) W.",
                _l2_backward_with(w_scale=lambda lambd, m: lambd / (2 * m))),
        Mistake("L2 term added to db", "The biases are not in the penalty, so db is the same as without "
                "regularization.", _l2_backward_with(db_term=True)),
    ]),
    Part("forward_propagation_with_dropout", returns=("A3", "cache"), checks=[
        Values("hidden cases (generator seeded with 1 before the call)", DROPOUT_VALUES, weight=2),
        Property("keeps a fraction keep_prob of the units (any random draw)", WIDE, check=_keep_rate),
        Property("survivors are divided by keep_prob, dropped units are 0, D1 and D2 mark them", WIDE[:1],
                 check=_survivors_scaled),
        Property("the output layer is not dropped", WIDE[:1], check=_output_not_dropped, weight=0.5),
        Property("keep_prob = 1 is the plain forward pass, as at test time",
                 [Case(_dropout_forward_case((3, 6, 4, 1), 10, 1.0), np_seed=5, label="keep_prob = 1")],
                 check=_keep_all, weight=0.5),
    ], mistakes=[
        Mistake("survivors not divided by keep_prob", "Inverted dropout divides the kept activations by keep_prob, "
                "so that their expected value does not change.", _dropout_forward_with(rescale=False)),
        Mistake("mask from rand > keep_prob", "D = np.random.rand(...) < keep_prob keeps a unit with probability "
                "keep_prob; with > it keeps it with probability 1 - keep_prob.",
                _dropout_forward_with(mask=lambda shape, keep_prob: np.random.rand(*shape) > keep_prob)),
        Mistake("dropout on the output A3", "Only the hidden layers A1 and A2 are dropped; A3 is the prediction.",
                _dropout_forward_with(output_dropout=True)),
        Mistake("one mask for all examples", "Draw a mask of the activations' full shape (n, m): each example "
                "samples its own thinned network.",
                _dropout_forward_with(mask=lambda shape, keep_prob: np.random.rand(shape[0], 1) < keep_prob)),
    ]),
    Part("backward_propagation_with_dropout", returns="gradients", checks=[
        Values("hidden cases (masks of our choosing in the cache)", DROPOUT_BACKWARD, weight=2),
        GradCheck("dW and db match central differences of the cost of the thinned network",
                  [Case(_masked_problem((3, 5, 4, 1), 7, 0.7), label="[3, 5, 4, 1], m = 7, keep_prob = 0.7")],
                  objective=_dropout_objective, call_args=_with_cache, wrt=_GRADS, weight=1.5),
        Property("dropped units get no gradient (the forward pass's masks are used)", DROPOUT_BACKWARD[:1],
                 check=_no_gradient_through_dropped_units, weight=0.5),
    ], mistakes=[
        Mistake("backward pass not divided by keep_prob", "The forward pass divided the kept units by keep_prob, so "
                "their gradients are divided by keep_prob too: dA = dA * D / keep_prob.",
                _dropout_backward_with(rescale=False)),
        Mistake("masks left out of the backward pass", "Multiply dA1 and dA2 by the masks D1 and D2 from the cache: a "
                "dropped unit contributed nothing, so it gets no gradient.", _dropout_backward_with(use_mask=False)),
    ]),
]
