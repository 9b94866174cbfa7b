"""How the worker process is walled off: bubblewrap where namespaces work, the fallback walls elsewhere.

Three modes, chosen by `detect_mode` (the strongest this machine gives) or forced with
``DLGRADE_SANDBOX=bwrap|fallback|process``:

``bwrap``     new user, PID, network, IPC and mount namespaces as an unprivileged uid; only read-only
              binds of the runtime and numpy plus a private writable /tmp; dies with the grader.
``fallback``  where namespaces are refused (Docker's default seccomp profile, Ubuntu 24.04's AppArmor
              rule, hardened kernels). The worker puts up its own walls (walls.py): as root it drops
              to a dedicated uid (one per worker, see cgroup.UidLease) and runs from a copy of the
              runtime that holds nothing of the grader; a seccomp filter (no_new_privs) refuses
              network sockets, ptrace, mounts and new namespaces; Landlock, where the kernel has it,
              limits files to the runtime (read-only) and a private temp folder, refuses TCP and
              keeps signals inside the sandbox. Processes are capped and killed by a cgroup (v1 pids
              or a writable v2 subtree) or, failing that, by the worker uid's RLIMIT_NPROC.
``process``   a separate process with resource limits and nothing else: only when forced, or when not
              even seccomp is available (not Linux, no libseccomp). Reported as such.

Every mode starts the worker with a minimal environment, an empty private working folder (0700),
Python's stdlib and numpy on its path, and nothing of the project. `describe_walls` is the line that
results and `dlgrade doctor` print.
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy

from . import cgroup

SANDBOX_UID = 65534  # "nobody" inside bubblewrap's user namespace: owns nothing the worker could open
MODES = ("bwrap", "fallback", "process")
_HERE = Path(__file__).resolve().parent
# Folders of the stdlib that a worker never needs (and site-packages, which may hold anything).
_STDLIB_SKIPPED = {"site-packages", "dist-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip",
                   "lib2to3", "__phello__"}


@dataclass(frozen=True)
class SandboxMode:
    name: str  # "bwrap", "fallback" or "process"
    isolated: bool  # True only when namespaces and the private file-system view are in force
    detail: str
    walls: tuple = ()  # fallback: the walls in force, e.g. ("uid", "landlock", "seccomp")
    landlock_abi: int = 0


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
    package = os.path.dirname(os.path.realpath(numpy.__file__))
    site = os.path.dirname(package)
    dirs = [package]
    libs = os.path.join(site, "numpy.libs")
    if os.path.isdir(libs):
        dirs.append(libs)
    return dirs


# -- temporary folders: private, and removed after a killed run -------------------------------------
_REGISTRY = None


def _registry():
    """This process's list of its temporary folders, locked while it lives (see `remove_leftovers`)."""
    global _REGISTRY
    if _REGISTRY is None:
        folder = os.path.join(tempfile.gettempdir(), f"dlgrade-runs-{os.getuid()}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        handle = open(os.path.join(folder, f"{os.getpid()}-{time.time_ns()}.run"), "a+")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _REGISTRY = handle
    return _REGISTRY


def register_folder(path):
    """Note ``path`` as this run's: if the run is killed, the next run removes it."""
    try:
        handle = _registry()
        handle.write(f"{path}\n")
        handle.flush()
    except OSError:
        pass


def _remove_tree(path):
    for root, dirs, _files in os.walk(path):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o700)
            except OSError:
                pass
    shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(older_than=6 * 3600.0):
    """Remove the temporary folders of dlgrade runs that were killed before they cleaned up.

    A run's folders are listed in a registry file it holds locked; a registry nobody holds any more
    belongs to a dead run, and its folders go. Folders named like ours that no live run lists and
    that are older than ``older_than`` seconds (left by versions without a registry) go too.
    """
    top = tempfile.gettempdir()
    folder = os.path.join(top, f"dlgrade-runs-{os.getuid()}")
    live = set()
    removed = 0
    for entry in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        path = os.path.join(folder, entry)
        try:
            handle = open(path)
        except OSError:
            continue
        with handle:
            listed = [line.strip() for line in handle if line.strip()]
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                live.update(listed)
                continue
            for leftover in listed:
                if os.path.isdir(leftover):
                    _remove_tree(leftover)
                    removed += 1
            os.unlink(path)
    now = time.time()
    for entry in os.listdir(top):
        if not entry.startswith(("dlgrade-tmp-", "dlgrade-box-", "dlgrade-site-", "dlgrade-probe-")):
            continue
        path = os.path.join(top, entry)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if path in live or info.st_uid != os.getuid() or now - info.st_mtime < older_than:
            continue
        _remove_tree(path)
        removed += 1
    return removed


