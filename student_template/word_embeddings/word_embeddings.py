"""Word embeddings: their geometry, debiasing, and Word2Vec trained from scratch: the graded functions of the notebook, to fill in.

Write your code between the START and END markers. This file holds the same functions as the
notebook, for working in an editor; submit one of the two (see README.md: when both are handed in,
the grader grades the one with more functions filled in and says so).
"""

import time
import numpy as np
from w2v_utils import planted_embeddings, nearest_words, similarity_correlation, analogy_accuracy, project_2d
from w2v_utils import padded_paths, scatter_rows
from datasets import load_wiki_corpus, load_word_similarity, load_analogies


def cosine_similarity(u, v):
    """Cosine of the angle between two word vectors: u.v / (||u|| ||v||).

    Arguments:
    u -- ndarray (n_e,), a non-zero word vector
    v -- ndarray (n_e,), a non-zero word vector

    Returns:
    cosine_similarity -- float in [-1, 1]
    """
    ### START CODE HERE ### (≈ 4 lines)
    # YOUR CODE HERE
    dot = None
    norm_u = None
    norm_v = None
    cosine_similarity = None
    ### END CODE HERE ###
    return cosine_similarity


def complete_analogy(word_a, word_b, word_c, word_to_vec_map):
    """Answer "a is to b as c is to ____": the word w maximising cos(e_b - e_a, e_w - e_c).

    Arguments:
    word_a, word_b, word_c -- str, the three words of the question
    word_to_vec_map -- dict str -> ndarray (n_e,)

    Returns:
    best_word -- str, the word of the map (other than the three question words) with the highest cosine
    similarity; the first one in the map's order on a tie
    """
    word_a, word_b, word_c = word_a.lower(), word_b.lower(), word_c.lower()
    ### START CODE HERE ### (≈ 1 line)
    # YOUR CODE HERE
    e_a, e_b, e_c = None, None, None
    ### END CODE HERE ###
    words = word_to_vec_map.keys()
    max_cosine_sim = -100
    best_word = None
    for w in words:
        if w in (word_a, word_b, word_c):
            continue
        ### START CODE HERE ### (≈ 4 lines)
        # YOUR CODE HERE
        cosine_sim = None
        max_cosine_sim = None
        best_word = None
        ### END CODE HERE ###
    return best_word


def neutralize(word, g, word_to_vec_map):
    """Remove the component of a word's vector along the bias direction g.

    e_bias = (e . g / ||g||^2) g and e_debiased = e - e_bias; g need not have norm 1.

    Arguments:
    word -- str, a word of the map
    g -- ndarray (n_e,), the bias direction (for gender, e_woman - e_man)
    word_to_vec_map -- dict str -> ndarray (n_e,)

    Returns:
    e_debiased -- ndarray (n_e,), orthogonal to g
    """
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    e = None
    e_biascomponent = None
    e_debiased = None
    ### END CODE HERE ###
    return e_debiased


def equalize(pair, bias_axis, word_to_vec_map):
    """Move a pair of gendered words (actor, actress) to points symmetric about the neutral subspace.

    With mu = (e_w1 + e_w2) / 2, mu_B its projection on the bias axis, mu_orth = mu - mu_B and e_wB the
    projection of each word's vector on the axis:

        corrected_e_wB = sqrt(|1 - ||mu_orth||^2|) (e_wB - mu_B) / ||(e_w - mu_orth) - mu_B||
        e_w := corrected_e_wB + mu_orth

    (the course's denominator; Bolukbasi et al. divide by ||e_wB - mu_B||, which gives the same result
    when the two words differ only along the bias axis and puts both on the unit sphere otherwise).

    Arguments:
    pair -- tuple of two str, (w1, w2)
    bias_axis -- ndarray (n_e,), the bias direction
    word_to_vec_map -- dict str -> ndarray (n_e,)

    Returns:
    e1 -- ndarray (n_e,), the equalised vector of w1
    e2 -- ndarray (n_e,), the equalised vector of w2
    """
    w1, w2 = pair
    e_w1, e_w2 = word_to_vec_map[w1], word_to_vec_map[w2]
    ### START CODE HERE ### (≈ 9 lines)
    # YOUR CODE HERE
    mu = None
    mu_B = None
    mu_orth = None
    e_w1B = None
    e_w2B = None
    scale = None
    corrected_e_w1B = None
    corrected_e_w2B = None
    e1, e2 = None, None
    ### END CODE HERE ###
    return e1, e2


