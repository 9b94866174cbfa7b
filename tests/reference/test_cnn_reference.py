"""The CNN references: the loop versions (solutions/cnn.py) and the vectorised one (solutions/fast_conv.py)
against PyTorch in float64, against each other, and against centred differences."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from solutions import cnn as loops
from solutions import fast_conv as fast

RTOL = 1e-7
IMPLEMENTATIONS = {"loops": loops, "fast": fast}

# (m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad): small enough for the loops.
CONV_SHAPES = [
    (2, 5, 5, 3, 3, 4, 1, 1),
    (2, 7, 6, 2, 3, 3, 2, 1),   # stride 2, non-square
    (1, 6, 6, 1, 2, 2, 2, 0),   # no padding, even filter
    (3, 4, 5, 2, 3, 2, 1, 2),   # padding larger than (f - 1) / 2
    (1, 9, 9, 2, 5, 3, 3, 2),   # stride 3, the last rows are dropped by the floor
    (2, 5, 5, 2, 1, 3, 1, 0),   # 1 x 1 convolution
]
# Larger shapes for the fast version only.
FAST_CONV_SHAPES = [(8, 28, 28, 3, 5, 16, 1, 2), (4, 32, 30, 16, 3, 32, 2, 1), (2, 13, 17, 8, 4, 6, 3, 0),
                    (4, 9, 7, 20, 1, 12, 1, 0)]

# (m, n_H_prev, n_W_prev, n_C, f, stride)
POOL_SHAPES = [(2, 4, 4, 3, 2, 2), (1, 5, 7, 2, 3, 2), (2, 5, 5, 1, 2, 1), (2, 6, 5, 2, 3, 3)]
FAST_POOL_SHAPES = [(8, 28, 28, 16, 2, 2), (4, 31, 29, 8, 3, 2)]


def nchw(a):
    return torch.tensor(a.transpose(0, 3, 1, 2).copy(), dtype=torch.float64, requires_grad=True)


def nhwc(t):
    return t.detach().numpy().transpose(0, 2, 3, 1)


def conv_problem(shape, seed=0):
    m, n_H, n_W, n_C_prev, f, n_C, stride, pad = shape
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n_H, n_W, n_C_prev))
    W = rng.standard_normal((f, f, n_C_prev, n_C)) / f
    b = rng.standard_normal((1, 1, 1, n_C))
    return A, W, b, {"stride": stride, "pad": pad}


def torch_conv(A, W, b, hparameters, dZ):
    """PyTorch's convolution of the same problem: Z and the gradients of Σ dZ·Z, in NHWC."""
    tA, tb = nchw(A), torch.tensor(b.ravel(), requires_grad=True)
    tW = torch.tensor(np.ascontiguousarray(W.transpose(3, 2, 0, 1)), requires_grad=True)  # (n_C, n_C_prev, f, f)
    Z = F.conv2d(tA, tW, tb, stride=hparameters["stride"], padding=hparameters["pad"])
    Z.backward(torch.tensor(np.ascontiguousarray(dZ.transpose(0, 3, 1, 2))))
    return (nhwc(Z), nhwc(tA.grad), tW.grad.numpy().transpose(2, 3, 1, 0), tb.grad.numpy().reshape(1, 1, 1, -1))


def distinct(rng, shape):
    size = int(np.prod(shape))
    return (rng.permutation(size) * (4.0 / size) - 2.0).reshape(shape)