@functools.lru_cache(maxsize=1)
def numpy_view():
    """A folder holding only links to numpy, so the worker's path reaches no other installed package."""
    view = tempfile.mkdtemp(prefix="dlgrade-site-")
    os.chmod(view, 0o755)
    register_folder(view)
    atexit.register(shutil.rmtree, view, True)
    for path in _numpy_dirs():
        os.symlink(path, os.path.join(view, os.path.basename(path)))
    return view


# -- the runtime copy for a dropped uid ----------------------------------------------------------------
def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _copy_tree(src, dst, skipped=()):
    os.makedirs(dst, mode=0o755, exist_ok=True)
    for entry in os.scandir(src):
        if entry.name in skipped or entry.name.startswith("config-"):
            continue
        target = os.path.join(dst, entry.name)
        if entry.is_dir(follow_symlinks=False):
            _copy_tree(entry.path, target)
        elif entry.is_file():
            _link_or_copy(entry.path, target)
        elif entry.is_symlink():
            real = os.path.realpath(entry.path)
            if os.path.isfile(real):
                _link_or_copy(real, target)


def _runtime_home():
    if os.environ.get("DLGRADE_RUNTIME_DIR"):
        return Path(os.environ["DLGRADE_RUNTIME_DIR"])
    if os.getuid() == 0:
        return Path("/var/cache/dlgrade")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dlgrade"


@functools.lru_cache(maxsize=1)
def runtime_copy():
    """A copy (hard links where possible) of the interpreter, its stdlib and numpy, readable by any uid.

    Layout ``R/bin/pythonX.Y``, ``R/lib/libpython*``, ``R/lib/pythonX.Y/`` (stdlib and lib-dynload,
    without site-packages), ``R/site/numpy``: Python finds its prefix from the binary's location, so
    nothing outside R (and the system's shared libraries) is needed. Built once per interpreter and
    numpy version. Returns (R, sys_path).
    """
    exe = os.path.realpath(sys.executable)
    stdlib = sysconfig.get_paths()["stdlib"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    key = hashlib.sha1(json.dumps([exe, stdlib, _numpy_dirs(), numpy.__version__, os.stat(exe).st_mtime,
                                   sys.version]).encode()).hexdigest()[:16]
    home = _runtime_home()
    final = home / f"runtime-{key}"
    paths = [str(final / "lib" / version), str(final / "lib" / version / "lib-dynload"), str(final / "site")]
    if (final / "bin" / version).is_file():
        return final, paths
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o755)
    building = Path(tempfile.mkdtemp(prefix=f"runtime-{key}-", dir=home))
    try:
        os.chmod(building, 0o755)
        (building / "bin").mkdir(mode=0o755)
        _link_or_copy(exe, building / "bin" / version)
        (building / "lib").mkdir(mode=0o755)
        libdir = sysconfig.get_config_var("LIBDIR") or ""
        ldlib = sysconfig.get_config_var("INSTSONAME") or ""
        if sysconfig.get_config_var("Py_ENABLE_SHARED") and os.path.isfile(os.path.join(libdir, ldlib)):
            _link_or_copy(os.path.realpath(os.path.join(libdir, ldlib)), building / "lib" / ldlib)
        _copy_tree(stdlib, str(building / "lib" / version), _STDLIB_SKIPPED)
        for path in _numpy_dirs():
            _copy_tree(path, str(building / "site" / os.path.basename(path)))
        os.chmod(building / "site", 0o755)
        try:
            building.rename(final)
        except OSError:
            if not (final / "bin" / version).is_file():
                raise
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return final, paths


def _use_runtime_copy():
    return os.getuid() == 0 or bool(os.environ.get("DLGRADE_RUNTIME_DIR"))


