"""Quiz on the optimisation section of the notes (优化算法), with the catalogue's Adam errata."""

from autograder.quiz.questions import Count, Multiple, Numeric, Single
from solutions import quiz_answers as ref

QUESTIONS = [
    Numeric(
        title="Adam bias correction",
        prompt="Adam with β1 = 0.9 holds v_dW = {v} after step t = {t}. What is the bias-corrected "
               "v_dW^corrected (4 significant digits)?",
        params=lambda rng: {"v": round(float(rng.uniform(0.05, 0.9)), 3), "t": int(rng.integers(1, 9))},
        answer=lambda v, t: ref.adam_corrected(v, 0.9, t),
        wrong=lambda v, t: v * (1 - 0.9 ** t),
        rtol=1e-3,
        explanation="v^corrected = v / (1 - β1^t) with t counted from 1: early averages are biased towards their "
                    "zero start, and dividing by 1 - β1^t removes that bias (the factor tends to 1 as t grows).",
    ),
    Count(
        title="number of mini-batches",
        prompt="A training set of m = {m} examples is split into mini-batches of {size}. How many mini-batches "
               "does one epoch have?",
        params=lambda rng: {"m": int(rng.integers(1000, 60000)), "size": int(rng.choice([64, 128, 256, 512]))},
        answer=lambda m, size: ref.mini_batch_count(m, size),
        wrong=lambda m, size: m // size if m % size else m // size - 1,
        explanation="ceil(m / size): the complete mini-batches plus one smaller last mini-batch when size does not "
                    "divide m.",
    ),
    Count(
        title="size of the last mini-batch",
        prompt="With m = {m} and mini-batches of {size}, how many examples are in the last mini-batch?",
        params=lambda rng: {"m": int(rng.integers(1000, 60000)), "size": int(rng.choice([64, 128, 256, 512]))},
        answer=lambda m, size: ref.mini_batch_last_size(m, size),
        wrong=lambda m, size: size if m % size else size - 1,
        explanation="The last mini-batch holds what is left: m - size·floor(m / size) = m mod size "
                    "(a full mini-batch only when size divides m).",
    ),
    Numeric(
        title="learning rate decay",
        prompt="With α = α0 / (1 + decay_rate · epoch_num), α0 = {a0} and decay_rate = {d}, what is α at epoch {e}?",
        params=lambda rng: {"a0": round(float(rng.choice([0.1, 0.2, 0.5, 1.0])), 1),
                            "d": round(float(rng.uniform(0.5, 2.0)), 1), "e": int(rng.integers(2, 10))},
        answer=lambda a0, d, e: ref.lr_decay(a0, d, e),
        wrong=lambda a0, d, e: a0 / (d * e),
        rtol=2e-3,
        explanation="α = α0 / (1 + decay_rate·epoch): the 1 keeps α = α0 at epoch 0, and α shrinks like 1/epoch.",
    ),
    Single(
        title="mini-batch of size 1",
        prompt="What is mini-batch gradient descent with mini-batches of size 1 called?",
        choices=["stochastic gradient descent (SGD)", "batch gradient descent", "momentum", "RMSprop"],
        answer="a", wrong="b",
        explanation="Size 1 is SGD (noisy, loses vectorisation); size m is batch gradient descent; the practical "
                    "choice lies between.",
    ),
    Single(
        title="noisy cost curve",
        prompt="With mini-batch gradient descent the cost does not decrease at every iteration. Why?",
        choices=["each iteration measures the cost on a different mini-batch, some easier than others",
                 "the learning rate is always too large", "there is a bug in backpropagation",
                 "the cost function is not convex"],
        answer="a", wrong="c",
        explanation="Each step sees another mini-batch X{t}; an easy batch gives a low cost, a hard one a higher "
                    "cost, so the curve is noisy while its trend goes down.",
    ),
    Single(
        title="purpose of momentum",
        prompt="What does gradient descent with momentum mainly achieve, in the notes' picture?",
        choices=["it damps the oscillations across the valley and speeds progress along it",
                 "it removes the need for a learning rate", "it normalises the inputs",
                 "it makes every step the same length"],
        answer="a", wrong="b",
        explanation="Averaging gradients (v = βv + (1-β)dW) cancels the alternating vertical components and keeps "
                    "the consistent horizontal one; α and β (usually 0.9) are still hyperparameters.",
    ),
    Single(
        title="RMSprop update",
        prompt="Which is the RMSprop update of W?",
        choices=["W := W - α · dW / (sqrt(S_dW) + ε)", "W := W - α · dW / sqrt(S_dW + ε)",
                 "W := W - α · S_dW / (sqrt(dW) + ε)", "W := W - α · dW · sqrt(S_dW)"],
        answer="a", wrong="b",
        explanation="Divide dW by the root of the running mean of dW², with ε added outside the root to avoid "
                    "division by zero (the convention of the course and this project's graders).",
    ),
    Single(
        title="first value of t in Adam",
        prompt="Adam's step counter t is used in 1 - β^t. What is t at the first update?",
        choices=["1", "0", "-1", "it does not matter"],
        answer="a", wrong="b",
        explanation="t starts at 1: with t = 0, 1 - β^0 = 0 and the bias correction divides by zero.",
    ),
    Multiple(
        title="correct Adam",
        prompt="Which statements about a correct Adam implementation are true?",
        choices=["the bias-corrected values must not overwrite v and s, which keep their running averages",
                 "ε is added outside the square root: sqrt(s^corrected) + ε",
                 "t starts at 0",
                 "β1 = 0.9 and β2 = 0.999 are the usual defaults"],
        answer=["a", "b", "d"], wrong=["c", "d"],
        explanation="Keep v and s uncorrected (the next step averages them again), put ε outside the root, count t "
                    "from 1; the defaults are β1 = 0.9, β2 = 0.999, ε = 1e-8, and α must be tuned.",
    ),
    Single(
        title="small training set",
        prompt="In the course's advice, which method suits a small training set (m ≤ 2000)?",
        choices=["batch gradient descent", "stochastic gradient descent", "mini-batches of size 1",
                 "none: a small set cannot be trained"],
        answer="a", wrong="b",
        explanation="A small set fits in one vectorised pass, so batch gradient descent is simplest; mini-batches "
                    "(64 to 512) pay off for large m. The notes' line reads 'm > 2000' here: the course's advice "
                    "is the other way round.",
    ),
    Single(
        title="typical mini-batch sizes",
        prompt="Which mini-batch sizes are common in practice, according to the notes?",
        choices=["powers of 2 from 64 to 512", "exactly 1000", "always m / 2", "prime numbers, to avoid cycles"],
        answer="a", wrong="b",
        explanation="Sizes 2^n between 64 and 512 are typical: they suit memory layouts and keep vectorisation.",
    ),
]
