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


REFERENCE = '''from __future__ import annotations

import numpy as np
from math import pi as PI

RATE = 0.5


def helper(x):
    return 2 * x


@staticmethod
def decorated(x):
    return x


class Model:
    size = 3


def graded(x):
    return helper(x) + RATE
'''


def test_definition_source_gives_a_top_level_definition_with_its_decorators():
    assert sources.definition_source(REFERENCE, "helper") == "def helper(x):\n    return 2 * x\n"
    assert sources.definition_source(REFERENCE, "decorated") == "@staticmethod\ndef decorated(x):\n    return x\n"
    assert sources.definition_source(REFERENCE, "Model") == "class Model:\n    size = 3\n"
    assert sources.definition_source(REFERENCE, "RATE") == "RATE = 0.5\n"
    with pytest.raises(KeyError, match="no top-level definition of 'missing'"):
        sources.definition_source(REFERENCE, "missing")
    with pytest.raises(KeyError):
        sources.definition_source(REFERENCE, "np")  # an import defines no source to copy


def test_import_lines_are_the_modules_imports_without_future():
    assert sources.import_lines(REFERENCE) == ["import numpy as np", "from math import pi as PI"]


def test_a_helper_module_holds_the_imports_and_the_given_definitions():
    module = sources.helper_module(REFERENCE, ["helper", "RATE"], "Given code.")
    assert module == ('"""Given code."""\n\nimport numpy as np\nfrom math import pi as PI\n\n\n'
                      "def helper(x):\n    return 2 * x\n\n\nRATE = 0.5\n")
    namespace = {}
    exec(module, namespace)  # noqa: S102 - the module the tests just built
    assert namespace["helper"](3) == 6 and namespace["RATE"] == 0.5


def test_the_stub_keeps_the_given_code_around_each_block_line_for_line():
    source = ("def f(x):   \n"
              "    \"\"\"Doc.\"\"\"\n"
              "    ### START CODE HERE ### (≈ 1 line)\n"
              "    Z, cache = x + 1, x\n"
              "    ### END CODE HERE ###\n"
              "    w = Z\n"
              "    ### START CODE HERE ###\n"
              "    ### END CODE HERE ###\n"
              "    return w, cache   \n\n\n")
    assert sources.stub(source) == ("def f(x):   \n"
                                    "    \"\"\"Doc.\"\"\"\n"
                                    "    ### START CODE HERE ### (≈ 1 line)\n"
                                    "    # YOUR CODE HERE\n"
                                    "    Z, cache = None, None\n"
                                    "    ### END CODE HERE ###\n"
                                    "    w = Z\n"
                                    "    ### START CODE HERE ###\n"
                                    "    # YOUR CODE HERE\n"
                                    "    pass\n"
                                    "    ### END CODE HERE ###\n"
                                    "    return w, cache   \n")
    ending = "def g(x):\n    ### START CODE HERE ###\n    X = x\n    ### END CODE HERE ###\n    return X\n"
    assert sources.stub(ending).endswith("    ### END CODE HERE ###\n    return X\n")
    with pytest.raises(ValueError, match="^the function has no student block$"):
        sources.stub("def f(x):\n    return x\n")


def test_a_stub_block_has_no_more_lines_than_its_hint():
    body = ["    a = 1", "    b = 2", "    c, *d = 3, 4", "    e = 5"]
    assert sources._blank_lines(body, None) == ["a = None", "b = None", "c, d = None, None", "e = None"]
    assert sources._blank_lines(body, 4) == ["a = None", "b = None", "c, d = None, None", "e = None"]
    assert sources._blank_lines(body, 3) == ["a = None", "b = None", "c, d, e = None, None, None"]
    assert sources._blank_lines(body, 2) == ["a = None", "b, c, d, e = None, None, None, None"]
    assert sources._blank_lines(body, 1) == ["a, b, c, d, e = None, None, None, None, None"]
    source = "def f():\n    ### START CODE HERE ### (≈ 1 line)\n    a = 1\n    b = 2\n    ### END CODE HERE ###\n    return a, b\n"
    assert "    a, b = None, None\n" in sources.stub(source)


def test_hinted_lines_reads_the_size_hint():
    assert sources.hinted_lines("    ### START CODE HERE ### (≈ 3 lines)") == 3
    assert sources.hinted_lines("### START CODE HERE ### (≈1 line)") == 1
    assert sources.hinted_lines("### START CODE HERE ###") is None


def test_a_stub_sets_names_bound_by_loops_and_multi_line_statements():
    body = ["    for i in range(3):", "        y += i", "", "    total = sum(", "        [y])"]
    # `y` on its own line, `total` once its statement is complete, the loop variable last.
    assert sources._blank_lines(body, None) == ["y = None", "i, total = None, None"]
    assert sources.assigned_names(["    x: int = 1", "    n += 1", "    for k, (a, *b) in z:", "        pass"]) == \
        ["x", "n", "k", "a", "b"]


def test_a_block_whose_comment_sits_left_of_its_code_is_still_read():
    # The comment fixes the common indentation at column 0; the code under it must still be understood.
    assert sources.assigned_names(["# step 1", "    y = x + 1", "    z = y"]) == ["y", "z"]


def test_student_lines_leave_out_comments_and_blank_lines():
    source = "def f():\n    ### START CODE HERE ###\n    # hint\n\n    y = 1  # set y\n    ### END CODE HERE ###\n"
    assert sources.student_lines(source) == ["y = 1  # set y"]


@pytest.mark.parametrize("lines, error", [
    (["x", "### START CODE HERE ###", "### START CODE HERE ###"], "nested ### START CODE HERE ### at line 3"),
    (["x", "### END CODE HERE ###"], "### END CODE HERE ### without ### START CODE HERE ### at line 2"),
    (["x", "x", "### START CODE HERE ###", "x"], "### START CODE HERE ### at line 3 is never closed"),
])
def test_unbalanced_markers_name_the_line(lines, error):
    with pytest.raises(ValueError) as refused:
        sources.blocks(lines)
    assert str(refused.value) == error
