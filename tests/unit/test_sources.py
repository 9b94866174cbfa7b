"""`autograder.sources` (stubs and given code from the reference) and `autograder.notebook`'s cells."""

import pytest

from autograder import notebook, sources


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
