"""Given code for the 'word_embeddings' assignment: planted_embeddings, nearest_words, spearman, similarity_correlation, analogy_accuracy, project_2d, padded_paths, scatter_rows."""

import numpy as np


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
