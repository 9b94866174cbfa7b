"""Fast reference for convolution and pooling layers: im2col and one matrix product per layer.

Curriculum section: CNN组成 (the building blocks of a CNN): CONV and POOL layers.

The assignment `cnn` teaches these layers with explicit loops, as the course does; this module
computes the same results with vectorised numpy, for grading (expected values on larger cases) and
for training networks in other assignments (`resnet`, `classic_networks`). It imports numpy only.

The signatures, results and caches are those of DLS (C4W1 A1), so the two versions are
interchangeable:

    conv_forward(A_prev, W, b, hparameters) -> (Z, cache)       cache = (A_prev, W, b, hparameters)
    conv_backward(dZ, cache) -> (dA_prev, dW, db)
    pool_forward(A_prev, hparameters, mode="max") -> (A, cache)   cache = (A_prev, hparameters)
    pool_backward(dA, cache, mode="max") -> dA_prev

Tensors are NHWC: ``A (m, n_H, n_W, n_C)``, filters ``W (f, f, n_C_prev, n_C)``, biases
``b (1, 1, 1, n_C)``. Convolution hyperparameters are ``{"stride": s, "pad": p}`` (zero padding on
both sides of height and width); pooling hyperparameters ``{"f": f, "stride": s}`` (no padding).
Output sizes: ``n_H = (n_H_prev + 2p - f) // s + 1``, likewise for the width. As in deep-learning
libraries, "convolution" is cross-correlation: the filter is not flipped.

How it works. A convolution is one matrix product. The padded input is laid out channels first,
``(n_C_prev, m, H, W)``, and one copy of a strided view of it gives the im2col matrix
``cols (f * f * n_C_prev, m * n_H * n_W)``: one row per filter entry (i, j, c), one column per window.
Then ``Z = cols.T @ W.reshape(f * f * n_C_prev, n_C)`` (+ b) is already in NHWC order. The backward
pass rebuilds ``cols`` (the cache is the course's, without it) and makes two more products,
``dW = cols @ dZ_rows`` and ``d_cols = W_rows @ dZ_rows.T``; ``d_cols`` goes back to the input's
shape with f * f strided additions (col2im), which also sum the contributions of overlapping
windows. When ``cols`` would exceed 512 KiB, the examples are taken in blocks of that size, one
product per block (for speed: the block stays in the cache; the result is the same). Pooling makes f * f whole-array operations, one per entry of the window, instead of one
operation per window.
"""

import numpy as np

__all__ = ["conv_forward", "conv_backward", "pool_forward", "pool_backward", "conv_output_size"]

# Size of the im2col matrix of one block of examples. A larger batch is processed block by block, so that
# the matrix is still in the processor's cache when the product reads it (and col2im its gradient);
# the grader's cases, and any batch whose matrix fits, take one block: one matrix product.
_BLOCK_BYTES = 1 << 19


def conv_output_size(n, f, pad, stride):
    """Output length along one axis: floor((n + 2 pad - f) / stride) + 1 (an int)."""
    return (n + 2 * pad - f) // stride + 1


def _channels_first(A, pad):
    """A (m, n_H, n_W, n_C) zero-padded and laid out as (n_C, m, n_H + 2 pad, n_W + 2 pad) (a new array)."""
    m, n_H, n_W, n_C = A.shape
    out = np.zeros((n_C, m, n_H + 2 * pad, n_W + 2 * pad))
    out[:, :, pad:pad + n_H, pad:pad + n_W] = np.moveaxis(A, 3, 0)
    return out


