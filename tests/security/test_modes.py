"""The attack suite in each sandbox mode: bubblewrap, the fallback walls as root, and the fallback walls
run by an unprivileged user. Same verdicts in each: no false credit, nothing read, written or reached
outside, no process left behind.

A mode is skipped only when this machine cannot provide it (no bubblewrap or no user namespaces; not
root, so no unprivileged user to become). The unprivileged grader runs from the runtime copy
(`isolation.runtime_copy`, readable by any uid) with the project on its path.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from autograder.sandbox import cgroup, isolation

from ..conftest import ROOT
from .attacks import ATTACKS
from .test_attacks import ACTIVATIONS, Listener, check_fair, host_files_with, processes_with, write_attack

MODES = ["bwrap", "fallback-root", "fallback-user"]
# The unprivileged grader's uid: outside the pool of worker uids.
USER_UID = cgroup.UID_BASE - 1000 - os.getpid() % 1000


def _sandbox_env(mode):
    env = dict(os.environ, DLGRADE_SANDBOX="bwrap" if mode == "bwrap" else "fallback")
    env.pop("DLGRADE_RUNTIME_DIR", None)
    return env


def _available(mode):
    """None when the machine provides ``mode``, else why not."""
    if mode == "fallback-user" and os.getuid() != 0:
        return "not root: no unprivileged user to become (the fallback as this user is 'fallback-root''s run)"
    code = "from autograder.sandbox.isolation import detect_mode; print(detect_mode().name)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_sandbox_env(mode),
                          cwd=ROOT, timeout=120)
    if done.returncode != 0:
        return done.stderr.strip().splitlines()[-1]
    return None


def run_grader(mode, args, workdir, timeout=900):
    """`dlgrade ARGS` in ``mode``; the unprivileged mode runs it as USER_UID from the runtime copy."""
    env = _sandbox_env(mode)
    if mode != "fallback-user":
        return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)], capture_output=True,
                              text=True, timeout=timeout, cwd=ROOT, env=env)
    runtime, _ = isolation.runtime_copy()
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = next(p for p in sys.path if p.endswith("site-packages") and ".venv" in p)
    code = ("import sys; sys.path[:0] = [sys.argv.pop(1), sys.argv.pop(1)]; from autograder.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(workdir), "TMPDIR": "/tmp",
           "LD_LIBRARY_PATH": str(runtime / "lib"), "DLGRADE_SANDBOX": "fallback",
           "DLGRADE_ROOT": os.environ.get("DLGRADE_ROOT", str(ROOT))}
    argv = [str(runtime / "bin" / version), "-c", code, str(ROOT), site, *map(str, args)]
    delegated = _delegate_pids_cgroup()
    if delegated is not None:
        # As systemd's Delegate=yes would: the user's grader starts inside a subtree it owns.
        argv = ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(delegated / "cgroup.procs"), *argv]
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=workdir, env=env,
                              user=USER_UID, group=USER_UID, extra_groups=[])
    finally:
        if delegated is not None:
            for group in [*delegated.glob("dlgrade/*/"), delegated / "dlgrade", delegated]:
                if group.is_dir():
                    cgroup.ProcessGroupCap(group).kill_all()


def _delegate_pids_cgroup():
    """A cgroup v1 pids folder owned by USER_UID (None where there is no v1 pids hierarchy)."""
    base = Path("/sys/fs/cgroup/pids")
    if not (base / "cgroup.procs").exists():
        return None
    folder = base / f"dlgrade-test-{USER_UID}"
    folder.mkdir(exist_ok=True)
    for path in (folder, folder / "cgroup.procs", folder / "tasks"):
        os.chown(path, USER_UID, USER_UID)
    return folder


@pytest.fixture
def workdir():
    """A folder both root and the unprivileged grader can use (pytest's own is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="attack-suite-"))
    os.chmod(folder, 0o755)
    if os.getuid() == 0:
        os.chown(folder, USER_UID, USER_UID)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _leftover_worker_processes():
    pool = range(cgroup.UID_BASE, cgroup.UID_BASE + cgroup.UID_COUNT)
    found = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/status") as handle:
                uid = next(int(line.split()[1]) for line in handle if line.startswith("Uid:"))
        except (OSError, StopIteration, ValueError):
            continue
        if uid in pool or uid == USER_UID:
            found.append(pid)
    return found


@pytest.mark.parametrize("mode", MODES)
def test_every_attack_in_each_mode(mode, workdir):
    why = _available(mode)
    if why:
        pytest.skip(f"{mode} is not available here: {why}")
    marker = f"{uuid.uuid4().int % 10**9 + 10**9}"
    listener = Listener()
    try:
        for name in ATTACKS:
            write_attack(workdir, name, marker, listener.port)
        shutil.copy(ROOT / "examples" / "activations" / "alice_complete.ipynb", workdir / "honest.ipynb")
        if os.getuid() == 0:
            for path in workdir.iterdir():
                os.chown(path, USER_UID, USER_UID)
        started = time.monotonic()
        done = run_grader(mode, ["grade", "activations", workdir, "--json", "--jobs", "2", "--timeout", "3"], workdir)
        elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    assert len(results) == len(ATTACKS) + 1
    by_file = {Path(r["submission"]).name: r for r in results}
    expected_walls = {"bwrap": "Sandbox: bwrap", "fallback-root": "dedicated unprivileged uid",
                      "fallback-user": "fallback walls"}[mode]
    for name in ATTACKS:
        result = by_file[write_attack(workdir, name, marker, 0).name]
        check_fair(result, name)
        assert expected_walls in result["output"], result["output"]
    if mode == "fallback-user":
        assert "dedicated unprivileged uid" not in by_file["honest.ipynb"]["output"]
    assert by_file["honest.ipynb"]["score"] == ACTIVATIONS.max_score
    assert listener.received == []
    assert processes_with(marker) == []
    assert host_files_with(marker) == [] and not list(workdir.glob(f"*{marker}*"))
    assert _leftover_worker_processes() == []
    stolen = [r for r in results if "END CODE HERE" in json.dumps(r) or "PARTS" in json.dumps(r)]
    assert stolen == [], "a result quotes the grader's files"
    print(f"\n{mode}: {len(results)} submissions ({len(ATTACKS)} attacks) graded in {elapsed:.1f} s with --jobs 2")
