"""Quiz on normalisation (归一化): input normalisation (with the σ erratum) and batch normalisation."""

from autograder.quiz.questions import Numeric, Shape, Single
from solutions import quiz_answers as ref


def feature(rng):
    values = [int(v) for v in rng.integers(0, 20, size=4)]
    while len(set(values)) == 1:
        values[0] += 1
    return {"values": ", ".join(map(str, values))}


def _values(text):
    return [float(v) for v in text.split(",")]


QUESTIONS = [
    Numeric(
        title="normalise one input",
        prompt="A feature has training mean μ = {mu} and standard deviation σ = {sigma}. What is the normalised "
               "value of x = {x}? (4 decimals)",
        params=lambda rng: {"mu": round(float(rng.uniform(-5, 5)), 1), "sigma": round(float(rng.uniform(1.5, 4.0)), 1),
                            "x": round(float(rng.uniform(-10, 10)), 1)},
        answer=lambda mu, sigma, x: ref.normalised_input(x, mu, sigma),
        wrong=lambda mu, sigma, x: (x - mu) / sigma ** 2,
        atol=1e-4, rtol=1e-3,
        explanation="x_norm = (x - μ) / σ, dividing by the standard deviation. The notes write x /= σ², which is "
                    "an erratum: dividing by the variance does not give unit variance.",
    ),
    Single(
        title="the σ erratum",
        prompt="The notes' second normalisation step reads x /= σ². What is the correct step?",
        choices=["x /= σ, the standard deviation", "x /= σ², as written", "x -= σ²", "x *= σ"],
        answer="a", wrong="b",
        explanation="After subtracting μ, dividing by σ = sqrt(mean of x²) gives variance 1; dividing by σ² would "
                    "give variance 1/σ². This is one of the notes' errata.",
    ),
    Numeric(
        title="standard deviation of a feature",
        prompt="A feature takes the values {values} on a training set of 4 examples. What is its (population, 1/m) "
               "standard deviation σ? (4 decimals)",
        params=feature,
        answer=lambda values: ref.std_of(_values(values)),
        wrong=lambda values: ref.std_of(_values(values)) ** 2,
        atol=1e-4, rtol=1e-4,
        explanation="σ² = (1/m) Σ (x - μ)² and σ is its square root; input normalisation divides by σ.",
    ),
    Single(
        title="statistics for the test set",
        prompt="Which μ and σ normalise the test set?",
        choices=["those computed on the training set", "those computed on the test set",
                 "μ = 0 and σ = 1 always", "the average of both sets' statistics"],
        answer="a", wrong="b",
        explanation="Train and test must go through the same transformation, so the test set uses the training "
                    "set's μ and σ.",
    ),
    Single(
        title="why normalise inputs",
        prompt="Why does normalising the inputs help?",
        choices=["the cost's contours become rounder, so gradient descent can take larger steps and converges faster",
                 "it regularises the model strongly", "it reduces the number of parameters",
                 "it makes the cost convex"],
        answer="a", wrong="b",
        explanation="Features on very different scales make elongated contours and force a small learning rate; "
                    "similar scales let J be optimised faster.",
    ),
    Numeric(
        title="batch norm output",
        prompt="Batch norm of one unit: the mini-batch has mean μ = {mu} and variance σ² = {var}; take ε = 0. With "
               "γ = {gamma} and β = {beta}, what is z̃ for z = {z}? (4 decimals)",
        params=lambda rng: {"mu": round(float(rng.uniform(-2, 2)), 1), "var": round(float(rng.uniform(2.0, 9.0)), 1),
                            "gamma": round(float(rng.uniform(0.5, 3.0)), 1), "beta": round(float(rng.uniform(-1, 1)), 1),
                            "z": round(float(rng.uniform(-4, 4)), 1)},
        answer=lambda mu, var, gamma, beta, z: ref.batchnorm_output(z, mu, var, gamma, beta),
        wrong=lambda mu, var, gamma, beta, z: gamma * (z - mu) / var + beta,
        atol=1e-4, rtol=1e-3,
        explanation="z_norm = (z - μ) / sqrt(σ² + ε), then z̃ = γ·z_norm + β: divide by the standard deviation, "
                    "then scale by γ and shift by β.",
    ),
    Shape(
        title="shape of γ and β",
        prompt="What is the shape of γ[l] (and β[l]) in batch norm of layer l? Use n[l].",
        answer="(n[l], 1)", wrong="(1, n[l])", variables={"n_l": ("int", 1, 500)},
        explanation="One γ and one β per unit, as columns (n[l], 1), broadcast over the m examples of Z[l] (n[l], m).",
    ),
    Single(
        title="γ and β that undo the normalisation",
        prompt="For which γ and β is z̃ equal to the original z?",
        choices=["γ = sqrt(σ² + ε), β = μ", "γ = 1, β = 0", "γ = μ, β = σ²", "γ = 0, β = 0"],
        answer="a", wrong="b",
        explanation="γ·(z - μ)/sqrt(σ² + ε) + β = z when γ = sqrt(σ² + ε) and β = μ: batch norm can learn to "
                    "keep any mean and variance, including the original ones.",
    ),
    Single(
        title="batch norm at test time",
        prompt="At test time one example arrives at a time. Which μ and σ² does batch norm use?",
        choices=["estimates kept during training (exponentially weighted running averages of the mini-batch μ, σ²)",
                 "the statistics of that single example", "μ = 0 and σ² = 1", "the statistics of the last mini-batch only"],
        answer="a", wrong="b",
        explanation="One example has no meaningful batch statistics; running averages from training stand in "
                    "(this project's batchnorm uses momentum 0.9).",
    ),
    Single(
        title="the bias b[l] with batch norm",
        prompt="With batch norm on z[l] = W[l]a[l-1] + b[l], what happens to b[l]?",
        choices=["it has no effect (subtracting the mean cancels it), and β[l] takes its role",
                 "it must be initialised to 1", "it doubles the effect of β[l]", "it replaces γ[l]"],
        answer="a", wrong="c",
        explanation="Any constant added to every example is removed by subtracting μ, so b[l] can be dropped; the "
                    "shift is learnt by β[l].",
    ),
    Single(
        title="regularising side effect",
        prompt="The notes say batch norm has a slight regularising effect. How does it change with larger mini-batches?",
        choices=["it becomes weaker", "it becomes stronger", "it does not change", "it disappears for batches below 64"],
        answer="a", wrong="b",
        explanation="The noise comes from each mini-batch's μ and σ²; larger batches estimate them better, so there "
                    "is less noise and less regularisation.",
    ),
    Single(
        title="variance in batch norm",
        prompt="In the notes' batch norm, σ² of a mini-batch of m values is...",
        choices=["(1/m) Σ (z(i) - μ)²", "(1/(m-1)) Σ (z(i) - μ)²", "(1/m) Σ z(i)²", "max(z) - min(z)"],
        answer="a", wrong="c",
        explanation="σ² = (1/m) Σ_i (z(i) - μ)², the biased (population) variance of the mini-batch, centred on μ.",
    ),
]
