"""The GRU and LSTM reference (solutions/gru_lstm.py) against PyTorch float64.

LSTM: torch.nn.LSTMCell and torch.nn.LSTM, forward and autograd backward, after mapping the weights:

- DLS keeps one matrix per gate, W (n_a, n_a + n_x), acting on the stacked column [a_prev; xt]. Torch
  splits each into an input part and a hidden part and stacks the four gates in the order
  i, f, g, o (g is the candidate c̃): weight_ih = [Wi[:, n_a:]; Wf[:, n_a:]; Wc[:, n_a:]; Wo[:, n_a:]]
  (4 n_a, n_x) and weight_hh = the same with the first n_a columns (4 n_a, n_a). The gradients map
  back the same way (the hidden part first, as in [a_prev; xt]).
- bias_ih = [bi; bf; bc; bo] flattened; torch's second bias set, bias_hh, is zero (DLS has one bias).
- Torch works on rows: its input is x.transpose(2, 1, 0) of shape (T_x, m, n_x), its states
  (T_x, m, n_a); h0 = a0.T and c0 = 0, as in DLS's lstm_forward.
- Backward: the loss is sum(da * a) (+ sum(dc * c) for the cell), so autograd's gradients are what
  lstm_backward and lstm_cell_backward return.

GRU: torch.nn.GRU applies the reset (relevance) gate after the recurrent product,
n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), while the notes and DLS gate the state first,
c̃ = tanh(Wc [Γr * a_prev; xt] + bc); nn.GRU also weighs the old state with its gate z = 1 - Γu. So
the reference is checked against the notes' (corrected) equations written in torch operations, with
autograd for the backward pass, and a separate test shows that nn.GRU with the mapped weights computes
the other formula.

The fast LSTM (solutions/fast_lstm.py, stacked gates and whole-sequence products) is checked against
the cell-by-cell reference, entry by entry including the caches, and against nn.LSTM.
"""

import numpy as np
import pytest
import torch

from solutions import fast_lstm as fast
from solutions import gru_lstm as ref

RTOL = 1e-7
LSTM_ORDER = ("Wi", "Wf", "Wc", "Wo")  # torch's gate order i, f, g, o


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-12)


def t64(array, grad=False):
    return torch.tensor(np.ascontiguousarray(array), dtype=torch.float64, requires_grad=grad)


def make_parameters(rng, gates, n_x, n_a, n_y):
    P = {}
    for W in gates:
        P[W] = rng.normal(size=(n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        P["b" + W[1:]] = 0.5 * rng.normal(size=(n_a, 1))
    P["Wy"], P["by"] = rng.normal(size=(n_y, n_a)), rng.normal(size=(n_y, 1))
    return P


@pytest.fixture
def sizes():
    return {"n_x": 3, "n_a": 5, "n_y": 4, "m": 6, "T_x": 7}


@pytest.fixture
def lstm_problem(sizes):
    rng = np.random.default_rng(11)
    n_x, n_a, n_y, m, T_x = (sizes[k] for k in ("n_x", "n_a", "n_y", "m", "T_x"))
    return (rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))),
            make_parameters(rng, ("Wf", "Wi", "Wc", "Wo"), n_x, n_a, n_y), rng.normal(size=(n_a, m, T_x)))


def load_lstm(module, suffix, P, n_a):
    with torch.no_grad():
        getattr(module, "weight_ih" + suffix).copy_(t64(np.vstack([P[W][:, n_a:] for W in LSTM_ORDER])))
        getattr(module, "weight_hh" + suffix).copy_(t64(np.vstack([P[W][:, :n_a] for W in LSTM_ORDER])))
        getattr(module, "bias_ih" + suffix).copy_(t64(np.concatenate([P["b" + W[1:]] for W in LSTM_ORDER]).ravel()))
        getattr(module, "bias_hh" + suffix).zero_()


def lstm_gradients_from_torch(module, suffix, n_a):
    """dWf, dbf, ... in DLS's layout from the gradients of torch's stacked weights."""
    ih, hh = getattr(module, "weight_ih" + suffix).grad.numpy(), getattr(module, "weight_hh" + suffix).grad.numpy()
    b = getattr(module, "bias_ih" + suffix).grad.numpy()
    grads = {}
    for k, W in enumerate(LSTM_ORDER):
        rows = slice(k * n_a, (k + 1) * n_a)
        grads["d" + W] = np.hstack([hh[rows], ih[rows]])
        grads["db" + W[1:]] = b[rows][:, None]
    return grads


