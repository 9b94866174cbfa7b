"""Hidden checks and known mistakes of `optimization`.

Three choices shape this spec:

- The update functions may work on copies (as the reference does) or update `parameters`, `v` and `s`
  in place (as the course's notebooks do). Both are right, so no update function gets a `NoInPlace`
  check: only the returned values are compared.
- `update_parameters_with_adam` returns `(parameters, v, s, v_corrected, s_corrected)` in newer
  releases of the course and `(parameters, v, s)` in older ones. Every `Values` check compares the
  first three only (`_moments`); a `Property` compares the corrected values whenever five come back.
- Training outcomes need many steps, and the sandbox makes one call per case. So `model`, whose update
  step is the last exercise, is a graded part: one call trains the network on the moons data with the
  student's own optimiser functions, and a `Property` per optimiser (momentum, RMSprop, Adam) compares
  the test accuracy with the reference's.
"""

import inspect
import math
import textwrap

import numpy as np

from autograder import datasets
from autograder.compare import compare, describe_type
from autograder.spec import Case, Mistake, NoInPlace, Part, Property, Values
from solutions import optimization as ref


# -- inputs ----------------------------------------------------------------------------------
def _layers(dims, rng, prefix="", scale=1.0, positive=False):
    """A dict of W/b-shaped arrays for the layer sizes `dims`, keys "W1", "b1"... (with a prefix)."""
    out = {}
    for l in range(1, len(dims)):
        for name, shape in (("W", (dims[l], dims[l - 1])), ("b", (dims[l], 1))):
            value = scale * rng.normal(size=shape)
            out[f"{prefix}{name}{l}"] = np.abs(value) if positive else value
    return out


def _step(dims, *extra, state=(), fresh=False):
    """Builder of (parameters, grads, *state dicts, *extra) for a network of layer sizes `dims`.

    `state` names the optimiser state to add: "v" (first moments, either sign) or "s" (second
    moments, positive); `fresh` makes them zeros, as on the first step.
    """
    def build(rng):
        parameters = _layers(dims, rng)
        grads = _layers(dims, rng, prefix="d")
        moments = []
        for kind in state:
            moment = _layers(dims, rng, prefix="d", scale=0.1 if kind == "v" else 0.05, positive=kind == "s")
            moments.append({k: np.zeros_like(a) for k, a in moment.items()} if fresh else moment)
        return (parameters, grads, *moments, *extra)
    return build


def _network(dims):
    return lambda rng: (_layers(dims, rng),)


def _columns(n_x, m, size):
    """Builder of (X, Y, mini_batch_size, seed) with a seed drawn per case."""
    def build(rng):
        X = rng.normal(size=(n_x, m))
        Y = (rng.random((1, m)) > 0.5) * 1.0
        return X, Y, size, int(rng.integers(0, 10_000))
    return build


def _labelled(rng):
    """Columns that name themselves (X[0] and Y hold the example's number), a random size and seed."""
    m = int(rng.integers(20, 90))
    X = np.vstack([np.arange(m, dtype=float), rng.normal(size=(1, m))])
    return X, np.arange(m, dtype=float).reshape(1, m), int(rng.integers(3, 17)), int(rng.integers(0, 10_000))


def _moons(optimizer, num_epochs, layers_dims=(2, 5, 2, 1), **options):
    kwargs = dict(options, num_epochs=num_epochs, print_cost=False)
    label = ", ".join([optimizer, f"{num_epochs} epochs"] + [f"{k} = {v}" for k, v in options.items()])

    def build(rng):
        X, Y = datasets.load("load_moons")[:2]
        return X, Y, list(layers_dims), optimizer
    return Case(build, kwargs, label=label)


# -- what is compared ------------------------------------------------------------------------
def _moments(out):
    """Adam's (parameters, v, s), whether the function returns 3 or 5 values."""
    if not isinstance(out, (tuple, list)) or len(out) not in (3, 5):
        raise TypeError(f"expected 3 or 5 values, got {describe_type(out)}")
    return {"parameters": out[0], "v": out[1], "s": out[2]}


