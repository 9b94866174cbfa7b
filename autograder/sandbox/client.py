"""The grader's side of the sandbox: start a worker, load a submission, call functions with limits.

A `SandboxWorker` owns one worker process at a time. Whatever the student code does (loops, exits,
crashes, floods), `call` returns a `CallResult`; after a timeout or a death the worker is restarted
and reloaded, skipping any top-level statement that killed it while loading, so the remaining
functions are still graded.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import codec
from .cgroup import ProcessGroupCap
from .isolation import SandboxMode, detect_mode, worker_command, worker_environment

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's worker (defaults; `assignment.toml` [limits] overrides)."""

    call_seconds: float = 10.0
    submission_seconds: float = 300.0
    memory_mb: int = 2048
    cpu_seconds: int = 900
    processes: int = 64
    file_mb: int = 16
    open_files: int = 256
    output_chars: int = 65536
    reply_mb: int = 256

    def rlimits(self):
        return {
            "memory_bytes": self.memory_mb << 20,
            "cpu_seconds": self.cpu_seconds,
            "file_bytes": self.file_mb << 20,
            "open_files": self.open_files,
            "processes": self.processes,
        }


@dataclass
class CallResult:
    status: str  # ok | error | timeout | crashed | missing | protocol
    value: object = None
    args_after: tuple = ()
    kwargs_after: dict = field(default_factory=dict)
    error: dict | None = None
    stdout: str = ""
    seconds: float = 0.0

    @property
    def ok(self):
        return self.status == "ok"

    def describe(self):
        """One sentence for feedback on a call that did not return a value."""
        if self.status == "missing":
            return "the function is not defined in the submission"
        if self.status == "timeout":
            # No seconds in the message: the budget scales with the reference's measured time, and the
            # same submission must get the same feedback on every run.
            return "the call did not finish within its time limit (endless loop, or far too slow)"
        if self.status == "crashed":
            return f"the process running the submission died during the call ({self.error['message']})"
        if self.status == "protocol":
            return f"the call's reply could not be read: {self.error['message']}"
        if self.error:
            trace = self.error.get("traceback", "").strip()
            return f"raised {self.error['type']}: {self.error['message']}" + (f"\n{trace}" if trace else "")
        return self.status


@dataclass
class LoadReport:
    callables: list
    errors: list  # dicts: index, label, type, message, traceback


class WorkerDied(Exception):
    pass


class _Timeout(Exception):
    pass


