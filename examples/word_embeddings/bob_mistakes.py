"""Reference: word embeddings, their geometry and debiasing (DLS C5W2 A1), and Word2Vec skip-gram
trained in numpy with negative sampling, with the full softmax and the hierarchical softmax beside it.

Curriculum section: 词嵌入 (word embeddings): 嵌入矩阵 (the embedding matrix), Word2Vec, 负采样
(negative sampling), 分级 softmax (hierarchical softmax).

Conventions. The embedding matrix E has one column per word, shape (n_e, V), so that the embedding
of word w is e_w = E o_w for the one-hot column o_w (V, 1), that is the column E[:, w]. Word2Vec has a
second matrix Theta (n_e, V) of output vectors, theta_t = Theta[:, t]. In the notes' words, a
skip-gram pair is (context c, target t): the context is the word in the middle of the window, the
target a word near it, and the model predicts the target from the context. A minibatch of m pairs
is a column per pair, as everywhere in the course: e_c (n_e, m). Losses are the mean over the m pairs;
every gradient is the gradient of that mean.

The DLS functions take `word_to_vec_map`, a dict from word (str) to its vector, ndarray (n_e,).
The functions without START/END markers are given code: the helper module `w2v_utils` of the
student notebook (fixtures, evaluation, nearest neighbours, projection).
"""

import numpy as np


# -- given code: the helper module w2v_utils --------------------------------------------------------
def planted_embeddings(n_e=50, seed=1):
    """A small vocabulary of 50-dimensional unit vectors with a gender direction and analogies built in.

    Every word is a random unit vector plus, for gendered words, a step of +/- 0.35 along one hidden
    "gender" direction (female positive; the two words of a pair differ along it only); pairs such as (man, king) and (woman, queen) share a "royal"
    step, and a capital differs from its country by a "capital of" step. Occupations lean a little to one
    side (nurse and receptionist female, engineer and doctor male), as embeddings trained on real text do.

    Arguments:
    n_e -- int, dimension of the vectors
    seed -- int, seed of the generator (numpy.random.default_rng)

    Returns:
    word_to_vec_map -- dict str -> ndarray (n_e,), every vector of norm 1
    """
    rng = np.random.default_rng(seed)

    def direction():
        d = rng.standard_normal(n_e)
        return d / np.linalg.norm(d)

    gender, royal, capital, young = direction(), direction(), direction(), direction()
    vectors = {}

    def add(word, base, step):
        v = base + step
        vectors[word] = v / np.linalg.norm(v)

    people = [("man", "woman", 0.0), ("boy", "girl", 0.6), ("king", "queen", 0.0), ("prince", "princess", 0.6),
              ("father", "mother", 0.0), ("brother", "sister", 0.0), ("uncle", "aunt", 0.0),
              ("actor", "actress", 0.0), ("he", "she", 0.0), ("his", "her", 0.0)]
    shared = {}
    for male, female, youth in people:
        base = 0.6 * direction() if male not in ("king", "prince") else shared["man" if male == "king" else "boy"]
        shared[male] = base
        extra = 0.9 * royal if male in ("king", "prince") else 0.0
        # The two words of a pair differ along the gender direction only.
        common = base + extra + youth * young
        common = common - np.dot(common, gender) * gender
        add(male, common, -0.35 * gender)
        add(female, common, 0.35 * gender)
    for country, city in [("france", "paris"), ("italy", "rome"), ("japan", "tokyo"), ("germany", "berlin"),
                          ("spain", "madrid"), ("egypt", "cairo"), ("china", "beijing"), ("peru", "lima")]:
        # A country and its capital differ along the "capital of" direction only.
        base = direction()
        base = base - np.dot(base, capital) * capital
        add(country, base, -0.55 * capital)
        add(city, base, 0.55 * capital)
    for word, lean in [("nurse", 0.2), ("receptionist", 0.18), ("doctor", -0.12), ("engineer", -0.2),
                       ("teacher", 0.08), ("scientist", -0.1), ("babysitter", 0.22), ("programmer", -0.18)]:
        add(word, direction(), lean * gender)
    for word in ["apple", "river", "guitar", "cloud", "table", "orange", "mountain", "pencil", "window", "garden"]:
        add(word, direction(), 0.0)
    return vectors


