"""The engine's small pieces: codec, loader, comparison, stubs, notebook source."""

import json

import numpy as np
import pytest

from autograder import notebook, sources
from autograder.compare import compare
from autograder.loader import load_submission
from autograder.sandbox import codec


def _round_trip(value):
    frame = codec.encode_frame({"op": "x"}, {"v": value})
    head_len, body_len = codec.read_prefix(frame[: codec.PREFIX_SIZE], 1 << 30)
    start = codec.PREFIX_SIZE
    return codec.decode_frame(frame[start:start + head_len], frame[start + head_len:])[1]["v"]


@pytest.mark.parametrize("value", [
    None, True, 3, 2.5, float("nan"), "text", [1, (2.0, None)], {"W1": np.ones((2, 3)), 0: "x"},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.float64(1.5), np.array(True), np.zeros((0, 4)),
    np.array([1 + 2j]), (np.float32(1.0), np.uint8(3)),
])
def test_codec_round_trips_allowed_values_with_their_types(value):
    back = _round_trip(value)
    if isinstance(value, float) and value != value:
        assert back != back
        return
    assert type(back) is type(value)
    assert repr(back) == repr(value) if not isinstance(value, (np.ndarray, dict)) else True
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)


class _Sub(np.ndarray):
    def __eq__(self, other):
        return True


def test_codec_reduces_subclasses_to_plain_values():
    class F(float):
        def __eq__(self, other):
            return True

    assert type(_round_trip(F(1.5))) is float
    back = _round_trip(np.ones(3).view(_Sub))
    assert type(back) is np.ndarray


@pytest.mark.parametrize("value", [np.array([object()]), np.array(["a"]), object(), {1, 2}, lambda: 0,
                                   np.zeros(2, dtype=[("a", "f8")])])
def test_codec_refuses_values_that_may_not_cross(value):
    with pytest.raises(codec.CodecError):
        codec.encode_frame({}, {"v": value})


def test_codec_refuses_oversized_and_malformed_frames():
    frame = codec.encode_frame({}, {"v": np.ones(1000)})
    with pytest.raises(codec.CodecError, match="exceeds the limit"):
        codec.read_prefix(frame[: codec.PREFIX_SIZE], 100)
    with pytest.raises(codec.CodecError):
        codec.read_prefix(b"EVIL" + frame[4: codec.PREFIX_SIZE], 1 << 20)
    bad = json.dumps({"values": {"v": {"t": "ndarray", "dtype": "|O", "shape": [1], "offset": 0, "nbytes": 8}}})
    with pytest.raises(codec.CodecError, match="not allowed"):
        codec.decode_frame(bad.encode(), b"\0" * 8)
    lying = json.dumps({"values": {"v": {"t": "ndarray", "dtype": "<f8", "shape": [100], "offset": 0, "nbytes": 800}}})
    with pytest.raises(codec.CodecError, match="outside the frame"):
        codec.decode_frame(lying.encode(), b"\0" * 8)


def _nb(tmp_path, *cells):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) if not c.startswith("#md") else nbformat.v4.new_markdown_cell(c) for c in cells]
    path = tmp_path / "s.ipynb"
    path.write_text(nbformat.writes(nb))
    return path


def test_loader_keeps_definitions_and_drops_everything_else(tmp_path):
    path = _nb(tmp_path, "import numpy as np\n%matplotlib inline\n!ls\nnp?", "#md text",
               "SIZE = 3\nNAMES = ('a', 'b')\nx = np.ones(3)\nprint(x)\n\n@staticmethod\ndef f(a):\n    return a\n",
               "%%bash\nrm -rf /", "%%time\nclass C:\n    pass\nfor i in range(10**9):\n    pass")
    loaded = load_submission(path)
    assert [s.kind for s in loaded.statements] == ["import", "constant", "constant", "def", "class"]
    assert loaded.defined_names() == {"np", "SIZE", "NAMES", "f", "C"}
    assert any("%%bash" in str(m) for m in loaded.messages)
    decorated = next(s for s in loaded.statements if s.kind == "def")
    # Line numbers are the student's own: the decorator sits on line 6 of cell 3.
    assert decorated.code.splitlines()[5].startswith("@staticmethod")


