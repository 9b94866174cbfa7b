"""Hidden checks and known mistakes of `attention`."""

import numpy as np

from autograder import datasets
from autograder.data.datasets import encode_strings
from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import attention as ref
from solutions.attention import combine_heads, gru_cell_backward, gru_cell_forward, one_hot, softmax, split_heads

TX, TY = 30, 10


# -- inputs ----------------------------------------------------------------------------------
def _attention_parameters(rng, n_a, n_s, n_e):
    return {"W1": rng.normal(size=(2 * n_a + n_s, n_e)) / np.sqrt(2 * n_a + n_s) * 1.5,
            "b1": 0.3 * rng.normal(size=n_e), "W2": rng.normal(size=(n_e, 1))}


def _step_inputs(m, Tx, n_a, n_s, n_e):
    """(a, s_prev, parameters)."""
    def build(rng):
        return rng.normal(size=(m, Tx, 2 * n_a)), rng.normal(size=(m, n_s)), _attention_parameters(rng, n_a, n_s, n_e)
    return build


def _step_backward_problem(m, Tx, n_a, n_s, n_e):
    """(a, s_prev, parameters, dcontext): the step's inputs and an upstream gradient."""
    def build(rng):
        a, s_prev, parameters = _step_inputs(m, Tx, n_a, n_s, n_e)(rng)
        return a, s_prev, parameters, rng.normal(size=(m, 2 * n_a))
    return build


def _as_step_backward_call(a, s_prev, parameters, dcontext):
    return dcontext, ref.one_step_attention(a, s_prev, parameters)[2]


def _step_objective(a, s_prev, parameters, dcontext):
    return float(np.sum(dcontext * ref.one_step_attention(a, s_prev, parameters)[0]))


def _model(rng, m, Tx, n_x, n_a, n_s, n_e, n_y):
    """(X one-hot, Y labels, parameters) of a small model with non-zero biases."""
    parameters = ref.initialize_parameters(n_x, n_a, n_s, n_e, n_y, seed=int(rng.integers(1 << 30)))
    parameters = {g: {k: w + 0.2 * rng.normal(size=w.shape) for k, w in p.items()} for g, p in parameters.items()}
    return one_hot(rng.integers(0, n_x, size=(m, Tx)), n_x), rng.integers(0, n_y, size=(m, 3)), parameters


def _forward_inputs(m, Tx, n_x, n_a, n_s, n_e, n_y, Ty):
    def build(rng):
        X, _, parameters = _model(rng, m, Tx, n_x, n_a, n_s, n_e, n_y)
        return X, parameters, Ty
    return build


def _model_problem(m, Tx, n_x, n_a, n_s, n_e, n_y):
    """(X, Y, parameters), Ty = 3."""
    return lambda rng: _model(rng, m, Tx, n_x, n_a, n_s, n_e, n_y)


def _as_model_backward_call(X, Y, parameters):
    Y_hat, _, caches = ref.model_forward(X, parameters, Y.shape[1])
    return Y_hat, Y, caches, parameters


def _model_cost(X, Y, parameters):
    return ref.compute_cost(ref.model_forward(X, parameters, Y.shape[1])[0], Y)


def _model_paths(groups):
    return {f'{g}["d{k}"]': ((2, g, k), (g, "d" + k)) for g, keys in groups.items() for k in keys}


def _dates_problem(n, n_a, n_s, init_seed, **kwargs):
    """(X, Y, parameters) of the first n training dates, as the notebook encodes them."""
    def build(rng):
        humans, machines, _, _ = datasets.load("load_dates", n_train=n, n_test=0)
        human_vocab, machine_vocab, _ = datasets.load("date_vocabularies")
        parameters = ref.initialize_parameters(len(human_vocab), n_a, n_s, 10, len(machine_vocab), seed=init_seed)
        return encode_strings(humans, human_vocab, TX), encode_strings(machines, machine_vocab, TY), parameters
    return Case(build, kwargs, label=f"{n} dates, n_a = {n_a}, n_s = {n_s}, " + ", ".join(f"{k} = {v}" for k, v in kwargs.items()))