def test_lstm_cell_matches_torch_lstm_cell(lstm_problem):
    x, a0, P, da = lstm_problem
    rng = np.random.default_rng(12)
    n_a, n_x = a0.shape[0], x.shape[0]
    c0, dc = rng.normal(size=a0.shape), rng.normal(size=a0.shape)
    cell = torch.nn.LSTMCell(n_x, n_a, dtype=torch.float64)
    load_lstm(cell, "", P, n_a)
    xt, h0, c0_t = t64(x[:, :, 0].T, grad=True), t64(a0.T, grad=True), t64(c0.T, grad=True)
    h, c = cell(xt, (h0, c0_t))
    a_next, c_next, yt_pred, cache = ref.lstm_cell_forward(x[:, :, 0], a0, c0, P)
    assert_close(a_next, h.detach().numpy().T)
    assert_close(c_next, c.detach().numpy().T)
    assert_close(yt_pred, torch.softmax(t64(P["Wy"]) @ h.T + t64(P["by"]), dim=0).detach().numpy())
    ((h * t64(da[:, :, 0].T)).sum() + (c * t64(dc.T)).sum()).backward()
    g = ref.lstm_cell_backward(da[:, :, 0], dc, cache)
    assert_close(g["dxt"], xt.grad.numpy().T)
    assert_close(g["da_prev"], h0.grad.numpy().T)
    assert_close(g["dc_prev"], c0_t.grad.numpy().T)
    for key, value in lstm_gradients_from_torch(cell, "", n_a).items():
        assert_close(g[key], value)


def test_lstm_sequence_forward_and_bptt_match_torch_lstm(lstm_problem):
    x, a0, P, da = lstm_problem
    n_a, n_x = a0.shape[0], x.shape[0]
    lstm = torch.nn.LSTM(n_x, n_a, dtype=torch.float64)
    load_lstm(lstm, "_l0", P, n_a)
    xs, h0 = t64(x.transpose(2, 1, 0), grad=True), t64(a0.T[None], grad=True)
    out, (h_n, c_n) = lstm(xs, (h0, torch.zeros_like(h0)))
    a, y, c, caches = ref.lstm_forward(x, a0, P)
    assert_close(a, out.detach().numpy().transpose(2, 1, 0))
    assert_close(c[:, :, -1], c_n.detach().numpy()[0].T)
    z = torch.einsum("yn,tmn->ymt", t64(P["Wy"]), out) + t64(P["by"])[:, :, None]
    assert_close(y, torch.softmax(z, dim=0).detach().numpy())
    (out * t64(da.transpose(2, 1, 0))).sum().backward()
    g = ref.lstm_backward(da, caches)
    assert_close(g["dx"], xs.grad.numpy().transpose(2, 1, 0))
    assert_close(g["da0"], h0.grad.numpy()[0].T)
    for key, value in lstm_gradients_from_torch(lstm, "_l0", n_a).items():
        assert_close(g[key], value)


def torch_gru_notes(x, a0, P):
    """The notes' GRU with the corrected update, in torch operations (columns, as DLS): the states
    (T_x tensors (n_a, m)) and the leaves (x, a0, parameters) for autograd."""
    leaves = {k: t64(v, grad=True) for k, v in P.items()}
    xs, a = t64(x, grad=True), t64(a0, grad=True)
    start, states = a, []
    for t in range(x.shape[2]):
        concat = torch.cat([a, xs[:, :, t]], dim=0)
        r = torch.sigmoid(leaves["Wr"] @ concat + leaves["br"])
        u = torch.sigmoid(leaves["Wu"] @ concat + leaves["bu"])
        cc = torch.tanh(leaves["Wc"] @ torch.cat([r * a, xs[:, :, t]], dim=0) + leaves["bc"])
        a = u * cc + (1 - u) * a
        states.append(a)
    return torch.stack(states, dim=2), xs, start, leaves


@pytest.fixture
def gru_problem(sizes):
    rng = np.random.default_rng(13)
    n_x, n_a, n_y, m, T_x = (sizes[k] for k in ("n_x", "n_a", "n_y", "m", "T_x"))
    return (rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))),
            make_parameters(rng, ("Wr", "Wu", "Wc"), n_x, n_a, n_y), rng.normal(size=(n_a, m, T_x)))