def _corrected_values(actual, ctx):
    """When Adam returns five values, the last two are the bias-corrected moments."""
    if not isinstance(actual, (tuple, list)) or len(actual) not in (3, 5):
        return (f"expected (parameters, v, s, v_corrected, s_corrected) or (parameters, v, s), "
                f"got {describe_type(actual)}")
    if compare(_moments(ctx.expected), _moments(actual)):
        return "counts once parameters, v and s are right (see the other checks)"
    if len(actual) == 3:
        return None  # an older release's signature: nothing more to compare
    expected = {"v_corrected": ctx.expected[3], "s_corrected": ctx.expected[4]}
    problems = compare(expected, {"v_corrected": actual[3], "s_corrected": actual[4]}, "result")
    return "\n".join(problems) or None


def _test_accuracy_close(actual, ctx):
    """The trained network classifies the 300 held-out moons points as well as the reference's."""
    X_test, Y_test = datasets.load("load_moons")[2:]
    parameters = actual[0] if isinstance(actual, (tuple, list)) else actual
    mine = float(np.mean(ref.predict_dec(parameters, X_test) == Y_test))
    best = float(np.mean(ref.predict_dec(ctx.expected[0], X_test) == Y_test))
    if mine < best - 0.02:
        return f"test accuracy after training {mine:.1%}; the reference reaches {best:.1%} with the same settings"
    return None


