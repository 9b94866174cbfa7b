"""Hidden checks and known mistakes of `softmax_regression`."""

import numpy as np

from autograder import datasets
from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Property, Values
from solutions import softmax_regression as ref


def _labels(C, m):
    return lambda rng: (rng.integers(0, C, size=(1, m)), C)


def _scores(C, m, scale=2.0):
    return lambda rng: (scale * rng.normal(size=(C, m)),)


def _probs_and_labels(C, m):
    def build(rng):
        A = ref.softmax(rng.normal(size=(C, m)))
        return A, ref.one_hot(rng.integers(0, C, size=(1, m)), C)
    return build


def _cost_of_scores(Z, Y):
    """The cost as a function of the scores, whose gradient is (A - Y) / m."""
    return ref.compute_softmax_cost(ref.softmax(Z), Y) * Z.shape[1]


def _digits(**kwargs):
    return Case(lambda rng: (*datasets.load("load_digits")[:2], 10), kwargs, label="digits, 10 classes")


def _accuracy_close(actual, ctx):
    X, Y, C = ctx.args
    X_test, Y_test = datasets.load("load_digits")[2:]
    mine = float(np.mean(ref.predict(actual[0], X_test) == Y_test))
    best = float(np.mean(ref.predict(ctx.expected[0], X_test) == Y_test))
    if mine < best - 0.02:
        return f"held-out accuracy of your parameters {mine:.1%}; the reference reaches {best:.1%}"
    return None


def _softmax_backward_check():
    """dZ of one example's loss: checked through J(Z) = m * cost, whose gradient is exactly A - Y."""
    def build(rng):
        Z = rng.normal(size=(4, 3))
        return ref.softmax(Z), ref.one_hot(rng.integers(0, 4, size=(1, 3)), 4), Z
    return build


def _model_with(mistake):
    def wrong(X, Y, C, num_iterations=500, learning_rate=0.5, print_cost=False):
        return mistake(X, Y, C, num_iterations, learning_rate)
    return wrong


def _train(X, Y, C, num_iterations, learning_rate, scale_m=True, bias=True):
    m = X.shape[1]
    W, b = np.zeros((C, X.shape[0])), np.zeros((C, 1))
    Yh, costs = ref.one_hot(Y, C), []
    for i in range(num_iterations):
        A = ref.softmax(W @ X + b)
        if i % 100 == 0:
            costs.append(ref.compute_softmax_cost(A, Yh))
        dZ = A - Yh
        W = W - learning_rate * (dZ @ X.T) / (m if scale_m else 1)
        if bias:
            b = b - learning_rate * dZ.sum(1, keepdims=True) / m
    return {"W": W, "b": b}, costs


SCORES = "stays finite for scores up to 1e3"
ZERO = "a probability of exactly 0 where y = 0 adds nothing"

