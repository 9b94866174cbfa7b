"""Finding and loading assignments: `assignment.toml`, the reference module and the grading spec.

An `Assignment` gathers what grading and building need: the parts with their points and checks, the
public cases, the sandbox limits, the helper modules students get, and the namespace a submission
starts with (the imports of the notebook's setup cell that make sense in the sandbox).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import math
import os
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from . import notebook, sources
from .checks import Values
from .sandbox.client import Limits

ROOT = Path(os.environ.get("DLGRADE_ROOT", Path(__file__).resolve().parent.parent))
ASSIGNMENTS = ROOT / "assignments"
_DATASETS_SOURCE = Path(__file__).resolve().parent / "data" / "datasets.py"
_SANDBOX_MODULES = {"numpy", "math", "copy", "functools", "itertools", "collections", "datasets"}


class SpecError(Exception):
    """An assignment's files are inconsistent (an instructor's error, reported by `dlgrade validate`)."""


def _load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Assignment:
    id: str
    root: Path
    title: str
    section: str
    points: dict  # part name -> points, in notebook order
    limits: Limits
    reference: object  # the reference module
    helpers: dict  # helper module name -> names of given definitions in the reference
    datasets: list
    parts: list
    public: dict  # part name -> list of Case

    @property
    def max_score(self):
        return float(sum(self.points.values()))

    @functools.cached_property
    def reference_source(self):
        return Path(self.reference.__file__).read_text()

    @functools.cached_property
    def cells(self):
        return notebook.parse((self.root / "notebook.md").read_text())

    @functools.cached_property
    def setup_modules(self):
        """Top-level modules the notebook's setup cell imports (the release's own, matplotlib included)."""
        names = set()
        for node in ast.parse(notebook.setup_cell(self.cells).source).body:
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        return names

    @functools.cached_property
    def preamble(self):
        """The setup cell's imports that resolve in the sandbox: numpy, helpers, datasets."""
        setup = notebook.setup_cell(self.cells).source
        keep = []
        allowed = _SANDBOX_MODULES | set(self.helpers)
        for node in ast.parse(setup).body:
            if isinstance(node, ast.Import):
                names = [a for a in node.names if a.name.split(".")[0] in allowed]
                keep += [f"import {a.name}" + (f" as {a.asname}" if a.asname else "") for a in names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in allowed:
                keep.append(ast.get_source_segment(setup, node))
        if not any(line.startswith("import numpy as np") for line in keep):
            keep.insert(0, "import numpy as np")
        return "\n".join(keep) + "\n"

    def helper_files(self, with_data=False):
        """Files students get besides the notebook (and the sandbox gets, without the data)."""
        files = {}
        for module, names in self.helpers.items():
            files[f"{module}.py"] = sources.helper_module(
                self.reference_source, names, f"Given code for the '{self.id}' assignment: {', '.join(names)}.")
        if self.datasets or "datasets" in self.preamble:
            files["datasets.py"] = _DATASETS_SOURCE.read_text()
        if with_data:
            import io

            import numpy as np

            from . import datasets

            for name in self.datasets:
                buffer = io.BytesIO()
                np.save(buffer, datasets.raw(name), allow_pickle=False)
                files[f"data/{name}.npy"] = buffer.getvalue()
        return files

    def part(self, name):
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)

    def reference_function(self, part):
        return part.reference or getattr(self.reference, part.name)

    def param_names(self, part):
        try:
            return list(inspect.signature(self.reference_function(part)).parameters)
        except (TypeError, ValueError):
            return []

    def check_points(self, part):
        """Points of each check of ``part``: its share (by weight) of the part's points."""
        # Largest-remainder rounding to cents, so the checks of a part add up to its points exactly.
        total = sum(c.weight for c in part.checks)
        cents = [self.points[part.name] * 100 * c.weight / total for c in part.checks]
        floors = [math.floor(c + 1e-9) for c in cents]
        short = round(self.points[part.name] * 100) - sum(floors)
        for i in sorted(range(len(cents)), key=lambda i: floors[i] - cents[i])[:short]:
            floors[i] += 1
        return [f / 100 for f in floors]