def torch_pool(A, hparameters, mode, dA):
    tA = nchw(A)
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    out = pool(tA, hparameters["f"], hparameters["stride"])
    out.backward(torch.tensor(np.ascontiguousarray(dA.transpose(0, 3, 1, 2))))
    return nhwc(out), nhwc(tA.grad)


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# ---------------------------------------------------------------------------------------------
# convolution


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
@pytest.mark.parametrize("shape", CONV_SHAPES, ids=str)
def test_conv_forward_and_backward_agree_with_pytorch(impl, shape):
    module = IMPLEMENTATIONS[impl]
    A, W, b, hparameters = conv_problem(shape)
    Z, cache = module.conv_forward(A, W, b, hparameters)
    dZ = np.random.default_rng(1).standard_normal(Z.shape)
    expected = torch_conv(A, W, b, hparameters, dZ)
    dA, dW, db = module.conv_backward(dZ, cache)
    for name, mine, theirs in zip(("Z", "dA_prev", "dW", "db"), (Z, dA, dW, db), expected):
        assert mine.shape == theirs.shape, name
        np.testing.assert_allclose(mine, theirs, rtol=RTOL, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("shape", FAST_CONV_SHAPES, ids=str)
def test_fast_conv_agrees_with_pytorch_on_larger_layers(shape):
    A, W, b, hparameters = conv_problem(shape, seed=2)
    Z, cache = fast.conv_forward(A, W, b, hparameters)
    dZ = np.random.default_rng(3).standard_normal(Z.shape)
    expected = torch_conv(A, W, b, hparameters, dZ)
    for name, mine, theirs in zip(("Z", "dA_prev", "dW", "db"), (Z, *fast.conv_backward(dZ, cache)), expected):
        np.testing.assert_allclose(mine, theirs, rtol=RTOL, atol=1e-10, err_msg=name)


@pytest.mark.parametrize("shape", CONV_SHAPES, ids=str)
def test_loop_and_fast_convolutions_agree(shape):
    A, W, b, hparameters = conv_problem(shape, seed=4)
    Z_loop, cache = loops.conv_forward(A, W, b, hparameters)
    Z_fast, fast_cache = fast.conv_forward(A, W, b, hparameters)
    np.testing.assert_allclose(Z_loop, Z_fast, rtol=1e-12, atol=1e-13)
    dZ = np.random.default_rng(5).standard_normal(Z_fast.shape)
    for mine, theirs in zip(loops.conv_backward(dZ, cache), fast.conv_backward(dZ, fast_cache)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-13)


def test_fast_conv_gives_the_same_result_block_by_block(monkeypatch):
    # Large batches go through im2col a block of examples at a time; the blocks must not show.
    A, W, b, hparameters = conv_problem((7, 9, 8, 3, 3, 4, 2, 1), seed=13)
    Z, cache = fast.conv_forward(A, W, b, hparameters)
    dZ = np.random.default_rng(14).standard_normal(Z.shape)
    whole = (Z, *fast.conv_backward(dZ, cache))
    monkeypatch.setattr(fast, "_BLOCK_BYTES", 8 * 3 * 3 * 3 * 5 * 4 * 3)  # three examples per block: 3 + 3 + 1
    monkeypatch.setattr(fast, "_ADDITION_SIZE", 1)
    layout = fast._Layout(A.shape, 3, 2, 1)
    # col2im's groups have 5 wide windows per output row (phase grids of the padded width 10): 2 + 2 + 2 + 1.
    assert len(layout.blocks) == 3 and layout.phases and len(layout.groups) == 4
    Z_blocks, cache = fast.conv_forward(A, W, b, hparameters)
    for one, other in zip(whole, (Z_blocks, *fast.conv_backward(dZ, cache))):
        np.testing.assert_allclose(one, other, rtol=1e-13, atol=1e-14)


# Every memory layout of the fast version (channels first or last, wide windows or not), one or several
# blocks: (m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad).
LAYOUT_SHAPES = CONV_SHAPES + [(4, 6, 7, 13, 3, 5, 1, 1), (3, 7, 7, 1, 7, 2, 1, 3), (5, 11, 9, 3, 4, 5, 1, 0),
                                (2, 5, 6, 3, 1, 2, 2, 1)]  # the last: 1 x 1 with stride and padding


@pytest.mark.parametrize("channels_last", [False, True], ids=["channels_first", "channels_last"])
@pytest.mark.parametrize("wide", [False, True], ids=["narrow", "wide"])
@pytest.mark.parametrize("block_bytes", [1 << 19, 64], ids=["one_block", "one_example_per_block"])
def test_every_layout_of_the_fast_conv_agrees_with_the_loops(monkeypatch, channels_last, wide, block_bytes):
    monkeypatch.setattr(fast, "_CHANNELS_LAST_FROM", 1 if channels_last else 1000)
    monkeypatch.setattr(fast, "_WIDE_LIMIT", 100.0 if wide else 1.0)
    monkeypatch.setattr(fast, "_BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(fast, "_GROUP_BYTES", block_bytes)
    monkeypatch.setattr(fast, "_ADDITION_SIZE", 1 if block_bytes < 1000 else 4096)
    for seed, shape in enumerate(LAYOUT_SHAPES):
        A, W, b, hparameters = conv_problem(shape, seed=20 + seed)
        layout = fast._Layout(A.shape, shape[4], shape[6], shape[7])
        assert layout.channels_first is not channels_last
        phases = shape[6] == 1 and (wide or shape[4] == 1)  # f = 1: no window to add
        assert layout.wide is (phases and not channels_last)
        if wide:
            assert layout.phases is (shape[6] == 1 or not channels_last)
        Z_loop, cache = loops.conv_forward(A, W, b, hparameters)
        Z_fast, fast_cache = fast.conv_forward(A, W, b, hparameters)
        np.testing.assert_allclose(Z_fast, Z_loop, rtol=1e-12, atol=1e-13, err_msg=str(shape))
        dZ = np.random.default_rng(40 + seed).standard_normal(Z_fast.shape)
        for mine, theirs in zip(fast.conv_backward(dZ, fast_cache), loops.conv_backward(dZ, cache)):
            np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-13, err_msg=str(shape))


@pytest.mark.parametrize("shape", [(3, 6, 7, 2, 3, 4, 1, 1), (2, 7, 6, 16, 3, 3, 2, 1), (2, 5, 6, 16, 1, 3, 1, 0)], ids=str)
def test_fast_conv_takes_non_contiguous_arrays(shape):
    A, W, b, hparameters = conv_problem(shape, seed=60)
    Z, cache = fast.conv_forward(A, W, b, hparameters)
    dZ = np.random.default_rng(61).standard_normal(Z.shape)
    expected = (Z, *fast.conv_backward(dZ, cache))
    # The same values through strided views (every other entry of larger arrays, in Fortran order).
    def strided(x):
        big = np.zeros(tuple(2 * n for n in x.shape), order="F")
        view = big[tuple(slice(None, None, 2) for _ in x.shape)]
        view[...] = x
        return view
    Z_view, cache = fast.conv_forward(strided(A), strided(W), strided(b), hparameters)
    for mine, theirs in zip((Z_view, *fast.conv_backward(strided(dZ), cache)), expected):
        np.testing.assert_allclose(mine, theirs, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("n_C_prev, stride", [(1, 1), (16, 1), (2, 2), (16, 2)])
@pytest.mark.parametrize("infinite", ["A_prev", "W"])
def test_fast_conv_agrees_with_the_loops_on_infinite_values(n_C_prev, stride, infinite):
    # The extra wide windows read real pixels and have zero gradients: they must add exactly nothing,
    # also where 0 * inf would be NaN.
    A, W, b, hparameters = conv_problem((2, 8, 8, n_C_prev, 3, 2, stride, 1), seed=70)
    if infinite == "A_prev":
        A[0, 3, 7, 0] = np.inf
    else:
        W[2, 2, 0, 1] = np.inf
    dZ = np.random.default_rng(71).standard_normal((2, 8 // stride, 8 // stride, 2))
    with np.errstate(invalid="ignore"):                                     # inf - inf, 0 * inf: NaN on purpose
        Z_loop, cache = loops.conv_forward(A, W, b, hparameters)
        Z_fast, fast_cache = fast.conv_forward(A, W, b, hparameters)
        mine = (Z_fast, *fast.conv_backward(dZ, fast_cache))
        theirs = (Z_loop, *loops.conv_backward(dZ, cache))
    for name, one, other in zip(("Z", "dA_prev", "dW", "db"), mine, theirs):
        np.testing.assert_allclose(one, other, rtol=1e-12, atol=1e-13, equal_nan=True, err_msg=name)


def test_fast_conv_results_are_not_its_scratch_arrays():
    # The intermediate arrays are reused between calls; what a call returns must not change afterwards.
    for shape in [(2, 5, 5, 1, 3, 2, 1, 0), (2, 6, 6, 16, 3, 4, 2, 1), (2, 5, 5, 1, 1, 3, 1, 0)]:
        A, W, b, hparameters = conv_problem(shape, seed=30)
        Z, cache = fast.conv_forward(A, W, b, hparameters)
        dZ = np.ones_like(Z)
        first = [Z.copy(), *(x.copy() for x in fast.conv_backward(dZ, cache))]
        returned = [Z, *fast.conv_backward(dZ, cache)]
        fast.conv_forward(2 * A, 3 * W, b, hparameters)
        fast.conv_backward(5 * dZ, cache)
        for before, after in zip(first, returned):
            np.testing.assert_array_equal(before, after)


def test_fast_conv_in_several_threads_at_once():
    # The scratch arrays belong to one thread: threads running convolutions together get their own results.
    from concurrent.futures import ThreadPoolExecutor

    problems = [conv_problem((3, 8, 8, 2 + 14 * (k % 2), 3, 4, 1 + k % 2, 1), seed=50 + k) for k in range(4)]

    def run(problem):
        A, W, b, hparameters = problem
        Z, cache = fast.conv_forward(A, W, b, hparameters)
        return [Z, *fast.conv_backward(Z, cache)]

    expected = [run(problem) for problem in problems]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(5):
            for mine, theirs in zip(pool.map(run, problems), expected):
                for one, other in zip(mine, theirs):
                    np.testing.assert_array_equal(one, other)


def test_caches_are_the_courses():
    A, W, b, hparameters = conv_problem(CONV_SHAPES[1])
    for module in IMPLEMENTATIONS.values():
        _, cache = module.conv_forward(A, W, b, hparameters)
        assert len(cache) == 4 and cache[0] is A and cache[1] is W and cache[2] is b and cache[3] is hparameters
        _, cache = module.pool_forward(A, {"f": 2, "stride": 2})
        assert len(cache) == 2 and cache[0] is A


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
def test_conv_backward_matches_centred_differences(impl):
    module = IMPLEMENTATIONS[impl]
    A, W, b, hparameters = conv_problem((1, 4, 5, 2, 3, 2, 2, 1), seed=6)
    Z, cache = module.conv_forward(A, W, b, hparameters)
    dZ = np.random.default_rng(7).standard_normal(Z.shape)
    grads = module.conv_backward(dZ, cache)

    def objective(A, W, b):
        return float(np.sum(dZ * module.conv_forward(A, W, b, hparameters)[0]))

    h = 1e-6
    for position, grad in enumerate(grads):
        args = [A, W, b]
        numeric = np.zeros_like(args[position])
        for idx in np.ndindex(numeric.shape):
            plus = [a.copy() for a in args]
            minus = [a.copy() for a in args]
            plus[position][idx] += h
            minus[position][idx] -= h
            numeric[idx] = (objective(*plus) - objective(*minus)) / (2 * h)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_padding_zero_backward_keeps_the_input_shape():
    # The course's `pad:-pad` slice is empty for pad = 0; the references must not be.
    A, W, b, hparameters = conv_problem((2, 5, 5, 2, 3, 2, 1, 0))
    for module in IMPLEMENTATIONS.values():
        Z, cache = module.conv_forward(A, W, b, hparameters)
        dA, _, _ = module.conv_backward(np.ones_like(Z), cache)
        assert dA.shape == A.shape and np.all(dA[:, 2, 2, :] != 0)


def test_conv_does_not_flip_the_filter():
    # One 1 at the top-left of the filter picks, at output (0, 0), the window's top-left pixel.
    A = np.arange(16.0).reshape(1, 4, 4, 1)
    W = np.zeros((3, 3, 1, 1))
    W[0, 0, 0, 0] = 1.0
    for module in IMPLEMENTATIONS.values():
        Z, _ = module.conv_forward(A, W, np.zeros((1, 1, 1, 1)), {"stride": 1, "pad": 0})
        np.testing.assert_array_equal(Z[0, :, :, 0], [[0.0, 1.0], [4.0, 5.0]])


# ---------------------------------------------------------------------------------------------
# pooling


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("shape", POOL_SHAPES, ids=str)
def test_pooling_agrees_with_pytorch(impl, mode, shape):
    module = IMPLEMENTATIONS[impl]
    m, n_H, n_W, n_C, f, stride = shape
    rng = np.random.default_rng(8)
    A, hparameters = distinct(rng, (m, n_H, n_W, n_C)), {"f": f, "stride": stride}
    out, cache = module.pool_forward(A, hparameters, mode=mode)
    dA = rng.standard_normal(out.shape)
    expected_out, expected_grad = torch_pool(A, hparameters, mode, dA)
    np.testing.assert_allclose(out, expected_out, rtol=RTOL, atol=0)
    np.testing.assert_allclose(module.pool_backward(dA, cache, mode=mode), expected_grad, rtol=RTOL, atol=1e-15)


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("shape", FAST_POOL_SHAPES, ids=str)
def test_fast_pooling_agrees_with_pytorch_on_larger_layers(mode, shape):
    m, n_H, n_W, n_C, f, stride = shape
    rng = np.random.default_rng(9)
    A, hparameters = rng.standard_normal((m, n_H, n_W, n_C)), {"f": f, "stride": stride}
    out, cache = fast.pool_forward(A, hparameters, mode=mode)
    dA = rng.standard_normal(out.shape)
    expected_out, expected_grad = torch_pool(A, hparameters, mode, dA)
    np.testing.assert_allclose(out, expected_out, rtol=RTOL, atol=0)
    np.testing.assert_allclose(fast.pool_backward(dA, cache, mode=mode), expected_grad, rtol=RTOL, atol=1e-15)


def test_max_pool_backward_gives_tied_maxima_the_gradient_each():
    # The course's mask x == max(x): both tied entries receive the window's gradient.
    A = np.array([[1.0, 3.0], [3.0, 0.0]]).reshape(1, 2, 2, 1)
    hparameters = {"f": 2, "stride": 2}
    for module in IMPLEMENTATIONS.values():
        _, cache = module.pool_forward(A, hparameters)
        dA_prev = module.pool_backward(np.full((1, 1, 1, 1), 0.5), cache)
        np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[0.0, 0.5], [0.5, 0.0]])


def test_pooling_rejects_an_unknown_mode():
    A = np.zeros((1, 2, 2, 1))
    with pytest.raises(ValueError):
        fast.pool_forward(A, {"f": 2, "stride": 2}, mode="min")
    with pytest.raises(ValueError):
        fast.pool_backward(np.zeros((1, 1, 1, 1)), (A, {"f": 2, "stride": 2}), mode="min")


# ---------------------------------------------------------------------------------------------
# helpers, notation and the fully connected layer


def test_mask_and_distribute_value_follow_the_course():
    x = np.array([[0.2, 0.8], [0.8, -0.1]])
    np.testing.assert_array_equal(loops.create_mask_from_window(x), [[False, True], [True, False]])
    np.testing.assert_allclose(loops.distribute_value(2.0, (2, 4)), np.full((2, 4), 0.25))


def test_zero_pad_pads_height_and_width_only():
    X = np.random.default_rng(10).standard_normal((2, 3, 4, 2))
    X_pad = loops.zero_pad(X, 2)
    assert X_pad.shape == (2, 7, 8, 2)
    np.testing.assert_array_equal(X_pad[:, 2:5, 2:6, :], X)
    assert np.count_nonzero(X_pad) == X.size


def test_conv_single_step_is_a_scalar():
    rng = np.random.default_rng(11)
    a, W = rng.standard_normal((3, 3, 2)), rng.standard_normal((3, 3, 2))
    Z = loops.conv_single_step(a, W, np.array([[[0.5]]]))
    assert np.ndim(Z) == 0
    assert Z == pytest.approx(float(np.sum(a * W)) + 0.5, rel=1e-12)


@pytest.mark.parametrize("n, f, p, s, expected", [(5, 3, 0, 1, 3), (6, 3, 1, 2, 3), (227, 11, 0, 4, 55),
                                                   (11, 4, 0, 3, 3), (32, 5, 2, 1, 32)])
def test_conv_output_size_is_the_floor_formula_and_matches_pytorch(n, f, p, s, expected):
    assert loops.conv_output_size(n, f, p, s) == expected
    assert isinstance(loops.conv_output_size(n, f, p, s), int)
    out = F.conv2d(torch.zeros(1, 1, n, n, dtype=torch.float64), torch.zeros(1, 1, f, f, dtype=torch.float64),
                   stride=s, padding=p)
    assert out.shape[-1] == expected


@pytest.mark.parametrize("f, n_C_prev, n_C", [(3, 3, 10), (5, 1, 6), (11, 3, 96), (3, 64, 128)])
def test_conv_param_count_matches_a_pytorch_layer(f, n_C_prev, n_C):
    layer = torch.nn.Conv2d(n_C_prev, n_C, f)
    assert loops.conv_param_count(f, n_C_prev, n_C) == sum(p.numel() for p in layer.parameters())


def test_fully_connected_layer_agrees_with_pytorch():
    rng = np.random.default_rng(12)
    A, W, b = rng.standard_normal((3, 2, 2, 3)), rng.standard_normal((4, 12)), rng.standard_normal((4, 1))
    Z, cache = loops.fc_forward(A, W, b)
    dZ = rng.standard_normal(Z.shape)
    tA = torch.tensor(A, requires_grad=True)
    tW, tb = torch.tensor(W, requires_grad=True), torch.tensor(b[:, 0], requires_grad=True)
    tZ = F.linear(tA.reshape(3, -1), tW, tb)  # (m, n): one row per example
    tZ.backward(torch.tensor(dZ.T))
    np.testing.assert_allclose(Z, tZ.detach().numpy().T, rtol=RTOL)
    dA, dW, db = loops.fc_backward(dZ, cache)
    np.testing.assert_allclose(dA, tA.grad.numpy(), rtol=RTOL)
    np.testing.assert_allclose(dW, tW.grad.numpy(), rtol=RTOL)
    np.testing.assert_allclose(db, tb.grad.numpy().reshape(4, 1), rtol=RTOL)
