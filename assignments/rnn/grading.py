"""Hidden checks and known mistakes of `rnn`."""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, Part, Values
from solutions import rnn as ref
from solutions.rnn import softmax


# -- inputs ----------------------------------------------------------------------------------
def _rnn_parameters(rng, n_x, n_a, n_y):
    """Weights of order 1/sqrt(fan-in), so that tanh stays away from saturation."""
    return {"Wax": rng.normal(size=(n_a, n_x)) / np.sqrt(n_x),
            "Waa": 0.8 * rng.normal(size=(n_a, n_a)) / np.sqrt(n_a),
            "Wya": rng.normal(size=(n_y, n_a)) / np.sqrt(n_a),
            "ba": 0.2 * rng.normal(size=(n_a, 1)),
            "by": 0.2 * rng.normal(size=(n_y, 1))}


def _cell_inputs(n_x, n_a, n_y, m):
    """(xt, a_prev, parameters)."""
    def build(rng):
        P = _rnn_parameters(rng, n_x, n_a, n_y)
        return rng.normal(size=(n_x, m)), np.tanh(rng.normal(size=(n_a, m))), P
    return build


def _sequence_inputs(n_x, n_a, n_y, m, T_x):
    """(x, a0, parameters)."""
    def build(rng):
        P = _rnn_parameters(rng, n_x, n_a, n_y)
        return rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))), P
    return build


def _cell_backward_inputs(n_x, n_a, n_y, m):
    """(da_next, cache) with the cache of rnn_cell_forward."""
    def build(rng):
        xt, a_prev, P = _cell_inputs(n_x, n_a, n_y, m)(rng)
        return rng.normal(size=(n_a, m)), ref.rnn_cell_forward(xt, a_prev, P)[2]
    return build


def _problem(n_x, n_a, n_y, m, T_x):
    """(da, x, a0, parameters): a sequence and the output-path gradients of its states."""
    def build(rng):
        x, a0, P = _sequence_inputs(n_x, n_a, n_y, m, T_x)(rng)
        return (rng.normal(size=(n_a, m, T_x)), x, a0, P)
    return build


def _as_backward_call(da, x, a0, parameters):
    return da, ref.rnn_forward(x, a0, parameters)[2]


def _backward_inputs(n_x, n_a, n_y, m, T_x):
    """(da, caches) with the caches of rnn_forward."""
    def build(rng):
        return _as_backward_call(*_problem(n_x, n_a, n_y, m, T_x)(rng))
    return build


def _brnn_inputs(n_x, n_a, n_y, m, T_x):
    """(x, a0_f, a0_b, parameters)."""
    def build(rng):
        P = {}
        for side in "fb":
            P["Wax_" + side] = rng.normal(size=(n_a, n_x)) / np.sqrt(n_x)
            P["Waa_" + side] = 0.8 * rng.normal(size=(n_a, n_a)) / np.sqrt(n_a)
            P["ba_" + side] = 0.2 * rng.normal(size=(n_a, 1))
        P["Wya"] = rng.normal(size=(n_y, 2 * n_a)) / np.sqrt(2 * n_a)
        P["by"] = 0.2 * rng.normal(size=(n_y, 1))
        return (rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))),
                np.tanh(rng.normal(size=(n_a, m))), P)
    return build


def _deep_parameters(rng, n_x, n_a, n_y, L):
    P = {"Wya": rng.normal(size=(n_y, n_a)) / np.sqrt(n_a), "by": 0.2 * rng.normal(size=(n_y, 1))}
    for l in range(1, L + 1):
        n_in = n_x if l == 1 else n_a
        P["Wax%d" % l] = rng.normal(size=(n_a, n_in)) / np.sqrt(n_in)
        P["Waa%d" % l] = 0.8 * rng.normal(size=(n_a, n_a)) / np.sqrt(n_a)
        P["ba%d" % l] = 0.2 * rng.normal(size=(n_a, 1))
    return P


