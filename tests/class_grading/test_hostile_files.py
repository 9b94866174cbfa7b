"""Hostile files on the instructor's side: one class folder holding every one of them is graded into a
gradebook, reported and exported in one run (module fixture); each test then checks one file's fate.

The folder is graded as `logistic_regression` (it has `optimize`, whose ``costs`` a student can make
huge); the base submission is the reference without `model`, so a submission grades in seconds.
Sizes and peak memory are printed (``-s``) for the record.
"""

import ast
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.gradebook import Gradebook
from autograder.intake import collect, submission_time

from ..conftest import ROOT

ID = "logistic_regression"
REFERENCE = (ROOT / "solutions" / f"{ID}.py").read_text()


def _without_model(source):
    tree = ast.parse(source)
    model = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "model")
    lines = source.splitlines()
    return "\n".join(lines[: model.lineno - 1] + lines[model.end_lineno:]) + "\n"


BASE = _without_model(REFERENCE)


def notebook(*sources, extra=None):
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": s} for s in sources], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    nb.update(extra or {})
    return json.dumps(nb)


HUGE_COSTS = """
_reference_optimize = optimize

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    params, grads, costs = _reference_optimize(w, b, X, Y, num_iterations, learning_rate, print_cost)
    return params, grads, np.linspace(1.0, 0.0, 12_000_000)
"""
RAISING_DEFAULTS = "".join(f"def spam{i}(x=(_ for _ in ()).throw(ValueError('{i}' + 'e' * 2000))):\n    pass\n"
                           for i in range(20_000))
SLEEPY = "import time\n" + "".join(f"def nap{i}(x=time.sleep(1)):\n    pass\n" for i in range(4))
CONTROL_NAME = "evil\x1b[2J\x07"


def build_class(folder: Path):
    """Every hostile file (and two honest ones) in one class folder; returns {label: student id}."""
    folder.mkdir(parents=True)
    (folder / "honest.py").write_text(BASE)
    students = {"honest": "honest"}
    # A link to the reference, in a student's folder: not followed.
    (folder / "linked").mkdir()
    (folder / "linked" / f"{ID}.py").symlink_to(ROOT / "solutions" / f"{ID}.py")
    students["link out of the folder"] = "linked"
    # A link to a folder: not followed either.
    (folder / "dirlink").symlink_to(ROOT / "solutions")
    # Ids that a spreadsheet would run.
    for stem in ("=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)"):
        (folder / f"{stem}.py").write_text(BASE + f"\n# {stem}\n")
        students[f"formula {stem}"] = stem
    (folder / "costs.py").write_text(BASE + HUGE_COSTS)
    students["12-million costs"] = "costs"
    with open(folder / "huge.py", "wb") as handle:  # 3 GiB, sparse: no disk used
        handle.truncate(3 << 30)
    students["3 GiB file"] = "huge"
    deep = notebook(BASE).replace('"metadata": {}, "nbformat"',
                                  '"metadata": ' + "[" * 100_000 + "]" * 100_000 + ', "nbformat"')
    (folder / "deep.ipynb").write_text(deep)
    students["JSON nested 100,000 deep"] = "deep"
    (folder / "bigint.ipynb").write_text(notebook(BASE, "BIG = " + "7" * 5000 + "\n"))
    students["5,000-digit integer"] = "bigint"
    (folder / "longexpr.py").write_text(BASE + "\nTOTAL = " + " + ".join(["1"] * 100_000) + "\n")
    students["expression of 100,000 terms"] = "longexpr"
    (folder / "sleepy.py").write_text(BASE + SLEEPY)
    students["sleeping default arguments"] = "sleepy"
    (folder / "raising.py").write_text(BASE + RAISING_DEFAULTS)
    students["20,000 raising defaults"] = "raising"
    (folder / "mallory").mkdir()
    (folder / "mallory" / "alice.ipynb").write_text(notebook(BASE))
    (folder / "alice.py").write_text(BASE + "\n# the real alice\n")
    students["mallory/alice.ipynb"] = "mallory"
    # The mark right before the first statement (the import every function needs), in a file and a notebook.
    first_code = "import numpy as np\n" + BASE[BASE.index("import copy"):]
    first_def = BASE[BASE.index("def sigmoid"):] + "\nimport copy\nimport numpy as np\n"  # sigmoid first
    (folder / "bom.py").write_bytes(b"\xef\xbb\xbf" + first_def.encode())
    (folder / "bomnb.ipynb").write_bytes(b"\xef\xbb\xbf" + notebook(first_code).encode())
    students["byte-order mark"] = "bom"
    students["byte-order mark, notebook"] = "bomnb"
    (folder / ".hidden.py").write_text(BASE)
    os.mkfifo(folder / "fifo.py")
    (folder / f"{CONTROL_NAME}.py").write_text(BASE)
    students["control characters"] = CONTROL_NAME
    tim = folder / "tim" / ID
    tim.mkdir(parents=True)
    (tim / f"{ID}.ipynb").write_text(notebook(BASE))
    (tim / "timestamp.txt").write_text("2024-03-05 14:15:16.123456 UTC")
    os.utime(tim / f"{ID}.ipynb", (4_000_000_000, 4_000_000_000))  # a file time in 2096
    students["nbgrader timestamp"] = "tim"
    return students


