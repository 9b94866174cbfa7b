"""Hidden checks and known mistakes of `activations`."""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Values
from solutions import activations as ref


def _normal(*shape, scale=2.0):
    return lambda rng: (scale * rng.normal(size=shape),)


def _away_from_kink(*shape):
    """Pre-activations at least 0.1 from zero, where ReLU's derivative is defined."""
    def build(rng):
        Z = rng.normal(size=shape)
        return Z + 0.1 * np.sign(Z)
    return build


def _dA_Z(*shape, kink_free=False):
    def build(rng):
        Z = _away_from_kink(*shape)(rng) if kink_free else 2 * rng.normal(size=shape)
        return rng.normal(size=shape), Z
    return build


SHAPES = [Case(_normal(4, 7), label="shape (4, 7)"), Case(_normal(5, 1), label="a column, m = 1"),
          Case(_normal(3, 2, 2), label="3-D input")]
FINITE = "stays finite for |z| up to 1e3"
SOFTMAX_FINITE = "stays finite for scores up to 1e3"
LARGE = Case((np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]]),), label="|z| up to 1e3")
BACKWARD_SHAPES = [Case(_dA_Z(4, 6), label="shape (4, 6)"), Case(_dA_Z(3, 1), label="m = 1")]


def _backward_gradcheck(forward, **kwargs):
    return GradCheck("dZ matches central differences of the forward pass",
                     [Case(_dA_Z(3, 5, kink_free=True), label="(3, 5)")],
                     objective=lambda dA, Z, *rest, **kw: float(np.sum(dA * forward(Z, *rest, **kw))),
                     wrt={"dZ": ((1,), ())}, **kwargs)


