"""The reference LSTMs (solutions/gru_lstm.py, solutions/fast_lstm.py) against torch.nn.LSTM: forward
pass plus backward pass.

For each size (n_x, n_a, m, T_x), separate processes, one thread each (OPENBLAS_NUM_THREADS,
OMP_NUM_THREADS and MKL_NUM_THREADS = 1, and torch.set_num_threads(1)), float64 on every side:

- graded: `lstm_forward(x, a0, parameters)` then `lstm_backward(da, caches)` of `solutions.gru_lstm`,
  the course's structure: one `lstm_cell_forward` / `lstm_cell_backward` call per step, each with its
  own matrix products (four for the gates, four for the weights' gradients, four for the inputs');
- fast: the same two functions of `solutions.fast_lstm` (same results and caches): the gates stacked,
  the input projections of all steps in one call before the loop, and the weights' and inputs'
  gradients of all steps in one product each after it;
- torch: `nn.LSTM` forward from (a0, zeros), then autograd's backward of `sum(da * output)`, which
  yields the same gradients (tests/reference/test_gru_lstm_reference.py checks that they agree);
- for context, torch cell by cell: `nn.LSTMCell` called in a Python loop over the time steps, then the
  same autograd backward. This is the structure of the course's code (one cell call per step), while
  nn.LSTM computes the input projections of all time steps, and their gradients, in single large
  matrix products.

Each process times `--repeats` runs after one warm-up, in CPU time of the process (wall-clock time on
a shared machine mostly measures the other processes' load), and reports the fastest; each size is
measured `--rounds` times, the sides alternating, and the table prints the best time of each side and the ratios graded / torch and
fast / torch (below 1: the numpy version is faster).

Usage: `.venv/bin/python bench/lstm.py [--repeats N] [--rounds R]`
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SIZES = [  # (n_x, n_a, m, T_x); the first is the course notebook's
    (3, 5, 10, 7),
    (5, 10, 10, 20),
    (27, 50, 32, 40),
    (64, 128, 64, 30),
    (128, 256, 64, 20),
]

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _problem(n_x, n_a, m, T_x, seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    parameters = {}
    for gate in ("f", "i", "c", "o"):
        parameters["W" + gate] = rng.normal(size=(n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        parameters["b" + gate] = 0.1 * rng.normal(size=(n_a, 1))
    parameters["Wy"] = rng.normal(size=(2, n_a)) / np.sqrt(n_a)
    parameters["by"] = np.zeros((2, 1))
    return (rng.normal(size=(n_x, m, T_x)), 0.1 * rng.normal(size=(n_a, m)), parameters,
            rng.normal(size=(n_a, m, T_x)))


def _best_seconds(step, repeats):
    """The fastest of ``repeats`` timed runs after a warm-up, in CPU time of this (single-threaded)
    process: on a shared machine wall-clock time mostly measures the neighbours' load."""
    step()
    times = []
    for _ in range(repeats):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return min(times)


def _measure_reference(module, size, repeats):
    sys.path.insert(0, str(ROOT))
    reference = importlib.import_module(module)
    x, a0, parameters, da = _problem(*size)

    def step():
        _, _, _, caches = reference.lstm_forward(x, a0, parameters)
        reference.lstm_backward(da, caches)

    return _best_seconds(step, repeats)


def measure_graded(size, repeats):
    return _measure_reference("solutions.gru_lstm", size, repeats)


def measure_fast(size, repeats):
    return _measure_reference("solutions.fast_lstm", size, repeats)


