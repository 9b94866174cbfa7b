"""Hidden checks and known mistakes of `bias_variance`.

The learning curves take `train_fn` and `predict_fn` arguments, but only arrays and plain Python values
cross into the sandbox, so every case calls them with the defaults: the given tanh network, which the
submission gets from the `bv_utils` import of the notebook's setup cell. Each case trains a few small
networks (well under two seconds for the reference).

Case builders draw from their own generator only: numpy's global one is shared with reference calls
that seed it (such as `train_dev_test_split`), which may run in another thread.
"""

import numpy as np

from autograder.compare import describe_type
from autograder.spec import Case, Mistake, NoInPlace, Part, Property, Values
from solutions import bias_variance as ref
from solutions.bias_variance import (REMEDIES_FOR_HIGH_BIAS, REMEDIES_FOR_HIGH_VARIANCE, REMEDY_VOCABULARY, error_rate,
                                     predict_tanh_network, train_tanh_network)

SPLIT_RETURNS = ("X_train", "Y_train", "X_dev", "Y_dev", "X_test", "Y_test")
ROUNDING = "set sizes use Python's round: a half goes to the even size, and a share may round to an empty set"


# -- inputs ----------------------------------------------------------------------------------
def _random_errors(rng):
    """Bayes, training and dev error with both gaps well away from the default tolerance 0.02."""
    bayes = float(rng.uniform(0.0, 0.1))
    bias = float(rng.choice([rng.uniform(0.0, 0.01), rng.uniform(0.04, 0.2)]))
    variance = float(rng.choice([rng.uniform(0.0, 0.01), rng.uniform(0.04, 0.2)]))
    return bayes + bias, bayes + bias + variance, bayes


def _data(n_x, m):
    """Builder of random inputs X (n_x, m) and labels Y (1, m)."""
    def build(rng):
        return rng.normal(size=(n_x, m)), (rng.random((1, m)) > 0.5) * 1.0
    return build


def _split_case(n_x, m, dev_fraction, test_fraction, label):
    data = _data(n_x, m)
    return Case(lambda rng: (*data(rng), dev_fraction, test_fraction, int(rng.integers(0, 10_000))), label=label)


def _labelled(rng):
    """Columns that name themselves (X[0] and Y hold the example's number), random m and fractions."""
    m = int(rng.integers(20, 200))
    X = np.vstack([np.arange(m, dtype=float), rng.normal(size=(1, m))])
    return (X, np.arange(m, dtype=float).reshape(1, m), float(rng.uniform(0.05, 0.3)), float(rng.uniform(0.05, 0.3)),
            int(rng.integers(0, 10_000)))


def _flower(m_train, m_dev, extra, n_noise=0):
    """Builder of (X_train, Y_train, X_dev, Y_dev, extra): shuffled flower points of a random draw.

    `n_noise` appends features of pure noise, for inputs of another size than 2.
    """
    def build(rng):
        m = m_train + m_dev
        X, Y = ref.make_flower(m=m + m % 2, noise=float(rng.uniform(0.15, 0.3)), seed=int(rng.integers(0, 10_000)))
        order = rng.permutation(X.shape[1])[:m]
        X, Y = X[:, order], Y[:, order]
        if n_noise:
            X = np.vstack([X, rng.normal(size=(n_noise, m))])
        return X[:, :m_train], Y[:, :m_train], X[:, m_train:], Y[:, m_train:], extra
    return build


# -- properties ------------------------------------------------------------------------------
def _counts(errors, sizes, what):
    errors = np.asarray(errors, dtype=float)
    if errors.shape != (len(sizes),):
        return f"{what} should have shape ({len(sizes)},), one per size; got {describe_type(errors)}"
    for error, size in zip(errors, sizes):
        if not 0 <= error <= 1 or abs(error * size - round(error * size)) > 1e-9:
            return (f"{what}: {error!r} is not a fraction of {size} examples; measure it with error_rate on "
                    f"exactly those examples")
    return None


