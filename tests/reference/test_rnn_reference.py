"""The RNN reference (solutions/rnn.py) against PyTorch float64: torch.nn.RNNCell and torch.nn.RNN for
the cell, the sequence, the bidirectional RNN and the stacked RNN, forward and autograd backward; and
DLS's caches and return structures.

Mapping DLS's parameters onto torch's (float64 everywhere):

- torch computes h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) on row vectors; DLS computes
  a<t> = tanh(Wax x<t> + Waa a<t-1> + ba) on columns. So weight_ih = Wax (n_a, n_x), weight_hh = Waa
  (n_a, n_a), bias_ih = ba flattened, and torch's second bias set, bias_hh, is zero (DLS has one bias).
- DLS's x (n_x, m, T_x) is torch's input (T_x, m, n_x): axes reversed, `x.transpose(2, 1, 0)`; torch's
  output (T_x, m, n_a) maps back to a (n_a, m, T_x) the same way. h0 is a0.T with a leading axis of
  layers x directions.
- Stacked layers (num_layers=L): weight_ih_l{l-1} = Wax{l}, weight_hh_l{l-1} = Waa{l}; torch's output
  is the top layer's states, h_n the last state of every layer.
- Bidirectional: the `_reverse` weights are the backward direction's (Wax_b, Waa_b, ba_b); the output's
  first n_a features are the forward states, the last n_a the backward ones, each at its own t; h0[0]
  starts the forward direction, h0[1] the backward one (at t = T_x).
- The predictions softmax(Wya a + by) are not part of nn.RNN: they are written in torch operations.
- Backward: the loss is sum(da * a) (autograd's upstream gradient is da), so the parameter gradients,
  x.grad and h0.grad are what rnn_backward returns as dWax, dWaa, dba, dx, da0.
"""

import numpy as np
import pytest
import torch

from solutions import rnn as ref

RTOL = 1e-7


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-12)


def t64(array, grad=False):
    return torch.tensor(np.ascontiguousarray(array), dtype=torch.float64, requires_grad=grad)


def rnn_parameters(rng, n_x, n_a, n_y):
    return {"Wax": rng.normal(size=(n_a, n_x)) / np.sqrt(n_x), "Waa": 0.8 * rng.normal(size=(n_a, n_a)) / np.sqrt(n_a),
            "Wya": rng.normal(size=(n_y, n_a)), "ba": 0.3 * rng.normal(size=(n_a, 1)), "by": 0.3 * rng.normal(size=(n_y, 1))}


def load_layer(module, suffix, Wax, Waa, ba):
    with torch.no_grad():
        getattr(module, "weight_ih" + suffix).copy_(t64(Wax))
        getattr(module, "weight_hh" + suffix).copy_(t64(Waa))
        getattr(module, "bias_ih" + suffix).copy_(t64(ba.ravel()))
        getattr(module, "bias_hh" + suffix).zero_()


def torch_softmax_output(Wya, by, states):
    """softmax(Wya a + by) over the classes, for states (T_x, m, n) in torch's layout -> (n_y, m, T_x)."""
    z = torch.einsum("yn,tmn->ymt", t64(Wya), states) + t64(by)[:, :, None]
    return torch.softmax(z, dim=0)


@pytest.fixture
def problem():
    rng = np.random.default_rng(7)
    n_x, n_a, n_y, m, T_x = 3, 5, 4, 6, 7
    return (rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m))), rnn_parameters(rng, n_x, n_a, n_y),
            rng.normal(size=(n_a, m, T_x)))


def test_cell_forward_and_backward_match_torch_rnn_cell(problem):
    x, a0, P, da = problem
    n_a, n_x = P["Wax"].shape
    cell = torch.nn.RNNCell(n_x, n_a, nonlinearity="tanh", dtype=torch.float64)
    load_layer(cell, "", P["Wax"], P["Waa"], P["ba"])
    xt, a_prev = t64(x[:, :, 0].T, grad=True), t64(a0.T, grad=True)
    h = cell(xt, a_prev)
    a_next, yt_pred, cache = ref.rnn_cell_forward(x[:, :, 0], a0, P)
    assert_close(a_next, h.detach().numpy().T)
    assert_close(yt_pred, torch.softmax(t64(P["Wya"]) @ h.T + t64(P["by"]), dim=0).detach().numpy())
    (h * t64(da[:, :, 0].T)).sum().backward()
    g = ref.rnn_cell_backward(da[:, :, 0], cache)
    assert_close(g["dxt"], xt.grad.numpy().T)
    assert_close(g["da_prev"], a_prev.grad.numpy().T)
    assert_close(g["dWax"], cell.weight_ih.grad.numpy())
    assert_close(g["dWaa"], cell.weight_hh.grad.numpy())
    assert_close(g["dba"], cell.bias_ih.grad.numpy()[:, None])


