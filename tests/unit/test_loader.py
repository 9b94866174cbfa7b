"""`autograder.loader`: what of a notebook or script is kept for grading, and what is reported."""

from autograder.loader import load_submission


def _nb(tmp_path, *cells):
    import nbformat  # slow to import: only the tests that write notebooks pay for it

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) if not c.startswith("#md") else nbformat.v4.new_markdown_cell(c)
                for c in cells]
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


def test_a_python_script_is_read_like_one_cell(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    return x\n\nf(3)\nRATE = 0.1\n")
    loaded = load_submission(path)
    assert [s.kind for s in loaded.statements] == ["import", "def", "constant"]
    assert loaded.defined_names() == {"np", "f", "RATE"}
    assert loaded.messages == []
    assert len(loaded.sha256) == 64


def test_the_same_bytes_have_the_same_digest(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("X = 1\n")
    b.write_text("X = 1\n")
    assert load_submission(a).sha256 == load_submission(b).sha256
    b.write_text("X = 2\n")
    assert load_submission(a).sha256 != load_submission(b).sha256


import hashlib
import json
import os

import pytest

from autograder.loader import MAX_STATEMENTS, MAX_SUBMISSION_BYTES, _parse_failure


def _notebook(tmp_path, cells, **extra):
    """A notebook written as raw JSON: ``cells`` as they are stored (any content, valid or not)."""
    path = tmp_path / "s.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **extra}))
    return path


def _code(source):
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": None}


def _messages(loaded):
    return [(m.where, m.text) for m in loaded.messages]


def test_a_readable_file_is_valid_and_names_its_path(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("X = 1\n")
    loaded = load_submission(path)
    assert loaded.invalid is False and loaded.path == str(path)
    assert loaded.sha256 == hashlib.sha256(b"X = 1\n").hexdigest()
    assert [s.label for s in loaded.statements] == ["s.py"]
    assert loaded.statements[0].as_request() == {"code": "X = 1", "label": "s.py"}


def test_a_file_larger_than_the_limit_is_invalid_and_not_read(tmp_path):
    path = tmp_path / "s.ipynb"
    with open(path, "wb") as f:
        f.truncate(MAX_SUBMISSION_BYTES + 1)  # sparse: nothing is written, and nothing may be read
    loaded = load_submission(path)
    assert loaded.invalid is True and loaded.statements == []
    assert _messages(loaded) == [("s.ipynb", f"file is larger than 20 MiB ({MAX_SUBMISSION_BYTES + 1} bytes); not graded")]
    assert loaded.sha256 == hashlib.sha256(b"").hexdigest()


def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "s.py"
    os.mkfifo(path)
    loaded = load_submission(path)
    assert loaded.invalid is True and loaded.statements == []
    assert _messages(loaded) == [("s.py", "not a regular file (FIFO, socket or device); not read")]
    assert loaded.sha256 == hashlib.sha256(b"").hexdigest()


def test_text_that_is_not_utf8_is_invalid(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes(b"X = 1\n\xff")
    loaded = load_submission(path)
    assert loaded.invalid is True
    (where, text), = _messages(loaded)
    assert where == "s.py" and text.startswith("not UTF-8 text (") and text.endswith("); not graded")


def test_a_byte_order_mark_is_not_part_of_the_first_cell(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes("\ufeffX = 1\n".encode())
    loaded = load_submission(path)
    assert loaded.defined_names() == {"X"} and loaded.messages == []


@pytest.mark.parametrize("text, message", [
    ("{", "not a valid notebook: the file is not valid JSON (Expecting property name enclosed in double quotes: "
          "line 1 column 2 (char 1))"),
    ("[1, 2]", "not a valid notebook: no list of cells found"),
    ('{"cells": 3}', "not a valid notebook: no list of cells found"),
])
def test_a_file_that_is_no_notebook_is_invalid_with_one_message(tmp_path, text, message):
    path = tmp_path / "s.ipynb"
    path.write_text(text)
    loaded = load_submission(path)
    assert loaded.invalid is True and loaded.statements == [] and _messages(loaded) == [("s.ipynb", message)]


def test_cells_are_read_whatever_their_source_looks_like(tmp_path):
    path = _notebook(tmp_path, [
        {"cell_type": "markdown", "source": "MD = 1"},
        "not a cell",
        {"cell_type": "code", "metadata": {}},  # no source at all: an empty cell
        _code(["A = 1\n", "B = 2\n"]),
        _code(7),
        _code("C = 3\n"),
    ])
    loaded = load_submission(path)
    assert loaded.invalid is False
    assert [(s.label, s.names) for s in loaded.statements] == [("cell 4", ["A"]), ("cell 4", ["B"]), ("cell 6", ["C"])]
    assert _messages(loaded) == [("cell 5", "unreadable source; skipped")]


def test_a_notebook_without_code_is_reported(tmp_path):
    loaded = load_submission(_notebook(tmp_path, [{"cell_type": "markdown", "source": "X = 1"}]))
    assert loaded.statements == [] and loaded.invalid is False
    assert _messages(loaded) == [("s.ipynb", "the notebook has no code cells")]


def test_a_huge_number_in_the_metadata_does_not_spoil_the_notebook(tmp_path):
    path = tmp_path / "s.ipynb"
    path.write_text('{"cells": [{"cell_type": "code", "source": "X = 1"}], "metadata": {"n": ' + "9" * 5000 + "}}")
    loaded = load_submission(path)
    assert loaded.invalid is False and loaded.defined_names() == {"X"} and loaded.messages == []


def test_the_code_cells_of_a_notebook_nested_too_deeply_are_recovered(tmp_path):
    cells = ('[{"cell_type": "markdown", "source": "M1 = 1"}, '
             '{"cell_type": "code", "source": "BAD = \\q"}, '  # an escape JSON refuses: that cell is lost
             '{"cell_type": "code", "source": ["def f(x):\\n", "    return x\\n"]}, '
             '{"cell_type": "markdown", "source": "M2 = 2"}, '
             '{"cell_type": "code", "source": "Y = 2\\n"}]')
    path = tmp_path / "s.ipynb"
    # The parser gives up at the deep metadata, before it meets the bad escape of a later cell.
    path.write_text('{"metadata": {"deep": ' + "[" * 100_000 + "]" * 100_000 + '}, "cells": ' + cells + "}")
    loaded = load_submission(path)
    assert loaded.invalid is True
    assert [(s.label, s.names, s.code) for s in loaded.statements] == [
        ("recovered cell 1", ["f"], "def f(x):\n    return x"), ("recovered cell 2", ["Y"], "Y = 2")]
    assert _messages(loaded) == [("s.ipynb", "invalid notebook: its JSON could not be read (nested too deeply for "
                                             "the parser); 2 code cell(s) recovered and graded")]


def test_a_notebook_nested_too_deeply_with_no_code_found_says_so(tmp_path):
    path = tmp_path / "s.ipynb"
    path.write_text("[" * 100_000 + "]" * 100_000)
    loaded = load_submission(path)
    assert loaded.invalid is True and loaded.statements == []
    assert _messages(loaded) == [("s.ipynb", "invalid notebook: its JSON could not be read (nested too deeply for "
                                             "the parser)")]


def test_magics_and_shell_lines_are_blanked_where_they_stand(tmp_path):
    path = _notebook(tmp_path, [
        _code("import numpy as np\n%matplotlib inline\n!ls\nnp.ones?\n"),
        _code("def f(x):\n    %time y = x\n    return x\n"),
        _code("  %%bash\nrm -rf /\n"),
        _code("%%\nX = 1\n"),
        _code("\n   \n"),
    ])
    loaded = load_submission(path)
    assert [s.names for s in loaded.statements] == [["np"], ["f"], ["X"]]
    assert loaded.statements[1].code == "\n".join(["def f(x):", "", "    return x"])
    assert _messages(loaded) == [("cell 3", "cell magic %%bash: cell not run")]


def test_a_statement_keeps_its_own_code_at_its_own_line(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("RATE = 0.1; train()\n\nimport os.path, numpy.linalg as la\nfrom math import *\n"
                    "SIZE: int = 3\n\ndef f(x):\n    y = x\n    return y\n")
    loaded = load_submission(path)
    assert [(s.kind, s.names, s.code) for s in loaded.statements] == [
        ("constant", ["RATE"], "RATE = 0.1"),
        ("import", ["os", "la"], "\n\nimport os.path, numpy.linalg as la"),
        ("import", [], "\n\n\nfrom math import *"),
        ("constant", ["SIZE"], "\n\n\n\nSIZE: int = 3"),
        ("def", ["f"], "\n" * 6 + "def f(x):\n    y = x\n    return y"),
    ]


def test_the_blocks_of_a_broken_cell_keep_their_line_numbers(tmp_path):
    source = ("def good(x):\n# why: a comment at column 0 inside the body\n    return x\n\n"
              "def bad(:\n    pass\nx\n"
              "SHAPE = (\n    2,\n    3,\n)\n")
    loaded = load_submission(_notebook(tmp_path, [_code(source)]))
    assert [(s.names, s.code) for s in loaded.statements] == [
        (["good"], "def good(x):\n# why: a comment at column 0 inside the body\n    return x"),
        (["SHAPE"], "\n" * 7 + "SHAPE = (\n    2,\n    3,\n)"),
    ]
    assert _messages(loaded) == [("cell 1, line 5", "syntax error: invalid syntax; the block that holds it was "
                                                    "skipped; still graded from this cell: SHAPE, good")]


def test_a_broken_cell_with_nothing_intact_says_only_what_failed(tmp_path):
    loaded = load_submission(_notebook(tmp_path, [_code("def bad(:\n    pass\n")]))
    assert loaded.statements == []
    assert _messages(loaded) == [("cell 1, line 1", "syntax error: invalid syntax; the block that holds it was skipped")]


def test_a_cell_too_large_for_the_parser_keeps_the_blocks_that_parse(tmp_path):
    loaded = load_submission(_notebook(tmp_path, [_code("X = 1\nY = " + "-" * 100_000 + "1\nZ = 2\n")]))
    assert loaded.defined_names() == {"X", "Z"}
    assert _messages(loaded) == [("cell 1", "could not be parsed (too large for the parser); the blocks that parse "
                                            "on their own were kept; still graded from this cell: X, Z")]


def test_at_most_max_statements_are_kept_and_the_rest_counted(tmp_path):
    path = _notebook(tmp_path, [_code(f"C{i} = {i}\n") for i in range(MAX_STATEMENTS - 1)]
                     + [_code("A = 1\nB = 2\nD = 3\n"), _code("def f():\n    return 1\n")])
    loaded = load_submission(path)
    assert len(loaded.statements) == MAX_STATEMENTS and loaded.statements[-1].names == ["A"]
    assert _messages(loaded) == [("s.ipynb", "more than 2000 top-level definitions; the last 3 were not run")]


def test_a_parse_failure_is_described_by_its_text_or_its_type():
    assert _parse_failure(RecursionError("maximum recursion depth exceeded")) == "nested too deeply for the parser"
    assert _parse_failure(MemoryError()) == "too large for the parser"
    assert _parse_failure(ValueError("bad literal")) == "bad literal"
    assert _parse_failure(ValueError("x" * 300)) == "x" * 200
    assert _parse_failure(OverflowError()) == "OverflowError"


def test_statement_segments_are_those_of_the_standard_library():
    import ast

    from autograder.loader import _segment

    chunk = ("A = 1; B = 'é'; C = (1,\n  2)\r\nD = 'x\\\ny'\rE = 3\n\x0cF = 4\n"
             "import os, sys\r\nfrom math import pi as π; Z = \"\u2028\"\nW = {1: 'a',\r\n 2: 'b'}  # c\n"
             "X = '''a\nb\r\nc'''; Y = 2")
    split = {}
    nodes = ast.parse(chunk).body
    assert [_segment(chunk, node, split) for node in nodes] == [ast.get_source_segment(chunk, node) for node in nodes]
    assert len(nodes) == 12 and list(split) == [chunk]  # the chunk's lines split once for all its nodes


def test_crlf_line_ends_keep_the_students_line_numbers(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes(b"import os\r\n\r\nRATE = 0.1; train()\r\nNAMES = ('a',\r\n         'b')\r\n")
    loaded = load_submission(path)
    assert [s.code for s in loaded.statements] == ["import os", "\n\nRATE = 0.1", "\n\n\nNAMES = ('a',\n         'b')"]
