"""Hidden checks and known mistakes of `planar_classification`."""

import numpy as np

from autograder.compare import compare
from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import planar_classification as ref
from solutions.planar_classification import sigmoid

KEYS = ("W1", "b1", "W2", "b2")


# -- inputs ----------------------------------------------------------------------------------
def _parameters(rng, n_x, n_h, n_y, scale=1.0):
    """Weights of order 1 (tanh and sigmoid in their curved range, so derivatives matter)."""
    return {"W1": scale * rng.normal(size=(n_h, n_x)), "b1": 0.3 * rng.normal(size=(n_h, 1)),
            "W2": scale * rng.normal(size=(n_y, n_h)), "b2": 0.3 * rng.normal(size=(n_y, 1))}


def _labels(rng, n_y, m):
    return (rng.random((n_y, m)) > 0.5) * 1.0


def _forward_inputs(n_x, n_h, m):
    return lambda rng: (rng.normal(size=(n_x, m)), _parameters(rng, n_x, n_h, 1))


def _problem(n_x, n_h, m):
    """(X, Y, parameters) of a small unsaturated network."""
    def build(rng):
        X = rng.normal(size=(n_x, m))
        return X, _labels(rng, 1, m), _parameters(rng, n_x, n_h, 1, scale=0.8)
    return build


def _backward_inputs(n_x, n_h, m):
    """(parameters, cache, X, Y), the cache being the forward pass of these parameters."""
    def build(rng):
        X, Y, parameters = _problem(n_x, n_h, m)(rng)
        return parameters, ref.forward_propagation(X, parameters)[1], X, Y
    return build


def _as_backward_call(X, Y, parameters):
    return parameters, ref.forward_propagation(X, parameters)[1], X, Y


def _cost_of(X, Y, parameters):
    return ref.compute_cost(ref.forward_propagation(X, parameters)[0], Y)


def _flower(m, seed, n_h, **kwargs):
    return Case(lambda rng: (*ref.load_planar_dataset(m=m, seed=seed), n_h), kwargs,
                label=f"flower of {m} points (seed {seed}), n_h = {n_h}")


# -- properties ------------------------------------------------------------------------------
def _shapes_and_zero_biases(parameters, ctx):
    n_x, n_h, n_y = ctx.args
    wanted = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, got {type(parameters).__name__}"
    for key, shape in wanted.items():
        value = parameters.get(key)
        if not isinstance(value, np.ndarray):
            return f'parameters["{key}"] should be an ndarray of shape {shape}, got {type(value).__name__}'
        if value.shape != shape:
            return f'parameters["{key}"] should have shape {shape}, got {value.shape}'
    if np.any(parameters["b1"] != 0) or np.any(parameters["b2"] != 0):
        return "the biases should start at zero"
    return None


def _weight_statistics(W, name, std):
    """A problem with the draw of W, if its entries do not look like N(0, std²) samples."""
    W = np.asarray(W, dtype=np.float64)
    n = W.size
    if abs(W.mean()) > 6 * std / np.sqrt(n):
        return f"{name}: the mean of the entries is {W.mean():.3g}; draws centred on 0 are expected (np.random.randn)"
    if abs(W.std() / std - 1) > 0.03:
        return f"{name}: the entries have standard deviation {W.std():.3g}; {std:.3g} is expected"
    inside = np.mean(np.abs(W) < std)
    if abs(inside - 0.6827) > 0.02:
        return (f"{name}: {inside:.1%} of the entries lie within one standard deviation of 0; a normal "
                f"distribution puts 68.3% there (np.random.randn, not np.random.rand)")
    return None


def _small_normal_weights(parameters, ctx):
    problem = _shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    return _weight_statistics(parameters["W1"], "W1", 0.01) or _weight_statistics(parameters["W2"], "W2", 0.01)


def _units_differ(parameters, ctx):
    problem = _shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    for key in ("W1", "W2"):
        W = parameters[key]
        if W.shape[0] > 1 and len(np.unique(W, axis=0)) < W.shape[0]:
            return f"two rows of {key} are equal: those units would compute the same thing for ever"
        if np.all(W == 0):
            return f"{key} is all zeros: the units of a layer must start different"
    return None


def _trains_like_the_reference(actual, ctx):
    """The trained parameters equal the reference's, whichever seed convention drew the initial weights.

    nn_model seeds the generator with 3 and the initial weights follow from it. The course's older
    template seeded again, with 2, inside initialize_parameters; a solution written that way is
    accepted too, compared with a reference run that starts from the seed-2 draw.
    """
    problems = compare(ctx.expected, actual, "parameters", rtol=1e-5, atol=1e-8)
    if problems and not compare(_train_from_seed_2(*ctx.args, **ctx.kwargs), actual, "parameters",
                                rtol=1e-5, atol=1e-8):
        return None
    return "\n".join(problems) or None


