"""Hidden checks and known mistakes of `seq2seq`."""

import numpy as np

from autograder import datasets
from autograder.data.datasets import encode_strings
from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import seq2seq as ref
from solutions.seq2seq import gru_cell_backward, gru_cell_forward, one_hot

TX, TY = 30, 10


# -- inputs ----------------------------------------------------------------------------------
def _parameters(rng, n_x, n_a, n_y, spread=0.8):
    """A small untrained model whose output distributions are far from uniform."""
    parameters = ref.initialize_parameters(n_x, n_a, n_y, seed=int(rng.integers(1 << 30)))
    return {g: {k: w + spread * rng.normal(size=w.shape) for k, w in p.items()} for g, p in parameters.items()}


def _encoder_inputs(m, Tx, n_x, n_a):
    return lambda rng: (rng.integers(0, n_x, size=(m, Tx)), _parameters(rng, n_x, n_a, 3))


def _step_inputs(m, n_a, n_y):
    def build(rng):
        return rng.integers(0, n_y + 1, size=m), rng.normal(size=(m, n_a)), _parameters(rng, 4, n_a, n_y)
    return build


def _large_logits(rng):
    parameters = _parameters(rng, 4, 3, 4)
    parameters["output"]["by"] = np.array([900.0, -1000.0, 0.0, 400.0])
    return np.array([4, 1]), rng.normal(size=(2, 3)), parameters


def _problem(m, Tx, n_x, n_a, n_y, Ty):
    """(X, Y_in, Y_out, parameters)."""
    def build(rng):
        Y_in, Y_out = ref.teacher_forcing_inputs(rng.integers(0, n_y - 1, size=(m, Ty)), n_y)
        return rng.integers(0, n_x, size=(m, Tx)), Y_in, Y_out, _parameters(rng, n_x, n_a, n_y)
    return build


def _forward_inputs(m, Tx, n_x, n_a, n_y, Ty):
    def build(rng):
        X, Y_in, _, parameters = _problem(m, Tx, n_x, n_a, n_y, Ty)(rng)
        return X, Y_in, parameters
    return build


def _as_backward_call(X, Y_in, Y_out, parameters):
    log_probs, caches = ref.model_forward(X, Y_in, parameters)
    return log_probs, Y_out, caches, parameters


def _cost(X, Y_in, Y_out, parameters):
    return ref.compute_cost(ref.model_forward(X, Y_in, parameters)[0], Y_out)


def _paths(groups):
    return {f'{g}["d{k}"]': ((3, g, k), (g, "d" + k)) for g, keys in groups.items() for k in keys}


def _dates_case(n, n_a, init_seed, **kwargs):
    def build(rng):
        humans, machines, _, _ = datasets.load("load_dates", n_train=n, n_test=0)
        human_vocab, machine_vocab, _ = datasets.load("date_vocabularies")
        parameters = ref.initialize_parameters(len(human_vocab), n_a, len(machine_vocab) + 1, seed=init_seed)
        return encode_strings(humans, human_vocab, TX), encode_strings(machines, machine_vocab, TY), parameters
    return Case(build, kwargs, label=f"{n} dates, n_a = {n_a}, " + ", ".join(f"{k} = {v}" for k, v in kwargs.items()))


def _search_inputs(n_x, n_a, n_y, Tx, spread=0.8):
    """(x, parameters) of one example."""
    return lambda rng: (rng.integers(0, n_x, size=Tx), _parameters(rng, n_x, n_a, n_y, spread))


def _sequence_inputs(n_x, n_a, n_y, Tx, length, end=True):
    def build(rng):
        x, parameters = _search_inputs(n_x, n_a, n_y, Tx)(rng)
        y = [int(t) for t in rng.integers(0, n_y - 1, size=length - (1 if end else 0))] + ([n_y - 1] if end else [])
        return x, y, parameters
    return build


# Models on which beam search differs from greedy decoding (found by trying seeds), so that a beam
# that keeps one hypothesis, or forgets the finished ones, gets a different answer.
def _differs_from_greedy(n_x, n_a, n_y, Tx, beam_width, max_length, alpha):
    """(x, parameters, beam_width, max_length, alpha)."""
    def build(rng):
        while True:
            x, parameters = _search_inputs(n_x, n_a, n_y, Tx, spread=1.2)(rng)
            greedy = ref.greedy_decode(x, parameters, max_length)[0]
            if ref.beam_search(x, parameters, beam_width, max_length, alpha)[0] != greedy:
                return x, parameters, beam_width, max_length, alpha
    return build


def _with_args(build, *extra):
    return lambda rng: (*build(rng), *extra)


