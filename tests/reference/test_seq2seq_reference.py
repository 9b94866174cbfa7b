"""The seq2seq reference (solutions/seq2seq.py): the model against PyTorch float64 and centred
differences, greedy decoding against beam search (B = 1, larger B, exhaustive B), and a hand-made
decoder whose most probable sentence greedy decoding misses."""

import itertools

import numpy as np
import pytest
import torch

from solutions import seq2seq as ref


def assert_close(actual, expected, rtol=1e-7):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12)


def tensor(array):
    return torch.tensor(np.asarray(array, dtype=np.float64), dtype=torch.float64)


def random_model(seed, n_x=5, n_a=4, n_y=4, spread=0.8):
    """A small untrained model whose output distributions are far from uniform (so searches differ)."""
    rng = np.random.default_rng(seed)
    parameters = ref.initialize_parameters(n_x, n_a, n_y, seed=seed)
    parameters = {g: {k: w + spread * rng.normal(size=w.shape) for k, w in p.items()} for g, p in parameters.items()}
    return rng.integers(0, n_x, size=6), parameters


def centred(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f()
        x[idx] = old - h
        minus = f()
        x[idx] = old
        g[idx] = (plus - minus) / (2 * h)
    return g


# -- the model ---------------------------------------------------------------------------------
def test_decoder_step_matches_torch():
    _, parameters = random_model(0)
    rng = np.random.default_rng(1)
    y_prev, s_prev = np.array([4, 0, 2]), rng.normal(size=(3, 4))
    log_probs, s_next, _ = ref.decoder_step(y_prev, s_prev, parameters)
    P = {k: tensor(v) for k, v in parameters["decoder"].items()}
    x, a = tensor(np.eye(5)[y_prev]), tensor(s_prev)
    u = torch.sigmoid(torch.cat([a, x], 1) @ P["Wu"] + P["bu"])
    r = torch.sigmoid(torch.cat([a, x], 1) @ P["Wr"] + P["br"])
    c = torch.tanh(torch.cat([r * a, x], 1) @ P["Wc"] + P["bc"])
    s = u * c + (1 - u) * a
    assert_close(s_next, s.numpy())
    expected = torch.log_softmax(s @ tensor(parameters["output"]["Wy"]) + tensor(parameters["output"]["by"]), 1)
    assert_close(log_probs, expected.numpy())


def test_decoder_step_stays_finite_for_large_logits():
    _, parameters = random_model(2)
    parameters["output"]["by"] = np.array([1e3, -1e3, 0.0, 500.0])
    log_probs, _, _ = ref.decoder_step(np.array([1]), np.zeros((1, 4)), parameters)
    assert np.all(np.isfinite(log_probs)) and log_probs[0, 0] == pytest.approx(0.0)


def test_model_gradients_match_centred_differences():
    rng = np.random.default_rng(3)
    _, parameters = random_model(3)
    X = rng.integers(0, 5, size=(3, 4))
    Y_in, Y_out = ref.teacher_forcing_inputs(rng.integers(0, 3, size=(3, 2)), 4)

    def cost():
        return ref.compute_cost(ref.model_forward(X, Y_in, parameters)[0], Y_out)

    log_probs, caches = ref.model_forward(X, Y_in, parameters)
    grads = ref.model_backward(log_probs, Y_out, caches, parameters)
    for group, p in parameters.items():
        for key, w in p.items():
            g, numeric = grads[group]["d" + key], centred(cost, w)
            error = np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric))
            assert error < 1e-7, (group, key, error)


def test_teacher_forcing_shifts_by_one():
    Y_in, Y_out = ref.teacher_forcing_inputs(np.array([[3, 1, 2]]), 5)
    assert Y_in.tolist() == [[5, 3, 1, 2]] and Y_out.tolist() == [[3, 1, 2, 4]]


def test_sequence_log_prob_is_the_sum_of_the_teacher_forced_log_probabilities():
    x, parameters = random_model(4)
    y = [2, 0, 3]
    log_probs, _ = ref.model_forward(x[np.newaxis], np.array([[4, 2, 0]]), parameters)
    assert ref.sequence_log_prob(x, y, parameters) == pytest.approx(log_probs[0, [0, 1, 2], y].sum(), rel=1e-12)


def test_training_on_dates_lowers_the_cost():
    from autograder import datasets
    from autograder.data.datasets import encode_strings

    humans, machines, _, _ = datasets.load("load_dates", n_train=200, n_test=0)
    human_vocab, machine_vocab, _ = datasets.load("date_vocabularies")
    X, Y = encode_strings(humans, human_vocab, 30), encode_strings(machines, machine_vocab, 10)
    parameters = ref.initialize_parameters(len(human_vocab), 16, len(machine_vocab) + 1, seed=0)
    _, costs = ref.train_model(X, Y, parameters, num_epochs=3, batch_size=20, learning_rate=0.02)
    assert np.mean(costs[-3:]) < 0.7 * np.mean(costs[:3])


