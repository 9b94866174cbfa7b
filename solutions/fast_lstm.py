"""Fast reference for the LSTM over a sequence: the four gates stacked, and the time-independent
matrix products taken out of the time loop.

Curriculum section: 序列模型 (sequence models): 长短期记忆 (LSTM, long short-term memory).

The assignment `gru_lstm` teaches the LSTM one cell at a time, as the course does: `lstm_forward`
calls `lstm_cell_forward` at every step, and `lstm_backward` calls `lstm_cell_backward`, which makes
four products for the weights' gradients of that step. This module computes the same results with
fewer, larger matrix products, as deep-learning libraries do (torch.nn.LSTM), for larger problems
(benchmarks, training). It imports numpy only.

The signatures, results and caches are those of DLS (C5W1 A1), so the two versions are
interchangeable (the forward of one with the backward of the other):

    lstm_forward(x, a0, parameters) -> (a, y, c, caches)     caches = (list of T_x cell caches, x)
        cell cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    lstm_backward(da, caches) -> dict dx, da0, dWf, dbf, dWi, dbi, dWc, dbc, dWo, dbo

Shapes: x (n_x, m, T_x); a, c and da (n_a, m, T_x); y (n_y, m, T_x); every gate's W (n_a, n_a + n_x)
acts on [a<t-1>; x<t>], its b is (n_a, 1). The memory cell starts at zero. As in `gru_lstm`,
`da[:, :, t]` is the gradient that arrives from y<t> only; the part carried back from step t+1 is
added here.

How it works. The gate weights and biases are stacked once per call, Wb = [Wf bf; Wi bi; Wo bo; Wc bc]
(4 n_a, n_a + n_x + 1), the three sigmoid gates first so that one sigmoid covers rows [0, 3 n_a).
Forward, the input part of the pre-activations depends on x<t> only, known in advance: one call
computes Wb[:, n_a:] [x<t>; 1] for every step before the loop (the bias rides on a row of ones); the
loop adds the recurrent part W[:, :n_a] a<t-1> (one product per step) and applies the element-wise
gate equations in place.
Backward, the loop computes the gradient of step t's stacked pre-activations, dZ<t> (4 n_a, m), and
carries back da<t-1> = W[:, :n_a]^T dZ<t> (one product per step) and dc<t-1> = dc * Γf. After the
loop, one product gives the weights' and the biases' gradients of all steps,
[dZ<1> ... dZ<T_x>] [[a<0>; x<1>; 1] ... [a<T_x-1>; x<T_x>; 1]]^T (the row of ones sums dZ for the
biases), and one product the inputs' gradients, dx = W[:, n_a:]^T [dZ<1> ... dZ<T_x>]; the course's
version makes 4 T_x products for the weights' gradients and 4 T_x for the inputs'.

Memory layout, for speed. Arrays that a step reads or writes element by element are time-major,
(T_x, rows, m), so that each step's slice is one contiguous block; the arrays that feed the large
products after the loop are (rows, T_x, m), filled by one copy per step. Each function allocates
its work arrays as views of one block (see `_arrays`); the results are returned in DLS's layout.
"""

import numpy as np

__all__ = ["lstm_forward", "lstm_backward"]

# Stacking order of the gates: the three sigmoid gates, then the candidate (tanh).
_ORDER = ("f", "i", "o", "c")


def _stack_weights(parameters, Wb):
    """Fill Wb (4 n_a, n_a + n_x + 1) with [Wf bf; Wi bi; Wo bo; Wc bc]."""
    n_a = parameters["Wf"].shape[0]
    for k, g in enumerate(_ORDER):
        Wb[k * n_a:(k + 1) * n_a, :-1] = parameters["W" + g]
        Wb[k * n_a:(k + 1) * n_a, -1:] = parameters["b" + g]


_LARGE_PAGE = 1 << 21  # bytes