def _one_label_per_example(actual, ctx):
    """Whatever the seed: every example in exactly one batch, with its own label, full batches first."""
    X, Y, size, _ = ctx.args
    m = X.shape[1]
    if not isinstance(actual, (list, tuple)) or not actual:
        return f"expected a non-empty list of (mini_batch_X, mini_batch_Y) pairs, got {describe_type(actual)}"
    sizes = [np.shape(batch_Y)[1] for _, batch_Y in actual]
    wanted = [size] * (m // size) + ([m % size] if m % size else [])
    if sizes != wanted:
        return f"m = {m}, mini_batch_size = {size}: batch sizes {sizes}, expected {wanted}"
    for batch_X, batch_Y in actual:
        if not np.array_equal(np.asarray(batch_X)[0], np.asarray(batch_Y)[0]):
            return "some labels are no longer with their examples: shuffle X and Y with one permutation"
    labels = np.concatenate([np.asarray(batch_Y)[0] for _, batch_Y in actual])
    if sorted(labels) != list(range(m)):
        return "not every example appears exactly once across the mini-batches"
    if np.array_equal(labels, np.arange(m)):
        return "the examples are in their original order: shuffle them first"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _keys(parameters):
    return [(p + str(l), "d" + p + str(l)) for l in range(1, len(parameters) // 2 + 1) for p in ("W", "b")]


def _gd(sign=1.0, biases=True):
    def wrong(parameters, grads, learning_rate):
        parameters = dict(parameters)
        for param, key in _keys(parameters):
            if biases or param.startswith("W"):
                parameters[param] = parameters[param] - sign * learning_rate * grads[key]
        return parameters
    return wrong


def _mini_batches(same_permutation=True, shuffle=True, remainder="rest"):
    def wrong(X, Y, mini_batch_size=64, seed=0):
        np.random.seed(seed)
        m = X.shape[1]
        order_X = np.random.permutation(m) if shuffle else np.arange(m)
        order_Y = order_X if same_permutation else np.random.permutation(m)
        X, Y = X[:, order_X], Y[:, order_Y]
        full = m // mini_batch_size
        cuts = [slice(k * mini_batch_size, (k + 1) * mini_batch_size) for k in range(full)]
        batches = [(X[:, cut], Y[:, cut]) for cut in cuts]
        if m % mini_batch_size and remainder == "rest":
            batches.append((X[:, full * mini_batch_size:], Y[:, full * mini_batch_size:]))
        elif m % mini_batch_size and remainder == "last full batch":
            batches.append((X[:, -mini_batch_size:], Y[:, -mini_batch_size:]))
        return batches
    return wrong


def _zeros(b_like_w=False, parameter_keys=False):
    def state(parameters):
        out = {}
        for param, key in _keys(parameters):
            shape = parameters["W" + param[1:]].shape if b_like_w else parameters[param].shape
            out[param if parameter_keys else key] = np.zeros(shape)
        return out
    return state


def _momentum(kind):
    def wrong(parameters, grads, v, beta, learning_rate):
        parameters, v = dict(parameters), dict(v)
        for param, key in _keys(parameters):
            old = v[key]
            if kind == "no (1 - beta)":
                v[key] = beta * v[key] + grads[key]
            elif kind == "weights swapped":
                v[key] = (1 - beta) * v[key] + beta * grads[key]
            else:
                v[key] = beta * v[key] + (1 - beta) * grads[key]
            parameters[param] = parameters[param] - learning_rate * (old if kind == "old velocity" else v[key])
        return parameters, v
    return wrong


def _rmsprop(kind):
    def wrong(parameters, grads, s, beta, learning_rate, epsilon=1e-8):
        parameters, s = dict(parameters), dict(s)
        for param, key in _keys(parameters):
            g = grads[key]
            s[key] = beta * s[key] + (1 - beta) * (g if kind == "no square" else g ** 2)
            if kind == "epsilon inside":
                denominator = np.sqrt(s[key] + epsilon)
            elif kind == "no root":
                denominator = s[key] + epsilon
            else:
                denominator = np.sqrt(s[key]) + epsilon
            parameters[param] = parameters[param] - learning_rate * g / denominator
        return parameters, s
    return wrong


def _adam(kind):
    def wrong(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        parameters, v, s = dict(parameters), dict(v), dict(s)
        v_corrected, s_corrected = {}, {}
        step = t + 1 if kind == "t from 0" else t
        first, second = (beta2, beta1) if kind == "betas swapped" else (beta1, beta2)
        for param, key in _keys(parameters):
            g = grads[key]
            v[key] = beta1 * v[key] + (1 - beta1) * g
            s[key] = beta2 * s[key] + (1 - beta2) * (g if kind == "no square" else g ** 2)
            if kind == "no correction":
                v_corrected[key], s_corrected[key] = v[key], s[key]
            else:
                v_corrected[key] = v[key] / (1 - first ** step)
                s_corrected[key] = s[key] / (1 - second ** step)
            if kind == "epsilon inside":
                denominator = np.sqrt(s_corrected[key] + epsilon)
            else:
                denominator = np.sqrt(s_corrected[key]) + epsilon
            parameters[param] = parameters[param] - learning_rate * v_corrected[key] / denominator
            if kind == "overwrite":
                v[key], s[key] = v_corrected[key], s_corrected[key]
        return parameters, v, s, v_corrected, s_corrected
    return wrong


def _model_with(*substitutions):
    """The reference `model` with text substitutions in its source: the mistake built in."""
    source = textwrap.dedent(inspect.getsource(ref.model))
    for old, new in substitutions:
        if old not in source:
            raise ValueError(f"grading spec: {old!r} is not in the reference model")
        source = source.replace(old, new)
    namespace = dict(vars(ref))
    exec(compile(source, "<known mistake of model>", "exec"), namespace)  # noqa: S102 - instructor's own code
    return namespace["model"]


_COUNT = "                t = t + 1\n"
_ADAM_CALL = _COUNT + (
    "                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,\n"
    "                                                               beta1, beta2, epsilon)[:3]\n")


ADAM_STEPS = [
    Case(_step([3, 4, 1], 1, state="vs", fresh=True), label="first step, t = 1, layers [3, 4, 1]"),
    Case(_step([2, 5, 3], 4, state="vs"), {"learning_rate": 0.02}, label="t = 4, layers [2, 5, 3]"),
    Case(_step([4, 1, 2, 1], 10, state="vs"), {"beta1": 0.8, "beta2": 0.99}, label="t = 10, β1 = 0.8, β2 = 0.99"),
]


PARTS = [
    Part("update_parameters_with_gd", returns="parameters", checks=[
        Values("hidden cases of other shapes", [
            Case(_step([3, 1], 0.05), label="one layer, one output unit"),
            Case(_step([4, 5, 2, 1], 0.2), label="three layers"),
            Case(_step([1, 1], 0.01), label="one weight, one bias")], weight=2),
    ], mistakes=[
        Mistake("gradient ascent", "Step against the gradient: W := W - α dW, b := b - α db.", _gd(sign=-1.0)),
        Mistake("biases never updated", "Update b with db as well as W with dW, in every layer.", _gd(biases=False)),
    ]),
    Part("random_mini_batches", returns="mini_batches", checks=[
        Values("hidden cases: other sizes and seeds", [
            Case(_columns(3, 148, 64), label="m = 148, batches of 64"),
            Case(_columns(2, 11, 4), label="m = 11, batches of 4"),
            Case(_columns(4, 128, 32), label="m = 128, a multiple of 32"),
            Case(_columns(1, 50, 16), label="n_x = 1, m = 50"),
            Case(_columns(2, 1, 64), label="m = 1")], weight=3),
        Property("every example in one batch, with its label, whatever the seed",
                 [Case(_labelled, label="random m, size and seed"), Case(_labelled, label="random m, size and seed")],
                 check=_one_label_per_example),
        NoInPlace("leaves X and Y as they were", [Case(_columns(2, 30, 8))]),
    ], mistakes=[
        Mistake("X and Y shuffled with different permutations", "Draw one permutation and index both X and Y "
                "with it; two draws separate every label from its example.", _mini_batches(same_permutation=False)),
        Mistake("no shuffle", "Shuffle the columns with np.random.permutation(m) before cutting the batches.",
                _mini_batches(shuffle=False)),
        Mistake("remainder mini-batch dropped", "When m is not a multiple of mini_batch_size, the last "
                "m % mini_batch_size examples form one more, smaller mini-batch.", _mini_batches(remainder="none")),
        Mistake("last batch overlaps the one before", "The last batch starts right after the complete ones, at "
                "num_complete_minibatches * mini_batch_size, and holds only the remaining examples.",
                _mini_batches(remainder="last full batch")),
    ]),
    Part("initialize_velocity", returns="v", checks=[
        Values("other networks, float64 zeros", [Case(_network([3, 1]), label="one layer"),
                                                 Case(_network([4, 5, 2, 1]), label="three layers")],
               strict_types=True),
    ], mistakes=[
        Mistake("keys named like the parameters", "v uses the keys of grads: \"dW1\", \"db1\", ..., not "
                "\"W1\", \"b1\".", _zeros(parameter_keys=True)),
    ]),
    Part("update_parameters_with_momentum", returns=("parameters", "v"), checks=[
        Values("hidden cases of other shapes and β", [
            Case(_step([3, 4, 1], 0.9, 0.05, state="v"), label="β = 0.9"),
            Case(_step([5, 2], 0.5, 0.1, state="v"), label="one layer, β = 0.5"),
            Case(_step([2, 3, 3, 1], 0.0, 0.1, state="v"), label="β = 0: plain gradient descent")], weight=3),
    ], mistakes=[
        Mistake("momentum without (1 - β)", "v = β v + (1 - β) dW: without (1 - β) the velocity grows to about "
                "1 / (1 - β) times the gradient.", _momentum("no (1 - beta)")),
        Mistake("β and 1 - β swapped", "The old velocity is weighted by β and the new gradient by 1 - β.",
                _momentum("weights swapped")),
        Mistake("step with the old velocity", "Update v first, then step with the new v.", _momentum("old velocity")),
    ]),
    Part("initialize_rmsprop", returns="s", checks=[
        Values("other networks, float64 zeros", [Case(_network([2, 6, 1]), label="two layers"),
                                                 Case(_network([5, 3]), label="one layer")], strict_types=True),
    ], mistakes=[
        Mistake("db shaped like dW", "Each entry has the shape of its own parameter: s[\"db1\"] like b1, (n1, 1).",
                _zeros(b_like_w=True)),
    ]),
    Part("update_parameters_with_rmsprop", returns=("parameters", "s"), checks=[
        Values("hidden cases of other shapes and β", [
            Case(_step([3, 4, 1], 0.999, 0.01, state="s"), label="β = 0.999"),
            Case(_step([2, 5], 0.9, 0.05, state="s"), label="one layer, β = 0.9")], weight=2),
        Values("ε outside the square root", [Case(_step([3, 2, 1], 0.9, 0.01, state="s"), {"epsilon": 0.01},
                                                 label="ε = 0.01")]),
    ], mistakes=[
        Mistake("second moment without the square", "s averages the element-wise squares: (1 - β) * dW**2.",
                _rmsprop("no square")),
        Mistake("ε inside the square root", "Divide by np.sqrt(s) + ε: ε is added after the root.",
                _rmsprop("epsilon inside")),
        Mistake("square root forgotten", "Divide the gradient by the root of s: dW / (np.sqrt(s) + ε).",
                _rmsprop("no root")),
    ]),
    Part("initialize_adam", returns=("v", "s"), checks=[
        Values("other networks, float64 zeros", [Case(_network([3, 1]), label="one layer"),
                                                 Case(_network([4, 5, 2, 1]), label="three layers")],
               strict_types=True),
    ], mistakes=[
        Mistake("moments keyed like the parameters", "v and s use the keys of grads: \"dW1\", \"db1\", ....",
                lambda parameters: (_zeros(parameter_keys=True)(parameters), _zeros(parameter_keys=True)(parameters))),
    ]),
    Part("update_parameters_with_adam", returns=("parameters", "v", "s", "v_corrected", "s_corrected"),
         public_select=_moments, checks=[
             Values("parameters, v and s on hidden cases", ADAM_STEPS, select=_moments, weight=3),
             Values("ε outside the square root", [Case(_step([3, 2, 1], 2, state="vs"), {"epsilon": 0.01},
                                                      label="ε = 0.01, t = 2")], select=_moments),
             Property("v_corrected and s_corrected, when returned", ADAM_STEPS, check=_corrected_values),
         ], mistakes=[
        Mistake("no bias correction", "Divide v by 1 - β1^t and s by 1 - β2^t before the step.",
                _adam("no correction")),
        Mistake("bias-corrected values overwrite v and s", "Keep the corrected values in v_corrected and "
                "s_corrected; v and s carry the uncorrected averages to the next step.", _adam("overwrite")),
        Mistake("ε inside the square root", "Divide by np.sqrt(s_corrected) + ε: ε is added after the root.",
                _adam("epsilon inside")),
        Mistake("t counted from 0", "t is the number of this step, starting at 1: correct with 1 - β^t, not "
                "1 - β^(t+1).", _adam("t from 0")),
        Mistake("β1 and β2 swapped in the correction", "v is corrected with β1 (v / (1 - β1^t)), s with β2.",
                _adam("betas swapped")),
        Mistake("second moment without the square", "s averages the element-wise squares: (1 - β2) * dW**2.",
                _adam("no square")),
    ]),
    Part("update_lr", returns="learning_rate", checks=[
        Values("hidden cases", [Case((0.2, 7, 0.5)), Case((1.0, 1, 3.0)),
                                Case(lambda rng: (float(rng.uniform(0.01, 1)), int(rng.integers(1, 50)),
                                                  float(rng.uniform(0.1, 2))), label="random α0, epoch, decay")],
               weight=2),
        Values("epoch 0 gives α0", [Case((0.3, 0, 2.0))]),
    ], mistakes=[
        Mistake("without the 1 +", "α = α0 / (1 + decay_rate * epoch_num): the 1 keeps α = α0 at epoch 0.",
                lambda learning_rate0, epoch_num, decay_rate: learning_rate0 / (decay_rate * epoch_num)),
        Mistake("missing parentheses", "learning_rate0 / 1 + decay_rate * epoch_num divides by 1 only: put "
                "1 + decay_rate * epoch_num in parentheses.",
                lambda learning_rate0, epoch_num, decay_rate: learning_rate0 / 1 + decay_rate * epoch_num),
    ]),
    Part("schedule_lr_decay", returns="learning_rate", checks=[
        Values("hidden cases with the default interval", [Case((0.2, 999, 1.0), label="just before the first decay"),
                                                          Case((0.2, 1700, 0.5)), Case((0.05, 4321, 2.0))], weight=2),
        Values("other intervals", [Case((0.3, 10, 2.0, 4), label="interval 4"),
                                   Case(lambda rng: (float(rng.uniform(0.01, 1)), int(rng.integers(100, 2000)),
                                                     float(rng.uniform(0.1, 2)), int(rng.integers(7, 60))),
                                        label="random α0, epoch, decay, interval")]),
    ], mistakes=[
        Mistake("without the floor", "The rate drops in steps: use floor(epoch_num / time_interval), so it stays "
                "constant for time_interval epochs.",
                lambda lr0, e, d, time_interval=1000: lr0 / (1 + d * e / time_interval)),
        Mistake("time_interval ignored", "Divide the epoch by the time_interval argument, not by a fixed 1000.",
                lambda lr0, e, d, time_interval=1000: lr0 / (1 + d * math.floor(e / 1000))),
        Mistake("rounded instead of floored", "Use math.floor (or np.floor): round moves half the epochs into "
                "the next step.", lambda lr0, e, d, time_interval=1000: lr0 / (1 + d * round(e / time_interval))),
    ]),
    Part("model", returns=("parameters", "costs"), timeout=60,
         uses=("update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
               "update_parameters_with_momentum", "initialize_rmsprop", "update_parameters_with_rmsprop",
               "initialize_adam", "update_parameters_with_adam"), checks=[
        # One check per optimiser, so that a broken momentum costs the momentum runs only.
        Values("a short run with gradient descent", [_moons("gd", 120, learning_rate=0.1, mini_batch_size=50)],
               rtol=1e-5, atol=1e-7),
        Values("a short run with momentum", [_moons("momentum", 150, learning_rate=0.05)], rtol=1e-5, atol=1e-7),
        Values("a short run with RMSprop", [_moons("rmsprop", 150, layers_dims=(2, 6, 3, 1))], rtol=1e-5, atol=1e-7),
        Values("a short run with Adam", [_moons("adam", 150, mini_batch_size=32)], rtol=1e-5, atol=1e-7),
        Property("momentum trains the network as well as the reference's (test accuracy within 2 points)",
                 [_moons("momentum", 1000, learning_rate=0.1)], check=_test_accuracy_close),
        Property("RMSprop trains the network as well as the reference's (test accuracy within 2 points)",
                 [_moons("rmsprop", 1000)], check=_test_accuracy_close),
        Property("Adam trains the network as well as the reference's (test accuracy within 2 points)",
                 [_moons("adam", 1000)], check=_test_accuracy_close),
    ], mistakes=[
        Mistake("t counted per epoch", "t counts Adam steps, one per mini-batch: add 1 right before every call of "
                "update_parameters_with_adam, not once per epoch.",
                _model_with((_ADAM_CALL, _ADAM_CALL.replace(_COUNT, "")),
                            ("        seed = seed + 1\n", "        seed = seed + 1\n        t = t + 1\n"))),
        Mistake("t increased after the Adam step", "The first step has t = 1: add 1 to t before calling "
                "update_parameters_with_adam (with t = 0 the bias correction divides by zero).",
                # Its only trace is non-finite: 0 / 0 in the first step turns every parameter into NaN.
                _model_with((_ADAM_CALL, _ADAM_CALL.replace(_COUNT, "") + _COUNT)), nonfinite=True),
        Mistake("RMSprop given the momentum's β", "RMSprop averages squared gradients with beta2 (0.999), not with "
                "beta, the momentum.", _model_with(("grads, s, beta2,", "grads, s, beta,"))),
        Mistake("optimiser state not kept", "Keep the v (and s) the update returns: they carry the averages from "
                "one step to the next.",
                _model_with(("parameters, v = update_parameters_with_momentum(",
                             "parameters, _ = update_parameters_with_momentum("),
                            ("parameters, v, s = update_parameters_with_adam(",
                             "parameters, _, _ = update_parameters_with_adam("))),
    ]),
]
