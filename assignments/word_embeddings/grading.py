"""Hidden checks and known mistakes of `word_embeddings`."""

import heapq

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import word_embeddings as ref

FINITE = "stays finite for scores up to 1e3"


# -- inputs ----------------------------------------------------------------------------------
def _vectors(n_e, k=2, scale=1.0):
    return lambda rng: tuple(scale * rng.normal(size=n_e) for _ in range(k))


def _planted(seed):
    return ref.planted_embeddings(seed=seed)


def _analogy(a, b, c, seed):
    return Case(lambda rng: (a, b, c, _planted(seed)), label=f"{a} : {b} :: {c} : ?")


def _neutralize_case(word, seed, g_scale=1.0):
    def build(rng):
        words = _planted(seed)
        return word, g_scale * (words["woman"] - words["man"]), words
    return Case(build, label=f"{word}" + (f", g scaled by {g_scale:g}" if g_scale != 1.0 else ""))


def _equalize_case(pair, seed, g_scale=1.0):
    def build(rng):
        words = _planted(seed)
        return pair, g_scale * (words["woman"] - words["man"]), words
    return Case(build, label=f"{pair}")


def _equalize_general(rng):
    """A pair whose vectors differ off the bias axis too, where the two denominators disagree."""
    g = rng.normal(size=30)
    words = {"w1": 0.1 * rng.normal(size=30) + 0.05 * g, "w2": 0.1 * rng.normal(size=30) - 0.03 * g,
             "other": rng.normal(size=30)}
    return ("w1", "w2"), g, words


def _counts(V, low=1, high=2000):
    return lambda rng: (np.sort(rng.integers(low, high, size=V))[::-1].copy(),)


def _tokens(n, V, window, seed=0):
    return lambda rng: (rng.integers(0, V, size=n), window)


def _softmax_inputs(n_e, V, m, scale=1.0):
    return lambda rng: (scale * rng.normal(size=(n_e, m)), rng.normal(size=(n_e, V)), rng.integers(0, V, size=m))


def _ns_inputs(n_e, m, k):
    return lambda rng: (rng.normal(size=(n_e, m)), rng.normal(size=(n_e, m)), rng.normal(size=(n_e, m, k)))


def _tree(rng, V):
    counts = rng.integers(1, 500, size=V)
    return ref.build_huffman_tree(counts)


def _hs_probability_inputs(n_e, V):
    def build(rng):
        codes, points = _tree(rng, V)
        return rng.normal(size=n_e), rng.normal(size=(n_e, V - 1)), codes, points
    return build


def _hs_loss_inputs(n_e, V, m):
    def build(rng):
        codes, points = _tree(rng, V)
        return rng.normal(size=(n_e, m)), rng.normal(size=(n_e, V - 1)), rng.integers(0, V, size=m), codes, points
    return build


def _corpus(n, V, seed):
    def build(rng):
        local = np.random.default_rng(seed)
        weights = 1.0 / np.arange(1, V + 1)
        tokens = local.choice(V, size=n, p=weights / weights.sum())
        counts = np.bincount(tokens, minlength=V)
        return tokens, np.maximum(counts, 1)
    return build


# -- objectives ------------------------------------------------------------------------------
def _softmax_objective(e_c, Theta, targets):
    return ref.softmax_loss(e_c, Theta, targets)[0]


def _ns_objective(e_c, theta_t, theta_neg):
    return ref.negative_sampling_loss(e_c, theta_t, theta_neg)[0]


def _hs_objective(e_c, Theta, targets, codes, points):
    return ref.hierarchical_softmax_loss(e_c, Theta, targets, codes, points)[0]