def _deep_inputs(n_x, n_a, n_y, m, T_x, L):
    """(x, a0, parameters) of a deep RNN."""
    def build(rng):
        P = _deep_parameters(rng, n_x, n_a, n_y, L)
        return rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m, L))), P
    return build


def _deep_problem(n_x, n_a, n_y, m, T_x, L):
    """(da, x, a0, parameters)."""
    def build(rng):
        x, a0, P = _deep_inputs(n_x, n_a, n_y, m, T_x, L)(rng)
        return (rng.normal(size=(n_a, m, T_x)), x, a0, P)
    return build


def _as_deep_backward_call(da, x, a0, parameters):
    return da, ref.deep_rnn_forward(x, a0, parameters)[2]


def _deep_backward_inputs(n_x, n_a, n_y, m, T_x, L):
    def build(rng):
        return _as_deep_backward_call(*_deep_problem(n_x, n_a, n_y, m, T_x, L)(rng))
    return build


# -- objectives of the gradient checks -------------------------------------------------------
def _cell_objective(da_next, cache):
    """sum(da_next * a_next), a_next recomputed from the cached inputs (the variables of the check)."""
    _, a_prev, xt, P = cache
    return float(np.sum(da_next * np.tanh(P["Waa"] @ a_prev + P["Wax"] @ xt + P["ba"])))


def _sequence_objective(da, x, a0, parameters):
    """sum over t of da<t> . a<t>: the loss whose gradient rnn_backward returns."""
    return float(np.sum(da * ref.rnn_forward(x, a0, parameters)[0]))


def _deep_objective(da, x, a0, parameters):
    return float(np.sum(da * ref.deep_rnn_forward(x, a0, parameters)[0][:, :, :, -1]))


_CELL_PATHS = {"dxt": ((1, 2), ("dxt",)), "da_prev": ((1, 1), ("da_prev",)), "dWax": ((1, 3, "Wax"), ("dWax",)),
               "dWaa": ((1, 3, "Waa"), ("dWaa",)), "dba": ((1, 3, "ba"), ("dba",))}
_SEQUENCE_PATHS = {"dx": ((1,), ("dx",)), "da0": ((2,), ("da0",)), "dWax": ((3, "Wax"), ("dWax",)),
                   "dWaa": ((3, "Waa"), ("dWaa",)), "dba": ((3, "ba"), ("dba",))}


def _deep_paths(L):
    paths = {"dx": ((1,), ("dx",)), "da0": ((2,), ("da0",))}
    for l in range(1, L + 1):
        for name in ("Wax", "Waa", "ba"):
            paths["d%s%d" % (name, l)] = ((3, "%s%d" % (name, l)), ("d%s%d" % (name, l),))
    return paths


# -- known mistakes --------------------------------------------------------------------------
def _cell_forward_with(swap=False, output=softmax):
    def wrong(xt, a_prev, parameters):
        Wax, Waa = parameters["Wax"], parameters["Waa"]
        if swap:
            Wax, Waa = Waa, Wax
        a_next = np.tanh(Waa @ a_prev + Wax @ xt + parameters["ba"])
        return a_next, output(parameters["Wya"] @ a_next + parameters["by"]), (a_next, a_prev, xt, parameters)
    return wrong


def _forward_from_a0(x, a0, parameters):
    caches, outputs = [], []
    for t in range(x.shape[2]):
        a_next, yt, cache = ref.rnn_cell_forward(x[:, :, t], a0, parameters)
        outputs.append((a_next, yt))
        caches.append(cache)
    a = np.stack([o[0] for o in outputs], axis=2)
    y = np.stack([o[1] for o in outputs], axis=2)
    return a, y, (caches, x)


