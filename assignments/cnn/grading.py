"""Hidden checks and known mistakes of `cnn`.

Expected values of the four layers come from the vectorised reference `solutions/fast_conv.py`
(which agrees with the loop versions of `solutions/cnn.py` and with PyTorch); the hidden cases are
small, so that a submission written with loops, as the course teaches, is graded in seconds.
No hidden `conv_backward` case has pad = 0: the course's own solution slices ``pad:-pad``, which
only works for pad >= 1 (the notebook says so and recommends ``pad:pad + n_H_prev``).
"""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Property, Values
from solutions import cnn as ref
from solutions import fast_conv as fast


# -- inputs ----------------------------------------------------------------------------------
def _conv_inputs(m, n_H, n_W, n_C_prev, f, n_C, stride, pad):
    """(A_prev, W, b, hparameters) with values of order 1."""
    def build(rng):
        return (rng.normal(size=(m, n_H, n_W, n_C_prev)), rng.normal(size=(f, f, n_C_prev, n_C)) / f,
                0.5 * rng.normal(size=(1, 1, 1, n_C)), {"stride": stride, "pad": pad})
    return build


def _conv_case(m, n_H, n_W, n_C_prev, f, n_C, stride, pad):
    return Case(_conv_inputs(m, n_H, n_W, n_C_prev, f, n_C, stride, pad),
                label=f"A_prev {(m, n_H, n_W, n_C_prev)}, f = {f}, n_C = {n_C}, stride {stride}, pad {pad}")


def _conv_backward_inputs(m, n_H, n_W, n_C_prev, f, n_C, stride, pad):
    """(dZ, cache) with the cache of conv_forward on random inputs."""
    def build(rng):
        A_prev, W, b, hparameters = _conv_inputs(m, n_H, n_W, n_C_prev, f, n_C, stride, pad)(rng)
        Z, cache = fast.conv_forward(A_prev, W, b, hparameters)
        return rng.normal(size=Z.shape), cache
    return build


def _conv_backward_case(m, n_H, n_W, n_C_prev, f, n_C, stride, pad):
    return Case(_conv_backward_inputs(m, n_H, n_W, n_C_prev, f, n_C, stride, pad),
                label=f"A_prev {(m, n_H, n_W, n_C_prev)}, f = {f}, n_C = {n_C}, stride {stride}, pad {pad}")


def _distinct(rng, shape):
    """Values at least 1e-3 apart (no ties, and central differences never cross a maximum)."""
    size = int(np.prod(shape))
    return (rng.permutation(size) * (4.0 / size) - 2.0).reshape(shape)


def _pool_case(m, n_H, n_W, n_C, f, stride, mode):
    return Case(lambda rng: (_distinct(rng, (m, n_H, n_W, n_C)), {"f": f, "stride": stride}), {"mode": mode},
                label=f"{mode}, A_prev {(m, n_H, n_W, n_C)}, f = {f}, stride {stride}")


def _pool_backward_inputs(m, n_H, n_W, n_C, f, stride):
    def build(rng):
        A_prev, hparameters = _distinct(rng, (m, n_H, n_W, n_C)), {"f": f, "stride": stride}
        A, cache = fast.pool_forward(A_prev, hparameters)
        return rng.normal(size=A.shape), cache
    return build


def _pool_backward_case(m, n_H, n_W, n_C, f, stride, mode):
    return Case(_pool_backward_inputs(m, n_H, n_W, n_C, f, stride), {"mode": mode},
                label=f"{mode}, A_prev {(m, n_H, n_W, n_C)}, f = {f}, stride {stride}")


def _fc_inputs(shape, n):
    def build(rng):
        n_prev = int(np.prod(shape[1:]))
        return rng.normal(size=shape), rng.normal(size=(n, n_prev)) / np.sqrt(n_prev), rng.normal(size=(n, 1))
    return build


def _fc_backward_inputs(shape, n):
    def build(rng):
        A_prev, W, b = _fc_inputs(shape, n)(rng)
        return rng.normal(size=(n, shape[0])), (A_prev, W, b)
    return build


