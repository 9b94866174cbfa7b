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

How it works. ``_windows`` gives a strided *view* of every f x f window, shape
``(m, n_H, n_W, f, f, n_C_prev)``, without copying. The forward convolution copies that view into one
matrix of rows ``(m * n_H * n_W, f * f * n_C_prev)`` (im2col) and multiplies it by the filters
reshaped to ``(f * f * n_C_prev, n_C)``. The backward pass multiplies by the transposes and scatters
the window gradients back with f * f strided additions (col2im), which also sums the contributions
of overlapping windows.
"""

import numpy as np

__all__ = ["conv_forward", "conv_backward", "pool_forward", "pool_backward", "conv_output_size"]


def conv_output_size(n, f, pad, stride):
    """Output length along one axis: floor((n + 2 pad - f) / stride) + 1 (an int)."""
    return (n + 2 * pad - f) // stride + 1


def _pad(A, pad):
    """A (m, n_H, n_W, n_C) padded with ``pad`` zeros on both sides of axes 1 and 2 (a new array)."""
    if pad == 0:
        return A
    return np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def _windows(A, f, stride, n_H, n_W):
    """Read-only strided view of the f x f windows of A (m, H, W, C): shape (m, n_H, n_W, f, f, C).

    Window (h, w) starts at row h * stride and column w * stride. No data is copied.
    """
    s0, s1, s2, s3 = A.strides
    m, _, _, n_C = A.shape
    return np.lib.stride_tricks.as_strided(
        A, shape=(m, n_H, n_W, f, f, n_C), strides=(s0, s1 * stride, s2 * stride, s1, s2, s3), writeable=False
    )


def _scatter_windows(d_windows, shape, stride):
    """Sum window gradients back into an array of ``shape`` (col2im).

    d_windows -- (m, n_H, n_W, f, f, C): the gradient of each entry of each window
    shape -- (m, H, W, C): the shape of the array the windows were taken from
    Returns an array of ``shape`` where every entry holds the sum over the windows that contain it.
    """
    m, n_H, n_W, f, _, _ = d_windows.shape
    out = np.zeros(shape, dtype=np.result_type(d_windows, np.float64))
    h_stop, w_stop = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f):
        for j in range(f):
            # Entry (i, j) of window (h, w) is pixel (h * stride + i, w * stride + j).
            out[:, i:i + h_stop:stride, j:j + w_stop:stride, :] += d_windows[:, :, :, i, j, :]
    return out


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

    windows = _windows(_pad(np.asarray(A_prev, dtype=np.float64), pad), f, stride, n_H, n_W)
    cols = windows.reshape(m * n_H * n_W, f * f * n_C_prev)  # copies: the im2col matrix
    Z = cols @ W.reshape(f * f * n_C_prev, n_C) + np.reshape(b, (1, n_C))
    Z = Z.reshape(m, n_H, n_W, n_C)

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

    A_pad = _pad(np.asarray(A_prev, dtype=np.float64), pad)
    cols = _windows(A_pad, f, stride, n_H, n_W).reshape(m * n_H * n_W, f * f * n_C_prev)
    dZ_rows = np.reshape(dZ, (m * n_H * n_W, n_C))

    dW = (cols.T @ dZ_rows).reshape(f, f, n_C_prev, n_C)
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C)
    d_windows = (dZ_rows @ W.reshape(f * f * n_C_prev, n_C).T).reshape(m, n_H, n_W, f, f, n_C_prev)
    dA_pad = _scatter_windows(d_windows, A_pad.shape, stride)
    dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    if pad:
        dA_prev = np.ascontiguousarray(dA_prev)
    return dA_prev, dW, db


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

    windows = _windows(np.asarray(A_prev, dtype=np.float64), f, stride, n_H, n_W)
    if mode == "max":
        A = windows.max(axis=(3, 4))
    elif mode == "average":
        A = windows.mean(axis=(3, 4))
    else:
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")

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
    m, n_H, n_W, n_C = dA.shape
    dA = np.asarray(dA, dtype=np.float64)

    if mode == "max":
        windows = _windows(np.asarray(A_prev, dtype=np.float64), f, stride, n_H, n_W)
        maxima = windows.max(axis=(3, 4), keepdims=True)
        d_windows = (windows == maxima) * dA[:, :, :, None, None, :]
    elif mode == "average":
        d_windows = np.broadcast_to((dA / (f * f))[:, :, :, None, None, :], (m, n_H, n_W, f, f, n_C))
    else:
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")
    return _scatter_windows(d_windows, np.shape(A_prev), stride)