# -- the fallback's walls ---------------------------------------------------------------------------------
_SYSTEM_READ = ["/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc/ld.so.cache", "/etc/ld.so.conf",
                "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime", "/sys/devices/system/cpu",
                "/proc/cpuinfo", "/proc/meminfo"]
_DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]


def _landlock_abi():
    from . import walls

    try:
        return walls.landlock_abi()
    except Exception:  # noqa: BLE001 - a libc without syscall(): no Landlock
        return 0


def _without(folder, skipped):
    """The entries of ``folder`` but those named in ``skipped``: Landlock grants whole trees only."""
    try:
        return [os.path.join(folder, e) for e in sorted(os.listdir(folder)) if e not in skipped]
    except OSError:
        return []


def _fallback_layout(sandbox_dir):
    """(python argv prefix, sys_path, read-only folders) of a fallback worker."""
    if _use_runtime_copy():
        root, paths = runtime_copy()
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        prefix = ["/usr/bin/env", f"LD_LIBRARY_PATH={root / 'lib'}", str(root / "bin" / version)]
        return prefix, [sandbox_dir, *paths], [str(root)]
    stdlib = sysconfig.get_paths()["stdlib"]
    exe = os.path.realpath(sys.executable)
    read = [exe, *_without(stdlib, _STDLIB_SKIPPED), *_numpy_dirs(), numpy_view()]
    prefix = [exe]
    libpython = _loaded_libpython()
    if libpython:
        # Where this interpreter's libpython really is (its build-time RUNPATH may be elsewhere).
        read.append(libpython)
        prefix = ["/usr/bin/env", f"LD_LIBRARY_PATH={os.path.dirname(libpython)}", exe]
    return prefix, [sandbox_dir, *_stdlib_dirs(), numpy_view()], read


def _loaded_libpython():
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                if os.path.basename(path).startswith("libpython"):
                    return path
    except OSError:
        pass
    return None


def _walls_config(mode, sandbox_dir, tmp_dir, lease, extra_read):
    required = [w for w in mode.walls if w in ("uid", "seccomp", "landlock")]
    config = {"required": required}
    if "seccomp" in mode.walls:
        config["seccomp"] = True
    if "landlock" in mode.walls:
        config["landlock"] = {"read": [*_SYSTEM_READ, *extra_read, sandbox_dir], "own_proc": True,
                              "write": [tmp_dir], "devices": _DEVICES}
    if lease is not None:
        config.update(uid=lease.uid, gid=lease.gid)
    return config


def _prepare_folders(sandbox_dir, tmp_dir, lease):
    """The worker's folders: tmp private to its uid (0700), the sandbox folder readable by it alone."""
    if lease is not None:
        os.chown(tmp_dir, lease.uid, lease.gid)
        # Copied files keep their modes, which may be private (the Gradescope autograder makes its
        # sources 0600): the worker's group reads them, nobody else does, and nobody writes them.
        for folder, dirs, files in os.walk(sandbox_dir):
            os.chown(folder, 0, lease.gid)
            os.chmod(folder, 0o750)
            for name in files:
                path = os.path.join(folder, name)
                os.chown(path, 0, lease.gid, follow_symlinks=False)
                if not os.path.islink(path):
                    os.chmod(path, 0o640)
    os.chmod(tmp_dir, 0o700)


# -- detection -----------------------------------------------------------------------------------------
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


