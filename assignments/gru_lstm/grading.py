"""Hidden checks and known mistakes of `gru_lstm`."""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, Part, Values
from solutions import gru_lstm as ref
from solutions.gru_lstm import sigmoid, softmax

GRU_GATES = ("Wr", "Wu", "Wc")
LSTM_GATES = ("Wf", "Wi", "Wc", "Wo")


# -- inputs ----------------------------------------------------------------------------------
def _parameters(rng, gates, n_x, n_a, n_y):
    """Gate weights of order 1/sqrt(fan-in) (no gate saturates), biases of order 0.3."""
    P = {}
    for W in gates:
        P[W] = rng.normal(size=(n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        P["b" + W[1:]] = 0.3 * rng.normal(size=(n_a, 1))
    P["Wy"] = rng.normal(size=(n_y, n_a)) / np.sqrt(n_a)
    P["by"] = 0.2 * rng.normal(size=(n_y, 1))
    return P


def _gru_cell_inputs(n_x, n_a, n_y, m):
    """(xt, a_prev, parameters)."""
    def build(rng):
        P = _parameters(rng, GRU_GATES, n_x, n_a, n_y)
        return rng.normal(size=(n_x, m)), np.tanh(rng.normal(size=(n_a, m))), P
    return build


def _lstm_cell_inputs(n_x, n_a, n_y, m):
    """(xt, a_prev, c_prev, parameters)."""
    def build(rng):
        P = _parameters(rng, LSTM_GATES, n_x, n_a, n_y)
        return rng.normal(size=(n_x, m)), np.tanh(rng.normal(size=(n_a, m))), rng.normal(size=(n_a, m)), P
    return build


def _sequence_inputs(gates, n_x, n_a, n_y, m, T_x):
    """(x, a0, parameters)."""
    def build(rng):
        P = _parameters(rng, gates, n_x, n_a, n_y)
        return rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))), P
    return build


def _gru_cell_backward_inputs(n_x, n_a, n_y, m):
    """(da_next, cache)."""
    def build(rng):
        xt, a_prev, P = _gru_cell_inputs(n_x, n_a, n_y, m)(rng)
        return rng.normal(size=(n_a, m)), ref.gru_cell_forward(xt, a_prev, P)[2]
    return build


def _lstm_cell_backward_inputs(n_x, n_a, n_y, m):
    """(da_next, dc_next, cache)."""
    def build(rng):
        xt, a_prev, c_prev, P = _lstm_cell_inputs(n_x, n_a, n_y, m)(rng)
        return rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m)), ref.lstm_cell_forward(xt, a_prev, c_prev, P)[3]
    return build


def _problem(gates, n_x, n_a, n_y, m, T_x):
    """(da, x, a0, parameters)."""
    def build(rng):
        x, a0, P = _sequence_inputs(gates, n_x, n_a, n_y, m, T_x)(rng)
        return (rng.normal(size=(n_a, m, T_x)), x, a0, P)
    return build


def _as_gru_backward_call(da, x, a0, parameters):
    return da, ref.gru_forward(x, a0, parameters)[2]


def _as_lstm_backward_call(da, x, a0, parameters):
    return da, ref.lstm_forward(x, a0, parameters)[3]


def _gru_backward_inputs(*sizes):
    return lambda rng: _as_gru_backward_call(*_problem(GRU_GATES, *sizes)(rng))


def _lstm_backward_inputs(*sizes):
    return lambda rng: _as_lstm_backward_call(*_problem(LSTM_GATES, *sizes)(rng))


# -- objectives of the gradient checks -------------------------------------------------------
def _gru_cell_objective(da_next, cache):
    """sum(da_next * a_next), a_next recomputed from the cached a_prev, xt and parameters."""
    _, a_prev, _, _, _, xt, P = cache
    return float(np.sum(da_next * ref.gru_cell_forward(xt, a_prev, P)[0]))


def _lstm_cell_objective(da_next, dc_next, cache):
    """sum(da_next * a_next) + sum(dc_next * c_next), recomputed from the cached inputs."""
    _, _, a_prev, c_prev, _, _, _, _, xt, P = cache
    a_next, c_next, _, _ = ref.lstm_cell_forward(xt, a_prev, c_prev, P)
    return float(np.sum(da_next * a_next) + np.sum(dc_next * c_next))


def _gru_objective(da, x, a0, parameters):
    return float(np.sum(da * ref.gru_forward(x, a0, parameters)[0]))