PARTS = [
    Part("one_hot", checks=[
        Values("hidden cases", [Case(_labels(5, 9), label="C = 5, m = 9"), Case(_labels(3, 1), label="m = 1"),
                                Case((np.array([[0, 0, 0]]), 4), label="a class that never occurs")]),
    ], mistakes=[
        Mistake("examples on axis 0", "Classes go on axis 0: the result has shape (C, m), not (m, C).",
                lambda Y, C: ref.one_hot(Y, C).T),
        Mistake("C taken from the labels", "Use the argument C: a class may be missing from a batch.",
                lambda Y, C: ref.one_hot(Y, int(Y.max()) + 1)),
    ]),
    Part("softmax", checks=[
        Values("hidden cases of other shapes", [Case(_scores(4, 6), label="(4, 6)"), Case(_scores(10, 1), label="m = 1"),
                                                Case(_scores(2, 5), label="two classes")]),
        Values("large scores stay finite", [Case((np.array([[1000.0, -5.0], [999.0, 5.0], [-1000.0, 800.0]]),),
                                                 label="scores up to 1e3")], weight=2, requirement=SCORES),
        NoInPlace("does not modify its input", [Case(_scores(3, 4))]),
    ], mistakes=[
        Mistake("normalised over rows", "Here each *column* is an example: sum over axis=0.",
                lambda Z: np.exp(Z - Z.max(1, keepdims=True)) / np.exp(Z - Z.max(1, keepdims=True)).sum(1, keepdims=True)),
        Mistake("overflow without the max shift", "Subtract each column's maximum before np.exp: e^1000 is inf.",
                lambda Z: np.exp(Z) / np.exp(Z).sum(0, keepdims=True), nonfinite=True),
        Mistake("normalised over the whole matrix", "Each column is one example's distribution: divide by the "
                "column sums, not by the sum of all entries.",
                lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum()),
    ]),
    Part("compute_softmax_cost", checks=[
        Values("hidden cases", [Case(_probs_and_labels(5, 8), label="C = 5, m = 8"), Case(_probs_and_labels(3, 1), label="m = 1")]),
        Values("a probability of exactly 0 on a wrong class", [
            Case((np.array([[1.0, 0.0], [0.0, 0.5], [0.0, 0.5]]), np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])),
                 label="a = 0 where y = 0")], requirement=ZERO),
    ], mistakes=[
        Mistake("sum instead of mean", "The cost averages over the m examples: divide by m.",
                lambda A, Y: float(-np.sum(Y * np.log(A, out=np.zeros_like(A), where=Y != 0)))),
        Mistake("positive sign", "J = -(1/m) ΣΣ y log a: without the minus the cost is negative.",
                lambda A, Y: -ref.compute_softmax_cost(A, Y)),
        Mistake("0 * log(0) = nan", "Where a = 0 and y = 0 the product is nan in numpy; sum only the terms with y = 1 "
                "(or use np.log(A, where=Y != 0, ...)).",
                lambda A, Y: float(-np.sum(Y * np.log(A)) / Y.shape[1]), nonfinite=True),
    ]),
    Part("softmax_backward", checks=[
        Values("hidden cases", [Case(_probs_and_labels(6, 4), label="C = 6, m = 4")]),
        GradCheck("m · dZ matches central differences of the cost in Z", [Case(_softmax_backward_check())],
                  objective=lambda A, Y, Z: _cost_of_scores(Z, Y), wrt={"dZ": ((2,), ())},
                  call_args=lambda A, Y, Z: (A, Y)),
    ], mistakes=[
        Mistake("Y - A", "dZ = A - Y: predicted minus true.", lambda A, Y: Y - A),
        Mistake("divided by m", "The notes' dZ has no 1/m (it enters dW and db).", lambda A, Y: (A - Y) / A.shape[1]),
    ]),
    Part("model", uses=("one_hot", "softmax", "compute_softmax_cost", "softmax_backward"), timeout=90, returns=("parameters", "costs"), checks=[
        Values("digits, 200 steps at α = 0.5", [_digits(num_iterations=200, learning_rate=0.5)], rtol=1e-5, weight=2),
        Property("held-out accuracy as good as the reference's", [_digits(num_iterations=200, learning_rate=0.5)],
                 check=_accuracy_close),
    ], mistakes=[
        Mistake("gradients not averaged", "dW = (1/m) dZ Xᵀ: without 1/m the step is m times too large.",
                _model_with(lambda X, Y, C, n, lr: _train(X, Y, C, n, lr, scale_m=False))),
        Mistake("bias never updated", "b has a gradient too: db = (1/m) Σ dZ over the examples.",
                _model_with(lambda X, Y, C, n, lr: _train(X, Y, C, n, lr, bias=False))),
    ]),
    Part("predict", checks=[
        Values("hidden cases", [Case(lambda rng: ({"W": rng.normal(size=(5, 3)), "b": rng.normal(size=(5, 1))},
                                                  rng.normal(size=(3, 7))), label="C = 5, m = 7")]),
    ], mistakes=[
        Mistake("argmax over the wrong axis", "The class of each example is the argmax over axis 0 (the classes).",
                lambda p, X: np.argmax(p["W"] @ X + p["b"], axis=1).reshape(1, -1)),
        Mistake("rank-1 predictions", "Return shape (1, m): reshape the argmax.",
                lambda p, X: np.argmax(p["W"] @ X + p["b"], axis=0)),
    ]),
]
