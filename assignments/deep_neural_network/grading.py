"""Hidden checks and known mistakes of `deep_neural_network`."""

import contextlib
import copy
import io

import numpy as np

from autograder import datasets
from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import deep_neural_network as ref
from solutions.deep_neural_network import relu, relu_backward, sigmoid, sigmoid_backward

ACTIVATIONS = {"sigmoid": sigmoid, "relu": relu}
BACKWARDS = {"sigmoid": sigmoid_backward, "relu": relu_backward}
ODD = (1, 3, 5, 7, 9)
DIGITS_DIMS = [64, 20, 7, 5, 1]


# -- inputs ----------------------------------------------------------------------------------
def _layer(rng, n_prev, n, m, margin=0.0):
    """(A_prev, W, b) with weights of order 1; with a margin, every Z = W A_prev + b is at least that far
    from ReLU's kink (central differences then never straddle it)."""
    while True:
        A_prev = rng.normal(size=(n_prev, m))
        W = rng.normal(size=(n, n_prev)) / np.sqrt(n_prev)
        b = 0.3 * rng.normal(size=(n, 1))
        if np.min(np.abs(W @ A_prev + b)) > margin:
            return A_prev, W, b


def _network(rng, dims, m, margin=0.0):
    """(X, Y, parameters) of an unsaturated network, every pre-activation at least ``margin`` from 0."""
    while True:
        X = rng.normal(size=(dims[0], m))
        Y = (rng.random((1, m)) > 0.5) * 1.0
        parameters = {}
        for l in range(1, len(dims)):
            parameters["W%d" % l] = rng.normal(size=(dims[l], dims[l - 1])) * np.sqrt(2.0 / dims[l - 1])
            parameters["b%d" % l] = 0.2 * rng.normal(size=(dims[l], 1))
        _, caches = ref.L_model_forward(X, parameters)
        if all(np.min(np.abs(Z)) > margin for _, Z in caches):
            return X, Y, parameters


def _linear_inputs(n_prev, n, m):
    return lambda rng: _layer(rng, n_prev, n, m)


def _activation_inputs(n_prev, n, m, activation):
    return lambda rng: (*_layer(rng, n_prev, n, m), activation)


def _linear_backward_inputs(n_prev, n, m, margin=0.0):
    """(dZ, (A_prev, W, b))."""
    def build(rng):
        A_prev, W, b = _layer(rng, n_prev, n, m, margin)
        return rng.normal(size=(n, m)), (A_prev, W, b)
    return build


def _activation_backward_inputs(n_prev, n, m, activation, margin=0.0):
    """(dA, ((A_prev, W, b), Z), activation), the cached Z being W A_prev + b."""
    def build(rng):
        A_prev, W, b = _layer(rng, n_prev, n, m, margin)
        return rng.normal(size=(n, m)), ((A_prev, W, b), W @ A_prev + b), activation
    return build


def _forward_inputs(dims, m):
    def build(rng):
        X, _, parameters = _network(rng, dims, m)
        return X, parameters
    return build


def _problem(dims, m, margin=1e-3):
    return lambda rng: _network(rng, dims, m, margin)


def _as_backward_call(X, Y, parameters):
    AL, caches = ref.L_model_forward(X, parameters)
    return AL, Y, caches


def _backward_inputs(dims, m, y=None):
    """Inputs of L_model_backward; ``y`` fixes every label (with y = 0 and a negative output z, dAL
    without its (1 - Y) term and ReLU at the output would both give zero gradients)."""
    def build(rng):
        X, Y, parameters = _network(rng, dims, m)
        if y is not None:
            Y = np.full_like(Y, float(y))
        return _as_backward_call(X, Y, parameters)
    return build


def _update_inputs(dims, learning_rate):
    def build(rng):
        _, _, parameters = _network(rng, dims, 1)
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in parameters.items()}
        return parameters, grads, learning_rate
    return build


def _digits_case(**kwargs):
    def build(rng):
        X_train, Y_train, _, _ = datasets.load("load_digits_binary", positive=ODD, negative=None)
        return X_train, Y_train, list(DIGITS_DIMS)
    return Case(build, kwargs, label="odd vs even digits, layers [64, 20, 7, 5, 1], α = 0.1, 1000 steps")


