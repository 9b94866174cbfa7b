"""The language-model reference (solutions/language_model.py): its given RNN code against PyTorch float64
autograd and against the course's step-by-step formulation, the course's clipping and seeded sampling
protocol, one optimisation step, the names corpus, the loss the notebook's training reaches, and the
grading of solutions written for other releases of the course.

Mapping onto torch: a<t> = tanh(Wax x<t> + Waa a<t-1> + b) is written with torch operations on the same
column vectors, the loss is sum_t -log softmax(Wya a<t> + by)[Y[t]], and autograd's gradients of the
parameters and of a0 are what rnn_backward returns as dWax, dWaa, dWya, db, dby and da_next.
"""

import contextlib
import io
import re

import numpy as np
import pytest
import torch

from autograder import assignment as assignments
from autograder import datasets
from autograder.data import datasets as loaders
from autograder.validate import grade_reference
from solutions import language_model as ref

CHARS = ["\n"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
IX_TO_CHAR = {i: ch for i, ch in enumerate(CHARS)}
KEYS = ("dWax", "dWaa", "dWya", "db", "dby")

# The notebook's training run and the loss it promises.
NOTEBOOK_ITERATIONS = 22001
NOTEBOOK_LOSS_BOUND = 14.5


def assert_close(actual, expected, rtol=1e-9):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12)


def example(name):
    X = [None] + [CHAR_TO_IX[ch] for ch in name]
    return X, X[1:] + [CHAR_TO_IX["\n"]]


def random_parameters(seed, n_a, vocab_size=27, scales=(1.0, 0.5, 1.0, 0.3, 0.3)):
    rng = np.random.default_rng(seed)
    shapes = {"Wax": (n_a, vocab_size), "Waa": (n_a, n_a), "Wya": (vocab_size, n_a), "b": (n_a, 1),
              "by": (vocab_size, 1)}
    return {key: s * rng.standard_normal(shape) for (key, shape), s in zip(shapes.items(), scales)}


def torch_loss_and_gradients(X, Y, a0, parameters):
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in parameters.items()}
    a_start = torch.tensor(a0, dtype=torch.float64, requires_grad=True)
    a, loss, vocab_size = a_start, 0.0, parameters["by"].shape[0]
    for x_t, y_t in zip(X, Y):
        x = torch.zeros((vocab_size, 1), dtype=torch.float64)
        if x_t is not None:
            x[x_t] = 1.0
        a = torch.tanh(leaves["Wax"] @ x + leaves["Waa"] @ a + leaves["b"])
        loss = loss - torch.log_softmax(leaves["Wya"] @ a + leaves["by"], dim=0)[y_t, 0]
    loss.backward()
    grads = {"d" + k: v.grad.numpy() for k, v in leaves.items()}
    grads["da_next"] = a_start.grad.numpy()
    return float(loss.detach()), grads, a.detach().numpy()


@pytest.fixture(scope="module")
def names():
    return loaders.load_names(raw=datasets.raw("names"))


# ---------------------------------------------------------------------------------------------
# the names corpus


def test_names_are_unique_sorted_lower_case_letters(names):
    assert len(names) == 690
    assert names == sorted(set(names))
    assert all(re.fullmatch("[a-z]+", name) for name in names)
    assert sorted(set("".join(names))) == CHARS[1:]  # every letter occurs: 27 characters with "\n"


def test_names_cross_the_build_as_a_plain_unicode_array():
    raw = datasets.raw("names")
    buffer = io.BytesIO()
    np.save(buffer, raw, allow_pickle=False)
    buffer.seek(0)
    assert loaders.load_names(raw=np.load(buffer, allow_pickle=False)) == loaders.load_names(raw=raw)


# ---------------------------------------------------------------------------------------------
# given code (utils)


