"""The CLI for quizzes: `check`, `grade` and `export` of a quiz id, and `dlgrade quiz-sheets`.

`dlgrade grade QUIZ PATH...` reads the same folder layouts as for notebooks, with TOML or notebook
sheets: ``DIR/<student>.toml|.ipynb``, ``DIR/<student>/<QUIZ>/<sheet>``, ``DIR/<student>/<sheet>``.
The personal questions need the course secret: ``--secret-file FILE``, or $DLGRADE_COURSE_SECRET_FILE,
or $DLGRADE_COURSE_SECRET. Without it they are refused (scored 0 with a message), never graded
against made-up numbers.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from ..intake import Intake, Submission
from . import sheets
from .grading import student_from_path
from .questions import AnswerError
from .spec import SecretError, read_secret

SHEET_SUFFIXES = (".toml", ".ipynb")
_GIVEN = {"README.md"}


def _secret(args, required=False):
    try:
        secret = read_secret(getattr(args, "secret_file", None))
    except SecretError as exc:
        sys.exit(f"dlgrade: {exc}")
    if secret is None and required:
        sys.exit("dlgrade: this needs the course secret: --secret-file FILE, or set DLGRADE_COURSE_SECRET "
                 "(keep it outside every folder you release)")
    return secret


def _sheets_in(folder):
    try:
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SHEET_SUFFIXES
                      and not p.name.startswith("."))
    except OSError:
        return []


def _newest(paths):
    return max(sorted(paths), key=lambda p: p.stat().st_mtime)


def collect(paths, quiz_id) -> Intake:
    intake = Intake()
    found = {}

    def add(student, path):
        if student in found:
            intake.messages.append(f"student {student!r} has several sheets ({found[student].name}, {path.name}); "
                                   f"graded the newest")
            path = _newest([found[student], path])
        found[student] = path

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(raw)
        if path.is_file():
            if path.suffix not in SHEET_SUFFIXES:
                intake.messages.append(f"{path}: not a .toml or .ipynb sheet; graded as a TOML sheet")
            intake.submissions.append(Submission(student_from_path(path, quiz_id), path))
            continue
        for entry in sorted(path.iterdir()):
            if entry.name.startswith(".") or entry.name in ("__pycache__", ".ipynb_checkpoints"):
                continue
            if entry.is_file():
                if entry.suffix in SHEET_SUFFIXES:
                    add(entry.stem, entry)
                elif entry.name not in _GIVEN:
                    intake.messages.append(f"{entry}: not a .toml or .ipynb sheet; skipped")
                continue
            inside = entry / quiz_id if (entry / quiz_id).is_dir() else entry
            candidates = _sheets_in(inside)
            if not candidates:
                intake.messages.append(f"{entry}: no .toml or .ipynb sheet for student {entry.name!r}; skipped")
                continue
            chosen = _newest(candidates)
            if len(candidates) > 1:
                others = ", ".join(p.name for p in candidates if p != chosen)
                intake.messages.append(f"{inside}: graded the newest sheet, {chosen.name}; not graded: {others}")
            add(entry.name, chosen)
        intake.submissions += [Submission(s, found.pop(s)) for s in sorted(found)]
    return intake


def check(quiz, args):
    """Which answers of each sheet can be read (never whether they are right)."""
    for path in args.paths:
        path = Path(path)
        if not path.is_file():
            sys.exit(f"dlgrade: no such file: {path}")
        sheet = sheets.read(path)
        print(f"{path}: answers that can be read (correctness is not checked here)")
        readable = empty = 0
        for q in quiz.questions:
            raw = sheet.answers.get(q.name)
            if q.name in sheet.problems:
                print(f"  [UNREADABLE] {q.label}: {sheet.problems[q.name]}")
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                print(f"  [EMPTY] {q.label}")
                empty += 1
                continue
            try:
                shown = q.show(q.parse(raw))
            except AnswerError as exc:
                print(f"  [UNREADABLE] {q.label}: {exc}. Expected {q.how}.")
                continue
            readable += 1
            print(f"  [OK] {q.label}: {shown}")
        for note in sheet.notes:
            print(f"Note: {note}")
        extra = sorted(set(sheet.answers) - {q.name for q in quiz.questions})
        if extra:
            print(f"Note: answers to questions this quiz does not have, ignored: {', '.join(extra)}")
        if sheet.student:
            print(f"Note: the sheet is for student {sheet.student!r}")
        print(f"{readable} of {len(quiz.questions)} answers can be read, {empty} empty")
    return 0


def grade(quiz, args):
    from ..batch import grade_batch
    from ..cli import _open_gradebook

    def _row(result):
        who = roster.get(str(result["submission"]), Path(result["submission"]).name)
        failed = sum(1 for t in result["tests"] if t["status"] != "passed")
        unreadable = sum(1 for t in result["tests"] if t["status"] == "error")
        return (f"{who:20.20s} {Path(result['submission']).name:28.28s} {result['score']:7.2f} / "
                f"{result['max_score']:<6g} {failed:4d} {unreadable:10d}")

    secret = _secret(args)
    try:
        intake = collect(args.paths, quiz.id)
    except FileNotFoundError as exc:
        sys.exit(f"dlgrade: no such file or folder: {exc.args[0]}")
    for message in intake.messages:
        print(f"dlgrade: {message}", file=sys.stderr)
    if args.regrade and not args.db:
        sys.exit("dlgrade: --regrade needs --db FILE (the gradebook whose results to replace)")
    if quiz.parametrised and secret is None:
        print("dlgrade: warning: no course secret (--secret-file, DLGRADE_COURSE_SECRET): the personal questions "
              "are not graded", file=sys.stderr)
    if args.scheduler:
        print("dlgrade: a quiz is graded here, not on the cluster (it runs no student code)", file=sys.stderr)
    roster = {str(path): student for student, path in intake.submissions}
    roster.update({str(path.resolve()): student for student, path in intake.submissions})
    quiz = dataclasses.replace(quiz, secret=secret, roster=roster)
    book = _open_gradebook(args.db, create=True) if args.db else None
    try:
        results, summary = grade_batch(quiz, intake.submissions, jobs=args.jobs or 1, gradebook=book,
                                       regrade=args.regrade)
    finally:
        if book is not None:
            book.close()
    if summary.interrupted:
        print(f"dlgrade: interrupted: {summary.graded} sheet(s) graded", file=sys.stderr)
        return 130
    if args.db or summary.failed:
        print(f"dlgrade: {summary.graded} graded, {summary.skipped} already graded, {summary.failed} failed"
              f"{', gradebook ' + args.db if args.db else ''} ({summary.seconds:.1f} s)", file=sys.stderr)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=1, ensure_ascii=False))
        return 0
    print(f"{quiz.id}: {quiz.title}")
    print(f"{'student':20s} {'sheet':28s} {'score':>7s}   {'max':6s} {'fail':>4s} {'unreadable':>10s}")
    graded = [r for r in results if r is not None]
    for result in graded:
        print(_row(result))
    if len(graded) > 1:
        from .items import text_table

        print("\nper question (right = full marks; disc = share right among the top 27% minus the bottom 27%):")
        print("\n".join(text_table(graded)))
    return 0


def quiz_sheets(args):
    from .. import assignment as assignments

    try:
        quiz = assignments.load(args.id)
    except KeyError:
        sys.exit(f"dlgrade: unknown assignment {args.id!r}")
    if getattr(quiz, "kind", "code") != "quiz":
        sys.exit(f"dlgrade: {args.id} is not a quiz")
    students = list(args.student or [])
    if args.students:
        try:
            lines = Path(args.students).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            sys.exit(f"dlgrade: cannot read {args.students}: {exc.strerror or exc}")
        students += [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    if not students:
        sys.exit("dlgrade: name the students: --student ID (repeatable) or --students ROSTER.txt (one id a line)")
    bad = [s for s in students if "/" in s or "\\" in s or s.startswith(".")]
    if bad:
        sys.exit(f"dlgrade: not usable as a folder name: {', '.join(bad)}")
    secret = _secret(args, required=quiz.parametrised)
    out = Path(args.output)
    for student in students:
        files = sheets.personal_files(quiz, student, secret) if secret else {
            k: v for k, v in sheets.template_files(quiz).items() if k != "README.md"}
        for name, text in files.items():
            target = out / student / quiz.id / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    print(f"{quiz.id}: personal sheets of {len(students)} student(s) in {out}/<student>/{quiz.id}/ "
          f"(hand each student their own folder)")
    return 0


def export(quiz, args):
    if args.format != "gradescope":
        sys.exit(f"dlgrade: a quiz cannot be exported to {args.format} (its questions are not notebook tests); "
                 f"use `dlgrade export gradescope` or grade the sheets with `dlgrade grade`")
    from .gradescope_export import export_gradescope

    secret = _secret(args, required=quiz.parametrised)
    export_gradescope(quiz, args.output, secret)
    print(f"{quiz.id}: gradescope export written to {args.output}")
    if secret:
        print("the zip holds the course secret: keep it private (upload it to Gradescope only)")
    return 0


def add_parsers(sub):
    p = sub.add_parser("quiz-sheets", help="a quiz's personal answer sheets, one folder per student (needs the secret)")
    p.add_argument("id")
    p.add_argument("--student", action="append", help="a student id (repeatable)")
    p.add_argument("--students", metavar="ROSTER", help="a file of student ids, one a line")
    p.add_argument("-o", "--output", metavar="DIR", required=True)
    p.add_argument("--secret-file", metavar="FILE", help="the course secret (default: $DLGRADE_COURSE_SECRET)")
    p.set_defaults(func=quiz_sheets)