def _normalize_rows_in_place(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _naive_tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def _softmax_no_shift(x):
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


PARTS = [
    Part("sigmoid", checks=[
        Values("hidden cases of other shapes", SHAPES),
        Values("large |z| stays finite", [LARGE], requirement=FINITE),
        NoInPlace("does not modify its input", SHAPES[:1]),
    ], mistakes=[
        Mistake("sign of the exponent", "The sigmoid is 1 / (1 + e^(-z)): the exponent carries a minus sign.",
                lambda x: 1 / (1 + np.exp(x))),
        Mistake("tanh instead of sigmoid", "np.tanh is a different activation; the sigmoid maps to (0, 1).",
                lambda x: np.tanh(x)),
    ]),
    Part("sigmoid_derivative", uses=("sigmoid",), checks=[
        Values("hidden cases of other shapes", SHAPES),
        Values("large |z| stays finite", [LARGE], requirement=FINITE),
    ], mistakes=[
        Mistake("derivative applied to x, not to sigmoid(x)",
                "σ'(x) = s(1 - s) with s = σ(x); x(1 - x) uses the input instead of the activation.",
                lambda x: x * (1 - x)),
        Mistake("returned the sigmoid itself", "The derivative is s * (1 - s), not s.", lambda x: ref.sigmoid(x)),
    ]),
    Part("tanh", checks=[
        Values("hidden cases of other shapes", SHAPES),
        Values("large |z| stays finite", [LARGE], weight=2, requirement=FINITE),
    ], mistakes=[
        Mistake("overflow in the textbook formula",
                "(e^z - e^-z) / (e^z + e^-z) computes inf / inf = NaN for large |z|; use np.tanh or rewrite "
                "it with e^(-2|z|).", _naive_tanh, nonfinite=True),
        Mistake("sigmoid instead of tanh", "tanh(z) = 2σ(2z) - 1 ranges over (-1, 1), the sigmoid over (0, 1).",
                lambda x: ref.sigmoid(x)),
    ]),
    Part("relu", checks=[
        Values("hidden cases of other shapes", SHAPES),
        NoInPlace("does not modify its input", SHAPES[:1]),
    ], mistakes=[
        Mistake("np.max instead of np.maximum", "np.max(0, x) reduces along an axis; np.maximum(0, x) compares "
                "elementwise.", lambda x: np.max(x) * np.ones_like(x)),
        Mistake("minimum instead of maximum", "ReLU keeps the positive part: max(0, z).", lambda x: np.minimum(0, x)),
    ]),
    Part("leaky_relu", checks=[
        Values("hidden cases of other shapes", SHAPES),
        Values("honours alpha", [Case(_normal(3, 4), {"alpha": 0.3}, label="alpha = 0.3")]),
    ], mistakes=[
        Mistake("alpha ignored", "The slope for negative inputs must be the `alpha` argument, not a constant 0.01.",
                lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x)),
        Mistake("slope on the wrong side", "Leaky ReLU keeps z for z > 0 and uses alpha * z for z <= 0.",
                lambda x, alpha=0.01: np.where(x > 0, alpha * x, x)),
    ]),
    Part("sigmoid_backward", uses=("sigmoid",), checks=[
        Values("hidden cases of other shapes", BACKWARD_SHAPES),
        _backward_gradcheck(ref.sigmoid),
    ], mistakes=[
        Mistake("forgot to multiply by dA", "The chain rule: dZ = dA * σ'(Z).",
                lambda dA, cache: ref.sigmoid(cache) * (1 - ref.sigmoid(cache))),
        Mistake("derivative of Z instead of σ(Z)", "σ'(Z) = s(1 - s) with s = σ(Z), not Z(1 - Z).",
                lambda dA, cache: dA * cache * (1 - cache)),
    ]),
    Part("tanh_backward", checks=[
        Values("hidden cases of other shapes", BACKWARD_SHAPES),
        _backward_gradcheck(np.tanh),
    ], mistakes=[
        Mistake("1 - tanh(Z) instead of 1 - tanh(Z)^2", "tanh'(Z) = 1 - tanh(Z)^2: the tanh is squared.",
                lambda dA, cache: dA * (1 - np.tanh(cache))),
        Mistake("1 - Z^2 instead of 1 - tanh(Z)^2", "The derivative is taken at the activation A = tanh(Z).",
                lambda dA, cache: dA * (1 - cache ** 2)),
    ]),
    Part("relu_backward", checks=[
        Values("hidden cases of other shapes", BACKWARD_SHAPES),
        Values("zero gradient where Z = 0", [Case((np.array([[1.0, 2.0, 3.0]]), np.array([[-1.0, 0.0, 1.0]])),
                                                  label="Z contains 0")]),
        _backward_gradcheck(ref.relu),
    ], mistakes=[
        Mistake("gradient passed where Z = 0", "Use the subgradient 0 at Z = 0 (the course sets dZ[Z <= 0] = 0).",
                lambda dA, cache: np.where(cache >= 0, dA, 0.0)),
        Mistake("forgot to multiply by dA", "dZ = dA where Z > 0, not 1.",
                lambda dA, cache: (cache > 0).astype(float)),
    ]),
    Part("leaky_relu_backward", checks=[
        Values("hidden cases of other shapes", BACKWARD_SHAPES),
        Values("honours alpha", [Case(_dA_Z(3, 4), {"alpha": 0.25}, label="alpha = 0.25")]),
        _backward_gradcheck(ref.leaky_relu),
    ], mistakes=[
        Mistake("zero slope for Z <= 0", "Leaky ReLU passes alpha * dA where Z <= 0; plain ReLU's backward drops it.",
                lambda dA, cache, alpha=0.01: np.where(cache > 0, dA, 0.0)),
        Mistake("alpha ignored", "The slope for Z <= 0 must be the `alpha` argument.",
                lambda dA, cache, alpha=0.01: np.where(cache > 0, dA, 0.01 * dA)),
    ]),
    Part("image2vector", checks=[
        Values("hidden cases of other shapes", [Case(_normal(3, 4, 2), label="(3, 4, 2)"),
                                                Case(_normal(1, 1, 3), label="(1, 1, 3)")]),
    ], mistakes=[
        Mistake("a row vector", "The course's vectors are columns: shape (h * w * d, 1), not (1, h * w * d).",
                lambda image: image.reshape(1, -1)),
        Mistake("a rank-1 array", "reshape(-1) gives shape (n,); reshape to (n, 1) to get a column vector.",
                lambda image: image.reshape(-1)),
    ]),
    Part("normalize_rows", checks=[
        Values("hidden cases of other shapes", [Case(_normal(4, 6), label="(4, 6)"), Case(_normal(1, 5), label="one row"),
                                                Case(_normal(6, 1), label="one column")]),
        NoInPlace("does not modify its input", [Case(_normal(3, 3))]),
    ], mistakes=[
        Mistake("normalised columns instead of rows", "Each *row* must have norm 1: take the norm with axis=1.",
                lambda x: x / np.linalg.norm(x, axis=0, keepdims=True)),
        Mistake("divided by the squared norm", "Divide by ||x||, not by ||x||^2.",
                lambda x: x / np.sum(x ** 2, axis=1, keepdims=True)),
        Mistake("divided in place", "x /= norm writes into the caller's array, which then no longer holds the "
                "data it passed: compute a new array with x / norm.", _normalize_rows_in_place),
    ]),
    Part("softmax", checks=[
        Values("hidden cases of other shapes", [Case(_normal(3, 5), label="(3, 5)"), Case(_normal(1, 4), label="one row"),
                                                Case(_normal(6, 2), label="(6, 2)")]),
        Values("large scores stay finite", [Case((np.array([[1000.0, 999.0, -1000.0], [-500.0, 0.0, 500.0]]),),
                                                 label="scores up to 1e3")], weight=2, requirement=SOFTMAX_FINITE),
        NoInPlace("does not modify its input", [Case(_normal(3, 5))]),
    ], mistakes=[
        Mistake("normalised over columns", "In this exercise each *row* is a vector of scores: sum over axis=1.",
                lambda x: np.exp(x - x.max(0, keepdims=True)) / np.exp(x - x.max(0, keepdims=True)).sum(0, keepdims=True)),
        Mistake("overflow without the max shift",
                "e^1000 overflows to inf and inf / inf = NaN; subtract each row's maximum before np.exp.",
                _softmax_no_shift, nonfinite=True),
        Mistake("summed over the whole array", "Each row must sum to 1: np.sum(..., axis=1, keepdims=True).",
                lambda x: np.exp(x - x.max()) / np.exp(x - x.max()).sum()),
    ]),
    Part("L1", checks=[
        Values("hidden cases", [Case(lambda rng: (rng.random(7), rng.integers(0, 2, 7).astype(float)), label="m = 7"),
                                Case(lambda rng: (rng.random(1), np.ones(1)), label="m = 1")]),
    ], mistakes=[
        Mistake("no absolute value", "L1 sums |y - ŷ|: without np.abs positive and negative errors cancel.",
                lambda yhat, y: np.sum(y - yhat)),
        Mistake("mean instead of sum", "This loss is the sum over the examples, not the mean.",
                lambda yhat, y: np.mean(np.abs(y - yhat))),
    ]),
    Part("L2", checks=[
        Values("hidden cases", [Case(lambda rng: (rng.random(7), rng.integers(0, 2, 7).astype(float)), label="m = 7"),
                                Case(lambda rng: (rng.random(1), np.ones(1)), label="m = 1")]),
    ], mistakes=[
        Mistake("Euclidean norm instead of its square", "L2 here is Σ(y - ŷ)², without the square root.",
                lambda yhat, y: np.linalg.norm(y - yhat),
                # With one example, sqrt((y - ŷ)²) = |y - ŷ|: the case m = 1 cannot tell the two apart.
                same_as=("absolute values instead of squares",)),
        Mistake("absolute values instead of squares", "That is the L1 loss; square the differences.",
                lambda yhat, y: np.sum(np.abs(y - yhat)), same_as=("Euclidean norm instead of its square",)),
    ]),
]