def _qkv(batch, Lq, Lk, d_k, d_v, mask=None):
    """(q, k, v, mask) with mask one of None, "padding", "look-ahead"."""
    def build(rng):
        q, k, v = rng.normal(size=batch + (Lq, d_k)), rng.normal(size=batch + (Lk, d_k)), rng.normal(size=batch + (Lk, d_v))
        if mask == "padding":
            keep = np.ones(batch[:1] + (1,) * (len(batch) - 1) + (1, Lk))
            keep[..., -1] = 0.0
            keep[0, ..., -2] = 0.0
            return q, k, v, keep
        if mask == "look-ahead":
            return q, k, v, np.tril(np.ones((Lq, Lk)))
        return q, k, v, None
    return build


def _mha_parameters(rng, d_model):
    parameters = {}
    for name in "qkvo":
        parameters["W" + name] = rng.normal(size=(d_model, d_model)) / np.sqrt(d_model)
        parameters["b" + name] = 0.1 * rng.normal(size=d_model)
    return parameters


def _mha_inputs(m, Lq, Lk, d_model, num_heads, mask=None):
    """(q, k, v, mask, parameters, num_heads)."""
    def build(rng):
        q, k, v, keep = _qkv((m,), Lq, Lk, d_model, d_model, mask)(rng)
        if keep is not None and keep.ndim == 3:
            keep = keep[:, np.newaxis]
        return q, k, v, keep, _mha_parameters(rng, d_model), num_heads
    return build


def _mha_backward_problem(m, Lq, Lk, d_model, num_heads, mask=None):
    """(q, k, v, mask, parameters, num_heads, doutput)."""
    def build(rng):
        return (*_mha_inputs(m, Lq, Lk, d_model, num_heads, mask)(rng), rng.normal(size=(m, Lq, d_model)))
    return build


def _as_mha_backward_call(q, k, v, mask, parameters, num_heads, doutput):
    return doutput, ref.multihead_attention_forward(q, k, v, mask, parameters, num_heads)[2]


def _mha_objective(q, k, v, mask, parameters, num_heads, doutput):
    return float(np.sum(doutput * ref.multihead_attention_forward(q, k, v, mask, parameters, num_heads)[0]))


# -- properties ------------------------------------------------------------------------------
def _rows_sum_to_one(select):
    def check(result, ctx):
        weights = np.asarray(select(result), dtype=np.float64)
        if not np.all(np.isfinite(weights)) or np.any(weights < 0):
            return "the attention weights should be finite and non-negative"
        mask = ctx.args[3] if len(ctx.args) > 3 else None
        if mask is not None and np.any(weights[np.broadcast_to(mask, weights.shape) == 0] > 1e-12):
            return "a masked position (mask 0) got a non-zero attention weight"
        worst = np.max(np.abs(weights.sum(axis=-1) - 1))
        if worst > 1e-9:
            return f"the attention weights of one step should sum to 1 over the input positions (off by {worst:.3g})"
        return None
    return check


def _costs_fall(result, ctx):
    costs = [float(c) for c in result[1]]
    first, last = np.mean(costs[:3]), np.mean(costs[-3:])
    if not last < 0.85 * first:
        return f"the cost went from {first:.4g} (first minibatches) to {last:.4g} (last ones); it should fall clearly"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _step_with(softmax_axis=1, context_axis=1, activation=np.tanh, s_first=False):
    def wrong(a, s_prev, parameters):
        Tx = a.shape[1]
        s_rep = np.repeat(s_prev[:, np.newaxis, :], Tx, axis=1)
        if s_first:
            concat = np.concatenate([s_rep, a], axis=-1)
        else:
            concat = np.concatenate([a, s_rep], axis=-1)
        h = activation(concat @ parameters["W1"] + parameters["b1"])
        alphas = softmax((h @ parameters["W2"])[:, :, 0], axis=softmax_axis)
        context = np.sum(alphas[:, :, np.newaxis] * a, axis=context_axis)
        return context, alphas, (a, s_prev, h, alphas, parameters)
    return wrong