def test_sequence_forward_and_bptt_match_torch_rnn(problem):
    x, a0, P, da = problem
    n_a, n_x = P["Wax"].shape
    rnn = torch.nn.RNN(n_x, n_a, nonlinearity="tanh", dtype=torch.float64)
    load_layer(rnn, "_l0", P["Wax"], P["Waa"], P["ba"])
    xs, h0 = t64(x.transpose(2, 1, 0), grad=True), t64(a0.T[None], grad=True)
    out, _ = rnn(xs, h0)
    a, y_pred, caches = ref.rnn_forward(x, a0, P)
    assert_close(a, out.detach().numpy().transpose(2, 1, 0))
    assert_close(y_pred, torch_softmax_output(P["Wya"], P["by"], out).detach().numpy())
    (out * t64(da.transpose(2, 1, 0))).sum().backward()
    g = ref.rnn_backward(da, caches)
    assert_close(g["dx"], xs.grad.numpy().transpose(2, 1, 0))
    assert_close(g["da0"], h0.grad.numpy()[0].T)
    assert_close(g["dWax"], rnn.weight_ih_l0.grad.numpy())
    assert_close(g["dWaa"], rnn.weight_hh_l0.grad.numpy())
    assert_close(g["dba"], rnn.bias_ih_l0.grad.numpy()[:, None])


def test_bidirectional_forward_matches_torch_bidirectional_rnn(problem):
    x, a0_f, P, _ = problem
    rng = np.random.default_rng(8)
    n_a, n_x = P["Wax"].shape
    n_y = P["Wya"].shape[0]
    a0_b = np.tanh(rng.normal(size=a0_f.shape))
    B = {"Wax_f": P["Wax"], "Waa_f": P["Waa"], "ba_f": P["ba"], "Wya": rng.normal(size=(n_y, 2 * n_a)), "by": P["by"],
         "Wax_b": rng.normal(size=(n_a, n_x)), "Waa_b": 0.5 * rng.normal(size=(n_a, n_a)),
         "ba_b": rng.normal(size=(n_a, 1))}
    rnn = torch.nn.RNN(n_x, n_a, nonlinearity="tanh", bidirectional=True, dtype=torch.float64)
    load_layer(rnn, "_l0", B["Wax_f"], B["Waa_f"], B["ba_f"])
    load_layer(rnn, "_l0_reverse", B["Wax_b"], B["Waa_b"], B["ba_b"])
    with torch.no_grad():
        out, _ = rnn(t64(x.transpose(2, 1, 0)), t64(np.stack([a0_f.T, a0_b.T])))
    a_f, a_b, y_pred = ref.brnn_forward(x, a0_f, a0_b, B)
    assert_close(a_f, out[:, :, :n_a].numpy().transpose(2, 1, 0))
    assert_close(a_b, out[:, :, n_a:].numpy().transpose(2, 1, 0))
    assert_close(y_pred, torch_softmax_output(B["Wya"], B["by"], out).numpy())


@pytest.mark.parametrize("L", [1, 3])
def test_stacked_forward_and_backward_match_torch_multilayer_rnn(L):
    rng = np.random.default_rng(9 + L)
    n_x, n_a, n_y, m, T_x = 4, 3, 2, 5, 6
    P = {"Wya": rng.normal(size=(n_y, n_a)), "by": rng.normal(size=(n_y, 1))}
    rnn = torch.nn.RNN(n_x, n_a, num_layers=L, nonlinearity="tanh", dtype=torch.float64)
    for l in range(1, L + 1):
        P["Wax%d" % l] = rng.normal(size=(n_a, n_x if l == 1 else n_a)) * 0.6
        P["Waa%d" % l] = rng.normal(size=(n_a, n_a)) * 0.5
        P["ba%d" % l] = rng.normal(size=(n_a, 1)) * 0.3
        load_layer(rnn, "_l%d" % (l - 1), P["Wax%d" % l], P["Waa%d" % l], P["ba%d" % l])
    x, a0, da = rng.normal(size=(n_x, m, T_x)), np.tanh(rng.normal(size=(n_a, m, L))), rng.normal(size=(n_a, m, T_x))
    xs, h0 = t64(x.transpose(2, 1, 0), grad=True), t64(a0.transpose(2, 1, 0), grad=True)
    out, h_n = rnn(xs, h0)
    a, y_pred, caches = ref.deep_rnn_forward(x, a0, P)
    assert_close(a[:, :, :, -1], out.detach().numpy().transpose(2, 1, 0))
    assert_close(a[:, :, -1, :], h_n.detach().numpy().transpose(2, 1, 0))
    assert_close(y_pred, torch_softmax_output(P["Wya"], P["by"], out).detach().numpy())
    (out * t64(da.transpose(2, 1, 0))).sum().backward()
    g = ref.deep_rnn_backward(da, caches)
    assert_close(g["dx"], xs.grad.numpy().transpose(2, 1, 0))
    assert_close(g["da0"], h0.grad.numpy().transpose(2, 1, 0))
    for l in range(1, L + 1):
        assert_close(g["dWax%d" % l], getattr(rnn, "weight_ih_l%d" % (l - 1)).grad.numpy())
        assert_close(g["dWaa%d" % l], getattr(rnn, "weight_hh_l%d" % (l - 1)).grad.numpy())
        assert_close(g["dba%d" % l], getattr(rnn, "bias_ih_l%d" % (l - 1)).grad.numpy()[:, None])