@pytest.mark.parametrize("name,n_a,seed", [("kristopher", 6, 0), ("eve", 3, 1), ("x", 5, 2)])
def test_rnn_forward_and_backward_match_torch_autograd(name, n_a, seed):
    X, Y = example(name)
    parameters = random_parameters(seed, n_a)
    a0 = np.tanh(np.random.default_rng(seed + 10).standard_normal((n_a, 1)))
    loss, cache = ref.rnn_forward(X, Y, a0, parameters)
    gradients, a = ref.rnn_backward(X, Y, parameters, cache)
    expected_loss, expected, a_last = torch_loss_and_gradients(X, Y, a0, parameters)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    assert set(gradients) == set(expected)
    for key in expected:
        assert_close(gradients[key], expected[key])
    assert_close(a[len(X) - 1], a_last)
    assert_close(a[-1], a0)  # the dict's key -1 is the initial state, as in the course


def test_sequence_functions_equal_the_course_step_functions():
    X, Y = example("annabella")
    parameters = random_parameters(3, 7)
    a0 = 0.5 * np.ones((7, 1))
    loss, cache = ref.rnn_forward(X, Y, a0, parameters)
    gradients, _ = ref.rnn_backward(X, Y, parameters, cache)
    # The course's formulation: one step at a time, accumulating into the gradients dict.
    a_prev, total, steps = a0, 0.0, []
    for x_t, y_t in zip(X, Y):
        x = np.zeros((27, 1))
        if x_t is not None:
            x[x_t] = 1
        a_t, y_hat = ref.rnn_step_forward(parameters, a_prev, x)
        total -= np.log(y_hat[y_t, 0])
        steps.append((x, a_t, a_prev, y_hat))
        a_prev = a_t
    step_grads = {"d" + k: np.zeros_like(v) for k, v in parameters.items()}
    step_grads["da_next"] = np.zeros((7, 1))
    for (x, a_t, a_before, y_hat), y_t in reversed(list(zip(steps, Y))):
        dy = y_hat.copy()
        dy[y_t] -= 1
        step_grads = ref.rnn_step_backward(dy, step_grads, parameters, x, a_t, a_before)
    assert loss == pytest.approx(total, rel=1e-12)
    for key in step_grads:
        assert_close(gradients[key], step_grads[key])


def test_update_parameters_changes_the_callers_arrays_and_accepts_either_bias_name():
    parameters = random_parameters(4, 3)
    before = {k: v.copy() for k, v in parameters.items()}
    arrays = {k: v for k, v in parameters.items()}
    grads = {"d" + k: np.full_like(v, 2.0) for k, v in parameters.items()}
    ref.update_parameters(parameters, grads, 0.1)
    for key in parameters:
        assert parameters[key] is arrays[key]
        assert_close(parameters[key], before[key] - 0.2)
    grads["dba"] = grads.pop("db")
    ref.update_parameters(parameters, grads, 0.1)
    assert_close(parameters["b"], before["b"] - 0.4)


def test_initialize_parameters_is_the_course_seeded_draw():
    parameters = ref.initialize_parameters(4, 27, 27)
    np.random.seed(1)
    assert_close(parameters["Wax"], np.random.randn(4, 27) * 0.01)
    assert_close(parameters["Waa"], np.random.randn(4, 4) * 0.01)
    assert_close(parameters["Wya"], np.random.randn(27, 4) * 0.01)
    assert not parameters["b"].any() and not parameters["by"].any()


def test_softmax_is_stable_and_smoothing_starts_from_uniform_guesses():
    p = ref.softmax(np.array([[1000.0], [0.0], [-1000.0]]))
    assert_close(p, [[1.0], [0.0], [0.0]])
    assert ref.get_initial_loss(27, 7) == pytest.approx(7 * np.log(27))
    assert ref.smooth(10.0, 20.0) == pytest.approx(10.01)


# ---------------------------------------------------------------------------------------------
# clip