def measured(*args, cwd=ROOT, timeout=900):
    """`dlgrade ARGS`, and the peak resident memory of the grader's own process (MiB)."""
    # VmHWM, not ru_maxrss: on Linux ru_maxrss carries over the resident size the forking parent (a
    # busy pytest worker) had, while VmHWM belongs to this program's own address space.
    code = ("import re, sys; from autograder.cli import main\n"
            "try:\n    status = main(sys.argv[1:])\nfinally:\n"
            "    hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
            "    print(f'peak-rss-kib {hwm}', file=sys.stderr)\n"
            "sys.exit(status)")
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)
    peak = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak-rss-kib")]
    return done, (peak[0] / 1024 if peak else None)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    top = tmp_path_factory.mktemp("hostile")
    folder = top / "class"
    students = build_class(folder)
    db = top / "grades.db"
    started = time.monotonic()
    grade, grade_peak = measured("grade", ID, folder, "--db", db, "--jobs", "2", "--timeout", "10", "--json")
    seconds = time.monotonic() - started
    assert grade.returncode == 0, grade.stderr[-3000:]
    results_file = top / "results.json"
    results_file.write_text(grade.stdout)
    report, report_peak = measured("report", ID, "--db", db, "-o", top / "report")
    assert report.returncode == 0, report.stderr[-2000:]
    csv_done, csv_peak = measured("export", "csv", "--db", db, "-o", top / "grades.csv")
    assert csv_done.returncode == 0, csv_done.stderr[-2000:]
    with Gradebook(db, create=False) as book:
        rows = {r.student: r for r in book.latest(ID)}
    pages = sorted((top / "report" / "students").iterdir(), key=lambda p: p.stat().st_size)
    sizes = {s: len(json.dumps(r.result)) for s, r in rows.items()}
    print(f"\nclass of {len(students)} hostile and honest submissions graded in {seconds:.1f} s (--jobs 2)")
    print(f"gradebook {db.stat().st_size / 1e6:.2f} MB for {len(rows)} rows; largest result {max(sizes.values()) / 1e3:.0f} kB "
          f"({max(sizes, key=sizes.get)!r}); per submission {db.stat().st_size / max(1, len(rows)) / 1e3:.0f} kB")
    print(f"largest report page {pages[-1].stat().st_size / 1e3:.0f} kB ({pages[-1].name}); "
          f"peak memory: grade {grade_peak:.0f} MiB, report {report_peak:.0f} MiB, export csv {csv_peak:.0f} MiB")
    return {"top": top, "folder": folder, "students": students, "rows": rows, "grade": grade, "db": db,
            "results": json.loads(grade.stdout), "results_file": results_file, "pages": pages,
            "csv": list(csv.reader((top / "grades.csv").open())), "peaks": (grade_peak, report_peak, csv_peak)}


