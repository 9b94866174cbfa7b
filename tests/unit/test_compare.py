"""`autograder.compare`: types, shapes, tolerances and the words of each problem."""

import numpy as np
import pytest

from autograder.compare import arrays_equal, compare, describe_type, differs_in_finite_values, named_values


def test_compare_names_path_shape_and_errors():
    expected = ({"dw": np.array([[1.0], [2.0]]), "db": 0.5}, np.float64(3.0))
    actual = ({"dw": np.array([[1.0], [2.5]]), "db": 0.5}, 3.0)
    (problem,) = compare(expected, actual, "out")
    assert problem == ('out[0]["dw"]: 1 of 2 values differ; max abs error 0.5 at index (1, 0), max rel error 0.25 '
                       '(tolerance rtol=1e-06, atol=1e-08)')
    assert "2.5" not in problem  # hidden values stay hidden
    assert compare(np.ones((3, 1)), np.ones(3), "A") == [
        "A: expected shape (3, 1), got (3,) (same number of entries: a missing reshape, or a transpose?)"]
    assert compare({"db": 1.0}, {}, "grads") == ["grads: missing key(s) 'db'"]
    assert compare(0.0, np.zeros((1, 1)), "b", strict_types=True) == [
        "b: expected a Python float, got ndarray of shape (1, 1) and dtype float64"]
    assert compare(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), "a") == []


def test_compare_accepts_numeric_dtypes_for_labels_and_python_floats_for_0d_arrays():
    assert compare(np.array([[1.0, 0.0]]), np.array([[True, False]]), "p") == []
    assert compare(np.array(5.8), 5.8, "cost") == []
    assert compare(5.8, np.array(5.8), "cost") == []
    assert compare(5.8, np.array(5.9), "cost") == ["cost: got 5.9: abs error 0.1, rel error 0.0172 (tolerance rtol=1e-06, atol=1e-08)"]


# A Python bool is an int to Python (True == 1); the grader must still tell a flag from a number.
@pytest.mark.parametrize("expected, actual", [
    (True, 1), (True, 1.0), (False, 0), (np.True_, 1), (1.0, True), (1, True), (0.0, False), (1.0, np.True_),
])
def test_a_bool_is_not_a_number_and_a_number_is_not_a_bool(expected, actual):
    (problem,) = compare(expected, actual, "flag")
    assert problem.startswith("flag: expected a")


def test_bools_compare_by_truth_value():
    assert compare(True, np.True_, "flag") == []
    assert compare(np.False_, False, "flag") == []
    assert compare(True, False, "flag") == ["flag: got False, the wrong answer"]
    assert compare(False, True, "flag") == ["flag: got True, the wrong answer"]
    assert compare(True, "True", "flag") == ["flag: expected a bool, got str"]


@pytest.mark.parametrize("shape, reshaped", [((3, 1), (1, 3)), ((3,), (1, 3)), ((1, 3), (3,)), ((2, 3), (2, 1)),
                                             ((2, 1), (2, 3)), ((), (1,))])
def test_shapes_must_agree_even_where_they_broadcast(shape, reshaped):
    (problem,) = compare(np.ones(shape), np.ones(reshaped), "A")
    assert problem.startswith(f"A: expected shape {shape}, got {reshaped}")


def test_a_lower_dimensional_result_hints_at_keepdims():
    assert compare(np.ones((2, 3)), np.ones(2), "s") == [
        "s: expected shape (2, 3), got (2,) (a sum or mean without keepdims=True?)"]
    assert compare(np.ones((2, 3)), np.ones((2, 3, 2)), "s") == ["s: expected shape (2, 3), got (2, 3, 2)"]