def _arrays(*shapes):
    """New float64 arrays of the given shapes, all views of one block, each starting on a 64-byte line.

    One allocation instead of several, for the cost of first use: on Linux, numpy asks the kernel to
    back allocations of 4 MiB and more with 2 MiB pages, and the kernel does so for whole 2 MiB ranges
    of the allocation, each then costing one page fault instead of 512. A block of that size is
    therefore aligned on 2 MiB and its last range completed (the memory beyond the arrays is never
    touched).
    """
    sizes = [int(np.prod(shape)) for shape in shapes]
    starts = np.cumsum([0] + [-(-size // 8) * 8 for size in sizes])
    total = int(starts[-1])
    align = _LARGE_PAGE if total * 8 >= 2 * _LARGE_PAGE else 64  # bytes
    memory = np.empty(-(-total * 8 // align) * align // 8 + align // 8)
    offset = (-memory.ctypes.data % align) // 8
    block = memory[offset:offset + total]
    return [block[start:start + size].reshape(shape) for start, size, shape in zip(starts, sizes, shapes)]


def _sigmoid_in_place(z):
    """z <- 1 / (1 + exp(-z)); exp overflows to inf for z < -709, and the limit 0 is right."""
    np.negative(z, out=z)
    with np.errstate(over="ignore"):
        np.exp(z, out=z)
    z += 1.0
    np.reciprocal(z, out=z)


def _softmax(z):
    """Softmax over axis 0."""
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    e /= np.sum(e, axis=0, keepdims=True)
    return e


def lstm_forward(x, a0, parameters):
    """The LSTM over a whole sequence; the memory cell starts at zero, as in DLS.

    Arguments:
    x -- ndarray (n_x, m, T_x), the input sequence
    a0 -- ndarray (n_a, m), the initial hidden state
    parameters -- dict with Wf, Wi, Wc, Wo (n_a, n_a + n_x), bf, bi, bc, bo (n_a, 1),
                  Wy (n_y, n_a), by (n_y, 1)

    Returns:
    a -- ndarray (n_a, m, T_x), the hidden states
    y -- ndarray (n_y, m, T_x), the predictions softmax(Wy a<t> + by)
    c -- ndarray (n_a, m, T_x), the memory cells
    caches -- tuple (list of the T_x cell caches, x), the cell caches as lstm_cell_forward's

    a, c and the caches' arrays are views of one block of memory, which lives as long as any of them.
    """
    x = np.asarray(x, dtype=np.float64)
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    Wb, x_steps, gates, a_steps, c_steps, a, c = _arrays(
        (4 * n_a, n_a + n_x + 1), (T_x, n_x + 1, m), (T_x, 4 * n_a, m), (T_x, n_a, m), (T_x, n_a, m),
        (n_a, m, T_x), (n_a, m, T_x))
    _stack_weights(parameters, Wb)
    W_a = Wb[:, :n_a]
    # The input projections of every step, bias included (a row of ones under x<t>): gates[t] starts
    # as W[:, n_a:] x<t> + b, (4 n_a, m).
    x_steps[:, :n_x] = x.transpose(2, 0, 1)
    x_steps[:, n_x] = 1.0
    np.matmul(Wb[:, n_a:], x_steps, out=gates)
    recurrent = np.empty((4 * n_a, m))
    scratch = np.empty((n_a, m))
    caches = []
    a_prev, c_prev = np.asarray(a0, dtype=np.float64), np.zeros((n_a, m))
    for t in range(T_x):
        z = gates[t]
        np.matmul(W_a, a_prev, out=recurrent)
        z += recurrent
        _sigmoid_in_place(z[:3 * n_a])
        np.tanh(z[3 * n_a:], out=z[3 * n_a:])
        ft, it, ot, cct = z[:n_a], z[n_a:2 * n_a], z[2 * n_a:3 * n_a], z[3 * n_a:]
        c_next, a_next = c_steps[t], a_steps[t]
        np.multiply(it, cct, out=c_next)
        np.multiply(ft, c_prev, out=scratch)
        c_next += scratch
        np.tanh(c_next, out=a_next)
        a_next *= ot
        caches.append((a_next, c_next, a_prev, c_prev, ft, it, cct, ot, x[:, :, t], parameters))
        a_prev, c_prev = a_next, c_next
    a[...] = a_steps.transpose(1, 2, 0)
    c[...] = c_steps.transpose(1, 2, 0)
    # The predictions of every step at once.
    scores = np.matmul(parameters["Wy"], a.reshape(n_a, m * T_x)).reshape(n_y, m, T_x)
    scores += parameters["by"][:, :, None]
    y = _softmax(scores)
    return a, y, c, (caches, x)


def lstm_backward(da, caches):
    """Backpropagation through time through the LSTM (the hidden states and cells; not the output layer).

    Arguments:
    da -- ndarray (n_a, m, T_x), the gradient with respect to a<t> that arrives from y<t> only
    caches -- tuple (list of cell caches, x) from lstm_forward (of this module or of gru_lstm)

    Returns:
    gradients -- dict with dx (n_x, m, T_x), da0 (n_a, m), and dWf, dbf, dWi, dbi, dWc, dbc, dWo, dbo
                 (shapes of the parameters) summed over the time steps
    """
    cell_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    Wb, W_a_T, dZ, inputs, da_steps, dx_steps = _arrays(
        (4 * n_a, n_a + n_x + 1), (n_a, 4 * n_a), (4 * n_a, T_x, m), (n_a + n_x + 1, T_x, m), (T_x, n_a, m),
        (n_x, T_x * m))
    _stack_weights(cell_caches[0][9], Wb)
    W_a_T[...] = Wb[:, :n_a].T  # contiguous: the product of every step reads it whole
    # dz: the gradient of the current step's stacked pre-activations (rows in the order of Wb), copied
    # into dZ[:, t]; inputs[:, t] = [a<t-1>; x<t>; 1]. After the loop, one product of the two gives
    # the weights' and the biases' gradients of all steps.
    da_steps[...] = da.transpose(2, 0, 1)
    inputs[n_a:n_a + n_x] = x.transpose(0, 2, 1)
    inputs[n_a + n_x] = 1.0
    dz = np.empty((4 * n_a, m))
    df, di, do, dcc = dz[:n_a], dz[n_a:2 * n_a], dz[2 * n_a:3 * n_a], dz[3 * n_a:]
    da_carried, dc_carried = np.zeros((n_a, m)), np.zeros((n_a, m))
    da_next, dc, u, v = (np.empty((n_a, m)) for _ in range(4))
    for t in reversed(range(T_x)):
        (_, c_next, a_prev, c_prev, ft, it, cct, ot, _, _) = cell_caches[t]
        np.add(da_steps[t], da_carried, out=da_next)
        np.multiply(da_next, ot, out=u)  # u = da_next * Γo
        np.tanh(c_next, out=v)  # v = tanh(c<t>)
        # Output gate: da_next * tanh(c<t>) * Γo (1 - Γo).
        np.multiply(u, v, out=do)
        np.subtract(1.0, ot, out=dcc)  # dcc is scratch until its turn
        do *= dcc
        # The cell's whole gradient: dc = dc_next + da_next * Γo * (1 - tanh(c<t>)^2).
        np.square(v, out=v)
        np.subtract(1.0, v, out=v)
        v *= u
        np.add(dc_carried, v, out=dc)
        # Forget gate: dc * c<t-1> * Γf (1 - Γf); update gate: dc * c̃ * Γi (1 - Γi).
        np.multiply(dc, c_prev, out=df)
        df *= ft
        np.subtract(1.0, ft, out=dcc)
        df *= dcc
        np.multiply(dc, cct, out=di)
        di *= it
        np.subtract(1.0, it, out=dcc)
        di *= dcc
        # Candidate: dc * Γi * (1 - c̃^2).
        np.square(cct, out=dcc)
        np.subtract(1.0, dcc, out=dcc)
        dcc *= it
        dcc *= dc
        # What step t-1 receives: through the gates' recurrent weights, and through the cell.
        da_carried = np.matmul(W_a_T, dz)
        dc_carried = np.multiply(dc, ft)
        dZ[:, t] = dz
        inputs[:n_a, t] = a_prev
    dZ = dZ.reshape(4 * n_a, T_x * m)
    dWb, dx = _arrays((4 * n_a, n_a + n_x + 1), (n_x, m, T_x))  # the results
    np.matmul(dZ, inputs.reshape(n_a + n_x + 1, T_x * m).T, out=dWb)
    np.matmul(Wb[:, n_a:-1].T, dZ, out=dx_steps)
    dx[...] = dx_steps.reshape(n_x, T_x, m).transpose(0, 2, 1)
    gradients = {"dx": dx, "da0": da_carried}
    for k, g in enumerate(_ORDER):
        rows = slice(k * n_a, (k + 1) * n_a)
        gradients["dW" + g] = dWb[rows, :-1]
        gradients["db" + g] = dWb[rows, -1:]
    return gradients