# -- objectives of the gradient checks: Σ dOut · layer(inputs) ---------------------------------
def _conv_objective(dZ, cache):
    A_prev, W, b, hparameters = cache
    return float(np.sum(dZ * fast.conv_forward(A_prev, W, b, hparameters)[0]))


def _pool_objective(dA, cache, mode="max"):
    A_prev, hparameters = cache
    return float(np.sum(dA * fast.pool_forward(A_prev, hparameters, mode)[0]))


def _fc_objective(dZ, cache):
    return float(np.sum(dZ * ref.fc_forward(*cache)[0]))


# -- properties ------------------------------------------------------------------------------
def _conv_output_shape(result, ctx):
    A_prev, W, _, hparameters = ctx.args
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    s, p = hparameters["stride"], hparameters["pad"]
    shape = (m, (n_H_prev + 2 * p - f) // s + 1, (n_W_prev + 2 * p - f) // s + 1, n_C)
    Z = result[0] if isinstance(result, (tuple, list)) else result
    if not isinstance(Z, np.ndarray):
        return f"Z should be an ndarray, got {type(Z).__name__}"
    if Z.shape != shape:
        return (f"Z has shape {Z.shape}; floor((n + 2p - f) / s) + 1 along height and width gives {shape} "
                f"(n_H_prev = {n_H_prev}, n_W_prev = {n_W_prev}, f = {f}, p = {p}, s = {s})")
    return None


def _max_gradient_conserved(dA_prev, ctx):
    """Non-overlapping max pooling: each window passes its gradient, whole, to one entry."""
    dA, (A_prev, hparameters) = ctx.args[0], ctx.args[1]
    if not isinstance(dA_prev, np.ndarray) or dA_prev.shape != A_prev.shape:
        return f"dA_prev should be an ndarray of A_prev's shape {A_prev.shape}"
    nonzero, windows = int(np.count_nonzero(dA_prev)), int(np.count_nonzero(dA))
    if not np.isclose(dA_prev.sum(), dA.sum(), rtol=1e-9, atol=1e-12) or nonzero != windows:
        return (f"with windows that do not overlap, each of the {windows} windows should pass its gradient "
                f"to exactly one entry (its maximum), and the total gradient should stay {dA.sum():.6g}; "
                f"got {nonzero} non-zero entries summing to {dA_prev.sum():.6g}")
    return None


# -- known mistakes --------------------------------------------------------------------------
def _crop(Z, n_H, n_W):
    return np.ascontiguousarray(Z[:, :n_H, :n_W, :])


def _conv_forward_with(stride_in_start=True, stride_in_size=True, pad=1, bias=True, flip=False):
    """conv_forward with a mistake: ``pad`` counts how many times the padding is applied (0, 1 or 2)."""
    def wrong(A_prev, W, b, hparameters):
        s, p = hparameters["stride"], hparameters["pad"]
        f = W.shape[0]
        size_pad = p if pad else 0
        n_H = (A_prev.shape[1] + 2 * size_pad - f) // (s if stride_in_size else 1) + 1
        n_W = (A_prev.shape[2] + 2 * size_pad - f) // (s if stride_in_size else 1) + 1
        A = ref.zero_pad(A_prev, p) if pad == 2 else A_prev
        kernel = W[::-1, ::-1] if flip else W
        bias_term = b if bias else np.zeros_like(b)
        Z, _ = fast.conv_forward(A, kernel, bias_term, {"stride": s if stride_in_start else 1, "pad": p if pad else 0})
        return _crop(Z, n_H, n_W), (A_prev, W, b, hparameters)
    return wrong


def _pool_forward_with(stride_in_start=True, summed=False, swapped=False):
    def wrong(A_prev, hparameters, mode="max"):
        f, s = hparameters["f"], hparameters["stride"]
        n_H, n_W = (A_prev.shape[1] - f) // s + 1, (A_prev.shape[2] - f) // s + 1
        if swapped:
            mode = {"max": "average", "average": "max"}[mode]
        A, _ = fast.pool_forward(A_prev, {"f": f, "stride": s if stride_in_start else 1}, mode)
        if summed and mode == "average":
            A = A * (f * f)
        return _crop(A, n_H, n_W), (A_prev, hparameters)
    return wrong


def _conv_backward_with(stride_in_start=True, last_example_only=False, overwrite=False, mean=False, flip=False):
    """conv_backward written with loops, with one mistake built in."""
    def wrong(dZ, cache):
        A_prev, W, b, hparameters = cache
        s, p = hparameters["stride"], hparameters["pad"]
        step = s if stride_in_start else 1
        m, n_H, n_W, n_C = dZ.shape
        f = W.shape[0]
        kernel = W[::-1, ::-1] if flip else W
        A_pad = ref.zero_pad(A_prev, p)
        dA_pad = np.zeros_like(A_pad)
        dW, db = np.zeros_like(W), np.zeros((1, 1, 1, n_C))
        for i in range(m):
            if last_example_only:
                dW, db = np.zeros_like(W), np.zeros((1, 1, 1, n_C))
            for h in range(n_H):
                for w in range(n_W):
                    window = (i, slice(h * step, h * step + f), slice(w * step, w * step + f))
                    for c in range(n_C):
                        g = dZ[i, h, w, c]
                        if overwrite:
                            dA_pad[window] = kernel[:, :, :, c] * g
                        else:
                            dA_pad[window] += kernel[:, :, :, c] * g
                        dW[:, :, :, c] += A_pad[window] * g
                        db[:, :, :, c] += g
        if flip:
            dW = dW[::-1, ::-1]
        if mean:
            dW, db = dW / m, db / m
        dA_prev = dA_pad[:, p:p + A_prev.shape[1], p:p + A_prev.shape[2], :]
        return dA_prev, dW, db
    return wrong


def _pool_backward_with(stride_in_start=True, max_everywhere=False, average_undivided=False, overwrite=False):
    def wrong(dA, cache, mode="max"):
        A_prev, hparameters = cache
        f, s = hparameters["f"], hparameters["stride"]
        step = s if stride_in_start else 1
        m, n_H, n_W, n_C = dA.shape
        dA_prev = np.zeros(A_prev.shape)
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        window = (i, slice(h * step, h * step + f), slice(w * step, w * step + f), c)
                        x = A_prev[window]
                        if mode == "max":
                            share = np.ones_like(x) if max_everywhere else (x == np.max(x)) * 1.0
                        else:
                            share = np.ones_like(x) / (1 if average_undivided else f * f)
                        if overwrite:
                            dA_prev[window] = share * dA[i, h, w, c]
                        else:
                            dA_prev[window] += share * dA[i, h, w, c]
        return dA_prev
    return wrong


def _fc_forward_with(bias=True, fortran=False):
    def wrong(A_prev, W, b):
        m = A_prev.shape[0]
        A_flat = A_prev.reshape(-1, m) if fortran else A_prev.reshape(m, -1).T
        return W @ A_flat + (b if bias else 0), (A_prev, W, b)
    return wrong


def _fc_backward_with(mean=False, keepdims=True):
    def wrong(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[0]
        dA_prev, dW, db = ref.fc_backward(dZ, cache)
        db = np.sum(dZ, axis=1, keepdims=keepdims)
        if mean:
            dW, db = dW / m, db / m
        return dA_prev, dW, db
    return wrong


def _first_maximum_only(x):
    mask = np.zeros(x.shape, dtype=bool)
    mask[np.unravel_index(np.argmax(x), x.shape)] = True
    return mask


_STRIDE_EXPLANATION = ("Window (h, w) starts at row h * stride and column w * stride: vert_start = h * stride, "
                       "horiz_start = w * stride; consecutive windows are `stride` entries apart.")

PARTS = [
    Part("conv_output_size", returns="n_out", checks=[
        Values("hidden sizes, some not divisible by the stride", [
            Case((7, 3, 1, 2), label="n = 7, f = 3, p = 1, s = 2"), Case((11, 4, 0, 3), label="n = 11, f = 4, p = 0, s = 3"),
            Case((227, 11, 0, 4), label="AlexNet's first layer"), Case((28, 5, 2, 1), label="'same' padding"),
            Case((10, 3, 0, 2), label="n = 10, f = 3, p = 0, s = 2")], weight=2),
    ], mistakes=[
        Mistake("padding counted once", "Padding adds p zeros on *each* side: n + 2p - f.",
                lambda n, f, p, s: (n + p - f) // s + 1, same_as=("+1 left out",)),
        Mistake("rounded up", "Windows that would run past the (padded) edge are dropped: floor((n + 2p - f) / s) + 1, "
                "with // or int() on a non-negative value, not a ceiling.", lambda n, f, p, s: -(-(n + 2 * p - f) // s) + 1),
        Mistake("+1 left out", "The first window sits at position 0, then one more every s entries: "
                "floor((n + 2p - f) / s) + 1.", lambda n, f, p, s: (n + 2 * p - f) // s,
                same_as=("padding counted once",)),
    ]),
    Part("conv_param_count", returns="count", checks=[
        Values("hidden layers", [Case((11, 3, 96), label="AlexNet's first layer"), Case((3, 64, 128), label="3 x 3, 64 -> 128"),
                                 Case((1, 16, 8), label="1 x 1, 16 -> 8")], weight=2),
    ], mistakes=[
        Mistake("biases forgotten", "Each filter has one bias: (f * f * n_C_prev + 1) * n_C.",
                lambda f, n_C_prev, n_C: f * f * n_C_prev * n_C),
        Mistake("input channels left out", "A filter spans every input channel: it has f * f * n_C_prev weights.",
                lambda f, n_C_prev, n_C: (f * f + 1) * n_C),
    ]),
    Part("zero_pad", returns="X_pad", checks=[
        Values("hidden images", [Case(lambda rng: (rng.normal(size=(3, 4, 2, 3)), 2), label="(3, 4, 2, 3), pad 2"),
                                 Case(lambda rng: (rng.normal(size=(1, 3, 5, 1)), 1), label="(1, 3, 5, 1), pad 1"),
                                 Case(lambda rng: (rng.normal(size=(2, 2, 2, 2)), 0), label="pad 0")]),
        NoInPlace("X is left unchanged", [Case(lambda rng: (rng.normal(size=(2, 3, 3, 2)), 1))]),
    ], mistakes=[
        Mistake("every axis padded", "Pad only the height and width (axes 1 and 2): "
                "pad_width=((0, 0), (pad, pad), (pad, pad), (0, 0)).", lambda X, pad: np.pad(X, pad)),
        Mistake("padding on one side only", "Pad both sides: (pad, pad) for the height and for the width.",
                lambda X, pad: np.pad(X, ((0, 0), (pad, 0), (pad, 0), (0, 0)))),
    ]),
    Part("conv_single_step", returns="Z", checks=[
        Values("hidden windows", [
            Case(lambda rng: (rng.normal(size=(3, 3, 4)), rng.normal(size=(3, 3, 4)), rng.normal(size=(1, 1, 1))),
                 label="3 x 3 x 4"),
            Case(lambda rng: (rng.normal(size=(2, 2, 1)), rng.normal(size=(2, 2, 1)), rng.normal(size=(1, 1, 1))),
                 label="2 x 2 x 1"),
            Case(lambda rng: (rng.normal(size=(5, 5, 3)), rng.normal(size=(5, 5, 3)), rng.normal(size=(1, 1, 1))),
                 label="5 x 5 x 3")], weight=2),
    ], mistakes=[
        Mistake("bias forgotten", "Z = Σ (a_slice_prev * W) + b: add the bias once, after the sum.",
                lambda a, W, b: float(np.sum(a * W))),
        Mistake("filter flipped", "The course's (and every library's) convolution does not flip the filter: multiply "
                "the window by W as it is (cross-correlation), not by W[::-1, ::-1].",
                lambda a, W, b: float(np.sum(a * W[::-1, ::-1]) + np.squeeze(b))),
        Mistake("bias added to every product", "Sum the products first, then add b once: adding b to each of the "
                "f * f * n_C_prev products adds it that many times.", lambda a, W, b: float(np.sum(a * W + b))),
    ]),
    Part("conv_forward", uses=("zero_pad", "conv_single_step"), returns=("Z", "cache"), reference=fast.conv_forward,
         checks=[
        Values("hidden layers: strides, paddings, non-square images", [
            _conv_case(2, 5, 5, 3, 3, 4, 1, 1), _conv_case(2, 7, 6, 2, 3, 3, 2, 1), _conv_case(1, 6, 6, 1, 2, 2, 2, 0),
            _conv_case(3, 4, 5, 2, 3, 2, 1, 2), _conv_case(1, 9, 9, 2, 5, 3, 3, 2)], weight=3),
        Property("Z's shape is (m, floor((n_H_prev + 2p - f) / s) + 1, ..., n_C)", [
            _conv_case(1, 8, 7, 1, 3, 2, 3, 1), _conv_case(2, 10, 6, 2, 4, 1, 2, 0)], check=_conv_output_shape),
        NoInPlace("A_prev, W and b are left unchanged", [_conv_case(2, 4, 4, 2, 3, 2, 1, 1)], weight=0.5),
    ], mistakes=[
        Mistake("vert_start computed without the stride", _STRIDE_EXPLANATION, _conv_forward_with(stride_in_start=False)),
        Mistake("stride ignored", "The stride sets both where windows start (h * stride) and how many there are: "
                "n_H = floor((n_H_prev + 2 pad - f) / stride) + 1.",
                _conv_forward_with(stride_in_start=False, stride_in_size=False)),
        Mistake("padding not applied", "Pad A_prev first, A_prev_pad = zero_pad(A_prev, pad), take the windows from "
                "the padded images, and count it in n_H = floor((n_H_prev + 2 pad - f) / stride) + 1.",
                _conv_forward_with(pad=0)),
        Mistake("padding applied twice", "Pad once: A_prev_pad = zero_pad(A_prev, pad), then slice A_prev_pad[i] "
                "(do not pad the example again).", _conv_forward_with(pad=2)),
        Mistake("bias forgotten", "Each filter c has a bias b[:, :, :, c], added to every one of its outputs.",
                _conv_forward_with(bias=False)),
        Mistake("filter flipped", "Convolution layers compute cross-correlation: the window times W[:, :, :, c] as it "
                "is, without flipping it (W[::-1, ::-1] would be the mathematicians' convolution).",
                _conv_forward_with(flip=True)),
    ]),
    Part("pool_forward", returns=("A", "cache"), reference=fast.pool_forward, checks=[
        Values("hidden layers, max and average, with and without overlap", [
            _pool_case(2, 4, 4, 3, 2, 2, "max"), _pool_case(2, 4, 4, 3, 2, 2, "average"),
            _pool_case(1, 5, 7, 2, 3, 2, "max"), _pool_case(1, 5, 7, 2, 3, 2, "average"),
            _pool_case(2, 5, 5, 1, 2, 1, "max"), _pool_case(2, 6, 5, 2, 3, 3, "average")], weight=3),
        NoInPlace("A_prev is left unchanged", [_pool_case(1, 4, 4, 2, 2, 2, "max")], weight=0.5),
    ], mistakes=[
        Mistake("vert_start computed without the stride", _STRIDE_EXPLANATION, _pool_forward_with(stride_in_start=False)),
        Mistake("average pooling not divided by the window size", "Average pooling takes the mean of the f * f "
                "entries: np.mean(a_prev_slice), not their sum.", _pool_forward_with(summed=True)),
        Mistake("max and average swapped", 'mode == "max" takes np.max of the window, "average" np.mean.',
                _pool_forward_with(swapped=True)),
    ]),
    Part("conv_backward", uses=("zero_pad",), returns=("dA_prev", "dW", "db"), reference=fast.conv_backward, checks=[
        Values("hidden layers: strides, paddings, non-square images", [
            _conv_backward_case(2, 5, 5, 3, 3, 4, 1, 1), _conv_backward_case(2, 7, 6, 2, 3, 3, 2, 1),
            _conv_backward_case(3, 4, 5, 2, 3, 2, 1, 2), _conv_backward_case(1, 9, 9, 2, 5, 3, 3, 2),
            _conv_backward_case(2, 6, 6, 2, 2, 2, 2, 1)], weight=3),
        GradCheck("dA_prev, dW and db match central differences of Σ dZ · conv_forward(A_prev, W, b)", [
            _conv_backward_case(2, 4, 4, 2, 3, 2, 1, 1), _conv_backward_case(1, 5, 6, 2, 3, 2, 2, 1)],
            objective=_conv_objective, wrt={"dA_prev": ((1, 0), (0,)), "dW": ((1, 1), (1,)), "db": ((1, 2), (2,))},
            weight=2),
        NoInPlace("dZ and the cache are left unchanged", [_conv_backward_case(1, 4, 4, 2, 3, 2, 1, 1)], weight=0.5),
    ], mistakes=[
        Mistake("vert_start computed without the stride", _STRIDE_EXPLANATION, _conv_backward_with(stride_in_start=False)),
        Mistake("dW not accumulated over the examples", "dW and db sum the contributions of every example: create them "
                "once, before the loop over i, and add to them with +=.", _conv_backward_with(last_example_only=True)),
        Mistake("overlapping windows overwrite dA_prev", "Where windows overlap, an input entry receives gradient "
                "from each of them: add with +=, do not assign.", _conv_backward_with(overwrite=True)),
        Mistake("dW and db divided by m", "Here, as in the course's conv_backward, dZ is already the gradient of the "
                "cost: dW and db are plain sums over the examples, without 1/m.", _conv_backward_with(mean=True)),
        Mistake("filter flipped", "The forward pass used W as it is (cross-correlation), so the backward pass does too: "
                "da_prev_pad[window] += W[:, :, :, c] * dZ[i, h, w, c].", _conv_backward_with(flip=True)),
    ]),
    Part("create_mask_from_window", returns="mask", checks=[
        Values("hidden windows", [Case(lambda rng: (rng.normal(size=(3, 3)),), label="3 x 3"),
                                  Case(lambda rng: (rng.normal(size=(2, 4)),), label="2 x 4"),
                                  Case((np.array([[0.2, 0.8], [0.8, -0.1]]),), label="two tied maxima")], weight=2),
    ], mistakes=[
        Mistake("only the first of tied maxima", "The course's mask is x == np.max(x): every entry equal to the "
                "maximum is True.", _first_maximum_only),
        Mistake("mask of the minimum", "Max pooling passed the maximum on: x == np.max(x).", lambda x: x == np.min(x)),
    ]),
    Part("distribute_value", returns="a", checks=[
        Values("hidden gradients and windows", [Case((1.5, (2, 2)), label="dz = 1.5, 2 x 2"),
                                                Case((-0.3, (3, 3)), label="dz = -0.3, 3 x 3"),
                                                Case((2.0, (2, 4)), label="dz = 2, 2 x 4")], weight=2),
    ], mistakes=[
        Mistake("not divided by the window size", "Each of the n_H * n_W entries contributed 1 / (n_H * n_W) of the "
                "average: a = np.ones(shape) * dz / (n_H * n_W).", lambda dz, shape: np.ones(shape) * dz),
        Mistake("divided by n_H + n_W", "The window has n_H * n_W entries: divide by their product.",
                lambda dz, shape: np.ones(shape) * dz / (shape[0] + shape[1])),
    ]),
    Part("pool_backward", uses=("create_mask_from_window", "distribute_value"), returns="dA_prev",
         reference=fast.pool_backward, checks=[
        Values("hidden layers, max and average, with and without overlap", [
            _pool_backward_case(2, 4, 4, 2, 2, 2, "max"), _pool_backward_case(2, 4, 4, 2, 2, 2, "average"),
            _pool_backward_case(1, 5, 7, 2, 3, 2, "max"), _pool_backward_case(1, 5, 7, 2, 3, 2, "average"),
            _pool_backward_case(2, 5, 5, 1, 2, 1, "max"), _pool_backward_case(1, 6, 5, 2, 3, 3, "average")], weight=3),
        GradCheck("dA_prev matches central differences of Σ dA · pool_forward(A_prev)", [
            _pool_backward_case(1, 5, 5, 2, 3, 2, "max"), _pool_backward_case(2, 4, 4, 1, 2, 1, "average")],
            objective=_pool_objective, wrt={"dA_prev": ((1, 0), ())}),
        Property("max pooling without overlap passes each window's gradient, whole, to one entry",
                 [_pool_backward_case(2, 6, 6, 2, 2, 2, "max")], check=_max_gradient_conserved),
        NoInPlace("dA and the cache are left unchanged", [_pool_backward_case(1, 4, 4, 2, 2, 1, "max")], weight=0.5),
    ], mistakes=[
        Mistake("max: gradient to every entry of the window", "Only the maximum of each window reached the output: "
                "multiply dA[i, h, w, c] by create_mask_from_window(a_prev_slice).",
                _pool_backward_with(max_everywhere=True)),
        Mistake("average pooling not divided by the window size", "Spread the gradient with distribute_value(da, (f, f)), "
                "which divides it by f * f.", _pool_backward_with(average_undivided=True)),
        Mistake("vert_start computed without the stride", _STRIDE_EXPLANATION, _pool_backward_with(stride_in_start=False)),
        Mistake("overlapping windows overwrite dA_prev", "Where windows overlap (stride < f), an entry receives "
                "gradient from each of them: add with +=, do not assign.", _pool_backward_with(overwrite=True)),
    ]),
    Part("fc_forward", returns=("Z", "cache"), checks=[
        Values("hidden layers", [Case(_fc_inputs((3, 2, 2, 3), 4), label="A_prev (3, 2, 2, 3), 4 units"),
                                 Case(_fc_inputs((5, 6), 2), label="A_prev (5, 6), 2 units"),
                                 Case(_fc_inputs((1, 3, 3, 1), 3), label="m = 1")], weight=2),
    ], mistakes=[
        Mistake("bias forgotten", "Z = W a + b: add the bias column.", _fc_forward_with(bias=False)),
        Mistake("flattened with reshape(-1, m)", "A_prev.reshape(-1, m) mixes entries of different examples; flatten "
                "each example into a row and transpose: A_prev.reshape(m, -1).T.", _fc_forward_with(fortran=True)),
    ]),
    Part("fc_backward", returns=("dA_prev", "dW", "db"), checks=[
        Values("hidden layers", [Case(_fc_backward_inputs((3, 2, 2, 3), 4), label="A_prev (3, 2, 2, 3), 4 units"),
                                 Case(_fc_backward_inputs((5, 6), 2), label="A_prev (5, 6), 2 units")], weight=2),
        GradCheck("dA_prev, dW and db match central differences of Σ dZ · fc_forward(A_prev, W, b)",
                  [Case(_fc_backward_inputs((2, 2, 2, 2), 3), label="A_prev (2, 2, 2, 2), 3 units")],
                  objective=_fc_objective, wrt={"dA_prev": ((1, 0), (0,)), "dW": ((1, 1), (1,)), "db": ((1, 2), (2,))}),
    ], mistakes=[
        Mistake("dW and db divided by m", "As in conv_backward, dZ is already the gradient of the cost: sum over the "
                "examples without 1/m.", _fc_backward_with(mean=True)),
        Mistake("db without keepdims", "np.sum(dZ, axis=1, keepdims=True) keeps db of shape (n, 1), the shape of b.",
                _fc_backward_with(keepdims=False)),
    ]),
]
