"""Hidden checks and known mistakes of `logistic_regression`."""

import copy

import numpy as np

from autograder import datasets
from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Property, Values
from solutions import logistic_regression as ref
from solutions.logistic_regression import sigmoid


def _problem(n, m):
    """Random parameters and a labelled data set of n features and m examples."""
    def build(rng):
        return rng.normal(size=(n, 1)), float(rng.normal()), rng.normal(size=(n, m)), (rng.random((1, m)) > 0.5) * 1.0
    return build


PROBLEMS = [Case(_problem(4, 7), label="n = 4, m = 7"), Case(_problem(3, 1), label="m = 1"),
            Case(_problem(1, 5), label="n = 1")]
SATURATES = "the cost stays finite when the sigmoid saturates (|z| in the hundreds)"
SATURATED = Case(lambda rng: (40.0 * np.ones((2, 1)), 0.0, 20.0 * np.array([[1.0, -1.0, 2.0, -2.0]] * 2),
                              np.array([[0.0, 1.0, 1.0, 0.0]])), label="|z| up to 160")


def _digits(positive, negative, **kwargs):
    def build(rng):
        return datasets.load("load_digits_binary", positive=positive, negative=negative)
    return Case(build, kwargs, label=f"digits {positive} vs {negative}")


def _accuracy(pred, Y):
    return float(np.mean(np.asarray(pred) == Y))


def _test_accuracy_close(actual, ctx):
    X_train, Y_train, X_test, Y_test = ctx.args
    mine = _accuracy(actual["Y_prediction_test"], Y_test)
    best = _accuracy(ctx.expected["Y_prediction_test"], Y_test)
    if mine < best - 0.01:
        return f"test accuracy {mine:.1%}; the reference reaches {best:.1%} with the same settings"
    return None


def _cost_grad_objective(w, b, X, Y):
    return float(ref.propagate(w, b, X, Y)[1])


# -- known mistakes --------------------------------------------------------------------------
def _propagate_with(dw_mean=True, db_mean=True, cost_sign=1.0, flip=False, no_bias=False, log_of_a=False):
    """The reference with one slip. Each slip keeps the stable cost (logs taken from z), so that only
    the mistake about saturation (``log_of_a``) turns the cost into NaN on a saturated case."""
    def wrong(w, b, X, Y):
        m = X.shape[1]
        Z = w.T @ X + (0 if no_bias else b)
        A = sigmoid(Z)
        if log_of_a:
            cost = cost_sign * -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
        else:
            cost = cost_sign * np.sum(Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)) / m
        diff = (Y - A) if flip else (A - Y)
        dw = X @ diff.T / (m if dw_mean else 1)
        return {"dw": dw, "db": np.sum(diff) / (m if db_mean else 1)}, np.squeeze(cost)
    return wrong


