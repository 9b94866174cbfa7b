"""Every attack in `attacks.py` is graded through the CLI without false credit, the rest of the
submission is graded fairly, and `dlgrade grade` exits 0 with a valid result."""

import json
import os
import re
import socket
import threading
import uuid
from pathlib import Path

import pytest

from autograder import assignment as assignments
from autograder.sandbox.isolation import detect_mode

from ..conftest import ROOT, by_part, run_dlgrade
from .attacks import ATTACKS

ACTIVATIONS = assignments.load("activations")
REFERENCE = (ROOT / "solutions" / "activations.py").read_text()


class Listener:
    """A TCP listener on 127.0.0.1 that records whatever reaches it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received = []
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                self.received.append(conn.recv(100) or b"(connected)")
                conn.sendall(b"\0" * 48)

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def write_attack(folder, name, marker, port):
    part, code, _ = ATTACKS[name]
    path = folder / (re.sub(r"[^A-Za-z0-9]+", "_", name) + ".py")
    path.write_text(REFERENCE + "\n\n" + code.format(marker=marker, root=ROOT, port=port))
    return path


def processes_with(marker):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                pass
    return found


def host_files_with(marker):
    return [p for p in (Path("/tmp") / marker, Path.home() / marker, ROOT / marker, Path("/root") / marker) if p.exists()]


def check_fair(result, name):
    """The attacked part earns nothing it should not; every other part keeps its full points."""
    part, _, may_keep = ATTACKS[name]
    parts = by_part(result)
    for other, (score, top) in parts.items():
        if other != part:
            assert score == pytest.approx(ACTIVATIONS.points[other]), f"{name}: {other} lost points"
    if may_keep:
        assert parts[part][0] == pytest.approx(ACTIVATIONS.points[part]), f"{name}: {part} should keep its points"
    else:
        assert parts[part][0] == 0, f"{name}: false credit for {part}"
    assert result["score"] <= result["max_score"]


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_earns_no_false_credit(name, tmp_path):
    marker = f"{uuid.uuid4().int % 10**9 + 10**9}"
    listener = Listener()
    try:
        path = write_attack(tmp_path, name, marker, listener.port)
        done = run_dlgrade("grade", "activations", path, "--json", "--timeout", "3", timeout=300)
    finally:
        listener.close()
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    check_fair(result, name)
    assert listener.received == []
    assert processes_with(marker) == []
    assert host_files_with(marker) == []


def test_flooded_output_is_capped_in_the_result(tmp_path):
    path = write_attack(tmp_path, "floods stdout", "0", 0)
    done = run_dlgrade("grade", "activations", path, "--json", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(done.stdout) < 2_000_000  # the submission printed about 220 MB
    result = json.loads(done.stdout)
    # The flooding relu still computes the right values: the flood costs nothing and drowns nothing.
    assert result["score"] == result["max_score"] == ACTIVATIONS.max_score
    assert [t["name"] for t in result["tests"] if t["status"] != "passed"] == []
    assert by_part(result)["relu"] == (ACTIVATIONS.points["relu"], ACTIVATIONS.points["relu"])


def test_grader_refuses_to_run_without_isolation_when_asked(tmp_path, monkeypatch):
    path = tmp_path / "sub.py"
    path.write_text(REFERENCE)
    if detect_mode().isolated:
        assert run_dlgrade("grade", "activations", path, "--require-sandbox").returncode == 0
    monkeypatch.setenv("PATH", "/nonexistent")  # no bwrap on PATH: the weaker mode
    done = run_dlgrade("grade", "activations", path, "--require-sandbox")
    assert done.returncode != 0
    assert "full isolation is not available" in done.stderr


def test_weaker_mode_is_reported_and_still_grades(tmp_path, monkeypatch):
    path = tmp_path / "sub.py"
    path.write_text(REFERENCE)
    monkeypatch.setenv("PATH", "/nonexistent")
    done = run_dlgrade("grade", "activations", path, "--json")
    result = json.loads(done.stdout)
    assert result["score"] == result["max_score"]
    assert "weaker isolation" in result["output"]


# The whole suite as one batch, in every sandbox mode: test_modes.py.