def nearest_words(word_id, E, vocab, k=8):
    """The k words whose columns of E have the highest cosine similarity with the column of word_id.

    Arguments:
    word_id -- int, a column of E
    E -- ndarray (n_e, V), one embedding per column
    vocab -- list of V str
    k -- int, number of neighbours (the word itself excluded)

    Returns:
    list of k pairs (word, cosine similarity), most similar first
    """
    unit = E / np.maximum(np.linalg.norm(E, axis=0, keepdims=True), 1e-12)
    similarity = unit.T @ unit[:, word_id]
    order = [i for i in np.argsort(-similarity, kind="stable") if i != word_id][:k]
    return [(vocab[i], float(similarity[i])) for i in order]


def spearman(x, y):
    """Spearman's rank correlation of two 1-D arrays: Pearson's correlation of their ranks, ties
    sharing the mean of their ranks (as scipy.stats.spearmanr)."""

    def ranks(a):
        a = np.asarray(a, dtype=np.float64)
        order = np.argsort(a, kind="stable")
        r = np.empty(a.size)
        r[order] = np.arange(a.size, dtype=np.float64)
        for value in np.unique(a):
            tied = a == value
            r[tied] = r[tied].mean()
        return r

    rx, ry = ranks(x), ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(np.sum(rx * ry) / np.sqrt(np.sum(rx ** 2) * np.sum(ry ** 2)))


def similarity_correlation(E, pairs, scores):
    """Spearman correlation between the cosine similarity of each pair's embeddings and the human scores.

    Arguments:
    E -- ndarray (n_e, V)
    pairs -- int ndarray (n, 2) of word ids
    scores -- ndarray (n,), human judgements

    Returns:
    rho -- Python float in [-1, 1]
    """
    unit = E / np.maximum(np.linalg.norm(E, axis=0, keepdims=True), 1e-12)
    cosines = np.sum(unit[:, pairs[:, 0]] * unit[:, pairs[:, 1]], axis=0)
    return spearman(cosines, scores)


def analogy_accuracy(E, questions, batch=512):
    """Share of the questions "a : b :: c : ?" whose answer is the word nearest (by cosine) to
    unit(b) - unit(a) + unit(c), the three question words excluded (3CosAdd, as word2vec's
    compute-accuracy and gensim do).

    Arguments:
    E -- ndarray (n_e, V)
    questions -- int ndarray (n, 4): a, b, c and the expected d

    Returns:
    accuracy -- Python float in [0, 1]
    """
    unit = E / np.maximum(np.linalg.norm(E, axis=0, keepdims=True), 1e-12)
    correct = 0
    for start in range(0, len(questions), batch):
        q = questions[start:start + batch]
        query = unit[:, q[:, 1]] - unit[:, q[:, 0]] + unit[:, q[:, 2]]
        scores = unit.T @ query  # (V, n)
        for column in range(3):
            scores[q[:, column], np.arange(len(q))] = -np.inf
        correct += int(np.sum(np.argmax(scores, axis=0) == q[:, 3]))
    return correct / len(questions) if len(questions) else 0.0


def project_2d(vectors):
    """The first two principal components of a set of vectors (for a picture).

    Arguments:
    vectors -- ndarray (n_e, k), one vector per column

    Returns:
    points -- ndarray (2, k)
    """
    centred = vectors - vectors.mean(axis=1, keepdims=True)
    U, _, _ = np.linalg.svd(centred, full_matrices=False)
    return U[:, :2].T @ centred


