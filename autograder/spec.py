"""The vocabulary of grading specs: cases, parts, known mistakes and the checks.

An assignment's ``grading.py`` defines ``PARTS``, a list of `Part`, one per graded function, each with
its hidden checks and its catalogue of known mistakes; its ``public_tests.py`` defines ``PUBLIC``, a dict
from function name to the list of `Case` shown to students (every part is also graded on them). Points
live in ``assignment.toml``; a check's ``weight`` says its share of its part's points.

    from autograder.spec import Case, Part, Mistake, Values, NoInPlace, GradCheck, Property

    PARTS = [
        Part("sigmoid", checks=[
            Values("hidden cases of other shapes", [Case(lambda rng: (rng.normal(size=(4, 7)),), label="(4, 7)")]),
            Values("large |z| stays finite", [Case((np.array([-1e3, 0.0, 1e3]),))], weight=2),
            NoInPlace("does not modify its input", [Case(lambda rng: (rng.normal(size=(3, 3)),))]),
            GradCheck("derivative matches central differences", ...),
        ], mistakes=[
            Mistake("sign of the exponent", "sigmoid is 1 / (1 + exp(-z)), with a minus sign", lambda x: 1 / (1 + np.exp(x))),
        ]),
    ]

The checks themselves (what each one does when it runs) are in `autograder.checks`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .checks import GradCheck, NoInPlace, Property, Values  # noqa: F401 - the vocabulary, re-exported


def derived_seed(*names) -> int:
    """A stable seed from names, so each hidden case has its own data that no one can hard-code."""
    return zlib.crc32("/".join(map(str, names)).encode()) & 0x7FFFFFFF


@dataclass
class Case:
    """The inputs of one call.

    ``args`` is a tuple, or a builder ``rng -> tuple`` called with a `numpy.random.Generator` seeded by
    ``seed`` (default: derived from the part, check and case index). ``np_seed``, when set, seeds numpy's
    global generator right before the call, on the student's side and the reference's alike (for
    functions that draw random numbers, as the course's do). ``kwargs`` are passed by name; ``spare``
    arguments only to a function whose signature requires them.
    """

    args: tuple | Callable = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""
    seed: int | None = None
    np_seed: int | None = None
    spare: dict | Callable = field(default_factory=dict)
    requirement: str | None = None  # on a public case: the requirement it shows (see `Check.requirement`)

    def spares(self, args):
        """Arguments offered by name to a function that *requires* them and to no other.

        Course releases differ in signatures (``compute_cost(A2, Y)`` and the older
        ``compute_cost(A2, Y, parameters)``); a case offers ``spare={"parameters": ...}`` (or a
        function of the built arguments returning that dict) and both releases are called correctly.
        """
        return dict(self.spare(*args)) if callable(self.spare) else _copy(self.spare)

    def build(self, default_seed):
        """Fresh copies of the inputs: ``(args, kwargs)``."""
        if callable(self.args):
            rng = np.random.default_rng(self.seed if self.seed is not None else default_seed)
            args = self.args(rng)
            args = args if isinstance(args, tuple) else (args,)
        else:
            args = _copy(self.args)
        return tuple(args), _copy(self.kwargs)


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    return value


@dataclass
class Mistake:
    """A classic wrong version of a graded function: same signature, the mistake built in."""

    name: str
    explanation: str
    fn: Callable
    # Names of other mistakes of the same part that give the same result on some graded case, so that
    # both may be named together there.
    same_as: tuple = ()
    # A mistake about non-finite values (overflow without the max shift, log of zero): only such a
    # mistake may be named on the strength of a NaN or inf that the student's result shares.
    nonfinite: bool = False


@dataclass
class Part:
    """One graded function: its checks, its known mistakes, and the parts it calls.

    ``returns`` names the result for messages: a string, or a tuple of names when the function
    returns a tuple (``("grads", "cost")`` makes paths like ``grads["dw"]``). ``uses`` lists graded
    functions this one calls, so a failure can point at a failing helper. ``reference`` overrides the
    reference implementation (default: the function of the same name in the reference module).
    ``public_select`` is the ``select`` of the "public example" check the loader adds (for results that
    course releases shape differently, such as Adam's 3 or 5 values).
    """

    name: str
    checks: list
    mistakes: list = field(default_factory=list)
    uses: tuple = ()
    returns: str | tuple = "result"
    reference: Callable | None = None
    timeout: float | None = None
    public_select: Callable | None = None