# -- properties ------------------------------------------------------------------------------
def _costs_fall(result, ctx):
    costs = [float(c) for c in result[1]]
    first, last = np.mean(costs[:3]), np.mean(costs[-3:])
    if not last < 0.8 * first:
        return f"the cost went from {first:.4g} (first minibatches) to {last:.4g} (last ones); it should fall clearly"
    return None


def _probabilities_sum_to_one(result, ctx):
    total = np.exp(np.asarray(result[0], dtype=np.float64)).sum(axis=1)
    if not np.allclose(total, 1.0, rtol=0, atol=1e-9):
        return "exp(log_probs) should sum to 1 over the tokens (axis 1) for every example"
    return None


def _never_below_greedy(result, ctx):
    x, parameters = ctx.args[:2]
    sequence, log_prob = ref.greedy_decode(x, parameters, ctx.args[3])
    greedy_score = ref.length_normalised_score(log_prob, len(sequence), ctx.args[4])
    if result[1] < greedy_score - 1e-9:
        return (f"your beam returned a sentence with score {result[1]:.6g}, below greedy decoding's "
                f"{greedy_score:.6g}; a beam of width {ctx.args[2]} keeps the greedy sentence among its "
                "hypotheses on this model")
    if abs(ref.length_normalised_score(ref.sequence_log_prob(x, list(result[0]), parameters), len(result[0]),
                                       ctx.args[4]) - result[1]) > 1e-9:
        return "the score returned is not the length-normalised log-probability of the sentence returned"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _encoder_with(carry=True):
    def wrong(X, parameters):
        p = parameters["encoder"]
        n_a = p["bu"].shape[0]
        a0 = a = np.zeros((X.shape[0], n_a))
        caches = []
        for t in range(X.shape[1]):
            a, cache = gru_cell_forward(one_hot(X[:, t], p["Wu"].shape[0] - n_a), a if carry else a0, p)
            caches.append(cache)
        return a, caches
    return wrong


def _step_with(log=True, axis=1):
    def wrong(y_prev, s_prev, parameters):
        n_in = parameters["decoder"]["Wu"].shape[0] - parameters["decoder"]["bu"].shape[0]
        s_next, decoder_cache = gru_cell_forward(one_hot(y_prev, n_in), s_prev, parameters["decoder"])
        logits = s_next @ parameters["output"]["Wy"] + parameters["output"]["by"]
        shifted = logits - np.max(logits, axis=axis, keepdims=True)
        out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        out = out if log else np.exp(out)
        return out, s_next, (decoder_cache, s_next, out)
    return wrong


def _step_unshifted(y_prev, s_prev, parameters):
    n_in = parameters["decoder"]["Wu"].shape[0] - parameters["decoder"]["bu"].shape[0]
    s_next, decoder_cache = gru_cell_forward(one_hot(y_prev, n_in), s_prev, parameters["decoder"])
    logits = s_next @ parameters["output"]["Wy"] + parameters["output"]["by"]
    with np.errstate(all="ignore"):
        out = np.log(np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True))
    return out, s_next, (decoder_cache, s_next, out)


def _forward_with(feed=lambda Y_in, t: Y_in[:, t]):
    def wrong(X, Y_in, parameters):
        m, Ty = Y_in.shape
        log_probs = np.zeros((m, Ty, parameters["output"]["Wy"].shape[1]))
        s, encoder_caches = ref.encoder_forward(X, parameters)
        step_caches = []
        for t in range(Ty):
            log_probs[:, t], s, cache = ref.decoder_step(feed(Y_in, t), s, parameters)
            step_caches.append(cache)
        return log_probs, (encoder_caches, step_caches)
    return wrong


def _backward_with(carry=True, mean=True):
    def wrong(log_probs, Y_out, caches, parameters):
        m, Ty, n_y = log_probs.shape
        encoder_caches, step_caches = caches
        Wy = parameters["output"]["Wy"]
        grads = {"decoder": {"d" + k: np.zeros_like(w) for k, w in parameters["decoder"].items()},
                 "output": {"dWy": np.zeros_like(Wy), "dby": np.zeros(n_y)}}
        ds_next = np.zeros((m, Wy.shape[0]))
        for t in reversed(range(Ty)):
            decoder_cache, s, _ = step_caches[t]
            dlogits = (np.exp(log_probs[:, t]) - one_hot(Y_out[:, t], n_y)) / (m if mean else 1)
            grads["output"]["dWy"] += s.T @ dlogits
            grads["output"]["dby"] += np.sum(dlogits, axis=0)
            g = gru_cell_backward((ds_next if carry else 0) + dlogits @ Wy.T, decoder_cache)
            ds_next = g["da_prev"]
            for k in grads["decoder"]:
                grads["decoder"][k] += g[k]
        grads["encoder"] = ref.encoder_backward(ds_next, encoder_caches)
        return grads
    return wrong


