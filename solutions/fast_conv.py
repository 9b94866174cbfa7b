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

How it works. A convolution is one matrix product. The im2col matrix ``rows`` has one row per window
(example, h, w), one column per filter entry (i, j, c) and a last column of ones, the input that the
bias multiplies; ``Z_rows = rows @ weights`` with ``weights`` = ``W.reshape(f * f * n_C_prev, n_C)``
and ``b`` below it. The backward pass rebuilds ``rows`` (the cache is the course's, without it) for
``rows.T @ dZ_rows``, which is dW and, in its last row, db; the gradient of the matrix (without the
ones), ``dZ_rows @ W.reshape(f * f * n_C_prev, n_C).T``, goes back to the input's shape with f * f additions of shifted arrays
(col2im), one per filter entry (i, j), which also sum the contributions of overlapping windows.

Memory order, chosen so that each step moves long contiguous runs:

- The im2col matrix is one copy of a strided view of the zero-padded input. With few input channels
  (fewer than ``_CHANNELS_LAST_FROM``) the padded input is laid out channels first,
  ``(n_C_prev, m, H, W)``, and the matrix is stored transposed (a row per filter entry, whose
  entries for consecutive windows are consecutive pixels); with more channels the padded input
  stays NHWC and the entries (j, c) of one row i of a window are consecutive.
- The gradient of the matrix is computed entry by entry, the gradient of entry (i, j) of every
  window one contiguous array (with channels last, as the f * f products ``dZ_rows @ W[i, j].T`` in
  one batched call), which col2im adds in one operation.
- Stride 1, "wide" windows: a window starts at every column of the padded width, not only at the
  ``n_W`` valid ones, so that the windows of one row, then of the next rows, are one run of
  consecutive pixels: col2im adds long contiguous runs, and so does im2col copy them if channels
  first (channels last, its runs are f * n_C_prev numbers long anyway and it keeps n_W windows per
  row). The extra ``f - 1`` windows of a row read the start of the next row; they are dropped from Z
  and get a zero gradient. A zero row below the padded input keeps the last ones in bounds. Used
  when it adds at most a quarter more windows (``_WIDE_LIMIT``).
- Stride s > 1, channels first: col2im works on "phase grids", the pixels (s Y + r, s X + t) of the
  padded input for each (r, t), where entry (s a + r, s b + t) of window (h, w) is grid pixel
  (h + a, w + b): the stride disappears, and wide windows on the grids make the additions contiguous
  again. The gradient is interleaved back into NHWC at the end.
- Channels first without phase grids (the wide windows would add too many, e.g. a 14 x 14 input
  and a 5 x 5 filter): col2im works with the examples as the last axis, ``(n_C_prev, H, W, m)``, so
  that each addition moves runs of n_W pixels of all the examples instead of n_W pixels.
- Examples are taken in blocks whose im2col matrix holds at most ``_BLOCK_BYTES``, so that the
  matrix is still in the processor's cache when the products read it (the result is the same);
  col2im takes groups of examples large enough that its f * f additions are not mostly call overhead.
- A 1 x 1 convolution with stride 1 and no padding needs no im2col: its matrix is A_prev itself.
- The padded input, the matrix and the other intermediate arrays are scratch arrays kept between
  calls (per thread, up to ``_SCRATCH_BYTES`` each) instead of new allocations, whose page faults cost
  as much as the arithmetic at these sizes. The results are always new arrays.

Pooling makes f * f whole-array operations, one per entry of the window, instead of one operation
per window.
"""

import threading

import numpy as np

__all__ = ["conv_forward", "conv_backward", "pool_forward", "pool_backward", "conv_output_size"]

# Size of the im2col matrix of one block of examples. A larger batch is processed block by block, so that
# the matrix is still in the processor's cache when the products read it.
_BLOCK_BYTES = 1 << 19
# From this many input channels on, the padded input stays NHWC (else it is laid out channels first).
_CHANNELS_LAST_FROM = 12
# Wide windows (stride 1) are used when the padded width is at most this many times n_W.
_WIDE_LIMIT = 1.25
# Scratch arrays up to this size are kept between calls (one per name and thread); larger ones are not.
_SCRATCH_BYTES = 1 << 23
# col2im: the smallest addition with phase grids (numbers), the groups of examples without (see _Layout).
_ADDITION_SIZE = 4096
_GROUP_BYTES = 1 << 23
_scratch = threading.local()


def conv_output_size(n, f, pad, stride):
    """Output length along one axis: floor((n + 2 pad - f) / stride) + 1 (an int)."""
    return (n + 2 * pad - f) // stride + 1


def _scratch_array(name, shape):
    """An uninitialised float64 array of the given shape, in this thread's buffer ``name`` (grown when too
    small). Its content is valid until the next request of the same name in this thread."""
    size = 1
    for n in shape:
        size *= n
    if size * 8 > _SCRATCH_BYTES:
        return np.empty(shape)
    buffers = _scratch.__dict__
    buffer = buffers.get(name)
    if buffer is None or buffer.size < size:
        buffer = buffers[name] = np.empty(size)
    return buffer[:size].reshape(shape)


def _blocks(m, bytes_per_example, budget):
    """Slices of consecutive examples holding at most ``budget`` bytes (at least one example each)."""
    size = max(1, budget // bytes_per_example)
    return [slice(start, min(start + size, m)) for start in range(0, m, size)]


class _Layout:
    """The layout of one convolution: output size, memory order, windows per output row, blocks."""

    def __init__(self, input_shape, f, stride, pad):
        m, n_H_prev, n_W_prev, n_C_prev = input_shape
        self.m, self.f, self.stride, self.pad = m, f, stride, pad
        self.n_H_prev, self.n_W_prev, self.n_C_prev = n_H_prev, n_W_prev, n_C_prev
        self.n_H = conv_output_size(n_H_prev, f, pad, stride)
        self.n_W = conv_output_size(n_W_prev, f, pad, stride)
        self.channels_first = n_C_prev < _CHANNELS_LAST_FROM
        padded_height, padded_width = n_H_prev + 2 * pad, n_W_prev + 2 * pad
        self.entries = f * f * n_C_prev                                    # columns of the im2col matrix

        # col2im on phase grids: the pixels (s Y + r, s X + t) of the padded input, for one phase (r, t), form a
        # grid (Y, X) of `grid_width` columns, on which entry (i, j) = (s a + r, s b + t) of window (h, w) is
        # (h + a, w + b). With one wide window per column of the grid (the last (f - 1) // s of a row are
        # dropped), the windows of a block are one run of consecutive grid pixels for each entry. With stride
        # 1 there is one phase, the padded input itself. Used when it adds at most a quarter more windows.
        # With channels last and a stride, the plain strided additions already move runs of n_C_prev >= 12.
        self.grid_width = -(-padded_width // stride)
        self.phases = self.grid_width <= _WIDE_LIMIT * self.n_W and (stride == 1 or self.channels_first)
        reach = (f - 1) // stride                                          # largest a (and b)
        # The wide windows of the last output row reach `reach` grid pixels into the row below the last.
        self.grid_height = max(-(-padded_height // stride), self.n_H + reach + (1 if reach else 0))
        # im2col with wide windows (stride 1, channels first; with channels last, im2col copies runs of
        # f * n_C_prev numbers anyway, and the extra windows would only add work): windows per output row.
        self.wide = stride == 1 and self.phases and self.channels_first
        self.width = padded_width if self.wide else self.n_W
        self.padded_size = (self.grid_height if self.wide else padded_height, padded_width)

        self.blocks = _blocks(m, 8 * self.entries * self.n_H * self.width, _BLOCK_BYTES)
        # col2im makes f * f additions per group of examples. With phase grids, a group is a block, but with
        # at least _ADDITION_SIZE numbers per addition, so that the cost of a call stays small next to its work.
        # Without phase grids, the additions move short runs (n_W pixels, or n_C_prev numbers, at stride s):
        # the overhead per call outweighs the cache, and the groups are larger.
        if self.phases:
            grid_run = n_C_prev * self.n_H * self.grid_width                # numbers per example and addition
            size = max(1, _BLOCK_BYTES // (8 * self.entries * self.n_H * self.grid_width),
                       -(-_ADDITION_SIZE // grid_run))
            self.groups = [slice(start, min(start + size, m)) for start in range(0, m, size)]
        else:
            self.groups = _blocks(m, 8 * self.entries * self.n_H * self.n_W, _GROUP_BYTES)

    def pad_input(self, A, name):
        """A (m, n_H_prev, n_W_prev, n_C_prev) zero-padded into scratch array ``name``:
        (n_C_prev, m, H, W) if channels first, else (m, H, W, n_C_prev)."""
        pad, (H, W) = self.pad, self.padded_size
        n_H_prev, n_W_prev = self.n_H_prev, self.n_W_prev
        if self.channels_first:
            padded = _scratch_array(name, (self.n_C_prev, self.m, H, W))
            planes = padded
            planes[:, :, pad:pad + n_H_prev, pad:pad + n_W_prev] = np.moveaxis(A, 3, 0)
        else:
            padded = _scratch_array(name, (self.m, H, W, self.n_C_prev))
            padded[:, pad:pad + n_H_prev, pad:pad + n_W_prev] = A
            planes = np.moveaxis(padded, 3, 0)                             # the axes of channels first
        # Zero what is not the image: the padding (and the extra row of wide windows).
        planes[:, :, :pad] = 0
        planes[:, :, pad + n_H_prev:] = 0
        planes[:, :, :, :pad] = 0
        planes[:, :, :, pad + n_W_prev:] = 0
        return padded

    def im2col(self, padded, block, zero_extra=False):
        """The im2col matrix of the examples ``block`` of a padded array, with a last column of ones (the input
        that the bias multiplies): ``rows`` (windows, f * f * n_C_prev + 1). Row (example, h, w), column
        (i, j, c) holds the padded input at (example, h * s + i, w * s + j, c), for ``width`` windows w per
        output row (with ``zero_extra``, the extra wide windows are zeros). A view of a scratch array (a
        transposed one if channels first)."""
        f, s, n_H, width, m = self.f, self.stride, self.n_H, self.width, block.stop - block.start
        windows_count = m * n_H * width
        if self.channels_first:
            n_C = padded.shape[0]
            s_c, s_m, s_h, s_w = padded.strides
            shape, strides = (f, f, n_C, m, n_H, width), (s_h, s_w, s_c, s_m, s_h * s, s_w * s)
            matrix = _scratch_array("im2col", (self.entries + 1, windows_count))
            matrix[-1] = 1
            entries = matrix[:-1].reshape(shape)
        else:
            n_C = padded.shape[3]
            s_m, s_h, s_w, s_c = padded.strides
            shape, strides = (m, n_H, width, f, f, n_C), (s_m, s_h * s, s_w * s, s_h, s_w, s_c)
            matrix = _scratch_array("im2col", (windows_count, self.entries + 1))
            matrix[:, -1] = 1
            entries = matrix[:, :-1].reshape(shape)
        # A strided view of the windows (numpy checks that it stays inside ``padded``, a contiguous array).
        windows = np.ndarray(shape, padded.dtype, padded, block.start * s_m, strides)
        np.copyto(entries, windows)
        if zero_extra and width != self.n_W:
            # The extra wide windows (channels first) read real pixels; zeroed, they add nothing to dW, also
            # where the input holds inf or NaN (their zero gradient times inf would be NaN).
            matrix.reshape(-1, m, n_H, width)[:, :, :, self.n_W:] = 0
        return matrix.T if self.channels_first else matrix

    def window_gradient(self, dZ_block, width):
        """dZ of a block of examples as (windows, n_C), ``width`` windows per output row (n_W, or more with
        wide windows, the dropped ones getting a zero gradient)."""
        m, n_H, n_W, n_C = dZ_block.shape
        if width == n_W:
            return np.reshape(dZ_block, (-1, n_C))
        dZ_wide = _scratch_array("dZ_wide", (m, n_H, width, n_C))
        dZ_wide[:, :, n_W:] = 0
        dZ_wide[:, :, :n_W] = dZ_block
        return dZ_wide.reshape(-1, n_C)

    def input_gradient(self, dZ, W):
        """dA_prev (m, n_H_prev, n_W_prev, n_C_prev) from dZ: the gradient of the im2col matrix, entry by entry,
        added back into a padded array by col2im, a group of examples at a time."""
        if not self.phases and self.channels_first:
            return self._input_gradient_examples_last(dZ, W)
        buffer = self._gradient_buffer()
        width = self.grid_width if self.phases else self.n_W
        finite_W = np.isfinite(W).all()
        for group in self.groups:
            d_entries = self._entry_gradients(self.window_gradient(dZ[group], width), W)
            if width != self.n_W and not finite_W:
                # The extra wide windows' entries get exactly 0, also where W holds inf or NaN (0 * inf is NaN).
                if self.channels_first:
                    d_entries.reshape(-1, group.stop - group.start, self.n_H, width)[:, :, :, self.n_W:] = 0
                else:
                    d_entries.reshape(-1, group.stop - group.start, self.n_H, width, self.n_C_prev)[:, :, :, self.n_W:] = 0
            if not self.phases:
                examples = buffer[group]
            elif self.channels_first:
                examples = buffer[:, :, :, group]
            else:
                examples = buffer[:, :, group]
            self._col2im(d_entries, examples)
        return self._crop_gradient(buffer)

    def _gradient_buffer(self):
        """A zeroed scratch array for col2im: with phase grids, (s, s, n_C_prev, m, grid_height, grid_width) if
        channels first, (s, s, m, grid_height, grid_width, n_C_prev) if not; else the padded input (NHWC)."""
        s, m, n_C = self.stride, self.m, self.n_C_prev
        if not self.phases:
            shape = (m,) + self.padded_size + (n_C,)
        elif self.channels_first:
            shape = (s, s, n_C, m, self.grid_height, self.grid_width)
        else:
            shape = (s, s, m, self.grid_height, self.grid_width, n_C)
        buffer = _scratch_array("gradient", shape)
        buffer.fill(0)
        return buffer

    def _entry_gradients(self, dZ_rows, W):
        """The gradient of the im2col matrix, dZ_rows @ W_rows.T, entry by entry: (f * f, n_C_prev, windows)
        if channels first, else (f * f, windows, n_C_prev); [i * f + j] is the gradient of entry (i, j) of
        every window, one contiguous array (a view of a scratch array)."""
        f, _, n_C_prev, n_C = np.shape(W)
        windows = dZ_rows.shape[0]
        if self.channels_first:
            # W_rows @ dZ_rows.T is (f * f * n_C_prev, windows): entry (i, j) is a block of rows.
            gradient = _scratch_array("entry_gradients", (self.entries, windows))
            np.matmul(np.reshape(W, (self.entries, n_C)), dZ_rows.T, out=gradient)
            return gradient.reshape(f * f, n_C_prev, windows)
        # f * f products dZ_rows @ W[i, j].T, in one batched call.
        gradient = _scratch_array("entry_gradients", (f * f, windows, n_C_prev))
        np.matmul(dZ_rows, np.reshape(W, (f * f, n_C_prev, n_C)).transpose(0, 2, 1), out=gradient)
        return gradient

    def _col2im(self, d_entries, buffer):
        """The adjoint of im2col: add the gradient of every window entry (``d_entries``, from _entry_gradients,
        for ``grid_width`` windows per output row with phase grids, n_W without) into ``buffer``, the
        examples of a group in a gradient buffer. Entries shared by several windows receive their sum."""
        f, s, n_H = self.f, self.stride, self.n_H
        if self.phases:
            H, W = self.grid_height, self.grid_width
            run = n_H * W
            if self.channels_first:
                n_C, m = buffer.shape[2:4]
                d_entries = d_entries.reshape(f, f, n_C, m, run)
            else:
                m, n_C = buffer.shape[2], buffer.shape[5]
                d_entries = d_entries.reshape(f, f, m, run * n_C)
            for i in range(f):
                a, r = divmod(i, s)
                for j in range(f):
                    b, t = divmod(j, s)
                    # Entry (i, j) of wide window (h, w) is grid pixel (h + a) * W + w + b of phase (r, t):
                    # for the group's windows, one run of n_H * W grid pixels starting at a * W + b.
                    start = a * W + b
                    if self.channels_first:
                        flat = buffer[r, t].reshape(n_C, m, H * W)
                        flat[:, :, start:start + run] += d_entries[i, j]
                    else:
                        flat = buffer[r, t].reshape(m, H * W * n_C)
                        flat[:, start * n_C:(start + run) * n_C] += d_entries[i, j]
            return
        # Channels last, without phase grids: entry (i, j) of window (h, w) is pixel (h * s + i, w * s + j),
        # and the additions move runs of n_C_prev numbers.
        n_W = self.n_W
        d_entries = d_entries.reshape((f, f, buffer.shape[0], n_H, n_W, buffer.shape[3]))
        for i in range(f):
            for j in range(f):
                buffer[:, i:i + s * (n_H - 1) + 1:s, j:j + s * (n_W - 1) + 1:s] += d_entries[i, j]

    def _crop_gradient(self, buffer):
        """The image part of a gradient buffer, as a new NHWC array (m, n_H_prev, n_W_prev, n_C_prev)."""
        s, pad = self.stride, self.pad
        if not self.phases:
            return buffer[:, pad:pad + self.n_H_prev, pad:pad + self.n_W_prev].copy()
        dA = np.empty((self.m, self.n_H_prev, self.n_W_prev, self.n_C_prev))
        for r in range(s):
            Y, y = _first_image_pixel(r, s, pad)                             # grid row, image row
            rows = slice(Y, Y + len(range(y, self.n_H_prev, s)))
            for t in range(s):
                X, x = _first_image_pixel(t, s, pad)
                columns = slice(X, X + len(range(x, self.n_W_prev, s)))
                if self.channels_first:
                    phase = np.moveaxis(buffer[r, t, :, :, rows, columns], 0, 3)
                else:
                    phase = buffer[r, t, :, rows, columns]
                dA[:, y::s, x::s] = phase
        return dA

    def _input_gradient_examples_last(self, dZ, W):
        """input_gradient, channels first without phase grids. The additions would move runs of only n_W
        pixels (or single pixels, with a stride); with the examples as the last axis, (n_C_prev, H, W, m),
        a run holds n_W pixels of every example of the group."""
        f, s, n_H, n_W, pad = self.f, self.stride, self.n_H, self.n_W, self.pad
        (H, W_padded), n_C_prev, n_C = self.padded_size, self.n_C_prev, np.shape(W)[3]
        W_rows = np.reshape(W, (self.entries, n_C))
        dA = np.empty((self.m, self.n_H_prev, self.n_W_prev, n_C_prev))
        for group in self.groups:
            m = group.stop - group.start
            dZ_t = _scratch_array("dZ_t", (n_C, n_H, n_W, m))                 # dZ with the examples last
            np.copyto(dZ_t, np.transpose(dZ[group], (3, 1, 2, 0)))
            d_entries = _scratch_array("entry_gradients", (self.entries, n_H * n_W * m))
            np.matmul(W_rows, dZ_t.reshape(n_C, -1), out=d_entries)
            d_entries = d_entries.reshape(f, f, n_C_prev, n_H, n_W * m)
            buffer = _scratch_array("gradient", (n_C_prev, H, W_padded, m))
            buffer.fill(0)
            rows = buffer.reshape(n_C_prev, H, W_padded * m)                  # a padded row: (column, example)
            for i in range(f):
                for j in range(f):
                    # Entry (i, j) of window (h, w) is pixel (h * s + i, w * s + j).
                    if s == 1:
                        rows[:, i:i + n_H, j * m:(j + n_W) * m] += d_entries[i, j]
                    else:
                        pixels = (slice(i, i + s * (n_H - 1) + 1, s), slice(j, j + s * (n_W - 1) + 1, s))
                        buffer[(slice(None),) + pixels] += d_entries[i, j].reshape(n_C_prev, n_H, n_W, m)
            image = buffer[:, pad:pad + self.n_H_prev, pad:pad + self.n_W_prev]
            dA[group] = np.transpose(image, (3, 1, 2, 0))
        return dA


def _first_image_pixel(r, s, pad):
    """For phase r (padded pixels s Y + r): the first grid index Y whose pixel is in the image (not padding),
    and that pixel's index in the image."""
    Y = max(0, -(-(pad - r) // s))
    return Y, s * Y + r - pad


def _is_pointwise(f, hparameters):
    """Whether the convolution is 1 x 1 with stride 1 and no padding: a product per pixel, no im2col needed."""
    return f == 1 and hparameters["stride"] == 1 and hparameters["pad"] == 0


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
    f, _, _, n_C = np.shape(W)
    if _is_pointwise(f, hparameters):
        # A 1 x 1 convolution (stride 1, no padding) multiplies every pixel by W[0, 0]: A_prev is the matrix.
        m, n_H, n_W, n_C_prev = np.shape(A_prev)
        Z = np.reshape(A_prev, (-1, n_C_prev)) @ np.reshape(W, (n_C_prev, n_C))
        Z += np.reshape(b, (1, n_C))
        return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)
    layout = _Layout(np.shape(A_prev), f, hparameters["stride"], hparameters["pad"])
    n_H, n_W, width = layout.n_H, layout.n_W, layout.width

    padded = layout.pad_input(A_prev, "padded")
    # The filters as rows (f * f * n_C_prev, n_C), and the biases as the weights of im2col's column of ones.
    weights = np.concatenate([np.reshape(W, (layout.entries, n_C)), np.reshape(b, (1, n_C))])
    Z = np.empty((layout.m, n_H, n_W, n_C))
    for block in layout.blocks:
        rows = layout.im2col(padded, block)                                     # (windows, f f n_C_prev + 1)
        if width == n_W:
            np.matmul(rows, weights, out=Z[block].reshape(-1, n_C))             # into a view of Z
        else:
            # Wide windows: `width` windows per output row, of which the first n_W are Z's.
            Z_wide = np.matmul(rows, weights, out=_scratch_array("Z_wide", (rows.shape[0], n_C)))
            np.copyto(Z[block].reshape(-1, n_W * n_C), Z_wide.reshape(-1, width * n_C)[:, :n_W * n_C])

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
    f, _, n_C_prev, n_C = np.shape(W)
    if _is_pointwise(f, hparameters):
        dZ_rows = np.reshape(dZ, (-1, n_C))
        db = (np.ones(dZ_rows.shape[0]) @ dZ_rows).reshape(1, 1, 1, n_C)
        W_rows = np.reshape(W, (n_C_prev, n_C))
        dA_prev = (dZ_rows @ W_rows.T).reshape(np.shape(A_prev))
        dW = np.reshape(A_prev, (-1, n_C_prev)).T @ dZ_rows
        return dA_prev, dW.reshape(1, 1, n_C_prev, n_C), db
    layout = _Layout(np.shape(A_prev), f, hparameters["stride"], hparameters["pad"])

    padded = layout.pad_input(A_prev, "padded")
    # dW and, from the column of ones, db (dropped wide windows have a zero gradient: they add nothing,
    # unless they read inf or NaN, then they are zeroed in the matrix).
    zero_extra = layout.wide and not np.isfinite(padded).all()
    d_weights = np.zeros((layout.entries + 1, n_C))
    for block in layout.blocks:
        rows = layout.im2col(padded, block, zero_extra)                         # (windows, f f n_C_prev + 1)
        d_weights += rows.T @ layout.window_gradient(dZ[block], layout.width)
    dW, db = d_weights[:-1].reshape(f, f, n_C_prev, n_C).copy(), d_weights[-1].reshape(1, 1, 1, n_C).copy()

    dA_prev = layout.input_gradient(dZ, W)
    return dA_prev, dW, db


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