def _data_size_curve(actual, ctx):
    """Errors that count examples, and the shape theory predicts: with more data the dev error falls."""
    X_train, Y_train, X_dev, Y_dev, sizes = ctx.args
    if not isinstance(actual, (tuple, list)) or len(actual) != 2:
        return f"expected (train_errors, dev_errors), got {describe_type(actual)}"
    problem = (_counts(actual[0], list(sizes), "train_errors")
               or _counts(actual[1], [Y_dev.shape[1]] * len(sizes), "dev_errors"))
    if problem:
        return problem
    train_errors, dev_errors = np.asarray(actual[0], dtype=float), np.asarray(actual[1], dtype=float)
    if not dev_errors[-1] < dev_errors[0]:
        return (f"the dev error should fall as the training set grows from {sizes[0]} to {sizes[-1]} examples; "
                f"got {dev_errors[0]:.3f} and {dev_errors[-1]:.3f}")
    if not train_errors[0] < dev_errors[0]:
        return (f"trained on {sizes[0]} examples, the network should fit them better than it does the dev set; "
                f"got training error {train_errors[0]:.3f}, dev error {dev_errors[0]:.3f}")
    return None


def _model_size_curve(actual, ctx):
    """Errors that count examples, and the shape theory predicts: a tiny network underfits."""
    X_train, Y_train, X_dev, Y_dev, hidden_sizes = ctx.args
    if not isinstance(actual, (tuple, list)) or len(actual) != 2:
        return f"expected (train_errors, dev_errors), got {describe_type(actual)}"
    problem = (_counts(actual[0], [Y_train.shape[1]] * len(hidden_sizes), "train_errors")
               or _counts(actual[1], [Y_dev.shape[1]] * len(hidden_sizes), "dev_errors"))
    if problem:
        return problem
    train_errors = np.asarray(actual[0], dtype=float)
    if not train_errors[0] > train_errors[-1]:
        return (f"a network with {hidden_sizes[0]} hidden unit(s) should fit the flower worse than one with "
                f"{hidden_sizes[-1]}; got training errors {train_errors[0]:.3f} and {train_errors[-1]:.3f}")
    return None


def _every_example_once(actual, ctx):
    """Whatever the seed: each example in exactly one set, with its own label, the sets' sizes rounded."""
    X, Y, dev_fraction, test_fraction, _ = ctx.args
    m = X.shape[1]
    if not isinstance(actual, (tuple, list)) or len(actual) != 6:
        return f"expected six arrays (X_train, Y_train, X_dev, Y_dev, X_test, Y_test), got {describe_type(actual)}"
    for name, X_part, Y_part in zip(("train", "dev", "test"), actual[0::2], actual[1::2]):
        X_part, Y_part = np.asarray(X_part), np.asarray(Y_part)
        if X_part.ndim != 2 or Y_part.ndim != 2 or X_part.shape[1] != Y_part.shape[1]:
            return f"the {name} set: X and Y must be 2-D with one column per example"
        if not np.array_equal(X_part[0], Y_part[0]):
            return (f"in the {name} set some labels are no longer with their examples: shuffle X and Y with "
                    f"one permutation")
    sizes = [np.asarray(part).shape[1] for part in actual[1::2]]
    wanted = [m - round(dev_fraction * m) - round(test_fraction * m), round(dev_fraction * m), round(test_fraction * m)]
    if sizes != wanted:
        return f"m = {m}: set sizes (train, dev, test) {sizes}, expected {wanted}"
    labels = np.concatenate([np.asarray(part)[0] for part in actual[1::2]])
    if sorted(labels) != list(range(m)):
        return "not every example appears exactly once across the three sets"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _diagnose(kind):
    def wrong(train_error, dev_error, bayes_error=0.0, tolerance=0.02):
        avoidable_bias = train_error - (0.0 if kind == "no bayes" else bayes_error)
        variance = dev_error - (bayes_error if kind == "variance from bayes" else train_error)
        if kind == "absolute":
            avoidable_bias, variance = abs(avoidable_bias), abs(variance)
        limit = 0.02 if kind == "fixed tolerance" else tolerance
        if kind == "at least":
            high_bias, high_variance = avoidable_bias >= limit, variance >= limit
        else:
            high_bias, high_variance = avoidable_bias > limit, variance > limit
        if kind == "swapped":
            high_bias, high_variance = high_variance, high_bias
        return {"avoidable_bias": avoidable_bias, "variance": variance,
                "high_bias": high_bias, "high_variance": high_variance}
    return wrong