def _step_backward_with(jacobian=True, direct=True, tanh_derivative=True, sum_s=True):
    def wrong(dcontext, cache):
        a, s_prev, h, alphas, parameters = cache
        Tx, n_2a = a.shape[1], a.shape[2]
        concat = np.concatenate([a, np.repeat(s_prev[:, np.newaxis, :], Tx, axis=1)], axis=-1)
        dalphas = np.einsum("mtn,mn->mt", a, dcontext)
        da = alphas[:, :, np.newaxis] * dcontext[:, np.newaxis, :] if direct else np.zeros_like(a)
        denergies = alphas * (dalphas - (np.sum(alphas * dalphas, axis=1, keepdims=True) if jacobian else 0))
        dW2 = np.einsum("mtk,mt->k", h, denergies)[:, np.newaxis]
        dz = denergies[:, :, np.newaxis] * parameters["W2"][:, 0] * ((1 - h ** 2) if tanh_derivative else 1)
        dW1 = np.einsum("mti,mtk->ik", concat, dz)
        db1 = np.sum(dz, axis=(0, 1))
        dconcat = dz @ parameters["W1"].T
        da = da + dconcat[:, :, :n_2a]
        ds_prev = np.sum(dconcat[:, :, n_2a:], axis=1) if sum_s else dconcat[:, -1, n_2a:]
        return {"da": da, "ds_prev": ds_prev, "dW1": dW1, "db1": db1, "dW2": dW2}
    return wrong


def _forward_with(carry_state=True, output_axis=1):
    def wrong(X, parameters, Ty):
        m, Tx, _ = X.shape
        a, encoder_cache = ref.bigru_forward(X, parameters["encoder_f"], parameters["encoder_b"])
        n_s, n_y = parameters["output"]["Wy"].shape
        s0 = s = np.zeros((m, n_s))
        Y_hat, alphas, step_caches = np.zeros((m, Ty, n_y)), np.zeros((m, Ty, Tx)), []
        for t in range(Ty):
            context, alpha, attention_cache = ref.one_step_attention(a, s if carry_state else s0, parameters["attention"])
            s_new, decoder_cache = gru_cell_forward(context, s if carry_state else s0, parameters["decoder"])
            s = s_new
            alphas[:, t] = alpha
            Y_hat[:, t] = softmax(s @ parameters["output"]["Wy"] + parameters["output"]["by"], axis=output_axis)
            step_caches.append((attention_cache, decoder_cache, s))
        return Y_hat, alphas, (encoder_cache, step_caches)
    return wrong


def _backward_with(through_attention=True, carry=True, mean=True):
    def wrong(Y_hat, Y, caches, parameters):
        m, Ty, n_y = Y_hat.shape
        encoder_cache, step_caches = caches
        Wy = parameters["output"]["Wy"]
        grads = {g: {"d" + k: np.zeros_like(w) for k, w in p.items()} for g, p in parameters.items()
                 if g not in ("encoder_f", "encoder_b")}
        a = step_caches[0][0][0]
        da, ds_next = np.zeros_like(a), np.zeros((m, Wy.shape[0]))
        dY = (Y_hat - one_hot(Y, n_y)) / (m if mean else 1)
        for t in reversed(range(Ty)):
            attention_cache, decoder_cache, s = step_caches[t]
            ds = (ds_next if carry else 0) + dY[:, t] @ Wy.T
            grads["output"]["dWy"] += s.T @ dY[:, t]
            grads["output"]["dby"] += np.sum(dY[:, t], axis=0)
            g_decoder = gru_cell_backward(ds, decoder_cache)
            g_attention = ref.one_step_attention_backward(g_decoder["dxt"], attention_cache)
            ds_next = g_decoder["da_prev"] + (g_attention["ds_prev"] if through_attention else 0)
            da += g_attention["da"]
            for k in grads["decoder"]:
                grads["decoder"][k] += g_decoder[k]
            for k in grads["attention"]:
                grads["attention"][k] += g_attention[k]
        grads["encoder_f"], grads["encoder_b"] = ref.bigru_backward(da, encoder_cache)
        return grads
    return wrong


