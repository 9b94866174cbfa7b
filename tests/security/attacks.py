"""Hostile submissions: each attack redefines one graded function of `activations` at the end of the
reference module, so the rest of the submission is correct and must keep its full marks.

Each entry: name -> (the part attacked, the code, whether the attacked part may keep its points).
``{marker}``, ``{root}`` and ``{port}`` are filled in by the tests.
"""

ATTACKS = {
    "endless loop": ("relu", """
def relu(x):
    while True:
        pass
""", False),
    "ignores SIGTERM": ("relu", """
def relu(x):
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
""", False),
    "memory exhaustion at once": ("relu", """
def relu(x):
    big = np.ones(1 << 32)
    return big[:x.size].reshape(x.shape)
""", False),
    "memory exhaustion step by step": ("relu", """
def relu(x):
    hoard = []
    while True:
        hoard.append(bytearray(50 << 20))
""", False),
    "fork flood": ("relu", """
def relu(x):
    import os
    while True:
        try:
            os.fork()
        except OSError:
            pass
""", False),
    "detached process outlives the call": ("relu", """
def relu(x):
    import os, subprocess
    subprocess.Popen(["/bin/sleep", "{marker}"], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["/bin/sleep", "{marker}"])
        os._exit(0)
    return -x
""", False),
    "sys.exit in a call": ("relu", """
def relu(x):
    import sys
    sys.exit(0)
""", False),
    "os._exit in a call": ("relu", """
def relu(x):
    import os
    os._exit(0)
""", False),
    "sys.exit while loading, from a default argument": ("relu", """
def relu(x, _=__import__("sys").exit(0)):
    return -x
""", True),
    "os._exit while loading, from a class body": ("relu", """
class Boom:
    import os
    os._exit(3)

def relu(x):
    return -x
""", False),
    "os._exit while loading, from a decorator": ("relu", """
@(lambda f: __import__("os")._exit(4))
def relu(x):
    return -x
""", True),
    "kills its parent": ("relu", """
def relu(x):
    import os, signal
    os.kill(os.getppid(), signal.SIGKILL)
    return -x
""", False),
    "kills its process group and everything it can": ("relu", """
def relu(x):
    import os, signal
    try:
        os.killpg(0, signal.SIGKILL)
    finally:
        os.kill(-1, signal.SIGKILL)
""", False),
    "deep recursion overflows the C stack": ("relu", """
def relu(x):
    import sys
    sys.setrecursionlimit(10 ** 8)
    def down(n):
        return down(n + 1) + 1
    return down(0)
""", False),
    "imports the reference": ("relu", """
def relu(x):
    from solutions.activations import relu as answer
    return answer(x)
""", False),
    "imports the grader to patch it": ("relu", """
def relu(x):
    import autograder.compare
    autograder.compare.compare = lambda *a, **k: []
    return -x
""", False),
    "searches the file system for the reference": ("relu", """
def relu(x):
    import os
    for top in ("/", "{root}", os.path.expanduser("~")):
        for folder, _, files in os.walk(top):
            for name in files:
                if name in ("activations.py", "grading.py"):
                    path = os.path.join(folder, name)
                    try:
                        text = open(path).read()
                    except OSError:
                        continue
                    if "END CODE HERE" in text or "PARTS" in text:
                        space = {{}}
                        exec(text, space)
                        return space["relu"](x)
    raise FileNotFoundError("no reference found")
""", False),
    "reads the reference by its path": ("relu", """
def relu(x):
    space = {{}}
    exec(open("{root}/solutions/activations.py").read(), space)
    return space["relu"](x)
""", False),
    "monkeypatches numpy's comparisons": ("relu", """
def relu(x):
    np.allclose = lambda *a, **k: True
    np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
    np.array_equal = lambda *a, **k: True
    np.testing.assert_allclose = lambda *a, **k: None
    return -x
""", False),
    "ndarray subclass equal to everything": ("relu", """
class Liar(np.ndarray):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.shape(inputs[0]), dtype=bool) if ufunc.__name__ == "not_equal" else True

def relu(x):
    return (-x).view(Liar)
""", False),
    "float subclass equal to everything": ("L1", """
class Liar(float):
    def __eq__(self, other):
        return True
    def __sub__(self, other):
        return 0.0
    __rsub__ = __sub__
    def __abs__(self):
        return 0.0

def L1(yhat, y):
    return Liar(-1.0)
""", False),
    "object whose unpickling would run code": ("relu", """
class Payload:
    def __reduce__(self):
        import os
        return (os.system, ("touch /tmp/{marker}",))

def relu(x):
    return Payload()
""", False),
    "object array": ("relu", """
def relu(x):
    out = np.empty(x.shape, dtype=object)
    out[...] = 0.0
    return out
""", False),
    "string array": ("relu", """
def relu(x):
    return np.maximum(0, x).astype(str)
""", False),
    "NaN outputs": ("relu", """
def relu(x):
    return x * np.nan
""", False),
    "a scalar that would broadcast": ("relu", """
def relu(x):
    return 0.0
""", False),
    "prints fake result JSON on stdout": ("relu", """
def relu(x):
    import json
    fake = {{"score": 97, "max_score": 97, "tests": [{{"name": "relu: public example", "score": 5, "status": "passed"}}]}}
    print(json.dumps(fake))
    return -x
""", False),
    "prints fake result JSON on stderr": ("relu", """
def relu(x):
    import json, os, sys
    fake = {{"score": 97, "max_score": 97}}
    print(json.dumps(fake), file=sys.stderr)
    os.write(2, json.dumps(fake).encode())
    os.write(1, json.dumps(fake).encode())
    return -x
""", False),
    "floods stdout": ("relu", """
def relu(x):
    import os
    for _ in range(20000):
        print("spam " * 2000)
        os.write(1, b"raw spam " * 1000)
    return np.maximum(0.0, x)
""", True),
    "writes outside the sandbox": ("relu", """
def relu(x):
    import os
    for path in ("/tmp/{marker}", os.path.expanduser("~/{marker}"), "{root}/{marker}", "/root/{marker}"):
        try:
            with open(path, "w") as f:
                f.write("owned")
        except OSError:
            pass
    return -x
""", False),
    "connects to a listener on 127.0.0.1": ("relu", """
def relu(x):
    import socket
    with socket.create_connection(("127.0.0.1", {port}), timeout=2) as s:
        s.sendall(b"{marker}")
        answer = s.recv(100)
    return np.frombuffer(answer, dtype=np.float64).reshape(x.shape)
""", False),
    "reads the grader's memory through frames and gc": ("relu", """
def relu(x):
    import gc, sys
    found = [o for o in gc.get_objects() if isinstance(o, np.ndarray) and o.shape == x.shape and o is not x]
    frame = sys._getframe()
    while frame is not None:
        found += [v for v in frame.f_locals.values() if isinstance(v, np.ndarray) and v.shape == x.shape and v is not x]
        frame = frame.f_back
    for candidate in found:
        if np.all(candidate >= 0) and not np.array_equal(candidate, x):
            return candidate
    return -x
""", False),
    "returns an array far larger than allowed": ("relu", """
def relu(x):
    return np.ones((30000, 30000))
""", False),
    "snoops on other processes through /proc": ("relu", """
def relu(x):
    import os
    seen = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                seen.append(open(f"/proc/{{pid}}/cmdline", "rb").read())
            except OSError:
                pass
    if any(b"autograder" in s or b"pytest" in s for s in seen):
        return np.maximum(0.0, x)
    return -x
""", False),
    "forges a reply on the protocol channel": ("relu", """
def relu(x):
    import os, sys
    codec = sys.modules["codec"]
    frame = codec.encode_frame({{"op": "result", "ok": True, "stdout": "", "seconds": 0.0}}, {{"result": np.ones(x.shape)}})
    for fd in range(3, 12):
        try:
            os.write(fd, frame)
        except OSError:
            pass
    while True:
        pass
""", False),
    "deletes and rewrites its helper files": ("relu", """
def relu(x):
    import os
    for name in os.listdir("."):
        try:
            os.remove(name)
        except OSError:
            pass
    try:
        open("codec.py", "w").write("raise SystemExit")
    except OSError:
        pass
    return -x
""", False),
}