def _probe_bwrap():
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return None, "bubblewrap (bwrap) is not installed"
    probe = [bwrap, *_bwrap_args("/", "/tmp", probe=True), "true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"bubblewrap failed to start ({exc})"
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["unknown error"]
        return None, f"bubblewrap cannot create namespaces ({reason[0]})"
    walls = ()
    try:
        from . import walls as fallback_walls

        fallback_walls._libseccomp()
        walls = ("seccomp",)  # inside the namespaces too: no nested namespaces, mounts, ptrace or sockets
    except Exception:  # noqa: BLE001 - no libseccomp: the namespaces alone
        pass
    return SandboxMode("bwrap", True, f"bubblewrap {bwrap}: user, PID, network, IPC and mount namespaces; "
                                      f"read-only runtime{'; seccomp inside' if walls else ''}", walls), ""


def _probe_fallback():
    """The fallback mode with every wall that actually goes up here, or (None, why not)."""
    walls = ["seccomp"]
    abi = _landlock_abi()
    if abi >= 1:
        walls.append("landlock")
    if os.getuid() == 0:
        walls.append("uid")
    trial = SandboxMode("fallback", False, "", tuple(walls), abi)
    box = tempfile.mkdtemp(prefix="dlgrade-probe-")
    tmp = tempfile.mkdtemp(prefix="dlgrade-probe-")
    register_folder(box)
    register_folder(tmp)
    try:
        shutil.copy(_HERE / "walls.py", Path(box) / "walls.py")
        config = {}
        argv, cwd = worker_command(trial, box, tmp, config, script=None)
        lease = cgroup._take_lease()
        code = ("import json, sys; c = json.loads(sys.argv[1]); sys.path[:] = c['sys_path']; import walls; "
                "up = walls.apply(c['walls']); import numpy, socket\n"
                "try:\n socket.socket(); sys.exit(3)\nexcept OSError: pass\n"
                "print(json.dumps(up))")
        argv = argv[:-1] + ["-c", code, argv[-1]]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=60, cwd=cwd,
                                  env=worker_environment(tmp))
        finally:
            if lease is not None:
                lease.release()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"the fallback walls could not be tried ({exc})"
    finally:
        _remove_tree(box)
        _remove_tree(tmp)
    if done.returncode != 0:
        reason = (done.stderr.decode(errors="replace").strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return None, f"the fallback walls cannot go up here ({reason})"
    return SandboxMode("fallback", False, _fallback_detail(walls, abi), tuple(walls), abi), ""


def _fallback_detail(walls, abi):
    parts = []
    if "uid" in walls:
        parts.append("a dedicated unprivileged uid per worker, running from a copy of the runtime")
    parts.append("seccomp (no network sockets, ptrace, mounts or namespaces)")
    if "landlock" in walls:
        parts.append(f"Landlock ABI {abi} (files: read-only runtime and a private temp folder"
                     f"{'; no TCP' if abi >= 4 else ''}{'; signals kept inside' if abi >= 6 else ''})")
    else:
        parts.append("NO Landlock in this kernel: files readable by the worker's uid are exposed")
    parts.append(f"process cap: {cgroup.describe()}")
    return "fallback walls: " + "; ".join(parts)


_LEFTOVERS_CHECKED = False


@functools.lru_cache(maxsize=1)
def detect_mode() -> SandboxMode:
    """The strongest mode this machine gives, or the one ``DLGRADE_SANDBOX`` forces.

    A forced mode that cannot be provided raises RuntimeError (never a silent downgrade).
    """
    global _LEFTOVERS_CHECKED
    if not _LEFTOVERS_CHECKED:
        _LEFTOVERS_CHECKED = True
        try:
            remove_leftovers()
        except OSError:
            pass
    forced = os.environ.get("DLGRADE_SANDBOX", "").strip().lower()
    if forced and forced not in MODES:
        raise RuntimeError(f"DLGRADE_SANDBOX={forced!r}: expected one of {', '.join(MODES)}")
    if forced == "process":
        return SandboxMode("process", False, "forced by DLGRADE_SANDBOX=process: a separate process with resource "
                                             "limits and no other walls")
    reasons = []
    if not sys.platform.startswith("linux"):
        reasons.append("not Linux")
    elif forced in ("", "bwrap"):
        mode, why = _probe_bwrap()
        if mode is not None:
            return mode
        if forced == "bwrap":
            raise RuntimeError(f"DLGRADE_SANDBOX=bwrap: {why}")
        reasons.append(why)
    if sys.platform.startswith("linux"):
        mode, why = _probe_fallback()
        if mode is not None:
            why = reasons[0] if reasons else "forced by DLGRADE_SANDBOX=fallback"
            mode = SandboxMode(mode.name, False, f"{why}; {mode.detail}", mode.walls, mode.landlock_abi)
            return mode
        if forced == "fallback":
            raise RuntimeError(f"DLGRADE_SANDBOX=fallback: {why}")
        reasons.append(why)
    return SandboxMode("process", False, "; ".join(reasons) + ": a separate process with resource limits only")


def describe_walls(mode: SandboxMode) -> str:
    """One line naming the walls of ``mode``, as results and `dlgrade doctor` print it."""
    if mode.name == "bwrap":
        return f"bwrap (namespaces, private file system{', seccomp' if 'seccomp' in mode.walls else ''})"
    if mode.name == "fallback":
        names = {"uid": "dedicated uid", "seccomp": "seccomp", "landlock": f"Landlock ABI {mode.landlock_abi}"}
        return "fallback (" + ", ".join(names[w] for w in mode.walls) + ")"
    return "process (resource limits only)"


def doctor_lines(mode: SandboxMode | None = None):
    """What `dlgrade doctor` prints about the sandbox."""
    mode = mode or detect_mode()
    lines = [f"sandbox: {describe_walls(mode)}{'' if mode.isolated else ' - WEAKER than bubblewrap'}",
             f"  {mode.detail}"]
    if mode.name != "bwrap":
        lines.append("  install bubblewrap and allow user namespaces for the full sandbox "
                     "(Debian/Ubuntu: apt-get install bubblewrap)")
    abi = _landlock_abi()
    lines.append(f"Landlock: {'ABI ' + str(abi) if abi else 'not available in this kernel'}")
    lines.append(f"process cap: {cgroup.describe()}")
    lines.append("force a mode with DLGRADE_SANDBOX=bwrap|fallback|process")
    return lines


# -- starting a worker ----------------------------------------------------------------------------------
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


def worker_command(mode: SandboxMode, sandbox_dir: str, tmp_dir: str, config: dict, script="worker.py"):
    """The argv that starts the worker for ``mode``, and its working folder.

    The returned argv carries ``config`` (JSON, last argument) with ``sys_path`` and, in fallback
    mode, ``walls`` (what walls.py must put up). In fallback mode as root this also leases the
    worker's uid; the `cgroup.ProcessGroupCap.create` that follows in the same thread takes the lease
    and frees it in `kill_all`. The temp folder is made private (0700, owned by the worker's uid).
    """
    python = os.path.realpath(sys.executable)
    register_folder(sandbox_dir)
    register_folder(tmp_dir)
    if mode.name == "bwrap":
        os.chmod(tmp_dir, 0o700)
        config = dict(config, sys_path=["/sandbox/work", *_stdlib_dirs(), "/sandbox/site"])
        if "seccomp" in mode.walls:
            config["walls"] = {"seccomp": True, "required": ["seccomp"]}
        argv = [shutil.which("bwrap"), *_bwrap_args(sandbox_dir, tmp_dir), python, "-I", "-S", "-B",
                "/sandbox/work/worker.py", json.dumps(config)]
        return argv, "/"
    if mode.name == "fallback":
        lease = cgroup.UidLease.acquire() if "uid" in mode.walls else None
        try:
            _prepare_folders(sandbox_dir, tmp_dir, lease)
            prefix, sys_path, read = _fallback_layout(sandbox_dir)
            walls = _walls_config(mode, sandbox_dir, tmp_dir, lease, read)
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        cgroup.offer_lease(lease)
        config = dict(config, sys_path=sys_path, walls=walls, limits=_process_limit(config.get("limits"), lease))
        tail = [os.path.join(sandbox_dir, script)] if script else []
        return [*prefix, "-I", "-S", "-B", *tail, json.dumps(config)], tmp_dir
    os.chmod(tmp_dir, 0o700)
    config = dict(config, sys_path=[sandbox_dir, *_stdlib_dirs(), numpy_view()])
    argv = [python, "-I", "-S", "-B", os.path.join(sandbox_dir, "worker.py"), json.dumps(config)]
    return argv, tmp_dir


def _process_limit(limits, lease):
    """The worker's rlimits with RLIMIT_NPROC fitted to whose processes it counts.

    With a uid of its own (lease) the limit counts the worker's processes alone: kept as is. Without
    one, RLIMIT_NPROC counts every process of the grader's user, the grader's threads and the other
    workers included: where a pids cgroup caps each worker it is only a backstop (raised), else the
    worker may have ``processes`` more than the user runs now.
    """
    if not isinstance(limits, dict) or lease is not None or limits.get("processes") is None:
        return limits
    v2 = cgroup.v2_parent()
    if cgroup.parent_dir() is not None or (v2 is not None and v2[1]):
        return dict(limits, processes=max(int(limits["processes"]), 4096))
    return dict(limits, processes=int(limits["processes"]) + cgroup.tasks_of_uid(os.getuid()))