def scatter_rows(ids, rows):
    """Sum the rows that share an id, as np.add.at would, with one np.bincount (several times faster).

    Arguments:
    ids -- int ndarray (m,), repeats allowed
    rows -- ndarray (m, n)

    Returns:
    unique_ids -- int ndarray (u,), each id once, in increasing order
    sums -- ndarray (u, n), sums[i] = the sum of rows[j] over the j with ids[j] == unique_ids[i]
    """
    unique_ids, inverse = np.unique(ids, return_inverse=True)
    n = rows.shape[1]
    flat = (inverse.reshape(-1, 1) * n + np.arange(n)).ravel()
    sums = np.bincount(flat, weights=rows.ravel(), minlength=len(unique_ids) * n).reshape(len(unique_ids), n)
    return unique_ids, sums


def padded_paths(codes, points):
    """The codes and points of every word in rectangles, so that numpy can work on all paths at once.

    Arguments:
    codes, points -- the lists of V int arrays of build_huffman_tree

    Returns:
    code_table -- int ndarray (V, depth), depth the longest path; zeros after the end of a path
    point_table -- int ndarray (V, depth), likewise
    mask -- bool ndarray (V, depth), True on the real entries
    """
    depth = max(len(c) for c in codes)
    V = len(codes)
    code_table = np.zeros((V, depth), dtype=np.int64)
    point_table = np.zeros((V, depth), dtype=np.int64)
    mask = np.zeros((V, depth), dtype=bool)
    for w in range(V):
        n = len(codes[w])
        code_table[w, :n] = codes[w]
        point_table[w, :n] = points[w]
        mask[w, :n] = True
    return code_table, point_table, mask