# -- properties ------------------------------------------------------------------------------
def _equalize_either_denominator(actual, ctx):
    pair, axis, words = ctx.args
    accepted = [_equalize_with()(pair, axis, words), _equalize_with(bolukbasi=True)(pair, axis, words)]
    try:
        e1, e2 = (np.asarray(v, dtype=np.float64) for v in actual)
    except (TypeError, ValueError):
        return "equalize returns the pair (e1, e2) of vectors"
    for expected in accepted:
        if e1.shape == expected[0].shape and np.allclose(e1, expected[0], rtol=1e-6, atol=1e-9) \
                and np.allclose(e2, expected[1], rtol=1e-6, atol=1e-9):
            return None
    return ("(e1, e2) matches neither the course's formula (dividing by ||(e_w - mu_orth) - mu_B||) nor "
            "Bolukbasi et al.'s (dividing by ||e_wB - mu_B||) on a pair that also differs off the bias axis")


def _sums_to_one(actual, ctx):
    p = np.asarray(actual, dtype=np.float64)
    if p.shape != (len(ctx.args[2]),):
        return f"expected one probability per word, shape ({len(ctx.args[2])},); got shape {p.shape}"
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-9:
        return f"the probabilities of all the words should sum to 1; they sum to {p.sum():.6g}"
    return None


# -- known mistakes --------------------------------------------------------------------------
def _analogy_with(sign=1.0):
    def wrong(word_a, word_b, word_c, word_to_vec_map):
        word_a, word_b, word_c = word_a.lower(), word_b.lower(), word_c.lower()
        e_a, e_b, e_c = (word_to_vec_map[w] for w in (word_a, word_b, word_c))
        best, best_word = -100, None
        for w, e in word_to_vec_map.items():
            if w in (word_a, word_b, word_c):
                continue
            sim = ref.cosine_similarity(sign * (e_b - e_a), e - e_c)
            if sim > best:
                best, best_word = sim, w
        return best_word
    return wrong


def _neutralize_unnormalised(word, g, word_to_vec_map):
    e = word_to_vec_map[word]
    return e - np.dot(e, g) * g


def _equalize_with(bolukbasi=False, recentre=True, elementwise=False):
    def wrong(pair, bias_axis, word_to_vec_map):
        e_w1, e_w2 = word_to_vec_map[pair[0]], word_to_vec_map[pair[1]]
        unit = bias_axis / np.sum(bias_axis * bias_axis)
        mu = (e_w1 + e_w2) / 2
        mu_B = np.dot(mu, bias_axis) * unit
        mu_orth = mu - mu_B
        scale = np.sqrt(np.abs(1 - np.sum(mu_orth * mu_orth)))
        out = []
        for e in (e_w1, e_w2):
            e_B = np.dot(e, bias_axis) * unit
            if bolukbasi:
                denominator = np.linalg.norm(e_B - mu_B)
            elif elementwise:
                denominator = (e - mu_orth) - mu_B
            else:
                denominator = np.linalg.norm(e - mu_orth - mu_B)
            corrected = scale * (e_B - mu_B) / denominator
            out.append(corrected + mu_orth if recentre else corrected)
        return tuple(out)
    return wrong


def _keep_with(inverted=False, capped=True):
    def wrong(counts, sample=1e-3):
        f = counts / np.sum(counts)
        ratio = f / sample if inverted else sample / f
        p = (np.sqrt(1 / ratio) + 1) * ratio
        return np.minimum(p, 1.0) if capped else p
    return wrong


def _pairs_fixed_window(tokens, window, seed=0):
    n = len(tokens)
    contexts, targets = [], []
    for i in range(n):
        for j in range(max(0, i - window), min(n, i + window + 1)):
            if j != i:
                contexts.append(tokens[i])
                targets.append(tokens[j])
    return np.array(contexts, dtype=np.int64), np.array(targets, dtype=np.int64)


def _softmax_unshifted(e_c, Theta, targets):
    m = e_c.shape[1]
    with np.errstate(all="ignore"):
        exps = np.exp(Theta.T @ e_c)
        probs = exps / np.sum(exps, axis=0, keepdims=True)
        loss = float(-np.sum(np.log(probs[targets, np.arange(m)])) / m)
    dZ = probs.copy()
    dZ[targets, np.arange(m)] -= 1
    dZ /= m
    return loss, Theta @ dZ, e_c @ dZ.T


