"""Quiz on neural networks (神经网络): representation, dimensions, vectorisation, hyperparameters, initialisation."""

import math

from autograder.quiz.questions import Count, Multiple, Numeric, Shape, Single
from solutions import quiz_answers as ref

SIZES = {"n_l": ("int", 1, 500), "n_lm1": ("int", 1, 500), "m": ("int", 1, 2000)}

QUESTIONS = [
    Count(
        title="parameters of one layer",
        prompt="A fully connected layer has n[l-1] = {n_prev} inputs and n[l] = {n_l} units. How many parameters "
               "(W[l] and b[l]) does it have?",
        params=lambda rng: {"n_prev": int(rng.integers(10, 800)), "n_l": int(rng.integers(5, 300))},
        answer=lambda n_prev, n_l: ref.dense_layer_parameters(n_l, n_prev),
        wrong=lambda n_prev, n_l: n_l * n_prev,
        explanation="W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1): n[l]·n[l-1] + n[l] parameters.",
    ),
    Numeric(
        title="He initialisation scale",
        prompt="A ReLU layer has n[l-1] = {n_prev} inputs. By what factor is np.random.randn(shape) multiplied in He "
               "initialisation? (5 decimals)",
        params=lambda rng: {"n_prev": int(rng.integers(20, 1000))},
        answer=lambda n_prev: ref.he_scale(n_prev),
        wrong=lambda n_prev: math.sqrt(1.0 / n_prev),
        atol=2e-5, rtol=1e-3,
        explanation="For ReLU the notes set the standard deviation to sqrt(2 / n[l-1]); sqrt(1 / n[l-1]) is the "
                    "tanh (Xavier) choice.",
    ),
    Shape(
        title="shape of dZ[l]",
        prompt="For a batch of m examples, what is the shape of dZ[l]? Use n[l] and m.",
        answer="(n[l], m)", wrong="(n[l], 1)", variables=SIZES,
        explanation="A gradient has the shape of what it differentiates: dZ[l] is (n[l], m) like Z[l]; only db[l] "
                    "is summed over the examples to (n[l], 1).",
    ),
    Shape(
        title="shape of dW[l]",
        prompt="What is the shape of dW[l]? Use n[l] and n[l-1].",
        answer="(n[l], n[l-1])", wrong="(n[l-1], n[l])", variables=SIZES,
        explanation="dW[l] = (1/m) dZ[l] A[l-1]ᵀ is (n[l], m)·(m, n[l-1]) = (n[l], n[l-1]), the shape of W[l].",
    ),
    Single(
        title="hidden layer",
        prompt="Why is a hidden layer called 'hidden'?",
        choices=["its true values are not observed in the training set", "it is not used at test time",
                 "its weights are not learnt", "it has no activation function"],
        answer="a", wrong="b",
        explanation="The training set gives the inputs and the outputs; the values in the middle layers are never "
                    "observed.",
    ),
    Multiple(
        title="hyperparameters",
        prompt="Which of these are hyperparameters (not parameters)?",
        choices=["the learning rate α", "the number of iterations", "the number of hidden layers L",
                 "the number of hidden units n[l]", "the weights W[1]", "the choice of activation function"],
        answer=["a", "b", "c", "d", "f"], wrong=["a", "e"],
        explanation="Parameters (W[l], b[l]) are learnt by gradient descent; hyperparameters are chosen by you and "
                    "control how the parameters are learnt.",
    ),
    Single(
        title="zero initialisation",
        prompt="What goes wrong if every W[l] of a network is initialised to zeros?",
        choices=["every unit of a layer computes the same function and gets the same update, so they stay identical",
                 "the cost becomes infinite", "the biases cannot be learnt", "nothing: zeros are the best start"],
        answer="a", wrong="d",
        explanation="Zero weights make all units of a layer symmetric; they receive identical gradients and never "
                    "become different. Random initialisation breaks the symmetry (b may start at 0).",
    ),
    Single(
        title="initialisation for tanh",
        prompt="Which scale do the notes give first for the weights of a tanh layer?",
        choices=["sqrt(1 / n[l-1])", "sqrt(2 / n[l-1])", "10", "1 / n[l]"],
        answer="a", wrong="b",
        explanation="tanh: sqrt(1 / n[l-1]) (or sqrt(2 / (n[l-1] + n[l]))), giving Var(w) = 1/n; ReLU uses "
                    "sqrt(2 / n[l-1]).",
    ),
    Single(
        title="vectorised forward step",
        prompt="Which line computes layer 1 for all m examples at once?",
        choices=["Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(X, W1) + b1", "Z1 = W1 * X + b1", "Z1 = np.dot(W1.T, X) + b1"],
        answer="a", wrong="b",
        explanation="W1 (n[1], n[0]) times X (n[0], m) gives (n[1], m); b1 (n[1], 1) is broadcast over the m columns.",
    ),
    Single(
        title="db[l] over the examples",
        prompt="Which line computes db[l] from dZ[l] (shape (n[l], m))?",
        choices=["db = np.sum(dZ, axis=1, keepdims=True) / m", "db = np.sum(dZ, axis=0, keepdims=True) / m",
                 "db = np.sum(dZ) / m", "db = dZ / m"],
        answer="a", wrong="b",
        explanation="Sum over the examples (axis 1, the columns), keep the column shape (n[l], 1), divide by m.",
    ),
    Single(
        title="dZ from dA",
        prompt="In backpropagation, how is dZ[l] obtained from dA[l]?",
        choices=["dZ[l] = dA[l] * g'(Z[l]), element by element", "dZ[l] = np.dot(dA[l], g'(Z[l]))",
                 "dZ[l] = dA[l] + g'(Z[l])", "dZ[l] = W[l]ᵀ dA[l]"],
        answer="a", wrong="b",
        explanation="The activation acts element-wise, so the chain rule multiplies element-wise by g'(Z[l]).",
    ),
    Single(
        title="why initialisation matters",
        prompt="According to the notes, what does a good weight initialisation reduce in a deep network?",
        choices=["vanishing and exploding gradients", "the number of parameters", "the size of the dev set",
                 "the need for an output layer"],
        answer="a", wrong="b",
        explanation="Keeping Var(w) near 1/n (or 2/n for ReLU) keeps activations and gradients at a stable scale "
                    "through many layers.",
    ),
]