# -- 1. the geometry of embeddings (DLS C5W2 A1) ----------------------------------------------------
def cosine_similarity(u, v):
    """Cosine of the angle between two word vectors: u.v / (||u|| ||v||).

    Arguments:
    u -- ndarray (n_e,), a non-zero word vector
    v -- ndarray (n_e,), a non-zero word vector

    Returns:
    cosine_similarity -- float in [-1, 1]
    """
    ### START CODE HERE ### (≈ 4 lines)
    dot = np.dot(u, v)
    norm_u = np.sqrt(np.sum(u * u))
    norm_v = np.sqrt(np.sum(v * v))
    cosine_similarity = dot
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
    e_a, e_b, e_c = word_to_vec_map[word_a], word_to_vec_map[word_b], word_to_vec_map[word_c]
    ### END CODE HERE ###
    words = word_to_vec_map.keys()
    max_cosine_sim = -100
    best_word = None
    for w in words:
        if w in (word_a, word_b, word_c):
            continue
        ### START CODE HERE ### (≈ 4 lines)
        cosine_sim = cosine_similarity(e_b - e_a, word_to_vec_map[w] - e_c)
        if cosine_sim > max_cosine_sim:
            max_cosine_sim = cosine_sim
            best_word = w
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
    e = word_to_vec_map[word]
    e_biascomponent = np.dot(e, g) / np.sum(g * g) * g
    e_debiased = e - e_biascomponent
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
    mu = (e_w1 + e_w2) / 2
    mu_B = np.dot(mu, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    mu_orth = mu - mu_B
    e_w1B = np.dot(e_w1, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    e_w2B = np.dot(e_w2, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    scale = np.sqrt(np.abs(1 - np.sum(mu_orth * mu_orth)))
    corrected_e_w1B = scale * (e_w1B - mu_B) / np.linalg.norm(e_w1 - mu_orth - mu_B)
    corrected_e_w2B = scale * (e_w2B - mu_B) / np.linalg.norm(e_w2 - mu_orth - mu_B)
    e1 = corrected_e_w1B + mu_orth
    e2 = corrected_e_w2B + mu_orth
    ### END CODE HERE ###
    return e1, e2


# -- 2. Word2Vec skip-gram ---------------------------------------------------------------------------
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
    f = counts / np.sum(counts)
    p_keep = (np.sqrt(f / sample) + 1) * sample / f
    p_keep = np.minimum(p_keep, 1.0)
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
    centres, neighbours = [], []
    for offset in range(-window, window + 1):
        if offset == 0:
            continue
        positions = np.arange(max(0, -offset), min(n, n - offset))
        positions = positions[spans[positions] >= abs(offset)]
        centres.append(positions)
        neighbours.append(positions + offset)
    i, j = np.concatenate(centres), np.concatenate(neighbours)
    order = np.lexsort((j, i))
    contexts, targets = tokens[i[order]], tokens[j[order]]
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
    Z = Theta.T @ e_c
    Z = Z - np.max(Z, axis=0, keepdims=True)
    log_p = Z - np.log(np.sum(np.exp(Z), axis=0, keepdims=True))
    loss = float(-np.sum(log_p[targets, np.arange(m)]) / m)
    dZ = np.exp(log_p)
    dZ[targets, np.arange(m)] -= 1
    dZ = dZ / m
    de_c = Theta @ dZ
    dTheta = e_c @ dZ.T
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
    weights = counts.astype(np.float64)
    noise = weights / np.sum(weights)
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
    s_pos = np.sum(theta_t * e_c, axis=0)
    s_neg = np.einsum("dmk,dm->mk", theta_neg, e_c)
    # log sigmoid(x) = -log(1 + exp(-x)) = -np.logaddexp(0, -x), finite for any x.
    loss = float((np.sum(np.logaddexp(0, -s_pos)) + np.sum(np.logaddexp(0, s_neg))) / m)
    g_pos = (1 - np.exp(-np.logaddexp(0, -s_pos))) / m
    g_neg = -np.exp(-np.logaddexp(0, -s_neg)) / m
    de_c = g_pos * theta_t + np.einsum("mk,dmk->dm", g_neg, theta_neg)
    dtheta_t = g_pos * e_c
    dtheta_neg = g_neg[np.newaxis, :, :] * e_c[:, :, np.newaxis]
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
    for i in range(V - 1):
        count_0, node_0 = heapq.heappop(heap)
        count_1, node_1 = heapq.heappop(heap)
        parent[node_0], bit[node_0] = V + i, 1
        parent[node_1], bit[node_1] = V + i, 0
        heapq.heappush(heap, (count_0 + count_1, V + i))
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
    scores = np.einsum("dvl,d->vl", Theta[:, point_table], e_c)
    log_p = np.where(mask, -np.logaddexp(0, -(1 - 2 * code_table) * scores), 0.0)
    p = np.exp(np.sum(log_p, axis=1))
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
    scores = np.einsum("dml,dm->ml", theta_path, e_c)
    loss = float(np.sum(np.where(signs != 0, np.logaddexp(0, -signs * scores), 0.0)) / m)
    g = -signs * np.exp(-np.logaddexp(0, signs * scores)) / m
    de_c = np.einsum("ml,dml->dm", g, theta_path)
    dTheta = np.zeros_like(Theta)
    np.add.at(dTheta.T, nodes.ravel(), (g[:, :, np.newaxis] * e_c.T[:, np.newaxis, :]).reshape(-1, e_c.shape[0]))
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
    p_keep = keep_probability(counts, sample)
    noise = noise_distribution(counts)
    ### END CODE HERE ###
    cumulative = np.cumsum(noise)
    losses = []
    for epoch in range(epochs):
        kept = tokens[rng.random(len(tokens)) < p_keep[tokens]]
        ### START CODE HERE ### (≈ 1 line)
        contexts, targets = skipgram_pairs(kept, window, seed + epoch)
        ### END CODE HERE ###
        order = rng.permutation(len(contexts))
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            c, t = contexts[batch], targets[batch]
            neg = np.minimum(np.searchsorted(cumulative, rng.random((len(batch), negatives)), side="right"), V - 1)
            e_c, theta_t, theta_neg = E_rows[c].T, Theta_rows[t].T, Theta_rows[neg].transpose(2, 0, 1)
            ### START CODE HERE ### (≈ 1 line)
            loss, de_c, dtheta_t, dtheta_neg = negative_sampling_loss(e_c, theta_t, theta_neg)
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
