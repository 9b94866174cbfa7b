"""A warm sandbox serves submission after submission: nothing of one may reach the next."""

import os
import time

import pytest

from autograder.sandbox import SandboxWorker
from autograder.sandbox.client import POOL

FIRST = '''
import numpy as np

def spoil(marker):
    import builtins, os, sys, tempfile, subprocess
    builtins.LEFT_BEHIND = marker
    np.sum = lambda *args, **kwargs: 42
    sys.modules["left_behind"] = sys
    with open(os.path.join(tempfile.gettempdir(), "left.txt"), "w") as f:
        f.write(marker)
    try:  # bubblewrap's private /tmp; the fallback walls allow only the private folder
        with open("/tmp/left2.txt", "w") as f:
            f.write(marker)
    except OSError:
        pass
    if os.fork() == 0:          # a process that outlives the submission
        try:
            os.setsid()
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(300)", marker])
        finally:
            os._exit(1)
    np.random.seed(123)
    return float(np.random.rand())
'''

SECOND = '''
import numpy as np

def probe():
    import builtins, glob, os, sys, tempfile
    return {
        "global": hasattr(builtins, "LEFT_BEHIND"),
        "patched numpy": bool(np.sum([1, 2]) != 3),
        "module": "left_behind" in sys.modules,
        "files": sorted(glob.glob(os.path.join(tempfile.gettempdir(), "**", "left*.txt"), recursive=True)
                        + glob.glob("/tmp/**/left*.txt", recursive=True)),
        "rng": float(np.random.rand()),
    }
'''


def _processes_with(marker):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(pid)
            except OSError:
                pass
    return found


@pytest.mark.skipif(not POOL.warm_enabled(), reason="DLGRADE_WARM=0 starts a server per submission")
def test_nothing_passes_between_two_submissions_of_one_warm_server():
    marker = f"dlgrade-warm-{os.getpid()}-{time.time_ns()}"
    first = SandboxWorker([{"code": FIRST, "label": "first"}])
    first.start()
    server = first.server
    spoiled = first.call("spoil", (marker,))
    assert spoiled.ok, spoiled.describe()
    first.close()
    second = SandboxWorker([{"code": SECOND, "label": "second"}])
    second.start()
    assert second.server is server, "the second submission was not served by the same warm server"
    probe = second.call("probe")
    second.close()
    assert probe.ok, probe.describe()
    assert probe.value["global"] is False
    assert probe.value["patched numpy"] is False
    assert probe.value["module"] is False
    assert probe.value["files"] == []
    assert probe.value["rng"] != spoiled.value  # the first one's np.random.seed(123) did not carry over
    assert _processes_with(marker) == []


def test_a_server_slow_to_start_costs_the_submission_none_of_its_time(monkeypatch):
    """On a busy machine Python and numpy may take longer to load than a call may run: that wait is
    the grader's, so a submission whose own calls are quick still loads and gets its results."""
    from autograder.sandbox import client

    real = client.worker_command

    def slow(*args, **kwargs):
        argv, cwd = real(*args, **kwargs)
        return ["sh", "-c", 'sleep 1.5; exec "$0" "$@"', *argv], cwd

    monkeypatch.setattr(client, "worker_command", slow)
    limits = client.Limits(call_seconds=0.5, submission_seconds=1.0)  # a limits key of its own: a new server
    with SandboxWorker([{"code": "def f(x):\n    return 2 * x\n", "label": "cell"}], {}, limits) as worker:
        assert worker.server_wait >= 1.5
        assert worker.load_report.errors == []
        result = worker.call("f", (21,))
        assert result.ok and result.value == 42, result.describe()
