"""The sandboxed worker: loads one submission and calls its functions on request.

This file runs inside the sandbox, started as ``python -I -S -B worker.py CONFIG_JSON`` with the
sandbox folder as working directory. It imports nothing of dlgrade but ``codec.py`` (copied beside it),
so student code finds no grader to patch and no reference to import. It trusts nothing it is sent
back and decides nothing: it only runs code and reports what came out. Every comparison happens in
the grader's own process.

Protocol (frames of ``codec``) on the original stdin/stdout, which the worker moves to private file
descriptors before any student code runs; fds 0, 1 and 2 then point at /dev/null, so printing (even
from C) cannot forge or corrupt a reply.
"""

import builtins
import io
import json
import os
import sys
import time
import traceback


def _set_limits(limits):
    import resource

    table = {
        "memory_bytes": resource.RLIMIT_AS,
        "cpu_seconds": resource.RLIMIT_CPU,
        "file_bytes": resource.RLIMIT_FSIZE,
        "open_files": resource.RLIMIT_NOFILE,
        "processes": resource.RLIMIT_NPROC,
    }
    for name, value in limits.items():
        if name in table and value is not None:
            # Soft and hard limit alike, so student code cannot raise them again.
            resource.setrlimit(table[name], (int(value), int(value)))


class _CappedText(io.TextIOBase):
    """A stdout/stderr stand-in that keeps the first ``cap`` characters and drops the rest."""

    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self):
        note = f"\n[... {self.dropped} more characters of output dropped]" if self.dropped else ""
        return "".join(self.parts) + note


class _Channel:
    def __init__(self, fd_in, fd_out, codec):
        self.fd_in = fd_in
        self.fd_out = fd_out
        self.codec = codec

    def _read_exact(self, n):
        chunks = []
        while n:
            chunk = os.read(self.fd_in, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def receive(self):
        head_len, body_len = self.codec.read_prefix(self._read_exact(self.codec.PREFIX_SIZE), 1 << 31)
        return self.codec.decode_frame(self._read_exact(head_len), self._read_exact(body_len))

    def send(self, header, values=None):
        data = self.codec.encode_frame(header, values or {})
        view = memoryview(data)
        while view:
            written = os.write(self.fd_out, view)
            view = view[written:]


def bind_spares(fn, args, kwargs, spare):
    """``kwargs`` plus the ``spare`` values of parameters that ``fn`` requires and the call leaves out."""
    if not spare:
        return kwargs
    import inspect

    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return kwargs
    kwargs = dict(kwargs)
    for position, p in enumerate(parameters):
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        if p.kind != p.KEYWORD_ONLY and position < len(args):
            continue
        if p.name in spare and p.name not in kwargs:
            kwargs[p.name] = spare[p.name]
    return kwargs


def _student_traceback(exc, worker_file):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != worker_file]
    lines = traceback.format_list(frames[-8:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-4000:]


def _error(exc, worker_file):
    error = {"type": type(exc).__name__, "message": str(exc)[:2000], "traceback": _student_traceback(exc, worker_file)}
    # The traceback's frames keep the failed call's locals alive (after a MemoryError, all of them).
    traceback.clear_frames(exc.__traceback__)
    return error


class _ImportBlocker:
    """Refuses the grader's own packages; a second line behind the sandbox's file-system view."""

    BLOCKED = ("solutions", "autograder", "assignments", "dlgrade")

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.BLOCKED:
            raise ImportError(f"module {name!r} is not available to submissions")
        return None


def main():
    config = json.loads(sys.argv[1])
    worker_file = os.path.abspath(__file__)
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sys.path[:] = config["sys_path"]
    _set_limits(config.get("limits", {}))
    if config.get("walls"):
        # The fallback walls (seccomp, Landlock) for machines where bubblewrap cannot start; see
        # walls.py beside this file. Applied before numpy or any student code is loaded.
        import walls

        walls.apply(config["walls"])

    import numpy as np

    import codec

    sys.meta_path.insert(0, _ImportBlocker())
    channel = _Channel(proto_in, proto_out, codec)
    namespace = {"__name__": "__submission__", "__builtins__": builtins}
    output_cap = int(config.get("output_cap", 65536))

    while True:
        try:
            header, values = channel.receive()
        except EOFError:
            return
        op = header.get("op")
        if op == "load":
            errors = []
            for index, stmt in enumerate(header["statements"]):
                # Announce each statement first: if it kills the process, the grader knows which.
                channel.send({"op": "progress", "index": index})
                sys.stdout = sys.stderr = _CappedText(output_cap)
                try:
                    exec(compile(stmt["code"], stmt["label"], "exec"), namespace)
                except BaseException as exc:  # noqa: BLE001 - SystemExit from student code included
                    errors.append({"index": index, **_error(exc, worker_file)})
                finally:
                    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            names = sorted(k for k, v in list(namespace.items()) if callable(v) and isinstance(k, str))
            channel.send({"op": "loaded", "errors": errors, "callables": names})
        elif op == "call":
            fn = namespace.get(header["fn"])
            if not callable(fn):
                channel.send({"op": "result", "ok": False, "missing": True})
                continue
            args, kwargs = values.get("args", ()), values.get("kwargs", {})
            try:
                kwargs = bind_spares(fn, args, kwargs, values.get("spare"))
            except Exception:  # noqa: BLE001 - a signature student code broke: call as given
                pass
            if header.get("np_seed") is not None:
                np.random.seed(header["np_seed"])
            capture = _CappedText(output_cap)
            sys.stdout = sys.stderr = capture
            started = time.perf_counter()
            try:
                result = fn(*args, **kwargs)
                ok, error = True, None
            except BaseException as exc:  # noqa: BLE001
                ok, result, error = False, None, _error(exc, worker_file)
            finally:
                sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            elapsed = time.perf_counter() - started
            reply = {"op": "result", "ok": ok, "error": error, "stdout": capture.getvalue(), "seconds": elapsed}
            payload = {"result": result}
            if header.get("return_args"):
                payload["args_after"] = args
                payload["kwargs_after"] = kwargs
            try:
                channel.send(reply, payload if ok else {})
            except Exception as exc:  # noqa: BLE001 - an unsendable value is the student's error
                reply.update(ok=False, error={"type": "UnsupportedReturnValue", "message": str(exc), "traceback": ""})
                channel.send(reply, {})
        elif op == "exit":
            return


if __name__ == "__main__":
    main()
