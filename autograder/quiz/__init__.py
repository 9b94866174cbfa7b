"""Auto-graded quizzes: question kinds, quiz specs, answer sheets (TOML or notebook), grading, personal
numbers from a course secret, validation and item analysis.

A quiz is an assignment with ``kind = "quiz"`` in its ``assignment.toml``; `autograder.assignment.load`
returns a `spec.Quiz` for it, and the runner hands its sheets to `grading.grade_submission`.
"""
