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