class SandboxWorker:
    """One submission's sandboxed process. Use as a context manager."""

    def __init__(self, statements, helper_files=None, limits=None, mode: SandboxMode | None = None):
        self.statements = list(statements)  # dicts: code, label
        self.helper_files = dict(helper_files or {})
        self.limits = limits or Limits()
        self.mode = mode or detect_mode()
        self.excluded = {}  # statement index -> reason, for statements that killed the worker
        self.proc = None
        self.cap = None
        self.sandbox_dir = None
        self.tmp_dir = None
        self.load_report = None
        self.restarts = 0

    # -- process management -------------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        self.sandbox_dir = tempfile.mkdtemp(prefix="dlgrade-box-")
        self.tmp_dir = tempfile.mkdtemp(prefix="dlgrade-tmp-")
        os.chmod(self.tmp_dir, 0o777)
        shutil.copy(_HERE / "worker.py", Path(self.sandbox_dir) / "worker.py")
        shutil.copy(_HERE / "codec.py", Path(self.sandbox_dir) / "codec.py")
        if (_HERE / "walls.py").is_file():
            shutil.copy(_HERE / "walls.py", Path(self.sandbox_dir) / "walls.py")
        for name, text in self.helper_files.items():
            target = Path(self.sandbox_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text)
        self._spawn()
        self.load_report = self._load()

    def _spawn(self):
        config = {"limits": self.limits.rlimits(), "output_cap": self.limits.output_chars}
        argv, cwd = worker_command(self.mode, self.sandbox_dir, self.tmp_dir, config)
        self.cap = ProcessGroupCap.create(self.limits.processes)
        if self.cap is not None:
            argv = self.cap.wrap(argv)
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=worker_environment(self.tmp_dir),
            start_new_session=True,
        )

    def _kill(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.cap is not None:
            # Processes that left the process group (setsid, double fork) are still in the cgroup.
            self.cap.kill_all()
            self.cap = None
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self._send({"op": "exit"}, {}, time.monotonic() + 1)
            except (WorkerDied, _Timeout, OSError):
                pass
        self._kill()
        for path in (self.sandbox_dir, self.tmp_dir):
            if path:
                shutil.rmtree(path, ignore_errors=True)

    def restart(self):
        self._kill()
        self.restarts += 1
        self._spawn()
        self.load_report = self._load()

    # -- framing with deadlines ---------------------------------------------------------------
    def _send(self, header, values, deadline):
        data = memoryview(codec.encode_frame(header, values))
        fd = self.proc.stdin.fileno()
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Timeout
            _, ready, _ = select.select([], [fd], [], left)
            if not ready:
                raise _Timeout
            try:
                written = os.write(fd, data[: 1 << 16])
            except (BrokenPipeError, OSError):
                raise WorkerDied("the worker closed its input") from None
            data = data[written:]

    def _read_exact(self, n, deadline):
        fd = self.proc.stdout.fileno()
        chunks = []
        while n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Timeout
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise _Timeout
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise WorkerDied(self._death_reason())
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _receive(self, deadline):
        prefix = self._read_exact(codec.PREFIX_SIZE, deadline)
        head_len, body_len = codec.read_prefix(prefix, self.limits.reply_mb << 20)
        head = self._read_exact(head_len, deadline)
        body = self._read_exact(body_len, deadline)
        return codec.decode_frame(head, body)

    def _death_reason(self):
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the worker stopped answering"
        if code > 128 and self.mode.name == "bwrap":
            code = -(code - 128)  # bubblewrap reports a child killed by signal N as 128 + N
        if code < 0:
            sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            hints = {"SIGKILL": " (killed: memory or process limit, or an explicit kill)",
                     "SIGSEGV": " (segmentation fault: often a recursion that overflowed the C stack)",
                     "SIGXCPU": " (CPU time limit reached)", "SIGXFSZ": " (file size limit reached)"}
            return f"signal {sig}{hints.get(sig, '')}"
        return f"exit status {code} (sys.exit or os._exit called from submission code?)"

    # -- loading ----------------------------------------------------------------------------
    def _load(self):
        for _attempt in range(len(self.statements) + 1):
            active = [i for i in range(len(self.statements)) if i not in self.excluded]
            request = {"op": "load", "statements": [self.statements[i] for i in active]}
            current = None
            try:
                self._send(request, {}, time.monotonic() + self.limits.call_seconds)
                while True:
                    header, _ = self._receive(time.monotonic() + self.limits.call_seconds)
                    if header.get("op") == "progress":
                        current = active[int(header["index"])]
                        continue
                    if header.get("op") != "loaded":
                        raise WorkerDied("unexpected reply while loading")
                    errors = [dict(e, index=active[int(e["index"])], label=self.statements[active[int(e["index"])]]["label"])
                              for e in header.get("errors", [])]
                    errors += [{"index": i, "label": self.statements[i]["label"], "type": "WorkerDied",
                                "message": reason, "traceback": ""} for i, reason in self.excluded.items()]
                    return LoadReport(callables=list(header.get("callables", [])), errors=sorted(errors, key=lambda e: e["index"]))
            except (_Timeout, WorkerDied, codec.CodecError, ValueError) as exc:
                reason = "did not finish loading in time" if isinstance(exc, _Timeout) else f"killed the worker: {exc}"
                self._kill()
                if current is None:
                    raise WorkerDied(f"the sandbox worker could not start: {exc}") from None
                self.excluded[current] = reason
                self._spawn()
        raise WorkerDied("the submission could not be loaded")

    # -- calls ------------------------------------------------------------------------------
    def call(self, fn, args=(), kwargs=None, np_seed=None, return_args=False, timeout=None, spare=None):
        timeout = self.limits.call_seconds if timeout is None else timeout
        if self.proc is None or self.proc.poll() is not None:
            self.restart()
        header = {"op": "call", "fn": fn, "np_seed": np_seed, "return_args": return_args}
        started = time.monotonic()
        deadline = started + timeout
        try:
            self._send(header, {"args": tuple(args), "kwargs": dict(kwargs or {}), "spare": dict(spare or {})}, deadline)
            reply, values = self._receive(deadline)
        except _Timeout:
            self.restart()
            return CallResult("timeout", seconds=timeout)
        except WorkerDied as exc:
            self.restart()
            return CallResult("crashed", error={"type": "WorkerDied", "message": str(exc)}, seconds=time.monotonic() - started)
        except codec.CodecError as exc:
            self.restart()
            return CallResult("protocol", error={"type": "CodecError", "message": str(exc)}, seconds=time.monotonic() - started)
        if reply.get("missing") is True:
            return CallResult("missing")
        # The header was written by the submission's process: take nothing in it on trust.
        error = reply.get("error")
        if reply.get("ok") is not True:
            error = error if isinstance(error, dict) else {}
            error = {key: str(error.get(key, ""))[:4000] for key in ("type", "message", "traceback")}
            error["type"] = error["type"] or "Error"
        seconds = reply.get("seconds")
        args_after, kwargs_after = values.get("args_after", ()), values.get("kwargs_after", {})
        return CallResult(
            "ok" if reply.get("ok") is True else "error",
            value=values.get("result"),
            args_after=tuple(args_after) if isinstance(args_after, (tuple, list)) else (),
            kwargs_after=kwargs_after if isinstance(kwargs_after, dict) else {},
            error=error if reply.get("ok") is not True else None,
            stdout=str(reply.get("stdout", ""))[: self.limits.output_chars + 200],
            seconds=float(seconds) if isinstance(seconds, (int, float)) else time.monotonic() - started,
        )
