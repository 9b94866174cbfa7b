"""Quiz on the notation of the notes (符号定义): shapes, indices and the meaning of each symbol."""

from autograder.quiz.questions import Count, Shape, Single
from solutions import quiz_answers as ref

SIZES = {"n_x": ("int", 1, 500), "m": ("int", 1, 5000), "n_l": ("int", 1, 500), "n_lm1": ("int", 1, 500)}

QUESTIONS = [
    Shape(
        title="shape of X",
        prompt="The m training inputs x(1) ... x(m), each with n_x features, are stacked into X. What is the shape "
               "of X? Use n_x and m.",
        answer="(n_x, m)", wrong="(m, n_x)", variables=SIZES,
        explanation="Examples are columns: X = [x(1), x(2), ..., x(m)] is n_x × m, so X.shape == (n_x, m).",
    ),
    Shape(
        title="shape of Y",
        prompt="What is the shape of Y, the labels of the m training examples of a binary classifier? Use m.",
        answer="(1, m)", wrong="(m, 1)", variables=SIZES,
        explanation="Y = [y(1), ..., y(m)] is a row: one label per column, shape (1, m), matching the columns of X.",
    ),
    Shape(
        title="shape of W[l]",
        prompt="What is the shape of W[l], the weights of layer l? Use n[l] and n[l-1].",
        answer="(n[l], n[l-1])", wrong="(n[l-1], n[l])", variables=SIZES,
        explanation="Z[l] = W[l] A[l-1] + b[l] maps n[l-1] inputs to n[l] units, so W[l] is (n[l], n[l-1]).",
    ),
    Shape(
        title="shape of b[l]",
        prompt="What is the shape of the bias b[l] of layer l? Use n[l].",
        answer="(n[l], 1)", wrong="(1, n[l])", variables=SIZES,
        explanation="One bias per unit, as a column (n[l], 1); broadcasting adds it to each of the m columns of W[l]A[l-1].",
    ),
    Shape(
        title="shape of Z[l] and A[l]",
        prompt="For a batch of m examples, what is the shape of Z[l] (and of A[l])? Use n[l] and m.",
        answer="(n[l], m)", wrong="(m, n[l])", variables=SIZES,
        explanation="Each column is one example's n[l] pre-activations (or activations): (n[l], m).",
    ),
    Single(
        title="round brackets",
        prompt="What does the superscript in round brackets, as in x(i), index?",
        choices=["the i-th training example", "the i-th layer", "the i-th feature", "the i-th mini-batch"],
        answer="a", wrong="c",
        explanation="(i) is the example, [l] the layer, {t} the mini-batch and <t> the position in a sequence.",
    ),
    Single(
        title="square brackets",
        prompt="What is a[2] with the superscript in square brackets?",
        choices=["the activations of layer 2", "the second training example", "the second time step",
                 "the second mini-batch"],
        answer="a", wrong="b",
        explanation="Square brackets index layers: a[2] is the output of layer 2, and a[0] = x is the input.",
    ),
    Single(
        title="curly brackets",
        prompt="In the optimisation notation, what is X{t}?",
        choices=["the t-th mini-batch of the training inputs", "the t-th training example",
                 "the t-th element of a sequence", "X after t iterations"],
        answer="a", wrong="c",
        explanation="Curly brackets number mini-batches: X{1}, X{2}, ... split the columns of X.",
    ),
    Single(
        title="angle brackets",
        prompt="In the sequence notation, what is x(i)<t>?",
        choices=["the t-th element of the i-th training example's input sequence",
                 "the i-th element of the t-th example", "the t-th layer's input for example i",
                 "the i-th feature at iteration t"],
        answer="a", wrong="b",
        explanation="(i) picks the example and <t> the position in its sequence; T_x(i) is that sequence's length.",
    ),
    Count(
        title="counting layers",
        prompt="A network has an input layer, {hidden} hidden layers and an output layer. What is L, "
               "its number of layers in the course's convention?",
        params=lambda rng: {"hidden": int(rng.integers(2, 9))},
        answer=lambda hidden: ref.layer_count(hidden),
        wrong=lambda hidden: hidden + 2,
        explanation="The input layer is layer 0 (a[0] = x) and is not counted: L = hidden layers + 1 output layer.",
    ),
    Count(
        title="parameters of a small network",
        prompt="How many parameters (all W[l] and b[l]) does a fully connected network with layer sizes "
               "n[0] = {n0}, n[1] = {n1}, n[2] = {n2}, n[3] = 1 have?",
        params=lambda rng: {"n0": int(rng.integers(3, 30)), "n1": int(rng.integers(3, 20)),
                            "n2": int(rng.integers(2, 10))},
        answer=lambda n0, n1, n2: ref.network_parameters([n0, n1, n2, 1]),
        wrong=lambda n0, n1, n2: n0 * n1 + n1 * n2 + n2,
        explanation="Each layer has n[l]·n[l-1] weights and n[l] biases; add them over l = 1..L: "
                    "Σ n[l]·(n[l-1] + 1).",
    ),
    Count(
        title="numbers in one filter",
        prompt="In the CNN notation, one filter of layer l has size f[l] × f[l] × n_C[l-1]. How many numbers are "
               "in one filter when f[l] = {f} and n_C[l-1] = {c}?",
        params=lambda rng: {"f": int(rng.choice([3, 5, 7])), "c": int(rng.integers(3, 65))},
        answer=lambda f, c: ref.filter_entries(f, c),
        wrong=lambda f, c: f * f,
        explanation="A filter spans every channel of its input: f·f·n_C[l-1] weights (plus one bias per filter).",
    ),
]
