"""A file that cannot be read is invalid, with one message; the release's own imports are no news."""

from .conftest import ROOT, grade_json, run_dlgrade

EXAMPLES = ROOT / "examples" / "activations"


def test_an_unreadable_file_is_invalid_with_one_message():
    result = grade_json("activations", EXAMPLES / "erin_invalid.ipynb")
    assert result["status"] == "invalid"
    assert result["message"].startswith("Invalid submission:") and "not a valid notebook" in result["message"]
    assert result["score"] == 0 and result["max_score"] == 100
    assert all(t["output"] == "" and t["score"] == 0 for t in result["tests"])
    table = run_dlgrade("grade", "activations", EXAMPLES / "erin_invalid.ipynb").stdout
    assert "invalid" in table and "/ 100" not in table.splitlines()[-1]


def test_a_readable_notebook_is_not_invalid_and_its_setup_imports_are_not_reported():
    result = grade_json("activations", EXAMPLES / "alice_complete.ipynb")
    assert "status" not in result and result["score"] == 100
    assert "import not available" not in result["output"], result["output"]