def keep_probability(counts, sample=1e-3):
    """Subsampling of frequent words: the probability that one occurrence of each word is kept.

    With f = count / total count, word2vec's formula is p_keep = (sqrt(f / t) + 1) t / f, capped at 1;
    t = ``sample`` is the threshold: words rarer than about t are always kept.

    Arguments:
    counts -- int ndarray (V,), occurrences of every word in the corpus (all positive)
    sample -- float, the threshold t

    Returns:
    p_keep -- float ndarray (V,), values in (0, 1]
    """
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    f = None
    p_keep = None
    ### END CODE HERE ###
    return p_keep


def skipgram_pairs(tokens, window, seed=0):
    """Every (context, target) pair of a token stream, with word2vec's random window sizes.

    Each position i gets a window size b_i drawn uniformly from 1..window (so that near words are
    paired more often than far ones); its word is the context of every word at positions j with
    0 < |j - i| <= b_i inside the stream. Pairs are listed by position i, then by position j.

    Arguments:
    tokens -- int ndarray (n,), word ids
    window -- int, the largest window size
    seed -- int, seed of numpy.random.default_rng for the window sizes

    Returns:
    contexts -- int ndarray (n_pairs,), the word at position i of each pair
    targets -- int ndarray (n_pairs,), the word at position j of each pair
    """
    rng = np.random.default_rng(seed)
    spans = rng.integers(1, window + 1, size=len(tokens))
    n = len(tokens)
    ### START CODE HERE ### (≈ 10 lines)
    # YOUR CODE HERE
    centres, neighbours = None, None
    positions = None
    i, j = None, None
    order = None
    contexts, targets = None, None
    offset = None
    ### END CODE HERE ###
    return contexts, targets


def softmax_loss(e_c, Theta, targets):
    """Skip-gram with the full softmax: p(t | c) = exp(theta_t . e_c) / sum_j exp(theta_j . e_c).

    Loss: J = -(1/m) sum_i log p(t_i | c_i). Computed with the scores shifted by their maximum per
    pair, so that it stays finite for scores up to 1e3.

    Arguments:
    e_c -- ndarray (n_e, m), the context embeddings of m pairs
    Theta -- ndarray (n_e, V), the output vector of every word
    targets -- int ndarray (m,), the target word of each pair

    Returns:
    loss -- Python float, J
    de_c -- ndarray (n_e, m), dJ/de_c
    dTheta -- ndarray (n_e, V), dJ/dTheta
    """
    m = e_c.shape[1]
    ### START CODE HERE ### (≈ 8 lines)
    # YOUR CODE HERE
    Z = None
    log_p = None
    loss = None
    dZ = None
    de_c = None
    dTheta = None
    ### END CODE HERE ###
    return loss, de_c, dTheta


def noise_distribution(counts, power=0.75):
    """The distribution negative samples are drawn from: the unigram distribution raised to ``power``.

    P_n(w) = count(w)^power / sum_v count(v)^power

    Arguments:
    counts -- int ndarray (V,), occurrences of every word
    power -- float, 0.75 in word2vec

    Returns:
    noise -- float ndarray (V,), non-negative, summing to 1
    """
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    weights = None
    noise = None
    ### END CODE HERE ###
    return noise