# |actual - expected| <= atol + rtol * |expected|: with the defaults (1e-6, 1e-8), a value of 100 may be off
# by 1.0000001e-4, and a value of 0 by 1e-8.
@pytest.mark.parametrize("wrap", [float, lambda x: np.array([x]), lambda x: np.array(x)])
def test_the_relative_tolerance_is_rtol_times_the_expected_value(wrap):
    assert compare(wrap(100.0), wrap(100.0 + 0.9e-4), "x") == []
    assert compare(wrap(100.0), wrap(100.0 - 0.9e-4), "x") == []
    assert len(compare(wrap(100.0), wrap(100.0 + 1.2e-4), "x")) == 1
    assert len(compare(wrap(100.0), wrap(100.0 - 1.2e-4), "x")) == 1
    # The tolerance scales with the expected value, not the student's.
    assert len(compare(wrap(1.0), wrap(1.0 + 1.5e-6), "x")) == 1


@pytest.mark.parametrize("wrap", [float, lambda x: np.array([x]), lambda x: np.array(x)])
def test_the_absolute_tolerance_is_atol_near_zero(wrap):
    assert compare(wrap(0.0), wrap(0.9e-8), "x") == []
    assert compare(wrap(0.0), wrap(-0.9e-8), "x") == []
    assert len(compare(wrap(0.0), wrap(1.5e-8), "x")) == 1
    assert len(compare(wrap(0.0), wrap(-1.5e-8), "x")) == 1


def test_tolerances_passed_in_are_the_ones_used():
    assert compare(np.array([1.0]), np.array([1.05]), "x", rtol=0.1) == []
    assert compare(np.array([1.0]), np.array([1.05]), "x", rtol=0.01) == [
        "x: 1 of 1 values differ; max abs error 0.05 at index (0,), max rel error 0.05 (tolerance rtol=0.01, atol=1e-08)"]
    assert compare(np.array([0.0]), np.array([0.05]), "x", rtol=0.0, atol=0.1) == []
    assert compare(0.0, 0.05, "x", rtol=0.0, atol=0.01) == [
        "x: got 0.05: abs error 0.05, rel error inf (tolerance rtol=0, atol=0.01)"]


def test_public_cases_reveal_expected_values_and_hidden_ones_do_not():
    hidden = compare(np.array([1.0, 2.0]), np.array([1.0, 3.0]), "a")[0]
    shown = compare(np.array([1.0, 2.0]), np.array([1.0, 3.0]), "a", reveal=True)[0]
    assert "expected:" not in hidden and shown.startswith(hidden)
    assert shown.endswith("\n    expected: [1., 2.]\n    got:      [1., 3.]")
    assert compare(2.0, 3.0, "c", reveal=True) == ["c: expected 2.0, got 3.0: abs error 1, rel error 0.5 (tolerance rtol=1e-06, atol=1e-08)"]
    assert compare("relu", "tanh", "s") == ["s: expected a different value, got 'tanh'"]
    assert compare("relu", "tanh", "s", reveal=True) == ["s: expected 'relu', got 'tanh'"]
    assert compare(None, 3, "s") == ["s: expected None, got int"]
    assert compare("relu", "relu", "s") == [] and compare(None, None, "s") == []


def test_non_finite_values_are_reported_as_such():
    assert compare(np.array([1.0, 2.0]), np.array([1.0, np.nan]), "a") == [
        "a: 1 non-finite value(s) where finite ones are expected, first at index (1,) (NaN): an overflow, log(0) or 0/0?"]
    assert compare(np.ones((2, 2)), np.array([[1.0, np.inf], [-np.inf, 1.0]]), "a") == [
        "a: 2 non-finite value(s) where finite ones are expected, first at index (0, 1) (inf): an overflow, log(0) or 0/0?"]
    assert compare(np.array(1.0), np.array(np.inf), "a") == [
        "a: 1 non-finite value(s) where finite ones are expected, first at index () (inf): an overflow, log(0) or 0/0?"]
    assert compare(1.0, float("nan"), "c") == ["c: got nan, a non-finite number"]
    # Where the reference is not finite either, matching NaN for NaN is right.
    assert compare(np.array([np.nan, np.inf]), np.array([np.nan, np.inf]), "a") == []
    assert compare(float("nan"), float("nan"), "c") == []


