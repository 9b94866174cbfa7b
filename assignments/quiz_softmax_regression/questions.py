"""Quiz on softmax regression (the notes' 'Softmax regression', 多分类)."""

import math

from autograder.quiz.questions import Count, Numeric, Shape, Single
from solutions import quiz_answers as ref


def scores(rng):
    return {"z1": round(float(rng.uniform(-2, 3)), 1), "z2": round(float(rng.uniform(-2, 3)), 1),
            "z3": round(float(rng.uniform(-2, 3)), 1)}


QUESTIONS = [
    Numeric(
        title="softmax probability",
        prompt="The output layer's scores for three classes are z = ({z1}, {z2}, {z3}). What probability does "
               "softmax give class 1 (the first)? (4 decimals)",
        params=scores,
        answer=lambda z1, z2, z3: ref.softmax_probability([z1, z2, z3], 0),
        wrong=lambda z1, z2, z3: ref.sigmoid(z1),
        atol=1e-4, rtol=1e-3,
        explanation="softmax(z)_1 = e^(z1) / (e^(z1) + e^(z2) + e^(z3)): exponentiate, then divide by the sum so the "
                    "C probabilities add up to 1.",
    ),
    Numeric(
        title="loss for the true class",
        prompt="Scores z = ({z1}, {z2}, {z3}) and the true class is class 2 (y = (0, 1, 0)). What is the loss "
               "L = -Σ y_j log ŷ_j? (4 decimals)",
        params=scores,
        answer=lambda z1, z2, z3: ref.cross_entropy_one_hot(ref.softmax_probability([z1, z2, z3], 1)),
        wrong=lambda z1, z2, z3: -math.log(ref.softmax_probability([z1, z2, z3], 0)),
        atol=1e-4, rtol=1e-3,
        explanation="With a one-hot y only the true class's term survives: L = -log ŷ_2, the negative log of the "
                    "probability given to the true class.",
    ),
    Count(
        title="parameters of a softmax layer",
        prompt="Softmax regression on n_x = {n_x} input features with C = {c} classes: how many parameters "
               "(W and b) does it learn?",
        params=lambda rng: {"n_x": int(rng.integers(10, 800)), "c": int(rng.integers(3, 12))},
        answer=lambda n_x, c: ref.dense_layer_parameters(c, n_x),
        wrong=lambda n_x, c: n_x * c,
        explanation="W is (C, n_x) and b is (C, 1): C·n_x + C parameters, one weight vector and one bias per class.",
    ),
    Single(
        title="dz of softmax with cross-entropy",
        prompt="For softmax with the cross-entropy loss, what is dz = dL/dz of the output layer?",
        choices=["ŷ - y", "y - ŷ", "ŷ(1 - ŷ)", "-log ŷ"],
        answer="a", wrong="b",
        explanation="As for logistic regression, the softmax and the cross-entropy combine into dz = ŷ - y "
                    "(per example; the 1/m comes in when averaging the parameter gradients).",
    ),
    Single(
        title="sum of the outputs",
        prompt="What do the C outputs of a softmax layer add up to, for one example?",
        choices=["1", "C", "0", "it depends on z"],
        answer="a", wrong="d",
        explanation="Each output is e^(z_j) divided by the sum of all e^(z_k), so they are positive and sum to 1.",
    ),
    Single(
        title="two classes",
        prompt="What does softmax regression with C = 2 reduce to?",
        choices=["logistic regression", "linear regression", "a network with no parameters", "k-means"],
        answer="a", wrong="b",
        explanation="With two classes, softmax(z)_1 = 1 / (1 + e^(z2 - z1)) = sigmoid(z1 - z2): logistic regression.",
    ),
    Shape(
        title="shape of Ŷ",
        prompt="For C classes and a batch of m examples, what is the shape of the softmax output Ŷ? Use C and m.",
        answer="(C, m)", wrong="(m, C)", variables={"C": ("int", 2, 50), "m": ("int", 1, 1000)},
        explanation="Classes on axis 0, examples as columns: Ŷ is (C, m), like Y one-hot.",
    ),
    Single(
        title="a stable softmax",
        prompt="Why does a careful softmax compute e^(z - max(z)) instead of e^z?",
        choices=["the result is the same, and the exponentials can no longer overflow",
                 "it makes the outputs sum to 1", "it changes the predicted class", "it is required by the chain rule"],
        answer="a", wrong="c",
        explanation="Softmax is unchanged when a constant is subtracted from every z_j; subtracting the largest "
                    "keeps every exponent ≤ 0, so e^1000 never appears.",
    ),
    Single(
        title="one-hot label",
        prompt="With C = 4 classes numbered 0 to 3, what is the one-hot vector of the label 2?",
        choices=["(0, 0, 1, 0)", "(0, 1, 0, 0)", "(2, 2, 2, 2)", "(0, 0, 0, 2)"],
        answer="a", wrong="b",
        explanation="A one-hot vector has a 1 at the position of the class (index 2, counting from 0) and 0 elsewhere.",
    ),
    Single(
        title="predicted class",
        prompt="How does a softmax classifier choose its prediction for one example?",
        choices=["the class with the largest output ŷ_j (argmax)", "the class whose output is above 0.5",
                 "a class drawn at random", "the class with the smallest z"],
        answer="a", wrong="b",
        explanation="The prediction is argmax_j ŷ_j; with several classes no probability needs to exceed 0.5.",
    ),
    Single(
        title="cost of softmax regression",
        prompt="What is the cost J of softmax regression over m examples?",
        choices=["(1/m) Σ_i L(ŷ(i), y(i)) with L = -Σ_j y_j log ŷ_j", "Σ_j ŷ_j", "max_i L(ŷ(i), y(i))",
                 "(1/m) Σ_i (ŷ(i) - y(i))²"],
        answer="a", wrong="d",
        explanation="The cost averages the cross-entropy loss over the examples, exactly as in logistic regression.",
    ),
]
