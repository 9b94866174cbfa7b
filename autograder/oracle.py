"""Helpers answered as the reference would: each mistake costs the points of the part that holds it.

While a part that uses other graded parts is graded, the submission's calls to those helpers come back
over the sandbox's channel (see `worker.py`). They are answered here by the reference module running
in a sandboxed process of its own: its inputs are chosen by student code, so they never reach the
grader's process, and the reference's source never enters the student's process. The answer carries
the reference's result, its arguments as it left them, and, for a helper whose reference may draw
from numpy's global generator (`draws_random`), the RNG state after the call, so a dependant that
draws random numbers after its helper continues exactly as with the reference.
"""

from __future__ import annotations

import time

import types

from .sandbox import SandboxWorker, codec
from .sandbox.client import WorkerDied, _Timeout


def draws_random(fn, _seen=None):
    """Whether the reference function ``fn`` may use numpy's global random generator, directly or
    through the functions of its own module that it calls. Errs on the side of yes.

    A helper that cannot draw needs no RNG state on its round trip: reading and restoring the
    generator's state costs more than most helpers' arithmetic.
    """
    import numpy as np

    seen = set() if _seen is None else _seen
    code = getattr(fn, "__code__", None)
    if code is None or code in seen:
        return code is None
    seen.add(code)
    legacy = np.random.mtrand._rand
    codes, names = [code], set()
    while codes:
        current = codes.pop()
        names |= set(current.co_names)
        codes += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    if "random" in names:  # np.random.anything, or the random module
        return True
    module = fn.__globals__
    for name in names & module.keys():
        value = module[name]
        if getattr(value, "__self__", None) is legacy or value is np.random:
            return True  # `from numpy.random import randn`, or numpy.random under another name
        if isinstance(value, types.FunctionType):
            if value.__globals__ is module and draws_random(value, seen):
                return True
        elif isinstance(value, type) and getattr(value, "__module__", None) == module.get("__name__"):
            return True  # a class of the reference's own: not followed, assumed to draw
    return False


def drawing_helpers(assignment, names):
    """Those of the graded helpers ``names`` whose reference may draw from numpy's global generator."""
    reference = assignment.reference
    return tuple(n for n in names if not isinstance(getattr(reference, n, None), types.FunctionType)
                 or draws_random(getattr(reference, n)))


def _failed(message):
    return {"op": "helper_result", "ok": False, "message": str(message)[:2000]}, b""


class HelperOracle:
    """A sandboxed process holding the reference module, started on the first helper call."""

    def __init__(self, assignment, mode):
        self.assignment = assignment
        self.mode = mode
        self.worker = None
        self.calls = 0

    def _worker(self):
        if self.worker is None:
            statements = [{"code": self.assignment.reference_source, "label": "reference"}]
            self.worker = SandboxWorker(statements, {}, self.assignment.limits, self.mode)
            self.worker.start()
        return self.worker

    def answer(self, request, body, deadline):
        """The reply to one helper call, passed on without decoding its buffers here: ``(head, body)``."""
        self.calls += 1
        if deadline - time.monotonic() <= 0:
            return _failed("TimeoutError: no time left")
        worker = self._worker()
        values = request.get("values", {})
        # The RNG state travels back only to a stand-in that sent one (a helper that may draw).
        call = {"op": "call", "fn": request["fn"], "np_seed": None, "return_args": "changed",
                "return_rng": isinstance(values, dict) and "rng" in values, "values": values}
        try:
            worker._send_raw(call, body, deadline)
            reply, reply_body = worker._receive_raw(deadline)
        except _Timeout:
            worker.restart()
            return _failed("TimeoutError: the reference did not finish in time on these arguments")
        except (WorkerDied, codec.CodecError, OSError) as exc:
            worker.restart()
            return _failed(f"the arguments could not be used: {exc}")
        if reply.get("ok") is not True:
            error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            return _failed(f"{error.get('type', 'Error')}: {error.get('message', '')}")
        return {"op": "helper_result", "ok": True, "values": reply.get("values", {})}, reply_body

    def close(self):
        if self.worker is not None:
            self.worker.close()
            self.worker = None