def test_dtype_kinds_must_be_compatible():
    assert compare(np.ones(2), np.array(["a", "b"]), "a") == ["a: expected dtype float64, got <U1"]
    assert compare(np.ones(2), np.ones(2, dtype=complex), "a") == ["a: expected dtype float64, got complex128"]
    assert compare(np.ones(2, dtype=complex), np.ones(2), "a") == ["a: expected dtype complex128, got float64"]
    assert compare(np.ones(2), np.ones(2, dtype=int), "a") == []
    assert compare(np.ones(2), np.ones(2, dtype=int), "a", strict_types=True) == [
        "a: expected a float array, got dtype int64 (integer division or astype(int)?)"]
    assert compare(np.ones(2, dtype=int), np.ones(2), "a", strict_types=True) == []
    assert compare(np.array([1 + 1j]), np.array([1 + 2j]), "z")[0].startswith("z: 1 of 1 values differ; max abs error 1")


def test_numbers_of_the_wrong_kind():
    assert compare(3, 3.0, "n") == ["n: expected a scalar (int), got float"]
    assert compare(3, 3, "n") == []
    assert compare(3.0, 3, "n") == []
    assert compare(3.0, "3", "n") == ["n: expected a scalar (float), got str"]
    assert compare(1 + 2j, 1.0, "z") == ["z: got 1.0: abs error 2, rel error 0.894 (tolerance rtol=1e-06, atol=1e-08)"]
    assert compare(3.0, np.array([3.0]), "n") == ["n: expected a scalar (float), got ndarray of shape (1,) and dtype float64"]
    assert compare(3.0, np.array(3.0), "n", strict_types=True) == [
        "n: expected a Python float, got ndarray of shape () and dtype float64"]
    assert compare(3.0, np.float64(3.0), "n", strict_types=True) == []
    assert compare(np.float64(3.0), 3.0, "n", strict_types=True) == []


def test_arrays_of_the_wrong_type():
    assert compare(np.ones(2), [1.0, 1.0], "a") == ["a: expected an ndarray of shape (2,), got list of length 2"]
    assert compare(np.array(2.0), 2.0, "a", strict_types=True) == ["a: expected an ndarray of shape (), got float"]
    assert compare(np.array(2.0), "2", "a") == ["a: expected an ndarray of shape (), got str"]
    assert compare(np.array(True), True, "a") == []


def test_containers():
    assert compare({"a": 1.0}, [1.0], "d") == ["d: expected a dict with keys ['a'], got list of length 1"]
    assert compare({"a": 1.0}, {"a": 1.0, "b": 2.0}, "d") == []
    assert compare({"a": 1.0}, {"a": 1.0, "b": 2.0}, "d", exact_keys=True) == ["d: unexpected key(s) 'b'"]
    assert compare({"a": 1.0, "b": 2.0}, {}, "d") == ["d: missing key(s) 'a', 'b'"]
    assert compare([1.0, 2.0], (1.0, 2.0), "s") == []
    assert compare([1.0, 2.0], [1.0], "s") == ["s: expected 2 items, got 1"]
    assert compare((1.0,), 1.0, "s") == ["s: expected a tuple of length 1, got float"]
    assert compare([1.0, 2.0], [1.0, 2.5], "s") == ["s[1]: got 2.5: abs error 0.5, rel error 0.25 (tolerance rtol=1e-06, atol=1e-08)"]


def test_at_most_eight_problems_are_listed():
    assert len(compare([1.0] * 20, [2.0] * 20, "s")) == 8
    assert len(compare([1.0] * 8, [2.0] * 8, "s")) == 8


def test_describe_type():
    assert describe_type(np.ones((3, 1))) == "ndarray of shape (3, 1) and dtype float64"
    assert describe_type(np.float32(1)) == "numpy scalar float32"
    assert describe_type((1, 2)) == "tuple of length 2"
    assert describe_type([1]) == "list of length 1"
    assert describe_type(None) == "NoneType"