def _softmax_summed(e_c, Theta, targets):
    loss, de_c, dTheta = ref.softmax_loss(e_c, Theta, targets)
    m = e_c.shape[1]
    return loss * m, de_c * m, dTheta * m


def _noise_without_power(counts, power=0.75):
    return counts / np.sum(counts)


def _ns_gradient_sign_flipped(e_c, theta_t, theta_neg):
    loss, de_c, dtheta_t, dtheta_neg = ref.negative_sampling_loss(e_c, theta_t, theta_neg)
    return loss, -de_c, -dtheta_t, -dtheta_neg


def _huffman_bits_reversed(counts):
    codes, points = ref.build_huffman_tree(counts)
    return [1 - c for c in codes], points


def _hs_probabilities_reversed(e_c, Theta, codes, points):
    return ref.hierarchical_softmax_probabilities(e_c, Theta, [1 - c for c in codes], points)


def _hs_loss_reversed(e_c, Theta, targets, codes, points):
    return ref.hierarchical_softmax_loss(e_c, Theta, targets, [1 - c for c in codes], points)


def _hs_loss_summed(e_c, Theta, targets, codes, points):
    m = e_c.shape[1]
    loss, de_c, dTheta = ref.hierarchical_softmax_loss(e_c, Theta, targets, codes, points)
    return loss * m, de_c * m, dTheta * m


