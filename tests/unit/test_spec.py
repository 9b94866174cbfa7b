"""`autograder.spec`: seeds, cases and the copies of their inputs."""

import numpy as np

from autograder.spec import Case, Mistake, Part, _copy, derived_seed


def test_derived_seeds_are_stable_and_distinct():
    assert derived_seed("a", "f", "check", 0) == derived_seed("a", "f", "check", 0)
    assert derived_seed("a", "f", "check", 0) != derived_seed("a", "f", "check", 1)
    assert derived_seed("a", "f", "check", 0) != derived_seed("a", "g", "check", 0)
    assert derived_seed("ab", "c") != derived_seed("a", "bc")
    assert derived_seed(1, 2) == derived_seed("1", "2") == 2309976  # crc32 of "1/2"
    assert derived_seed("x") == 2363233923 & 0x7FFFFFFF  # the crc32 of "x" has its top bit set


def test_a_built_case_draws_from_its_seed_or_the_default_one():
    case = Case(lambda rng: (rng.normal(size=3),))
    (a,), _ = case.build(7)
    (b,), _ = case.build(7)
    (c,), _ = case.build(8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    np.testing.assert_array_equal(a, np.random.default_rng(7).normal(size=3))
    seeded = Case(lambda rng: (rng.normal(size=3),), seed=3)
    np.testing.assert_array_equal(seeded.build(7)[0][0], np.random.default_rng(3).normal(size=3))
    single = Case(lambda rng: rng.normal(size=2))
    args, kwargs = single.build(1)
    assert isinstance(args, tuple) and len(args) == 1 and args[0].shape == (2,) and kwargs == {}


def test_a_built_case_is_a_fresh_copy_each_time():
    x = np.ones(3)
    case = Case((x, {"W": x, "L": [x]}, 2), kwargs={"b": x})
    args, kwargs = case.build(0)
    args[0][0] = 5
    args[1]["W"][0] = 5
    args[1]["L"][0][0] = 5
    kwargs["b"][0] = 5
    assert x.tolist() == [1.0, 1.0, 1.0]
    assert case.build(0)[0][1]["L"][0].tolist() == [1.0, 1.0, 1.0]
    assert isinstance(args, tuple) and isinstance(args[1]["L"], list) and args[2] == 2


def test_copy_keeps_container_types():
    value = ([np.zeros(1)], (1, 2), {"a": np.zeros(1)})
    copied = _copy(value)
    assert type(copied) is tuple and type(copied[0]) is list and type(copied[1]) is tuple
    assert copied[0][0] is not value[0][0] and copied[2]["a"] is not value[2]["a"]


def test_spares_are_copies_or_built_from_the_arguments():
    w = np.ones(2)
    case = Case((1.0,), spare={"parameters": {"W": w}})
    spare = case.spares((1.0,))
    spare["parameters"]["W"][0] = 3
    assert w[0] == 1.0
    built = Case((2.0,), spare=lambda x: {"scale": x * 2})
    assert built.spares((2.0,)) == {"scale": 4.0}
    assert Case(()).spares(()) == {}


def test_defaults_of_the_vocabulary():
    mistake = Mistake("m", "why", abs)
    assert mistake.same_as == () and mistake.nonfinite is False
    part = Part("f", checks=[])
    assert part.mistakes == [] and part.uses == () and part.returns == "result" and part.reference is None
