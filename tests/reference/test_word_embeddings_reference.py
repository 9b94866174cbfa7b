"""The word-embedding reference (solutions/word_embeddings.py) against PyTorch float64 autograd, central
differences, gensim (its subsampling formula and Huffman tree), scipy's Spearman correlation, brute-force
loops, and both course releases of complete_analogy and equalize."""

import heapq

import numpy as np
import pytest
import torch
from scipy.stats import spearmanr
from threadpoolctl import threadpool_limits

from autograder import datasets
from autograder.data import datasets as loaders
from solutions import word_embeddings as ref


def tensor(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def central_differences(f, x, h=1e-6):
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


@pytest.fixture(autouse=True, scope="module")
def single_threaded_blas():
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def corpus():
    return loaders.load_wiki_corpus(raw=(datasets.raw("wiki_tokens"), datasets.raw("wiki_vocab")))


@pytest.fixture(scope="module")
def words():
    return ref.planted_embeddings()


# ---------------------------------------------------------------------------------------------
# geometry and debiasing


def test_cosine_similarity_is_the_cosine_of_the_angle():
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=50), rng.normal(size=50)
    expected = torch.nn.functional.cosine_similarity(tensor(u)[None], tensor(v)[None]).item()
    assert ref.cosine_similarity(u, v) == pytest.approx(expected, rel=1e-12)
    assert ref.cosine_similarity(3.0 * u, 0.5 * v) == pytest.approx(expected, rel=1e-12)
    assert ref.cosine_similarity(u, -2 * u) == pytest.approx(-1.0)


def _analogy_skipping(skip_all):
    """complete_analogy as either course release writes it: skipping the three question words, or word_c only."""
    def complete(word_a, word_b, word_c, word_to_vec_map):
        e_a, e_b, e_c = (word_to_vec_map[w] for w in (word_a, word_b, word_c))
        skipped = {word_a, word_b, word_c} if skip_all else {word_c}
        candidates = [w for w in word_to_vec_map if w not in skipped]
        return max(candidates, key=lambda w: ref.cosine_similarity(e_b - e_a, word_to_vec_map[w] - e_c))
    return complete


@pytest.mark.parametrize("seed", [1, 3, 4, 5, 6])
@pytest.mark.parametrize("question, answer", [
    (("man", "woman", "king"), "queen"), (("man", "woman", "boy"), "girl"), (("paris", "france", "tokyo"), "japan"),
    (("king", "queen", "prince"), "princess"), (("germany", "berlin", "spain"), "madrid"),
    (("france", "paris", "italy"), "rome")])
def test_planted_analogies_are_found_by_both_course_releases(seed, question, answer):
    word_to_vec_map = ref.planted_embeddings(seed=seed)
    assert ref.complete_analogy(*question, word_to_vec_map) == answer
    assert _analogy_skipping(True)(*question, word_to_vec_map) == answer
    assert _analogy_skipping(False)(*question, word_to_vec_map) == answer


def test_complete_analogy_lower_cases_the_question(words):
    assert ref.complete_analogy("Man", "WOMAN", "King", words) == "queen"


def test_neutralize_removes_exactly_the_component_along_g(words):
    g = 3.0 * (words["woman"] - words["man"])  # any length
    e = ref.neutralize("nurse", g, words)
    assert abs(np.dot(e, g)) < 1e-12
    # What was removed is parallel to g.
    removed = words["nurse"] - e
    assert np.linalg.norm(removed - np.dot(removed, g) / np.dot(g, g) * g) < 1e-12


def _equalize_bolukbasi(pair, bias_axis, word_to_vec_map):
    e_w1, e_w2 = word_to_vec_map[pair[0]], word_to_vec_map[pair[1]]
    unit = bias_axis / np.linalg.norm(bias_axis)
    mu = (e_w1 + e_w2) / 2
    nu = mu - np.dot(mu, unit) * unit
    out = []
    for e in (e_w1, e_w2):
        diff = np.dot(e - mu, unit) * unit
        out.append(nu + np.sqrt(1 - np.dot(nu, nu)) * diff / np.linalg.norm(diff))
    return tuple(out)


