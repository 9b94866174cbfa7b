"""`dlgrade grade -v`: every check that did not pass, with its feedback; a check waiting for correct
values is shown as not yet checked."""

from .conftest import ROOT, run_dlgrade


def test_verbose_grading_prints_the_feedback_of_every_check_that_did_not_pass():
    done = run_dlgrade("grade", "-v", "activations", ROOT / "examples" / "activations" / "bob_mistakes.py")
    assert done.returncode == 0, done.stderr
    assert "[FAILED] sigmoid: public example (0 / 2)" in done.stdout
    assert "Known mistake: sign of the exponent." in done.stdout
    assert "[NOT YET CHECKED] sigmoid: does not modify its input" in done.stdout
    assert "[PASSED]" not in done.stdout
    quiet = run_dlgrade("grade", "activations", ROOT / "examples" / "activations" / "bob_mistakes.py")
    assert "Known mistake" not in quiet.stdout