def test_arrays_equal_is_exact():
    assert arrays_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not arrays_equal(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]))
    assert not arrays_equal(np.ones(3), np.ones((3, 1)))
    assert not arrays_equal(np.ones(3), [1.0, 1.0, 1.0])
    assert not arrays_equal([1.0, 1.0, 1.0], np.ones(3))
    assert not arrays_equal(np.array(["a"]), np.array(["b"]))
    assert arrays_equal({"a": [np.ones(2), 1]}, {"a": (np.ones(2), 1)})
    assert not arrays_equal({"a": np.ones(2)}, {"a": np.zeros(2)})
    assert not arrays_equal({"a": 1}, {"b": 1})
    assert not arrays_equal({"a": 1}, [1])
    assert not arrays_equal([1, 2], [1])
    assert not arrays_equal([1, 2], [1, 3])
    assert not arrays_equal((1,), 1)
    assert arrays_equal(float("nan"), float("nan"))
    assert not arrays_equal(float("nan"), 1.0)
    assert not arrays_equal(1, 1.0) and not arrays_equal(1, True)
    assert arrays_equal(2, 2) and not arrays_equal(2, 3)


def test_named_values_split_tuples_by_name():
    assert named_values(("grads", "cost"), (1, 2), (3, 4)) == [("grads", 1, 3), ("cost", 2, 4)]
    assert named_values(("grads", "cost"), (1, 2), [3, 4]) == [("grads", 1, 3), ("cost", 2, 4)]
    assert named_values(("grads", "cost"), (1, 2), (3,)) == [("(grads, cost)", (1, 2), (3,))]
    assert named_values(("grads", "cost"), (1, 2), 3) == [("(grads, cost)", (1, 2), 3)]
    assert named_values("A", 1, 2) == [("A", 1, 2)]
    assert named_values(("a", "b"), 1, 2) == [("result", 1, 2)]
    assert named_values(("a", "b"), (1, 2, 3), (1, 2, 3)) == [("result", (1, 2, 3), (1, 2, 3))]


def test_differs_in_finite_values():
    assert not differs_in_finite_values(np.array([1.0, np.inf]), np.array([1.0, np.nan]))
    assert differs_in_finite_values(np.array([1.0, np.inf]), np.array([2.0, np.nan]))
    assert not differs_in_finite_values(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))
    assert differs_in_finite_values(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-3]))
    assert not differs_in_finite_values(np.array([1.0]), np.array([1.0 + 1e-3]), rtol=1e-2)
    assert not differs_in_finite_values(np.array([0.0]), np.array([1e-3]), rtol=0, atol=1e-2)
    assert differs_in_finite_values(np.array([0.0]), np.array([1e-3]), rtol=0, atol=1e-4)
    assert differs_in_finite_values(np.ones(3), np.ones((3, 1)))
    assert differs_in_finite_values(np.ones(3), np.ones(3, dtype=int))
    assert not differs_in_finite_values(np.ones(3, dtype=np.int32), np.ones(3, dtype=np.uint8))
    assert differs_in_finite_values(np.ones(3), np.ones(3, dtype=bool))
    assert not differs_in_finite_values(np.array(2.0), np.float64(2.0))
    assert not differs_in_finite_values(np.array(2.0), 2.0)
    assert differs_in_finite_values(np.ones(1), "1")
    assert differs_in_finite_values({"a": 1.0}, {"b": 1.0})
    assert differs_in_finite_values({"a": 1.0}, {"a": 2.0})
    assert not differs_in_finite_values({"a": 1.0}, {"a": 1.0})
    assert differs_in_finite_values((1.0, 2.0), [1.0, 2.0])
    assert differs_in_finite_values((1.0, 2.0), (1.0,))
    assert differs_in_finite_values((1.0, 2.0), (1.0, 3.0))
    assert not differs_in_finite_values((1.0, 2.0), (1.0, 2.0))
    assert differs_in_finite_values(np.array(["a"]), np.array(["b"]))
    assert not differs_in_finite_values(np.array(["a"]), np.array(["a"]))
    assert differs_in_finite_values("a", "b") and not differs_in_finite_values("a", "a")
    assert not differs_in_finite_values(None, None)


