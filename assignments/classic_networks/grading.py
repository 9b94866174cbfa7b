"""Hidden checks and known mistakes of `classic_networks`.

Shapes and counts are graded layer by layer on layers of every kind, with odd sizes where a floor
matters, and on whole tables: the three classic networks (whose published totals the notebook
shows) and tables drawn at random. Initialisation is graded on its shapes, keys and scale, and on
the stated draws. The model is graded on a short run against the reference's, and on its held-out
accuracy after that run (the notebook's longer run reaches 97%).
"""

import numpy as np

from autograder import datasets
from autograder.spec import Case, Mistake, NoInPlace, Part, Property, Values
from solutions import classic_networks as ref


def _conv(f, n_C, stride=1, padding="valid"):
    return {"type": "conv", "f": f, "n_C": n_C, "stride": stride, "padding": padding, "activation": "relu"}


def _pool(f, stride, mode="max"):
    return {"type": "pool", "f": f, "stride": stride, "mode": mode}


FLATTEN = {"type": "flatten"}


def _fc(units, activation="relu"):
    return {"type": "fc", "units": units, "activation": activation}


SHAPE_CASES = [
    Case(((31, 29, 3), _conv(5, 8)), label="conv 5 x 5 valid on (31, 29, 3)"),
    Case(((15, 15, 4), _conv(3, 10, padding="same")), label="conv 3 x 3 same on (15, 15, 4)"),
    Case(((64, 50, 3), _conv(7, 16, stride=2)), label="conv 7 x 7 stride 2 valid on (64, 50, 3), floors"),
    Case(((227, 227, 3), _conv(11, 96, stride=4)), label="conv 11 x 11 stride 4 on (227, 227, 3)"),
    Case(((27, 27, 96), _pool(3, 2)), label="max pool 3 stride 2 on (27, 27, 96)"),
    Case(((11, 9, 6), _pool(2, 2, "avg")), label="avg pool 2 stride 2 on (11, 9, 6), floors"),
    Case(((6, 6, 256), FLATTEN), label="flatten (6, 6, 256)"),
    Case(((3, 5, 7), FLATTEN), label="flatten (3, 5, 7)"),
    Case(((400,), _fc(120)), label="fc 120 after 400"),
]

COUNT_CASES = [
    Case(((31, 29, 3), _conv(5, 8)), label="conv 5 x 5, 3 -> 8 channels"),
    Case(((15, 15, 4), _conv(3, 10, padding="same")), label="conv 3 x 3 same, 4 -> 10 channels"),
    Case(((13, 13, 384), _conv(3, 256, padding="same")), label="AlexNet's CONV5"),
    Case(((27, 27, 96), _pool(3, 2)), label="max pool 3 stride 2"),
    Case(((10, 10, 16), _pool(2, 2, "avg")), label="avg pool 2 stride 2"),
    Case(((5, 5, 16), FLATTEN), label="flatten"),
    Case(((400,), _fc(120)), label="fc 120 after 400"),
    Case(((84,), _fc(10, "softmax")), label="softmax output, 10 after 84"),
]


def _random_table(rng):
    """A small random architecture on a random input: conv / pool stages, flatten, fc layers."""
    shape = (int(rng.integers(20, 40)), int(rng.integers(20, 40)), int(rng.integers(1, 4)))
    layers, size = [], min(shape[:2])
    for _ in range(int(rng.integers(2, 4))):
        f = int(rng.choice([3, 5]))
        # "valid" only where the image stays at least 4 wide, so every table is a possible network.
        padding = str(rng.choice(["same", "valid"])) if size - f + 1 >= 4 else "same"
        layers.append(_conv(f, int(rng.integers(4, 33)), padding=padding))
        size = size - f + 1 if padding == "valid" else size
        if rng.random() < 0.7:
            layers.append(_conv(3, int(rng.integers(4, 33)), padding="same"))
        layers.append(_pool(2, 2, str(rng.choice(["max", "avg"]))))
        size //= 2
    layers += [FLATTEN, _fc(int(rng.integers(10, 100))), _fc(int(rng.integers(2, 11)), "softmax")]
    return shape, layers


TABLES = [Case(((32, 32, 1), ref.LENET5), label="LeNet-5"),
          Case(((227, 227, 3), ref.ALEXNET), label="AlexNet"),
          Case(((224, 224, 3), ref.VGG16), label="VGG-16"),
          Case(_random_table, label="a random table"),
          Case(_random_table, label="another random table")]


