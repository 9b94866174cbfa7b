"""Quiz on the CNN section of the notes (CNN, CNN符号). Personal questions draw n, f, p, s per student."""

from autograder.quiz.questions import Count, Multiple, Shape, Single
from solutions import quiz_answers as ref

CONV_SYMBOLS = {"f_l": ("int", 1, 11), "n_C_lm1": ("int", 1, 512), "n_C_l": ("int", 1, 512),
                "n_H_l": ("int", 1, 300), "n_W_l": ("int", 1, 300), "m": ("int", 1, 1024)}


def conv_numbers(rng):
    return {"n": int(rng.integers(24, 129)), "f": int(rng.choice([3, 5, 7])), "p": int(rng.integers(0, 4)),
            "s": int(rng.integers(2, 4))}


QUESTIONS = [
    Count(
        title="conv output size",
        prompt="An input of height and width n = {n} is convolved with an f = {f} filter, padding p = {p} and "
               "stride s = {s}. What is the height of the output?",
        params=conv_numbers,
        answer=lambda n, f, p, s: ref.conv_output_size(n, f, p, s),
        wrong=lambda n, f, p, s: (n + 2 * p - f) // s,
        explanation="n_H[l] = floor((n + 2p - f) / s) + 1: pad both sides (2p), count the positions the filter can "
                    "start at in steps of s, and do not forget the +1 for the first position.",
    ),
    Count(
        title="conv layer parameter count",
        prompt="A convolutional layer has {n_c} filters of size {f}×{f} over an input with {n_c_prev} channels. "
               "How many parameters (weights and biases) does it learn?",
        params=lambda rng: {"f": int(rng.choice([1, 3, 5])), "n_c_prev": int(rng.integers(3, 65)),
                            "n_c": int(rng.integers(8, 129))},
        answer=lambda f, n_c_prev, n_c: ref.conv_layer_parameters(f, n_c_prev, n_c),
        wrong=lambda f, n_c_prev, n_c: f * f * n_c_prev * n_c,
        explanation="Each filter has f·f·n_C[l-1] weights plus one bias, and there are n_C[l] filters: "
                    "(f·f·n_C[l-1] + 1)·n_C[l]. The count does not depend on the image size (parameter sharing).",
    ),
    Count(
        title="same padding",
        prompt="Which padding p makes a stride-1 convolution with an f = {f} filter a 'same' convolution "
               "(output as large as the input)?",
        params=lambda rng: {"f": int(rng.choice([3, 5, 7, 9, 11]))},
        answer=lambda f: ref.same_padding(f),
        wrong=lambda f: f - 1,
        explanation="With s = 1 the output size is n + 2p - f + 1; it equals n when p = (f - 1) / 2, "
                    "which is why filter sizes are usually odd.",
    ),
    Count(
        title="pooling output size",
        prompt="A max-pooling layer with f = {f} and stride s = {s} (no padding) is applied to an input of "
               "height {n}. What is the output height?",
        params=lambda rng: {"n": int(rng.integers(16, 97)), "f": int(rng.choice([2, 3])), "s": 2},
        answer=lambda n, f, s: ref.pool_output_size(n, f, s),
        wrong=lambda n, f, s: n - f + 1,
        explanation="Pooling uses the same size formula as a convolution with p = 0: floor((n - f) / s) + 1; "
                    "the stride is what shrinks the map.",
    ),
    Shape(
        title="shape of W[l]",
        prompt="In the course's channels-last convention, what is the shape of the weights W[l] of convolutional "
               "layer l? Use f[l], n_C[l-1] and n_C[l].",
        answer="(f[l], f[l], n_C[l-1], n_C[l])",
        wrong="(n_C[l], f[l], f[l], n_C[l-1])",
        variables=CONV_SYMBOLS,
        explanation="W[l] stacks n_C[l] filters of shape f×f×n_C[l-1] along the last axis: "
                    "(f[l], f[l], n_C[l-1], n_C[l]); the bias is (1, 1, 1, n_C[l]).",
    ),
    Shape(
        title="shape of A[l] for m examples",
        prompt="What is the shape of the activations A[l] of convolutional layer l for a mini-batch of m "
               "examples? Use m, n_H[l], n_W[l], n_C[l].",
        answer="(m, n_H[l], n_W[l], n_C[l])",
        wrong="(n_H[l], n_W[l], n_C[l])",
        variables=CONV_SYMBOLS,
        explanation="Convolutional tensors are (m, n_H, n_W, n_C): examples first, channels last. "
                    "One example alone is n_H × n_W × n_C.",
    ),
    Single(
        title="parameters of max pooling",
        prompt="How many parameters does backpropagation learn in a max-pooling layer with f = 2, s = 2?",
        choices=["none", "f·f = 4", "one per channel", "f·f per channel"],
        answer="a", wrong="b",
        explanation="Pooling has hyperparameters (f, s, max or average) but nothing to learn: backpropagation "
                    "only routes the gradient to the input that was the maximum.",
    ),
    Multiple(
        title="why convolutions",
        prompt="Which of these are reasons the notes give for using convolutions instead of fully connected layers?",
        choices=["parameter sharing: a feature detector useful in one part of the image is useful elsewhere",
                 "sparse connections: each output depends on a small patch of the input",
                 "every output value sees every input pixel",
                 "they make a nonlinear activation unnecessary"],
        answer=["a", "b"], wrong=["a", "c"],
        explanation="Parameter sharing and sparse connections are the two advantages; they cut the parameter count. "
                    "A convolution output sees only its f×f patch, and the activation g is still applied.",
    ),
    Single(
        title="sizes along the depth",
        prompt="As a typical CNN gets deeper, how do the height/width and the number of channels change?",
        choices=["height and width shrink, channels grow", "height and width grow, channels shrink",
                 "all three stay the same", "all three shrink"],
        answer="a", wrong="b",
        explanation="The notes: n_H and n_W decrease with depth while n_C increases.",
    ),
    Single(
        title="valid convolution",
        prompt="What does a 'valid' convolution mean?",
        choices=["no padding, p = 0", "padding p = (f - 1) / 2", "stride 1", "the filter is flipped first"],
        answer="a", wrong="b",
        explanation="'Valid' means no padding (output n - f + 1 for s = 1); 'same' pads with p = (f - 1) / 2.",
    ),
    Single(
        title="residual block",
        prompt="In a residual block, how is a[l+2] computed from the skip connection?",
        choices=["a[l+2] = g(z[l+2] + a[l])", "a[l+2] = g(z[l+2]) + a[l]", "a[l+2] = g(z[l+2] · a[l])",
                 "a[l+2] = a[l]"],
        answer="a", wrong="b",
        explanation="a[l] is added to z[l+2] before the ReLU: a[l+2] = g(z[l+2] + a[l]). This keeps the identity "
                    "easy to learn, so deeper ResNets do not train worse.",
    ),
    Shape(
        title="skip connection projection",
        prompt="A skip connection carries a[l] with {n_in} units into a block whose output has {n_out} units. "
               "What is the shape of the matrix W_s that matches the dimensions (W_s · a[l])? Give numbers.",
        params=lambda rng: {"n_in": int(rng.choice([64, 128, 256])), "n_out": int(rng.choice([96, 192, 384, 512]))},
        answer=lambda n_in, n_out: ref.projection_shape(n_in, n_out),
        wrong=lambda n_in, n_out: [n_in, n_out],
        explanation="W_s maps the n_in-dimensional a[l] to n_out dimensions, so it is (n_out, n_in); "
                    "the notes' example maps 128 to 256 with a 256×128 matrix.",
    ),
    Multiple(
        title="typical CNN pattern",
        prompt="Which layer sequences match the common CNN patterns in the notes?",
        choices=["CONV → POOL → CONV → POOL → flatten → FC → FC → softmax",
                 "CONV → CONV → POOL → flatten → FC → softmax",
                 "FC → FC → CONV → POOL → softmax",
                 "softmax → CONV → POOL"],
        answer=["a", "b"], wrong=["c"],
        explanation="Convolution (and pooling) layers come first, the volume is flattened, then fully connected "
                    "layers and a softmax output.",
    ),
]
