"""`autograder.oracle.draws_random`: which reference helpers need numpy's RNG state on their round trip."""

import types

import numpy as np
import pytest

from autograder.oracle import draws_random, drawing_helpers

SOURCE = '''
import numpy as np
from numpy.random import randn as gaussian

def direct(n):
    return np.random.rand(n)

def seeded(n):
    np.random.seed(1)
    return np.ones(n)

def imported(n):
    return gaussian(n)

def through_helper(n):
    return 2 * direct(n)

def in_a_lambda(n):
    draw = lambda: np.random.permutation(n)
    return draw()

def arithmetic(n):
    return np.arange(n) * 2.0

def calls_arithmetic(n):
    return arithmetic(n) + 1

def recursive(n):
    return n if n <= 0 else recursive(n - 1)

class Layer:
    pass

def uses_a_class(n):
    return Layer()
'''


@pytest.fixture(scope="module")
def module():
    namespace = types.ModuleType("reference_under_test")
    exec(SOURCE, vars(namespace))  # noqa: S102 - the test's own code
    return namespace


@pytest.mark.parametrize("name, draws", [
    ("direct", True), ("seeded", True), ("imported", True), ("through_helper", True), ("in_a_lambda", True),
    ("arithmetic", False), ("calls_arithmetic", False), ("recursive", False), ("uses_a_class", True),
])
def test_draws_random(module, name, draws):
    assert draws_random(getattr(module, name)) is draws


def test_drawing_helpers_keeps_the_order_and_assumes_the_worst_of_what_it_cannot_read(module):
    assignment = types.SimpleNamespace(reference=module)
    assert drawing_helpers(assignment, ("arithmetic", "direct", "missing", "recursive")) == ("direct", "missing")
    assert draws_random(np.sum) is True  # no Python code to read