@pytest.mark.parametrize("pair", [("actor", "actress"), ("man", "woman"), ("boy", "girl"), ("king", "queen")])
def test_equalize_agrees_with_bolukbasi_on_pairs_that_differ_along_the_axis(words, pair):
    g = words["woman"] - words["man"]
    e1, e2 = ref.equalize(pair, g, words)
    b1, b2 = _equalize_bolukbasi(pair, g, words)
    np.testing.assert_allclose(e1, b1, atol=1e-12)
    np.testing.assert_allclose(e2, b2, atol=1e-12)
    # Symmetric about the neutral subspace and on the unit sphere.
    assert np.dot(e1, g) == pytest.approx(-np.dot(e2, g))
    np.testing.assert_allclose(e1 - np.dot(e1, g) / np.dot(g, g) * g, e2 - np.dot(e2, g) / np.dot(g, g) * g, atol=1e-12)
    assert np.linalg.norm(e1) == pytest.approx(1.0)


def test_equalize_denominators_differ_off_the_axis_and_the_grader_accepts_both():
    import importlib.util

    spec = importlib.util.spec_from_file_location("we_grading", "assignments/word_embeddings/grading.py")
    grading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(grading)
    args = grading._equalize_general(np.random.default_rng(0))
    course, bolukbasi = ref.equalize(*args), _equalize_bolukbasi(*args)
    assert not np.allclose(course[0], bolukbasi[0])

    class Ctx:
        pass

    ctx = Ctx()
    ctx.args = args
    assert grading._equalize_either_denominator(course, ctx) is None
    assert grading._equalize_either_denominator(bolukbasi, ctx) is None
    assert grading._equalize_either_denominator(grading._equalize_with(recentre=False)(*args), ctx) is not None


# ---------------------------------------------------------------------------------------------
# word2vec pieces


def test_keep_probability_is_gensims_subsampling(corpus):
    from gensim.models import Word2Vec

    tokens, vocab, counts = corpus
    words = [vocab[i] for i in tokens[:60000]]
    model = Word2Vec(vector_size=10, min_count=1, sample=1e-3, workers=1)
    model.build_vocab([words[i:i + 10000] for i in range(0, len(words), 10000)])
    local = np.array([model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key])
    expected = np.array([model.wv.get_vecattr(w, "sample_int") for w in model.wv.index_to_key]) / 2.0 ** 32
    np.testing.assert_allclose(ref.keep_probability(local, 1e-3), expected, rtol=1e-8)


def test_skipgram_pairs_match_two_nested_loops():
    rng = np.random.default_rng(3)
    tokens = rng.integers(0, 20, size=57)
    spans = np.random.default_rng(7).integers(1, 5, size=57)
    expected = [(tokens[i], tokens[j]) for i in range(57) for j in range(i - spans[i], i + spans[i] + 1)
                if j != i and 0 <= j < 57]
    contexts, targets = ref.skipgram_pairs(tokens, 4, seed=7)
    assert list(zip(contexts, targets)) == expected