def test_clip_is_element_wise_and_leaves_inner_entries_and_the_input_alone():
    rng = np.random.default_rng(0)
    gradients = {key: 10 * rng.standard_normal((4, 3)) for key in KEYS}
    gradients["da_next"] = 10 * rng.standard_normal((4, 1))
    before = {k: v.copy() for k, v in gradients.items()}
    clipped = ref.clip(gradients, 5)
    assert set(clipped) == set(KEYS)
    for key in KEYS:
        np.testing.assert_array_equal(clipped[key], np.minimum(np.maximum(before[key], -5), 5))
        inside = np.abs(before[key]) <= 5
        np.testing.assert_array_equal(clipped[key][inside], before[key][inside])
        np.testing.assert_array_equal(gradients[key], before[key])


# ---------------------------------------------------------------------------------------------
# sample


def test_sample_is_reproducible_and_ends_with_the_newline():
    parameters = random_parameters(7, 6)
    parameters["by"][0] = 2.5
    first = ref.sample(parameters, CHAR_TO_IX, 3)
    assert first == ref.sample(parameters, CHAR_TO_IX, 3)
    assert first[-1] == 0 and 0 not in first[:-1]
    assert all(isinstance(i, (int, np.integer)) and 0 <= i < 27 for i in first)


def test_sample_follows_the_course_protocol_step_by_step():
    """Re-derive each draw: after np.random.seed(counter + seed) a uniform u picks the first index whose
    cumulative probability exceeds u (what np.random.choice does), and seed and counter both grow by 1."""
    parameters = random_parameters(8, 5)
    parameters["by"][0] = 1.5
    seed = 4
    indices = ref.sample(parameters, CHAR_TO_IX, seed)
    a, x = np.zeros((5, 1)), np.zeros((27, 1))
    for counter, idx in enumerate(indices):
        a = np.tanh(parameters["Wax"] @ x + parameters["Waa"] @ a + parameters["b"])
        z = parameters["Wya"] @ a + parameters["by"]
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        np.random.seed(counter + seed + counter)
        cdf = np.cumsum(p.ravel())
        assert idx == int(np.searchsorted(cdf / cdf[-1], np.random.random_sample(), side="right"))
        x = np.zeros((27, 1))
        x[idx] = 1


def test_sample_stops_after_fifty_characters():
    parameters = random_parameters(9, 8)
    parameters["by"][0] = -30.0  # "\n" practically impossible
    indices = ref.sample(parameters, CHAR_TO_IX, 0)
    assert len(indices) == 51 and indices[-1] == 0 and 0 not in indices[:50]


def test_first_sampled_character_follows_the_model_distribution():
    """Over many seeds, the first character's frequencies match softmax(Wya tanh(b) + by). A three-character
    alphabet where "\\n" is likely keeps the names short and the test fast."""
    char_to_ix = {"\n": 0, "a": 1, "b": 2}
    parameters = random_parameters(10, 3, vocab_size=3, scales=(0.5, 0.5, 1.0, 0.5, 0.5))
    parameters["by"][0] = 1.0
    z = parameters["Wya"] @ np.tanh(parameters["b"]) + parameters["by"]
    p = (np.exp(z - z.max()) / np.exp(z - z.max()).sum()).ravel()
    draws = np.array([ref.sample(parameters, char_to_ix, 2 * s)[0] for s in range(1500)])
    frequencies = np.bincount(draws, minlength=3) / draws.size
    assert np.max(np.abs(frequencies - p)) < 4 * np.sqrt(0.25 / draws.size)


# ---------------------------------------------------------------------------------------------
# optimize


def test_optimize_clips_before_updating_in_place():
    X, Y = example("annabella")
    parameters = random_parameters(11, 6, scales=(1.0, 0.5, 3.0, 0.3, 0.3))
    a_prev = np.tanh(np.random.default_rng(12).standard_normal((6, 1)))
    before = {k: v.copy() for k, v in parameters.items()}
    loss, gradients, a_last = ref.optimize(X, Y, a_prev, parameters, learning_rate=0.05)
    expected_loss, raw, expected_a = torch_loss_and_gradients(X, Y, a_prev, before)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    assert_close(a_last, expected_a)
    assert any(np.abs(raw[key]).max() > 5 for key in KEYS)  # the case exercises clipping
    for key in KEYS:
        assert_close(gradients[key], np.clip(raw[key], -5, 5))
        assert_close(parameters[key[1:]], before[key[1:]] - 0.05 * np.clip(raw[key], -5, 5))