def test_public_previews_show_eight_digits_and_summarise_long_arrays():
    text = compare(np.array([1 / 3, 2.0]), np.array([1 / 3, 3.0]), "a", reveal=True)[0]
    assert text.endswith("\n    expected: [0.33333333, 2.        ]\n    got:      [0.33333333, 3.        ]")
    tiny = compare(np.array([1e-9, 1.0]), np.array([1e-9, 2.0]), "a", reveal=True)[0]
    assert "expected: [1.e-09, 1.e+00]" in tiny  # no suppression of small numbers to 0
    expected = np.arange(31.0)
    long = compare(expected, expected + 1, "a", reveal=True)[0]
    assert "expected: [ 0.,  1.,  2., ..., 28., 29., 30.]" in long
    thirty = compare(np.arange(30.0), np.arange(30.0) + 1, "a", reveal=True)[0]
    assert "..." not in thirty and "29.]" in thirty
    matrix = compare(np.zeros((2, 2)), np.ones((2, 2)), "m", reveal=True)[0]
    assert matrix.endswith("\n    expected: [[0., 0.],\n               [0., 0.]]\n    got:      [[1., 1.],\n               [1., 1.]]")


def test_unexpected_keys_are_all_listed():
    assert compare({"a": 1.0}, {"a": 1.0, "b": 2.0, "c": 3.0}, "d", exact_keys=True) == ["d: unexpected key(s) 'b', 'c'"]


def test_complex_scalars_accept_complex_float_and_int():
    assert compare(1 + 2j, 1 + 2j, "z") == []
    assert compare(1 + 0j, 1.0, "z") == [] and compare(1 + 0j, 1, "z") == []
    assert compare(1 + 0j, "1", "z") == ["z: expected a scalar (complex), got str"]


def test_scalar_tolerances_passed_in_are_the_ones_used():
    assert compare(0.0, 0.05, "x", rtol=0.0, atol=0.1) == []
    assert compare(1.0, 1.05, "x", rtol=0.1, atol=0.0) == []
    assert compare(1.0, 1.05, "x", rtol=0.01, atol=0.0) != []


def test_arrays_equal_never_treats_nan_as_equal_to_a_string():
    assert not arrays_equal(np.array(["a"]), np.array([np.nan]))
    assert not arrays_equal(np.array([1, 2]), np.array([1.0, np.nan]))
    assert arrays_equal(np.array([1, 2]), np.array([1.0, 2.0]))


def test_differs_in_finite_values_treats_numbers_and_arrays_alike():
    assert not differs_in_finite_values(2, np.array(2))
    assert not differs_in_finite_values(1j, np.array(1j))
    assert not differs_in_finite_values(True, np.array(True))
    assert not differs_in_finite_values(np.array(2.5), 2.5)
    # A list is not an array, even with the same numbers.
    assert differs_in_finite_values([1.0, 2.0], np.array([1.0, 2.0]))
    assert differs_in_finite_values(np.array([1.0, 2.0]), [1.0, 2.0])


def test_a_zero_dimensional_array_accepts_a_python_int():
    assert compare(np.array(2), 2, "n") == []
    assert compare(np.array(2.0), 2, "n") == []


def test_differs_in_finite_values_only_where_both_are_finite():
    assert not differs_in_finite_values(np.array([1.0, 2.0]), np.array([1.0, np.nan]))
    assert not differs_in_finite_values(np.array([1.0, np.inf]), np.array([1.0, 5.0]))


