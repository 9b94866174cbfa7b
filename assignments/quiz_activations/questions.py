"""Quiz on the activation functions of the notes (常见激活函数)."""

from autograder.quiz.questions import Formula, Multiple, Numeric, Single
from solutions import quiz_answers as ref

Z = {"z": (-6.0, 6.0)}

QUESTIONS = [
    Single(
        title="range of sigmoid",
        prompt="What values can g(z) = 1 / (1 + e^(-z)) take?",
        choices=["(0, 1)", "(-1, 1)", "[0, ∞)", "all real numbers"],
        answer="a", wrong="b",
        explanation="e^(-z) > 0, so the denominator is above 1 and sigmoid lies strictly between 0 and 1, "
                    "which is why it can be read as a probability.",
    ),
    Single(
        title="range of tanh",
        prompt="What values can tanh(z) take?",
        choices=["(-1, 1)", "(0, 1)", "[0, ∞)", "(-∞, 0]"],
        answer="a", wrong="b",
        explanation="tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)) lies in (-1, 1) and is centred on 0 (tanh(0) = 0).",
    ),
    Single(
        title="where sigmoid is used",
        prompt="According to the notes, where is sigmoid still a good choice?",
        choices=["the output layer of a binary classifier", "every hidden layer", "the first layer only",
                 "nowhere: it is never used"],
        answer="a", wrong="b",
        explanation="For hidden layers tanh or ReLU work better; sigmoid's (0, 1) output suits the output unit of "
                    "binary classification.",
    ),
    Single(
        title="default activation",
        prompt="Which activation do the notes call the most common default for hidden layers?",
        choices=["ReLU", "sigmoid", "tanh", "the identity"],
        answer="a", wrong="b",
        explanation="ReLU, g(z) = max(0, z): cheap, and its slope does not vanish for positive z, so learning is fast.",
    ),
    Numeric(
        title="sigmoid at a point",
        prompt="Compute sigmoid(z) for z = {z} (3 decimals are enough).",
        params=lambda rng: {"z": round(float(rng.uniform(-3.0, 3.0)), 2)},
        answer=lambda z: ref.sigmoid(z),
        wrong=lambda z: 1.0 / (1.0 + 2.718281828459045 ** z),
        atol=6e-4, rtol=0.0,
        explanation="sigmoid(z) = 1 / (1 + e^(-z)); note the minus sign in the exponent (sigmoid(z) > 0.5 for z > 0).",
    ),
    Formula(
        title="derivative of sigmoid",
        prompt="Write g'(z) for g = sigmoid, using z (the function sigmoid(z) may be used).",
        answer="sigmoid(z) * (1 - sigmoid(z))", wrong="sigmoid(z) * (1 + sigmoid(z))", variables=Z,
        explanation="d/dz sigmoid(z) = sigmoid(z)·(1 - sigmoid(z)) = a(1 - a); its maximum is 0.25 at z = 0.",
    ),
    Formula(
        title="derivative of tanh",
        prompt="Write g'(z) for g = tanh, using z.",
        answer="1 - tanh(z)**2", wrong="1 - tanh(z)", variables=Z,
        explanation="d/dz tanh(z) = 1 - tanh(z)^2 = 1 - a^2; it equals 1 at z = 0 and vanishes for large |z|.",
    ),
    Formula(
        title="leaky ReLU",
        prompt="Write the Leaky ReLU of the notes as a formula in z (max(x, y) may be used).",
        answer="max(0.01 * z, z)", wrong="max(0, z)", variables=Z,
        explanation="Leaky ReLU is g(z) = max(0.01z, z): a small slope 0.01 for z < 0 instead of ReLU's flat 0, so "
                    "negative units still get a gradient.",
    ),
    Numeric(
        title="leaky ReLU at a negative point",
        prompt="What is the notes' Leaky ReLU at z = {z}?",
        params=lambda rng: {"z": -round(float(rng.uniform(1.0, 50.0)), 1)},
        answer=lambda z: ref.leaky_relu(z),
        wrong=lambda z: 0.0,
        rtol=1e-6,
        explanation="For z < 0 Leaky ReLU returns 0.01·z (ReLU would return 0).",
    ),
    Single(
        title="ReLU gradient for negative z",
        prompt="What is the derivative of ReLU for z < 0?",
        choices=["0", "1", "0.01", "z"],
        answer="a", wrong="c",
        explanation="ReLU is flat (0) for z < 0 and has slope 1 for z > 0; 0.01 is the slope of Leaky ReLU.",
    ),
    Multiple(
        title="true statements",
        prompt="Which statements are true?",
        choices=["tanh's outputs are centred on 0, which tends to make the next layer learn more easily than "
                 "after sigmoid",
                 "ReLU's derivative is 1 for every z > 0",
                 "sigmoid's derivative is at most 0.25",
                 "ReLU saturates (its slope goes to 0) for large positive z"],
        answer=["a", "b", "c"], wrong=["a", "d"],
        explanation="tanh is zero-centred, ReLU has slope 1 for all z > 0 (it never saturates there), and "
                    "sigmoid'(z) = a(1 - a) ≤ 0.25; sigmoid and tanh saturate for large |z|, ReLU does not for z > 0.",
    ),
    Single(
        title="why a nonlinearity",
        prompt="Why does a hidden layer need a nonlinear activation g?",
        choices=["without it a stack of layers computes just one linear function of the input",
                 "to make the cost convex", "to keep the weights small", "to normalise the inputs"],
        answer="a", wrong="b",
        explanation="W2(W1 x + b1) + b2 is again linear in x: without a nonlinear g, depth adds nothing.",
    ),
]