def _train_from_seed_2(X, Y, n_h, num_iterations):
    # A private generator: the grader's threads share numpy's global one.
    draw = np.random.RandomState(2)
    n_x, n_y = X.shape[0], Y.shape[0]
    parameters = {"W1": draw.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                  "W2": draw.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
    for _ in range(num_iterations):
        A2, cache = ref.forward_propagation(X, parameters)
        parameters = ref.update_parameters(parameters, ref.backward_propagation(parameters, cache, X, Y))
    return parameters


def _classifies_the_flower(actual, ctx):
    X, Y, _ = ctx.args
    mine = float(np.mean(ref.predict(actual, X) == Y))
    best = float(np.mean(ref.predict(ctx.expected, X) == Y))
    if mine < 0.90 or mine < best - 0.01:
        return (f"with your trained parameters the network labels {mine:.1%} of the flower correctly; the "
                f"reference reaches {best:.1%} with the same settings (at least 90% is required)")
    return None


# -- known mistakes --------------------------------------------------------------------------
def _initialize_with(scale=0.01, draw=np.random.randn, transposed=False):
    def wrong(n_x, n_h, n_y):
        W1 = draw(n_x, n_h).T * scale if transposed else draw(n_h, n_x) * scale
        W2 = draw(n_h, n_y).T * scale if transposed else draw(n_y, n_h) * scale
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
    return wrong


def _forward_with(hidden=np.tanh, bias=True):
    def wrong(X, parameters):
        W1, b1, W2, b2 = (parameters[k] for k in KEYS)
        Z1 = W1 @ X + (b1 if bias else 0)
        A1 = hidden(Z1)
        Z2 = W2 @ A1 + (b2 if bias else 0)
        A2 = sigmoid(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return wrong


def _backward_with(derivative="tanh", keepdims=True, axis=1, mean=True):
    def wrong(parameters, cache, X, Y):
        m = X.shape[1]
        k = 1 / m if mean else 1.0
        A1, A2, Z1 = cache["A1"], cache["A2"], cache["Z1"]
        dZ2 = A2 - Y
        dW2 = k * dZ2 @ A1.T
        db2 = k * np.sum(dZ2, axis=axis, keepdims=keepdims)
        g = {"tanh": 1 - A1 ** 2, "sigmoid": A1 * (1 - A1), "Z1": 1 - Z1 ** 2}[derivative]
        dZ1 = parameters["W2"].T @ dZ2 * g
        dW1 = k * dZ1 @ X.T
        db1 = k * np.sum(dZ1, axis=axis, keepdims=keepdims)
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return wrong


def _update_with(sign=1.0, biases=True):
    def wrong(parameters, grads, learning_rate=1.2):
        new = {}
        for key in KEYS:
            step = 0.0 if key.startswith("b") and not biases else sign * learning_rate * grads["d" + key]
            new[key] = parameters[key] - step
        return new
    return wrong


def _nn_model_with(discard=False, hidden_from_layer_sizes=False, seed_in_initialize=None):
    def wrong(X, Y, n_h, num_iterations=10000, print_cost=False):
        np.random.seed(3)
        n_x, n_h_default, n_y = ref.layer_sizes(X, Y)
        if seed_in_initialize is not None:
            np.random.seed(seed_in_initialize)
        parameters = ref.initialize_parameters(n_x, n_h_default if hidden_from_layer_sizes else n_h, n_y)
        trained = parameters
        for _ in range(num_iterations):
            A2, cache = ref.forward_propagation(X, trained)
            grads = ref.backward_propagation(trained, cache, X, Y)
            new = ref.update_parameters(trained, grads)
            trained = trained if discard else new
        return trained
    return wrong


def _cost_with(mean=True, sign=-1.0, positive_only=False):
    def wrong(A2, Y):
        terms = Y * np.log(A2) + (0 if positive_only else (1 - Y) * np.log(1 - A2))
        return float(sign * np.sum(terms) / (Y.shape[1] if mean else 1))
    return wrong


OLD_COST_SIGNATURE = {"parameters": {}}

def _some_outputs_one_half(rng):
    """Zero biases and two zero columns of X: those examples get A2 = sigmoid(0) = 0.5 exactly, the
    others do not (so that labelling 0.5 as 1 and inverting the labels give different results)."""
    X = rng.normal(size=(2, 5))
    X[:, [1, 3]] = 0.0
    return ({"W1": rng.normal(size=(4, 2)), "b1": np.zeros((4, 1)), "W2": rng.normal(size=(1, 4)),
             "b2": np.zeros((1, 1))}, X)


PARTS = [
    Part("layer_sizes", returns=("n_x", "n_h", "n_y"), checks=[
        Values("hidden cases", [Case(lambda rng: (np.zeros((3, 7)), np.zeros((1, 7))), label="X (3, 7), Y (1, 7)"),
                                Case(lambda rng: (np.zeros((6, 2)), np.zeros((3, 2))), label="X (6, 2), Y (3, 2)")],
               weight=2),
    ], mistakes=[
        Mistake("sizes read from the number of examples", "Examples are columns: n_x = X.shape[0] and n_y = "
                "Y.shape[0]; shape[1] is the number of examples m.", lambda X, Y: (X.shape[1], 4, Y.shape[1])),
        Mistake("n_y fixed at 1", "Read n_y off the labels, Y.shape[0]: a network can have several outputs.",
                lambda X, Y: (X.shape[0], 4, 1)),
    ]),
    Part("initialize_parameters", returns="parameters", checks=[
        Property("shapes, and biases start at zero", [Case((3, 5, 2), np_seed=5, label="n = (3, 5, 2)"),
                                                      Case((1, 1, 1), np_seed=6, label="n = (1, 1, 1)")],
                 check=_shapes_and_zero_biases),
        Property("weights drawn from N(0, 1) * 0.01", [Case((400, 500, 300), np_seed=7, label="n = (400, 500, 300)")],
                 check=_small_normal_weights, weight=2),
        Property("units start different (symmetry broken)", [Case((3, 6, 2), np_seed=8, label="n = (3, 6, 2)")],
                 check=_units_differ),
        Values("the course's draw after np.random.seed(2): W1, then W2",
               [Case((3, 5, 2), np_seed=2, label="n = (3, 5, 2)"), Case((6, 1, 1), np_seed=2, label="n = (6, 1, 1)")]),
    ], mistakes=[
        Mistake("weights not scaled by 0.01", "Multiply np.random.randn(...) by 0.01: large weights put tanh and "
                "the sigmoid on their flat tails, where gradients nearly vanish.", _initialize_with(scale=1.0)),
        Mistake("uniform weights", "np.random.rand draws from [0, 1), all positive; np.random.randn draws from the "
                "standard normal distribution, centred on 0.", _initialize_with(draw=np.random.rand)),
        Mistake("weights transposed", "W1 has shape (n_h, n_x) and W2 shape (n_y, n_h): (units of this layer, "
                "units of the previous one).", _initialize_with(transposed=True)),
    ]),
    Part("forward_propagation", returns=("A2", "cache"), checks=[
        Values("hidden cases of other shapes", [Case(_forward_inputs(2, 4, 7), label="n_x = 2, n_h = 4, m = 7"),
                                                Case(_forward_inputs(3, 5, 1), label="m = 1"),
                                                Case(_forward_inputs(1, 2, 4), label="n_x = 1, n_h = 2")], weight=2),
    ], mistakes=[
        Mistake("sigmoid in the hidden layer", "The hidden layer uses tanh (np.tanh); the sigmoid is for the output.",
                _forward_with(hidden=sigmoid)),
        Mistake("ReLU in the hidden layer", "This network's hidden layer uses tanh (np.tanh).",
                _forward_with(hidden=lambda z: np.maximum(0, z))),
        Mistake("biases left out", "Z1 = W1 X + b1 and Z2 = W2 A1 + b2: add the biases.", _forward_with(bias=False)),
    ]),
    # `spare`: the older release's compute_cost(A2, Y, parameters) is called with a parameters dict.
    Part("compute_cost", returns="cost", checks=[
        Values("hidden cases", [Case(lambda rng: (rng.uniform(0.05, 0.95, size=(1, 6)), _labels(rng, 1, 6)), label="m = 6",
                                     spare=OLD_COST_SIGNATURE),
                                Case(lambda rng: (rng.uniform(0.05, 0.95, size=(1, 1)), np.ones((1, 1))), label="m = 1",
                                     spare=OLD_COST_SIGNATURE),
                                Case(lambda rng: (np.array([[1e-9, 0.5, 1 - 1e-9]]), np.array([[0.0, 1.0, 1.0]])),
                                     label="confident predictions", spare=OLD_COST_SIGNATURE)], weight=2),
    ], mistakes=[
        Mistake("sum instead of mean", "J averages the losses: divide the sum by m.", _cost_with(mean=False)),
        Mistake("cost without the minus sign", "J = -(1/m) Σ [y log a + (1 - y) log(1 - a)]: logs of probabilities "
                "are negative, the minus makes the cost positive.", _cost_with(sign=1.0)),
        Mistake("only the y = 1 term", "Each loss has two terms: y log a for the examples of class 1 and "
                "(1 - y) log(1 - a) for those of class 0.", _cost_with(positive_only=True)),
    ]),
    Part("backward_propagation", returns="grads", checks=[
        Values("hidden cases of other shapes", [Case(_backward_inputs(2, 4, 6), label="n_x = 2, n_h = 4, m = 6"),
                                                Case(_backward_inputs(3, 5, 1), label="m = 1"),
                                                Case(_backward_inputs(4, 3, 9), label="n_x = 4, n_h = 3, m = 9")],
               weight=2),
        GradCheck("gradients match central differences of the cost",
                  [Case(_problem(3, 4, 5), label="n_x = 3, n_h = 4, m = 5"),
                   Case(_problem(2, 6, 8), label="n_x = 2, n_h = 6, m = 8")],
                  objective=_cost_of, call_args=_as_backward_call, weight=2,
                  wrt={"dW1": ((2, "W1"), ("dW1",)), "db1": ((2, "b1"), ("db1",)),
                       "dW2": ((2, "W2"), ("dW2",)), "db2": ((2, "b2"), ("db2",))}),
    ], mistakes=[
        Mistake("sigmoid derivative in the hidden layer", "The hidden layer is tanh: its derivative is 1 - A1², "
                "not A1 (1 - A1).", _backward_with(derivative="sigmoid")),
        Mistake("tanh derivative applied to Z1", "tanh'(z) = 1 - tanh²(z) = 1 - A1²: square the activation A1, "
                "not the pre-activation Z1.", _backward_with(derivative="Z1")),
        Mistake("db without keepdims", "np.sum(dZ, axis=1, keepdims=True) keeps db of shape (n, 1), the shape "
                "of b.", _backward_with(keepdims=False)),
        Mistake("db summed over axis 0", "Sum over the examples, which are the columns: axis=1.",
                _backward_with(axis=0)),
        Mistake("missing 1/m", "dW and db are derivatives of the mean cost: divide by m.", _backward_with(mean=False)),
    ]),
    Part("update_parameters", returns="parameters", checks=[
        Values("hidden cases", [Case(lambda rng: (_parameters(rng, 3, 4, 1), {"d" + k: v for k, v in
                                                  _parameters(rng, 3, 4, 1).items()}), label="default learning rate"),
                                Case(lambda rng: (_parameters(rng, 2, 5, 1), {"d" + k: v for k, v in
                                                  _parameters(rng, 2, 5, 1).items()}, 0.05), label="learning_rate = 0.05")],
               weight=2),
    ], mistakes=[
        Mistake("gradient ascent", "Step against the gradient: W := W - α dW.", _update_with(sign=-1.0)),
        Mistake("biases never updated", "b1 and b2 have gradients too: b := b - α db.", _update_with(biases=False)),
    ]),
    Part("nn_model", uses=("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                           "backward_propagation", "update_parameters"), returns="parameters", timeout=60, checks=[
        Property("the reference's parameters on a smaller flower (n_h = 3, 300 steps)",
                 [_flower(60, 5, 3, num_iterations=300)], check=_trains_like_the_reference, weight=3),
        Property("classifies at least 90% of the flower with n_h = 4 (2000 steps)",
                 [_flower(400, 1, 4, num_iterations=2000)], check=_classifies_the_flower, weight=4),
    ], mistakes=[
        Mistake("the update is thrown away", "update_parameters returns the new parameters: assign them, "
                "parameters = update_parameters(parameters, grads).", _nn_model_with(discard=True)),
        Mistake("hidden size taken from layer_sizes", "Initialise with the n_h passed to nn_model; layer_sizes's "
                "4 is only its default.", _nn_model_with(hidden_from_layer_sizes=True)),
        Mistake("initialize_parameters reseeds the generator", "nn_model's np.random.seed(3) decides the initial "
                "draw here: remove the np.random.seed(2) that the course's older template put inside "
                "initialize_parameters (the hidden checks accept either draw).", _nn_model_with(seed_in_initialize=2)),
    ]),
    Part("predict", uses=("forward_propagation",), returns="predictions", checks=[
        Values("hidden cases", [Case(lambda rng: (_parameters(rng, 2, 4, 1), rng.normal(size=(2, 9))), label="m = 9"),
                                Case(lambda rng: (_parameters(rng, 3, 2, 1), rng.normal(size=(3, 1))), label="m = 1"),
                                Case(_some_outputs_one_half, label="some outputs exactly 0.5")],
               weight=2),
    ], mistakes=[
        Mistake("probabilities instead of labels", "Threshold the output: 1 where A2 > 0.5, else 0.",
                lambda parameters, X: ref.forward_propagation(X, parameters)[0]),
        Mistake("labels inverted", "Class 1 is where A2 > 0.5.",
                lambda parameters, X: (ref.forward_propagation(X, parameters)[0] <= 0.5) * 1.0),
        Mistake("0.5 itself labelled 1", "Label 1 only strictly above one half: A2 > 0.5.",
                lambda parameters, X: (ref.forward_propagation(X, parameters)[0] >= 0.5) * 1.0),
    ]),
]
