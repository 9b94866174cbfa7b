"""Datasets for the exercises: scikit-learn's handwritten digits, two moons and two circles.

The arrays sit in `data/` beside this file, exported once by `dlgrade build`, so the exercises need
numpy alone. Every loader returns examples as columns, as the course does: ``X`` of shape
``(n_features, m)`` and labels ``Y`` of shape ``(1, m)``.
"""

import os

import numpy as np

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _raw(name, raw):
    return np.load(os.path.join(_DATA, name + ".npy")) if raw is None else raw


def _split(X, Y, test_fraction, seed):
    """Shuffle the columns with a seeded permutation, stratified by label, and split train / test."""
    rng = np.random.RandomState(seed)
    train, test = [], []
    for label in np.unique(Y):
        idx = np.flatnonzero(Y[0] == label)
        idx = idx[rng.permutation(idx.size)]
        n_test = int(round(test_fraction * idx.size))
        test.extend(idx[:n_test])
        train.extend(idx[n_test:])
    train = np.array(sorted(train))[rng.permutation(len(train))]
    test = np.array(sorted(test))[rng.permutation(len(test))]
    return tuple(np.ascontiguousarray(a) for a in (X[:, train], Y[:, train], X[:, test], Y[:, test]))


def load_digits(test_fraction=0.2, seed=0, raw=None):
    """8x8 digit images, pixels scaled to [0, 1].

    Returns X_train (64, m_train), Y_train (1, m_train) with labels 0..9, X_test (64, m_test), Y_test (1, m_test).
    """
    table = _raw("digits", raw)
    X = table[:, :64].T.astype(np.float64) / 16.0
    Y = table[:, 64:].T.astype(np.int64)
    return _split(X, Y, test_fraction, seed)


def load_digits_binary(positive=(8,), negative=(3,), test_fraction=0.2, seed=0, raw=None):
    """Digits of two groups as a binary task: label 1 for ``positive``, 0 for ``negative``.

    ``negative=None`` means every digit not in ``positive``. Returns X_train (64, m_train),
    Y_train (1, m_train) of 0.0 / 1.0, X_test (64, m_test), Y_test (1, m_test).
    """
    X, Y, X_test, Y_test = load_digits(test_fraction, seed, raw)
    X = np.concatenate([X, X_test], axis=1)
    Y = np.concatenate([Y, Y_test], axis=1)
    pos = np.isin(Y[0], positive)
    keep = pos | (np.isin(Y[0], negative) if negative is not None else ~pos)
    return _split(X[:, keep], pos[keep].reshape(1, -1).astype(np.float64), test_fraction, seed)


def _points(name, n_train, n_test, raw):
    table = _raw(name, raw)
    if n_train + n_test > table.shape[0]:
        raise ValueError(f"at most {table.shape[0]} points in total")
    X, Y = table[:, :2].T.copy(), table[:, 2:].T.copy()
    return X[:, :n_train], Y[:, :n_train], X[:, n_train:n_train + n_test], Y[:, n_train:n_train + n_test]


def load_moons(n_train=300, n_test=300, raw=None):
    """Two interleaving half circles with noise (scikit-learn's make_moons, noise 0.2).

    Returns X_train (2, n_train), Y_train (1, n_train), X_test (2, n_test), Y_test (1, n_test).
    """
    return _points("moons", n_train, n_test, raw)


def load_circles(n_train=300, n_test=300, raw=None):
    """A circle inside a circle with noise (scikit-learn's make_circles, noise 0.05, factor 0.8).

    Returns X_train (2, n_train), Y_train (1, n_train), X_test (2, n_test), Y_test (1, n_test).
    """
    return _points("circles", n_train, n_test, raw)


def load_dates(n_train=4000, n_test=1000, raw=None):
    """Dates written by people ("3 may 1979", "tuesday june 5 2001", "5/3/79") and their ISO form
    ("1979-05-03"), drawn with Faker and formatted with Babel (en_US, lower-cased, commas dropped).

    Returns humans_train, machines_train, humans_test, machines_test: lists of str, the first
    n_train rows for training and the next n_test for testing.
    """
    table = _raw("dates", raw)
    if n_train + n_test > table.shape[0]:
        raise ValueError(f"at most {table.shape[0]} dates in total")
    humans, machines = [str(s) for s in table[:, 0]], [str(s) for s in table[:, 1]]
    return (humans[:n_train], machines[:n_train],
            humans[n_train:n_train + n_test], machines[n_train:n_train + n_test])


def date_vocabularies(raw=None):
    """The character vocabularies of the dates task.

    Returns human_vocab (dict: every character of the human-readable dates, in sorted order, then
    "<unk>" and "<pad>"), machine_vocab (dict: "-" and the ten digits) and inv_machine_vocab (dict:
    index -> character).
    """
    table = _raw("dates", raw)
    chars = sorted(set("".join(str(s) for s in table[:, 0])))
    human_vocab = {c: i for i, c in enumerate(chars + ["<unk>", "<pad>"])}
    machine_vocab = {c: i for i, c in enumerate(sorted(set("".join(str(s) for s in table[:, 1]))))}
    return human_vocab, machine_vocab, {i: c for c, i in machine_vocab.items()}


def encode_strings(strings, vocab, length):
    """Integer codes of ``strings``, cut or padded with vocab["<pad>"] to ``length``; characters missing
    from ``vocab`` become vocab["<unk>"]. Returns an int64 array of shape (len(strings), length)."""
    codes = np.full((len(strings), length), vocab.get("<pad>", 0), dtype=np.int64)
    for i, s in enumerate(strings):
        for t, c in enumerate(s[:length]):
            codes[i, t] = vocab[c] if c in vocab else vocab["<unk>"]
    return codes


def load_wiki_corpus(raw=None):
    """The start of 500 English Wikipedia articles as one stream of word ids (from gensim's test data).

    The text is lower-cased, without stop words and Porter-stemmed ("philosophi", "dictionari");
    words seen fewer than 5 times are dropped. Word ids follow the vocabulary, most frequent first.
    ``raw`` is the pair (token ids, vocabulary) when the arrays come from elsewhere.

    Returns tokens (int64 array (n_tokens,)), vocab (list of V str) and counts (int64 array (V,)).
    """
    tokens, vocab = (_raw("wiki_tokens", None), _raw("wiki_vocab", None)) if raw is None else raw
    tokens = np.asarray(tokens, dtype=np.int64)
    return tokens, [str(w) for w in vocab], np.bincount(tokens, minlength=len(vocab)).astype(np.int64)


def load_word_similarity(name="wordsim353", raw=None):
    """Human similarity judgements of word pairs: "wordsim353" (WordSim-353) or "simlex999" (SimLex-999).

    Only the pairs whose two words (Porter-stemmed like the corpus) are in the vocabulary of
    load_wiki_corpus are kept. Returns pairs (int64 array (n, 2) of word ids) and scores (float64 (n,)).
    """
    table = _raw(name, raw)
    return table[:, :2].astype(np.int64), table[:, 2].copy()


def load_analogies(raw=None):
    """Mikolov's analogy questions "a is to b as c is to d", as word ids of the corpus vocabulary.

    Only the questions whose four words (Porter-stemmed) are distinct and in the vocabulary are kept.
    Returns an int64 array (n, 4): columns a, b, c and the expected answer d.
    """
    return _raw("wiki_analogies", raw).astype(np.int64)


def load_names(raw=None):
    """First names (Faker's en_US list), lower case, letters a to z only, each once, in alphabetical order.

    Returns names: a list of str.
    """
    return [str(name) for name in _raw("names", raw)]