def test_loader_salvages_the_intact_blocks_of_a_broken_cell(tmp_path):
    path = _nb(tmp_path, "def good(x):\n    return x\n\ndef bad(x:\n    return x\n\ndef also_good():\n    return 1\n")
    loaded = load_submission(path)
    assert loaded.defined_names() == {"good", "also_good"}
    (message,) = loaded.messages
    assert message.where == "cell 1, line 4" and "still graded from this cell: also_good, good" in message.text


def test_loader_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes(b"\xff\xfe def")
    loaded = load_submission(path)
    assert loaded.statements == [] and "not UTF-8" in str(loaded.messages[0])


def test_compare_names_path_shape_and_errors():
    expected = ({"dw": np.array([[1.0], [2.0]]), "db": 0.5}, np.float64(3.0))
    actual = ({"dw": np.array([[1.0], [2.5]]), "db": 0.5}, 3.0)
    (problem,) = compare(expected, actual, "out")
    assert problem.startswith('out[0]["dw"]: 1 of 2 values differ; max abs error 0.5 at index (1, 0)')
    assert "2.5" not in problem  # hidden values stay hidden
    assert compare(np.ones((3, 1)), np.ones(3), "A")[0] == "A: expected shape (3, 1), got (3,) (same number of entries: a missing reshape, or a transpose?)"
    assert "missing key(s) 'db'" in compare({"db": 1.0}, {}, "grads")[0]
    assert compare(0.0, np.zeros((1, 1)), "b", strict_types=True)[0].startswith("b: expected a Python float")
    assert compare(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), "a") == []


def test_compare_accepts_numeric_dtypes_for_labels_and_python_floats_for_0d_arrays():
    assert compare(np.array([[1.0, 0.0]]), np.array([[True, False]]), "p") == []
    assert compare(np.array(5.8), 5.8, "cost") == []


def test_stub_replaces_blocks_with_names_set_to_none():
    source = '''def f(x, d):
    ### START CODE HERE ### (≈ 2 lines)
    y = x + 1
    d["k" + str(1)], z = y, 2
    ### END CODE HERE ###
    for i in range(3):
        ### START CODE HERE ###
        y += i
        ### END CODE HERE ###
    return y
'''
    stub = sources.stub(source)
    assert "y = x + 1" not in stub and "y += i" not in stub
    assert "    ### START CODE HERE ### (≈ 2 lines)\n    # YOUR CODE HERE\n    y = None\n    z = None\n" in stub
    assert "        y = None\n" in stub
    assert sources.student_lines(source) == ["y = x + 1", 'd["k" + str(1)], z = y, 2', "y += i"]


def test_unbalanced_markers_are_an_error():
    with pytest.raises(ValueError):
        sources.blocks(["    ### START CODE HERE ###", "    x = 1"])


def test_notebook_source_parses_cells_and_exercises():
    cells = notebook.parse("# T\n\ntext\n\n```python\nimport numpy as np\n```\n\n---\nmore\n\n```text\nnot code\n```\n\n"
                           "```python exercise=f\n```\n")
    assert [(c.kind, c.exercise) for c in cells] == [("markdown", None), ("code", None), ("markdown", None),
                                                     ("code", "f")]
    assert "```text" in cells[2].source


def test_a_failed_training_check_carries_its_cost_curve_and_a_map_of_differences():
    from autograder import assignment as assignments
    from autograder.runner import grade_submission

    from .conftest import ROOT

    result = grade_submission(assignments.load("logistic_regression"),
                              ROOT / "examples" / "logistic_regression" / "bob_mistakes.py")
    model = next(t for t in result["tests"] if t["name"] == "model: digits 3 vs 8 with the default settings")
    figures = model["extra_data"]["figures"]
    curve = next(f for f in figures if f["kind"] == "curve")
    assert set(curve["series"]) == {"yours", "reference"} and len(curve["series"]["yours"]) == 20
    diff = next(f for f in figures if f["kind"] == "diff")
    assert set(np.unique(diff["mismatch"])) <= {0, 1}
    assert all(t.get("extra_data", {}).get("figures") is None for t in result["tests"] if t["status"] == "passed")