# -- searches ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(20))
def test_beam_of_width_one_is_greedy_decoding(seed):
    x, parameters = random_model(seed)
    sequence, log_prob = ref.greedy_decode(x, parameters, max_length=6)
    beam, score = ref.beam_search(x, parameters, beam_width=1, max_length=6, alpha=0.7)
    assert beam == sequence
    assert score == pytest.approx(ref.length_normalised_score(log_prob, len(sequence), 0.7), rel=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_wider_beams_never_score_lower_on_these_models(seed):
    """Not a theorem (a wider beam can drop the prefix a narrower one kept), but it holds on every
    seeded model here; a search that loses finished hypotheses or forgets to normalise fails it."""
    x, parameters = random_model(seed)
    scores = [ref.beam_search(x, parameters, beam_width=b, max_length=6, alpha=0.7)[1] for b in (1, 2, 3, 5, 8)]
    assert all(later >= earlier - 1e-12 for earlier, later in zip(scores, scores[1:])), scores


@pytest.mark.parametrize("seed", range(6))
def test_an_exhaustive_beam_finds_the_best_normalised_sentence(seed):
    x, parameters = random_model(seed, n_y=3, spread=1.0)
    max_length, eos = 4, 2
    candidates = []
    for length in range(1, max_length + 1):
        for body in itertools.product(range(2), repeat=length - 1):
            candidates.append(list(body) + [eos])
    candidates += [list(body) for body in itertools.product(range(2), repeat=max_length)]
    best = max(ref.length_normalised_score(ref.sequence_log_prob(x, y, parameters), len(y), 0.7) for y in candidates)
    sequence, score = ref.beam_search(x, parameters, beam_width=3 ** max_length, max_length=max_length, alpha=0.7)
    assert score == pytest.approx(best, rel=1e-12)
    assert score == pytest.approx(ref.length_normalised_score(ref.sequence_log_prob(x, sequence, parameters),
                                                              len(sequence), 0.7), rel=1e-12)


# Tokens "a" = 0, "b" = 1, <eos> = 2. Greedy takes "a" (0.5), then "a" again (0.35), then <eos>:
# P = 0.5 * 0.35 * 0.98 = 0.17. The best sentence starts with the less probable "b" (0.4) and ends
# at once: P("b <eos>") = 0.4 * 0.9 = 0.36, better even before length normalisation.
HAND_MADE = {(): [0.5, 0.4, 0.1], (0,): [0.35, 0.35, 0.3], (1,): [0.05, 0.05, 0.9]}
EOS = 2


def hand_made_step(y_prev, s_prev, parameters):
    """A decoder whose state is the index of the prefix read so far in PREFIXES."""
    log_probs, states = [], []
    for token, state in zip(y_prev, s_prev[:, 0]):
        prefix = PREFIXES[int(state)]
        if token != EOS + 1:  # <sos> starts the empty prefix
            prefix = prefix + (int(token),)
        if prefix not in PREFIXES:
            PREFIXES.append(prefix)
        states.append([PREFIXES.index(prefix)])
        log_probs.append(np.log(HAND_MADE.get(prefix, [0.01, 0.01, 0.98])))
    return np.array(log_probs), np.array(states, dtype=np.float64), None


PREFIXES = [()]


@pytest.fixture
def hand_made_decoder(monkeypatch):
    monkeypatch.setattr(ref, "decoder_step", hand_made_step)
    monkeypatch.setattr(ref, "encoder_forward", lambda X, parameters: (np.zeros((X.shape[0], 1)), []))
    return {"output": {"Wy": np.zeros((1, 3)), "by": np.zeros(3)}}


def test_beam_search_finds_the_sentence_greedy_decoding_misses(hand_made_decoder):
    x = np.zeros(3, dtype=np.int64)
    greedy, greedy_log_prob = ref.greedy_decode(x, hand_made_decoder, max_length=5)
    assert greedy == [0, 0, EOS] and greedy_log_prob == pytest.approx(np.log(0.5 * 0.35 * 0.98))
    for alpha in (0.0, 0.7, 1.0):
        beam, score = ref.beam_search(x, hand_made_decoder, beam_width=2, max_length=5, alpha=alpha)
        assert beam == [1, EOS]
        assert score == pytest.approx(np.log(0.4 * 0.9) / 2 ** alpha)
    assert ref.beam_search(x, hand_made_decoder, beam_width=1, max_length=5)[0] == greedy


def test_length_normalisation_changes_which_sentence_wins(hand_made_decoder):
    """Without normalisation a short sentence wins; alpha = 1 (the mean log-probability) prefers the
    longer one whose every token is likely."""
    HAND_MADE_LONG = {(): [0.55, 0.0001, 0.4499], (0,): [0.75, 0.0001, 0.2499], (0, 0): [0.0001, 0.0001, 0.9998]}
    previous = dict(HAND_MADE)
    HAND_MADE.clear()
    HAND_MADE.update(HAND_MADE_LONG)
    try:
        x = np.zeros(3, dtype=np.int64)
        assert ref.beam_search(x, hand_made_decoder, beam_width=3, max_length=5, alpha=0.0)[0] == [EOS]
        assert ref.beam_search(x, hand_made_decoder, beam_width=3, max_length=5, alpha=1.0)[0] == [0, 0, EOS]
    finally:
        HAND_MADE.clear()
        HAND_MADE.update(previous)


def test_length_normalised_score():
    assert ref.length_normalised_score(-3.0, 4, 0.5) == pytest.approx(-1.5)
    assert ref.length_normalised_score(-3.0, 4, 0.0) == pytest.approx(-3.0)
    assert ref.length_normalised_score(-3.0, 4, 1.0) == pytest.approx(-0.75)
