"""The Gradescope autograder where Docker refuses namespaces: run as root without bubblewrap, a
submission that reads `/autograder/source/solutions/...` and prints it, or links to it, gets nothing."""

import json
import os

import pytest

from ..conftest import ROOT, run_dlgrade
from ..reports.test_gradescope_export import fake_autograder, numpy_only_python, run_autograder

REFERENCE = (ROOT / "solutions" / "activations.py").read_text()
STEALS = """
def relu(x):
    import glob
    for path in glob.glob("{source}/solutions/*.py") + glob.glob("{source}/assignments/*/grading.py"):
        try:
            text = open(path).read()
        except OSError:
            continue
        print(text)
        space = {{}}
        exec(text, space)
        if "relu" in space:
            return space["relu"](x)
    return -x
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "activations.zip"
    done = run_dlgrade("export", "gradescope", "activations", "-o", out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.skipif(os.getuid() != 0, reason="Gradescope runs the autograder as root; so must this test")
def test_fallback_walls_keep_the_autograders_sources_from_the_submission(tmp_path, bundle):
    upload = tmp_path / "upload"
    upload.mkdir()
    root = tmp_path / "alice" / "autograder"
    (upload / "activations.py").write_text(REFERENCE + STEALS.format(source=root / "source"))
    root = fake_autograder(tmp_path / "alice", bundle, upload / "activations.py")
    assert root == tmp_path / "alice" / "autograder"
    result = run_autograder(root, numpy_only_python(tmp_path / "alice", root / "source"), DLGRADE_SANDBOX="fallback")
    assert "Sandbox walls: fallback (seccomp, Landlock" in result["output"] or "dedicated uid" in result["output"]
    relu = sum(t["score"] for t in result["tests"] if t["name"].startswith("relu:"))
    others = sum(t["score"] for t in result["tests"] if not t["name"].startswith("relu:"))
    assert relu == 0 and others > 0
    text = json.dumps(result)
    assert "END CODE HERE" not in text and "PARTS" not in text
    assert (root / "source").stat().st_mode & 0o077 == 0  # private to the grader


def test_a_link_to_the_reference_in_the_upload_is_not_graded(tmp_path, bundle):
    root = fake_autograder(tmp_path / "bob", bundle)
    (root / "submission" / "activations.py").symlink_to(root / "source" / "solutions" / "activations.py")
    result = run_autograder(root, numpy_only_python(tmp_path / "bob", root / "source"))
    assert result["score"] == 0
    assert "symbolic link leading out" in result["output"]