def _remedies(kind):
    def wrong(diagnosis):
        bias, variance = diagnosis["high_bias"], diagnosis["high_variance"]
        if kind == "is True":
            bias, variance = bias is True, variance is True
        for_bias, for_variance = REMEDIES_FOR_HIGH_BIAS, REMEDIES_FOR_HIGH_VARIANCE
        if kind == "lists mixed up":
            for_bias, for_variance = for_variance, for_bias
        groups = [for_bias] * bool(bias) + [for_variance] * bool(variance)
        if kind == "variance first":
            groups.reverse()
        if kind == "vocabulary order":
            return [r for r in REMEDY_VOCABULARY if any(r in group for group in groups)]
        if kind == "elif":
            groups = groups[:1]
        remedies = [r for group in groups for r in group]
        if kind != "duplicate":
            remedies = list(dict.fromkeys(remedies))
        return remedies
    return wrong


def _split(kind):
    def wrong(X, Y, dev_fraction=0.1, test_fraction=0.1, seed=0):
        np.random.seed(seed)
        m = X.shape[1]
        order_X = np.arange(m) if kind == "no shuffle" else np.random.permutation(m)
        order_Y = np.random.permutation(m) if kind == "two permutations" else order_X
        X, Y = X[:, order_X], Y[:, order_Y]
        size = {"truncated": int, "half up": lambda x: int(x + 0.5)}.get(kind, round)
        m_dev, m_test = int(size(dev_fraction * m)), int(size(test_fraction * m))
        m_train = m - m_dev - m_test
        if kind == "dev and test swapped":
            dev, test = slice(m - m_dev, m), slice(m_train, m_train + m_test)
        else:
            dev, test = slice(m_train, m_train + m_dev), slice(m_train + m_dev, m)
        return X[:, :m_train], Y[:, :m_train], X[:, dev], Y[:, dev], X[:, test], Y[:, test]
    return wrong


def _data_curve(kind):
    def wrong(X_train, Y_train, X_dev, Y_dev, sizes, train_fn=None, predict_fn=None):
        train_fn, predict_fn = train_fn or train_tanh_network, predict_fn or predict_tanh_network
        train_errors, dev_errors = np.zeros(len(sizes)), np.zeros(len(sizes))
        for i, size in enumerate(sizes):
            X_part, Y_part = (X_train, Y_train) if kind == "whole set" else (X_train[:, :size], Y_train[:, :size])
            parameters = train_fn(X_part, Y_part)
            if kind == "error on the whole set":
                train_errors[i] = error_rate(predict_fn(parameters, X_train), Y_train)
            else:
                train_errors[i] = error_rate(predict_fn(parameters, X_part), Y_part)
            dev_errors[i] = error_rate(predict_fn(parameters, X_dev), Y_dev)
        return (dev_errors, train_errors) if kind == "swapped" else (train_errors, dev_errors)
    return wrong


def _model_curve(kind):
    def wrong(X_train, Y_train, X_dev, Y_dev, hidden_sizes, train_fn=None, predict_fn=None):
        train_fn, predict_fn = train_fn or train_tanh_network, predict_fn or predict_tanh_network
        train_errors, dev_errors = np.zeros(len(hidden_sizes)), np.zeros(len(hidden_sizes))
        for i, n_h in enumerate(hidden_sizes):
            parameters = train_fn(X_train, Y_train) if kind == "n_h dropped" else train_fn(X_train, Y_train, n_h)
            train_errors[i] = error_rate(predict_fn(parameters, X_train), Y_train)
            dev_errors[i] = error_rate(predict_fn(parameters, X_dev), Y_dev)
        return (dev_errors, train_errors) if kind == "swapped" else (train_errors, dev_errors)
    return wrong


