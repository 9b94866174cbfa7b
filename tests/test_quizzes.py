"""Quizzes (autograder/quiz/): the key scores full marks, an empty sheet 0, typical wrong answers lose
their points with the explanation, personal numbers per student, malformed sheets cost only their own
questions, and the CLI, gradebook, report and Gradescope export treat a quiz like any assignment."""

import json
import os
import subprocess
import sys

import pytest

from autograder import assignment as assignments
from autograder import build
from autograder.quiz import formula, items, sheets
from autograder.quiz.grading import NO_SECRET, grade_sheet, grade_submission
from autograder.quiz.questions import Multiple
from autograder.quiz.validate import key_answers, validate_quiz, wrong_answers

from .conftest import QUIZ_IDS, run_dlgrade

SECRET = b"test course secret"
QUIZ = "quiz_cnn"


def toml(quiz, answers, student=None):
    return sheets.parse_toml(sheets.answers_toml(answers, student))


def by_question(result):
    return {t["name"].split(":")[0]: t for t in result["tests"]}


@pytest.fixture(params=QUIZ_IDS)
def quiz(request):
    return assignments.load(request.param)


def test_every_curriculum_section_has_a_quiz():
    sections = {"notation", "activations", "optimization", "bias_variance", "regularization", "normalization",
                "logistic_regression", "softmax_regression", "neural_networks", "cnn", "sequence_models", "nlp"}
    assert {f"quiz_{s}" for s in sections} <= set(QUIZ_IDS)


def test_quiz_validates(quiz):
    v = validate_quiz(quiz)
    assert v.ok, v.problems


def test_answer_key_scores_full_marks_in_toml_and_notebook(quiz):
    for student in ("alice", "bob"):
        answers = key_answers(quiz, student, SECRET)
        result = grade_sheet(quiz, toml(quiz, answers), student, SECRET)
        assert result["score"] == quiz.max_score, [t for t in result["tests"] if t["status"] != "passed"]
        notebook = sheets.fill_notebook(sheets.notebook_sheet(quiz), answers, student)
        result = grade_sheet(quiz, sheets.parse_notebook(notebook), student, SECRET)
        assert result["score"] == quiz.max_score


def test_empty_sheet_scores_zero_and_says_no_answer(quiz):
    result = grade_sheet(quiz, sheets.parse_toml(sheets.toml_sheet(quiz)), "alice", SECRET)
    assert result["score"] == 0
    assert all(t["output"].startswith("no answer") for t in result["tests"])


def test_each_typical_wrong_answer_loses_its_points_and_shows_the_explanation(quiz):
    result = grade_sheet(quiz, toml(quiz, wrong_answers(quiz, "alice", SECRET)), "alice", SECRET)
    for q, t in zip(quiz.questions, result["tests"]):
        assert t["status"] == "failed" and t["score"] < t["max_score"], t
        assert f"Why: {q.explanation}" in t["output"]


def test_a_sheet_half_right_half_typically_wrong_scores_what_the_rules_say(quiz):
    key, wrong = key_answers(quiz, "alice", SECRET), wrong_answers(quiz, "alice", SECRET)
    answers, expected = {}, 0.0
    for index, q in enumerate(quiz.questions):
        if index % 2 == 0:
            answers[q.name], expected = key[q.name], expected + q.points
            continue
        answers[q.name] = wrong[q.name]
        if q.kind == "multiple choice":  # each correct mark earns 1/|key|, each wrong one costs 1/|other options|
            marked, right = set(wrong[q.name]), set(key[q.name])
            others = len(q.choices) - len(right)
            expected += q.points * max(0.0, len(marked & right) / len(right) - len(marked - right) / others)
    result = grade_sheet(quiz, toml(quiz, answers), "alice", SECRET)
    assert result["score"] == pytest.approx(expected, abs=0.011)