def _im2col(A_t, f, stride, n_H, n_W):
    """The im2col matrix of a channels-first array A_t (n_C, m, H, W): shape (f * f * n_C, m * n_H * n_W).

    Row (i, j, c) holds, for every window (example, h, w), the entry at row i and column j of the window
    in channel c, that is A_t[c, example, h * stride + i, w * stride + j]. The rows are ordered as the
    entries of W (f, f, n_C_prev, n_C) reshaped to (f * f * n_C_prev, n_C), so that one matrix product
    applies every filter to every window. Built by one copy of a strided view.
    """
    n_C, m = A_t.shape[:2]
    s_c, s_m, s_h, s_w = A_t.strides
    view = np.lib.stride_tricks.as_strided(
        A_t, shape=(f, f, n_C, m, n_H, n_W), strides=(s_h, s_w, s_c, s_m, s_h * stride, s_w * stride), writeable=False
    )
    return view.reshape(f * f * n_C, m * n_H * n_W)


def _col2im(cols, out, f, stride, n_H, n_W):
    """The adjoint of _im2col: add the rows of ``cols`` (f * f * n_C, m * n_H * n_W) into ``out``, a
    channels-first array (n_C, m, H, W) of zeros; entries covered by several windows receive their sum."""
    n_C, m = out.shape[:2]
    cols = cols.reshape(f, f, n_C, m, n_H, n_W)
    h_stop, w_stop = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f):
        for j in range(f):
            # Entry (i, j) of window (h, w) is pixel (h * stride + i, w * stride + j).
            out[:, :, i:i + h_stop:stride, j:j + w_stop:stride] += cols[i, j]
    return out


def _blocks(m, entries_per_example):
    """Slices of consecutive examples whose im2col matrices hold at most _BLOCK_BYTES (at least one example)."""
    size = max(1, _BLOCK_BYTES // (8 * entries_per_example))
    return [slice(start, min(start + size, m)) for start in range(0, m, size)]


def conv_forward(A_prev, W, b, hparameters):
    """Forward pass of a convolution layer (cross-correlation, zero padding, stride).

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev), activations of the previous layer
    W -- ndarray (f, f, n_C_prev, n_C), the filters
    b -- ndarray (1, 1, 1, n_C), one bias per filter
    hparameters -- dict {"stride": s, "pad": p}

    Returns:
    Z -- ndarray (m, n_H, n_W, n_C) with n_H = (n_H_prev + 2p - f) // s + 1, likewise n_W
    cache -- (A_prev, W, b, hparameters), for conv_backward
    """
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    n_H = conv_output_size(n_H_prev, f, pad, stride)
    n_W = conv_output_size(n_W_prev, f, pad, stride)

    A_t = _channels_first(A_prev, pad)
    filters = np.reshape(W, (f * f * n_C_prev, n_C))
    Z = np.empty((m, n_H, n_W, n_C))
    for block in _blocks(m, f * f * n_C_prev * n_H * n_W):
        cols = _im2col(A_t[:, block], f, stride, n_H, n_W)             # (f f n_C_prev, examples n_H n_W)
        Z_block = Z[block].reshape(-1, n_C)                             # a view of Z: (examples n_H n_W, n_C)
        # cols.T is a view too: the product reads it transposed and writes into Z in NHWC order.
        np.matmul(cols.T, filters, out=Z_block)
        Z_block += np.reshape(b, (1, n_C))

    cache = (A_prev, W, b, hparameters)
    return Z, cache


def conv_backward(dZ, cache):
    """Backward pass of a convolution layer.

    Arguments:
    dZ -- ndarray (m, n_H, n_W, n_C), gradient of the cost with respect to the layer's output Z
    cache -- (A_prev, W, b, hparameters) from conv_forward

    Returns:
    dA_prev -- ndarray (m, n_H_prev, n_W_prev, n_C_prev), gradient with respect to A_prev
    dW -- ndarray (f, f, n_C_prev, n_C), gradient with respect to W (summed over the examples)
    db -- ndarray (1, 1, 1, n_C), gradient with respect to b (summed over examples and positions)
    """
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    _, n_H, n_W, _ = dZ.shape

    A_t = _channels_first(A_prev, pad)
    filters = np.reshape(W, (f * f * n_C_prev, n_C))
    dW = np.zeros((f * f * n_C_prev, n_C))
    dA_t = np.zeros(A_t.shape)
    for block in _blocks(m, f * f * n_C_prev * n_H * n_W):
        cols = _im2col(A_t[:, block], f, stride, n_H, n_W)                      # (f f n_C_prev, examples n_H n_W)
        dZ_rows = np.reshape(dZ[block], (-1, n_C))                              # (examples n_H n_W, n_C)
        dW += cols @ dZ_rows
        d_cols = filters @ dZ_rows.T                                            # (f f n_C_prev, examples n_H n_W)
        _col2im(d_cols, dA_t[:, block], f, stride, n_H, n_W)                    # adds into a view of dA_t
    db = np.reshape(dZ, (-1, n_C)).sum(axis=0).reshape(1, 1, 1, n_C)
    dA_prev = np.ascontiguousarray(np.moveaxis(dA_t[:, :, pad:pad + n_H_prev, pad:pad + n_W_prev], 0, 3))
    return dA_prev, dW.reshape(f, f, n_C_prev, n_C), db


def _offsets(f, stride, n_H, n_W):
    """For each entry (i, j) of a window, the slice of the input that holds entry (i, j) of every window
    (window (h, w) starts at row h * stride, column w * stride): a view of shape (m, n_H, n_W, n_C)."""
    h_stop, w_stop = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f):
        for j in range(f):
            yield (slice(None), slice(i, i + h_stop, stride), slice(j, j + w_stop, stride), slice(None))


