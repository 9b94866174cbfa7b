"""The CLI contract of DESIGN.md: list, check, build --check, doctor."""

from autograder import build

from .conftest import ASSIGNMENT_IDS, ROOT, run_dlgrade


def test_list_names_every_assignment_with_its_points():
    done = run_dlgrade("list")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert listed == ASSIGNMENT_IDS
    assert "100" in done.stdout


def test_check_runs_the_public_tests_and_names_known_mistakes():
    done = run_dlgrade("check", "activations", ROOT / "examples" / "activations" / "bob_mistakes.py")
    assert done.returncode == 0
    assert "[FAILED] sigmoid: public example" in done.stdout
    assert "Known mistake: sign of the exponent." in done.stdout
    assert "expected: [0.26894142" in done.stdout  # public values are shown
    # The unshifted softmax passes the small public case but not the public one that shows the requirement.
    assert "[FAILED] softmax: public example" in done.stdout
    assert "(requirement: stays finite for scores up to 1e3)" in done.stdout
    assert "11 of 14 public tests passed" in done.stdout


def test_build_check_reports_drift_and_build_repairs_it(tmp_path):
    assert build.build(["activations"], root=tmp_path)  # a fresh folder: everything is written
    assert build.build(["activations"], root=tmp_path, check=True) == []
    stale = tmp_path / "activations" / "public_tests.py"
    stale.write_text(stale.read_text() + "\n# edited by hand\n")
    (tmp_path / "activations" / "leftover.py").write_text("")
    drift = build.build(["activations"], root=tmp_path, check=True)
    assert sorted(drift) == sorted([str(stale), str(tmp_path / "activations" / "leftover.py")])
    build.build(["activations"], root=tmp_path)
    assert build.build(["activations"], root=tmp_path, check=True) == []


def test_build_check_exit_status():
    done = run_dlgrade("build", "--check")
    assert done.returncode == 0, done.stdout


def test_doctor_reports_the_sandbox():
    import sys

    from autograder import __version__
    from autograder.sandbox.client import Limits
    from autograder.sandbox.isolation import describe_walls, detect_mode

    done = run_dlgrade("doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"dlgrade {__version__}, Python {sys.version.split()[0]}"
    mode = detect_mode()
    assert lines[1] == f"sandbox: {describe_walls(mode)}{'' if mode.isolated else ' - WEAKER than bubblewrap'}"
    assert lines[2] == f"  {mode.detail}"
    assert any(line.startswith("Landlock: ") for line in lines) and any(line.startswith("process cap: ") for line in lines)
    limits = Limits()
    assert lines[-1] == (f"default limits: {limits.call_seconds:g} s per call, {limits.submission_seconds:g} s per "
                         f"submission, {limits.memory_mb} MiB address space, {limits.cpu_seconds} s CPU, "
                         f"{limits.processes} processes, {limits.file_mb} MiB per file, {limits.open_files} open "
                         f"files, {limits.output_chars} characters of output")
    # A forced mode is the one reported, and a weaker one says so with the way to the full sandbox.
    forced = run_dlgrade("doctor", "--sandbox", "process")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.splitlines()[1] == "sandbox: process (resource limits only) - WEAKER than bubblewrap"
    assert "install bubblewrap and allow user namespaces for the full sandbox" in forced.stdout