def negative_sampling_loss(e_c, theta_t, theta_neg):
    """Skip-gram with negative sampling: for each pair, one logistic regression that says "yes" to the
    true target and "no" to each of k words drawn from the noise distribution.

    J = (1/m) sum_i [ -log sigmoid(theta_t_i . e_c_i) - sum_k log sigmoid(-theta_neg_ik . e_c_i) ]

    Arguments:
    e_c -- ndarray (n_e, m), the context embeddings of m pairs
    theta_t -- ndarray (n_e, m), the output vectors of their targets
    theta_neg -- ndarray (n_e, m, k), the output vectors of the k negative words of each pair

    Returns:
    loss -- Python float, J
    de_c -- ndarray (n_e, m), dJ/de_c
    dtheta_t -- ndarray (n_e, m), dJ/dtheta_t
    dtheta_neg -- ndarray (n_e, m, k), dJ/dtheta_neg
    """
    m = e_c.shape[1]
    ### START CODE HERE ### (≈ 8 lines)
    # YOUR CODE HERE
    s_pos = None
    s_neg = None
    loss = None
    g_pos = None
    g_neg = None
    de_c = None
    dtheta_t = None
    dtheta_neg = None
    ### END CODE HERE ###
    return loss, de_c, dtheta_t, dtheta_neg


def build_huffman_tree(counts):
    """The Huffman tree of the vocabulary: frequent words get short paths (the notes' 分级 softmax).

    Leaves are the words 0..V-1. Repeatedly take the two nodes of smallest count from a heap of
    (count, node id) pairs (on equal counts the smaller id first) and join them under a new internal
    node with id V, V + 1, ...: the first node taken is its child on the 0 side, the second on the 1
    side. After V - 1 joins the last node, id 2V - 2, is the root.

    Arguments:
    counts -- int ndarray (V,), occurrences of every word, V >= 2

    Returns:
    codes -- list of V int ndarrays: the bits (0 or 1) on the way from the root down to each word
    points -- list of V int ndarrays, same lengths: the internal nodes on that way, root first, each
        numbered from 0 (node id - V), so that they index the columns of Theta (n_e, V - 1)
    """
    import heapq  # imported here so that the function needs nothing from the notebook but numpy

    V = len(counts)
    heap = [(int(counts[w]), w) for w in range(V)]
    heapq.heapify(heap)
    parent = np.zeros(2 * V - 1, dtype=np.int64)
    bit = np.zeros(2 * V - 1, dtype=np.int64)
    ### START CODE HERE ### (≈ 7 lines)
    # YOUR CODE HERE
    count_0, node_0 = None, None
    count_1, node_1 = None, None
    i = None
    ### END CODE HERE ###
    root = 2 * V - 2
    codes, points = [], []
    for w in range(V):
        path_codes, path_points, node = [], [], w
        while node != root:
            path_codes.append(bit[node])
            path_points.append(parent[node] - V)
            node = parent[node]
        codes.append(np.array(path_codes[::-1], dtype=np.int64))
        points.append(np.array(path_points[::-1], dtype=np.int64))
    return codes, points


def hierarchical_softmax_probabilities(e_c, Theta, codes, points):
    """p(w | c) for every word w of the vocabulary under the hierarchical softmax.

    At internal node n the walk takes the 0 side with probability sigmoid(theta_n . e_c) and the 1 side
    with probability sigmoid(-theta_n . e_c); a word's probability is the product along its path:
    p(w | c) = prod_j sigmoid((1 - 2 code_j) theta_{point_j} . e_c).

    Arguments:
    e_c -- ndarray (n_e,), one context embedding
    Theta -- ndarray (n_e, V - 1), one vector per internal node
    codes, points -- the lists of build_huffman_tree

    Returns:
    p -- ndarray (V,), summing to 1
    """
    code_table, point_table, mask = padded_paths(codes, points)
    ### START CODE HERE ### (≈ 3 lines)
    # YOUR CODE HERE
    scores = None
    log_p = None
    p = None
    ### END CODE HERE ###
    return p


def hierarchical_softmax_loss(e_c, Theta, targets, codes, points):
    """Skip-gram with the hierarchical softmax: J = -(1/m) sum_i log p(t_i | c_i), the probability being
    the product of the sigmoids along the target's path (see hierarchical_softmax_probabilities).

    Arguments:
    e_c -- ndarray (n_e, m), the context embeddings of m pairs
    Theta -- ndarray (n_e, V - 1), one vector per internal node
    targets -- int ndarray (m,), the target word of each pair
    codes, points -- the lists of build_huffman_tree

    Returns:
    loss -- Python float, J
    de_c -- ndarray (n_e, m), dJ/de_c
    dTheta -- ndarray (n_e, V - 1), dJ/dTheta
    """
    m = e_c.shape[1]
    code_table, point_table, mask = padded_paths(codes, points)
    nodes = point_table[targets]  # (m, depth)
    signs = np.where(mask[targets], 1 - 2 * code_table[targets], 0)  # 0 on the padding: no contribution
    theta_path = Theta[:, nodes]  # (n_e, m, depth)
    ### START CODE HERE ### (≈ 6 lines)
    # YOUR CODE HERE
    scores = None
    loss = None
    g = None
    de_c = None
    dTheta = None
    ### END CODE HERE ###
    return loss, de_c, dTheta