def _limits(table):
    known = {f.name for f in fields(Limits)}
    unknown = set(table) - known
    if unknown:
        raise SpecError(f"unknown [limits] keys: {', '.join(sorted(unknown))}")
    return Limits(**table)


def _public_example(part, cases):
    """The check of a part's public cases, their values shown."""
    return Values("public example", cases, reveal=True, select=part.public_select)


def _graded_public_cases(assignment_id, part, cases):
    """The public cases that the "public example" check grades.

    A public case that shows a requirement (`Case.requirement`) is left to the hidden check that holds
    the same requirement: graded in both, one unguarded formula would cost twice. Each case kept keeps
    the inputs the students' public tests show: its seed follows its place in the full list.
    """
    from .spec import derived_seed

    held = {check.requirement for check in part.checks if check.requirement}
    kept = []
    for index, case in enumerate(cases):
        if case.requirement is not None and case.requirement in held:
            continue
        if callable(case.args) and case.seed is None:
            case = dataclasses.replace(case, seed=derived_seed(assignment_id, part.name, "public example", index))
        kept.append(case)
    return kept


def public_in_full(a: Assignment) -> Assignment:
    """``a`` with each "public example" check on every public case, as the students' public tests run
    them (requirement cases included): what `dlgrade check` shows. Grading uses ``a`` itself."""
    parts = []
    for part in a.parts:
        cases = a.public.get(part.name)
        checks = [c for c in part.checks if c.name != "public example"]
        if cases:
            checks.insert(0, _public_example(part, cases))
        parts.append(dataclasses.replace(part, checks=checks))
    return dataclasses.replace(a, parts=parts)


def load(assignment_id) -> Assignment:
    root = ASSIGNMENTS / assignment_id
    if not (root / "assignment.toml").is_file():
        raise KeyError(assignment_id)
    return _load(assignment_id)


@functools.lru_cache(maxsize=None)
def _load(assignment_id):
    root = ASSIGNMENTS / assignment_id
    meta = tomllib.loads((root / "assignment.toml").read_text())
    if meta.get("kind") == "quiz":  # questions instead of graded functions: autograder/quiz/
        from .quiz import spec as quiz_spec

        return quiz_spec.load(assignment_id, root, meta)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    reference = importlib.import_module(meta["reference"])
    grading = _load_module(root / "grading.py", f"dlgrade_spec_{assignment_id}_grading")
    public_module = _load_module(root / "public_tests.py", f"dlgrade_spec_{assignment_id}_public")
    points = dict(meta["parts"])
    parts = list(grading.PARTS)
    public = dict(public_module.PUBLIC)
    names = [p.name for p in parts]
    if names != list(points):
        raise SpecError(f"{assignment_id}: grading.py parts {names} differ from assignment.toml [parts] {list(points)}")
    if set(public) - set(points):
        raise SpecError(f"{assignment_id}: public cases for unknown parts {sorted(set(public) - set(points))}")
    for part in parts:
        graded = _graded_public_cases(assignment_id, part, public.get(part.name, []))
        if graded:
            # Every part is graded on its public cases too, with their values shown.
            part.checks.insert(0, _public_example(part, graded))
        seen = set()
        for check in part.checks:
            if check.name in seen:
                raise SpecError(f"{assignment_id}: part {part.name} has two checks named {check.name!r}")
            seen.add(check.name)
        if not hasattr(reference, part.name) and part.reference is None:
            raise SpecError(f"{assignment_id}: the reference has no function {part.name}")
    return Assignment(
        id=assignment_id,
        root=root,
        title=meta["title"],
        section=meta["section"],
        points=points,
        limits=_limits(meta.get("limits", {})),
        reference=reference,
        helpers={k: list(v) for k, v in meta.get("helpers", {}).items()},
        datasets=list(meta.get("datasets", [])),
        parts=parts,
        public=public,
    )


def is_quiz(assignment_id):
    """Whether ``assignment_id`` is a quiz (``kind = "quiz"`` in its assignment.toml)."""
    path = ASSIGNMENTS / assignment_id / "assignment.toml"
    return path.is_file() and tomllib.loads(path.read_text()).get("kind") == "quiz"


def all_ids():
    return sorted(p.name for p in ASSIGNMENTS.iterdir() if (p / "assignment.toml").is_file()) if ASSIGNMENTS.is_dir() else []
