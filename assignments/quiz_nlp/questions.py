"""Quiz on NLP (the notes' NLP section): embeddings, Word2Vec, seq2seq, beam search and attention."""

from autograder.quiz.questions import Count, Numeric, Shape, Single
from solutions import quiz_answers as ref


def energies(rng):
    return {"e1": round(float(rng.uniform(-2, 2)), 1), "e2": round(float(rng.uniform(-2, 2)), 1),
            "e3": round(float(rng.uniform(-2, 2)), 1)}


QUESTIONS = [
    Count(
        title="size of the embedding matrix",
        prompt="A vocabulary of {v} words gets {d}-dimensional embeddings. How many numbers does the embedding "
               "matrix E hold?",
        params=lambda rng: {"v": int(rng.choice([5000, 8000, 10000, 20000, 30000])) + int(rng.integers(0, 500)),
                            "d": int(rng.choice([50, 100, 128, 300]))},
        answer=lambda v, d: ref.embedding_parameters(v, d),
        wrong=lambda v, d: v + d,
        explanation="E has one column of d numbers per word: d × V entries, all learnt.",
    ),
    Shape(
        title="shape of E",
        prompt="With e_w = E · o_w, where o_w is the one-hot column (V, 1) of a word, what is the shape of E for "
               "{v} words and {d}-dimensional embeddings? Give numbers.",
        params=lambda rng: {"v": int(rng.integers(5000, 30001)), "d": int(rng.choice([50, 100, 300]))},
        answer=lambda v, d: ref.embedding_shape(v, d),
        wrong=lambda v, d: [v, d],
        explanation="E·o_w must be (d, 1) from o_w (V, 1), so E is (d, V): each column is a word's embedding.",
    ),
    Single(
        title="looking up an embedding",
        prompt="E · o_w selects one column of E. How is it done in practice?",
        choices=["by indexing the column of the word directly, not by a matrix product",
                 "by multiplying with the one-hot vector, always", "by a softmax over E", "by sorting E"],
        answer="a", wrong="b",
        explanation="The product with a one-hot vector just picks column w; multiplying by a mostly-zero vector of "
                    "length V wastes work, so libraries look the column up.",
    ),
    Single(
        title="the Word2Vec task",
        prompt="What supervised problem does Word2Vec's skip-gram model learn?",
        choices=["given a context word, predict a target word chosen within a window (e.g. ±5 or ±10 words) of it",
                 "given a sentence, predict its translation", "given a word, predict its part of speech",
                 "given two sentences, predict whether they follow each other"],
        answer="a", wrong="b",
        explanation="The mapping context c → target t is learnt through e_c = E·o_c fed into a softmax; the "
                    "embeddings are the by-product that matters.",
    ),
    Single(
        title="hierarchical softmax",
        prompt="What problem does the hierarchical softmax solve?",
        choices=["the softmax over a large vocabulary is slow: a tree finds a word in about log(V) steps",
                 "it removes the need for embeddings", "it makes the model bidirectional",
                 "it chooses the window size"],
        answer="a", wrong="b",
        explanation="Summing e^(θ_jᵀe_c) over 10,000 words at every step is costly; a (Huffman) tree of binary "
                    "classifiers reaches a word in logarithmic time.",
    ),
    Single(
        title="sampling context words",
        prompt="How are the context words c sampled, according to the notes?",
        choices=["not uniformly from the corpus: frequent words like 'the', 'of', 'a', 'and' are down-weighted",
                 "uniformly from the corpus", "only from the first sentence", "alphabetically"],
        answer="a", wrong="b",
        explanation="Uniform sampling would spend most updates on very common words; a heuristic balances frequent "
                    "and rare words.",
    ),
    Count(
        title="beam search candidates",
        prompt="Beam search with beam width B = {b} over a vocabulary of {v} words: how many partial sentences are "
               "scored at each step after the first (before keeping the best B)?",
        params=lambda rng: {"b": int(rng.integers(2, 11)), "v": int(rng.choice([10000, 20000, 50000])) + int(rng.integers(0, 100))},
        answer=lambda b, v: ref.beam_candidates(b, v),
        wrong=lambda b, v: b,
        explanation="Each of the B kept prefixes is extended by every word of the vocabulary: B·V candidates, of "
                    "which the B most probable are kept.",
    ),
    Single(
        title="beam width 1",
        prompt="What does beam search with B = 1 become?",
        choices=["greedy search: keep the single most likely word at each step", "exhaustive search",
                 "random sampling", "the attention model"],
        answer="a", wrong="b",
        explanation="With one beam only the best next word is kept each time, which need not give the most likely "
                    "sentence overall.",
    ),
    Single(
        title="decoder's goal",
        prompt="How does a seq2seq translation model choose its output, compared with sampling from a language model?",
        choices=["it searches for the sentence y that maximises P(y | x), not a random sample",
                 "it samples each word at random, like a language model", "it copies the input",
                 "it picks the shortest sentence"],
        answer="a", wrong="b",
        explanation="The decoder is a conditional language model; translation wants the most likely sentence given "
                    "the input, found approximately by beam search.",
    ),
    Numeric(
        title="attention weight",
        prompt="For one output step, the energies of three input positions are e = ({e1}, {e2}, {e3}). What is the "
               "attention weight α<t,1> of the first position? (4 decimals)",
        params=energies,
        answer=lambda e1, e2, e3: ref.attention_weight([e1, e2, e3], 0),
        wrong=lambda e1, e2, e3: ref.sigmoid(e1),
        atol=1e-4, rtol=1e-3,
        explanation="α<t,t'> = exp(e<t,t'>) / Σ_t'' exp(e<t,t''>): a softmax over the input positions.",
    ),
    Single(
        title="attention weights add up",
        prompt="For a fixed output step t, what do the attention weights α<t,t'> over all input positions t' sum to?",
        choices=["1", "T_x", "0", "the length of the output"],
        answer="a", wrong="b",
        explanation="They come from a softmax over t', so they are positive and sum to 1.",
    ),
    Single(
        title="context vector",
        prompt="What is the context c<t> fed to the decoder at step t?",
        choices=["Σ_t' α<t,t'> a<t'>, the attention-weighted sum of the encoder's features",
                 "the last encoder state only", "the average of the inputs x<t'>", "the previous output word"],
        answer="a", wrong="b",
        explanation="c<t> = Σ_t' α<t,t'>·a<t'>, where a<t'> joins the forward and backward features of position t'.",
    ),
    Single(
        title="what the energies depend on",
        prompt="The energies e<t,t'> are computed by a small neural network. What are its inputs?",
        choices=["the decoder's previous state s<t-1> and the encoder's features a<t'>", "only x<t'>",
                 "only the output word y<t>", "the embedding matrix E"],
        answer="a", wrong="c",
        explanation="How much attention position t' deserves depends on where the decoder is (s<t-1>) and what is "
                    "at t' (a<t'>); the small network is trained with the rest by backpropagation.",
    ),
]