def test_each_quiz_has_ten_explained_questions_and_a_chinese_title(quiz):
    assert len(quiz.questions) >= 10
    assert any("\u4e00" <= ch <= "\u9fff" for ch in quiz.title)
    assert all(len(q.explanation) > 40 for q in quiz.questions)
    assert sum(q.parametrised for q in quiz.questions) >= 1


def test_student_template_holds_blank_sheets_without_key_or_explanations(quiz):
    files = build.template_files(quiz)
    assert set(files) == {f"{quiz.id}.ipynb", f"{quiz.id}.toml", "README.md"}
    blank = sheets.parse_toml(files[f"{quiz.id}.toml"])
    assert blank.answers == {q.name: "" for q in quiz.questions} and blank.student is None
    assert sheets.parse_notebook(files[f"{quiz.id}.ipynb"]).answers == blank.answers
    text = "".join(files.values())
    for q in quiz.questions:
        assert q.explanation not in text
        for placeholder in q.placeholders().values():  # personal numbers appear only as ⟨name⟩
            assert placeholder in files[f"{quiz.id}.toml"] and placeholder in files[f"{quiz.id}.ipynb"]
    personal = sheets.personal_files(quiz, "alice", SECRET)
    assert 'student = "alice"' in personal[f"{quiz.id}.toml"]
    assert "⟨" not in "".join(personal.values())


def test_template_does_not_depend_on_the_secret(monkeypatch):
    quiz = assignments.load(QUIZ)
    monkeypatch.setenv("DLGRADE_COURSE_SECRET", "one")
    first = build.template_files(quiz)
    monkeypatch.setenv("DLGRADE_COURSE_SECRET", "two")
    assert build.template_files(quiz) == first


# -- personal numbers ---------------------------------------------------------------------------------
def test_two_students_get_different_numbers_and_each_is_graded_against_their_own():
    quiz = assignments.load(QUIZ)
    personal = [q for q in quiz.questions if q.parametrised]
    alice = {q.name: quiz.numbers(q, "alice", SECRET) for q in personal}
    bob = {q.name: quiz.numbers(q, "bob", SECRET) for q in personal}
    assert alice != bob
    assert alice == {q.name: quiz.numbers(q, "alice", SECRET) for q in personal}  # reproducible
    for student in ("alice", "bob"):
        result = grade_sheet(quiz, toml(quiz, key_answers(quiz, student, SECRET)), student, SECRET)
        assert result["score"] == quiz.max_score
    # Alice's correct sheet graded under Bob's id: the personal questions whose answers differ fail.
    alice_key, bob_key = key_answers(quiz, "alice", SECRET), key_answers(quiz, "bob", SECRET)
    differ = [q.name for q in personal if alice_key[q.name] != bob_key[q.name]]
    assert len(differ) >= 3
    tests = by_question(grade_sheet(quiz, toml(quiz, alice_key), "bob", SECRET))
    assert all(tests[name]["status"] == "failed" for name in differ)
    assert all(tests[q.name]["status"] == "passed" for q in quiz.questions if not q.parametrised)


def test_another_secret_draws_other_numbers():
    quiz = assignments.load(QUIZ)
    q = next(q for q in quiz.questions if q.parametrised)
    draws = {tuple(quiz.numbers(q, "alice", s).values()) for s in (b"a", b"b", b"c", b"d", b"e")}
    assert len(draws) > 1


def test_without_a_secret_personal_questions_are_refused_and_the_others_graded():
    quiz = assignments.load(QUIZ)
    result = grade_sheet(quiz, toml(quiz, key_answers(quiz, "alice", SECRET)), "alice", None)
    for q, t in zip(quiz.questions, result["tests"]):
        if q.parametrised:
            assert t["status"] == "error" and t["output"].startswith(NO_SECRET)
        else:
            assert t["status"] == "passed"
    assert "no course secret" in result["output"]