def _optimize_with(sign=1.0, every=100, keep_first=False):
    def wrong(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        w0, b0 = copy.deepcopy(w), b
        costs = []
        for i in range(num_iterations):
            grads, cost = ref.propagate(w, b, X, Y)
            w = w - sign * learning_rate * grads["dw"]
            b = b - sign * learning_rate * grads["db"]
            if i % every == 0:
                costs.append(cost)
        return ({"w": w0, "b": b0} if keep_first else {"w": w, "b": b}), grads, costs
    return wrong


def _model_with(**changes):
    def wrong(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        settings = {"num_iterations": num_iterations, "learning_rate": learning_rate}
        settings.update(changes)
        return ref.model(X_train, Y_train, X_test, Y_test, print_cost=False, **settings)
    return wrong


def _model_swapped(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    d = ref.model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)
    d["Y_prediction_test"], d["Y_prediction_train"] = d["Y_prediction_train"], d["Y_prediction_test"]
    return d


PARTS = [
    Part("initialize_with_zeros", returns=("w", "b"), checks=[
        Values("other sizes, with b a Python float", [Case((5,), label="dim = 5"), Case((1,), label="dim = 1")],
               strict_types=True, weight=2),
    ], mistakes=[
        Mistake("b is an array", "The course keeps b as the Python float 0.0, not an ndarray like np.zeros((1, 1)).",
                lambda dim: (np.zeros((dim, 1)), np.zeros((1, 1)))),
        Mistake("w is a rank-1 array", "w must be a column of shape (dim, 1); np.zeros(dim) has shape (dim,).",
                lambda dim: (np.zeros(dim), 0.0)),
        Mistake("b is the integer 0", "Write b = 0.0 (a float), not 0.", lambda dim: (np.zeros((dim, 1)), 0)),
    ]),
    Part("propagate", returns=("grads", "cost"), checks=[
        Values("hidden cases of other shapes", PROBLEMS, weight=2),
        Values("cost stays finite when the sigmoid saturates", [SATURATED], requirement=SATURATES),
        GradCheck("dw and db match central differences of the cost", PROBLEMS[:2], objective=_cost_grad_objective,
                  wrt={"dw": ((0,), (0, "dw")), "db": ((1,), (0, "db"))}),
        NoInPlace("does not modify its inputs", PROBLEMS[:1]),
    ], mistakes=[
        Mistake("missing 1/m in dw", "Both gradients average over the m examples: dw = (1/m) X (A - Y)ᵀ.",
                _propagate_with(dw_mean=False)),
        Mistake("missing 1/m in db", "db = (1/m) Σ (a - y), an average like dw.", _propagate_with(db_mean=False)),
        Mistake("cost without the minus sign", "J = -(1/m) Σ [y log a + (1 - y) log(1 - a)]: logs of probabilities "
                "are negative, so the minus makes the cost positive.", _propagate_with(cost_sign=-1.0)),
        Mistake("gradient of (Y - A)", "dz = a - y; with y - a every step climbs the cost instead of descending.",
                _propagate_with(flip=True)),
        Mistake("bias left out of z", "z = wᵀx + b: the bias is part of the forward pass.", _propagate_with(no_bias=True)),
        Mistake("log of a saturated sigmoid", "Where σ(z) rounds to exactly 0 or 1, log(a) or log(1 - a) is -inf and "
                "0 · (-inf) is nan. Compute the logs from z instead: log a = -log(1 + e^(-z)) and "
                "log(1 - a) = -log(1 + e^z), with np.logaddexp(0, -z) and np.logaddexp(0, z).",
                _propagate_with(log_of_a=True), nonfinite=True),
    ]),
    Part("optimize", uses=("propagate",), returns=("params", "grads", "costs"), checks=[
        Values("another problem, 250 steps", [Case(_problem(3, 6), {"num_iterations": 250, "learning_rate": 0.1},
                                                   label="n = 3, m = 6")], rtol=1e-5, weight=2),
        NoInPlace("does not modify w", [Case(_problem(2, 4), {"num_iterations": 10})]),
    ], mistakes=[
        Mistake("gradient ascent", "Step against the gradient: w := w - α dw.", _optimize_with(sign=-1.0)),
        Mistake("cost recorded every step", "Record the cost every 100 iterations (i % 100 == 0).", _optimize_with(every=1)),
        Mistake("returned the initial parameters", "Return the parameters after the last step.", _optimize_with(keep_first=True)),
    ]),
    Part("predict", checks=[
        Values("hidden cases of other shapes", [Case(lambda rng: (rng.normal(size=(4, 1)), 0.3, rng.normal(size=(4, 9))),
                                                     label="n = 4, m = 9"),
                                                Case((np.array([[0.4], [-0.7]]), -0.1, np.array([[2.0], [-0.5]])),
                                                     label="m = 1"),
                                                # z = -1, 0.2, 0.4, 0.7, 2: some z in (0, 0.5], where thresholding
                                                # z at 0.5 differs from thresholding a at 0.5.
                                                Case((np.array([[1.0], [0.0]]), 0.0,
                                                      np.array([[-1.0, 0.2, 0.4, 0.7, 2.0], [3.0, -2.0, 1.0, 0.5, -1.0]])),
                                                     label="z on both sides of 0 and of 0.5")]),
    ], mistakes=[
        Mistake("probabilities instead of labels", "Predictions are 0 / 1: threshold the probabilities at 0.5.",
                lambda w, b, X: sigmoid(w.T @ X + b)),
        Mistake("threshold on z at 0.5", "Threshold the probability a = σ(z) at 0.5 (equivalently z at 0), not z at 0.5.",
                lambda w, b, X: ((w.T @ X + b) > 0.5) * 1.0),
        Mistake("labels inverted", "Predict 1 where a > 0.5.", lambda w, b, X: (sigmoid(w.T @ X + b) <= 0.5) * 1.0),
    ]),
    Part("model", uses=("initialize_with_zeros", "optimize", "predict"), timeout=60, checks=[
        Values("digits 3 vs 8 with the default settings", [_digits((8,), (3,))], rtol=1e-5, weight=2),
        Values("digits 1 vs 7, 300 steps at α = 0.1", [_digits((7,), (1,), num_iterations=300, learning_rate=0.1)],
               rtol=1e-5),
        Property("held-out accuracy as good as the reference's", [_digits((8,), (3,))], check=_test_accuracy_close),
    ], mistakes=[
        Mistake("learning_rate ignored", "Pass the model's learning_rate on to optimize.",
                _model_with(learning_rate=0.009)),
        Mistake("num_iterations ignored", "Pass the model's num_iterations on to optimize.", _model_with(num_iterations=100)),
        Mistake("train and test predictions swapped", "Y_prediction_test holds the predictions on X_test.", _model_swapped),
    ]),
]
