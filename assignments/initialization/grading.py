"""Hidden checks and known mistakes of `initialization`.

Random initialisers are graded by properties that hold whatever the draw: the shapes, zero biases,
the distribution of the weights on large layers (mean, standard deviation, normality), units that
differ, and the scale of the signal after many ReLU layers. One values check compares the exact draw
after ``np.random.seed(3)``: the course's template seeds with 3 inside the function, this notebook
leaves seeding to the caller, and both give the same numbers.
"""

import numpy as np

from autograder.spec import Case, Mistake, Part, Property, Values

DEEP_WIDTH, DEEP_LAYERS = 100, 20


def _he(n_prev, n):
    return np.sqrt(2.0 / n_prev)


def _xavier(n_prev, n):
    return np.sqrt(1.0 / n_prev)


def _times_10(n_prev, n):
    return 10.0


# -- cases -----------------------------------------------------------------------------------
SHAPES = [Case(([5, 4, 3, 1],), np_seed=5, label="[5, 4, 3, 1]"), Case(([7, 1],), np_seed=6, label="one layer, [7, 1]"),
          Case(([2, 10, 5, 1],), np_seed=7, label="the notebook's [2, 10, 5, 1]")]
LARGE = [Case(([1000, 1000, 500, 200],), np_seed=8, label="[1000, 1000, 500, 200]")]
# No single-layer network in the values checks: there "last layer missing" returns {}, and an empty
# dict would be taken as a match for any dict the submission returns (even the stub's).
SEEDED = [Case(([4, 6, 3, 1],), np_seed=3, label="[4, 6, 3, 1]"), Case(([5, 2, 1],), np_seed=3, label="[5, 2, 1]")]
SYMMETRY = [Case(([4, 6, 5, 1],), np_seed=9, label="[4, 6, 5, 1]")]
# Random inputs pushed through a deep stack initialised by the function under test; the stack's
# sizes are the argument of the call, the inputs are only used by the property.
DEEP = [Case(lambda rng: ([DEEP_WIDTH] * (DEEP_LAYERS + 1), rng.normal(size=(DEEP_WIDTH, 200))), np_seed=10,
             label=f"{DEEP_LAYERS} ReLU layers of {DEEP_WIDTH} units")]


def _layer_dims_only(layers_dims, *_):
    return (layers_dims,)