def train_skipgram(tokens, counts, n_e=50, window=5, negatives=5, epochs=1, learning_rate=0.025, sample=1e-3,
                   batch_size=256, seed=0):
    """Train skip-gram with negative sampling by minibatch SGD, as word2vec does.

    Every epoch: subsample the stream (each occurrence kept with its word's keep probability), form the
    pairs (window sizes seeded by seed + epoch), shuffle them, and for every minibatch of pairs draw k
    negatives per pair from the noise distribution, compute the loss and its gradients, and step. The
    step is word2vec's: each pair moves its vectors by learning_rate times its own gradient, and the
    gradients of the mean loss are 1/m of those, so the step is learning_rate * m; learning_rate decays
    linearly towards 0.0001 * learning_rate over the run. Vectors that appear several times in a
    minibatch receive the sum of their gradients (scatter_rows).

    Arguments:
    tokens -- int ndarray (n,), the corpus as word ids
    counts -- int ndarray (V,), occurrences of every word
    n_e -- int, embedding dimension
    window -- int, largest window size
    negatives -- int, negative words per pair (k)
    epochs -- int, passes over the corpus
    learning_rate -- float, initial step size per pair
    sample -- float, the subsampling threshold t
    batch_size -- int, pairs per minibatch
    seed -- int, seed of numpy.random.default_rng for every random draw

    Returns:
    E -- ndarray (n_e, V), the trained embeddings (one column per word)
    Theta -- ndarray (n_e, V), the trained output vectors
    losses -- list of Python floats, the loss of every minibatch
    """
    rng = np.random.default_rng(seed)
    V = len(counts)
    # word2vec's initialisation: small uniform input vectors, zero output vectors. Both are kept with one
    # row per word while training (rows are contiguous, so gathering and scattering them is cheap).
    E_rows = (rng.random((V, n_e)) - 0.5) / n_e
    Theta_rows = np.zeros((V, n_e))
    ### START CODE HERE ### (≈ 2 lines)
    # YOUR CODE HERE
    p_keep = None
    noise = None
    ### END CODE HERE ###
    cumulative = np.cumsum(noise)
    losses = []
    for epoch in range(epochs):
        kept = tokens[rng.random(len(tokens)) < p_keep[tokens]]
        ### START CODE HERE ### (≈ 1 line)
        # YOUR CODE HERE
        contexts, targets = None, None
        ### END CODE HERE ###
        order = rng.permutation(len(contexts))
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            c, t = contexts[batch], targets[batch]
            neg = np.minimum(np.searchsorted(cumulative, rng.random((len(batch), negatives)), side="right"), V - 1)
            e_c, theta_t, theta_neg = E_rows[c].T, Theta_rows[t].T, Theta_rows[neg].transpose(2, 0, 1)
            ### START CODE HERE ### (≈ 1 line)
            # YOUR CODE HERE
            loss, de_c, dtheta_t, dtheta_neg = None, None, None, None
            ### END CODE HERE ###
            progress = (epoch + start / len(order)) / epochs
            step = learning_rate * max(1.0 - progress, 0.0001) * len(batch)
            rows, sums = scatter_rows(c, de_c.T)
            E_rows[rows] -= step * sums
            rows, sums = scatter_rows(np.concatenate([t, neg.ravel()]),
                                      np.concatenate([dtheta_t.T, dtheta_neg.reshape(n_e, -1).T]))
            Theta_rows[rows] -= step * sums
            losses.append(loss)
    return E_rows.T.copy(), Theta_rows.T.copy(), losses