def _train_with(keep_update=True):
    def wrong(X, Y, parameters, num_epochs=1, batch_size=64, learning_rate=0.01, seed=0):
        rng = np.random.RandomState(seed)
        Y_in, Y_out = ref.teacher_forcing_inputs(Y, parameters["output"]["Wy"].shape[1])
        v, s = ref.initialize_adam(parameters)
        costs, t = [], 0
        for _ in range(num_epochs):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch_size):
                batch = order[start:start + batch_size]
                t += 1
                log_probs, caches = ref.model_forward(X[batch], Y_in[batch], parameters)
                grads = ref.model_backward(log_probs, Y_out[batch], caches, parameters)
                new, v, s = ref.update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
                parameters = new if keep_update else parameters
                costs.append(ref.compute_cost(log_probs, Y_out[batch]))
        return parameters, costs
    return wrong


def _sequence_with(teacher=True, first_token=False):
    def wrong(x, y, parameters):
        n_y = parameters["output"]["Wy"].shape[1]
        s, _ = ref.encoder_forward(x[np.newaxis, :], parameters)
        y_prev, total = n_y, 0.0
        for token in (y[:1] if first_token else y):
            log_probs, s, _ = ref.decoder_step(np.array([y_prev]), s, parameters)
            total += float(log_probs[0, token])
            y_prev = token if teacher else n_y
        return total
    return wrong


def _greedy_with(feed_back=True, stop=True, summed=True):
    def wrong(x, parameters, max_length=12):
        n_y = parameters["output"]["Wy"].shape[1]
        s, _ = ref.encoder_forward(x[np.newaxis, :], parameters)
        y_prev, sequence, total = n_y, [], 0.0
        for _ in range(max_length):
            log_probs, s, _ = ref.decoder_step(np.array([y_prev if feed_back else n_y]), s, parameters)
            y_prev = int(np.argmax(log_probs[0]))
            total = total + float(log_probs[0, y_prev]) if summed else float(log_probs[0, y_prev])
            sequence.append(y_prev)
            if stop and y_prev == n_y - 1:
                break
        return sequence, total
    return wrong


def _beam_with(keep=None, retain_finished=True, normalise=lambda lp, T, alpha: lp / T ** alpha):
    def wrong(x, parameters, beam_width=3, max_length=12, alpha=0.7):
        n_y = parameters["output"]["Wy"].shape[1]
        eos, sos = n_y - 1, n_y
        s0, _ = ref.encoder_forward(x[np.newaxis, :], parameters)
        live, finished = [([], 0.0, s0[0])], []
        width = beam_width if keep is None else keep
        for _ in range(max_length):
            y_prev = np.array([tokens[-1] if tokens else sos for tokens, _, _ in live])
            log_probs, s_next, _ = ref.decoder_step(y_prev, np.stack([st for _, _, st in live]), parameters)
            totals = np.array([lp for _, lp, _ in live])[:, np.newaxis] + log_probs
            best = np.argsort(-totals, axis=None, kind="stable")[:width]
            candidates = []
            for flat in best:
                i, token = divmod(int(flat), n_y)
                candidates.append((live[i][0] + [token], float(totals[i, token]), s_next[i]))
            done = [c for c in candidates if c[0][-1] == eos]
            finished = finished + done if retain_finished else done
            live = [c for c in candidates if c[0][-1] != eos]
            if not live:
                break
        finished = finished + live
        scores = [float(normalise(lp, len(tokens), alpha)) for tokens, lp, _ in finished]
        index = int(np.argmax(scores))
        return finished[index][0], scores[index]
    return wrong


SEARCH_CASES = [Case(_differs_from_greedy(5, 4, 4, 6, 3, 8, 0.7), label="B = 3, α = 0.7"),
                Case(_differs_from_greedy(6, 3, 5, 4, 4, 6, 1.0), label="B = 4, α = 1"),
                Case(_differs_from_greedy(4, 4, 3, 5, 2, 10, 0.5), label="B = 2, α = 0.5"),
                Case(_differs_from_greedy(5, 4, 4, 6, 6, 5, 0.0), label="B = 6, α = 0 (no normalisation)")]