def _lstm_objective(da, x, a0, parameters):
    return float(np.sum(da * ref.lstm_forward(x, a0, parameters)[0]))


def _cell_paths(gates, parameters_at, inputs):
    paths = dict(inputs)
    for W in gates:
        for key in (W, "b" + W[1:]):
            paths["d" + key] = (parameters_at + (key,), ("d" + key,))
    return paths


def _sequence_paths(gates):
    return _cell_paths(gates, (3,), {"dx": ((1,), ("dx",)), "da0": ((2,), ("da0",))})


# -- known mistakes --------------------------------------------------------------------------
def _gru_forward_with(update="right", relevance="before"):
    def wrong(xt, a_prev, parameters):
        P, n_a = parameters, a_prev.shape[0]
        concat = np.concatenate((a_prev, xt), axis=0)
        rt = sigmoid(P["Wr"] @ concat + P["br"])
        ut = sigmoid(P["Wu"] @ concat + P["bu"])
        if relevance == "before":
            cct = np.tanh(P["Wc"] @ np.concatenate((rt * a_prev, xt), axis=0) + P["bc"])
        elif relevance == "after":
            cct = np.tanh(rt * (P["Wc"][:, :n_a] @ a_prev) + P["Wc"][:, n_a:] @ xt + P["bc"])
        else:
            cct = np.tanh(P["Wc"] @ concat + P["bc"])
        a_next = {"right": ut * cct + (1 - ut) * a_prev, "swapped": (1 - ut) * cct + ut * a_prev,
                  "notes": ut * cct + (1 - ut) + a_prev}[update]
        return a_next, softmax(P["Wy"] @ a_next + P["by"]), (a_next, a_prev, rt, ut, cct, xt, parameters)
    return wrong


def _gru_sequence_from_a0(x, a0, parameters):
    steps = [ref.gru_cell_forward(x[:, :, t], a0, parameters) for t in range(x.shape[2])]
    return (np.stack([s[0] for s in steps], axis=2), np.stack([s[1] for s in steps], axis=2),
            ([s[2] for s in steps], x))


def _gru_cell_backward_with(dut_a_prev=True, direct=True, tanh_derivative=lambda c: 1 - c ** 2):
    def wrong(da_next, cache):
        a_next, a_prev, rt, ut, cct, xt, P = cache
        n_a = a_prev.shape[0]
        concat = np.concatenate((a_prev, xt), axis=0)
        dcct = da_next * ut * tanh_derivative(cct)
        dut = da_next * ((cct - a_prev) if dut_a_prev else cct) * ut * (1 - ut)
        dgated = P["Wc"][:, :n_a].T @ dcct
        drt = dgated * a_prev * rt * (1 - rt)
        da_prev = ((da_next * (1 - ut) if direct else 0.0) + dgated * rt
                   + P["Wu"][:, :n_a].T @ dut + P["Wr"][:, :n_a].T @ drt)
        dxt = P["Wc"][:, n_a:].T @ dcct + P["Wu"][:, n_a:].T @ dut + P["Wr"][:, n_a:].T @ drt
        return {"dxt": dxt, "da_prev": da_prev,
                "dWr": drt @ concat.T, "dbr": drt.sum(axis=1, keepdims=True),
                "dWu": dut @ concat.T, "dbu": dut.sum(axis=1, keepdims=True),
                "dWc": dcct @ np.concatenate((rt * a_prev, xt), axis=0).T, "dbc": dcct.sum(axis=1, keepdims=True)}
    return wrong


def _sequence_backward_with(cell_backward, keys, lstm=False, carry_a=True, carry_c=True, accumulate=True):
    def wrong(da, caches):
        cell_caches, x = caches
        n_a, m, T_x = da.shape
        dx = np.zeros((x.shape[0], m, T_x))
        totals, da_prevt, dc_prevt = {}, np.zeros((n_a, m)), np.zeros((n_a, m))
        for t in reversed(range(T_x)):
            da_next = da[:, :, t] + (da_prevt if carry_a else 0.0)
            g = cell_backward(da_next, dc_prevt, cell_caches[t]) if lstm else cell_backward(da_next, cell_caches[t])
            da_prevt = g["da_prev"]
            if lstm and carry_c:
                dc_prevt = g["dc_prev"]
            dx[:, :, t] = g["dxt"]
            for key in keys:
                totals[key] = totals[key] + g[key] if (accumulate and key in totals) else g[key]
        return {"dx": dx, "da0": da_prevt, **totals}
    return wrong