# -- properties ------------------------------------------------------------------------------
def _layer_problem(parameters, dims):
    """The first problem with the keys, types and shapes of ``parameters`` for layer sizes ``dims``."""
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, got {type(parameters).__name__}"
    for l in range(1, len(dims)):
        for key, shape in (("W%d" % l, (dims[l], dims[l - 1])), ("b%d" % l, (dims[l], 1))):
            value = parameters.get(key)
            if not isinstance(value, np.ndarray):
                return f'parameters["{key}"] should be an ndarray of shape {shape}, got {type(value).__name__}'
            if value.shape != shape:
                return f'parameters["{key}"] should have shape {shape}, got {value.shape}'
    extra = sorted(set(parameters) - {f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"})
    if extra:
        return f"unexpected keys {extra}: one W and one b per layer, for layers 1 to {len(dims) - 1}"
    return None


def _shapes_and_zero_biases(parameters, ctx):
    dims = ctx.args[0]
    problem = _layer_problem(parameters, dims)
    if problem:
        return problem
    for l in range(1, len(dims)):
        if np.any(parameters["b%d" % l] != 0):
            return f'parameters["b{l}"] should start at zero: the random weights already make the units differ'
    return None


def _all_zeros(parameters, ctx):
    problem = _layer_problem(parameters, ctx.args[0])
    if problem:
        return problem
    for key, value in parameters.items():
        if np.any(value != 0):
            return f'parameters["{key}"] has non-zero entries'
    return None


def _normal_with_scale(scale, text):
    def check(parameters, ctx):
        dims = ctx.args[0]
        problem = _shapes_and_zero_biases(parameters, ctx)
        if problem:
            return problem
        for l in range(1, len(dims)):
            W, std = parameters["W%d" % l], scale(dims[l - 1], dims[l])
            if abs(W.mean()) > 6 * std / np.sqrt(W.size):
                return (f"W{l}: the mean of the entries is {W.mean():.3g}; draws centred on 0 are expected "
                        f"(np.random.randn)")
            if abs(W.std() / std - 1) > 0.03:
                return (f"W{l} of shape {W.shape}: the entries have standard deviation {W.std():.4g}; "
                        f"{text} = {std:.4g} is expected")
            inside = np.mean(np.abs(W) < std)
            if abs(inside - 0.6827) > 0.02:
                return (f"W{l}: {inside:.1%} of the entries lie within one standard deviation of 0; a normal "
                        f"distribution puts 68.3% there (np.random.randn, not np.random.rand)")
        return None
    return check


def _signal_gain(scale, text):
    """Per ReLU layer, the RMS of the activations grows by sqrt(n Var(w) / 2): 1 for He, 1/sqrt(2) for
    Xavier, about 70 for N(0, 1) * 10 on 100 units. Measured over 20 layers, the draw changes it by 2-3%."""
    def check(parameters, ctx):
        dims, X = ctx.args
        problem = _shapes_and_zero_biases(parameters, ctx)
        if problem:
            return problem
        A = X
        for l in range(1, len(dims)):
            A = np.maximum(0, parameters["W%d" % l] @ A + parameters["b%d" % l])
        L = len(dims) - 1
        measured = (np.sqrt(np.mean(A ** 2)) / np.sqrt(np.mean(X ** 2))) ** (1 / L)
        expected = scale(dims[0], dims[1]) * np.sqrt(dims[0] / 2)
        if not np.isfinite(measured) or abs(measured / expected - 1) > 0.12:
            return (f"pushed through {L} ReLU layers of {dims[0]} units, the RMS of the activations changes by a "
                    f"factor {measured:.3g} per layer; weights of scale {text} give about {expected:.3g}")
        return None
    return check


def _units_differ(parameters, ctx):
    problem = _shapes_and_zero_biases(parameters, ctx)
    if problem:
        return problem
    for key, W in parameters.items():
        if key.startswith("W") and W.shape[0] > 1 and len(np.unique(W, axis=0)) < W.shape[0]:
            return f"two rows of {key} are equal: those units would compute the same thing for ever"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _initializer(scale, draw="normal", transposed=False, last=True, bias="zeros"):
    """An initialiser with a mistake built in; scale(n_prev, n) multiplies the draw (None: zeros)."""
    def wrong(layers_dims):
        parameters = {}
        for l in range(1, len(layers_dims) - (0 if last else 1)):
            n_prev, n = layers_dims[l - 1], layers_dims[l]
            shape = (n_prev, n) if transposed else (n, n_prev)
            if scale is None:
                W = np.zeros(shape)
            elif draw == "uniform":
                W = np.random.rand(*shape) * scale(n_prev, n)
            else:
                W = np.random.randn(*shape) * scale(n_prev, n)
            if bias == "random":
                b = np.random.randn(n, 1) * (1.0 if scale is None else scale(n_prev, n))
            else:
                b = np.zeros({"zeros": (n, 1), "flat": (n,), "row": (1, n)}[bias])
            parameters["W%d" % l] = W
            parameters["b%d" % l] = b
        return parameters
    return wrong


def _common_mistakes(scale):
    return [
        Mistake("weights transposed", "W[l] has shape (n[l], n[l-1]): one row per unit of layer l, one column per "
                "input.", _initializer(scale, transposed=True)),
        Mistake("biases as a flat vector", "b[l] is a column of shape (n[l], 1): np.zeros((n[l], 1)), with the "
                "shape as a tuple.", _initializer(scale, bias="flat")),
        Mistake("last layer missing", "len(layers_dims) counts the input layer too: loop over l = 1, ..., "
                "L with range(1, len(layers_dims)).", _initializer(scale, last=False)),
    ]


def _random_part(name, scale, text, mistakes):
    return Part(name, returns="parameters", checks=[
        Property("shapes of every layer, biases at zero", SHAPES, check=_shapes_and_zero_biases),
        Property(f"weights drawn from N(0, 1) × {text}", LARGE, check=_normal_with_scale(scale, text), weight=2),
        Property(f"signal scale through {DEEP_LAYERS} ReLU layers", DEEP, check=_signal_gain(scale, text),
                 call_args=_layer_dims_only),
        Property("units start different (symmetry broken)", SYMMETRY, check=_units_differ),
        Values("the course's draw after np.random.seed(3): W1 first, np.random.randn", SEEDED),
    ], mistakes=mistakes + _common_mistakes(scale))


PARTS = [
    Part("initialize_parameters_zeros", returns="parameters", checks=[
        Property("every layer's shapes, all zeros", SHAPES, check=_all_zeros, weight=2),
        Values("hidden layer sizes", [Case(([4, 6, 3, 1],), label="[4, 6, 3, 1]"), Case(([1, 2, 1],), label="[1, 2, 1]")]),
    ], mistakes=_common_mistakes(None)),
    _random_part("initialize_parameters_random", _times_10, "10", [
        Mistake("weights not multiplied by 10", "This exercise makes the weights large on purpose, to show what "
                "that does: np.random.randn(...) * 10.", _initializer(lambda n_prev, n: 1.0)),
        Mistake("uniform weights", "np.random.rand draws from [0, 1), all positive; np.random.randn draws from the "
                "standard normal distribution, centred on 0.", _initializer(_times_10, draw="uniform")),
        Mistake("random biases", "Only the weights need to be random; the biases start at zero.",
                _initializer(_times_10, bias="random")),
    ]),
    _random_part("initialize_parameters_he", _he, "sqrt(2 / n[l-1])", [
        Mistake("scaled by the layer's own size", "He scales by the fan-in n[l-1] = layers_dims[l - 1], the number "
                "of inputs of each unit, not by n[l].", _initializer(lambda n_prev, n: np.sqrt(2.0 / n))),
        Mistake("variance used as the scale", "Var(w) = 2 / n[l-1], so the standard deviation that multiplies "
                "np.random.randn is its square root, sqrt(2 / n[l-1]).", _initializer(lambda n_prev, n: 2.0 / n_prev)),
        Mistake("Xavier's scale", "He initialisation, for ReLU, uses sqrt(2 / n[l-1]); sqrt(1 / n[l-1]) is "
                "Xavier's, for tanh.", _initializer(_xavier)),
        Mistake("weights not scaled", "Multiply np.random.randn(...) by sqrt(2 / layers_dims[l - 1]).",
                _initializer(lambda n_prev, n: 1.0)),
    ]),
    _random_part("initialize_parameters_xavier", _xavier, "sqrt(1 / n[l-1])", [
        Mistake("He's scale", "Xavier initialisation uses sqrt(1 / n[l-1]); sqrt(2 / n[l-1]) is He's, for ReLU.",
                _initializer(_he)),
        Mistake("scaled by the layer's own size", "The scale uses the fan-in n[l-1] = layers_dims[l - 1], not n[l].",
                _initializer(lambda n_prev, n: np.sqrt(1.0 / n))),
        Mistake("variance used as the scale", "Var(w) = 1 / n[l-1], so multiply np.random.randn by its square root, "
                "sqrt(1 / n[l-1]).", _initializer(lambda n_prev, n: 1.0 / n_prev)),
        Mistake("fan-in and fan-out averaged", "The notes' variant sqrt(2 / (n[l-1] + n[l])) is not this "
                "exercise's formula: use sqrt(1 / n[l-1]).",
                _initializer(lambda n_prev, n: np.sqrt(2.0 / (n_prev + n)))),
    ]),
]