def test_caches_and_returns_follow_dls(problem):
    x, a0, P, da = problem
    a_next, yt_pred, cache = ref.rnn_cell_forward(x[:, :, 0], a0, P)
    assert len(cache) == 4 and cache[0] is a_next and cache[1] is a0 and cache[3] is P
    a, y_pred, caches = ref.rnn_forward(x, a0, P)
    cell_caches, x_cached = caches
    assert x_cached is x and len(cell_caches) == x.shape[2]
    assert a.shape == (5, 6, 7) and y_pred.shape == (4, 6, 7)
    np.testing.assert_allclose(y_pred.sum(axis=0), 1.0)
    assert set(ref.rnn_backward(da, caches)) == {"dx", "da0", "dWax", "dWaa", "dba"}
    assert set(ref.rnn_cell_backward(da[:, :, 0], cell_caches[0])) == {"dxt", "da_prev", "dWax", "dWaa", "dba"}


def test_the_carried_gradient_matters(problem):
    """The contract of rnn_backward: da is the output-path part only, and the carried part is added.
    Calling the cell backward with da[:, :, t] alone (as some course releases do) gives another result."""
    x, a0, P, da = problem
    _, _, (cell_caches, _) = ref.rnn_forward(x, a0, P)
    uncarried = sum(ref.rnn_cell_backward(da[:, :, t], cell_caches[t])["dWaa"] for t in range(x.shape[2]))
    assert not np.allclose(uncarried, ref.rnn_backward(da, (cell_caches, x))["dWaa"])


def test_softmax_is_stable_and_normalises_over_classes():
    z = np.array([[1000.0, -1000.0], [999.0, 0.0], [-5.0, 1000.0]])[:, :, None] * np.ones((1, 1, 2))
    s = ref.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=0), 1.0)


# -- a solution written the course's way passes ---------------------------------------------------
def course_rnn_cell_forward(xt, a_prev, parameters):
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(np.dot(Waa, a_prev) + np.dot(Wax, xt) + ba)
    yt_pred = ref.softmax(np.dot(Wya, a_next) + by)
    return a_next, yt_pred, (a_next, a_prev, xt, parameters)


def course_rnn_cell_backward(da_next, cache):
    (a_next, a_prev, xt, parameters) = cache
    # The course's version reads all five parameters, the output ones included.
    Wax, Waa, Wya, ba, by = (parameters[k] for k in ("Wax", "Waa", "Wya", "ba", "by"))
    dtanh = da_next * (1 - a_next ** 2)
    return {"dxt": Wax.T @ dtanh, "da_prev": Waa.T @ dtanh, "dWax": dtanh @ xt.T, "dWaa": dtanh @ a_prev.T,
            "dba": np.sum(dtanh, axis=1, keepdims=True)}


def course_rnn_backward(da, caches):
    (caches, x) = caches
    (a1, a0, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx, dWax, dWaa = np.zeros((n_x, m, T_x)), np.zeros((n_a, n_x)), np.zeros((n_a, n_a))
    dba, da0, da_prevt = np.zeros((n_a, 1)), np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        gradients = course_rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dxt, da_prevt, dWaxt, dWaat, dbat = (gradients[k] for k in ("dxt", "da_prev", "dWax", "dWaa", "dba"))
        dx[:, :, t] = dxt
        dWax += dWaxt
        dWaa += dWaat
        dba += dbat
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}


def test_a_course_style_solution_scores_full_marks():
    """Functions written for the course's notebook, with its signatures and its way of unpacking caches
    and parameters, earn every point (the rest of the submission being the reference)."""
    from autograder import assignment as assignments
    from autograder.validate import grade_reference

    a = assignments.load("rnn")
    tests = grade_reference(a, {"rnn_cell_forward": course_rnn_cell_forward,
                                "rnn_cell_backward": course_rnn_cell_backward,
                                "rnn_backward": course_rnn_backward})
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
    assert sum(t["score"] for t in tests) == pytest.approx(a.max_score)
