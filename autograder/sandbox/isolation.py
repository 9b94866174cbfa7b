"""How the worker process is walled off: bubblewrap namespaces where they work, a weaker mode elsewhere.

`SandboxMode` says which wall is up; `worker_command` builds the command line for it. Both modes start
the worker with a minimal environment, an empty temporary working directory, Python's stdlib and
numpy on its path, and nothing of the project. With bubblewrap the worker additionally lives in new
user, PID, network, IPC and mount namespaces as an unprivileged uid, sees only read-only binds of the
runtime and numpy plus a private writable /tmp, and dies with the grader.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass

import numpy

SANDBOX_UID = 65534  # "nobody": owns nothing the worker could open


@dataclass(frozen=True)
class SandboxMode:
    name: str  # "bwrap" or "process"
    isolated: bool  # True only when namespaces and the private file-system view are in force
    detail: str


def _stdlib_dirs():
    paths = sysconfig.get_paths()
    dirs = []
    for key in ("stdlib", "platstdlib"):
        if paths[key] not in dirs:
            dirs.append(paths[key])
    dynload = os.path.join(paths["stdlib"], "lib-dynload")
    if os.path.isdir(dynload):
        dirs.append(dynload)
    return dirs


def _numpy_dirs():
    """numpy's package folder and, for wheels, its vendored shared libraries folder."""
    package = os.path.dirname(os.path.abspath(numpy.__file__))
    site = os.path.dirname(package)
    dirs = [package]
    libs = os.path.join(site, "numpy.libs")
    if os.path.isdir(libs):
        dirs.append(libs)
    return dirs


@functools.lru_cache(maxsize=1)
def numpy_view():
    """A folder holding only links to numpy, so the worker's path reaches no other installed package."""
    view = tempfile.mkdtemp(prefix="dlgrade-site-")
    atexit.register(shutil.rmtree, view, True)
    for path in _numpy_dirs():
        os.symlink(path, os.path.join(view, os.path.basename(path)))
    return view


@functools.lru_cache(maxsize=1)
def detect_mode() -> SandboxMode:
    bwrap = shutil.which("bwrap")
    if not sys.platform.startswith("linux"):
        return SandboxMode("process", False, "not Linux: separate process with limits, no namespaces")
    if not bwrap:
        return SandboxMode("process", False, "bubblewrap (bwrap) is not installed: separate process with limits, no namespaces")
    probe = [bwrap, *_bwrap_args("/", "/tmp", probe=True), "true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SandboxMode("process", False, f"bubblewrap failed to start ({exc}): separate process with limits")
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["unknown error"]
        return SandboxMode("process", False, f"bubblewrap cannot create namespaces ({reason[0]}): separate process with limits")
    return SandboxMode("bwrap", True, f"bubblewrap {bwrap}: user, PID, network, IPC and mount namespaces; read-only runtime")


def _runtime_binds():
    """Read-only binds for the interpreter and its shared libraries, at their own paths."""
    roots = ["/usr", "/lib", "/lib64", "/bin", "/etc/alternatives", "/etc/ld.so.cache"]
    exe = os.path.realpath(sys.executable)
    prefix = os.path.realpath(sys.base_prefix)
    binds = [r for r in roots if os.path.exists(r)]
    for extra in (prefix, os.path.dirname(exe)):
        if not any(extra == r or extra.startswith(r + "/") for r in binds):
            binds.append(extra)
    return binds


def _bwrap_args(sandbox_dir, tmp_dir, probe=False):
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    for path in _runtime_binds():
        args += ["--ro-bind", path, path]
    if not probe:
        # The base interpreter's site-packages may hold the grader (an installed dlgrade) or other
        # packages: the runtime binds must not show them.
        site = os.path.join(sysconfig.get_paths()["stdlib"], "site-packages")
        if os.path.isdir(site):
            args += ["--tmpfs", site]
        for path in _numpy_dirs():
            args += ["--ro-bind", path, f"/sandbox/site/{os.path.basename(path)}"]
        args += ["--ro-bind", sandbox_dir, "/sandbox/work"]
    args += ["--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp" if probe else "/sandbox/work"]
    args += ["--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp"]
    return args


def worker_environment(tmp_dir):
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": tmp_dir,
        "TMPDIR": tmp_dir,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        # One BLAS thread: parallelism comes from grading several submissions at once.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def worker_command(mode: SandboxMode, sandbox_dir: str, tmp_dir: str, config: dict):
    """The argv that starts the worker, and the sys.path it must use, for ``mode``."""
    import json

    python = os.path.realpath(sys.executable)
    if mode.name == "bwrap":
        config = dict(config, sys_path=["/sandbox/work", *_stdlib_dirs(), "/sandbox/site"])
        argv = [shutil.which("bwrap"), *_bwrap_args(sandbox_dir, tmp_dir), python, "-I", "-S", "-B",
                "/sandbox/work/worker.py", json.dumps(config)]
        return argv, "/"
    config = dict(config, sys_path=[sandbox_dir, *_stdlib_dirs(), numpy_view()])
    argv = [python, "-I", "-S", "-B", os.path.join(sandbox_dir, "worker.py"), json.dumps(config)]
    return argv, tmp_dir