def test_differs_in_finite_values_walks_containers_with_the_tolerances_given():
    assert not differs_in_finite_values({"a": 1.0}, {"a": 1.0 + 1e-9})
    assert not differs_in_finite_values({"a": np.ones(2)}, {"a": np.ones(2)})
    assert not differs_in_finite_values((1.0, np.ones(2)), (1.0 + 1e-9, np.ones(2)))
    assert not differs_in_finite_values({"a": 1.0}, {"a": 1.05}, rtol=0.1)
    assert not differs_in_finite_values({"a": 0.0}, {"a": 0.05}, rtol=0.0, atol=0.1)
    assert not differs_in_finite_values([1.0], [1.05], rtol=0.1)
    assert not differs_in_finite_values([0.0], [0.05], rtol=0.0, atol=0.1)
    assert differs_in_finite_values([0.0], [0.05], rtol=0.0, atol=0.01)


def test_complex_values_keep_their_imaginary_part():
    assert compare(np.array([1 + 0j]), np.array([1 + 1j]), "z") == [
        "z: 1 of 1 values differ; max abs error 1 at index (0,), max rel error 1 (tolerance rtol=1e-06, atol=1e-08)"]
    assert compare(np.array([1 + 0j]), np.array([1.0]), "z") == ["z: expected dtype complex128, got float64"]
    assert compare(np.array(1j), 1j, "z") == []
    assert compare(np.array(1j), 2j, "z") != []


def test_no_keepdims_hint_for_a_shape_of_as_many_dimensions():
    assert compare(np.ones((2, 3)), np.ones((2, 2)), "A") == ["A: expected shape (2, 3), got (2, 2)"]


def test_an_object_array_is_not_numeric_even_holding_numbers():
    assert compare(np.ones(2), np.array([1.0, 1.0], dtype=object), "a") == ["a: expected dtype float64, got object"]


def test_the_default_path_is_result():
    assert compare(1.0, 2.0) == ["result: got 2.0: abs error 1, rel error 1 (tolerance rtol=1e-06, atol=1e-08)"]


def test_values_of_other_types_are_compared_by_type_then_equality():
    assert compare({1}, frozenset({1}), "s") == ["s: expected a different value, got frozenset"]
    assert compare({1}, {1}, "s") == []
    (problem,) = compare("a" * 300, "b" * 300, "s")
    assert problem == "s: expected a different value, got " + repr("b" * 300)[:200]


def test_the_largest_error_where_the_reference_is_nan_is_infinite():
    assert compare(np.array([np.nan, 1.0]), np.array([1.0, 1.0]), "a") == [
        "a: 1 of 2 values differ; max abs error inf at index (0,), max rel error nan (tolerance rtol=1e-06, atol=1e-08)"]


def test_relative_errors_skip_exact_zeros_and_warn_about_nothing():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compare(np.array([0.0, 1.0]), np.array([0.0, 2.0]), "a") == [
            "a: 1 of 2 values differ; max abs error 1 at index (1,), max rel error 1 (tolerance rtol=1e-06, atol=1e-08)"]
        assert compare(np.array([0.0, 1.0]), np.array([1.0, 1.0]), "a") == [
            "a: 1 of 2 values differ; max abs error 1 at index (0,), max rel error inf (tolerance rtol=1e-06, atol=1e-08)"]
    assert compare(np.array([1.0, 4.0]), np.array([2.0, 4.5]), "a") == [
        "a: 2 of 2 values differ; max abs error 1 at index (0,), max rel error 1 (tolerance rtol=1e-06, atol=1e-08)"]
    assert compare(np.array(1.0), np.array(2.0), "a") == [
        "a: 1 of 1 values differ; max abs error 1 at index (), max rel error 1 (tolerance rtol=1e-06, atol=1e-08)"]


@pytest.mark.parametrize("expected", [np.float64("nan"), np.float64("inf")])  # numpy scalars warn, floats do not
def test_a_non_finite_expected_number_is_reported_without_a_numpy_warning(expected):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would reach the instructor's terminal
        problems = compare(expected, 1.0)
    assert problems and "got 1.0" in problems[0]
