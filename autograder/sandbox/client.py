"""The grader's side of the sandbox: start a worker, load a submission, call functions with limits.

A `SandboxWorker` serves one submission. Its process is forked by a `WarmServer`, a sandboxed fork
server that has Python and numpy loaded already and is kept, per grading thread, for the next
submission of the same assignment (``DLGRADE_WARM=0`` starts a fresh server per submission instead).
Whatever the student code does (loops, exits, crashes, floods), `call` returns a `CallResult`; after a
timeout or a death the submission's process is replaced and reloaded, skipping any top-level statement
that killed it while loading, so the remaining functions are still graded.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
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
    helpers_called: list = field(default_factory=list)  # graded helpers (proxied or watched) the call used
    rng: object = None  # numpy's global RNG state after the call, when asked for

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


def _status_reason(code):
    if code is None:
        return "the worker stopped answering"
    if code < 0:
        sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        hints = {"SIGKILL": " (killed: memory or process limit, or an explicit kill)",
                 "SIGSEGV": " (segmentation fault: often a recursion that overflowed the C stack)",
                 "SIGXCPU": " (CPU time limit reached)", "SIGXFSZ": " (file size limit reached)"}
        return f"signal {sig}{hints.get(sig, '')}"
    return f"exit status {code} (sys.exit or os._exit called from submission code?)"


class WarmServer:
    """A sandboxed fork server: one process per submission is forked from it, inside the same walls."""

    def __init__(self, helper_files, limits: Limits, mode: SandboxMode):
        self.limits = limits
        self.mode = mode
        self.sandbox_dir = tempfile.mkdtemp(prefix="dlgrade-box-")
        self.tmp_dir = tempfile.mkdtemp(prefix="dlgrade-tmp-")
        shutil.copy(_HERE / "worker.py", Path(self.sandbox_dir) / "worker.py")
        shutil.copy(_HERE / "codec.py", Path(self.sandbox_dir) / "codec.py")
        if (_HERE / "walls.py").is_file():
            shutil.copy(_HERE / "walls.py", Path(self.sandbox_dir) / "walls.py")
        for name, text in helper_files.items():
            target = Path(self.sandbox_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text)
        config = {"limits": limits.rlimits(), "output_cap": limits.output_chars, "warm": True}
        argv, cwd = worker_command(mode, self.sandbox_dir, self.tmp_dir, config)
        self.cap = ProcessGroupCap.create(limits.processes)
        if self.cap is not None:
            argv = self.cap.wrap(argv)
        # A packet socket keeps the control messages apart, and carries the pipes of each submission.
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(argv, stdin=theirs.fileno(), stdout=theirs.fileno(), stderr=subprocess.DEVNULL,
                                         cwd=cwd, env=worker_environment(self.tmp_dir), start_new_session=True)
        finally:
            theirs.close()
        self.busy = False

    # How long a new server may take to load Python and numpy: a busy machine's time, not a student's.
    STARTUP_SECONDS = 120.0

    def wait_ready(self, timeout=None):
        """Wait until the server has started inside its walls; returns the seconds waited."""
        started = time.monotonic()
        ready, _, _ = select.select([self.control], [], [], self.STARTUP_SECONDS if timeout is None else timeout)
        data = self.control.recv(1 << 16) if ready else None
        if data is None:
            raise OSError(f"the sandbox's fork server did not start within {self.STARTUP_SECONDS:g} s")
        try:
            message = json.loads(data.decode()) if data else {}
        except ValueError:
            message = {}
        if message.get("op") != "ready":
            status = self.proc.poll() if self.proc is not None else None
            raise OSError(f"the sandbox's fork server could not start ({_status_reason(status)})")
        return time.monotonic() - started

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def spawn(self):
        """Fork a fresh process for one submission; returns the grader's ends ``(to_child, from_child)``."""
        child_in, to_child = os.pipe()
        from_child, child_out = os.pipe()
        try:
            socket.send_fds(self.control, [json.dumps({"op": "spawn"}).encode()], [child_in, child_out])
        finally:
            os.close(child_in)
            os.close(child_out)
        self.busy = True
        return to_child, from_child

    def kill_child(self):
        try:
            self.control.send(json.dumps({"op": "kill"}).encode())
        except OSError:
            pass

    def ping(self, timeout=10.0):
        """Whether the server is still alive and serving the current submission."""
        try:
            self.control.send(json.dumps({"op": "ping"}).encode())
            ready, _, _ = select.select([self.control], [], [], timeout)
            data = self.control.recv(1 << 16) if ready else b""
        except OSError:
            return False
        if not data:
            return False
        message = json.loads(data.decode())
        if message.get("op") == "done":
            self.busy = False
            self.finished = message.get("status")
        return message.get("op") == "pong"

    def wait_done(self, timeout):
        """The exit status of the current submission's process once the server has cleaned up after it."""
        ready, _, _ = select.select([self.control], [], [], timeout)
        if not ready:
            raise _Timeout
        data = self.control.recv(1 << 16)
        if not data:
            raise WorkerDied("the sandbox's fork server stopped")
        self.busy = False
        return json.loads(data.decode()).get("status")

    finished = None  # the exit status the server reported early (in answer to a ping), if any

    def close(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            if self.cap is not None:
                # Processes that left the process group (setsid, double fork) are still in the cgroup.
                self.cap.kill_all()
                self.cap = None
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        self.control.close()
        for path in (self.sandbox_dir, self.tmp_dir):
            shutil.rmtree(path, ignore_errors=True)


class _ServerPool:
    """Warm servers kept per grading thread and per assignment set-up (helper files, limits, walls)."""

    KEEP_PER_THREAD = 2

    def __init__(self):
        self._local = threading.local()
        self._all = []
        self._lock = threading.Lock()
        atexit.register(self.close_all)

    @staticmethod
    def warm_enabled():
        return os.environ.get("DLGRADE_WARM", "1") != "0"

    def acquire(self, helper_files, limits, mode):
        key = (mode, limits, hashlib.sha1(json.dumps(
            {k: (v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in sorted(helper_files.items())}).encode()
        ).hexdigest())
        servers = getattr(self._local, "servers", None)
        if servers is None:
            servers = self._local.servers = {}
        server = servers.pop(key, None) if self.warm_enabled() else None
        if server is not None and (not server.alive() or server.busy):
            self._discard(server)
            server = None
        waited = 0.0
        if server is None:
            server = WarmServer(helper_files, limits, mode)
            with self._lock:
                self._all.append(server)
            try:
                waited = server.wait_ready()
            except OSError:
                self._discard(server)
                raise
        return key, server, waited

    def release(self, key, server):
        if not self.warm_enabled() or server.busy or not server.alive():
            self._discard(server)
            return
        servers = self._local.servers
        servers[key] = server
        while len(servers) > self.KEEP_PER_THREAD:
            self._discard(servers.pop(next(iter(servers))))

    def _discard(self, server):
        server.close()
        with self._lock:
            if server in self._all:
                self._all.remove(server)

    def close_all(self):
        with self._lock:
            servers, self._all = list(self._all), []
        for server in servers:
            server.close()


POOL = _ServerPool()


class SandboxWorker:
    """One submission's sandboxed process. Use as a context manager.

    ``helper_answer(request, body, deadline) -> (head, body)``, when set, answers the calls that the
    submission's functions make to the helpers a call names in ``proxies`` (see `autograder.oracle`).
    """

    def __init__(self, statements, helper_files=None, limits=None, mode: SandboxMode | None = None):
        self.statements = list(statements)  # dicts: code, label
        self.helper_files = dict(helper_files or {})
        self.limits = limits or Limits()
        self.mode = mode or detect_mode()
        self.excluded = {}  # statement index -> reason, for statements that killed the worker
        self.server = None
        self._key = None
        self._to_child = self._from_child = None
        self.load_report = None
        self.restarts = 0
        self.helper_answer = None
        self.deadline = None  # the submission's deadline: loading shares it with the calls
        self.server_wait = 0.0  # seconds spent waiting for sandbox servers to start (not the submission's)

    # -- process management -------------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        self._spawn()
        self.load_report = self._load()

    def _spawn(self):
        if self.server is None or not self.server.alive():
            if self.server is not None:
                POOL._discard(self.server)
            try:
                self._key, self.server, waited = POOL.acquire(self.helper_files, self.limits, self.mode)
            except OSError as exc:
                self.server = None
                raise WorkerDied(f"the sandbox could not start: {exc}") from None
            # Starting a server is the grader's time: the submission's deadline moves by it.
            self.server_wait += waited
            if self.deadline is not None:
                self.deadline += waited
        try:
            self._to_child, self._from_child = self.server.spawn()
        except OSError as exc:
            POOL._discard(self.server)
            self.server = None
            raise WorkerDied(f"the sandbox could not start: {exc}") from None

    def _close_pipes(self):
        for fd in (self._to_child, self._from_child):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._to_child = self._from_child = None

    def _end_child(self, kill, wait=5.0):
        """End the submission's process (killing it if asked) and wait until the server cleaned up."""
        status = None
        if self.server is None:
            self._close_pipes()
            return None
        self._close_pipes()
        if self.server.finished is not None or not self.server.busy:
            status, self.server.finished = self.server.finished, None
            return status
        if kill:
            self.server.kill_child()
        try:
            status = self.server.wait_done(wait)
        except (_Timeout, WorkerDied, OSError, ValueError):
            POOL._discard(self.server)
            self.server = None
        return status

    def _kill(self):
        self._end_child(kill=True)

    def close(self):
        if self.server is None:
            return
        if self._to_child is not None:
            try:
                self._send({"op": "exit"}, {}, time.monotonic() + 1)
            except (WorkerDied, _Timeout, OSError):
                pass
        self._close_pipes()
        try:
            if self.server.busy:
                self.server.wait_done(2.0)
            self.server.finished = None
        except (_Timeout, WorkerDied, OSError, ValueError):
            self.server.kill_child()
            try:
                self.server.wait_done(5.0)
            except (_Timeout, WorkerDied, OSError, ValueError):
                POOL._discard(self.server)
                self.server = None
                return
        POOL.release(self._key, self.server)
        self.server = None

    def restart(self):
        self._kill()
        self.restarts += 1
        self._spawn()
        self.load_report = self._load()

    # -- framing with deadlines ---------------------------------------------------------------
    def _send(self, header, values, deadline):
        self._send_bytes(codec.encode_frame(header, values), deadline)

    def _send_bytes(self, frame, deadline):
        data = memoryview(frame)
        fd = self._to_child
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
        fd = self._from_child
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
        return codec.decode_values(*self._receive_raw(deadline))

    def _receive_raw(self, deadline):
        """A frame's parsed header (its value nodes undecoded) and its body."""
        prefix = self._read_exact(codec.PREFIX_SIZE, deadline)
        head_len, body_len = codec.read_prefix(prefix, self.limits.reply_mb << 20)
        head = codec.decode_head(self._read_exact(head_len, deadline))
        return head, self._read_exact(body_len, deadline)

    def _send_raw(self, head, body, deadline):
        self._send_bytes(codec.encode_raw(head, body), deadline)

    def _death_reason(self):
        status = self._end_child(kill=False)
        return _status_reason(status)

    # -- loading ----------------------------------------------------------------------------
    def _load_deadline(self):
        """Each statement gets the per-call limit, and the whole load no more than the submission's."""
        deadline = time.monotonic() + self.limits.call_seconds
        return deadline if self.deadline is None else min(deadline, self.deadline)

    def _load(self):
        for _attempt in range(len(self.statements) + 1):
            active = [i for i in range(len(self.statements)) if i not in self.excluded]
            request = {"op": "load", "statements": [self.statements[i] for i in active]}
            current = None
            try:
                self._send(request, {}, self._load_deadline())
                while True:
                    header, _ = self._receive(self._load_deadline())
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
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    # The submission's time is spent: the statements not yet run are not run.
                    for index in active:
                        if index > current:
                            self.excluded.setdefault(index, "not run: the submission's time limit was reached while loading")
                self._spawn()
        raise WorkerDied("the submission could not be loaded")

    # -- calls ------------------------------------------------------------------------------
    def call(self, fn, args=(), kwargs=None, np_seed=None, return_args=False, timeout=None, spare=None,
             proxies=(), watch=(), rng=None, return_rng=False, rng_proxies=None):
        timeout = self.limits.call_seconds if timeout is None else timeout
        if self._to_child is None:
            self.restart()
        header = {"op": "call", "fn": fn, "np_seed": np_seed, "return_args": return_args,
                  "proxies": list(proxies), "watch": list(watch), "return_rng": return_rng}
        if rng_proxies is not None:
            header["rng_proxies"] = list(rng_proxies)
        started = time.monotonic()
        deadline = started + timeout
        try:
            values = {"args": tuple(args), "kwargs": dict(kwargs or {}), "spare": dict(spare or {})}
            if rng is not None:
                values["rng"] = rng
            self._send(header, values, deadline)
            head, body = self._receive_raw(deadline)
            while head.get("op") == "helper":
                # The time the reference takes to answer is not the student's: the call's budget grows
                # by it (never past the submission's own deadline).
                asked = time.monotonic()
                answer = self._answer(head, body, proxies)
                deadline += time.monotonic() - asked
                if self.deadline is not None:
                    deadline = min(deadline, max(self.deadline, started + timeout))
                self._send_raw(*answer, deadline)
                head, body = self._receive_raw(deadline)
            reply, values = codec.decode_values(head, body)
        except _Timeout:
            self.restart()
            return CallResult("timeout", seconds=timeout)
        except WorkerDied as exc:
            self.restart()
            return CallResult("crashed", error={"type": "WorkerDied", "message": str(exc)}, seconds=time.monotonic() - started)
        except codec.CodecError as exc:
            self.restart()
            return CallResult("protocol", error={"type": "CodecError", "message": str(exc)}, seconds=time.monotonic() - started)
        if not self.server.ping():
            # The call signalled the server (and so its own process) before replying: the call died.
            self.restart()
            return CallResult("crashed", error={"type": "WorkerDied", "message": "the sandbox's server was killed"},
                              seconds=time.monotonic() - started)
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
        called = reply.get("helpers_called")
        return CallResult(
            "ok" if reply.get("ok") is True else "error",
            value=values.get("result"),
            args_after=tuple(args_after) if isinstance(args_after, (tuple, list)) else (),
            kwargs_after=kwargs_after if isinstance(kwargs_after, dict) else {},
            error=error if reply.get("ok") is not True else None,
            stdout=str(reply.get("stdout", ""))[: self.limits.output_chars + 200],
            seconds=float(seconds) if isinstance(seconds, (int, float)) else time.monotonic() - started,
            helpers_called=[str(h) for h in called if str(h) in set(proxies) | set(watch)] if isinstance(called, list) else [],
            rng=values.get("rng"),
        )

    def _answer(self, request, body, proxies):
        """The answer to a helper call the submission made: the reference's, never the student's.

        ``helper_answer(head, body, deadline) -> (head, body)`` is given the request as it came (its
        buffers undecoded: the reference's own process decodes and checks them) and returns the reply.
        """
        fn = request.get("fn")
        if fn not in proxies or self.helper_answer is None:
            return {"op": "helper_result", "ok": False, "message": f"no helper {fn!r} is answered here"}, b""
        deadline = time.monotonic() + self.limits.call_seconds
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        return self.helper_answer(request, body, deadline)
