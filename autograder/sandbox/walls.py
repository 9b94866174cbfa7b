"""The walls a worker puts up around itself where bubblewrap cannot start (no user namespaces).

This file is copied beside ``worker.py`` into the sandbox folder and imported by the worker right
after its resource limits are set, before numpy or any submission code is loaded. It uses the
standard library and ctypes only. ``apply(config)`` puts up, in this order:

1. **A dedicated uid** (``config["uid"]``, when the worker starts as root): supplementary groups
   dropped, then gid and uid set for real, effective and saved ids. From then on ``RLIMIT_NPROC``
   counts the processes of that uid, and the worker cannot signal or trace the grader's processes.
2. **Landlock** (``config["landlock"]``, when the kernel has it): file access limited to read-only
   runtime folders, a few device files and one writable private folder; TCP bind/connect refused
   (ABI 4+); signals and abstract Unix sockets limited to the worker's own domain (ABI 6+).
3. **seccomp** (``config["seccomp"]``), through libseccomp (``libseccomp.so.2``, loaded with ctypes):
   ``no_new_privs``, and ``EPERM`` for network sockets, ptrace and reading other processes' memory,
   mounts, new namespaces (unshare, setns, the namespace flags of clone; clone3 answers ENOSYS so the
   C library falls back to clone), kernel keyrings, BPF, perf events, io_uring, userfaultfd and
   module or kexec loading. Syscalls of another architecture kill the process (libseccomp's default).

Every wall named in ``config["required"]`` must go up, or ``apply`` raises ``WallError``: the worker
then exits before running a line of submission code, rather than running it unwalled.
"""

import ctypes
import ctypes.util
import errno
import os

# -- Landlock (include/uapi/linux/landlock.h) ---------------------------------------------------------
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # the same numbers on every arch
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
_READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
_PR_SET_NO_NEW_PRIVS = 38


class WallError(Exception):
    pass


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def landlock_abi():
    """The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled."""
    result = _libc.syscall(ctypes.c_long(_SYS_CREATE_RULESET), None, ctypes.c_size_t(0),
                           ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(0, int(result))


def _fs_rights(abi):
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def _landlock(spec):
    abi = landlock_abi()
    if abi < 1:
        raise WallError("Landlock is not available in this kernel")
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _libc.syscall(ctypes.c_long(_SYS_CREATE_RULESET), ctypes.byref(attr), ctypes.c_size_t(size),
                            ctypes.c_uint32(0))
    if ruleset < 0:
        raise WallError(f"landlock_create_ruleset: {os.strerror(ctypes.get_errno())}")
    try:
        grants = [(path, _READ) for path in spec.get("read", [])]
        if spec.get("own_proc"):
            # The worker's own /proc entry (a fork server lists its children there), no other process's.
            grants.append((f"/proc/{os.getpid()}", FS_READ_FILE | FS_READ_DIR))
        grants += [(path, handled) for path in spec.get("write", [])]
        grants += [(path, FS_READ_FILE | FS_WRITE_FILE) for path in spec.get("devices", [])]
        for path, rights in grants:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a runtime folder this machine does not have
            try:
                if not os.path.isdir(path):
                    rights &= _FILE_RIGHTS
                rule = _PathBeneathAttr(rights & handled, fd)
                if _libc.syscall(ctypes.c_long(_SYS_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                                 ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    raise WallError(f"landlock_add_rule({path}): {os.strerror(ctypes.get_errno())}")
            finally:
                os.close(fd)
        _no_new_privs()
        if _libc.syscall(ctypes.c_long(_SYS_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)) < 0:
            raise WallError(f"landlock_restrict_self: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(ruleset)
    return abi


def _no_new_privs():
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise WallError(f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}")


# -- seccomp through libseccomp ------------------------------------------------------------------
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_CMP_MASKED_EQ = 7


def _scmp_errno(code):
    return 0x00050000 | (code & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


# Refused outright: what a numerical function never needs and an escape often does.
DENIED_SYSCALLS = (
    "socket", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "mount", "umount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsmount",
    "fsconfig", "fspick", "mount_setattr", "unshare", "setns",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "swapon", "swapoff", "reboot", "acct", "quotactl", "open_by_handle_at", "name_to_handle_at",
    "personality", "syslog", "lookup_dcookie", "vhangup",
)
# clone's flags that make new namespaces.
_CLONE_NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000,
                          0x40000000, 0x00000080)  # NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME


def _libseccomp(path=None):
    name = path or ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError as exc:
        raise WallError(f"libseccomp is not installed ({exc})") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    return lib


def _seccomp(spec):
    lib = _libseccomp(spec.get("library") if isinstance(spec, dict) else None)
    ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not ctx:
        raise WallError("seccomp_init failed")
    try:
        def deny(name, code=errno.EPERM, args=()):
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:
                return  # not a syscall on this architecture
            array = (_ArgCmp * max(1, len(args)))(*args)
            rc = lib.seccomp_rule_add_array(ctx, _scmp_errno(code), number, len(args), array)
            if rc < 0:
                raise WallError(f"seccomp_rule_add({name}): {os.strerror(-rc)}")

        for name in DENIED_SYSCALLS:
            deny(name)
        # clone3 passes its flags in memory, where a filter cannot look: ENOSYS makes the C library
        # use clone, whose flags it can check.
        deny("clone3", errno.ENOSYS)
        for flag in _CLONE_NAMESPACE_FLAGS:
            deny("clone", args=[_ArgCmp(0, _SCMP_CMP_MASKED_EQ, flag, flag)])
        rc = lib.seccomp_load(ctx)  # sets no_new_privs itself (libseccomp's default)
        if rc < 0:
            raise WallError(f"seccomp_load: {os.strerror(-rc)}")
    finally:
        lib.seccomp_release(ctx)


# -- the uid ------------------------------------------------------------------------------------------
def _drop_uid(uid, gid):
    if os.getuid() != 0 and os.geteuid() != 0:
        if os.getuid() == uid:
            return
        raise WallError(f"cannot change to uid {uid}: not started as root")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise WallError("the uid change did not take effect")


def apply(config):
    """Put up the walls ``config`` asks for; returns the names of those that went up."""
    config = dict(config or {})
    required = set(config.get("required", ()))
    up = []

    def attempt(name, action):
        try:
            result = action()
        except (WallError, OSError) as exc:
            if name in required:
                raise WallError(f"{name}: {exc}") from None
            return None
        up.append(name)
        return result

    if config.get("uid") is not None:
        attempt("uid", lambda: _drop_uid(int(config["uid"]), int(config.get("gid", config["uid"]))))
    lib = config.get("seccomp")
    if lib:
        # Loaded before Landlock closes the file system; the filter itself goes up last.
        attempt("libseccomp", lambda: _libseccomp(lib.get("library") if isinstance(lib, dict) else None))
    if config.get("landlock"):
        attempt("landlock", lambda: _landlock(config["landlock"]))
    if lib:
        attempt("seccomp", lambda: _seccomp(lib))
    return up
