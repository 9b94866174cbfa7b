"""The bias_variance reference diagnoses, splits and draws learning curves as the theory says.

Run: PYTHONPATH=. .venv/bin/python -m pytest tests/reference/test_bias_variance_reference.py -q
"""


import numpy as np
import pytest

from solutions import bias_variance as ref


@pytest.fixture(scope="module")
def flower_split():
    """The notebook's data: 1000 flower points split 600 / 200 / 200."""
    X, Y = ref.make_flower(m=1000)
    return ref.train_dev_test_split(X, Y, dev_fraction=0.2, test_fraction=0.2, seed=1)


# --- diagnose -------------------------------------------------------------------------------

# (train, dev, bayes, high bias, high variance) with the default tolerance 0.02; no gap sits near
# the tolerance, where floating-point subtraction could go either way.
DIAGNOSES = [
    (0.01, 0.11, 0.0, False, True),    # fits the training set, fails on the dev set
    (0.15, 0.16, 0.0, True, False),    # fits neither, but generalises what it learned
    (0.15, 0.30, 0.0, True, True),     # both
    (0.005, 0.01, 0.0, False, False),  # both small
    (0.15, 0.16, 0.14, False, False),  # a hard task: 15 % is close to the best possible 14 %
    (0.15, 0.30, 0.14, False, True),   # the same task, now overfitting
    (0.08, 0.09, 0.0, True, False),    # a small variance next to a large avoidable bias
]


@pytest.mark.parametrize("train, dev, bayes, high_bias, high_variance", DIAGNOSES)
def test_diagnose_flags_gaps_above_the_tolerance(train, dev, bayes, high_bias, high_variance):
    diagnosis = ref.diagnose(train, dev, bayes)
    assert diagnosis["high_bias"] == high_bias
    assert diagnosis["high_variance"] == high_variance


@pytest.mark.parametrize("train, dev, bayes, high_bias, high_variance", DIAGNOSES)
def test_diagnose_reports_avoidable_bias_and_variance(train, dev, bayes, high_bias, high_variance):
    diagnosis = ref.diagnose(train, dev, bayes)
    assert diagnosis["avoidable_bias"] == pytest.approx(train - bayes, abs=1e-12)
    assert diagnosis["variance"] == pytest.approx(dev - train, abs=1e-12)


def test_diagnose_returns_exactly_the_documented_keys():
    assert set(ref.diagnose(0.1, 0.2)) == {"avoidable_bias", "variance", "high_bias", "high_variance"}


@pytest.mark.parametrize("tolerance, high_bias, high_variance", [
    (0.01, True, True),
    (0.04, True, False),
    (0.10, False, False),
])
def test_diagnose_threshold_is_the_tolerance_argument(tolerance, high_bias, high_variance):
    diagnosis = ref.diagnose(0.05, 0.08, 0.0, tolerance=tolerance)
    assert (diagnosis["high_bias"], diagnosis["high_variance"]) == (high_bias, high_variance)


def test_diagnose_gap_equal_to_tolerance_is_not_high():
    # 0.5 - 0.25 and 0.75 - 0.5 are exact in binary floating point
    diagnosis = ref.diagnose(0.5, 0.75, 0.25, tolerance=0.25)
    assert not diagnosis["high_bias"] and not diagnosis["high_variance"]


# --- recommend_remedies ---------------------------------------------------------------------

@pytest.mark.parametrize("high_bias, high_variance, expected", [
    (True, False, ["bigger_network", "train_longer", "better_architecture"]),
    (False, True, ["more_data", "regularization", "better_architecture"]),
    (True, True, ["bigger_network", "train_longer", "better_architecture", "more_data",
                  "regularization"]),
    (False, False, []),
])
def test_recommend_remedies_lists_the_remedies_of_each_problem(high_bias, high_variance, expected):
    assert ref.recommend_remedies({"high_bias": high_bias, "high_variance": high_variance}) == expected


def test_recommend_remedies_uses_only_the_vocabulary_in_its_order():
    remedies = ref.recommend_remedies(ref.diagnose(0.3, 0.6))
    assert remedies == [r for r in ref.REMEDY_VOCABULARY if r in remedies]


def test_recommend_remedies_accepts_the_output_of_diagnose():
    assert ref.recommend_remedies(ref.diagnose(0.01, 0.11)) == ["more_data", "regularization",
                                                                 "better_architecture"]


# --- train_dev_test_split -------------------------------------------------------------------