def test_softmax_loss_matches_torch_cross_entropy():
    rng = np.random.default_rng(1)
    e_c, Theta, targets = rng.normal(size=(6, 9)), rng.normal(size=(6, 13)), rng.integers(0, 13, size=9)
    loss, de_c, dTheta = ref.softmax_loss(e_c, Theta, targets)
    te, tT = tensor(e_c, True), tensor(Theta, True)
    tl = torch.nn.functional.cross_entropy((tT.T @ te).T, torch.tensor(targets))
    tl.backward()
    assert loss == pytest.approx(tl.item(), rel=1e-12)
    np.testing.assert_allclose(de_c, te.grad.numpy(), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(dTheta, tT.grad.numpy(), rtol=1e-9, atol=1e-14)


def test_softmax_loss_stays_finite_for_scores_near_1e3():
    e_c, Theta = np.full((2, 3), 25.0), np.full((2, 4), 20.0)
    Theta[:, 1] = -20.0
    loss, de_c, dTheta = ref.softmax_loss(e_c, Theta, np.array([1, 0, 2]))
    assert np.isfinite(loss) and np.all(np.isfinite(de_c)) and np.all(np.isfinite(dTheta))
    # Scores are 1000 for words 0, 2, 3 and -1000 for word 1: -log p is 2000 + log 3 for the first pair,
    # log 3 for the other two.
    assert loss == pytest.approx((2000 + 3 * np.log(3)) / 3, rel=1e-12)


def test_noise_distribution_is_the_three_quarter_power():
    counts = np.array([81, 16, 1, 256])
    noise = ref.noise_distribution(counts)
    assert noise.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(noise, np.array([27, 8, 1, 64]) / 100)


def test_negative_sampling_matches_torch_autograd():
    rng = np.random.default_rng(2)
    e_c, theta_t, theta_neg = rng.normal(size=(5, 7)), rng.normal(size=(5, 7)), rng.normal(size=(5, 7, 4))
    loss, de_c, dtheta_t, dtheta_neg = ref.negative_sampling_loss(e_c, theta_t, theta_neg)
    te, tt, tn = tensor(e_c, True), tensor(theta_t, True), tensor(theta_neg, True)
    logsig = torch.nn.functional.logsigmoid
    tl = -(logsig((tt * te).sum(0)).sum() + logsig(-torch.einsum("dmk,dm->mk", tn, te)).sum()) / 7
    tl.backward()
    assert loss == pytest.approx(tl.item(), rel=1e-12)
    for mine, theirs in ((de_c, te), (dtheta_t, tt), (dtheta_neg, tn)):
        np.testing.assert_allclose(mine, theirs.grad.numpy(), rtol=1e-9, atol=1e-14)


def _expected_length(counts, codes):
    return sum(int(c) * len(code) for c, code in zip(counts, codes))


def _huffman_cost(counts):
    """Total weighted path length of an optimal prefix code: the sum of all the merged counts."""
    heap = [int(c) for c in counts]
    heapq.heapify(heap)
    total = 0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_huffman_codes_are_optimal_prefix_free_and_complete(seed):
    counts = np.random.default_rng(seed).integers(1, 1000, size=37)
    codes, points = ref.build_huffman_tree(counts)
    assert _expected_length(counts, codes) == _huffman_cost(counts)
    strings = ["".join(map(str, c)) for c in codes]
    assert not any(a != b and b.startswith(a) for a in strings for b in strings)
    assert sum(2.0 ** -len(s) for s in strings) == pytest.approx(1.0)  # a full binary tree
    assert all(p[0] == len(counts) - 2 for p in points)  # every path starts at the root
    assert all(len(c) == len(p) for c, p in zip(codes, points))


def test_huffman_tree_of_the_textbook_example_worked_by_hand():
    # Counts 45, 13, 12, 16, 9, 5: joins (5, 9) -> node 6, (12, 13) -> 7, (14, 16) -> 8, (25, 30) -> 9,
    # (45, 55) -> 10, the root; the first node popped is the 0 child.
    codes, points = ref.build_huffman_tree(np.array([45, 13, 12, 16, 9, 5]))
    assert [c.tolist() for c in codes] == [[0], [1, 0, 1], [1, 0, 0], [1, 1, 1], [1, 1, 0, 1], [1, 1, 0, 0]]
    assert [p.tolist() for p in points] == [[4], [4, 3, 1], [4, 3, 1], [4, 3, 2], [4, 3, 2, 0], [4, 3, 2, 0]]


def test_huffman_code_lengths_match_gensims_on_the_corpus(corpus):
    from gensim.models import Word2Vec

    tokens, vocab, counts = corpus
    codes, _ = ref.build_huffman_tree(counts)
    model = Word2Vec(vector_size=10, min_count=5, hs=1, negative=0, workers=1)
    model.build_vocab([[vocab[i] for i in tokens[j:j + 10000]] for j in range(0, len(tokens), 10000)])
    theirs = {w: len(model.wv.get_vecattr(w, "code")) for w in model.wv.index_to_key}
    assert _expected_length(counts, codes) == sum(int(counts[i]) * theirs[w] for i, w in enumerate(vocab))


@pytest.mark.parametrize("V", [2, 3, 10, 64])
def test_hierarchical_softmax_probabilities_sum_to_one(V):
    rng = np.random.default_rng(V)
    codes, points = ref.build_huffman_tree(rng.integers(1, 100, size=V))
    p = ref.hierarchical_softmax_probabilities(rng.normal(size=8), 2 * rng.normal(size=(8, V - 1)), codes, points)
    assert p.shape == (V,) and np.all(p > 0)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_hierarchical_softmax_loss_is_minus_log_probability_and_its_gradients_check():
    rng = np.random.default_rng(4)
    V, n_e, m = 12, 4, 6
    codes, points = ref.build_huffman_tree(rng.integers(1, 100, size=V))
    e_c, Theta, targets = rng.normal(size=(n_e, m)), rng.normal(size=(n_e, V - 1)), rng.integers(0, V, size=m)
    targets[:2] = targets[2]  # repeated targets share nodes: their gradients must add up
    loss, de_c, dTheta = ref.hierarchical_softmax_loss(e_c, Theta, targets, codes, points)
    probs = [ref.hierarchical_softmax_probabilities(e_c[:, i], Theta, codes, points)[targets[i]] for i in range(m)]
    assert loss == pytest.approx(-np.mean(np.log(probs)), rel=1e-12)

    def f():
        return ref.hierarchical_softmax_loss(e_c, Theta, targets, codes, points)[0]

    np.testing.assert_allclose(de_c, central_differences(f, e_c), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dTheta, central_differences(f, Theta), rtol=1e-6, atol=1e-9)


def test_scatter_rows_sums_like_np_add_at():
    rng = np.random.default_rng(5)
    ids, rows = rng.integers(0, 9, size=40), rng.normal(size=(40, 3))
    unique, sums = ref.scatter_rows(ids, rows)
    expected = np.zeros((9, 3))
    np.add.at(expected, ids, rows)
    np.testing.assert_array_equal(unique, np.unique(ids))
    np.testing.assert_allclose(sums, expected[unique])


# ---------------------------------------------------------------------------------------------
# evaluation helpers and data


def test_spearman_matches_scipy_with_ties():
    rng = np.random.default_rng(6)
    x, y = rng.integers(0, 8, size=50).astype(float), rng.normal(size=50)
    assert ref.spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, rel=1e-12)