# -- known mistakes: shapes and counts -------------------------------------------------------------
def _shape_with(pad_rule=None, ignore_stride=False, flatten_channels=True, keep_channels=False, round_up=False):
    def wrong(input_shape, layer):
        kind = layer["type"]
        if kind in ("conv", "pool"):
            n_H, n_W, n_C_prev = input_shape
            f, s = layer["f"], (1 if ignore_stride else layer["stride"])
            p = 0
            if kind == "conv":
                p = pad_rule(layer) if pad_rule else ((f - 1) // 2 if layer["padding"] == "same" else 0)
            size = (lambda n: -(-(n + 2 * p - f) // s) + 1) if round_up else (lambda n: (n + 2 * p - f) // s + 1)
            n_C = layer["n_C"] if kind == "conv" and not keep_channels else n_C_prev
            return (size(n_H), size(n_W), n_C)
        if kind == "flatten":
            return (int(np.prod(input_shape if flatten_channels else input_shape[:2])),)
        return (layer["units"],)
    return wrong


def _count_with(biases=True, filter_depth=True, shared_bias=False, pool_as_conv=False):
    def wrong(input_shape, layer):
        kind = layer["type"]
        if kind == "conv":
            weights = layer["f"] * layer["f"] * (input_shape[2] if filter_depth else 1) * layer["n_C"]
            return int(weights + (1 if shared_bias else layer["n_C"] if biases else 0))
        if kind == "fc":
            return int(input_shape[0] * layer["units"] + (layer["units"] if biases else 0))
        if kind == "pool" and pool_as_conv:
            n_C = input_shape[2]
            return int((layer["f"] * layer["f"] * n_C + 1) * n_C)
        return 0
    return wrong


def _summary_with(fixed_input=False, count_after=False):
    def wrong(input_shape, layers):
        shapes, counts, shape = [], [], tuple(input_shape)
        for layer in layers:
            out = ref.layer_output_shape(shape, layer)
            counts.append(ref.layer_parameter_count(out if count_after else shape, layer))
            shapes.append(out)
            if not fixed_input:
                shape = out
        return shapes, counts, int(sum(counts))
    return wrong


# -- initialize_parameters ---------------------------------------------------------------------------
INIT_CASES = [Case(((8, 8, 1), ref.DIGITS_LENET, 3), label="the digits LeNet, seed 3"),
              Case(((12, 10, 2), [_conv(5, 4), _pool(2, 2), _conv(3, 6, padding="same"), FLATTEN, _fc(7, "softmax")], 11),
                   label="a small table with 2 input channels, seed 11")]
BIG = Case(((40, 40, 8), [_conv(5, 64), FLATTEN, _fc(300), _fc(200, "softmax")], 5), label="big layers, seed 5")


def _expected_shapes(input_shape, layers):
    shapes, shape = {}, tuple(input_shape)
    for l, layer in enumerate(layers, start=1):
        if layer["type"] == "conv":
            shapes["W%d" % l] = (layer["f"], layer["f"], shape[2], layer["n_C"])
            shapes["b%d" % l] = (1, 1, 1, layer["n_C"])
        elif layer["type"] == "fc":
            shapes["W%d" % l] = (layer["units"], shape[0])
            shapes["b%d" % l] = (layer["units"], 1)
        shape = ref.layer_output_shape(shape, layer)
    return shapes


def _keys_shapes_and_zero_biases(parameters, ctx):
    input_shape, layers = ctx.args[0], ctx.args[1]
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, got {type(parameters).__name__}"
    wanted = _expected_shapes(input_shape, layers)
    if set(parameters) != set(wanted):
        return (f"expected the keys {sorted(wanted)} (the number is the layer's position in the table, counted from "
                f"1, pooling and flattening included); got {sorted(parameters)}")
    for key, shape in wanted.items():
        if not isinstance(parameters[key], np.ndarray) or parameters[key].shape != shape:
            got = parameters[key].shape if isinstance(parameters[key], np.ndarray) else type(parameters[key]).__name__
            return f'parameters["{key}"] should have shape {shape}; got {got}'
        if key.startswith("b") and np.any(parameters[key] != 0):
            return f'parameters["{key}"] should start at zero'
    return None


def _he_scale(parameters, ctx):
    problem = _keys_shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    for key, W in parameters.items():
        if key.startswith("W"):
            fan_in = int(np.prod(W.shape[:3])) if W.ndim == 4 else W.shape[1]
            std = np.sqrt(2.0 / fan_in)
            if abs(W.std() / std - 1) > 0.05 or abs(W.mean()) > 6 * std / np.sqrt(W.size):
                return (f"{key} of shape {W.shape}: entries with mean {W.mean():.3g} and standard deviation "
                        f"{W.std():.3g}; He initialisation gives mean 0 and sqrt(2 / fan-in) = {std:.3g} "
                        f"(fan-in {fan_in})")
    return None


def _init_with(fan_in=None, transposed=False, consecutive=False):
    def wrong(input_shape, layers, seed=0):
        rng = np.random.default_rng(seed)
        parameters, shape, k = {}, tuple(input_shape), 0
        for l, layer in enumerate(layers, start=1):
            if layer["type"] in ("conv", "fc"):
                k += 1
                index = k if consecutive else l
                if layer["type"] == "conv":
                    f, n_C_prev, n_C = layer["f"], shape[2], layer["n_C"]
                    fan = fan_in(f, n_C_prev) if fan_in else f * f * n_C_prev
                    parameters["W%d" % index] = rng.standard_normal((f, f, n_C_prev, n_C)) * np.sqrt(2.0 / fan)
                    parameters["b%d" % index] = np.zeros((1, 1, 1, n_C))
                else:
                    n_prev, units = shape[0], layer["units"]
                    W_shape = (n_prev, units) if transposed else (units, n_prev)
                    parameters["W%d" % index] = rng.standard_normal(W_shape) * np.sqrt(2.0 / n_prev)
                    parameters["b%d" % index] = np.zeros((units, 1))
            shape = ref.layer_output_shape(shape, layer)
        return parameters
    return wrong


# -- model ---------------------------------------------------------------------------------------------
def _digits_training(rng):
    X_train, Y_train, _, _ = datasets.load("load_digits")
    images, labels = ref.digit_images(X_train, Y_train)
    return images, labels, ref.DIGITS_LENET


SHORT_RUN = Case(_digits_training, {"learning_rate": 0.1, "num_epochs": 4, "mini_batch_size": 32, "seed": 1},
                 label="the digits LeNet, all training digits, 4 epochs, α = 0.1 (the reference reaches 93.0%)")
SHORT_THRESHOLD = 0.90
RANDOM_RUN = Case(lambda rng: (rng.uniform(0, 1, size=(60, 8, 8, 1)), rng.integers(0, 10, size=60), ref.DIGITS_LENET),
                  {"learning_rate": 0.1, "num_epochs": 2, "mini_batch_size": 20, "seed": 2},
                  label="60 random images, 2 epochs of 20")


def _held_out_accuracy(actual, ctx):
    _, _, X_test, Y_test = datasets.load("load_digits")
    images, labels = ref.digit_images(X_test, Y_test)

    def accuracy(parameters):
        return float(np.mean(ref.predict(images, parameters, ref.DIGITS_LENET) == labels))

    mine, best = accuracy(actual[0]), accuracy(ctx.expected[0])
    if mine < SHORT_THRESHOLD or mine < best - 0.01:
        return (f"after this short run your network labels {mine:.1%} of the held-out digits correctly; the "
                f"reference reaches {best:.1%} with the same settings (at least {SHORT_THRESHOLD:.0%} is required "
                f"here; the notebook's longer run reaches 97%)")
    return None


def _model_with(discard=False, fixed_rate=None):
    def wrong(X, Y, layers, learning_rate=0.05, num_epochs=10, mini_batch_size=32, seed=0):
        parameters = ref.initialize_parameters(X.shape[1:], layers, seed)
        rng = np.random.default_rng(seed)
        costs = []
        for _ in range(num_epochs):
            epoch_cost = 0.0
            for X_batch, Y_batch in ref.mini_batches(X, Y, mini_batch_size, rng):
                scores, caches = ref.network_forward(X_batch, parameters, layers)
                cost, dscores = ref.softmax_cross_entropy(scores, Y_batch)
                grads = ref.network_backward(dscores, caches, parameters, layers)
                updated = ref.update_parameters(parameters, grads, learning_rate if fixed_rate is None else fixed_rate)
                parameters = parameters if discard else updated
                epoch_cost += cost * X_batch.shape[0]
            costs.append(epoch_cost / X.shape[0])
        return parameters, costs
    return wrong


PARTS = [
    Part("layer_output_shape", returns="output_shape", checks=[
        Values("conv layers: valid and same padding, strides, floors", SHAPE_CASES[:4], strict_types=True, weight=2),
        Values("pooling layers", SHAPE_CASES[4:6], strict_types=True),
        Values("flatten and fc layers", SHAPE_CASES[6:], strict_types=True),
    ], mistakes=[
        Mistake('"same" treated as "valid"', '"same" padding keeps n_H and n_W: p = (f - 1) // 2; only "valid" means '
                "p = 0.", _shape_with(pad_rule=lambda layer: 0)),
        Mistake('"valid" treated as "same"', '"valid" means no padding, p = 0, and the output shrinks by f - 1; '
                '"same" is the one with p = (f - 1) // 2.', _shape_with(pad_rule=lambda layer: (layer["f"] - 1) // 2)),
        Mistake("stride ignored", "Divide by the stride: n_H = floor((n_H_prev + 2p - f) / s) + 1.",
                _shape_with(ignore_stride=True)),
        Mistake("rounded up", "The window must fit inside the (padded) input: round down, with //.",
                _shape_with(round_up=True)),
        Mistake("flatten size without the channels", "Flattening keeps every value: n_H * n_W * n_C entries.",
                _shape_with(flatten_channels=False)),
        Mistake("conv output keeps the input's channels", "A convolution outputs one channel per filter: "
                'n_C = layer["n_C"]. Only pooling keeps the input\'s channels.', _shape_with(keep_channels=True)),
    ]),
    Part("layer_parameter_count", returns="count", checks=[
        Values("conv layers", COUNT_CASES[:3], strict_types=True, weight=2),
        Values("pooling and flatten layers have none", COUNT_CASES[3:6], strict_types=True),
        Values("fc layers", COUNT_CASES[6:], strict_types=True),
    ], mistakes=[
        Mistake("biases not counted", "Every filter and every unit has a bias too: (f * f * n_C_prev + 1) * n_C, "
                "(n_prev + 1) * units.", _count_with(biases=False)),
        Mistake("filters without depth", "A filter spans every input channel: it has f * f * n_C_prev weights, "
                "not f * f.", _count_with(filter_depth=False)),
        Mistake("one bias for the whole layer", "Each filter has its own bias: + n_C, not + 1.",
                _count_with(shared_bias=True)),
        Mistake("pooling counted as having parameters", "Pooling has hyperparameters (f, s, max or average) but learns "
                "nothing: 0 parameters.", _count_with(pool_as_conv=True)),
    ]),
    Part("network_summary", uses=("layer_output_shape", "layer_parameter_count"), returns=("shapes", "counts", "total"),
         checks=[
             Values("the classic tables and random ones", TABLES, weight=2),
             NoInPlace("does not modify the table", TABLES[:1], weight=0.5),
         ], mistakes=[
             Mistake("every layer given the network's input", "Each layer's input is the previous layer's output: "
                     "update the shape after each layer.", _summary_with(fixed_input=True)),
             Mistake("count taken on the layer's output", "A layer's parameters depend on its input (n_C_prev, "
                     "n_prev): count before moving the shape on to the output.", _summary_with(count_after=True)),
         ]),
    Part("initialize_parameters", uses=("layer_output_shape",), returns="parameters", checks=[
        Property("keys, shapes and zero biases", INIT_CASES, check=_keys_shapes_and_zero_biases),
        Property("He initialisation: standard deviation sqrt(2 / fan-in)", [BIG], check=_he_scale),
        Values("the stated draws of np.random.default_rng(seed), in table order", INIT_CASES),
    ], mistakes=[
        Mistake("fan-in without the input channels", "The fan-in of a convolution is f * f * n_C_prev, the number of "
                "inputs of each output value.", _init_with(fan_in=lambda f, n_C_prev: f * f)),
        Mistake("fc weights transposed", "A fc layer takes examples as columns: W has shape (units, n_prev), so that "
                "Z = W A + b.", _init_with(transposed=True)),
        Mistake("keys counted over the parameter layers only", "The number in W{l} is the layer's position in the "
                "table, counted from 1, pooling and flattening included.", _init_with(consecutive=True)),
    ]),
    # model calls initialize_parameters, whose given code calls layer_output_shape: both answer as the
    # reference would, so that a wrong shape costs its own points only.
    Part("model", uses=("initialize_parameters", "layer_output_shape"), returns=("parameters", "costs"), timeout=60,
         checks=[
        Values("short runs: the reference's parameters and costs", [SHORT_RUN, RANDOM_RUN], rtol=1e-5, weight=2),
        Property(f"held-out accuracy after the short run (at least {SHORT_THRESHOLD:.0%})", [SHORT_RUN],
                 check=_held_out_accuracy),
    ], mistakes=[
        Mistake("the update is thrown away", "update_parameters returns the new parameters: assign them, "
                "parameters = update_parameters(parameters, grads, learning_rate).", _model_with(discard=True)),
        Mistake("learning_rate ignored", "Pass the model's learning_rate on to update_parameters.",
                _model_with(fixed_rate=0.05)),
    ]),
]
