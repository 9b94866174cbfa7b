"""How fast the vectorised convolution and pooling reference is, next to PyTorch and to the loops.

Times forward + backward of `solutions/fast_conv.py` (im2col, one matrix product per layer), of
PyTorch's CPU layers (`torch.nn.functional.conv2d`, `max_pool2d`, `avg_pool2d` with autograd) and of
the loop versions of `solutions/cnn.py` (the lesson), in float64, on the same shapes and the same
data. Each implementation runs in its own process, pinned to one thread (OMP/OpenBLAS/MKL variables
set before numpy or torch is imported, threadpoolctl and torch.set_num_threads as well), so that
neither one's thread pools nor caches help the other. Prints one table with the best seconds of
each and the ratios fast / PyTorch (target: at most 1.5) and loops / fast (target: at least 100).

The machine may be shared: times are the process's CPU time (`time.process_time`, which a busy
machine's waiting does not count) of single calls, and each case keeps the best call (interference,
being preempted or finding the caches emptied by another process, only ever adds time): ``--repeats``
calls per process after a warm-up call, and the fast and PyTorch processes take turns, ``--rounds``
times each, so that a busy moment does not fall on one of them only. Each worker checks that its
thread pools have one thread (threadpoolctl's view of OpenBLAS and OpenMP, and torch.get_num_threads)
and the table's header says what they reported.

With ``--interleaved`` a last column gives the same ratio measured in one process that alternates
the two implementations call for call (best single call of each), which a busy machine disturbs less.

Usage: `.venv/bin/python bench/conv.py [--repeats N] [--rounds N] [--no-loops] [--interleaved]`
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name, kind, shape: conv (m, n_H, n_W, n_C_prev, f, n_C, stride, pad); pool (m, n_H, n_W, n_C, f, stride, mode)
CASES = [
    ("LeNet conv1: 28x28x1, 6 filters 5x5, pad 2", "conv", (32, 28, 28, 1, 5, 6, 1, 2)),
    ("LeNet conv2: 14x14x6, 16 filters 5x5", "conv", (32, 14, 14, 6, 5, 16, 1, 0)),
    ("16x16x16, 32 filters 3x3, pad 1", "conv", (16, 16, 16, 16, 3, 32, 1, 1)),
    ("16x16x32, 64 filters 3x3, stride 2, pad 1", "conv", (16, 16, 16, 32, 3, 64, 2, 1)),
    ("1x1 conv (shortcut): 16x16x32, 16 filters", "conv", (16, 16, 16, 32, 1, 16, 1, 0)),
    ("11x11 conv, stride 4: 63x63x3, 16 filters", "conv", (8, 63, 63, 3, 11, 16, 4, 0)),
    ("32x32x3, 16 filters 3x3, pad 1 (8 blocks)", "conv", (16, 32, 32, 3, 3, 16, 1, 1)),
    ("max pool 2x2/2 on 28x28x6", "pool", (32, 28, 28, 6, 2, 2, "max")),
    ("average pool 2x2/2 on 28x28x6", "pool", (32, 28, 28, 6, 2, 2, "average")),
    ("max pool 3x3/2 on 16x16x32 (overlapping)", "pool", (16, 16, 16, 32, 3, 2, "max")),
]

ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}


def inputs(kind, shape):
    """The same float64 data in every process: (A_prev, W, b, hparameters, dOut) or (A_prev, hparameters, mode, dOut)."""
    import numpy as np

    rng = np.random.default_rng(0)
    if kind == "conv":
        m, n_H, n_W, n_C_prev, f, n_C, stride, pad = shape
        A = rng.standard_normal((m, n_H, n_W, n_C_prev))
        W = rng.standard_normal((f, f, n_C_prev, n_C)) / f
        b = rng.standard_normal((1, 1, 1, n_C))
        n_H_out, n_W_out = (n_H + 2 * pad - f) // stride + 1, (n_W + 2 * pad - f) // stride + 1
        return A, W, b, {"stride": stride, "pad": pad}, rng.standard_normal((m, n_H_out, n_W_out, n_C))
    m, n_H, n_W, n_C, f, stride, mode = shape
    A = rng.standard_normal((m, n_H, n_W, n_C))
    n_H_out, n_W_out = (n_H - f) // stride + 1, (n_W - f) // stride + 1
    return A, {"f": f, "stride": stride}, mode, rng.standard_normal((m, n_H_out, n_W_out, n_C))


def best_seconds(fn, calls):
    """Best CPU seconds of one call of ``fn`` over ``calls`` calls, after a warm-up call."""
    fn()
    best = math.inf
    for _ in range(calls):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def thread_report(backend):
    """Limit the thread pools to one thread; describe them (and fail if one has more)."""
    import numpy  # noqa: F401  (loads numpy's BLAS, for threadpoolctl to see it)
    from threadpoolctl import threadpool_info, threadpool_limits

    if backend in ("torch", "interleaved"):
        import torch

        torch.set_num_threads(1)
        if backend == "torch":
            torch.set_num_interop_threads(1)
    threadpool_limits(1)
    pools = [f"{pool['internal_api']} {pool['num_threads']}" for pool in threadpool_info()]
    counts = [pool["num_threads"] for pool in threadpool_info()]
    if backend in ("torch", "interleaved"):
        pools.append(f"torch.get_num_threads() {torch.get_num_threads()}")
        counts.append(torch.get_num_threads())
    if any(count != 1 for count in counts):
        raise RuntimeError(f"{backend}: thread pools not limited to one thread: {pools}")
    return ", ".join(pools)


def numpy_step(module, kind, data):
    if kind == "conv":
        A, W, b, hparameters, dZ = data

        def step():
            _, cache = module.conv_forward(A, W, b, hparameters)
            module.conv_backward(dZ, cache)
    else:
        A, hparameters, mode, dA = data

        def step():
            _, cache = module.pool_forward(A, hparameters, mode)
            module.pool_backward(dA, cache, mode)
    return step


def torch_step(kind, data):
    import numpy as np
    import torch
    import torch.nn.functional as F

    def nchw(a, grad=False):
        # .copy() gives canonical C strides; np.ascontiguousarray would keep the strides of a transposed
        # array whose channel axis has length 1, which PyTorch reads as channels-last (a slower path).
        return torch.tensor(a.transpose(0, 3, 1, 2).copy(), dtype=torch.float64, requires_grad=grad)

    if kind == "conv":
        A, W, b, hparameters, dZ = data
        tA, tdZ = nchw(A, True), nchw(dZ)
        tW = torch.tensor(W.transpose(3, 2, 0, 1).copy(), requires_grad=True)
        tb = torch.tensor(b.ravel(), requires_grad=True)

        def step():
            Z = F.conv2d(tA, tW, tb, stride=hparameters["stride"], padding=hparameters["pad"])
            torch.autograd.grad(Z, (tA, tW, tb), tdZ)
    else:
        A, hparameters, mode, dA = data
        tA, tdA = nchw(A, True), nchw(dA)
        pool = F.max_pool2d if mode == "max" else F.avg_pool2d

        def step():
            out = pool(tA, hparameters["f"], hparameters["stride"])
            torch.autograd.grad(out, (tA,), tdA)
    return step


def worker(backend, repeats):
    """Time every case with one implementation; print {"threads": ..., "times": {case name: seconds}} as JSON."""
    sys.path.insert(0, str(ROOT))
    threads = thread_report(backend)
    results = {}
    for name, kind, shape in CASES:
        data = inputs(kind, shape)
        if backend == "torch":
            step = torch_step(kind, data)
        elif backend == "fast":
            from solutions import fast_conv
            step = numpy_step(fast_conv, kind, data)
        else:
            from solutions import cnn
            step = numpy_step(cnn, kind, data)
        # The loops take seconds per call: one call is enough to compare orders of magnitude.
        results[name] = best_seconds(step, 1 if backend == "loops" else repeats)
    print(json.dumps({"threads": threads, "times": results}))


def interleaved_worker(repeats):
    """Both implementations in one process, call for call: {case name: [fast seconds, PyTorch seconds]}.

    A busy machine then slows both alike; each keeps its best single call over ``repeats`` turns.
    """
    sys.path.insert(0, str(ROOT))
    from solutions import fast_conv

    threads = thread_report("interleaved")
    results = {}
    for name, kind, shape in CASES:
        data = inputs(kind, shape)
        steps = (numpy_step(fast_conv, kind, data), torch_step(kind, data))
        best = [math.inf, math.inf]
        for step in steps:
            step()
        for _ in range(repeats):
            for k, step in enumerate(steps):
                start = time.process_time()
                step()
                best[k] = min(best[k], time.process_time() - start)
        results[name] = best
    print(json.dumps({"threads": threads, "times": results}))


def run_worker(backend, repeats):
    env = dict(os.environ, **ONE_THREAD)
    out = subprocess.run([sys.executable, __file__, "--worker", backend, "--repeats", str(repeats)],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="timed calls per case in one process")
    parser.add_argument("--rounds", type=int, default=5, help="turns of the fast and the PyTorch process")
    parser.add_argument("--no-loops", action="store_true", help="skip the loop versions (they take a minute)")
    parser.add_argument("--interleaved", action="store_true",
                        help="also time both in one process, call for call (a check on a busy machine)")
    parser.add_argument("--worker", choices=["fast", "torch", "loops", "interleaved"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "interleaved":
        interleaved_worker(args.repeats)
        return
    if args.worker:
        worker(args.worker, args.repeats)
        return

    timings, threads = {"fast": {}, "torch": {}}, {}
    for _ in range(args.rounds):
        for backend in ("fast", "torch"):
            report = run_worker(backend, args.repeats)
            threads[backend] = report["threads"]
            for name, seconds in report["times"].items():
                timings[backend][name] = min(seconds, timings[backend].get(name, seconds))
    if not args.no_loops:
        timings["loops"] = run_worker("loops", 1)["times"]
    if args.interleaved:
        timings["interleaved"] = run_worker("interleaved", args.repeats)["times"]
    print(f"forward + backward, float64, one thread each (fast: {threads['fast']}; PyTorch: {threads['torch']}),")
    print(f"best CPU seconds of one call over {args.rounds} processes x {args.repeats} calls")
    header = f"{'case':<46} {'fast':>10} {'PyTorch':>10} {'fast/PT':>8}"
    if not args.no_loops:
        header += f" {'loops':>9} {'loops/fast':>11}"
    if args.interleaved:
        header += f" {'fast/PT one process':>20}"
    print(header)
    print("-" * len(header))
    ratios, speedups = [], []
    for name, _, _ in CASES:
        fast, torch_seconds = timings["fast"][name], timings["torch"][name]
        ratios.append(fast / torch_seconds)
        line = f"{name:<46} {fast * 1e3:>8.3f}ms {torch_seconds * 1e3:>8.3f}ms {fast / torch_seconds:>8.2f}"
        if not args.no_loops:
            loops = timings["loops"][name]
            speedups.append(loops / fast)
            line += f" {loops:>8.2f}s {loops / fast:>11.0f}"
        if args.interleaved:
            fast_one, torch_one = timings["interleaved"][name]
            line += f" {fast_one / torch_one:>20.2f}"
        print(line)
    print("-" * len(header))
    geometric_mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"fast / PyTorch: worst {max(ratios):.2f}, geometric mean {geometric_mean:.2f} (target <= 1.5)")
    if speedups:
        print(f"loops / fast: smallest {min(speedups):.0f}x (target >= 100x)")


if __name__ == "__main__":
    main()
