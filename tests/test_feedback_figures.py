"""Figures in the feedback of a failed training check (a real submission graded in the sandbox)."""

import numpy as np

from autograder import assignment as assignments
from autograder.runner import grade_submission

from .conftest import ROOT


def test_a_failed_training_check_carries_its_cost_curve_and_a_map_of_differences(tmp_path):
    # The model's own mistake (its helpers answer as the reference's): a learning rate ten times too small.
    source = (ROOT / "solutions" / "logistic_regression.py").read_text()
    call = "optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)"
    assert source.count(call) == 1
    submission = tmp_path / "slow_model.py"
    submission.write_text(source.replace(call, call.replace("learning_rate,", "learning_rate / 10,")))
    result = grade_submission(assignments.load("logistic_regression"), submission)
    model = next(t for t in result["tests"] if t["name"] == "model: digits 3 vs 8 with the default settings")
    figures = model["extra_data"]["figures"]
    curve = next(f for f in figures if f["kind"] == "curve")
    assert set(curve["series"]) == {"yours", "reference"} and len(curve["series"]["yours"]) == 20
    diff = next(f for f in figures if f["kind"] == "diff")
    assert set(np.unique(diff["mismatch"])) <= {0, 1}
    assert all(t.get("extra_data", {}).get("figures") is None for t in result["tests"] if t["status"] == "passed")