def _lstm_forward_with(gate_input="a", update="right", output_tanh=True):
    def wrong(xt, a_prev, c_prev, parameters):
        P = parameters
        concat = np.concatenate((a_prev if gate_input == "a" else c_prev, xt), axis=0)
        ft = sigmoid(P["Wf"] @ concat + P["bf"])
        it = sigmoid(P["Wi"] @ concat + P["bi"])
        cct = np.tanh(P["Wc"] @ concat + P["bc"])
        c_next = it * cct + ft * c_prev if update == "right" else it * cct + ft + c_prev
        ot = sigmoid(P["Wo"] @ concat + P["bo"])
        a_next = ot * (np.tanh(c_next) if output_tanh else c_next)
        return (a_next, c_next, softmax(P["Wy"] @ a_next + P["by"]),
                (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters))
    return wrong


def _lstm_sequence_resetting_c(x, a0, parameters):
    caches, outs, a_next = [], [], a0
    for t in range(x.shape[2]):
        a_next, c_next, yt, cache = ref.lstm_cell_forward(x[:, :, t], a_next, np.zeros(a0.shape), parameters)
        outs.append((a_next, yt, c_next))
        caches.append(cache)
    a, y, c = (np.stack([o[i] for o in outs], axis=2) for i in range(3))
    return a, y, c, (caches, x)


def _lstm_cell_backward_with(forget_c_prev=True, through_a=True, candidate_derivative=lambda c: 1 - c ** 2,
                             keep_forget=True):
    def wrong(da_next, dc_next, cache):
        a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, P = cache
        n_a = a_next.shape[0]
        tanh_c = np.tanh(c_next)
        dc = dc_next + (da_next * ot * (1 - tanh_c ** 2) if through_a else 0.0)
        dot = da_next * tanh_c * ot * (1 - ot)
        dcct = dc * it * candidate_derivative(cct)
        dit = dc * cct * it * (1 - it)
        dft = dc * (c_prev if forget_c_prev else 1.0) * ft * (1 - ft)
        concat = np.concatenate((a_prev, xt), axis=0)
        g = {"dWf": dft @ concat.T, "dWi": dit @ concat.T, "dWc": dcct @ concat.T, "dWo": dot @ concat.T,
             "dbf": dft.sum(1, keepdims=True), "dbi": dit.sum(1, keepdims=True), "dbc": dcct.sum(1, keepdims=True),
             "dbo": dot.sum(1, keepdims=True)}
        dconcat = P["Wf"].T @ dft + P["Wi"].T @ dit + P["Wc"].T @ dcct + P["Wo"].T @ dot
        return {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft if keep_forget else dc, **g}
    return wrong


_GRU_KEYS = ("dWr", "dbr", "dWu", "dbu", "dWc", "dbc")
_LSTM_KEYS = ("dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo")
_CARRY = ("a<t> feeds both y<t> and step t+1, so its gradient has two parts: call the cell backward with "
          "da[:, :, t] + da_prevt. Here da holds only the part from the outputs; some course releases call "
          "it with da[:, :, t] alone, treating da as the whole gradient, which drops every path through "
          "later time steps.")
_ACCUMULATE = ("The same weights act at every time step: add each step's gradients to the totals (+=), do "
               "not replace them.")


