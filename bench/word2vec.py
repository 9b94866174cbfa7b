"""The numpy skip-gram with negative sampling of `solutions/word_embeddings.py` next to gensim's Word2Vec.

Both train on the same corpus, the token stream of `load_wiki_corpus` (the start of 500 Wikipedia
articles from gensim's test data, stemmed, min_count 5 applied), with the same hyperparameters:
skip-gram, dimension 50, window 5, 5 negatives, noise power 0.75, subsampling threshold 1e-3,
learning rate 0.025 decaying linearly to 0.0001 x 0.025, min_count 5, the same number of epochs.
gensim gets the token stream cut into sentences of 10 000 tokens (its longest), on one worker thread.
Both sets of vectors are evaluated by the same numpy functions (`w2v_utils` of the notebook):
Spearman's rho on the covered pairs of WordSim-353 and SimLex-999, and 3CosAdd accuracy on the covered
analogy questions. Every run is in its own process pinned to one BLAS thread. Prints one table (the
mean over the seeds, and the spread) with the differences reference - gensim and the speed ratio.

Target: the reference's WordSim-353 rho within 0.05 of gensim's.

Usage: `.venv/bin/python bench/word2vec.py [--epochs N] [--seeds 0 1 ...] [--batch-size B]`
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}
HYPER = {"n_e": 50, "window": 5, "negatives": 5, "sample": 1e-3, "learning_rate": 0.025, "min_count": 5}


def data():
    from autograder import datasets
    from autograder.data import datasets as loaders

    tokens, vocab, counts = loaders.load_wiki_corpus(raw=(datasets.raw("wiki_tokens"), datasets.raw("wiki_vocab")))
    evaluation = {name: loaders.load_word_similarity(name, raw=datasets.raw(name)) for name in ("wordsim353", "simlex999")}
    questions = loaders.load_analogies(raw=datasets.raw("wiki_analogies"))
    return tokens, vocab, counts, evaluation, questions


def run(which, epochs, seed, batch_size):
    """One training run in this process: seconds, words per second and the three scores."""
    import time

    import numpy as np

    from solutions import word_embeddings as ref

    tokens, vocab, counts, evaluation, questions = data()
    if which == "reference":
        start = time.perf_counter()
        E, _, _ = ref.train_skipgram(tokens, counts, n_e=HYPER["n_e"], window=HYPER["window"],
                                     negatives=HYPER["negatives"], epochs=epochs,
                                     learning_rate=HYPER["learning_rate"], sample=HYPER["sample"],
                                     batch_size=batch_size, seed=seed)
        seconds = time.perf_counter() - start
    else:
        from gensim.models import Word2Vec

        words = [vocab[i] for i in tokens]
        sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
        start = time.perf_counter()
        model = Word2Vec(sentences, vector_size=HYPER["n_e"], window=HYPER["window"], negative=HYPER["negatives"],
                         ns_exponent=0.75, hs=0, sg=1, min_count=HYPER["min_count"], sample=HYPER["sample"],
                         alpha=HYPER["learning_rate"], min_alpha=0.0001 * HYPER["learning_rate"], epochs=epochs,
                         workers=1, seed=seed + 1)
        seconds = time.perf_counter() - start
        if len(model.wv) != len(vocab):
            raise SystemExit(f"gensim kept {len(model.wv)} words, the reference {len(vocab)}")
        E = np.stack([model.wv[w] for w in vocab], axis=1).astype(np.float64)
    return {
        "seconds": seconds,
        "words_per_second": len(tokens) * epochs / seconds,
        "wordsim353": ref.similarity_correlation(E, *evaluation["wordsim353"]),
        "simlex999": ref.similarity_correlation(E, *evaluation["simlex999"]),
        "analogies": ref.analogy_accuracy(E, questions),
    }


def in_subprocess(which, epochs, seed, batch_size):
    env = dict(os.environ, **ONE_THREAD, PYTHONPATH=str(ROOT))
    code = ("import json, sys; sys.path.insert(0, %r); from bench.word2vec import run; "
            "print(json.dumps(run(%r, %d, %d, %d)))" % (str(ROOT), which, epochs, seed, batch_size))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()
    import numpy as np

    results = {"reference": [], "gensim": []}
    for seed in args.seeds:
        for which in results:
            results[which].append(in_subprocess(which, args.epochs, seed, args.batch_size))
            print(f"  {which:9s} seed {seed}: " + ", ".join(f"{k} {v:.4g}" for k, v in results[which][-1].items()),
                  flush=True)
    columns = ["wordsim353", "simlex999", "analogies", "words_per_second", "seconds"]
    print(f"\nskip-gram with negative sampling, {args.epochs} epochs, seeds {args.seeds}, "
          f"hyperparameters {HYPER}, reference minibatch {args.batch_size} pairs\n")
    print("| model | WordSim-353 ρ | SimLex-999 ρ | analogy accuracy | words/s | seconds |")
    print("|---|---|---|---|---|---|")
    means = {}
    for which, runs in results.items():
        table = {c: np.array([r[c] for r in runs]) for c in columns}
        means[which] = {c: float(v.mean()) for c, v in table.items()}
        cells = [f"{table[c].mean():.3f} ± {table[c].std():.3f}" for c in columns[:3]]
        cells += [f"{table['words_per_second'].mean():,.0f}", f"{table['seconds'].mean():.1f}"]
        print(f"| {which} | " + " | ".join(cells) + " |")
    ref, gen = means["reference"], means["gensim"]
    print(f"| reference - gensim | {ref['wordsim353'] - gen['wordsim353']:+.3f} | "
          f"{ref['simlex999'] - gen['simlex999']:+.3f} | {ref['analogies'] - gen['analogies']:+.3f} | "
          f"× {ref['words_per_second'] / gen['words_per_second']:.2f} | |")
    gap = abs(ref["wordsim353"] - gen["wordsim353"])
    print(f"\nWordSim-353: |reference - gensim| = {gap:.3f} (target at most 0.05): {'met' if gap <= 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