def test_analogy_accuracy_matches_a_loop():
    rng = np.random.default_rng(7)
    E = rng.normal(size=(5, 30))
    questions = rng.integers(0, 30, size=(40, 4))
    unit = E / np.linalg.norm(E, axis=0)
    right = 0
    for a, b, c, d in questions:
        scores = unit.T @ (unit[:, b] - unit[:, a] + unit[:, c])
        scores[[a, b, c]] = -np.inf
        right += int(np.argmax(scores) == d)
    assert ref.analogy_accuracy(E, questions, batch=7) == pytest.approx(right / 40)


def test_bundled_corpus_and_evaluation_sets(corpus):
    tokens, vocab, counts = corpus
    assert len(vocab) == len(counts) == 7978 and counts.min() >= 5
    assert np.all(np.diff(counts) <= 0)  # most frequent first
    assert len(tokens) == counts.sum() == 296143
    pairs, scores = loaders.load_word_similarity("wordsim353", raw=datasets.raw("wordsim353"))
    assert pairs.shape == (274, 2) and scores.max() <= 10
    assert len(loaders.load_analogies(raw=datasets.raw("wiki_analogies"))) == 2461


# ---------------------------------------------------------------------------------------------
# training


@pytest.fixture(scope="module")
def trained(corpus):
    tokens, vocab, counts = corpus
    return ref.train_skipgram(tokens[:10000], counts, n_e=20, epochs=3, learning_rate=0.1, batch_size=512, seed=0)


def test_training_lowers_the_loss_from_its_start_at_k_plus_1_log_2(trained):
    _, _, losses = trained
    assert losses[0] == pytest.approx(6 * np.log(2), rel=1e-3)  # Theta starts at zero: every sigmoid is 1/2
    assert np.mean(losses[-20:]) < 0.8 * losses[0]


def test_training_is_reproducible(corpus):
    tokens, _, counts = corpus
    first = ref.train_skipgram(tokens[:3000], counts, n_e=8, epochs=1, seed=4)
    second = ref.train_skipgram(tokens[:3000], counts, n_e=8, epochs=1, seed=4)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[2] == second[2]