PARTS = [
    Part("gru_cell_forward", returns=("a_next", "yt_pred", "cache"), checks=[
        Values("hidden cases of other shapes", [
            Case(_gru_cell_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, m = 4"),
            Case(_gru_cell_inputs(2, 3, 3, 1), label="m = 1"),
            Case(_gru_cell_inputs(5, 2, 4, 3), label="n_x = 5, n_a = 2")], weight=2),
    ], mistakes=[
        Mistake("update gate sides swapped", "Γu weighs the new candidate: a<t> = Γu * c̃ + (1 - Γu) * a<t-1>. "
                "(PyTorch's nn.GRU names its gate z = 1 - Γu, which weighs the old state.)",
                _gru_forward_with(update="swapped")),
        Mistake("the notes' memory-cell update", "The notes write Γu * c̃ + (1 - Γu) + c<t-1>, with a + where a "
                "product belongs: c<t> = Γu * c̃ + (1 - Γu) * c<t-1>.", _gru_forward_with(update="notes")),
        Mistake("relevance gate left out of the candidate", "The full GRU scales the old state by Γr before it "
                "enters the candidate: c̃ = tanh(Wc [Γr * a<t-1>; x<t>] + bc).",
                _gru_forward_with(relevance="none")),
        Mistake("relevance gate applied after the recurrent product", "That is PyTorch's nn.GRU, "
                "tanh(Γr * (Wc_a a<t-1>) + Wc_x x<t> + bc); the notes and this assignment gate the state first: "
                "tanh(Wc [Γr * a<t-1>; x<t>] + bc).", _gru_forward_with(relevance="after")),
    ]),
    Part("gru_forward", uses=("gru_cell_forward",), returns=("a", "y", "caches"), checks=[
        Values("hidden sequences", [
            Case(_sequence_inputs(GRU_GATES, 3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_sequence_inputs(GRU_GATES, 2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_sequence_inputs(GRU_GATES, 4, 2, 2, 3, 8), label="T_x = 8")], weight=2),
    ], mistakes=[
        Mistake("a0 fed to every step", "Step t starts from a<t-1>, the state the step before produced; only "
                "step 1 starts from a0.", _gru_sequence_from_a0),
    ]),
    Part("gru_cell_backward", returns="gradients", checks=[
        Values("hidden cases of other shapes", [
            Case(_gru_cell_backward_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, m = 4"),
            Case(_gru_cell_backward_inputs(2, 3, 3, 1), label="m = 1"),
            Case(_gru_cell_backward_inputs(5, 2, 4, 3), label="n_x = 5, n_a = 2")], weight=2),
        GradCheck("every gradient matches central differences of sum(da_next * a_next)", [
            Case(_gru_cell_backward_inputs(3, 4, 2, 3), label="n_x = 3, n_a = 4, m = 3")],
            objective=_gru_cell_objective,
            wrt=_cell_paths(GRU_GATES, (1, 6), {"dxt": ((1, 5), ("dxt",)), "da_prev": ((1, 1), ("da_prev",))}),
            weight=2),
    ], mistakes=[
        Mistake("update gate derivative without a<t-1>", "a<t> = Γu * c̃ + (1 - Γu) * a<t-1> depends on Γu through "
                "both terms: d a<t> / d Γu = c̃ - a<t-1>.", _gru_cell_backward_with(dut_a_prev=False)),
        Mistake("direct path missing from da_prev", "a<t-1> also reaches a<t> directly, through (1 - Γu) * a<t-1>: "
                "da_prev includes da_next * (1 - Γu).", _gru_cell_backward_with(direct=False)),
        Mistake("tanh derivative as 1 - c̃", "The derivative of tanh is 1 - tanh(z)^2 = 1 - c̃ ** 2, squared.",
                _gru_cell_backward_with(tanh_derivative=lambda c: 1 - c)),
    ]),
    Part("gru_backward", uses=("gru_cell_backward",), returns="gradients", checks=[
        Values("hidden sequences", [
            Case(_gru_backward_inputs(3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_gru_backward_inputs(2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_gru_backward_inputs(4, 2, 2, 3, 8), label="T_x = 8")], weight=2),
        GradCheck("dx, da0 and the weights' gradients match central differences of sum_t da<t> . a<t>", [
            Case(_problem(GRU_GATES, 3, 3, 2, 2, 4), label="T_x = 4")],
            objective=_gru_objective, call_args=_as_gru_backward_call, wrt=_sequence_paths(GRU_GATES), weight=2),
    ], mistakes=[
        Mistake("da_prev not carried back", _CARRY,
                _sequence_backward_with(ref.gru_cell_backward, _GRU_KEYS, carry_a=False)),
        Mistake("gradients overwritten, not accumulated", _ACCUMULATE,
                _sequence_backward_with(ref.gru_cell_backward, _GRU_KEYS, accumulate=False)),
    ]),
    Part("lstm_cell_forward", returns=("a_next", "c_next", "yt_pred", "cache"), checks=[
        Values("hidden cases of other shapes", [
            Case(_lstm_cell_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, m = 4"),
            Case(_lstm_cell_inputs(2, 3, 3, 1), label="m = 1"),
            Case(_lstm_cell_inputs(5, 2, 4, 3), label="n_x = 5, n_a = 2")], weight=2),
    ], mistakes=[
        Mistake("gates read c<t-1>", "The notes feed [c<t-1>, x<t>] to the gates and the candidate; that is an "
                "erratum: they read the hidden state, concat = [a_prev; xt].", _lstm_forward_with(gate_input="c")),
        Mistake("the notes' memory-cell update", "The notes write Γu * c̃ + Γf + c<t-1>, with a + where a product "
                "belongs: c<t> = Γi * c̃ + Γf * c<t-1>.", _lstm_forward_with(update="notes")),
        Mistake("a_next without the tanh", "a<t> = Γo * tanh(c<t>): the memory cell goes through tanh before the "
                "output gate.", _lstm_forward_with(output_tanh=False)),
    ]),
    Part("lstm_forward", uses=("lstm_cell_forward",), returns=("a", "y", "c", "caches"), checks=[
        Values("hidden sequences", [
            Case(_sequence_inputs(LSTM_GATES, 3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_sequence_inputs(LSTM_GATES, 2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_sequence_inputs(LSTM_GATES, 4, 2, 2, 3, 8), label="T_x = 8")], weight=2),
    ], mistakes=[
        Mistake("memory cell reset at every step", "The memory cell is carried like the hidden state: pass the "
                "c_next of step t-1 to step t (it starts at zero only before step 1).", _lstm_sequence_resetting_c),
    ]),
    Part("lstm_cell_backward", returns="gradients", checks=[
        Values("hidden cases of other shapes", [
            Case(_lstm_cell_backward_inputs(3, 5, 2, 4), label="n_x = 3, n_a = 5, m = 4"),
            Case(_lstm_cell_backward_inputs(2, 3, 3, 1), label="m = 1"),
            Case(_lstm_cell_backward_inputs(5, 2, 4, 3), label="n_x = 5, n_a = 2")], weight=2),
        GradCheck("every gradient matches central differences of sum(da_next * a_next) + sum(dc_next * c_next)", [
            Case(_lstm_cell_backward_inputs(3, 4, 2, 3), label="n_x = 3, n_a = 4, m = 3")],
            objective=_lstm_cell_objective,
            wrt=_cell_paths(LSTM_GATES, (2, 9), {"dxt": ((2, 8), ("dxt",)), "da_prev": ((2, 2), ("da_prev",)),
                                                 "dc_prev": ((2, 3), ("dc_prev",))}), weight=2),
    ], mistakes=[
        Mistake("forget gate derivative missing c_prev", "c<t> = Γi * c̃ + Γf * c<t-1>, so d c<t> / d Γf = "
                "c<t-1>: dft = dc * c_prev * Γf * (1 - Γf).", _lstm_cell_backward_with(forget_c_prev=False)),
        Mistake("the path through a_next left out of dc", "c<t> also reaches a<t> = Γo * tanh(c<t>): the cell's "
                "gradient is dc_next + da_next * Γo * (1 - tanh(c_next) ** 2).",
                _lstm_cell_backward_with(through_a=False)),
        Mistake("tanh derivative as 1 - c̃", "The derivative of tanh is 1 - tanh(z)^2 = 1 - c̃ ** 2, squared.",
                _lstm_cell_backward_with(candidate_derivative=lambda c: 1 - c)),
        Mistake("dc_prev without the forget gate", "c<t-1> reaches c<t> through Γf * c<t-1>: dc_prev = dc * Γf.",
                _lstm_cell_backward_with(keep_forget=False)),
    ]),
    Part("lstm_backward", uses=("lstm_cell_backward",), returns="gradients", checks=[
        Values("hidden sequences", [
            Case(_lstm_backward_inputs(3, 5, 2, 4, 6), label="T_x = 6, m = 4"),
            Case(_lstm_backward_inputs(2, 3, 3, 1, 1), label="T_x = 1, m = 1"),
            Case(_lstm_backward_inputs(4, 2, 2, 3, 8), label="T_x = 8")], weight=2),
        GradCheck("dx, da0 and the weights' gradients match central differences of sum_t da<t> . a<t>", [
            Case(_problem(LSTM_GATES, 3, 3, 2, 2, 4), label="T_x = 4")],
            objective=_lstm_objective, call_args=_as_lstm_backward_call, wrt=_sequence_paths(LSTM_GATES), weight=2),
    ], mistakes=[
        Mistake("da_prev not carried back", _CARRY,
                _sequence_backward_with(ref.lstm_cell_backward, _LSTM_KEYS, lstm=True, carry_a=False)),
        Mistake("dc_prev not carried back", "The memory cell also carries gradient back in time: pass each "
                "step's dc_prev as the dc_next of the step before.",
                _sequence_backward_with(ref.lstm_cell_backward, _LSTM_KEYS, lstm=True, carry_c=False)),
        Mistake("gradients overwritten, not accumulated", _ACCUMULATE,
                _sequence_backward_with(ref.lstm_cell_backward, _LSTM_KEYS, lstm=True, accumulate=False)),
    ]),
]
