"""The fallback walls one by one (walls.py, in a child process), and the size caps of bounds.py."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import bounds
from autograder.gradebook import csv_cell
from autograder.sandbox import walls

WALLS_DIR = Path(walls.__file__).parent


def in_walls(config, code, tmp_path):
    """Run ``code`` in a fresh interpreter after ``walls.apply(config)``; returns its printed JSON."""
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import walls\n"
              f"walls.apply(json.loads({json.dumps(json.dumps(config))}))\n" + code)
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script, str(WALLS_DIR)], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_seccomp_refuses_sockets_namespaces_and_ptrace_but_not_processes(tmp_path):
    found = in_walls({"seccomp": True, "required": ["seccomp"]}, """
import ctypes, os, socket, subprocess
libc = ctypes.CDLL(None, use_errno=True)
out = {}
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM); out["inet"] = "open"
except OSError as e:
    out["inet"] = e.errno
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); out["unix"] = "open"
except OSError as e:
    out["unix"] = e.errno
out["unshare"] = libc.unshare(0x10000000)
out["ptrace"] = libc.ptrace(16, os.getppid(), None, None)
out["pair"] = len(socket.socketpair())
out["child"] = subprocess.run(["/bin/echo", "ok"], capture_output=True, text=True).stdout.strip()
out["nnp"] = [l.split()[1] for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0]
print(json.dumps(out))
""", tmp_path)
    assert found["inet"] == 1 and found["unix"] == 1  # EPERM
    assert found["unshare"] == -1 and found["ptrace"] == -1
    assert found["pair"] == 2 and found["child"] == "ok" and found["nnp"] == "1"


@pytest.mark.skipif(walls.landlock_abi() < 1, reason="this kernel has no Landlock")
def test_landlock_limits_files_to_the_runtime_and_one_writable_folder(tmp_path):
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / "given.txt").write_text("given")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "work").mkdir()
    runtime = sorted({os.path.realpath(p) for p in (sys.base_prefix, "/usr", "/lib", "/lib64", "/bin")})
    config = {"landlock": {"read": [*runtime, "/etc/ld.so.cache", str(tmp_path / "box")],
                           "write": [str(tmp_path / "work")], "devices": ["/dev/null"]}, "required": ["landlock"]}
    found = in_walls(config, f"""
out = {{}}
for name, path, mode in (("given", {str(tmp_path / 'box' / 'given.txt')!r}, "r"),
                         ("secret", {str(tmp_path / 'secret.txt')!r}, "r"),
                         ("passwd", "/etc/passwd", "r"),
                         ("write box", {str(tmp_path / 'box' / 'new.txt')!r}, "w"),
                         ("write work", {str(tmp_path / 'work' / 'new.txt')!r}, "w")):
    try:
        open(path, mode).close(); out[name] = "ok"
    except OSError as e:
        out[name] = e.errno
print(json.dumps(out))
""", tmp_path)
    assert found == {"given": "ok", "secret": 13, "passwd": 13, "write box": 13, "write work": "ok"}


def test_a_required_wall_that_cannot_go_up_stops_the_worker(monkeypatch):
    monkeypatch.setattr(walls, "landlock_abi", lambda: 0)
    with pytest.raises(walls.WallError, match="landlock"):
        walls.apply({"landlock": {"read": ["/usr"]}, "required": ["landlock"]})
    assert walls.apply({"landlock": {"read": ["/usr"]}}) == []  # not required: reported as not up


def test_a_huge_curve_and_many_notes_are_capped():
    costs = [1.0 - i / 12_000_000 for i in range(0, 12_000_000, 7)]
    result = {"score": 0, "max_score": 1, "output": "\n".join(f"Note: cell {i}: " + "e" * 2000 for i in range(20_000)),
              "tests": [{"name": "optimize: costs", "score": 0, "max_score": 1, "status": "failed",
                         "output": "x" * 100_000,
                         "extra_data": {"figures": [{"kind": "curve", "series": {"yours": costs, "reference": [1.0, 0.5]}},
                                                    {"kind": "diff", "mismatch": [[1, 0] * 300] * 600,
                                                     "error": [[0.5, None] * 300] * 600}]}}]}
    capped = bounds.cap_result(result)
    assert bounds.size_of(capped) < 200_000
    curve, diff = capped["tests"][0]["extra_data"]["figures"]
    assert len(curve["series"]["yours"]) == bounds.MAX_CURVE_POINTS
    assert curve["series"]["yours"][0] == 1.0 and curve["series"]["yours"][-1] == costs[-1]
    assert len(diff["mismatch"]) == bounds.MAX_GRID_SIDE and len(diff["mismatch"][0]) == bounds.MAX_GRID_SIDE
    assert diff["error"][0][0] is None  # the worst of a block that holds a non-finite error
    assert capped["output"].count("\n") <= bounds.MAX_NOTES
    assert "more lines of notes not kept" in capped["output"]


def test_a_result_too_large_after_the_caps_loses_its_figures_first():
    tests = [{"name": f"f: check {i}", "score": 0, "max_score": 1, "status": "failed", "output": "y" * 4000,
              "extra_data": {"figures": [{"kind": "curve", "series": {"yours": list(range(5000))}}]}}
             for i in range(400)]
    capped = bounds.cap_result({"output": "", "tests": tests})
    assert bounds.size_of(capped) <= bounds.MAX_RESULT_BYTES
    assert all("figures" not in t["extra_data"] for t in capped["tests"])


def test_printable_escapes_terminal_controls_and_bidi_overrides():
    assert bounds.printable("evil\x1b[2J\x07\u202e.py") == "evil\\x1b[2J\\x07\\u202e.py"
    assert bounds.printable("a\nb", keep_newlines=True) == "a\nb"
    assert bounds.printable("a\nb") == "a\\x0ab"


@pytest.mark.parametrize("value, cell", [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"),
                                         ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                         ("alice", "alice"), (-2.5, "-2.5"), (97.0, "97"), (None, "")])
def test_csv_cells_that_look_like_formulas_are_neutralised(value, cell):
    assert csv_cell(value) == cell