# -- objectives of the gradient checks -------------------------------------------------------
def _linear_sum(dZ, cache):
    A_prev, W, b = cache
    return float(np.sum(dZ * (W @ A_prev + b)))


def _linear_mean(dZ, cache):
    return _linear_sum(dZ, cache) / cache[0].shape[1]


def _layer_sum(dA, cache, activation):
    (A_prev, W, b), _ = cache
    return float(np.sum(dA * ACTIVATIONS[activation](W @ A_prev + b)[0]))


def _layer_mean(dA, cache, activation):
    return _layer_sum(dA, cache, activation) / cache[0][0].shape[1]


def _cost_of(X, Y, parameters):
    return ref.compute_cost(ref.L_model_forward(X, parameters)[0], Y)


def _summed_loss_of(X, Y, parameters):
    return X.shape[1] * _cost_of(X, Y, parameters)


def _parameter_paths(L):
    paths = {}
    for l in range(1, L + 1):
        paths["dW%d" % l] = ((2, "W%d" % l), ("dW%d" % l,))
        paths["db%d" % l] = ((2, "b%d" % l), ("db%d" % l,))
    return paths


# -- properties ------------------------------------------------------------------------------
def _shapes_and_zero_biases(parameters, ctx):
    dims = ctx.args[0]
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, got {type(parameters).__name__}"
    for l in range(1, len(dims)):
        for key, shape in (("W%d" % l, (dims[l], dims[l - 1])), ("b%d" % l, (dims[l], 1))):
            value = parameters.get(key)
            if not isinstance(value, np.ndarray):
                return f'parameters["{key}"] should be an ndarray of shape {shape}, got {type(value).__name__}'
            if value.shape != shape:
                return f'parameters["{key}"] should have shape {shape}, got {value.shape}'
        if np.any(parameters["b%d" % l] != 0):
            return f'parameters["b{l}"] should start at zero'
    extra = sorted(set(parameters) - {f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"})
    if extra:
        return f"unexpected keys {extra}: one W and one b per layer, for layers 1 to {len(dims) - 1}"
    return None


def _weights_scaled_by_fan_in(parameters, ctx):
    problem = _shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    dims = ctx.args[0]
    for l in range(1, len(dims)):
        W, std = parameters["W%d" % l], 1 / np.sqrt(dims[l - 1])
        if abs(W.mean()) > 6 * std / np.sqrt(W.size):
            return f"W{l}: the mean of the entries is {W.mean():.3g}; draws centred on 0 are expected (np.random.randn)"
        if abs(W.std() / std - 1) > 0.03:
            return (f"W{l} of shape {W.shape}: the entries have standard deviation {W.std():.3g}; "
                    f"1/sqrt(n[{l - 1}]) = {std:.3g} is expected")
        inside = np.mean(np.abs(W) < std)
        if abs(inside - 0.6827) > 0.02:
            return (f"W{l}: {inside:.1%} of the entries lie within one standard deviation of 0; a normal "
                    f"distribution puts 68.3% there (np.random.randn, not np.random.rand)")
    return None


def _units_differ(parameters, ctx):
    problem = _shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    for key, W in parameters.items():
        if key.startswith("W") and W.shape[0] > 1 and len(np.unique(W, axis=0)) < W.shape[0]:
            return f"two rows of {key} are equal: those units would compute the same thing for ever"
    return None


def _trained_parameters(result):
    """The parameters, whether the model returns (parameters, costs) or, as in older releases, parameters."""
    return result[0] if isinstance(result, (tuple, list)) else result


def _held_out_accuracy(actual, ctx):
    _, _, X_test, Y_test = datasets.load("load_digits_binary", positive=ODD, negative=None)

    def accuracy(parameters):
        return float(np.mean((ref.L_model_forward(X_test, parameters)[0] > 0.5) == Y_test))

    mine, best = accuracy(_trained_parameters(actual)), accuracy(_trained_parameters(ctx.expected))
    if mine < 0.95 or mine < best - 0.01:
        return (f"your trained network labels {mine:.1%} of the held-out digits correctly; the reference "
                f"reaches {best:.1%} with the same settings (at least 95% is required)")
    return None


# -- known mistakes --------------------------------------------------------------------------
def _initialize_with(scale=lambda n_prev, n: 1 / np.sqrt(n_prev), last=True, bias_shape=lambda n: (n, 1)):
    def wrong(layer_dims):
        parameters = {}
        for l in range(1, len(layer_dims) - (0 if last else 1)):
            n_prev, n = layer_dims[l - 1], layer_dims[l]
            parameters["W%d" % l] = np.random.randn(n, n_prev) * scale(n_prev, n)
            parameters["b%d" % l] = np.zeros(bias_shape(n))
        return parameters
    return wrong


def _seeded(seed, initialize):
    def wrong(layer_dims):
        np.random.seed(seed)
        return initialize(layer_dims)
    return wrong


def _activation_forward_with(swap=False, pair_as_A=False):
    def wrong(A_prev, W, b, activation):
        if swap:
            activation = {"sigmoid": "relu", "relu": "sigmoid"}[activation]
        Z = W @ A_prev + b
        A, _ = ACTIVATIONS[activation](Z)
        return (ACTIVATIONS[activation](Z) if pair_as_A else A), ((A_prev, W, b), Z)
    return wrong


def _forward_with(hidden="relu", output="sigmoid", output_cache=True):
    def wrong(X, parameters):
        caches, A, L = [], X, len(parameters) // 2
        for l in range(1, L + 1):
            A, cache = ref.linear_activation_forward(A, parameters["W%d" % l], parameters["b%d" % l],
                                                     output if l == L else hidden)
            if l < L or output_cache:
                caches.append(cache)
        return A, caches
    return wrong


def _cost_with(mean=True, sign=-1.0, positive_only=False):
    def wrong(AL, Y):
        terms = Y * np.log(AL) + (0 if positive_only else (1 - Y) * np.log(1 - AL))
        return float(sign * np.sum(terms) / (Y.shape[1] if mean else 1))
    return wrong


def _linear_backward_with(dA_mean=False, dW_mean=True, keepdims=True, axis=1):
    def wrong(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = dZ @ A_prev.T / (m if dW_mean else 1)
        db = np.sum(dZ, axis=axis, keepdims=keepdims) / m
        dA_prev = W.T @ dZ / (m if dA_mean else 1)
        return dA_prev, dW, db
    return wrong


def _activation_backward_with(swap=False, skip=False):
    def wrong(dA, cache, activation):
        linear_cache, Z = cache
        if swap:
            activation = {"sigmoid": "relu", "relu": "sigmoid"}[activation]
        dZ = dA if skip else BACKWARDS[activation](dA, Z)
        return ref.linear_backward(dZ, linear_cache)
    return wrong


def _model_backward_with(dAL=None, output="sigmoid", hidden="relu", shift_keys=False):
    def wrong(AL, Y, caches):
        grads, L = {}, len(caches)
        Y = Y.reshape(AL.shape)
        dA = dAL(AL, Y) if dAL else -(Y / AL - (1 - Y) / (1 - AL))
        for l in reversed(range(1, L + 1)):
            dA, dW, db = ref.linear_activation_backward(dA, caches[l - 1], output if l == L else hidden)
            shift = 1 if shift_keys else 0
            grads["dA%d" % (l - 1 + shift)], grads["dW%d" % l], grads["db%d" % l] = dA, dW, db
        return grads
    return wrong


def _update_with(sign=1.0, last=True, biases=True):
    def wrong(params, grads, learning_rate):
        parameters = copy.deepcopy(params)
        L = len(parameters) // 2
        for l in range(1, L + (1 if last else 0)):
            parameters["W%d" % l] = parameters["W%d" % l] - sign * learning_rate * grads["dW%d" % l]
            if biases:
                parameters["b%d" % l] = parameters["b%d" % l] - sign * learning_rate * grads["db%d" % l]
        return parameters
    return wrong


def _model_with(fixed_rate=None, discard=False):
    def wrong(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        rate = learning_rate if fixed_rate is None else fixed_rate
        np.random.seed(1)
        costs, parameters = [], ref.initialize_parameters_deep(layers_dims)
        trained = parameters
        for i in range(num_iterations):
            AL, caches = ref.L_model_forward(X, trained)
            cost = ref.compute_cost(AL, Y)
            new = ref.update_parameters(trained, ref.L_model_backward(AL, Y, caches), rate)
            trained = parameters if discard else new
            if i % 100 == 0:
                costs.append(cost)
        return trained, costs
    return wrong


def _quiet_predict(X, y, parameters):
    """The reference's predict without its printed accuracy (which would land in `dlgrade build`'s output)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return ref.predict(X, y, parameters)


def _predictions(X, parameters):
    return ref.L_model_forward(X, parameters)[0]


def _some_outputs_one_half(rng):
    """Zero biases and two zero columns of X: those examples get AL = sigmoid(0) = 0.5 exactly; the
    others get z = -0.95, -0.8 and 1 (fixed, so that no draw of dead ReLUs makes them 0.5 too), so
    that labelling 0.5 as 1 and inverting the labels give different results."""
    X = np.array([[0.0, 1.0, -1.0, 0.0, 2.0], [0.0, 0.5, 1.0, 0.0, -1.0], [0.0, 2.0, 0.5, 0.0, 1.0]])
    return (X, np.ones((1, 5)), {"W1": np.array([[1.0, 0.5, -0.5], [0.3, 1.0, 0.2]]), "b1": np.zeros((2, 1)),
                                 "W2": np.array([[1.0, -1.0]]), "b2": np.zeros((1, 1))})


PARTS = [
    Part("initialize_parameters_deep", returns="parameters", checks=[
        Property("shapes of every layer, biases at zero",
                 [Case(([5, 4, 3],), np_seed=5, label="[5, 4, 3]"), Case(([7, 1],), np_seed=6, label="one layer, [7, 1]"),
                  Case(([3, 8, 6, 2, 1],), np_seed=7, label="[3, 8, 6, 2, 1]")], check=_shapes_and_zero_biases),
        Property("weights drawn from N(0, 1) / sqrt(n[l-1])", [Case(([1000, 1000, 500, 200],), np_seed=8,
                                                                    label="[1000, 1000, 500, 200]")],
                 check=_weights_scaled_by_fan_in, weight=2),
        Property("units start different (symmetry broken)", [Case(([4, 6, 5, 1],), np_seed=9, label="[4, 6, 5, 1]")],
                 check=_units_differ),
        Values("the course's draw after np.random.seed(1): W1 first", [
            Case(([4, 6, 3, 1],), np_seed=1, label="[4, 6, 3, 1]"), Case(([2, 3, 1],), np_seed=1, label="[2, 3, 1]")]),
    ], mistakes=[
        Mistake("weights scaled by 0.01", "The course's first version multiplies by 0.01; this network divides by "
                "sqrt(n[l-1]) so that deep layers neither shrink nor blow up the signal.",
                _initialize_with(scale=lambda n_prev, n: 0.01)),
        Mistake("the first assignment's initialisation", "The course's first assignment seeds with 3 inside the "
                "function and multiplies by 0.01; here the caller seeds, and the weights are divided by "
                "sqrt(n[l-1]) so that deep layers neither shrink nor blow up the signal.", _seeded(3, _initialize_with(
                    scale=lambda n_prev, n: 0.01))),
        Mistake("weights not scaled", "Divide np.random.randn(...) by np.sqrt(layer_dims[l - 1]).",
                _initialize_with(scale=lambda n_prev, n: 1.0)),
        Mistake("scaled by the layer's own size", "The scale uses the fan-in n[l-1] = layer_dims[l - 1], the number "
                "of inputs of each unit, not n[l].", _initialize_with(scale=lambda n_prev, n: 1 / np.sqrt(n))),
        Mistake("He scaling", "He initialisation, sqrt(2 / n[l-1]), is the other assignment's; here the weights "
                "are divided by sqrt(n[l-1]).", _initialize_with(scale=lambda n_prev, n: np.sqrt(2 / n_prev))),
        Mistake("last layer missing", "len(layer_dims) counts the input layer too: loop over l = 1, ..., "
                "len(layer_dims) - 1 with range(1, len(layer_dims)).", _initialize_with(last=False)),
        Mistake("biases as rows", "b[l] is a column of shape (n[l], 1).", _initialize_with(bias_shape=lambda n: (1, n))),
    ]),
    Part("linear_forward", returns=("Z", "cache"), checks=[
        Values("hidden cases of other shapes", [Case(_linear_inputs(5, 3, 4), label="(5, 4) -> (3, 4)"),
                                                Case(_linear_inputs(4, 1, 1), label="m = 1, one unit"),
                                                Case(_linear_inputs(2, 6, 7), label="(2, 7) -> (6, 7)")], weight=2),
    ], mistakes=[
        Mistake("bias left out", "Z = W A + b: add the bias column (numpy broadcasts it to every example).",
                lambda A, W, b: (W @ A, (A, W, b))),
    ]),
    Part("linear_activation_forward", uses=("linear_forward",), returns=("A", "cache"), checks=[
        Values("hidden cases, both activations", [Case(_activation_inputs(5, 3, 4, "sigmoid"), label="sigmoid"),
                                                  Case(_activation_inputs(4, 6, 3, "relu"), label="relu"),
                                                  Case(_activation_inputs(3, 2, 1, "relu"), label="relu, m = 1")],
               weight=2),
    ], mistakes=[
        Mistake("activations swapped", 'activation == "sigmoid" calls sigmoid(Z), "relu" calls relu(Z).',
                _activation_forward_with(swap=True)),
        Mistake("the helper's pair taken as A", "sigmoid(Z) and relu(Z) return two values, (A, activation_cache): "
                "unpack them, A, activation_cache = relu(Z).", _activation_forward_with(pair_as_A=True)),
    ]),
    Part("L_model_forward", uses=("linear_activation_forward",), returns=("AL", "caches"), checks=[
        Values("hidden networks", [Case(_forward_inputs([5, 4, 3, 1], 6), label="layers [5, 4, 3, 1], m = 6"),
                                   Case(_forward_inputs([3, 1], 5), label="a single layer, [3, 1]"),
                                   Case(_forward_inputs([4, 5, 5, 3, 1], 1), label="layers [4, 5, 5, 3, 1], m = 1")],
               weight=2),
    ], mistakes=[
        Mistake("sigmoid in every layer", "Layers 1 to L-1 use ReLU; only layer L uses the sigmoid.",
                _forward_with(hidden="sigmoid")),
        Mistake("ReLU at the output", "The last layer is LINEAR -> SIGMOID, so that AL is a probability.",
                _forward_with(output="relu")),
        Mistake("output layer's cache missing", "Append the last layer's cache too: caches holds L caches.",
                _forward_with(output_cache=False)),
    ]),
    Part("compute_cost", returns="cost", checks=[
        Values("hidden cases", [Case(lambda rng: (rng.uniform(0.05, 0.95, size=(1, 7)), (rng.random((1, 7)) > 0.5) * 1.0),
                                     label="m = 7"),
                                Case(lambda rng: (rng.uniform(0.05, 0.95, size=(1, 1)), np.zeros((1, 1))), label="m = 1"),
                                Case(lambda rng: (np.array([[1e-9, 0.5, 1 - 1e-9]]), np.array([[0.0, 1.0, 1.0]])),
                                     label="confident predictions")], weight=2),
    ], mistakes=[
        Mistake("sum instead of mean", "J averages the losses: divide the sum by m.", _cost_with(mean=False)),
        Mistake("cost without the minus sign", "J = -(1/m) Σ [y log a + (1 - y) log(1 - a)]: logs of probabilities "
                "are negative, the minus makes the cost positive.", _cost_with(sign=1.0)),
        Mistake("only the y = 1 term", "Each loss has two terms: y log a for the examples of class 1 and "
                "(1 - y) log(1 - a) for those of class 0.", _cost_with(positive_only=True)),
    ]),
    Part("linear_backward", returns=("dA_prev", "dW", "db"), checks=[
        Values("hidden cases of other shapes", [Case(_linear_backward_inputs(5, 3, 4), label="n[l-1] = 5, n[l] = 3, m = 4"),
                                                Case(_linear_backward_inputs(3, 1, 1), label="m = 1, one unit"),
                                                Case(_linear_backward_inputs(2, 6, 7), label="n[l-1] = 2, n[l] = 6, m = 7")],
               weight=2),
        GradCheck("dA_prev matches central differences of Σ dZ·Z", [Case(_linear_backward_inputs(4, 3, 5), label="m = 5")],
                  objective=_linear_sum, wrt={"dA_prev": ((1, 0), (0,))}),
        GradCheck("dW and db match central differences of (1/m) Σ dZ·Z",
                  [Case(_linear_backward_inputs(4, 3, 5), label="m = 5")],
                  objective=_linear_mean, wrt={"dW": ((1, 1), (1,)), "db": ((1, 2), (2,))}),
    ], mistakes=[
        Mistake("dA_prev divided by m", "dA_prev = W^T dZ, without 1/m: like dZ it belongs to the summed loss; "
                "1/m enters dW and db only.", _linear_backward_with(dA_mean=True)),
        Mistake("dW without 1/m", "dW = (1/m) dZ A_prev^T: the mean over the examples.", _linear_backward_with(dW_mean=False)),
        Mistake("db without keepdims", "np.sum(dZ, axis=1, keepdims=True) keeps db of shape (n, 1), the shape of b.",
                _linear_backward_with(keepdims=False)),
        Mistake("db summed over axis 0", "Sum over the examples, which are the columns: axis=1.",
                _linear_backward_with(axis=0)),
    ]),
    Part("linear_activation_backward", uses=("linear_backward",), returns=("dA_prev", "dW", "db"), checks=[
        Values("hidden cases, both activations", [
            Case(_activation_backward_inputs(5, 3, 4, "sigmoid"), label="sigmoid"),
            Case(_activation_backward_inputs(4, 6, 5, "relu"), label="relu"),
            Case(_activation_backward_inputs(3, 2, 1, "relu"), label="relu, m = 1")], weight=2),
        GradCheck("dA_prev matches central differences of Σ dA·g(Z)", [
            Case(_activation_backward_inputs(4, 3, 5, "relu", margin=1e-3), label="relu"),
            Case(_activation_backward_inputs(3, 2, 4, "sigmoid"), label="sigmoid")],
            objective=_layer_sum, wrt={"dA_prev": ((1, 0, 0), (0,))}),
        GradCheck("dW and db match central differences of (1/m) Σ dA·g(Z)", [
            Case(_activation_backward_inputs(4, 3, 5, "relu", margin=1e-3), label="relu"),
            Case(_activation_backward_inputs(3, 2, 4, "sigmoid"), label="sigmoid")],
            objective=_layer_mean, wrt={"dW": ((1, 0, 1), (1,)), "db": ((1, 0, 2), (2,))}),
    ], mistakes=[
        Mistake("activations swapped", 'Go back through the activation the layer used: relu_backward for "relu", '
                'sigmoid_backward for "sigmoid".', _activation_backward_with(swap=True)),
        Mistake("activation's derivative skipped", "First dZ = relu_backward(dA, activation_cache) (or "
                "sigmoid_backward), then linear_backward(dZ, linear_cache).", _activation_backward_with(skip=True)),
    ]),
    Part("L_model_backward", uses=("linear_activation_backward",), returns="grads", checks=[
        Values("hidden networks", [Case(_backward_inputs([5, 4, 3, 1], 6), label="layers [5, 4, 3, 1], m = 6"),
                                   Case(_backward_inputs([3, 1], 4), label="a single layer, [3, 1]"),
                                   Case(_backward_inputs([4, 5, 3, 1], 1, y=1), label="layers [4, 5, 3, 1], m = 1, y = 1")],
               weight=2),
        GradCheck("dW and db match central differences of the cost", [
            Case(_problem([4, 5, 3, 1], 6), label="layers [4, 5, 3, 1], m = 6")],
            objective=_cost_of, call_args=_as_backward_call, wrt=_parameter_paths(3), weight=2),
        GradCheck("dA0 matches central differences of the summed loss in X", [
            Case(_problem([3, 4, 1], 5), label="layers [3, 4, 1], m = 5")],
            objective=_summed_loss_of, call_args=_as_backward_call, wrt={"dA0": ((0,), ("dA0",))}),
    ], mistakes=[
        Mistake("dAL with the wrong sign", "dAL = -(Y / AL - (1 - Y) / (1 - AL)): the derivative of the loss, "
                "whose minus sign is easy to drop.", _model_backward_with(dAL=lambda AL, Y: Y / AL - (1 - Y) / (1 - AL))),
        Mistake("dAL without the (1 - Y) term", "The loss has two terms, so dAL has two: -(Y / AL - (1 - Y) / (1 - AL)).",
                _model_backward_with(dAL=lambda AL, Y: -Y / AL)),
        Mistake("ReLU at the output layer", 'Layer L is LINEAR -> SIGMOID: go back through it with "sigmoid".',
                _model_backward_with(output="relu")),
        Mistake("sigmoid in the hidden layers", 'Layers 1 to L-1 are LINEAR -> RELU: go back through them with "relu".',
                _model_backward_with(hidden="sigmoid")),
        Mistake("gradients stored one layer off", 'Layer l stores "dA" + str(l - 1), "dW" + str(l) and "db" + str(l): '
                "dA of the layer below it, and its own dW and db.", _model_backward_with(shift_keys=True)),
    ]),
    Part("update_parameters", returns="parameters", checks=[
        Values("hidden cases", [Case(_update_inputs([3, 4, 1], 0.1), label="two layers, α = 0.1"),
                                Case(_update_inputs([5, 4, 3, 2, 1], 0.75), label="four layers, α = 0.75")], weight=2),
    ], mistakes=[
        Mistake("last layer not updated", "Layers run from 1 to L: range(1, L + 1), or range(L) with l + 1 in the keys.",
                _update_with(last=False)),
        Mistake("gradient ascent", "Step against the gradient: W := W - α dW.", _update_with(sign=-1.0)),
        Mistake("biases never updated", "Every b[l] has a gradient too: b := b - α db.", _update_with(biases=False)),
    ]),
    Part("L_layer_model", uses=("initialize_parameters_deep", "L_model_forward", "compute_cost", "L_model_backward",
                                "update_parameters"), returns=("parameters", "costs"), timeout=60, checks=[
        Values("the notebook's digits model: the reference's trained parameters",
               [_digits_case(learning_rate=0.1, num_iterations=1000)], select=_trained_parameters, rtol=1e-5,
               weight=2),
        Property("at least 95% of the held-out digits right", [_digits_case(learning_rate=0.1, num_iterations=1000)],
                 check=_held_out_accuracy, weight=2),
    ], mistakes=[
        Mistake("learning_rate ignored", "Pass the model's learning_rate on to update_parameters.",
                _model_with(fixed_rate=0.0075)),
        Mistake("the update is thrown away", "update_parameters returns the new parameters: assign them, "
                "parameters = update_parameters(parameters, grads, learning_rate).", _model_with(discard=True)),
    ]),
    Part("predict", uses=("L_model_forward",), returns="p", reference=_quiet_predict, checks=[
        Values("hidden cases", [Case(lambda rng: _network(rng, [4, 3, 1], 9), label="m = 9"),
                                Case(lambda rng: _network(rng, [3, 5, 2, 1], 1), label="m = 1"),
                                Case(_some_outputs_one_half, label="some outputs exactly 0.5")], weight=2),
    ], mistakes=[
        Mistake("probabilities instead of labels", "Threshold the output: 1 where AL > 0.5, else 0.",
                lambda X, y, parameters: _predictions(X, parameters)),
        Mistake("labels inverted", "Class 1 is where AL > 0.5.",
                lambda X, y, parameters: (_predictions(X, parameters) <= 0.5) * 1.0),
        Mistake("0.5 itself labelled 1", "Label 1 only strictly above one half: AL > 0.5.",
                lambda X, y, parameters: (_predictions(X, parameters) >= 0.5) * 1.0),
    ]),
]