def _train_with(keep_update=True, fixed_rate=None):
    def wrong(X, Y, parameters, num_epochs=1, batch_size=64, learning_rate=0.01, seed=0):
        rng = np.random.RandomState(seed)
        n_x = parameters["encoder_f"]["Wu"].shape[0] - parameters["encoder_f"]["bu"].shape[0]
        v, s = ref.initialize_adam(parameters)
        costs, t = [], 0
        for _ in range(num_epochs):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch_size):
                batch = order[start:start + batch_size]
                X_batch, Y_batch = one_hot(X[batch], n_x), Y[batch]
                t += 1
                Y_hat, _, caches = ref.model_forward(X_batch, parameters, Y.shape[1])
                cost = ref.compute_cost(Y_hat, Y_batch)
                grads = ref.model_backward(Y_hat, Y_batch, caches, parameters)
                new, v, s = ref.update_parameters_with_adam(parameters, grads, v, s, t,
                                                            learning_rate if fixed_rate is None else fixed_rate)
                if keep_update:
                    parameters = new
                costs.append(cost)
        return parameters, costs
    return wrong


def _sdpa_with(scale=lambda d_k: np.sqrt(d_k), mask_sign=True, axis=-1):
    def wrong(q, k, v, mask=None):
        logits = q @ np.swapaxes(k, -1, -2) / scale(q.shape[-1])
        if mask is not None:
            logits = logits + ((1.0 - mask) if mask_sign else mask) * -1e9
        weights = softmax(logits, axis=axis)
        return weights @ v, weights
    return wrong