def test_gru_matches_the_notes_equations_in_torch_autograd(gru_problem):
    x, a0, P, da = gru_problem
    states, xs, start, leaves = torch_gru_notes(x, a0, P)
    a, y, caches = ref.gru_forward(x, a0, P)
    assert_close(a, states.detach().numpy())
    z = torch.einsum("yn,nmt->ymt", leaves["Wy"], states) + leaves["by"][:, :, None]
    assert_close(y, torch.softmax(z, dim=0).detach().numpy())
    (states * t64(da)).sum().backward()
    g = ref.gru_backward(da, caches)
    assert_close(g["dx"], xs.grad.numpy())
    assert_close(g["da0"], start.grad.numpy())
    for key in ("Wr", "br", "Wu", "bu", "Wc", "bc"):
        assert_close(g["d" + key], leaves[key].grad.numpy())


def test_gru_cell_backward_matches_torch_autograd(gru_problem):
    x, a0, P, da = gru_problem
    states, xs, start, leaves = torch_gru_notes(x[:, :, :1], a0, P)
    (states[:, :, 0] * t64(da[:, :, 0])).sum().backward()
    g = ref.gru_cell_backward(da[:, :, 0], ref.gru_cell_forward(x[:, :, 0], a0, P)[2])
    assert_close(g["dxt"], xs.grad.numpy()[:, :, 0])
    assert_close(g["da_prev"], start.grad.numpy())
    for key in ("Wr", "br", "Wu", "bu", "Wc", "bc"):
        assert_close(g["d" + key], leaves[key].grad.numpy())


def test_torch_nn_gru_gates_after_the_recurrent_product(gru_problem):
    """nn.GRU with the weights mapped (r = Γr; z = 1 - Γu, so its weights are -Wu, -bu; n = the
    candidate; b_hn = 0) computes tanh(Wcx x + bc + Γr * (Wca a)): our numpy version of that formula
    matches it to rounding, and the notes' GRU (the reference) differs from it."""
    x, a0, P, _ = gru_problem
    n_a, n_x = a0.shape[0], x.shape[0]
    gru = torch.nn.GRU(n_x, n_a, dtype=torch.float64)
    stacked = [P["Wr"], -P["Wu"], P["Wc"]]  # torch's order r, z, n
    with torch.no_grad():
        gru.weight_ih_l0.copy_(t64(np.vstack([W[:, n_a:] for W in stacked])))
        gru.weight_hh_l0.copy_(t64(np.vstack([W[:, :n_a] for W in stacked])))
        gru.bias_ih_l0.copy_(t64(np.concatenate([P["br"], -P["bu"], P["bc"]]).ravel()))
        gru.bias_hh_l0.zero_()
        out, _ = gru(t64(x.transpose(2, 1, 0)), t64(a0.T[None]))
    torch_states = out.numpy().transpose(2, 1, 0)

    a, states = a0, []
    for t in range(x.shape[2]):
        concat = np.concatenate((a, x[:, :, t]), axis=0)
        r, u = ref.sigmoid(P["Wr"] @ concat + P["br"]), ref.sigmoid(P["Wu"] @ concat + P["bu"])
        cc = np.tanh(P["Wc"][:, n_a:] @ x[:, :, t] + P["bc"] + r * (P["Wc"][:, :n_a] @ a))
        a = u * cc + (1 - u) * a
        states.append(a)
    assert_close(np.stack(states, axis=2), torch_states)
    assert np.max(np.abs(ref.gru_forward(x, a0, P)[0] - torch_states)) > 1e-3