def measure_torch(size, repeats):
    import numpy as np
    import torch

    torch.set_num_threads(1)
    n_x, n_a, m, T_x = size
    x, a0, parameters, da = _problem(*size)
    lstm = torch.nn.LSTM(n_x, n_a, dtype=torch.float64)
    order = ("Wi", "Wf", "Wc", "Wo")  # torch's gate order i, f, g, o
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(np.vstack([parameters[W][:, n_a:] for W in order])))
        lstm.weight_hh_l0.copy_(torch.from_numpy(np.vstack([parameters[W][:, :n_a] for W in order])))
        lstm.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([parameters["b" + W[1:]] for W in order]).ravel()))
        lstm.bias_hh_l0.zero_()
    xs = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 1, 0))).requires_grad_(True)
    h0 = torch.from_numpy(np.ascontiguousarray(a0.T[None])).requires_grad_(True)
    c0 = torch.zeros_like(h0)
    upstream = torch.from_numpy(np.ascontiguousarray(da.transpose(2, 1, 0)))

    def step():
        lstm.zero_grad(set_to_none=True)
        xs.grad = h0.grad = None
        out, _ = lstm(xs, (h0, c0))
        out.backward(upstream)

    return _best_seconds(step, repeats)


def measure_torch_cells(size, repeats):
    import numpy as np
    import torch

    torch.set_num_threads(1)
    n_x, n_a, m, T_x = size
    x, a0, parameters, da = _problem(*size)
    cell = torch.nn.LSTMCell(n_x, n_a, dtype=torch.float64)
    order = ("Wi", "Wf", "Wc", "Wo")
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(np.vstack([parameters[W][:, n_a:] for W in order])))
        cell.weight_hh.copy_(torch.from_numpy(np.vstack([parameters[W][:, :n_a] for W in order])))
        cell.bias_ih.copy_(torch.from_numpy(np.concatenate([parameters["b" + W[1:]] for W in order]).ravel()))
        cell.bias_hh.zero_()
    xs = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 1, 0))).requires_grad_(True)
    h0 = torch.from_numpy(np.ascontiguousarray(a0.T)).requires_grad_(True)
    upstream = torch.from_numpy(np.ascontiguousarray(da.transpose(2, 1, 0)))

    def step():
        cell.zero_grad(set_to_none=True)
        xs.grad = h0.grad = None
        h, c, states = h0, torch.zeros_like(h0), []
        for t in range(T_x):
            h, c = cell(xs[t], (h, c))
            states.append(h)
        torch.stack(states).backward(upstream)

    return _best_seconds(step, repeats)


MEASURES = {"graded": measure_graded, "fast": measure_fast, "torch": measure_torch, "cells": measure_torch_cells}


def run_child(side, size, repeats):
    """Time one side in a fresh single-threaded process."""
    env = dict(os.environ, **ONE_THREAD)
    command = [sys.executable, __file__, "--child", side, "--size", ",".join(map(str, size)),
               "--repeats", str(repeats)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=tuple(MEASURES))
    parser.add_argument("--size")
    args = parser.parse_args()
    if args.child:
        size = tuple(int(v) for v in args.size.split(","))
        seconds = MEASURES[args.child](size, args.repeats)
        print(json.dumps({"seconds": seconds}))
        return
    print("LSTM forward + backward, float64, one thread each, best of %d x %d runs" % (args.rounds, args.repeats))
    print("%-18s %12s %10s %13s %7s %7s %17s" % ("n_x, n_a, m, T_x", "graded (ms)", "fast (ms)", "nn.LSTM (ms)",
                                                  "graded", "fast", "LSTMCell loop"))
    print("%-18s %12s %10s %13s %7s %7s %17s" % ("", "", "", "", "/torch", "/torch", "(ms)"))
    for size in SIZES:
        best = {side: float("inf") for side in MEASURES}
        for _ in range(args.rounds):
            for side in MEASURES:
                best[side] = min(best[side], run_child(side, size, args.repeats))
        print("%-18s %12.2f %10.2f %13.2f %7.2f %7.2f %17.2f" % (
            ", ".join(map(str, size)), 1e3 * best["graded"], 1e3 * best["fast"], 1e3 * best["torch"],
            best["graded"] / best["torch"], best["fast"] / best["torch"], 1e3 * best["cells"]))


if __name__ == "__main__":
    main()