def labelled_columns(m, n_x=2):
    """X whose column j holds j, j + 0.5, ...; Y whose column j holds j: a label names its example."""
    X = np.arange(m, dtype=float) + 0.5 * np.arange(n_x).reshape(n_x, 1)
    Y = np.arange(m, dtype=float).reshape(1, m)
    return X, Y


@pytest.mark.parametrize("m, dev_fraction, test_fraction, sizes", [
    (100, 0.1, 0.1, (80, 10, 10)),
    (400, 0.2, 0.2, (240, 80, 80)),
    (97, 0.1, 0.2, (68, 10, 19)),     # 9.7 rounds to 10, 19.4 to 19
    (10, 0.29, 0.0, (7, 3, 0)),       # 0.29 * 10 is 2.9000000000000004: rounding, not truncation
    (50, 0.0, 0.3, (35, 0, 15)),
])
def test_split_sizes_round_the_dev_and_test_shares(m, dev_fraction, test_fraction, sizes):
    X, Y = labelled_columns(m)
    parts = ref.train_dev_test_split(X, Y, dev_fraction, test_fraction, seed=0)
    assert tuple(part.shape[1] for part in parts[0::2]) == sizes
    assert tuple(part.shape[1] for part in parts[1::2]) == sizes
    assert all(part.shape[0] == 2 for part in parts[0::2])
    assert all(part.shape[0] == 1 for part in parts[1::2])


def test_split_keeps_each_label_with_its_example():
    X, Y = labelled_columns(60)
    X_train, Y_train, X_dev, Y_dev, X_test, Y_test = ref.train_dev_test_split(X, Y, 0.2, 0.2, seed=4)
    for X_part, Y_part in ((X_train, Y_train), (X_dev, Y_dev), (X_test, Y_test)):
        np.testing.assert_array_equal(X_part[0], Y_part[0])


def test_split_follows_the_seeded_permutation_train_then_dev_then_test():
    X, Y = labelled_columns(60)
    parts = ref.train_dev_test_split(X, Y, 0.2, 0.1, seed=4)
    np.random.seed(4)
    permutation = np.random.permutation(60)
    np.testing.assert_array_equal(np.concatenate(parts[1::2], axis=1)[0], permutation)


def test_split_changes_with_the_seed():
    X, Y = labelled_columns(60)
    first = ref.train_dev_test_split(X, Y, 0.2, 0.2, seed=0)[1]
    second = ref.train_dev_test_split(X, Y, 0.2, 0.2, seed=1)[1]
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("dev_fraction, test_fraction", [(0.5, 0.5), (-0.1, 0.2), (0.2, -0.1)])
def test_split_rejects_fractions_leaving_no_training_set(dev_fraction, test_fraction):
    X, Y = labelled_columns(10)
    with pytest.raises(ValueError):
        ref.train_dev_test_split(X, Y, dev_fraction, test_fraction)


# --- learning curves with a stand-in model ----------------------------------------------------

def majority_train(X, Y, n_h=None):
    """A model that remembers the examples it saw and predicts their majority label."""
    return {"seen": Y.copy(), "label": int(np.mean(Y) >= 0.5), "n_h": n_h}


def majority_predict(parameters, X):
    return np.full((1, X.shape[1]), parameters["label"])


def test_data_size_curve_trains_on_the_first_columns():
    X, Y = labelled_columns(10)
    seen = []

    def recording_train(X_part, Y_part):
        seen.append(Y_part[0].tolist())
        return majority_train(X_part, Y_part)

    ref.learning_curve_data_size(X, Y, X, Y, [2, 5], recording_train, majority_predict)
    assert seen == [[0.0, 1.0], [0.0, 1.0, 2.0, 3.0, 4.0]]


def test_data_size_curve_measures_error_on_the_part_trained_on_and_the_dev_set():
    Y_train = np.array([[1, 1, 0, 0, 0, 0]], dtype=float)
    X_train = np.zeros((2, 6))
    Y_dev = np.array([[0, 0, 0, 1]], dtype=float)
    X_dev = np.zeros((2, 4))
    train_errors, dev_errors = ref.learning_curve_data_size(X_train, Y_train, X_dev, Y_dev, [2, 3, 6],
                                                            majority_train, majority_predict)
    # majority label: 1 on the first 2 and on the first 3 examples, 0 on all 6
    np.testing.assert_allclose(train_errors, [0.0, 1 / 3, 1 / 3])
    np.testing.assert_allclose(dev_errors, [0.75, 0.75, 0.25])