def test_caches_and_gradient_keys_follow_dls(lstm_problem):
    x, a0, P, da = lstm_problem
    a_next, c_next, yt_pred, cache = ref.lstm_cell_forward(x[:, :, 0], a0, np.zeros_like(a0), P)
    assert len(cache) == 10 and cache[0] is a_next and cache[1] is c_next and cache[2] is a0 and cache[9] is P
    assert [v.shape for v in cache[3:8]] == [a0.shape] * 5 and cache[8].shape == (x.shape[0], x.shape[1])
    a, y, c, caches = ref.lstm_forward(x, a0, P)
    assert caches[1] is x and len(caches[0]) == x.shape[2]
    assert set(ref.lstm_backward(da, caches)) == {"dx", "da0", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"}
    assert set(ref.lstm_cell_backward(da[:, :, 0], da[:, :, 1], caches[0][0])) == {
        "dxt", "da_prev", "dc_prev", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"}


# -- a solution written the course's way passes ---------------------------------------------------
def course_lstm_cell_forward(xt, a_prev, c_prev, parameters):
    Wf, bf, Wi, bi = parameters["Wf"], parameters["bf"], parameters["Wi"], parameters["bi"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wy, by = parameters["Wy"], parameters["by"]
    n_x, m = xt.shape
    n_y, n_a = Wy.shape
    # An older release fills a zero matrix instead of calling np.concatenate.
    concat = np.zeros((n_a + n_x, m))
    concat[:n_a, :] = a_prev
    concat[n_a:, :] = xt
    ft = ref.sigmoid(np.dot(Wf, concat) + bf)
    it = ref.sigmoid(np.dot(Wi, concat) + bi)
    cct = np.tanh(np.dot(Wc, concat) + bc)
    c_next = ft * c_prev + it * cct
    ot = ref.sigmoid(np.dot(Wo, concat) + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = ref.softmax(np.dot(Wy, a_next) + by)
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)


def course_lstm_cell_backward(da_next, dc_next, cache):
    (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) = cache
    n_x, m = xt.shape
    n_a, m = a_next.shape
    # The course's formulas, with the path through a_next written out in each gate.
    through_a = ot * (1 - np.tanh(c_next) ** 2) * da_next
    dot = da_next * np.tanh(c_next) * ot * (1 - ot)
    dcct = (dc_next * it + through_a * it) * (1 - cct ** 2)
    dit = (dc_next * cct + through_a * cct) * it * (1 - it)
    dft = (dc_next * c_prev + through_a * c_prev) * ft * (1 - ft)
    concat = np.concatenate((a_prev, xt), axis=0).T
    W = {k: parameters[k] for k in ("Wf", "Wi", "Wc", "Wo")}
    pre = {"Wf": dft, "Wi": dit, "Wc": dcct, "Wo": dot}
    gradients = {"d" + k: np.dot(pre[k], concat) for k in W}
    gradients.update({"db" + k[1:]: np.sum(pre[k], axis=1, keepdims=True) for k in W})
    gradients["da_prev"] = sum(np.dot(W[k][:, :n_a].T, pre[k]) for k in W)
    gradients["dc_prev"] = dc_next * ft + through_a * ft
    gradients["dxt"] = sum(np.dot(W[k][:, n_a:].T, pre[k]) for k in W)
    return gradients


def course_lstm_backward(da, caches):
    (caches, x) = caches
    (a1, c1, a0, c0, f1, i1, cc1, o1, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx, da_prevt, dc_prevt = np.zeros((n_x, m, T_x)), np.zeros((n_a, m)), np.zeros((n_a, m))
    totals = {k: np.zeros((n_a, n_a + n_x)) for k in ("dWf", "dWi", "dWc", "dWo")}
    totals.update({k: np.zeros((n_a, 1)) for k in ("dbf", "dbi", "dbc", "dbo")})
    for t in reversed(range(T_x)):
        gradients = course_lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        da_prevt, dc_prevt = gradients["da_prev"], gradients["dc_prev"]
        dx[:, :, t] = gradients["dxt"]
        for k in totals:
            totals[k] += gradients[k]
    da0 = gradients["da_prev"]
    return {"dx": dx, "da0": da0, **totals}


def test_a_course_style_solution_scores_full_marks():
    """LSTM functions written for the course's notebook (its signatures, caches and formulas) earn every
    point (the rest of the submission being the reference)."""
    from autograder import assignment as assignments
    from autograder.validate import grade_reference

    a = assignments.load("gru_lstm")
    tests = grade_reference(a, {"lstm_cell_forward": course_lstm_cell_forward,
                                "lstm_cell_backward": course_lstm_cell_backward,
                                "lstm_backward": course_lstm_backward})
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
    assert sum(t["score"] for t in tests) == pytest.approx(a.max_score)


# -- the fast LSTM (solutions/fast_lstm.py): same results, fewer and larger matrix products ----------

LSTM_GATES = ("Wf", "Wi", "Wc", "Wo")
GRADIENT_KEYS = {"dx", "da0", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"}


def fast_problem(n_x, n_a, n_y, m, T_x, seed=21, scale=1.0):
    rng = np.random.default_rng(seed)
    P = make_parameters(rng, LSTM_GATES, n_x, n_a, n_y)
    for key in LSTM_GATES + ("bf", "bi", "bc", "bo"):
        P[key] = scale * P[key]
    return (rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))), P,
            rng.normal(size=(n_a, m, T_x)))


# The last shape needs work blocks of more than 4 MiB, which fast_lstm aligns on 2 MiB.
@pytest.mark.parametrize("shape", [(3, 5, 4, 6, 7), (1, 1, 2, 1, 1), (6, 9, 3, 5, 4), (4, 2, 2, 3, 12),
                                   (16, 64, 3, 32, 40)],
                         ids=lambda s: "n_x=%d,n_a=%d,n_y=%d,m=%d,T_x=%d" % s)
def test_fast_lstm_agrees_with_the_cell_by_cell_reference(shape):
    """Forward results and every entry of every cell cache; backward from either version's caches."""
    x, a0, P, da = fast_problem(*shape)
    originals = [v.copy() for v in (x, a0, da)] + [P[k].copy() for k in sorted(P)]
    expected = ref.lstm_forward(x, a0, P)
    actual = fast.lstm_forward(x, a0, P)
    for got, want in zip(actual[:3], expected[:3]):
        assert got.shape == want.shape
        assert_close(got, want)
    assert actual[3][1] is x and len(actual[3][0]) == len(expected[3][0])
    for got, want in zip(actual[3][0], expected[3][0]):
        assert len(got) == 10 and got[9] is P
        for got_value, want_value in zip(got[:9], want[:9]):
            assert got_value.shape == want_value.shape
            assert_close(got_value, want_value)
    want_gradients = ref.lstm_backward(da, expected[3])
    for forward_caches in (actual[3], expected[3]):
        gradients = fast.lstm_backward(da, forward_caches)
        assert set(gradients) == GRADIENT_KEYS
        for key, want in want_gradients.items():
            assert gradients[key].shape == want.shape, key
            assert_close(gradients[key], want)
    for key, want in ref.lstm_backward(da, actual[3]).items():
        assert_close(want, want_gradients[key])
    # Neither pass writes into its arguments.
    for value, original in zip([x, a0, da] + [P[k] for k in sorted(P)], originals):
        np.testing.assert_array_equal(value, original)


@pytest.mark.parametrize("shapes", [[(3, 5), (7,), (2, 2, 2)], [(1 << 19,), (3, 1000), (5,), (1 << 18,)]],
                         ids=["small", "large"])
def test_fast_lstm_work_arrays_are_separate_and_aligned(shapes):
    arrays = fast._arrays(*shapes)
    assert [array.shape for array in arrays] == shapes and all(array.dtype == np.float64 for array in arrays)
    for k, array in enumerate(arrays):
        assert array.ctypes.data % 64 == 0 and array.flags.c_contiguous
        array[...] = k
    for k, array in enumerate(arrays):
        assert np.all(array == k)
    if sum(array.size for array in arrays) * 8 >= 1 << 22:
        assert arrays[0].ctypes.data % (1 << 21) == 0


def test_fast_lstm_agrees_with_the_reference_when_the_gates_saturate():
    """Weights 1000 times larger: pre-activations beyond -709, where exp(-z) overflows to inf and the
    gate is exactly 0; no floating-point warning escapes, and the results agree."""
    x, a0, P, da = fast_problem(3, 5, 2, 4, 6, seed=22, scale=1000.0)
    assert np.min(P["Wf"] @ np.concatenate((a0, x[:, :, 0])) + P["bf"]) < -709
    expected = ref.lstm_forward(x, a0, P)
    want_gradients = ref.lstm_backward(da, expected[3])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        actual = fast.lstm_forward(x, a0, P)
        gradients = fast.lstm_backward(da, actual[3])
    for got, want in zip(actual[:3], expected[:3]):
        assert np.all(np.isfinite(got))
        assert_close(got, want)
    for key, got in gradients.items():
        assert_close(got, want_gradients[key])


def test_fast_lstm_matches_torch_lstm():
    n_x, n_a, n_y, m, T_x = 7, 12, 3, 5, 9
    x, a0, P, da = fast_problem(n_x, n_a, n_y, m, T_x, seed=23)
    lstm = torch.nn.LSTM(n_x, n_a, dtype=torch.float64)
    load_lstm(lstm, "_l0", P, n_a)
    xs, h0 = t64(x.transpose(2, 1, 0), grad=True), t64(a0.T[None], grad=True)
    out, (_, c_n) = lstm(xs, (h0, torch.zeros_like(h0)))
    a, y, c, caches = fast.lstm_forward(x, a0, P)
    assert_close(a, out.detach().numpy().transpose(2, 1, 0))
    assert_close(c[:, :, -1], c_n.detach().numpy()[0].T)
    z = torch.einsum("yn,tmn->ymt", t64(P["Wy"]), out) + t64(P["by"])[:, :, None]
    assert_close(y, torch.softmax(z, dim=0).detach().numpy())
    (out * t64(da.transpose(2, 1, 0))).sum().backward()
    g = fast.lstm_backward(da, caches)
    assert_close(g["dx"], xs.grad.numpy().transpose(2, 1, 0))
    assert_close(g["da0"], h0.grad.numpy()[0].T)
    for key, value in lstm_gradients_from_torch(lstm, "_l0", n_a).items():
        assert_close(g[key], value)