def _cell_backward_with(derivative=lambda a: 1 - a ** 2, upstream=True):
    def wrong(da_next, cache):
        a_next, a_prev, xt, P = cache
        dtanh = derivative(a_next) * (da_next if upstream else 1.0)
        return {"dxt": P["Wax"].T @ dtanh, "da_prev": P["Waa"].T @ dtanh, "dWax": dtanh @ xt.T,
                "dWaa": dtanh @ a_prev.T, "dba": np.sum(dtanh, axis=1, keepdims=True)}
    return wrong


def _backward_with(carry=True, output_path=True, accumulate=True, order=reversed):
    def wrong(da, caches):
        cell_caches, x = caches
        n_a, m, T_x = da.shape
        n_x = x.shape[0]
        dx = np.zeros((n_x, m, T_x))
        total = {"dWax": np.zeros((n_a, n_x)), "dWaa": np.zeros((n_a, n_a)), "dba": np.zeros((n_a, 1))}
        da_prevt = np.zeros((n_a, m))
        for t in order(range(T_x)):
            upstream = (da[:, :, t] if output_path else 0.0) + (da_prevt if carry else 0.0)
            g = ref.rnn_cell_backward(upstream + np.zeros((n_a, m)), cell_caches[t])
            da_prevt = g["da_prev"]
            dx[:, :, t] = g["dxt"]
            for key in total:
                total[key] = total[key] + g[key] if accumulate else g[key]
        return {"dx": dx, "da0": da_prevt, **total}
    return wrong


def _brnn_with(reverse=True, halves=("f", "b"), axis=0):
    def wrong(x, a0_f, a0_b, parameters):
        T_x = x.shape[2]
        states = {}
        for side, a_next, steps in (("f", a0_f, range(T_x)),
                                    ("b", a0_b, reversed(range(T_x)) if reverse else range(T_x))):
            out = np.zeros(a_next.shape + (T_x,))
            for t in steps:
                a_next = np.tanh(parameters["Waa_" + side] @ a_next + parameters["Wax_" + side] @ x[:, :, t]
                                 + parameters["ba_" + side])
                out[:, :, t] = a_next
            states[side] = out
        both = np.concatenate([states[halves[0]], states[halves[1]]], axis=0)
        z = np.einsum("ya,amt->ymt", parameters["Wya"], both) + parameters["by"][:, :, None]
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return states["f"], states["b"], e / np.sum(e, axis=axis, keepdims=True)
    return wrong


def _deep_forward_with(read_x=False, shared_a0=False):
    def wrong(x, a0, parameters):
        n_a, m, L = a0.shape
        a, caches, layer_input = np.zeros((n_a, m, x.shape[2], L)), [], x
        for l in range(1, L + 1):
            layer = {"Wax": parameters["Wax%d" % l], "Waa": parameters["Waa%d" % l], "ba": parameters["ba%d" % l],
                     "Wya": parameters["Wya"], "by": parameters["by"]}
            a_layer, y_pred, cache = ref.rnn_forward(x if read_x else layer_input,
                                                     a0[:, :, 0 if shared_a0 else l - 1], layer)
            layer_input = a_layer
            a[:, :, :, l - 1] = a_layer
            caches.append(cache)
        return a, y_pred, caches
    return wrong


def _deep_backward_with(pass_down=True, bottom_up=False):
    def wrong(da, caches):
        L = len(caches)
        n_a, m, _ = da.shape
        da0, gradients, da_layer = np.zeros((n_a, m, L)), {}, da
        for l in (range(1, L + 1) if bottom_up else reversed(range(1, L + 1))):
            g = ref.rnn_backward(da_layer, caches[l - 1])
            if pass_down:
                da_layer = g["dx"]
            da0[:, :, l - 1] = g["da0"]
            for name in ("Wax", "Waa", "ba"):
                gradients["d%s%d" % (name, l)] = g["d" + name]
            dx = g["dx"]
        gradients["dx"] = da_layer if pass_down else dx
        gradients["da0"] = da0
        return gradients
    return wrong


