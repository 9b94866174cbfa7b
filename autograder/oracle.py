"""Helpers answered as the reference would: each mistake costs the points of the part that holds it.

While a part that uses other graded parts is graded, the submission's calls to those helpers come back
over the sandbox's channel (see `worker.py`). They are answered here by the reference module running
in a sandboxed process of its own: its inputs are chosen by student code, so they never reach the
grader's process, and the reference's source never enters the student's process. The answer carries
the reference's result, its arguments as it left them, and numpy's global RNG state after the call,
so a dependant that draws random numbers after its helper continues exactly as with the reference.
"""

from __future__ import annotations

import time

from .sandbox import SandboxWorker


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

    def answer(self, fn, args, kwargs, rng, deadline):
        """The reply to one helper call: ``(header, values)`` for the submission's process."""
        self.calls += 1
        left = deadline - time.monotonic()
        if left <= 0:
            return {"op": "helper_result", "ok": False, "message": "TimeoutError: no time left"}, {}
        call = self._worker().call(fn, args, kwargs, return_args=True, rng=rng, return_rng=True, timeout=left)
        if not call.ok:
            error = call.error or {}
            message = f"{error.get('type', call.status)}: {error.get('message', call.describe())}"
            return {"op": "helper_result", "ok": False, "message": message[:2000]}, {}
        return {"op": "helper_result", "ok": True}, {"result": call.value, "args_after": call.args_after,
                                                      "kwargs_after": call.kwargs_after, "rng": call.rng}

    def close(self):
        if self.worker is not None:
            self.worker.close()
            self.worker = None