PARTS = [
    Part("cosine_similarity", returns="cosine_similarity", checks=[
        Values("hidden vectors", [Case(_vectors(50), label="n_e = 50"), Case(_vectors(3), label="n_e = 3"),
                                  Case(_vectors(7, scale=12.0), label="long vectors")], weight=2),
    ], mistakes=[
        Mistake("cosine without the norms", "The dot product grows with the lengths of the vectors; divide it by "
                "||u|| ||v|| so that only the angle counts.", lambda u, v: np.dot(u, v)),
    ]),
    Part("complete_analogy", uses=("cosine_similarity",), returns="best_word", checks=[
        Values("analogies planted in hidden vocabularies", [
            _analogy("man", "woman", "boy", 3), _analogy("paris", "france", "tokyo", 4),
            _analogy("king", "queen", "prince", 5), _analogy("Germany", "Berlin", "Spain", 6)], weight=2),
    ], mistakes=[
        Mistake("analogy with the wrong sign", "The answer d makes e_d - e_c point the same way as e_b - e_a; "
                "with e_a - e_b the search finds the word furthest in the opposite direction.",
                _analogy_with(sign=-1.0)),
    ]),
    Part("neutralize", returns="e_debiased", checks=[
        Values("hidden words and bias directions", [
            _neutralize_case("nurse", 3), _neutralize_case("engineer", 4), _neutralize_case("doctor", 5, g_scale=3.0),
            _neutralize_case("babysitter", 6, g_scale=0.2)], weight=2),
    ], mistakes=[
        Mistake("projection onto an unnormalised g", "The projection of e on g is (e . g / ||g||^2) g: without "
                "the division by ||g||^2 it is right only when g has length 1.", _neutralize_unnormalised),
    ]),
    Part("equalize", returns=("e1", "e2"), checks=[
        Values("hidden pairs that differ along the bias axis", [
            _equalize_case(("actor", "actress"), 3), _equalize_case(("boy", "girl"), 4),
            _equalize_case(("father", "mother"), 5, g_scale=2.5)], weight=2),
        Property("either denominator in circulation, on a pair that also differs off the axis",
                 [Case(_equalize_general, label="random pair"), Case(_equalize_general, label="another random pair")],
                 check=_equalize_either_denominator),
    ], mistakes=[
        Mistake("equalize without re-centring", "The corrected bias parts are only half of the answer: add mu_orth, "
                "the part the two words now share, e1 = corrected_e_w1B + mu_orth.", _equalize_with(recentre=False)),
        Mistake("denominator divided element by element", "The denominator is a length, the norm "
                "np.linalg.norm((e_w1 - mu_orth) - mu_B); dividing by the vector itself rescales every coordinate "
                "differently.", _equalize_with(elementwise=True)),
    ]),
    Part("keep_probability", returns="p_keep", checks=[
        Values("hidden counts", [Case(_counts(30), kwargs={"sample": 1e-2}, label="30 words, t = 1e-2"),
                                 Case(_counts(200, 1, 50000), label="200 words, t = 1e-3"),
                                 Case(lambda rng: (np.array([1, 1, 1, 1]),), kwargs={"sample": 0.5},
                                      label="equal counts")], weight=2),
    ], mistakes=[
        Mistake("subsampling formula inverted", "With f the word's frequency, p_keep = (sqrt(f / t) + 1) t / f: "
                "frequent words (large f) must be kept less often, not more.", _keep_with(inverted=True)),
        Mistake("keep probability not capped at 1", "For rare words the formula exceeds 1; a probability is "
                "capped: np.minimum(p_keep, 1.0).", _keep_with(capped=False)),
    ]),
    Part("skipgram_pairs", returns=("contexts", "targets"), checks=[
        Values("hidden token streams", [Case(_tokens(40, 9, 3), kwargs={"seed": 4}, label="n = 40, window 3"),
                                        Case(_tokens(25, 30, 5), kwargs={"seed": 11}, label="n = 25, window 5"),
                                        Case(_tokens(12, 4, 1), label="window 1"),
                                        Case(_tokens(3, 5, 6), kwargs={"seed": 2}, label="window longer than the stream")],
               weight=2),
    ], mistakes=[
        Mistake("window size fixed", "word2vec draws each position's window size b_i from 1..window (the given "
                "`spans`) and pairs the word with its neighbours within b_i only.", _pairs_fixed_window),
    ]),
    Part("softmax_loss", returns=("loss", "de_c", "dTheta"), checks=[
        Values("hidden cases", [Case(_softmax_inputs(4, 7, 5), label="n_e = 4, V = 7, m = 5"),
                                Case(_softmax_inputs(3, 10, 1), label="m = 1")], weight=2),
        Values("scores near 1e3 stay finite", [Case(_softmax_inputs(5, 6, 4, scale=300.0), label="large scores")],
               requirement=FINITE),
        GradCheck("de_c and dTheta match central differences of the loss",
                  [Case(_softmax_inputs(3, 6, 4), label="n_e = 3, V = 6, m = 4")], objective=_softmax_objective,
                  wrt={"de_c": ((0,), (1,)), "dTheta": ((1,), (2,))}, weight=2),
    ], mistakes=[
        Mistake("softmax loss without the max shift", "exp of scores near 1e3 overflows to inf; subtract each "
                "column's maximum from the scores first (the probabilities do not change).", _softmax_unshifted,
                nonfinite=True),
        Mistake("loss summed over the pairs", "J is the mean over the m pairs: divide the loss and its gradients "
                "by m.", _softmax_summed),
    ]),
    Part("noise_distribution", returns="noise", checks=[
        Values("hidden counts", [Case(_counts(20), label="20 words"), Case(_counts(3, 1, 10), label="3 words")],
               weight=2),
    ], mistakes=[
        Mistake("noise distribution without the 0.75 power", "Mikolov et al. raise the counts to the power 3/4 "
                "before normalising: rare words are drawn more often than their frequency, frequent ones less.",
                _noise_without_power),
    ]),
    Part("negative_sampling_loss", returns=("loss", "de_c", "dtheta_t", "dtheta_neg"), checks=[
        Values("hidden cases", [Case(_ns_inputs(5, 6, 4), label="n_e = 5, m = 6, k = 4"),
                                Case(_ns_inputs(3, 1, 1), label="m = 1, k = 1")], weight=2),
        GradCheck("gradients match central differences of the loss", [Case(_ns_inputs(4, 5, 3), label="m = 5, k = 3")],
                  objective=_ns_objective,
                  wrt={"de_c": ((0,), (1,)), "dtheta_t": ((1,), (2,)), "dtheta_neg": ((2,), (3,))}, weight=2),
    ], mistakes=[
        Mistake("negative-sampling gradient sign", "d/ds of -log sigmoid(s) is sigmoid(s) - 1, and of "
                "-log sigmoid(-s) is sigmoid(s): these are the gradients of the loss, which SGD then subtracts.",
                _ns_gradient_sign_flipped),
    ]),
    Part("build_huffman_tree", returns=("codes", "points"), checks=[
        Values("hidden vocabularies", [Case(_counts(9), label="V = 9"), Case(_counts(2), label="V = 2"),
                                       Case(lambda rng: (np.array([4, 4, 4, 4, 2, 2, 1]),), label="equal counts"),
                                       Case(_counts(40, 1, 100), label="V = 40")], weight=2),
    ], mistakes=[
        Mistake("Huffman code bit convention reversed", "The first node taken from the heap (the smaller count) is "
                "the 0 child, the second the 1 child.", _huffman_bits_reversed),
    ]),
    Part("hierarchical_softmax_probabilities", returns="p", checks=[
        Values("hidden trees", [Case(_hs_probability_inputs(4, 9), label="V = 9"),
                                Case(_hs_probability_inputs(3, 2), label="V = 2")], weight=2),
        Property("the probabilities of all the words sum to 1", [Case(_hs_probability_inputs(5, 30), label="V = 30"),
                                                                  Case(_hs_probability_inputs(2, 7), label="V = 7")],
                 check=_sums_to_one),
    ], mistakes=[
        Mistake("branch probabilities swapped", "Code 0 is the side taken with probability sigmoid(theta . e_c), "
                "code 1 the side with sigmoid(-theta . e_c): the factor is sigmoid((1 - 2 code) theta . e_c).",
                _hs_probabilities_reversed),
    ]),
    Part("hierarchical_softmax_loss", returns=("loss", "de_c", "dTheta"), checks=[
        Values("hidden cases", [Case(_hs_loss_inputs(4, 11, 6), label="V = 11, m = 6"),
                                Case(_hs_loss_inputs(3, 2, 1), label="V = 2, m = 1")], weight=2),
        GradCheck("de_c and dTheta match central differences of the loss",
                  [Case(_hs_loss_inputs(3, 8, 5), label="V = 8, m = 5")], objective=_hs_objective,
                  wrt={"de_c": ((0,), (1,)), "dTheta": ((1,), (2,))}, weight=2),
    ], mistakes=[
        Mistake("branch probabilities swapped", "Code 0 is the side taken with probability sigmoid(theta . e_c), "
                "code 1 the side with sigmoid(-theta . e_c).", _hs_loss_reversed),
        Mistake("loss summed over the pairs", "J is the mean over the m pairs: divide the loss and its gradients "
                "by m.", _hs_loss_summed),
    ]),
    Part("train_skipgram", uses=("keep_probability", "skipgram_pairs", "noise_distribution", "negative_sampling_loss"),
         returns=("E", "Theta", "losses"), checks=[
        Values("a hidden corpus: the reference's trained vectors and losses", [
            Case(_corpus(600, 15, 21), {"n_e": 5, "window": 3, "negatives": 4, "epochs": 2, "sample": 0.02,
                                         "batch_size": 50, "seed": 3}, label="600 tokens, 15 words, 2 epochs")],
               rtol=1e-6, atol=1e-9, weight=2),
    ]),
]