def part_score(result, part):
    return sum(t["score"] for t in result["tests"] if t["name"].split(":")[0] == part)


def full(part):
    from autograder import assignment as assignments

    return assignments.load(ID).points[part]


def test_every_submission_has_a_row_and_the_honest_one_full_marks(graded):
    rows = graded["rows"]
    expected = set(graded["students"].values()) - {"linked"}
    assert expected <= set(rows), sorted(expected - set(rows))
    assert part_score(rows["honest"].result, "propagate") == full("propagate")


def test_a_link_out_of_the_folder_is_not_followed(graded):
    assert "linked" not in graded["rows"]
    assert "symbolic link leading out" in graded["grade"].stderr
    assert "dirlink: a symbolic link" in graded["grade"].stderr


def test_huge_costs_are_capped_in_the_gradebook_and_the_report(graded):
    result = graded["rows"]["costs"].result
    assert len(json.dumps(result)) < 1_100_000
    page = graded["top"] / "report" / "students" / "costs.html"
    assert page.stat().st_size < 2_000_000
    assert part_score(result, "propagate") == full("propagate")
    assert part_score(result, "optimize") < full("optimize")


def test_formula_ids_are_neutralised_in_the_csv(graded):
    first_cells = [row[0] for row in graded["csv"][1:]]
    for stem in ("=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)"):
        assert "'" + stem in first_cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in graded["csv"] for cell in row)


def test_a_3_gib_file_is_refused_unread(graded):
    result = graded["rows"]["huge"].result
    assert "larger than 20 MiB" in result["output"] and result["score"] == 0
    assert graded["peaks"][0] < 1500  # the 3 GiB were never in memory


@pytest.mark.parametrize("student", ["deep", "bigint", "longexpr"])
def test_an_unparsable_file_is_stored_with_what_could_be_recovered(graded, student):
    result = graded["rows"][student].result
    assert part_score(result, "initialize_with_zeros") == full("initialize_with_zeros")
    assert part_score(result, "propagate") == full("propagate")
    notes = [line for line in result["output"].splitlines() if line.startswith("Note:")]
    assert notes and len(notes) <= 3


def test_sleeping_defaults_share_the_submission_deadline(graded):
    result = graded["rows"]["sleepy"].result
    assert part_score(result, "propagate") == full("propagate"), result["output"]


def test_20000_raising_definitions_stay_small(graded):
    result = graded["rows"]["raising"].result
    assert len(json.dumps(result)) < 1_100_000
    assert (graded["top"] / "report" / "students" / "raising.html").stat().st_size < 1_000_000
    assert part_score(result, "propagate") == full("propagate")