PARTS = [
    Part("diagnose", returns="diagnosis", checks=[
        Values("hidden cases", [
            Case((0.08, 0.09), label="train 8 %, dev 9 %"),
            Case((0.15, 0.30, 0.14), label="train 15 %, dev 30 %, Bayes 14 %"),
            Case((0.02, 0.12, 0.07), label="training error below the Bayes estimate"),
            Case((0.20, 0.17, 0.05), label="dev error below the training error"),
            Case(_random_errors, label="random error rates"),
            Case(_random_errors, label="random error rates")], weight=3),
        Values("the tolerance argument, compared strictly", [
            Case((0.05, 0.08, 0.0, 0.04), label="tolerance 4 %"),
            # 0.02 - 0.0 and 0.04 - 0.02 are exactly 0.02 in floating point. At the default tolerance, so
            # that a fixed 0.02 cannot be confused with a >= comparison on this case.
            Case((0.02, 0.04), label="both gaps exactly equal to the default tolerance 2 %")]),
    ], mistakes=[
        Mistake("variance measured from the Bayes error", "Variance is the gap between dev and training error: "
                "dev_error - train_error.", _diagnose("variance from bayes")),
        Mistake("Bayes error ignored", "Avoidable bias is train_error - bayes_error: on a task where even the best "
                "classifier errs, part of the training error cannot be removed.", _diagnose("no bayes")),
        Mistake("absolute gaps", "Keep the signs: a training error below the Bayes estimate, or a dev error below the "
                "training error, is no problem to fix.", _diagnose("absolute")),
        Mistake("flags swapped", "high_bias comes from the avoidable bias, high_variance from the variance.",
                _diagnose("swapped")),
        Mistake(">= instead of >", "A gap counts as high only when it is strictly greater than the tolerance.",
                _diagnose("at least")),
        Mistake("tolerance ignored", "Compare the gaps with the tolerance argument, not a fixed 0.02.",
                _diagnose("fixed tolerance")),
    ]),
    Part("recommend_remedies", returns="remedies", checks=[
        Values("hidden cases", [
            Case(({"high_bias": False, "high_variance": True},), label="high variance only"),
            Case(({"high_bias": False, "high_variance": False},), label="neither"),
            Case((ref.diagnose(0.25, 0.40, 0.05),), label="the full output of diagnose, both high")], weight=2),
        Values("flags as numpy bools", [
            Case(({"high_bias": np.bool_(True), "high_variance": np.bool_(True)},), label="both high"),
            Case(({"high_bias": np.bool_(False), "high_variance": np.bool_(True)},), label="high variance")]),
    ], mistakes=[
        Mistake("better_architecture listed twice", "Each remedy appears at most once: \"better_architecture\" "
                "helps with bias and with variance alike.", _remedies("duplicate")),
        Mistake("remedy lists mixed up", "High bias calls for REMEDIES_FOR_HIGH_BIAS (a bigger network, training "
                "longer ...), high variance for REMEDIES_FOR_HIGH_VARIANCE (more data, regularisation ...).",
                _remedies("lists mixed up"),
                # With both problems high, swapping the lists and swapping their order give one list.
                same_as=("variance remedies first",)),
        Mistake("variance remedies first", "With both problems, the bias remedies come first: the recipe fixes "
                "bias before variance.", _remedies("variance first"),
                same_as=("remedy lists mixed up",)),
        Mistake("only one problem treated", "Bias and variance can both be high: test them with two separate "
                "ifs, not if/elif.", _remedies("elif")),
        Mistake("remedies in the order of REMEDY_VOCABULARY", "The order comes from the two lists: the bias "
                "remedies in REMEDIES_FOR_HIGH_BIAS order, then the variance remedies in REMEDIES_FOR_HIGH_VARIANCE "
                "order; with high variance only, \"more_data\" comes first.", _remedies("vocabulary order")),
        Mistake("`is True` test", "Flags computed from numpy numbers are numpy bools, and np.True_ is not True: "
                "write `if diagnosis[\"high_bias\"]:`.", _remedies("is True")),
    ]),
    Part("train_dev_test_split", returns=SPLIT_RETURNS, checks=[
        Values("hidden cases of other sizes and seeds", [
            _split_case(3, 97, 0.1, 0.2, "m = 97: 9.7 and 19.4 examples"),
            _split_case(2, 50, 0.0, 0.3, "no dev set"),
            _split_case(1, 23, 0.13, 0.22, "n_x = 1, m = 23"),
            _split_case(4, 400, 0.02, 0.01, "a large training share")], weight=3),
        Values("sizes rounded with Python's round", [
            _split_case(2, 50, 0.05, 0.09, "m = 50: 2.5 and 4.5 examples round to 2 and 4"),
            _split_case(3, 20, 0.02, 0.15, "m = 20: 0.4 dev examples round to none")], requirement=ROUNDING),
        Property("every example in one set, with its label, whatever the seed",
                 [Case(_labelled, label="random m, fractions and seed"),
                  Case(_labelled, label="random m, fractions and seed")], check=_every_example_once),
        NoInPlace("leaves X and Y as they were", [_split_case(2, 30, 0.2, 0.2, "m = 30")]),
    ], mistakes=[
        Mistake("split sizes truncated", "Round the sizes (round(dev_fraction * m)); int() cuts 9.7 down to 9.",
                _split("truncated")),
        Mistake("halves rounded up", "Python's round sends a half to the even neighbour (round(2.5) == 2); "
                "int(x + 0.5) rounds it up and moves one example into the wrong set.", _split("half up")),
        Mistake("X and Y shuffled with different permutations", "Draw one permutation and index both X and Y "
                "with it; two draws separate every label from its example.", _split("two permutations")),
        Mistake("dev and test sets swapped", "After the training set come the dev set (the next m_dev columns) "
                "and then the test set (the last m_test).", _split("dev and test swapped")),
        Mistake("no shuffle", "Shuffle the columns with np.random.permutation(m) before splitting.",
                _split("no shuffle")),
    ]),
    Part("learning_curve_data_size", returns=("train_errors", "dev_errors"), checks=[
        Values("hidden cases on other flowers", [
            Case(_flower(200, 80, [3, 25, 80, 200]), label="200 training examples, sizes 3 to 200"),
            Case(_flower(90, 50, [10, 60], n_noise=1), label="three features"),
            Case(_flower(40, 30, [1, 2]), label="one and two training examples")], weight=3),
        Property("the dev error falls with more data; errors count examples",
                 [Case(_flower(120, 40, [3, 30, 120]), label="sizes 3, 30, 120")], check=_data_size_curve),
    ], mistakes=[
        Mistake("training error on the whole training set", "Measure the training error on the examples the "
                "network was trained on: the first `size` columns.", _data_curve("error on the whole set")),
        Mistake("training and dev errors swapped", "Return (train_errors, dev_errors), in that order.",
                _data_curve("swapped")),
        Mistake("trained on the whole set every time", "Train on X_train[:, :size] and Y_train[:, :size]: the curve "
                "shows how the errors change with the amount of training data.", _data_curve("whole set")),
    ]),
    Part("learning_curve_model_size", returns=("train_errors", "dev_errors"), checks=[
        Values("hidden cases on other flowers", [
            Case(_flower(150, 60, [1, 2, 6]), label="150 training examples, 1 to 6 hidden units"),
            Case(_flower(90, 40, [3, 10], n_noise=1), label="three features")], weight=3),
        Property("a one-unit network underfits; errors count examples",
                 [Case(_flower(100, 40, [1, 8]), label="1 and 8 hidden units")], check=_model_size_curve),
    ], mistakes=[
        Mistake("training and dev errors swapped", "Return (train_errors, dev_errors), in that order.",
                _model_curve("swapped")),
        Mistake("n_h not passed on", "Call train_fn(X_train, Y_train, n_h): without n_h every network gets the "
                "default 20 hidden units.", _model_curve("n_h dropped")),
    ]),
]
