"""The sandboxed worker: loads one submission and calls its functions on request.

This file runs inside the sandbox, started as ``python -I -S -B worker.py CONFIG_JSON`` with the
sandbox folder as working directory. It imports nothing of dlgrade but ``codec.py`` (copied beside it),
so student code finds no grader to patch and no reference to import. It trusts nothing it is sent
back and decides nothing: it only runs code and reports what came out. Every comparison happens in
the grader's own process.

Protocol (frames of ``codec``) on the original stdin/stdout, which the worker moves to private file
descriptors before any student code runs; fds 0, 1 and 2 then point at /dev/null, so printing (even
from C) cannot forge or corrupt a reply.

Warm mode (``"warm": true`` in the config): the process loads Python and numpy once inside its walls
and becomes a fork server. Its stdin is then a Unix socket on which the grader sends ``spawn`` with two
pipe ends; a fresh child forked for each submission serves that submission on those pipes, so nothing
one submission does in its process (globals, patched modules, the RNG) reaches the next. The server is
the children's subreaper: when a submission ends, every process it left is killed and its temporary
folder emptied before the next one starts.

Helpers answered by the grader: a ``call`` may name ``proxies``, graded functions that the called
function uses. For the length of that call they are replaced by stand-ins that send their arguments
back to the grader, which answers with the reference's result. A helper whose reference may draw from
numpy's global generator (the call's ``rng_proxies``; all of them when that is not given) also sends
the RNG state and gets back the state the reference leaves behind; the others skip that cost. So a
dependant is judged on its own code, not on its helpers'.
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


class HelperError(Exception):
    """A helper answered by the grader raised on the arguments the submission passed it."""


def _write_back(original, updated):
    """Copy the state of arguments after a helper's call back into the submission's own objects.

    A helper answered by the grader gets copies of its arguments; where the reference changes an
    argument in place (running statistics, a velocity dict), the caller must see that change.
    """
    import numpy as np

    if isinstance(original, np.ndarray) and isinstance(updated, np.ndarray):
        if original.shape == updated.shape and original.flags.writeable:
            try:
                original[...] = updated
            except (TypeError, ValueError):
                pass
    elif isinstance(original, dict) and isinstance(updated, dict):
        for key, value in updated.items():
            if key in original and isinstance(original[key], (np.ndarray, dict, list)):
                _write_back(original[key], value)
            else:
                original[key] = value
    elif isinstance(original, list) and isinstance(updated, (list, tuple)):
        if len(original) == len(updated):
            for index, value in enumerate(updated):
                if isinstance(original[index], (np.ndarray, dict, list)):
                    _write_back(original[index], value)
                else:
                    original[index] = value
    elif isinstance(original, tuple) and isinstance(updated, (list, tuple)):
        for old, new in zip(original, updated):
            _write_back(old, new)


def _proxy(name, channel, np, used, sync_rng=True):
    def helper(*args, **kwargs):
        used.add(name)
        values = {"args": args, "kwargs": kwargs}
        if sync_rng:  # reading the generator's state costs more than a small helper's arithmetic
            values["rng"] = np.random.get_state()
        try:
            channel.send({"op": "helper", "fn": name}, values)
        except Exception as exc:  # noqa: BLE001 - an argument that cannot cross is the caller's error
            raise TypeError(f"`{name}` was called with an argument it cannot take: {exc}") from None
        header, values = channel.receive()
        if header.get("op") != "helper_result":
            raise RuntimeError("protocol error while calling a helper")
        rng = values.get("rng")
        if isinstance(rng, (tuple, list)) and len(rng) == 5:
            np.random.set_state(tuple(rng))
        if "args_after" in values:  # only when the reference changed its arguments
            _write_back(args, values["args_after"])
            _write_back(kwargs, values.get("kwargs_after", {}))
        if header.get("ok") is True:
            return values.get("result")
        raise HelperError(f"`{name}` (answered as the reference would) raised {header.get('message', '')}")

    helper.__name__ = helper.__qualname__ = name
    return helper


def _spy(name, fn, used):
    def watched(*args, **kwargs):
        used.add(name)
        return fn(*args, **kwargs)

    watched.__name__ = watched.__qualname__ = name
    watched.__wrapped__ = fn
    return watched


def serve(channel, np, output_cap, worker_file):
    """Serve one submission: load its statements, then call its functions, until ``exit`` or EOF."""
    namespace = {"__name__": "__submission__", "__builtins__": builtins}
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
            used, saved = set(), {}
            rng_proxies = header.get("rng_proxies")
            for name in header.get("proxies") or ():
                saved[name] = namespace.get(name, _ABSENT)
                namespace[name] = _proxy(name, channel, np, used, rng_proxies is None or name in rng_proxies)
            for name in header.get("watch") or ():
                if name not in saved and callable(namespace.get(name)):
                    saved[name] = namespace[name]
                    namespace[name] = _spy(name, saved[name], used)
            if values.get("rng") is not None:
                np.random.set_state(tuple(values["rng"]))
            # "changed": the arguments come back only if the call changed them (a helper's answer).
            before = _snapshot(args, kwargs) if header.get("return_args") == "changed" else None
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
                for name, original in saved.items():
                    if original is _ABSENT:
                        namespace.pop(name, None)
                    else:
                        namespace[name] = original
            elapsed = time.perf_counter() - started
            reply = {"op": "result", "ok": ok, "error": error, "stdout": capture.getvalue(), "seconds": elapsed,
                     "helpers_called": sorted(used)}
            payload = {"result": result}
            if header.get("return_args") and (before is None or not _same(before, _snapshot(args, kwargs))):
                payload["args_after"] = args
                payload["kwargs_after"] = kwargs
            if header.get("return_rng"):
                state = np.random.get_state()
                sent = values.get("rng")
                # An unchanged generator need not travel back (most helpers draw nothing).
                if not (sent is not None and state[2:] == tuple(sent[2:]) and np.array_equal(state[1], sent[1])):
                    payload["rng"] = state
            try:
                channel.send(reply, payload if ok else {})
            except Exception as exc:  # noqa: BLE001 - an unsendable value is the student's error
                reply.update(ok=False, error={"type": "UnsupportedReturnValue", "message": str(exc), "traceback": ""})
                channel.send(reply, {})
        elif op == "exit":
            return


_ABSENT = object()


def _snapshot(args, kwargs):
    """What the arguments hold, to tell after a call whether it changed them (``==`` compares two).

    Arrays are kept as their bytes, a cheap copy that compares in one step: a helper answered by the
    reference runs thousands of times in a training loop, and a deep copy plus an element-wise
    comparison of every argument would cost more than the helper itself. Bytes equal means unchanged
    (NaN included); a change of bytes alone (0.0 to -0.0) sends the arguments back, which is harmless.
    """
    return _frozen((args, kwargs))


def _frozen(value):
    import copy

    import numpy as np

    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _frozen(v)) for k, v in value.items()))
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, np.generic)):
        return (type(value).__name__, value)
    return ("object", copy.deepcopy(value))  # compared with its own ==: unequal means changed, sent back


def _same(a, b):
    """Whether two snapshots hold the same values."""
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an object without a usable ==: count it as changed
        return False


def _prctl(option, value):
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except Exception:  # noqa: BLE001 - without it, the grader's process cap still kills leftovers
        return False


def _set_subreaper():
    """Make this process the subreaper of its descendants, so that none escapes its clean-up."""
    PR_SET_CHILD_SUBREAPER = 36
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


def _die_with_server(server_pid):
    """A submission's process dies the moment its server does (as a fresh worker died with bwrap)."""
    import signal

    PR_SET_PDEATHSIG = 1
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server_pid:  # the server died before the request took effect
        os._exit(1)