def test_report_from_results_keys_students_by_id(graded, tmp_path):
    done, _ = measured("report", ID, "--results", graded["results_file"], "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr[-2000:]
    pages = sorted(p.name for p in (tmp_path / "out" / "students").iterdir())
    assert "mallory.html" in pages and "alice.html" in pages
    assert not any(name.startswith("alice_") or name.startswith("alice-") for name in pages)


@pytest.mark.parametrize("student", ["bom", "bomnb"])
def test_a_byte_order_mark_loses_nothing(graded, student):
    result = graded["rows"][student].result
    assert part_score(result, "initialize_with_zeros") == full("initialize_with_zeros")
    assert part_score(result, "propagate") == full("propagate")


def test_hidden_and_special_files_are_reported(graded):
    stderr = graded["grade"].stderr
    assert "hidden, not graded: .hidden.py" in stderr
    assert "fifo.py: a special file" in stderr


def test_control_characters_never_reach_the_terminal(graded):
    assert CONTROL_NAME in graded["rows"]
    assert "\x1b" not in graded["grade"].stderr and "\x07" not in graded["grade"].stderr
    page = next(p for p in graded["pages"] if p.name.startswith("evil"))
    assert "\x1b" not in page.read_text() and "\\x1b[2J" in page.read_text()
    done, _ = measured("grade", ID, graded["folder"] / f"{CONTROL_NAME}.py", "--timeout", "5")
    assert done.returncode == 0 and "evil" in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr


def test_the_nbgrader_timestamp_decides_when_it_was_submitted(graded):
    assert graded["rows"]["tim"].submitted_at.startswith("2024-03-05T14:15:16")


def test_a_file_time_in_the_future_counts_as_now(tmp_path):
    path = tmp_path / "late.py"
    path.write_text("x = 1\n")
    os.utime(path, (4_000_000_000, 4_000_000_000))
    assert submission_time(path) < "2090"


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    done, _ = measured("grade", ID, fifo, "--json", timeout=120)
    assert "a special file" in done.stderr
    intake = collect([fifo], ID)
    assert intake.submissions == []


def test_gradescope_does_not_follow_a_link_in_the_upload(tmp_path):
    from autograder.exporters.gradescope_run import pick_submission

    upload = tmp_path / "submission"
    upload.mkdir()
    (upload / f"{ID}.ipynb").symlink_to(ROOT / "solutions" / f"{ID}.py")
    (upload / "unzipped").mkdir()
    (upload / "unzipped" / f"{ID}.py").symlink_to(ROOT / "solutions" / f"{ID}.py")
    chosen, note = pick_submission(upload, ID)
    assert chosen is None and "symbolic link leading out" in note
    (upload / "mine.py").write_text(BASE)
    chosen, note = pick_submission(upload, ID)
    assert chosen == upload / "mine.py" and "skipped" in note


def test_leftovers_of_a_killed_run_are_removed_and_temp_folders_are_private(tmp_path, monkeypatch):
    import tempfile

    from autograder.sandbox import isolation

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    leftover = tmp_path / "dlgrade-tmp-killed"
    leftover.mkdir(mode=0o777)
    (leftover / "stale").mkdir()
    os.chmod(leftover / "stale", 0)
    registry = tmp_path / f"dlgrade-runs-{os.getuid()}"
    registry.mkdir()
    (registry / "999999999-1.run").write_text(f"{leftover}\n")  # a run nobody holds: dead
    assert isolation.remove_leftovers() >= 1
    assert not leftover.exists() and not list(registry.iterdir())
    box, tmp = tmp_path / "dlgrade-box-x", tmp_path / "dlgrade-tmp-x"
    box.mkdir()
    tmp.mkdir(mode=0o777)
    os.chmod(tmp, 0o777)
    isolation.worker_command(isolation.SandboxMode("process", False, ""), str(box), str(tmp), {})
    assert tmp.stat().st_mode & 0o777 == 0o700


def test_the_whole_load_shares_the_submission_deadline(tmp_path):
    """16 default arguments that sleep: loading stops at the submission's deadline, not 16 x the sleep."""
    import dataclasses

    from autograder import assignment as assignments
    from autograder.runner import grade_submission

    a = assignments.load("activations")
    a = dataclasses.replace(a, limits=dataclasses.replace(a.limits, call_seconds=3.0, submission_seconds=6.0))
    path = tmp_path / "sleepy.py"
    path.write_text((ROOT / "solutions" / "activations.py").read_text() + "import time\n"
                    + "".join(f"def nap{i}(x=time.sleep(2)):\n    pass\n" for i in range(16)))
    started = time.monotonic()
    result = grade_submission(a, path)
    elapsed = time.monotonic() - started
    # 16 x 2 s would be 32 s; the submission's 6 s (plus starting and stopping the worker) bound it.
    assert elapsed < 15, f"loading took {elapsed:.1f} s"
    assert result["score"] < result["max_score"]