def test_the_submissions_id_wins_over_the_sheets_and_a_mismatch_is_reported(tmp_path):
    quiz = assignments.load(QUIZ)
    folder = tmp_path / "bob" / QUIZ
    folder.mkdir(parents=True)
    sheet = folder / f"{QUIZ}.toml"
    sheet.write_text(sheets.answers_toml(key_answers(quiz, "bob", SECRET), student="alice"))
    result = grade_submission(quiz, sheet, secret=SECRET)
    assert result["score"] == quiz.max_score
    assert "the sheet says student 'alice' but it was submitted as 'bob'" in result["output"]


# -- malformed sheets ---------------------------------------------------------------------------------
def test_malformed_answers_cost_only_their_own_questions():
    quiz = assignments.load(QUIZ)
    answers = key_answers(quiz, "alice", SECRET)
    numeric = next(q.name for q in quiz.questions if q.kind in ("number", "whole number"))
    choice = next(q.name for q in quiz.questions if q.kind == "single choice")
    missing = next(q.name for q in quiz.questions if q.kind == "shape")
    text = sheets.answers_toml({k: v for k, v in answers.items() if k not in (missing,)})
    text = text.replace(f"{numeric} = {answers[numeric]}", f'{numeric} = "{answers[numeric]}"')
    text = text.replace(f'{choice} = "{answers[choice]}"', f"{choice} = {answers[choice]!r} oops")  # bad TOML
    text += 'q99 = "a"\n'
    result = grade_sheet(quiz, sheets.parse_toml(text), "alice", SECRET)
    tests = by_question(result)
    assert tests[numeric]["status"] == "error" and "write the number without quotes" in tests[numeric]["output"]
    assert tests[choice]["status"] == "error" and "is not a TOML value" in tests[choice]["output"]
    assert tests[missing]["output"].startswith("no answer")
    assert "not valid TOML" in result["output"] and "q99" in result["output"]
    assert result["score"] == quiz.max_score - 3
    assert sum(t["status"] == "passed" for t in result["tests"]) == len(quiz.questions) - 3