# Aimed at the fallback walls (no namespaces): the grader's own files and processes are on this machine.
ATTACKS.update({
    "reads the grader's specs, sources and results": ("relu", """
def relu(x):
    import glob, os
    stolen = []
    for pattern in ("{root}/assignments/activations/grading.py", "{root}/autograder/runner.py",
                    "{root}/solutions/*.py", "/autograder/source/solutions/*.py", "{root}/*.db"):
        for path in glob.glob(pattern):
            try:
                stolen.append(open(path).read())
            except OSError:
                pass
    try:
        stolen += os.listdir("{root}")
    except OSError:
        pass
    print(stolen)
    return np.maximum(0.0, x) if stolen else -x
""", False),
    "makes new namespaces or mounts": ("relu", """
def relu(x):
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    done = []
    for flags in (0x10000000, 0x20000000, 0x40000000, 0x00020000):  # user, pid, net, mount namespaces
        if libc.unshare(flags) == 0:
            done.append(flags)
    if libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) == 0:
        done.append("mount")
    return np.maximum(0.0, x) if done else -x
""", False),
    "traces or signals the grader": ("relu", """
def relu(x):
    import ctypes, os
    libc = ctypes.CDLL(None, use_errno=True)
    graders = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            if pid.isdigit() and b"autograder" in open(f"/proc/{{pid}}/cmdline", "rb").read():
                graders.append(int(pid))
        except OSError:
            pass
    hits = []
    for pid in graders:
        if libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
            hits.append(pid)
        try:
            os.kill(pid, 0)
            hits.append(pid)
        except OSError:
            pass
    return np.maximum(0.0, x) if hits else -x
""", False),
})