PARTS = [
    Part("rnn_cell_forward", returns=("a_next", "yt_pred", "cache"), checks=[
        Values("hidden cases of other shapes", [
            Case(_cell_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, n_y = 2, m = 4"),
            Case(_cell_inputs(3, 3, 4, 2), label="n_x = n_a = 3"),
            Case(_cell_inputs(2, 4, 3, 1), label="m = 1")], weight=2),
    ], mistakes=[
        Mistake("Wax and Waa swapped", "Waa multiplies the previous state a<t-1> (n_a columns) and Wax the input "
                "x<t> (n_x columns). The notes' list of symbols describes them the other way round; the "
                "formula, and the shapes, decide.", _cell_forward_with(swap=True)),
        Mistake("no softmax at the output", "y<t> is a probability distribution over the n_y classes: "
                "softmax(Wya a<t> + by), with the given softmax.", _cell_forward_with(output=lambda z: z)),
    ]),
    Part("rnn_forward", uses=("rnn_cell_forward",), returns=("a", "y_pred", "caches"), checks=[
        Values("hidden sequences", [
            Case(_sequence_inputs(3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_sequence_inputs(2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_sequence_inputs(4, 2, 2, 3, 9), label="T_x = 9")], weight=2),
    ], mistakes=[
        Mistake("a0 fed to every step", "The state is carried: step t starts from a<t-1>, the a_next of the step "
                "before; only step 1 starts from a0.", _forward_from_a0),
    ]),
    Part("rnn_cell_backward", returns="gradients", checks=[
        Values("hidden cases of other shapes", [
            Case(_cell_backward_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, m = 4"),
            Case(_cell_backward_inputs(2, 4, 3, 1), label="m = 1"),
            Case(_cell_backward_inputs(5, 2, 2, 3), label="n_x = 5, n_a = 2")], weight=2),
        GradCheck("every gradient matches central differences of sum(da_next * a_next)", [
            Case(_cell_backward_inputs(3, 4, 2, 3), label="n_x = 3, n_a = 4, m = 3")],
            objective=_cell_objective, wrt=_CELL_PATHS, weight=2),
    ], mistakes=[
        Mistake("tanh derivative as 1 - a", "The derivative of tanh is 1 - tanh(z)^2 = 1 - a_next ** 2, "
                "squared.", _cell_backward_with(derivative=lambda a: 1 - a)),
        Mistake("da_next left out", "The chain rule multiplies the upstream gradient by the local derivative: "
                "dtanh = (1 - a_next ** 2) * da_next, not the local derivative 1 - a_next ** 2 alone.",
                _cell_backward_with(upstream=False)),
    ]),
    Part("rnn_backward", uses=("rnn_cell_backward",), returns="gradients", checks=[
        Values("hidden sequences", [
            Case(_backward_inputs(3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_backward_inputs(2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_backward_inputs(4, 2, 2, 3, 8), label="T_x = 8")], weight=2),
        GradCheck("dx, da0, dWax, dWaa, dba match central differences of sum_t da<t> . a<t>", [
            Case(_problem(3, 4, 2, 2, 5), label="T_x = 5")],
            objective=_sequence_objective, call_args=_as_backward_call, wrt=_SEQUENCE_PATHS, weight=2),
    ], mistakes=[
        Mistake("da_prev not carried back", "a<t> feeds both y<t> and a<t+1>, so its gradient has two parts: "
                "call rnn_cell_backward(da[:, :, t] + da_prevt, caches[t]). Here da holds only the part from "
                "the outputs; some course releases call it with da[:, :, t] alone, treating da as the whole "
                "gradient, which drops every path through later time steps.", _backward_with(carry=False)),
        Mistake("output-path gradient forgotten", "Add da[:, :, t], the gradient that y<t> sends back, to the "
                "carried da_prevt before calling rnn_cell_backward.", _backward_with(output_path=False)),
        Mistake("gradients overwritten, not accumulated", "The same Wax, Waa and ba act at every time step: "
                "add each step's gradient to the totals (dWax += ...), do not replace them.",
                _backward_with(accumulate=False)),
        Mistake("time steps visited forwards", "Back-propagation through time starts at the last step, "
                "t = T_x - 1, and walks back to t = 0: for t in reversed(range(T_x)).",
                _backward_with(order=lambda steps: steps)),
    ]),
    Part("brnn_forward", returns=("a_f", "a_b", "y_pred"), checks=[
        Values("hidden sequences", [
            Case(_brnn_inputs(3, 4, 2, 3, 5), label="T_x = 5, m = 3"),
            Case(_brnn_inputs(2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_brnn_inputs(4, 2, 4, 2, 7), label="T_x = 7")], weight=2),
    ], mistakes=[
        Mistake("backward direction not reversed", "The backward direction reads the sequence from the end: "
                "start from a0_b at t = T_x - 1 and walk down to t = 0 (for t in reversed(range(T_x))), storing "
                "each state at its own t.", _brnn_with(reverse=False)),
        Mistake("the two directions' states swapped in [a_f; a_b]", "Wya's first n_a columns act on the forward "
                "state: concatenate [a_f<t>; a_b<t>] in that order.", _brnn_with(halves=("b", "f"))),
        Mistake("softmax over the wrong axis", "The probabilities of one example at one step sum to 1 over the "
                "n_y classes, axis 0 (the given softmax); the row-wise softmax of the first course normalises "
                "over the examples instead.", _brnn_with(axis=1)),
    ]),
    Part("deep_rnn_forward", uses=("rnn_forward",), returns=("a", "y_pred", "caches"), checks=[
        Values("hidden stacks", [
            Case(_deep_inputs(3, 4, 2, 3, 5, 3), label="3 layers, n_x = 3, n_a = 4, T_x = 5"),
            Case(_deep_inputs(3, 3, 2, 2, 4, 2), label="2 layers, n_x = n_a = 3"),
            Case(_deep_inputs(2, 3, 3, 1, 1, 1), label="1 layer, T_x = 1, m = 1")], weight=2),
    ], mistakes=[
        Mistake("every layer reads x", "Layer l's input sequence is the states of layer l - 1: after each layer, "
                "layer_input = its states; only layer 1 reads x.", _deep_forward_with(read_x=True)),
        Mistake("one initial state for every layer", "Each layer starts from its own initial state, "
                "a0[:, :, l - 1].", _deep_forward_with(shared_a0=True)),
    ]),
    Part("deep_rnn_backward", uses=("rnn_backward",), returns="gradients", checks=[
        Values("hidden stacks", [
            Case(_deep_backward_inputs(3, 4, 2, 3, 5, 3), label="3 layers, n_x = 3, n_a = 4, T_x = 5"),
            Case(_deep_backward_inputs(3, 3, 2, 2, 4, 2), label="2 layers, n_x = n_a = 3"),
            Case(_deep_backward_inputs(2, 3, 3, 1, 1, 1), label="1 layer, T_x = 1, m = 1")], weight=2),
        GradCheck("every gradient matches central differences of sum_t da<t> . a[L]<t>", [
            Case(_deep_problem(3, 4, 2, 2, 4, 2), label="2 layers, T_x = 4")],
            objective=_deep_objective, call_args=_as_deep_backward_call, wrt=_deep_paths(2), weight=2),
    ], mistakes=[
        Mistake("every layer receives da", "Only the top layer's states feed the outputs; layer l - 1 receives "
                "the gradient of layer l's input sequence, layer_gradients[\"dx\"].",
                _deep_backward_with(pass_down=False)),
        Mistake("layers visited bottom-up", "The gradient flows from the top layer down: for l in "
                "reversed(range(1, L + 1)), each layer passing its dx to the one below.",
                _deep_backward_with(bottom_up=True)),
    ]),
]