def test_a_notebook_sheet_is_parsed_never_run():
    quiz = assignments.load(QUIZ)
    answers = key_answers(quiz, "alice", SECRET)
    nb = json.loads(sheets.fill_notebook(sheets.notebook_sheet(quiz), answers, "alice"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    code[1]["source"] = ["q1 = __import__('os').system('touch /tmp/dlgrade-pwned')"]  # an expression: not read
    code[2]["source"] = ["q2 = (1,\n", f"q3 = {answers['q3']!r}\n"]  # a syntax error, and a good line
    code[3]["source"] = ["pass"]  # q3's own cell
    result = grade_sheet(quiz, sheets.parse_notebook(json.dumps(nb)), "alice", SECRET)
    tests = by_question(result)
    assert tests["q1"]["status"] == "error" and "not a plain value" in tests["q1"]["output"]
    assert tests["q2"]["status"] == "error" and "line 1 is not a plain value" in tests["q2"]["output"]
    assert tests["q3"]["status"] == "passed"
    assert result["score"] == quiz.max_score - 2
    assert not os.path.exists("/tmp/dlgrade-pwned")


def test_a_broken_notebook_or_unreadable_file_scores_zero_with_a_note(tmp_path):
    quiz = assignments.load(QUIZ)
    broken = tmp_path / "alice.ipynb"
    broken.write_text('{"cells": [ not json')
    result = grade_submission(quiz, broken, secret=SECRET)
    assert result["score"] == 0 and "cannot be read" in result["output"]


# -- question kinds -----------------------------------------------------------------------------------
def test_multiple_choice_partial_credit_penalty_and_floor():
    q = Multiple(title="t", prompt="p", choices=["a", "b", "c", "d"], answer=["a", "b"], wrong=["c"],
                 explanation="e")
    key = q.parse(["a", "b"])
    assert q.score(q.parse(["a", "b"]), key)[0] == 1.0
    assert q.score(q.parse(["a"]), key)[0] == 0.5
    assert q.score(q.parse(["a", "c"]), key)[0] == 0.0
    assert q.score(q.parse(["a", "b", "c"]), key)[0] == 0.5
    assert q.score(q.parse(["c", "d"]), key)[0] == 0.0  # never below zero
    assert q.score(q.parse(["a", "b", "c", "d"]), key)[0] == 0.0  # marking everything earns nothing


def test_formulas_compare_by_value_and_reject_anything_but_arithmetic():
    z = {"z": (-6.0, 6.0)}
    key = formula.parse("sigmoid(z) * (1 - sigmoid(z))", z)
    assert formula.equal(formula.parse("exp(-z) / (1 + exp(-z))^2", z), key, z)
    assert not formula.equal(formula.parse("sigmoid(z) * (1 + sigmoid(z))", z), key, z)
    for bad in ("__import__('os')", "z.real", "[z]", "z if z else 1", "lambda: 1", "exp", "y + 1",
                "z" + " + z" * 100, "'text'", "z < 1"):
        with pytest.raises(formula.FormulaError):
            formula.parse(bad, z)


def test_shapes_accept_the_notes_symbols_and_numbers():
    quiz = assignments.load(QUIZ)
    q = next(q for q in quiz.questions if q.kind == "shape" and not q.parametrised)
    key = q.parse(q.answer)
    assert q.score(q.parse(q.answer.replace("[", "^[")), key)[0] == 1.0
    assert q.score(q.parse(q.wrong), key)[0] == 0.0


# -- the tools -----------------------------------------------------------------------------------------
def test_item_analysis_counts_and_flags_a_confusing_question():
    quiz = assignments.load(QUIZ)
    results = []
    for index in range(10):
        student = f"s{index}"
        answers = key_answers(quiz, student, SECRET) if index >= 5 else {}
        if index >= 5:
            answers["q7"] = "b"  # the strong half misses q7
        else:
            answers["q7"] = "a"  # the weak half gets it right
        results.append(grade_sheet(quiz, toml(quiz, answers), student, SECRET))
    rows = {i.question: i for i in items.analyse(results)}
    assert rows["q7"].right == 5 and rows["q7"].wrong == 5 and rows["q7"].discrimination < 0
    assert "check the wording" in rows["q7"].flag
    assert rows["q1"].right == 5 and rows["q1"].unanswered == 5 and rows["q1"].discrimination > 0


def dlgrade(capsys, *args):
    """Run the CLI in this process (the quiz commands start no sandbox); returns (status, stdout, stderr)."""
    from autograder.cli import main

    try:
        status = main([str(a) for a in args])
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
        print(exc.code, file=sys.stderr)
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_grades_a_class_stores_it_and_the_report_shows_the_item_analysis(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLGRADE_COURSE_SECRET", raising=False)
    quiz = assignments.load(QUIZ)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_bytes(SECRET)
    status, out, err = dlgrade(capsys, "quiz-sheets", QUIZ, "--student", "alice", "--student", "bob",
                               "-o", tmp_path / "sheets", "--secret-file", secret_file)
    assert status == 0, err
    assert 'student = "alice"' in (tmp_path / "sheets" / "alice" / QUIZ / f"{QUIZ}.toml").read_text()
    submitted = tmp_path / "submitted"
    for student, answers in (("alice", key_answers(quiz, "alice", SECRET)), ("bob", {"q7": "a"})):
        own = tmp_path / "sheets" / student / QUIZ / f"{QUIZ}.ipynb"
        target = submitted / student / QUIZ / f"{QUIZ}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(sheets.fill_notebook(own.read_text(), answers))
    db = tmp_path / "book.db"
    status, out, err = dlgrade(capsys, "grade", QUIZ, submitted, "--db", db, "--secret-file", secret_file)
    assert status == 0, err
    rows = {line.split()[0]: line for line in out.splitlines()[2:4]}
    assert "per question" in out and "q7: parameters of max pooling" in out
    assert f"{quiz.max_score:.2f} / {quiz.max_score:g}" in rows["alice"] and " 1.00 / " in rows["bob"]
    status, out, err = dlgrade(capsys, "report", QUIZ, "--db", db, "-o", tmp_path / "report")
    assert status == 0, err
    page = (tmp_path / "report" / "index.html").read_text()
    assert "item analysis" in page and "q7: parameters of max pooling" in page
    status, out, err = dlgrade(capsys, "export", "csv", "--db", db)
    assert QUIZ in out.splitlines()[0]
    # Without the secret the personal sheets cannot be made.
    status, out, err = dlgrade(capsys, "quiz-sheets", QUIZ, "--student", "carol", "-o", tmp_path / "x")
    assert status != 0 and "course secret" in err


def test_cli_check_reports_which_answers_parse_without_grading(tmp_path):
    sheet = tmp_path / "alice.toml"
    sheet.write_text('q1 = "12"\nq7 = "a"\nq8 = ["a", "z"]\n')
    done = run_dlgrade("check", QUIZ, sheet)
    assert done.returncode == 0, done.stderr
    assert "[UNREADABLE] q1: conv output size: expected a number" in done.stdout
    assert "[OK] q7: parameters of max pooling" in done.stdout
    assert "[UNREADABLE] q8" in done.stdout and "[EMPTY] q2" in done.stdout
    assert "1 of 13 answers can be read" in done.stdout
    assert "not correct" not in done.stdout and ": correct" not in done.stdout and "Why:" not in done.stdout


def test_cli_lists_quizzes_and_other_exports_refuse_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(assignments, "all_ids", lambda: QUIZ_IDS)  # tests/test_cli.py lists them all
    status, out, err = dlgrade(capsys, "list")
    assert any(line.split()[0] == QUIZ and line.split()[1] == "13" for line in out.splitlines())
    status, out, err = dlgrade(capsys, "export", "nbgrader", QUIZ, "-o", tmp_path / "nb")
    assert status == 1 and "cannot be exported to nbgrader" in err


def test_gradescope_export_grades_a_sheet_with_the_gradescope_student_id(tmp_path, capsys):
    from autograder.exporters import gradescope
    from autograder.sandbox.isolation import numpy_view

    secret_file = tmp_path / "secret.txt"
    secret_file.write_bytes(SECRET)
    bundle = tmp_path / "quiz.zip"
    status, out, err = dlgrade(capsys, "export", "gradescope", QUIZ, "-o", bundle, "--secret-file", secret_file)
    assert status == 0, err
    assert "keep it private" in out
    quiz = assignments.load(QUIZ)
    root = tmp_path / "autograder"
    gradescope.extract(bundle, root / "source")
    (root / "submission").mkdir()
    # Full marks need s123's own numbers: the id can only have come from Gradescope's metadata.
    (root / "submission" / f"{QUIZ}.toml").write_text(sheets.answers_toml(key_answers(quiz, "s123", SECRET)))
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "s123", "email": "x@y"}]}))
    # Gradescope's image has numpy and the zip's sources, nothing else installed.
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH="{numpy_view()}:{root / "source"}" exec "{sys.executable}" -S "$@"\n')
    python.chmod(0o755)
    env = dict(os.environ, DLGRADE_AUTOGRADER_ROOT=str(root), DLGRADE_PYTHON=str(python))
    env.pop("DLGRADE_ROOT", None)
    env.pop("DLGRADE_COURSE_SECRET", None)
    done = subprocess.run(["bash", root / "source" / "run_autograder"], env=env, capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    result = json.loads((root / "results" / "results.json").read_text())
    assert result["score"] == quiz.max_score, result["output"]
    assert "Graded as student 's123'" in result["output"]


def test_build_check_covers_the_quiz_templates(tmp_path):
    assert build.build([QUIZ], root=tmp_path)
    assert build.build([QUIZ], root=tmp_path, check=True) == []
    (tmp_path / QUIZ / f"{QUIZ}.toml").write_text("edited\n")
    assert build.build([QUIZ], root=tmp_path, check=True) == [str(tmp_path / QUIZ / f"{QUIZ}.toml")]

