"""Quiz on regularisation (正则化): L2 / weight decay and inverted dropout, with the catalogue's dropout rules."""

from autograder.quiz.questions import Formula, Multiple, Numeric, Single
from solutions import quiz_answers as ref

POSITIVE = {"lambd": (0.01, 5.0), "m": (1.0, 1000.0), "W": (-3.0, 3.0), "alpha": (0.001, 1.0)}

QUESTIONS = [
    Numeric(
        title="L2 cost term",
        prompt="λ = {lambd}, m = {m} examples, and the squared weights of all layers sum to Σ||W[l]||²_F = {squares}. "
               "What is the L2 term added to the cross-entropy cost?",
        params=lambda rng: {"lambd": round(float(rng.uniform(0.1, 2.0)), 2), "m": int(rng.integers(50, 500)),
                            "squares": round(float(rng.uniform(5.0, 80.0)), 1)},
        answer=lambda lambd, m, squares: ref.l2_penalty(lambd, m, squares),
        wrong=lambda lambd, m, squares: lambd / m * squares,
        rtol=2e-3,
        explanation="J_regularised = cross-entropy + (λ / 2m)·Σ_l ||W[l]||²_F; the 1/2 makes the gradient λ/m·W.",
    ),
    Formula(
        title="L2 term of dW",
        prompt="What does L2 regularisation add to dW[l] (the backprop gradient)? Use lambd, m and W.",
        answer="lambd / m * W", wrong="lambd / (2 * m) * W", variables=POSITIVE,
        explanation="The derivative of (λ/2m)·||W||² with respect to W is (λ/m)·W: dW = (from backprop) + λ/m·W.",
    ),
    Numeric(
        title="weight decay factor",
        prompt="With L2 regularisation, the update is W := (1 - αλ/m)·W - α·(from backprop). What is the factor "
               "(1 - αλ/m) for α = {alpha}, λ = {lambd}, m = {m}? (5 decimals)",
        params=lambda rng: {"alpha": round(float(rng.uniform(0.01, 0.5)), 2), "lambd": round(float(rng.uniform(0.5, 5.0)), 1),
                            "m": int(rng.integers(20, 200))},
        answer=lambda alpha, lambd, m: ref.weight_decay_factor(alpha, lambd, m),
        wrong=lambda alpha, lambd, m: 1.0 - alpha * lambd,
        atol=2e-5, rtol=0.0,
        explanation="Each step multiplies W by 1 - αλ/m, slightly less than 1, before the usual gradient step: "
                    "hence the name weight decay.",
    ),
    Single(
        title="another name for L2",
        prompt="What is L2 regularisation also called, in the notes?",
        choices=["weight decay", "dropout", "early stopping", "batch normalisation"],
        answer="a", wrong="b",
        explanation="It shrinks W by the factor (1 - αλ/m) at every update: weight decay.",
    ),
    Single(
        title="Frobenius norm",
        prompt="What is ||W[l]||²_F?",
        choices=["the sum of the squares of all entries of W[l]", "the largest singular value of W[l]",
                 "the sum of the absolute values of W[l]", "the number of nonzero entries"],
        answer="a", wrong="c",
        explanation="||W[l]||²_F = Σ_i Σ_j (w_ij[l])², over the n[l] × n[l-1] entries (np.sum(np.square(W))).",
    ),
    Numeric(
        title="inverted dropout scaling",
        prompt="With inverted dropout and keep_prob = {keep}, a unit that is kept had the activation {a} before "
               "dropout. What is its value after the forward pass's dropout step?",
        params=lambda rng: {"keep": float(rng.choice([0.5, 0.6, 0.7, 0.8, 0.9])),
                            "a": round(float(rng.uniform(0.1, 2.0)), 2)},
        answer=lambda keep, a: ref.dropout_scaled(a, keep),
        wrong=lambda keep, a: a * keep,
        rtol=2e-3,
        explanation="Inverted dropout divides the kept activations by keep_prob (a3 /= keep_prob), so the expected "
                    "value of each activation is unchanged and nothing needs rescaling at test time.",
    ),
    Single(
        title="the dropout mask",
        prompt="Which line builds the dropout mask d3 for activations a3 (keep each unit with probability keep_prob)?",
        choices=["d3 = np.random.rand(*a3.shape) < keep_prob", "d3 = np.random.rand(*a3.shape) > keep_prob",
                 "d3 = np.random.randn(*a3.shape) < keep_prob", "d3 = np.ones(a3.shape) * keep_prob"],
        answer="a", wrong="b",
        explanation="rand draws uniformly from [0, 1), so rand < keep_prob is True with probability keep_prob; "
                    "'>' would keep units with probability 1 - keep_prob, and randn is not uniform.",
    ),
    Single(
        title="dropout at test time",
        prompt="What does inverted dropout do at test time?",
        choices=["nothing: no units are dropped and nothing is rescaled", "drop units with the same keep_prob",
                 "multiply the activations by keep_prob", "divide the activations by keep_prob"],
        answer="a", wrong="c",
        explanation="Dropout is used only in training; thanks to the 1/keep_prob scaling in training, the test-time "
                    "network is used as it is.",
    ),
    Multiple(
        title="dropout in the backward pass",
        prompt="What does the backward pass of inverted dropout do with dA3?",
        choices=["multiply it by the same mask D3 as the forward pass", "divide it by keep_prob",
                 "draw a new random mask", "leave it unchanged"],
        answer=["a", "b"], wrong=["b", "c"],
        explanation="The dropped units had no effect on the output, so their gradient is 0 (same mask D3), and the "
                    "kept ones were scaled by 1/keep_prob, so their gradient is scaled the same way.",
    ),
    Single(
        title="keep_prob = 1",
        prompt="What does keep_prob = 1 mean for a layer?",
        choices=["every unit is kept: no dropout in that layer", "every unit is dropped",
                 "half of the units are dropped", "the layer is removed"],
        answer="a", wrong="b",
        explanation="keep_prob is the probability of keeping a unit; 1 keeps all. keep_prob may differ per layer.",
    ),
    Single(
        title="effect of a large λ",
        prompt="What happens as λ grows very large?",
        choices=["the weights are pushed towards 0 and the model moves towards high bias",
                 "the model overfits more", "training becomes faster without any other effect",
                 "the cost no longer depends on W"],
        answer="a", wrong="b",
        explanation="A large λ makes small weights dominate the cost: the network becomes simpler, variance drops "
                    "and, if λ is too large, the model underfits.",
    ),
    Single(
        title="why dropout regularises",
        prompt="Which explanation of dropout's effect matches the notes?",
        choices=["a unit cannot rely on any single input, so it spreads its weights, which shrinks their squared norm "
                 "much like L2", "it makes the network deeper", "it increases the learning rate",
                 "it removes examples from the training set"],
        answer="a", wrong="c",
        explanation="Any input may vanish, so weights are spread out; this shrinks the squared norm of the weights, "
                    "an effect similar to L2 regularisation.",
    ),
]