def pool_forward(A_prev, hparameters, mode="max"):
    """Forward pass of a pooling layer (no padding).

    Arguments:
    A_prev -- ndarray (m, n_H_prev, n_W_prev, n_C)
    hparameters -- dict {"f": f, "stride": s}
    mode -- "max" or "average"

    Returns:
    A -- ndarray (m, n_H, n_W, n_C) with n_H = (n_H_prev - f) // s + 1, likewise n_W
    cache -- (A_prev, hparameters), for pool_backward
    """
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H = conv_output_size(n_H_prev, f, 0, stride)
    n_W = conv_output_size(n_W_prev, f, 0, stride)
    if mode not in ("max", "average"):
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")

    # f * f whole-array operations, one per entry of the window, instead of one per window.
    A = None
    for window_entry in _offsets(f, stride, n_H, n_W):
        part = A_prev[window_entry]
        if A is None:
            A = np.array(part, dtype=np.float64)
        elif mode == "max":
            np.maximum(A, part, out=A)
        else:
            A += part
    if mode == "average":
        A /= f * f

    cache = (A_prev, hparameters)
    return A, cache


def pool_backward(dA, cache, mode="max"):
    """Backward pass of a pooling layer.

    Max pooling passes each window's gradient to the entries equal to the window's maximum (as the
    course's mask ``x == max(x)`` does, so tied maxima all receive it); average pooling spreads it
    equally over the f * f entries. Overlapping windows (stride < f) add up.

    Arguments:
    dA -- ndarray (m, n_H, n_W, n_C), gradient with respect to the pooling layer's output
    cache -- (A_prev, hparameters) from pool_forward
    mode -- "max" or "average"

    Returns:
    dA_prev -- ndarray (m, n_H_prev, n_W_prev, n_C), gradient with respect to A_prev
    """
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = np.shape(dA)
    if mode not in ("max", "average"):
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")

    dA_prev = np.zeros(np.shape(A_prev))
    if mode == "max":
        maxima, _ = pool_forward(A_prev, hparameters, "max")
        for window_entry in _offsets(f, stride, n_H, n_W):
            # Entry (i, j) of each window gets the window's gradient where it equals the window's maximum.
            dA_prev[window_entry] += np.where(A_prev[window_entry] == maxima, dA, 0.0)
    else:
        share = np.asarray(dA, dtype=np.float64) / (f * f)
        for window_entry in _offsets(f, stride, n_H, n_W):
            dA_prev[window_entry] += share
    return dA_prev