def test_model_size_curve_passes_each_hidden_size_and_the_whole_training_set():
    X, Y = labelled_columns(8)
    calls = []

    def recording_train(X_part, Y_part, n_h):
        calls.append((X_part.shape[1], n_h))
        return majority_train(X_part, Y_part, n_h)

    train_errors, dev_errors = ref.learning_curve_model_size(X, Y, X, Y, [1, 4, 16], recording_train,
                                                             majority_predict)
    assert calls == [(8, 1), (8, 4), (8, 16)]
    assert train_errors.shape == dev_errors.shape == (3,)


# --- learning curves of the given tanh network on the flower data -------------------------------

def test_data_size_curve_training_error_rises_and_dev_error_falls(flower_split):
    X_train, Y_train, X_dev, Y_dev, _, _ = flower_split
    train_errors, dev_errors = ref.learning_curve_data_size(X_train, Y_train, X_dev, Y_dev,
                                                            [10, 40, 160, 600])
    assert np.all(np.diff(train_errors) >= 0)
    assert train_errors[-1] > train_errors[0]
    assert np.all(np.diff(dev_errors) < 0)
    # the gap between the curves (the variance) shrinks as data grows
    assert abs(dev_errors[-1] - train_errors[-1]) < dev_errors[0] - train_errors[0] - 0.2


def test_data_size_curve_ends_near_the_bayes_error(flower_split):
    X_train, Y_train, X_dev, Y_dev, _, _ = flower_split
    train_errors, dev_errors = ref.learning_curve_data_size(X_train, Y_train, X_dev, Y_dev, [600])
    diagnosis = ref.diagnose(train_errors[0], dev_errors[0], bayes_error=0.07)
    assert not diagnosis["high_bias"] and not diagnosis["high_variance"]


def test_tiny_network_has_high_bias(flower_split):
    X_train, Y_train, X_dev, Y_dev, _, _ = flower_split
    train_errors, dev_errors = ref.learning_curve_model_size(X_train, Y_train, X_dev, Y_dev, [1, 20])
    tiny = ref.diagnose(train_errors[0], dev_errors[0])
    assert tiny["high_bias"] and not tiny["high_variance"]
    assert train_errors[1] < train_errors[0] - 0.15


def test_big_network_on_little_data_has_high_variance(flower_split):
    X_train, Y_train, X_dev, Y_dev, _, _ = flower_split
    train_errors, dev_errors = ref.learning_curve_model_size(X_train[:, :40], Y_train[:, :40],
                                                             X_dev, Y_dev, [50])
    big = ref.diagnose(train_errors[0], dev_errors[0])
    assert big["high_variance"] and not big["high_bias"]
    assert train_errors[0] <= 0.02


def test_given_network_backward_matches_central_differences():
    X, Y = ref.make_flower(m=20)
    parameters = ref.initialize_tanh_network(2, 3, 1, seed=2)
    parameters["b1"] = np.array([[0.1], [-0.2], [0.3]])
    _, cache = ref.tanh_network_forward(X, parameters)
    grads = ref.tanh_network_backward(parameters, cache, X, Y)

    def mean_cost(params):
        A2, _ = ref.tanh_network_forward(X, params)
        return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))

    h = 1e-6
    for key, value in parameters.items():
        for index in np.ndindex(value.shape):
            up = {k: p.copy() for k, p in parameters.items()}
            down = {k: p.copy() for k, p in parameters.items()}
            up[key][index] += h
            down[key][index] -= h
            numeric = (mean_cost(up) - mean_cost(down)) / (2 * h)
            assert grads["d" + key][index] == pytest.approx(numeric, rel=1e-5, abs=1e-9), (key, index)


def test_flower_is_balanced_and_shaped_as_columns():
    X, Y = ref.make_flower(m=100)
    assert X.shape == (2, 100) and Y.shape == (1, 100)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.sum() == 50


def test_flower_is_determined_by_its_seed_and_leaves_the_global_generator_alone():
    np.random.seed(0)
    expected_draw = np.random.rand()
    np.random.seed(0)
    first = ref.make_flower(m=50, seed=3)
    assert np.random.rand() == expected_draw
    np.testing.assert_array_equal(first[0], ref.make_flower(m=50, seed=3)[0])
    assert not np.array_equal(first[0], ref.make_flower(m=50, seed=4)[0])


def test_error_rate_counts_mismatched_labels():
    assert ref.error_rate(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 0]])) == 0.5
