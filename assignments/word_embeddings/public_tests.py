"""Public cases of `word_embeddings`: small examples whose values students see."""

import numpy as np

from autograder.spec import Case
from solutions import word_embeddings as ref

_WORDS = ref.planted_embeddings(n_e=10)  # 10 dimensions keep the printed expected values short
_G = _WORDS["woman"] - _WORDS["man"]

_E_C = np.array([[0.5, -1.2, 0.3], [0.8, 0.1, -0.4], [-0.3, 0.6, 0.9]])
_THETA = np.array([[0.2, -0.5, 0.7, 0.1, -0.3], [0.6, 0.3, -0.2, -0.8, 0.4], [-0.1, 0.9, 0.5, 0.2, -0.6]])
_TARGETS = np.array([1, 4, 0])
_THETA_T = np.array([[0.4, -0.2, 0.6], [-0.7, 0.5, 0.1], [0.3, 0.8, -0.5]])
_THETA_NEG = np.round(np.random.default_rng(7).normal(size=(3, 3, 2)), 2)

_COUNTS = np.array([45, 13, 12, 16, 9, 5])
_CODES, _POINTS = ref.build_huffman_tree(_COUNTS)
_THETA_NODES = np.round(np.random.default_rng(8).normal(size=(3, 5)), 2)

# A tiny corpus for the training loop: 400 tokens of 12 words, frequent words first.
_TOKENS = np.random.default_rng(9).choice(12, size=400, p=np.arange(12, 0, -1) / 78.0)
_TOKEN_COUNTS = np.bincount(_TOKENS, minlength=12)

PUBLIC = {
    "cosine_similarity": [Case((np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -1.0, 2.0, 1.5])))],
    "complete_analogy": [Case(("man", "woman", "king", _WORDS)), Case(("france", "paris", "italy", _WORDS))],
    "neutralize": [Case(("receptionist", _G, _WORDS))],
    "equalize": [Case((("man", "woman"), _G, _WORDS))],
    "keep_probability": [Case((np.array([5000, 1200, 300, 40, 7]),), {"sample": 1e-2})],
    "skipgram_pairs": [Case((np.array([3, 0, 4, 1, 0, 2, 5, 1]), 2), {"seed": 0})],
    "softmax_loss": [Case((_E_C, _THETA, _TARGETS)),
                     Case((400 * _E_C, 2 * _THETA, _TARGETS), label="scores near 1e3",
                          requirement="stays finite for scores up to 1e3")],
    "noise_distribution": [Case((np.array([100, 40, 10, 1]),))],
    "negative_sampling_loss": [Case((_E_C, _THETA_T, _THETA_NEG))],
    "build_huffman_tree": [Case((_COUNTS,))],
    "hierarchical_softmax_probabilities": [Case((_E_C[:, 0], _THETA_NODES, _CODES, _POINTS))],
    "hierarchical_softmax_loss": [Case((_E_C, _THETA_NODES, np.array([5, 0, 2]), _CODES, _POINTS))],
    "train_skipgram": [Case((_TOKENS, _TOKEN_COUNTS), {"n_e": 6, "window": 2, "negatives": 3, "epochs": 2,
                                                       "sample": 0.05, "batch_size": 32, "seed": 1})],
}