PARTS = [
    Part("encoder_forward", returns=("a_last", "caches"), checks=[
        Values("hidden cases of other shapes", [Case(_encoder_inputs(3, 5, 4, 3), label="m = 3, Tx = 5"),
                                                Case(_encoder_inputs(1, 7, 6, 2), label="m = 1, Tx = 7"),
                                                Case(_encoder_inputs(2, 1, 3, 4), label="Tx = 1")], weight=2),
    ], mistakes=[
        Mistake("encoder state not carried", "Each step reads the state the previous step returned: assign "
                "gru_cell_forward's first output back to a.", _encoder_with(carry=False)),
    ]),
    Part("decoder_step", returns=("log_probs", "s_next", "cache"), checks=[
        Values("hidden cases of other shapes", [Case(_step_inputs(3, 4, 5), label="m = 3, n_a = 4, n_y = 5"),
                                                Case(_step_inputs(1, 2, 3), label="m = 1, n_y = 3")], weight=2),
        Values("large logits stay finite", [Case(_large_logits, label="biases of size 1e3")],
               requirement="finite for logits up to 1e3 in size"),
        Property("probabilities sum to 1 over the tokens", [Case(_step_inputs(4, 3, 6), label="m = 4")],
                 check=_probabilities_sum_to_one),
    ], mistakes=[
        Mistake("probabilities instead of log-probabilities", "Return log P: the searches add log-probabilities "
                "(a product of many probabilities underflows). log_softmax(z) = z - max(z) - log(sum(exp(z - max(z)))).",
                _step_with(log=False)),
        Mistake("log-softmax over the examples", "Normalise over the tokens, axis 1 of the logits (m, n_y).",
                _step_with(axis=0)),
        Mistake("log-softmax without the max shift", "Subtract the largest logit of each row before exp, or exp "
                "overflows for large logits.", _step_unshifted, nonfinite=True),
    ]),
    Part("model_forward", uses=("encoder_forward", "decoder_step"), returns=("log_probs", "caches"), checks=[
        Values("hidden models", [Case(_forward_inputs(3, 5, 4, 3, 4, 3), label="m = 3, Tx = 5, Ty = 4"),
                                 Case(_forward_inputs(1, 3, 5, 2, 3, 5), label="m = 1, Ty = 6")], weight=2),
    ], mistakes=[
        Mistake("decoder fed <sos> at every step", "With teacher forcing, step t is fed the true previous token "
                "Y_in[:, t] (<sos> only at t = 0).", _forward_with(feed=lambda Y_in, t: Y_in[:, 0])),
        Mistake("decoder fed the token it must predict", "Step t reads Y_in[:, t], which is the previous true "
                "token; Y_in[:, t + 1] is the one it must predict.",
                _forward_with(feed=lambda Y_in, t: Y_in[:, min(t + 1, Y_in.shape[1] - 1)])),
    ]),
    Part("model_backward", returns="grads", checks=[
        Values("hidden models", [Case(_problem(3, 4, 4, 3, 4, 2), label="m = 3, Tx = 4, Ty = 3"),
                                 Case(_problem(1, 3, 5, 2, 3, 3), label="m = 1")], call_args=_as_backward_call, weight=2),
        GradCheck("gradients match central differences of the cost", [Case(_problem(2, 3, 4, 3, 4, 2), label="m = 2")],
                  call_args=_as_backward_call, objective=_cost, max_full=30, tol=1e-5,
                  wrt=_paths({"output": ("Wy", "by"), "decoder": ("Wu", "bu", "Wr", "br", "Wc", "bc"),
                              "encoder": ("Wu", "bc")})),
    ], mistakes=[
        Mistake("gradient from later steps dropped", "s<t> also feeds step t+1: ds = ds_next + dlogits Wy^T.",
                _backward_with(carry=False)),
        Mistake("1/m missing", "The cost is a mean over the m examples: dlogits = (P - Y_onehot) / m.",
                _backward_with(mean=False)),
    ]),
    Part("train_model", uses=("model_forward", "model_backward"), returns=("parameters", "costs"), timeout=60, checks=[
        Values("a short seeded run: the reference's trained parameters and costs",
               [_dates_case(60, 6, 2, num_epochs=2, batch_size=20, learning_rate=0.02, seed=3)], rtol=1e-5, atol=1e-7,
               weight=2),
        Property("the cost falls", [_dates_case(200, 12, 4, num_epochs=3, batch_size=20, learning_rate=0.02)],
                 check=_costs_fall),
    ], mistakes=[
        Mistake("the update is thrown away", "update_parameters_with_adam returns the new parameters: assign them "
                "(parameters, v, s = ...).", _train_with(keep_update=False)),
    ]),
    Part("sequence_log_prob", uses=("encoder_forward", "decoder_step"), returns="log_prob", checks=[
        Values("hidden sentences", [Case(_sequence_inputs(5, 4, 4, 6, 4), label="4 tokens ending with <eos>"),
                                    Case(_sequence_inputs(4, 3, 5, 3, 1), label="<eos> alone"),
                                    Case(_sequence_inputs(6, 3, 4, 5, 5, end=False), label="5 tokens, no <eos>")],
               weight=2),
    ], mistakes=[
        Mistake("decoder not fed the sentence's own tokens", "P(y | x) multiplies P(y<t> | x, y<1..t-1>): after "
                "each step feed the token y<t> just scored.", _sequence_with(teacher=False)),
        Mistake("only the first token scored", "Sum the log-probabilities of every token of y, <eos> included.",
                _sequence_with(first_token=True)),
    ]),
    Part("greedy_decode", uses=("encoder_forward", "decoder_step"), returns=("sequence", "log_prob"), checks=[
        Values("hidden models", [Case(_with_args(_search_inputs(5, 4, 4, 6), 8), label="max_length = 8"),
                                 Case(_with_args(_search_inputs(4, 3, 3, 4, spread=0.3), 5), label="max_length = 5, flat outputs"),
                                 Case(_with_args(_search_inputs(6, 4, 5, 7, spread=1.5), 12), label="max_length = 12")], weight=2),
    ], mistakes=[
        Mistake("decoder not fed its previous prediction", "Greedy decoding feeds each chosen token back as the "
                "next step's input (y_prev = the argmax), not <sos> again.", _greedy_with(feed_back=False)),
        Mistake("decoding goes on after <eos>", "Stop as soon as <eos> (n_y - 1) is chosen.", _greedy_with(stop=False)),
        Mistake("log-probability of the last token only", "log P(y | x) is the sum of the chosen tokens' "
                "log-probabilities: add each one.", _greedy_with(summed=False)),
    ]),
    Part("length_normalised_score", returns="score", checks=[
        Values("hidden cases", [Case((-4.2, 6, 0.7), label="T = 6, α = 0.7"), Case((-1.5, 1, 0.7), label="T = 1"),
                                Case((-9.0, 10, 1.0), label="α = 1"), Case((-2.0, 3, 0.0), label="α = 0"),
                                Case((-6.0, 4), label="α left at its default")], strict_types=True, weight=2),
    ], mistakes=[
        Mistake("normalised by T instead of T^α", "Divide by T ** alpha: α between 0 and 1 tempers the "
                "normalisation (α = 1 is the mean log-probability per token).",
                lambda log_prob, length, alpha=0.7: float(log_prob / length)),
        Mistake("no length normalisation", "Divide the log-probability by T ** alpha; without it every extra "
                "token lowers the score, and short sentences win.", lambda log_prob, length, alpha=0.7: float(log_prob),
                same_as=("normalised by T instead of T^α",)),
        Mistake("multiplied by T^α", "Divide by T ** alpha, do not multiply.",
                lambda log_prob, length, alpha=0.7: float(log_prob * length ** alpha)),
    ]),
    Part("beam_search", uses=("encoder_forward", "decoder_step", "length_normalised_score"),
         returns=("sequence", "score"), checks=[
        Values("hidden models on which the beam and greedy decoding disagree", SEARCH_CASES, weight=4),
        Values("a beam of width 1 is greedy decoding", [
            Case(_with_args(_search_inputs(5, 4, 4, 6), 1, 8, 0.7), label="B = 1"),
            Case(_with_args(_search_inputs(4, 3, 5, 5, spread=1.5), 1, 6, 1.0), label="B = 1, α = 1")]),
        Property("never below greedy decoding's score", SEARCH_CASES[:2], check=_never_below_greedy),
    ], mistakes=[
        Mistake("beam keeps a single hypothesis", "Keep the beam_width best extensions at every step, not just "
                "the best one.", _beam_with(keep=1), same_as=("finished hypotheses dropped",)),
        Mistake("finished hypotheses dropped", "A hypothesis that ends with <eos> leaves the beam but stays a "
                "candidate answer: add it to the finished list and keep that list to the end.",
                _beam_with(retain_finished=False), same_as=("beam keeps a single hypothesis",)),
        Mistake("final choice not length-normalised", "Choose among the finished hypotheses by "
                "length_normalised_score(log_prob, len(tokens), alpha), not by the raw log-probability.",
                _beam_with(normalise=lambda lp, T, alpha: lp)),
        Mistake("normalised by T instead of T^α", "The notes' score is log P / T^α.",
                _beam_with(normalise=lambda lp, T, alpha: lp / T)),
    ]),
]