def _empty_folder(path):
    """Remove everything inside ``path`` (the submission may have made folders unwritable)."""
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        try:
            if os.path.isdir(full) and not os.path.islink(full):
                for root, dirs, _files in os.walk(full):
                    for d in dirs:
                        try:
                            os.chmod(os.path.join(root, d), 0o700)
                        except OSError:
                            pass
                os.chmod(full, 0o700)
                import shutil

                shutil.rmtree(full, ignore_errors=True)
            else:
                os.unlink(full)
        except OSError:
            pass


def _kill_descendants():
    """Kill and reap every child left (the subreaper inherits the submission's orphans)."""
    import signal

    while True:
        children = []
        try:
            with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as f:
                children = [int(p) for p in f.read().split()]
        except OSError:
            pass
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            pid, _ = os.waitpid(-1, 0 if children else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0 and not children:
            return


def _exit_status(status):
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1


def fork_server(control, np, codec, output_cap, worker_file, scratch):
    """Fork one child per submission, on the pipes the grader sends; clean up after each."""
    import select
    import signal
    import socket

    _set_subreaper()
    sock = socket.socket(fileno=control)
    import gc

    # What the server loaded (numpy above all) stays out of the children's garbage collections: they
    # would touch every object, and copying each touched page is most of a fork's cost.
    import copy  # noqa: F401 - used in each child (snapshots of arguments)
    import inspect  # noqa: F401 - used in each child (spare arguments)
    import tempfile  # noqa: F401 - set up in each child

    gc.collect()
    gc.freeze()
    # Started and loaded: the time the grader waited for this is not a submission's time.
    sock.send(json.dumps({"op": "ready"}).encode())
    counter = 0
    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 2)
        except OSError:
            return
        if not message:
            return
        request = json.loads(message.decode())
        if request.get("op") != "spawn" or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        counter += 1
        home = os.path.join(scratch, f"s{counter}")
        os.mkdir(home, 0o700)
        server_pid = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                _die_with_server(server_pid)
                sock.close()
                os.chdir(home)
                os.environ["HOME"] = os.environ["TMPDIR"] = home
                import tempfile

                tempfile.tempdir = home
                # A fresh process would start with fresh entropy; all children start alike instead.
                np.random.seed(None)
                serve(_Channel(fds[0], fds[1], codec), np, output_cap, worker_file)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        status = None
        pidfd = os.pidfd_open(pid)
        while status is None:
            ready, _, _ = select.select([sock, pidfd], [], [])
            if pidfd in ready:
                _, raw = os.waitpid(pid, 0)
                status = _exit_status(raw)
                break
            data = sock.recv(1 << 16)
            if not data:  # the grader went away: take the child with us
                os.kill(pid, signal.SIGKILL)
                _kill_descendants()
                return
            op = json.loads(data.decode()).get("op")
            if op == "kill":
                os.kill(pid, signal.SIGKILL)
            elif op == "ping":
                # Answered only while this server can still run code: a submission that signalled it
                # cannot get a reply through, so the grader knows which call did it.
                sock.send(json.dumps({"op": "pong"}).encode())
        os.close(pidfd)
        _kill_descendants()
        _empty_folder(scratch)
        sock.sendall(json.dumps({"op": "done", "status": status}).encode())


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
    # numpy imports these on first use; a warm server imports them once, before it forks, not once
    # per submission (numpy.random alone takes about 50 ms, and every child seeds it).
    import numpy.fft  # noqa: F401
    import numpy.random  # noqa: F401

    import codec

    sys.meta_path.insert(0, _ImportBlocker())
    output_cap = int(config.get("output_cap", 65536))
    if config.get("warm"):
        os.close(proto_out)
        fork_server(proto_in, np, codec, output_cap, worker_file, os.environ.get("TMPDIR") or "/tmp")
        return
    serve(_Channel(proto_in, proto_out, codec), np, output_cap, worker_file)


if __name__ == "__main__":
    main()