def _pe_with(swap=False, exponent=lambda j, d: 2 * (j // 2) / d, batch_axis=True):
    def wrong(positions, d):
        pos = np.arange(positions)[:, np.newaxis]
        j = np.arange(d)[np.newaxis, :]
        angles = pos / np.power(10000.0, exponent(j, d))
        first, second = (np.cos, np.sin) if swap else (np.sin, np.cos)
        angles[:, 0::2] = first(angles[:, 0::2])
        angles[:, 1::2] = second(angles[:, 1::2])
        return angles[np.newaxis] if batch_axis else angles
    return wrong


def _naive_split(x, num_heads):
    m, seq_len, d_model = x.shape
    return x.reshape(m, num_heads, seq_len, d_model // num_heads)


def _naive_combine(x):
    m, num_heads, seq_len, depth = x.shape
    return x.reshape(m, seq_len, num_heads * depth)


def _mha_with(split=split_heads, combine=combine_heads, project=True):
    def wrong(q, k, v, mask, parameters, num_heads):
        Q = split(q @ parameters["Wq"] + parameters["bq"], num_heads)
        K = split(k @ parameters["Wk"] + parameters["bk"], num_heads)
        V = split(v @ parameters["Wv"] + parameters["bv"], num_heads)
        heads, weights = ref.scaled_dot_product_attention(Q, K, V, mask)
        concat = combine(heads)
        output = concat @ parameters["Wo"] + parameters["bo"] if project else concat
        return output, weights, (q, k, v, Q, K, V, weights, concat, parameters, num_heads)
    return wrong


def _mha_backward_with(jacobian=True, scale=True):
    def wrong(doutput, cache):
        q, k, v, Q, K, V, weights, concat, parameters, num_heads = cache
        factor = np.sqrt(Q.shape[-1]) if scale else 1.0
        dheads = split_heads(doutput @ parameters["Wo"].T, num_heads)
        dweights = dheads @ np.swapaxes(V, -1, -2)
        dV = np.swapaxes(weights, -1, -2) @ dheads
        dlogits = weights * (dweights - (np.sum(weights * dweights, axis=-1, keepdims=True) if jacobian else 0))
        dQ, dK, dV = combine_heads(dlogits @ K / factor), combine_heads(np.swapaxes(dlogits, -1, -2) @ Q / factor), combine_heads(dV)
        grads = {"dq": dQ @ parameters["Wq"].T, "dk": dK @ parameters["Wk"].T, "dv": dV @ parameters["Wv"].T,
                 "dWo": np.einsum("msi,msj->ij", concat, doutput), "dbo": np.sum(doutput, axis=(0, 1))}
        for name, x, d in (("q", q, dQ), ("k", k, dK), ("v", v, dV)):
            grads["dW" + name] = np.einsum("msi,msj->ij", x, d)
            grads["db" + name] = np.sum(d, axis=(0, 1))
        return grads
    return wrong


STEP_SHAPES = [Case(_step_inputs(4, 6, 3, 5, 4), label="m = 4, Tx = 6, n_a = 3, n_s = 5, n_e = 4"),
               Case(_step_inputs(1, 9, 2, 3, 10), label="m = 1, Tx = 9"),
               Case(_step_inputs(3, 1, 2, 2, 3), label="a single input position, Tx = 1")]
MHA_CASES = [Case(_mha_inputs(2, 3, 3, 6, 2), label="2 heads of depth 3, no mask"),
             Case(_mha_inputs(3, 4, 4, 8, 4, "look-ahead"), label="4 heads, look-ahead mask"),
             Case(_mha_inputs(2, 2, 5, 6, 3, "padding"), label="3 heads, queries 2, keys 5, padding mask"),
             Case(_mha_inputs(1, 3, 3, 4, 1), label="one head, m = 1")]
# dbk is left out: adding a vector to every key adds q . bk to every logit of a row, which no softmax
# sees, so its true gradient is exactly 0 and a relative error of two round-off values means nothing.
_MHA_PATHS = {"d" + n: ((i,), ("d" + n,)) for i, n in enumerate("qkv")}
_MHA_PATHS.update({"d" + w + n: ((4, w + n), ("d" + w + n,)) for n in "qkvo" for w in "Wb" if w + n != "bk"})
STEP_GROUPS = {"attention": ("W1", "b1", "W2"), "decoder": ("Wu", "bu", "Wr", "br", "Wc", "bc"), "output": ("Wy", "by"),
               "encoder_f": ("Wu", "Wc"), "encoder_b": ("Wr", "bc")}

PARTS = [
    Part("one_step_attention", returns=("context", "alphas", "cache"), checks=[
        Values("hidden cases of other shapes", STEP_SHAPES, weight=3),
        Property("attention weights sum to 1 over t'", STEP_SHAPES[:2], check=_rows_sum_to_one(lambda r: r[1])),
    ], mistakes=[
        Mistake("softmax over the wrong axis", "alpha<t,t'> is a softmax over the input positions t' (axis 1 of "
                "the energies, shape (m, Tx)), not over the examples.", _step_with(softmax_axis=0)),
        Mistake("context summed over the wrong axis", "context<t> = sum over t' of alpha<t,t'> a<t'>: sum the "
                "weighted states over axis 1 (the positions), which leaves shape (m, 2 n_a).", _step_with(context_axis=2)),
        Mistake("energies without the tanh", "The small network has a tanh hidden layer: h = tanh([a; s_prev] W1 + b1), "
                "then e = h W2.", _step_with(activation=lambda z: z)),
        Mistake("s_prev concatenated before a", "Concatenate [a<t'>; s<t-1>] in this order (a first), as W1's rows "
                "expect.", _step_with(s_first=True)),
    ]),
    Part("one_step_attention_backward", returns="grads", checks=[
        Values("hidden cases of other shapes", [
            Case(_step_backward_problem(4, 6, 3, 5, 4), label="m = 4, Tx = 6"),
            Case(_step_backward_problem(1, 9, 2, 3, 10), label="m = 1, Tx = 9"),
            Case(_step_backward_problem(3, 1, 2, 2, 3), label="Tx = 1")], call_args=_as_step_backward_call, weight=2),
        GradCheck("gradients match central differences of sum(dcontext * context)", [
            Case(_step_backward_problem(3, 4, 2, 3, 4), label="m = 3, Tx = 4")], call_args=_as_step_backward_call,
            objective=_step_objective, wrt={"da": ((0,), ("da",)), "ds_prev": ((1,), ("ds_prev",)),
                                            "dW1": ((2, "W1"), ("dW1",)), "db1": ((2, "b1"), ("db1",)),
                                            "dW2": ((2, "W2"), ("dW2",))}, weight=2),
    ], mistakes=[
        Mistake("softmax Jacobian reduced to its diagonal", "Each alpha depends on every energy of its row: "
                "de = alpha * (dalpha - sum over t' of alpha * dalpha).", _step_backward_with(jacobian=False)),
        Mistake("a's direct path forgotten", "a enters the context twice: directly (da = alpha * dcontext) and "
                "through the energies; add both.", _step_backward_with(direct=False)),
        Mistake("tanh derivative missing", "Go back through h = tanh(z) with dz = dh * (1 - h ** 2).",
                _step_backward_with(tanh_derivative=False)),
        Mistake("ds_prev from the last position only", "s_prev was copied to every position t': its gradient "
                "is the sum over t' of the copies' gradients.", _step_backward_with(sum_s=False)),
    ]),
    Part("model_forward", uses=("one_step_attention",), returns=("Y_hat", "alphas", "caches"), checks=[
        Values("hidden models", [Case(_forward_inputs(3, 6, 5, 2, 3, 4, 4, 3), label="m = 3, Tx = 6, Ty = 3"),
                                 Case(_forward_inputs(1, 4, 4, 3, 2, 3, 5, 4), label="m = 1, Ty = 4")], weight=2),
    ], mistakes=[
        Mistake("decoder state not carried", "s<t> = GRU(context<t>, s<t-1>) becomes the s_prev of the next step: "
                "assign the cell's output back to s.", _forward_with(carry_state=False)),
        Mistake("output softmax over the examples", "y_hat<t> is a softmax over the output characters (axis 1 of "
                "s Wy + by, shape (m, n_y)).", _forward_with(output_axis=0)),
    ]),
    Part("model_backward", uses=("one_step_attention_backward",), returns="grads", checks=[
        Values("hidden models", [Case(_model_problem(3, 5, 4, 2, 3, 4, 4), label="m = 3, Tx = 5, Ty = 3"),
                                 Case(_model_problem(1, 4, 5, 2, 2, 3, 3), label="m = 1")],
               call_args=_as_model_backward_call, weight=2),
        GradCheck("gradients match central differences of the cost", [
            Case(_model_problem(2, 4, 4, 2, 3, 3, 4), label="m = 2, Tx = 4, Ty = 3")],
            call_args=_as_model_backward_call, objective=_model_cost, wrt=_model_paths(STEP_GROUPS), max_full=20, tol=1e-5),
    ], mistakes=[
        Mistake("s gradient through the attention forgotten", "s<t-1> feeds both the GRU and the attention of "
                "step t: ds_prev = the GRU's da_prev + the attention's ds_prev.", _backward_with(through_attention=False)),
        Mistake("gradient from later steps dropped", "s<t> also feeds step t+1: add the gradient carried back "
                "from it (ds_next) to the output's dY Wy^T.", _backward_with(carry=False)),
        Mistake("1/m missing", "The cost is a mean over the m examples: dY = (Y_hat - Y_onehot) / m.",
                _backward_with(mean=False)),
    ]),
    Part("train_model", uses=("model_forward", "model_backward"), returns=("parameters", "costs"), timeout=60, checks=[
        Values("a short seeded run: the reference's trained parameters and costs",
               [_dates_problem(120, 4, 6, init_seed=3, num_epochs=2, batch_size=40, learning_rate=0.02, seed=5)],
               rtol=1e-5, atol=1e-7, weight=2),
        Property("the cost falls", [_dates_problem(200, 4, 6, init_seed=4, num_epochs=4, batch_size=20, learning_rate=0.05)],
                 check=_costs_fall),
    ], mistakes=[
        Mistake("the update is thrown away", "update_parameters_with_adam returns the new parameters: assign them "
                "(parameters, v, s = ...).", _train_with(keep_update=False)),
        Mistake("learning_rate ignored", "Pass train_model's learning_rate on to update_parameters_with_adam.",
                _train_with(fixed_rate=0.01)),
    ]),
    Part("scaled_dot_product_attention", returns=("output", "attention_weights"), checks=[
        Values("hidden cases, with and without masks", [
            Case(_qkv((2,), 4, 5, 3, 6), label="no mask, 4 queries, 5 keys"),
            Case(_qkv((3, 2), 4, 4, 8, 3, "look-ahead"), label="look-ahead mask, batch (3, 2)"),
            Case(_qkv((3,), 2, 6, 16, 4, "padding"), label="padding mask, d_k = 16"),
            Case(_qkv((), 1, 3, 2, 2), label="a single query, no batch axis")], weight=3),
        Property("masked positions get zero weight, each row sums to 1", [
            Case(_qkv((2,), 3, 4, 5, 2, "padding"), label="padding mask")], check=_rows_sum_to_one(lambda r: r[1])),
    ], mistakes=[
        Mistake("not scaled by sqrt(d_k)", "Divide q k^T by sqrt(d_k), the depth of the keys, so that the logits "
                "keep unit variance whatever d_k.", _sdpa_with(scale=lambda d_k: 1.0)),
        Mistake("scaled by d_k", "The scale is sqrt(d_k), not d_k.", _sdpa_with(scale=lambda d_k: d_k)),
        Mistake("mask sign inverted", "mask holds 1 where a key may be attended and 0 where not: add "
                "(1 - mask) * -1e9, which pushes the masked logits to -1e9.", _sdpa_with(mask_sign=False)),
        Mistake("softmax over the queries", "Each query's weights sum to 1 over the keys: softmax over the last "
                "axis.", _sdpa_with(axis=-2)),
    ]),
    Part("positional_encoding", returns="pos_encoding", checks=[
        Values("hidden sizes", [Case((50, 16), label="50 positions, d = 16"), Case((9, 7), label="odd d = 7"),
                                Case((1, 4), label="one position")], rtol=1e-6, atol=1e-6, weight=2),
    ], mistakes=[
        Mistake("sin and cos swapped", "sin goes on the even indices 2i, cos on the odd ones 2i + 1.", _pe_with(swap=True)),
        Mistake("exponent 2j/d instead of 2i/d", "Both indices 2i and 2i + 1 share the angle pos / 10000^(2i/d): "
                "use 2 * (j // 2) / d for index j.", _pe_with(exponent=lambda j, d: 2 * j / d)),
        Mistake("exponent i/d", "The exponent is 2i/d with i = j // 2.", _pe_with(exponent=lambda j, d: (j // 2) / d)),
        Mistake("batch axis missing", "Return shape (1, positions, d), with a leading axis of size 1.",
                _pe_with(batch_axis=False)),
    ]),
    Part("multihead_attention_forward", uses=("scaled_dot_product_attention",),
         returns=("output", "attention_weights", "cache"), checks=[
        Values("hidden cases, with and without masks", MHA_CASES, weight=3),
    ], mistakes=[
        Mistake("heads split by a plain reshape", "Reshape to (m, seq_len, num_heads, depth), then transpose to "
                "(m, num_heads, seq_len, depth): head h owns the features h * depth ... (h + 1) * depth - 1 of every "
                "position.", _mha_with(split=_naive_split, combine=_naive_combine)),
        Mistake("heads concatenated by a plain reshape", "Transpose the heads back to (m, seq_len, num_heads, depth) "
                "before reshaping to (m, seq_len, d_model).", _mha_with(combine=_naive_combine)),
        Mistake("output projection missing", "After concatenating the heads, apply the output layer: concat Wo + bo.",
                _mha_with(project=False)),
    ]),
    Part("multihead_attention_backward", returns="grads", checks=[
        Values("hidden cases, with and without masks", [
            Case(_mha_backward_problem(2, 3, 3, 6, 2), label="2 heads, no mask"),
            Case(_mha_backward_problem(3, 4, 4, 8, 4, "look-ahead"), label="4 heads, look-ahead mask"),
            Case(_mha_backward_problem(2, 2, 5, 6, 3, "padding"), label="3 heads, padding mask")],
            call_args=_as_mha_backward_call, weight=2),
        GradCheck("gradients match central differences of sum(doutput * output)", [
            Case(_mha_backward_problem(2, 3, 4, 4, 2, "padding"), label="2 heads, padding mask")],
            call_args=_as_mha_backward_call, objective=_mha_objective,
            wrt=_MHA_PATHS, max_full=30),
    ], mistakes=[
        Mistake("softmax Jacobian reduced to its diagonal", "Each weight depends on every logit of its row: "
                "dlogits = weights * (dweights - sum over the keys of weights * dweights).",
                _mha_backward_with(jacobian=False)),
        Mistake("1/sqrt(depth) forgotten in dQ and dK", "The logits are Q K^T / sqrt(depth): the same factor "
                "multiplies dQ and dK.", _mha_backward_with(scale=False)),
    ]),
]
