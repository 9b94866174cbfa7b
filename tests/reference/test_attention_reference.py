"""The attention reference (solutions/attention.py) against PyTorch float64 (scaled dot-product and
multi-head attention, masks included), centred differences (the attention step, the GRU cell, the
whole model) and a short training run on the dates task."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from solutions import attention as ref


def assert_close(actual, expected, rtol=1e-7):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12)


def tensor(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


def centred(f, x, h=1e-6):
    """Centred differences of the scalar f at every entry of x (x is changed and restored in place)."""
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f()
        x[idx] = old - h
        minus = f()
        x[idx] = old
        g[idx] = (plus - minus) / (2 * h)
    return g


def attention_inputs(seed=0, m=3, Tx=5, n_a=2, n_s=3, n_e=4):
    rng = np.random.default_rng(seed)
    parameters = {"W1": rng.normal(size=(2 * n_a + n_s, n_e)), "b1": 0.3 * rng.normal(size=n_e),
                  "W2": rng.normal(size=(n_e, 1))}
    return rng.normal(size=(m, Tx, 2 * n_a)), rng.normal(size=(m, n_s)), parameters


def mha_inputs(seed=0, m=2, Lq=3, Lk=4, d_model=6):
    rng = np.random.default_rng(seed)
    parameters = {}
    for name in "qkvo":
        parameters["W" + name] = rng.normal(size=(d_model, d_model)) / np.sqrt(d_model)
        parameters["b" + name] = 0.1 * rng.normal(size=d_model)
    return (rng.normal(size=(m, Lq, d_model)), rng.normal(size=(m, Lk, d_model)),
            rng.normal(size=(m, Lk, d_model)), parameters)


# -- the attention step -----------------------------------------------------------------------
def test_attention_weights_sum_to_one_over_the_input_positions():
    a, s_prev, parameters = attention_inputs()
    context, alphas, _ = ref.one_step_attention(a, s_prev, parameters)
    assert alphas.shape == (3, 5) and context.shape == (3, 4)
    assert_close(alphas.sum(axis=1), np.ones(3))
    assert_close(context, np.einsum("mt,mtn->mn", alphas, a))


def test_attention_step_matches_torch():
    a, s_prev, parameters = attention_inputs(seed=1)
    ta, ts = tensor(a), tensor(s_prev)
    concat = torch.cat([ta, ts[:, None, :].expand(-1, a.shape[1], -1)], dim=-1)
    energies = (torch.tanh(concat @ tensor(parameters["W1"]) + tensor(parameters["b1"])) @ tensor(parameters["W2"]))[..., 0]
    alphas = torch.softmax(energies, dim=1)
    context, mine, _ = ref.one_step_attention(a, s_prev, parameters)
    assert_close(mine, alphas.numpy())
    assert_close(context, (alphas[:, :, None] * ta).sum(1).numpy())


def test_attention_step_gradients_match_centred_differences():
    a, s_prev, parameters = attention_inputs(seed=2)
    dcontext = np.random.default_rng(3).normal(size=(3, 4))

    def objective():
        return float(np.sum(dcontext * ref.one_step_attention(a, s_prev, parameters)[0]))

    grads = ref.one_step_attention_backward(dcontext, ref.one_step_attention(a, s_prev, parameters)[2])
    assert_close(grads["da"], centred(objective, a), rtol=1e-6)
    assert_close(grads["ds_prev"], centred(objective, s_prev), rtol=1e-6)
    for key in ("W1", "b1", "W2"):
        assert_close(grads["d" + key], centred(objective, parameters[key]), rtol=1e-6)


def test_gru_cell_gradients_match_centred_differences():
    rng = np.random.default_rng(4)
    n_x, n_a, m = 3, 4, 2
    parameters = {}
    for gate in "urc":
        parameters["W" + gate] = rng.normal(size=(n_a + n_x, n_a))
        parameters["b" + gate] = rng.normal(size=n_a)
    xt, a_prev, da_next = rng.normal(size=(m, n_x)), rng.normal(size=(m, n_a)), rng.normal(size=(m, n_a))

    def objective():
        return float(np.sum(da_next * ref.gru_cell_forward(xt, a_prev, parameters)[0]))

    grads = ref.gru_cell_backward(da_next, ref.gru_cell_forward(xt, a_prev, parameters)[1])
    assert_close(grads["dxt"], centred(objective, xt), rtol=1e-6)
    assert_close(grads["da_prev"], centred(objective, a_prev), rtol=1e-6)
    for key in parameters:
        assert_close(grads["d" + key], centred(objective, parameters[key]), rtol=1e-6)


def test_gru_cell_matches_the_notes_formula_in_torch():
    """The notes' GRU (relevance gate on the state before Wc) written out in torch. (torch's GRUCell
    applies the gate after the product with the state, a different cell.)"""
    rng = np.random.default_rng(5)
    n_x, n_a, m = 3, 4, 2
    parameters = {k: rng.normal(size=(n_a + n_x, n_a)) if k[0] == "W" else rng.normal(size=n_a)
                  for k in ("Wu", "bu", "Wr", "br", "Wc", "bc")}
    xt, a_prev = rng.normal(size=(m, n_x)), rng.normal(size=(m, n_a))
    tx, ta = tensor(xt), tensor(a_prev)
    P = {k: tensor(v) for k, v in parameters.items()}
    u = torch.sigmoid(torch.cat([ta, tx], 1) @ P["Wu"] + P["bu"])
    r = torch.sigmoid(torch.cat([ta, tx], 1) @ P["Wr"] + P["br"])
    c = torch.tanh(torch.cat([r * ta, tx], 1) @ P["Wc"] + P["bc"])
    assert_close(ref.gru_cell_forward(xt, a_prev, parameters)[0], (u * c + (1 - u) * ta).numpy())


def small_model(seed=6, m=3, Tx=6, Ty=3, n_x=5, n_y=4):
    rng = np.random.default_rng(seed)
    parameters = ref.initialize_parameters(n_x, 2, 3, 4, n_y, seed=seed)
    # Non-zero biases, so that their gradients are exercised too.
    parameters = {g: {k: w + 0.2 * rng.normal(size=w.shape) for k, w in p.items()} for g, p in parameters.items()}
    X = ref.one_hot(rng.integers(0, n_x, size=(m, Tx)), n_x)
    Y = rng.integers(0, n_y, size=(m, Ty))
    return X, Y, parameters


def test_model_gradients_match_centred_differences():
    X, Y, parameters = small_model()

    def cost():
        return ref.compute_cost(ref.model_forward(X, parameters, 3)[0], Y)

    Y_hat, _, caches = ref.model_forward(X, parameters, 3)
    grads = ref.model_backward(Y_hat, Y, caches, parameters)
    for group, p in parameters.items():
        for key, w in p.items():
            g, numeric = grads[group]["d" + key], centred(cost, w)
            error = np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric))
            assert error < 1e-7, (group, key, error)


def test_model_forward_matches_a_torch_rewrite():
    X, Y, parameters = small_model(seed=7)
    P = {g: {k: tensor(w) for k, w in p.items()} for g, p in parameters.items()}

    def gru(x, a, p):
        u = torch.sigmoid(torch.cat([a, x], 1) @ p["Wu"] + p["bu"])
        r = torch.sigmoid(torch.cat([a, x], 1) @ p["Wr"] + p["br"])
        c = torch.tanh(torch.cat([r * a, x], 1) @ p["Wc"] + p["bc"])
        return u * c + (1 - u) * a

    tX = tensor(X)
    m, Tx, _ = X.shape
    fwd, bwd = [torch.zeros(m, 2, dtype=torch.float64)], [torch.zeros(m, 2, dtype=torch.float64)]
    for t in range(Tx):
        fwd.append(gru(tX[:, t], fwd[-1], P["encoder_f"]))
        bwd.append(gru(tX[:, Tx - 1 - t], bwd[-1], P["encoder_b"]))
    a = torch.stack([torch.cat([fwd[t + 1], bwd[Tx - t]], 1) for t in range(Tx)], 1)
    s = torch.zeros(m, 3, dtype=torch.float64)
    outputs = []
    for _ in range(3):
        concat = torch.cat([a, s[:, None, :].expand(-1, Tx, -1)], -1)
        alphas = torch.softmax((torch.tanh(concat @ P["attention"]["W1"] + P["attention"]["b1"]) @ P["attention"]["W2"])[..., 0], 1)
        s = gru((alphas[:, :, None] * a).sum(1), s, P["decoder"])
        outputs.append(torch.softmax(s @ P["output"]["Wy"] + P["output"]["by"], 1))
    assert_close(ref.model_forward(X, parameters, 3)[0], torch.stack(outputs, 1).numpy())


# -- scaled dot-product and multi-head attention against torch ----------------------------------
MASKS = {
    "no mask": lambda m, Lq, Lk: None,
    "padding mask": lambda m, Lq, Lk: np.concatenate([np.ones((m, 1, Lq, Lk - 1)), np.zeros((m, 1, Lq, 1))], axis=3),
    "look-ahead mask": lambda m, Lq, Lk: np.tril(np.ones((Lq, Lk))),
}


@pytest.mark.parametrize("mask_name", list(MASKS))
def test_scaled_dot_product_attention_matches_torch(mask_name):
    rng = np.random.default_rng(8)
    q, k, v = rng.normal(size=(2, 1, 4, 3)), rng.normal(size=(2, 1, 4, 3)), rng.normal(size=(2, 1, 4, 5))
    mask = MASKS[mask_name](2, 4, 4)
    out, weights = ref.scaled_dot_product_attention(q, k, v, mask)
    allowed = None if mask is None else torch.tensor(np.broadcast_to(mask, (2, 1, 4, 4)) == 1)
    expected = F.scaled_dot_product_attention(tensor(q), tensor(k), tensor(v), attn_mask=allowed)
    assert_close(out, expected.numpy())
    logits = tensor(q) @ tensor(k).transpose(-1, -2) / np.sqrt(3)
    if allowed is not None:
        logits = logits.masked_fill(~allowed, float("-inf"))
    assert_close(weights, torch.softmax(logits, -1).numpy())
    if mask is not None:
        assert np.all(np.broadcast_to(weights, (2, 1, 4, 4))[np.broadcast_to(mask, (2, 1, 4, 4)) == 0] == 0)


def torch_mha(q, k, v, mask, parameters, num_heads):
    d_model = q.shape[2]
    mha = torch.nn.MultiheadAttention(d_model, num_heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(tensor(np.concatenate([parameters[w].T for w in ("Wq", "Wk", "Wv")])))
        mha.in_proj_bias.copy_(tensor(np.concatenate([parameters[b] for b in ("bq", "bk", "bv")])))
        mha.out_proj.weight.copy_(tensor(parameters["Wo"].T))
        mha.out_proj.bias.copy_(tensor(parameters["bo"]))
    tq, tk, tv = tensor(q, True), tensor(k, True), tensor(v, True)
    blocked = None
    if mask is not None:
        m, Lq, Lk = q.shape[0], q.shape[1], k.shape[1]
        full = np.broadcast_to(mask, (m, num_heads, Lq, Lk)).reshape(m * num_heads, Lq, Lk)
        blocked = torch.tensor(full == 0)  # torch's boolean attn_mask marks the positions NOT attended
    out, weights = mha(tq, tk, tv, attn_mask=blocked, need_weights=True, average_attn_weights=False)
    return mha, (tq, tk, tv), out, weights


@pytest.mark.parametrize("mask_name", list(MASKS))
@pytest.mark.parametrize("num_heads", [1, 2, 3])
def test_multihead_attention_matches_torch_forward_and_backward(mask_name, num_heads):
    q, k, v, parameters = mha_inputs(seed=9 + num_heads, Lq=4, Lk=4)
    mask = MASKS[mask_name](2, 4, 4)
    out, weights, cache = ref.multihead_attention_forward(q, k, v, mask, parameters, num_heads)
    mha, inputs, t_out, t_weights = torch_mha(q, k, v, mask, parameters, num_heads)
    assert_close(out, t_out.detach().numpy())
    assert_close(weights, t_weights.detach().numpy())

    doutput = np.random.default_rng(10).normal(size=out.shape)
    (t_out * tensor(doutput)).sum().backward()
    grads = ref.multihead_attention_backward(doutput, cache)
    for name, t in zip("qkv", inputs):
        assert_close(grads["d" + name], t.grad.numpy())
    d = q.shape[2]
    in_w, in_b = mha.in_proj_weight.grad.numpy(), mha.in_proj_bias.grad.numpy()
    for i, name in enumerate("qkv"):
        assert_close(grads["dW" + name], in_w[i * d:(i + 1) * d].T)
        assert_close(grads["db" + name], in_b[i * d:(i + 1) * d])
    assert_close(grads["dWo"], mha.out_proj.weight.grad.numpy().T)
    assert_close(grads["dbo"], mha.out_proj.bias.grad.numpy())


def test_multihead_attention_with_different_query_and_key_lengths():
    q, k, v, parameters = mha_inputs(seed=13, Lq=2, Lk=5)
    out, weights, _ = ref.multihead_attention_forward(q, k, v, None, parameters, 2)
    _, _, t_out, t_weights = torch_mha(q, k, v, None, parameters, 2)
    assert out.shape == (2, 2, 6) and weights.shape == (2, 2, 2, 5)
    assert_close(out, t_out.detach().numpy())


def test_heads_split_and_combine_are_inverse():
    x = np.arange(2 * 3 * 6, dtype=np.float64).reshape(2, 3, 6)
    heads = ref.split_heads(x, 3)
    assert heads.shape == (2, 3, 3, 2)
    assert_close(heads[0, 1, 2], x[0, 2, 2:4])
    assert_close(ref.combine_heads(heads), x)


# -- positional encoding ---------------------------------------------------------------------
@pytest.mark.parametrize("positions,d", [(50, 16), (7, 5)])
def test_positional_encoding_formula(positions, d):
    pe = ref.positional_encoding(positions, d)
    assert pe.shape == (1, positions, d) and pe.dtype == np.float64
    for pos in (0, 1, positions - 1):
        for j in range(d):
            angle = pos / 10000 ** (2 * (j // 2) / d)
            assert pe[0, pos, j] == pytest.approx(np.sin(angle) if j % 2 == 0 else np.cos(angle), abs=1e-12)


def test_positional_encoding_dot_products_depend_on_distance_only():
    pe = ref.positional_encoding(60, 32)[0]
    assert pe[3] @ pe[10] == pytest.approx(pe[20] @ pe[27], rel=1e-12)
