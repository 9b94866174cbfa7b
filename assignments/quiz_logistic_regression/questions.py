"""Quiz on logistic regression (逻辑回归): loss, cost, gradients and prediction."""

from autograder.quiz.questions import Count, Formula, Numeric, Shape, Single
from solutions import quiz_answers as ref

PROB = {"y": (0.0, 1.0), "yhat": (0.01, 0.99), "a": (0.01, 0.99), "x": (-3.0, 3.0)}

QUESTIONS = [
    Numeric(
        title="loss of one example",
        prompt="A logistic regression predicts ŷ = {yhat} for an example whose label is y = {y}. What is the loss "
               "L(ŷ, y) (natural log, 4 decimals)?",
        params=lambda rng: {"yhat": round(float(rng.uniform(0.05, 0.45) + rng.integers(0, 2) * 0.5), 2),
                            "y": int(rng.integers(0, 2))},
        answer=lambda yhat, y: ref.logistic_loss(yhat, y),
        wrong=lambda yhat, y: ref.logistic_loss(yhat, 1 - y),
        atol=1e-4, rtol=1e-3,
        explanation="L(ŷ, y) = -y·log(ŷ) - (1 - y)·log(1 - ŷ): -log(ŷ) when y = 1 and -log(1 - ŷ) when y = 0.",
    ),
    Formula(
        title="the loss formula",
        prompt="Write the loss L of one example with prediction yhat and label y (log is the natural logarithm).",
        answer="-(y * log(yhat) + (1 - y) * log(1 - yhat))", wrong="-(y * log(yhat))", variables=PROB,
        explanation="The cross-entropy loss -(y log ŷ + (1 - y) log(1 - ŷ)) has one term per label value; "
                    "dropping the second ignores the examples with y = 0.",
    ),
    Formula(
        title="dz of one example",
        prompt="With a = sigmoid(z) and the cross-entropy loss, what is dL/dz? Use a and y.",
        answer="a - y", wrong="y - a", variables=PROB,
        explanation="dL/da = -y/a + (1 - y)/(1 - a) and da/dz = a(1 - a) give dz = a - y.",
    ),
    Formula(
        title="dw of one feature",
        prompt="For one example with a single feature x, what is dL/dw? Use x, a and y.",
        answer="x * (a - y)", wrong="a - y", variables=PROB,
        explanation="z = w·x + b, so dw = x·dz = x·(a - y); db = dz = a - y. Over m examples, average them.",
    ),
    Numeric(
        title="prediction",
        prompt="w = ({w1}, {w2}), b = {b}, x = ({x1}, {x2}). What is ŷ = sigmoid(wᵀx + b)? (4 decimals)",
        params=lambda rng: {"w1": round(float(rng.uniform(-1, 1)), 1), "w2": round(float(rng.uniform(-1, 1)), 1),
                            "b": round(float(rng.uniform(-1, 1)), 1), "x1": int(rng.integers(-3, 4)),
                            "x2": int(rng.integers(-3, 4))},
        answer=lambda w1, w2, b, x1, x2: ref.sigmoid(w1 * x1 + w2 * x2 + b),
        wrong=lambda w1, w2, b, x1, x2: w1 * x1 + w2 * x2 + b,
        atol=1e-4, rtol=1e-3,
        explanation="ŷ = sigmoid(w1·x1 + w2·x2 + b): first the linear score z, then the sigmoid squashes it into (0, 1).",
    ),
    Count(
        title="predicted label",
        prompt="A trained model gives z = wᵀx + b = {z} for an example. Which label (0 or 1) does it predict with "
               "the usual threshold 0.5 on ŷ?",
        params=lambda rng: {"z": round(float(rng.choice([-1, 1]) * rng.uniform(0.2, 4.0)), 2)},
        answer=lambda z: int(ref.sigmoid(z) > 0.5),
        wrong=lambda z: 1 - int(ref.sigmoid(z) > 0.5),
        explanation="ŷ = sigmoid(z) > 0.5 exactly when z > 0, so the label is 1 for positive z and 0 for negative z.",
    ),
    Shape(
        title="shape of w",
        prompt="In the course's logistic regression (X of shape (n_x, m)), what is the shape of w? Use n_x.",
        answer="(n_x, 1)", wrong="(1, n_x)", variables={"n_x": ("int", 2, 500)},
        explanation="w is a column of n_x weights and z = wᵀX + b is (1, m); b is a scalar.",
    ),
    Single(
        title="loss and cost",
        prompt="What is the difference between the loss L and the cost J?",
        choices=["L measures one example; J is the mean of L over the m training examples",
                 "they are the same function", "J is the loss of the first example only",
                 "L is the sum over examples, J the maximum"],
        answer="a", wrong="b",
        explanation="J(w, b) = (1/m) Σ_i L(ŷ(i), y(i)): the loss judges one prediction, the cost the whole training set.",
    ),
    Single(
        title="why not squared error",
        prompt="Why does logistic regression use the cross-entropy loss rather than (ŷ - y)²/2?",
        choices=["with the sigmoid, squared error gives a non-convex cost with local optima; cross-entropy gives a "
                 "convex J", "squared error cannot be computed for probabilities", "cross-entropy is faster to type",
                 "squared error has no derivative"],
        answer="a", wrong="b",
        explanation="J(w, b) with cross-entropy is convex, so gradient descent reaches the global optimum from any "
                    "initialisation.",
    ),
    Single(
        title="the update rule",
        prompt="Which is the gradient-descent update of w?",
        choices=["w := w - α·dJ/dw", "w := w + α·dJ/dw", "w := α·dJ/dw", "w := w - dJ/dw / α"],
        answer="a", wrong="b",
        explanation="Step against the gradient (downhill), by the learning rate α: w := w - α·∂J/∂w, b likewise.",
    ),
    Single(
        title="initialisation",
        prompt="Can logistic regression start from w = 0, b = 0?",
        choices=["yes: the cost is convex and there are no hidden units to keep apart",
                 "no: zero weights never change", "no: the sigmoid of 0 is undefined",
                 "only if the learning rate is 0"],
        answer="a", wrong="b",
        explanation="Symmetry is a problem only for hidden units; logistic regression has none, and sigmoid(0) = 0.5 "
                    "gives nonzero gradients, so zeros are the usual start.",
    ),
    Numeric(
        title="cost of a tiny set",
        prompt="Two examples: ŷ = {p1} with y = 1, and ŷ = {p2} with y = 0. What is the cost J? (4 decimals)",
        params=lambda rng: {"p1": round(float(rng.uniform(0.5, 0.95)), 2), "p2": round(float(rng.uniform(0.05, 0.5)), 2)},
        answer=lambda p1, p2: (ref.logistic_loss(p1, 1) + ref.logistic_loss(p2, 0)) / 2,
        wrong=lambda p1, p2: ref.logistic_loss(p1, 1) + ref.logistic_loss(p2, 0),
        atol=1e-4, rtol=1e-3,
        explanation="J = (1/m) Σ L = (-log(ŷ1) - log(1 - ŷ2)) / 2: the mean, not the sum, of the losses.",
    ),
]