# ---------------------------------------------------------------------------------------------
# model


def train(names, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = ref.model(names, IX_TO_CHAR, CHAR_TO_IX, **kwargs)
    return result, out.getvalue()


def test_model_carries_the_state_and_goes_round_the_names(names):
    """Re-run the loop with the course's recipe: shuffled once with seed 0, name j % m, state carried."""
    subset = names[::40]
    (parameters, _), _ = train(subset, num_iterations=40, n_a=5, dino_names=1)
    expected = ref.initialize_parameters(5, 27, 27)
    examples = list(subset)
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((5, 1))
    for j in range(40):
        X, Y = example(examples[j % len(examples)])
        _, _, a_prev = ref.optimize(X, Y, a_prev, expected)
    for key in expected:
        assert_close(parameters[key], expected[key])


@pytest.fixture(scope="module")
def notebook_training(names):
    return train(names, num_iterations=NOTEBOOK_ITERATIONS)


def test_notebook_training_reaches_the_stated_loss(notebook_training):
    (parameters, last_name), printed = notebook_training
    losses = [float(v) for v in re.findall(r"Iteration: \d+, Loss: ([\d.]+)", printed)]
    assert len(losses) == NOTEBOOK_ITERATIONS // 2000 + 1
    assert losses[0] == pytest.approx(7 * np.log(27), rel=1e-3)
    assert losses[-1] < NOTEBOOK_LOSS_BOUND
    assert re.fullmatch(r"[A-Z][a-z]*\n", last_name)


def test_trained_model_prefers_names_to_random_letters(notebook_training):
    (parameters, _), _ = notebook_training

    def loss(name):
        X, Y = example(name)
        return ref.rnn_forward(X, Y, np.zeros((50, 1)), parameters)[0]

    assert loss("anna") + 5 < loss("xqzt")
    assert loss("kevin") + 5 < loss("zzzzz")


# ---------------------------------------------------------------------------------------------
# solutions written for other releases of the course grade like the reference


def clip_older_release(gradients, maxValue):
    """Clips the caller's arrays in place (no copy) and names the bias gradient "dba"."""
    dWaa, dWax, dWya, dba, dby = (gradients[k] for k in ("dWaa", "dWax", "dWya", "dba", "dby"))
    for gradient in [dWax, dWaa, dWya, dba, dby]:
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    return {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "dba": dba, "dby": dby}


def clip_returning_its_input(gradients, maxValue):
    for key in ("dWaa", "dWax", "dWya", "db", "dby"):
        np.clip(gradients[key], -maxValue, maxValue, out=gradients[key])
    return gradients


def model_older_release(data, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7, vocab_size=27):
    """The older signature (no verbose) returning the parameters alone."""
    parameters = ref.initialize_parameters(n_a, vocab_size, vocab_size)
    examples = [x.strip() for x in data]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    for j in range(num_iterations):
        X = [None] + [char_to_ix[ch] for ch in examples[j % len(examples)]]
        Y = X[1:] + [char_to_ix["\n"]]
        curr_loss, gradients, a_prev = ref.optimize(X, Y, a_prev, parameters, learning_rate=0.01)
    return parameters


@pytest.mark.parametrize("part,solution", [("clip", clip_older_release), ("clip", clip_returning_its_input),
                                           ("model", model_older_release)])
def test_other_releases_get_full_marks(part, solution):
    a = assignments.load("language_model")
    tests = grade_reference(a, {part: solution}, parts=[part])
    assert [t["name"] for t in tests if t["status"] != "passed"] == []
    assert sum(t["score"] for t in tests) == pytest.approx(a.points[part])
