"""The `dlgrade` command: list, build, check, grade, validate, doctor, report, export.

Exit status: 0 whenever grading ran, whatever the scores; 1 for `build --check` drift, a failed
`validate`, or when the grader itself cannot run (unknown assignment, no such path, sandbox refused,
with a message on stderr); 2 for a command line argparse rejects; 130 for an interrupted batch.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from . import __version__
from . import assignment as assignments

SUBMISSION_SUFFIXES = (".ipynb", ".py")


def _load_assignment(assignment_id):
    try:
        return assignments.load(assignment_id)
    except KeyError:
        known = ", ".join(assignments.all_ids())
        sys.exit(f"dlgrade: unknown assignment {assignment_id!r} (known: {known})")


def expand_paths(paths):
    """Files as given; folders searched recursively for notebooks and .py files."""
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            sys.exit(f"dlgrade: no such file or folder: {raw}")
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUBMISSION_SUFFIXES
                            and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts)
        else:
            found.append(path)
    return found


def cmd_list(args):
    for assignment_id in assignments.all_ids():
        a = assignments.load(assignment_id)
        print(f"{a.id:24s} {a.max_score:6g}  {a.title}")
    return 0


def cmd_build(args):
    from .build import build

    drift = build(args.ids or None, check=args.check)
    if args.check:
        if drift:
            print("student_template/ is out of date; run `dlgrade build`:")
            print("\n".join(f"  {p}" for p in drift))
            return 1
        print("student_template/ is up to date")
        return 0
    print(f"wrote {len(drift)} file(s)" if drift else "student_template/ already up to date")
    if args.reference_cache:
        from . import refcache

        for assignment_id in args.ids or assignments.all_ids():
            a = assignments.load(assignment_id)
            if getattr(a, "kind", "code") == "code":
                path = refcache.fill(a)
                print(f"{assignment_id}: reference results in {path}")
    return 0


def _mode(args):
    import os

    from .sandbox.isolation import detect_mode

    if getattr(args, "sandbox", None):  # --sandbox MODE: as DLGRADE_SANDBOX=MODE
        os.environ["DLGRADE_SANDBOX"] = args.sandbox
        detect_mode.cache_clear()
    try:
        mode = detect_mode()
    except RuntimeError as exc:  # a forced mode this machine cannot provide
        sys.exit(f"dlgrade: {exc}")
    if getattr(args, "require_sandbox", False) and not mode.isolated:
        sys.exit(f"dlgrade: --require-sandbox: full isolation is not available here ({mode.detail})")
    return mode


def cmd_check(args):
    from .runner import grade_submission

    a = _load_assignment(args.id)
    if getattr(a, "kind", "code") == "quiz":  # sheets of answers, not code: autograder/quiz/
        from .quiz import commands as quiz_commands

        return quiz_commands.check(a, args)
    from .assignment import public_in_full

    a = public_in_full(a)  # every public case, as the students' public tests run them
    for path in expand_paths(args.paths):
        result = grade_submission(a, path, mode=_mode(args), check_names={"public example"})
        print(f"{path}: public tests")
        for t in result["tests"]:
            mark = "PASS" if t["status"] == "passed" else t["status"].upper()
            print(f"  [{mark}] {t['name']}")
            if t["status"] != "passed" and t["output"]:
                print("    " + t["output"].replace("\n", "\n    "))
        notes = [line for line in result["output"].splitlines() if line.startswith("Note:")]
        if notes:
            print("\n".join(notes))
        passed = sum(t["status"] == "passed" for t in result["tests"])
        print(f"{passed} of {len(result['tests'])} public tests passed")
    return 0


def _summary_row(result):
    failed = sum(1 for t in result["tests"] if t["status"] != "passed")
    mistakes = sorted({m for t in result["tests"] for m in t.get("extra_data", {}).get("known_mistakes", [])})
    from .bounds import printable

    if result.get("status") == "invalid":  # one message, not a count of failed checks
        return (f"{printable(Path(result['submission']).name):32.32s} {'invalid':>7s}   {result['max_score']:<6g} "
                f"{'-':>4s} {result['execution_time']:7.2f}s  {printable(result.get('message', ''))[:70]}")
    return (f"{printable(Path(result['submission']).name):32.32s} {result['score']:7.2f} / {result['max_score']:<6g} "
            f"{failed:4d} {result['execution_time']:7.2f}s  {'; '.join(mistakes)[:70]}")


def _feedback(result):
    """``-v``: below the summary line, every check that did not pass, with its message."""
    from .bounds import printable

    lines = []
    for t in result["tests"]:
        if t["status"] == "passed":
            continue
        waiting = (t.get("extra_data") or {}).get("not_yet_checked")
        mark = "NOT YET CHECKED" if waiting else t["status"].upper()
        lines.append(f"    [{mark}] {printable(t['name'])} ({t['score']:g} / {t['max_score']:g})")
        if t.get("output"):
            lines.append("      " + printable(t["output"], keep_newlines=True).replace("\n", "\n      "))
    return "\n" + "\n".join(lines) if lines else ""


def cmd_grade(args):
    from .batch import grade_batch
    from .intake import collect

    a = _load_assignment(args.id)
    if getattr(a, "kind", "code") == "quiz":  # sheets of answers, not code: autograder/quiz/
        from .quiz import commands as quiz_commands

        return quiz_commands.grade(a, args)
    if args.timeout:
        a = dataclasses.replace(a, limits=dataclasses.replace(a.limits, call_seconds=args.timeout))
    try:
        intake = collect(args.paths, a.id, given_files=a.helper_files())
    except FileNotFoundError as exc:
        sys.exit(f"dlgrade: no such file or folder: {exc.args[0]}")
    for message in intake.messages:
        print(f"dlgrade: {message}", file=sys.stderr)
    if args.regrade and not args.db:
        sys.exit("dlgrade: --regrade needs --db FILE (the gradebook whose results to replace)")
    mode = _mode(args)
    book = _open_gradebook(args.db, create=True) if args.db else None
    try:
        results, summary = grade_batch(a, intake.submissions, mode=mode, jobs=args.jobs, gradebook=book,
                                       regrade=args.regrade, scheduler=args.scheduler,
                                       require_sandbox=args.require_sandbox,
                                       keep=(lambda r: r) if args.json else
                                       (lambda r: _summary_row(r) + _feedback(r)) if args.verbose else _summary_row)
    except ImportError as exc:
        sys.exit(f"dlgrade: --scheduler needs Dask distributed (pip install 'dlgrade[cluster]'): {exc}")
    except OSError as exc:  # e.g. the Dask scheduler cannot be reached
        sys.exit(f"dlgrade: could not grade: {exc}")
    finally:
        if book is not None:
            book.close()
    if summary.interrupted:
        print(f"dlgrade: interrupted: {summary.graded} submission(s) graded"
              f"{' and stored in ' + args.db + '; run the same command again to resume' if args.db else ''}",
              file=sys.stderr)
        return 130
    if args.db or summary.failed:
        print(f"dlgrade: {summary.graded} graded, {summary.skipped} already graded, {summary.failed} failed"
              f"{', gradebook ' + args.db if args.db else ''} ({summary.seconds:.1f} s)", file=sys.stderr)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=1))
        return 0
    where = "the Dask workers' own" if args.scheduler else mode.name
    print(f"{a.id}: {a.title} (sandbox: {where})")
    print(f"{'submission':32s} {'score':>7s}   {'max':6s} {'fail':>4s} {'time':>8s}  known mistakes")
    for row in results:
        print(row)
    return 0


def _open_gradebook(path, create):
    from .gradebook import Gradebook, GradebookError

    try:
        return Gradebook(path, create=create)
    except (FileNotFoundError, GradebookError) as exc:
        sys.exit(f"dlgrade: {exc}")


def cmd_export_csv(args):
    import csv

    from .gradebook import csv_cell

    with _open_gradebook(args.db, create=False) as book:
        present = book.assignments()
        # Curriculum order for the catalogue's assignments, then any others the gradebook knows.
        order = [i for i in assignments.all_ids() if i in present] + [i for i in present if i not in assignments.all_ids()]
        header, rows = book.export_rows(order)
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(v) for v in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
    finally:
        if args.output:
            out.close()
    return 0


def cmd_report(args):
    from . import report

    _load_assignment(args.id)
    if args.results:
        if not Path(args.results).is_file():
            sys.exit(f"dlgrade: no such file: {args.results}")
        try:
            entries = report.load_entries(args.id, results=args.results)
        except ValueError as exc:
            sys.exit(f"dlgrade: {exc}")
    else:
        _open_gradebook(args.db, create=False).close()
        entries = report.load_entries(args.id, db=args.db)
    import os

    written = report.write_report(args.id, entries, args.output, jobs=args.jobs or os.cpu_count() or 1)
    print(f"{args.id}: {len(entries)} student page(s) and the class summary in {written[0].parent}")
    print(f"open {written[0]}")
    return 0


def cmd_export_assignment(args):
    from .exporters import gradescope, nbgrader, otter
    from .exporters.cases import ExportError

    a = _load_assignment(args.id)
    if getattr(a, "kind", "code") == "quiz":  # sheets of answers, not code: autograder/quiz/
        from .quiz import commands as quiz_commands

        return quiz_commands.export(a, args)
    exporter = {"gradescope": gradescope, "nbgrader": nbgrader, "otter": otter}[args.format]
    try:
        exporter.export(a, args.output)
    except ExportError as exc:
        sys.exit(f"dlgrade: {exc}")
    print(f"{a.id}: {args.format} export written to {args.output}")
    return 0


def cmd_validate(args):
    from .validate import validate

    status = 0
    for assignment_id in args.ids or assignments.all_ids():
        v = validate(_load_assignment(assignment_id))
        print(f"{v.assignment}: {'ok' if v.ok else 'FAILED'}")
        for line in v.lines:
            print(f"  {line}")
        for problem in v.problems:
            print(f"  problem: {problem}")
        status |= 0 if v.ok else 1
    return status


def cmd_doctor(args):
    from .sandbox.client import Limits
    from .sandbox.isolation import doctor_lines

    mode = _mode(args)
    limits = Limits()
    print(f"dlgrade {__version__}, Python {sys.version.split()[0]}")
    print("\n".join(doctor_lines(mode)))
    print(f"default limits: {limits.call_seconds:g} s per call, {limits.submission_seconds:g} s per submission, "
          f"{limits.memory_mb} MiB address space, {limits.cpu_seconds} s CPU, {limits.processes} processes, "
          f"{limits.file_mb} MiB per file, {limits.open_files} open files, {limits.output_chars} characters of output")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="dlgrade", description="Grade deep learning exercises.")
    parser.add_argument("--version", action="version", version=f"dlgrade {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="every assignment: id, points, title").set_defaults(func=cmd_list)

    p = sub.add_parser("build", help="regenerate student_template/")
    p.add_argument("ids", nargs="*")
    p.add_argument("--check", action="store_true", help="exit 1 if student_template/ has drifted")
    p.add_argument("--reference-cache", action="store_true",
                   help="also compute the reference's results on every hidden case now, so grading never has to")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="run the public tests on a submission")
    p.add_argument("id")
    p.add_argument("paths", nargs="+")
    p.add_argument("--require-sandbox", action="store_true")
    p.add_argument("--sandbox", choices=("bwrap", "fallback", "process"), help="force a sandbox mode")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("grade", help="grade submissions with the hidden checks")
    p.add_argument("id")
    p.add_argument("paths", nargs="+", help="submission files, or folders of them")
    p.add_argument("--json", action="store_true", help="print result objects as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="print every check that did not pass, with its feedback")
    p.add_argument("--jobs", type=int, default=0, help="submissions graded at once (default: the number of cores; "
                                                       "with --scheduler, the cluster's threads)")
    p.add_argument("--require-sandbox", action="store_true", help="refuse to grade without full isolation")
    p.add_argument("--sandbox", choices=("bwrap", "fallback", "process"),
                   help="force a sandbox mode (default: the strongest available; also DLGRADE_SANDBOX)")
    p.add_argument("--timeout", type=float, default=0, help="seconds per call (default: the assignment's limit)")
    p.add_argument("--db", metavar="FILE", help="SQLite gradebook: store every result, skip what is already graded")
    p.add_argument("--regrade", action="store_true", help="with --db: grade again what is already graded")
    p.add_argument("--scheduler", metavar="ADDRESS", help="grade on a Dask distributed cluster (pip install 'dlgrade[cluster]')")
    p.add_argument("--secret-file", metavar="FILE", help="quizzes: the course secret (default: $DLGRADE_COURSE_SECRET)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("validate", help="reference full marks, stub zero, every known mistake loses points")
    p.add_argument("ids", nargs="*")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("doctor", help="what isolation this machine supports")
    p.add_argument("--sandbox", choices=("bwrap", "fallback", "process"), help="the mode to try")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("export", help="export the gradebook (csv) or an assignment (gradescope, nbgrader, otter)")
    formats = p.add_subparsers(dest="format", required=True)
    p = formats.add_parser("csv", help="one row per student, one column per assignment (latest score), total")
    p.add_argument("--db", metavar="FILE", default="gradebook.db", help="the gradebook (default: %(default)s)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.set_defaults(func=cmd_export_csv)
    for name, what, output in (("gradescope", "an autograder zip that grades with dlgrade", "FILE.zip"),
                               ("nbgrader", "an nbgrader course folder with the source notebook", "DIR"),
                               ("otter", "an otter-assign master notebook and its files", "DIR")):
        p = formats.add_parser(name, help=f"assignment ID as {what}")
        p.add_argument("id")
        p.add_argument("-o", "--output", metavar=output, required=True)
        p.add_argument("--secret-file", metavar="FILE", help="quizzes: the course secret baked into the private zip")
        p.set_defaults(func=cmd_export_assignment)

    p = sub.add_parser("report", help="HTML feedback per student and a class summary")
    p.add_argument("id")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--db", metavar="FILE", default="gradebook.db", help="the gradebook (default: %(default)s)")
    source.add_argument("--results", metavar="FILE", help="results printed by `dlgrade grade --json` instead")
    p.add_argument("-o", "--output", metavar="DIR", required=True)
    p.add_argument("--jobs", type=int, default=0, help="processes drawing the figures (default: the number of cores)")
    p.set_defaults(func=cmd_report)

    from .quiz.commands import add_parsers as add_quiz_parsers

    add_quiz_parsers(sub)
    args = parser.parse_args(argv)
    # Parallelism comes from grading several submissions at once; BLAS threads would only contend.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
