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

from .sandbox import SandboxWorker, codec
from .sandbox.client import WorkerDied, _Timeout


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
        call = {"op": "call", "fn": request["fn"], "np_seed": None, "return_args": "changed", "return_rng": True,
                "values": request.get("values", {})}
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
