"""The quizzes' reference answers (solutions/quiz_answers.py) against PyTorch and numpy, independently."""

import math

import numpy as np
import pytest

from solutions import quiz_answers as ref

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("n,f,p,s", [(28, 5, 0, 1), (32, 3, 1, 2), (37, 7, 3, 3), (64, 3, 0, 2), (25, 5, 2, 3)])
def test_conv_and_pool_output_sizes_match_pytorch(n, f, p, s):
    x = torch.zeros(1, 1, n, n)
    assert torch.nn.functional.conv2d(x, torch.zeros(1, 1, f, f), padding=p, stride=s).shape[-1] == \
        ref.conv_output_size(n, f, p, s)
    assert torch.nn.functional.max_pool2d(x, f, stride=s).shape[-1] == ref.pool_output_size(n, f, s)
    assert torch.nn.functional.conv2d(x, torch.zeros(1, 1, f, f), padding=ref.same_padding(f)).shape[-1] == n


def test_parameter_counts_match_pytorch_layers():
    def count(module):
        return sum(p.numel() for p in module.parameters())

    assert ref.conv_layer_parameters(5, 17, 33) == count(torch.nn.Conv2d(17, 33, 5))
    assert ref.dense_layer_parameters(40, 70) == count(torch.nn.Linear(70, 40))
    assert ref.network_parameters([7, 5, 3, 1]) == count(torch.nn.Sequential(
        torch.nn.Linear(7, 5), torch.nn.Linear(5, 3), torch.nn.Linear(3, 1)))
    # PyTorch's recurrent cells keep two bias vectors per gate (b_ih and b_hh); the course has one.
    n_a, n_x = 12, 9
    assert ref.lstm_parameters(n_a, n_x) == count(torch.nn.LSTMCell(n_x, n_a)) - 4 * n_a
    assert ref.gru_parameters(n_a, n_x) == count(torch.nn.GRUCell(n_x, n_a)) - 3 * n_a
    assert ref.rnn_parameters(n_a, n_x, 4) == count(torch.nn.RNNCell(n_x, n_a)) - n_a + count(torch.nn.Linear(n_a, 4))
    assert ref.embedding_parameters(1000, 50) == count(torch.nn.Embedding(1000, 50))


def test_adam_bias_correction_matches_the_first_steps_of_an_average():
    beta, g = 0.9, 0.37
    v = 0.0
    for t in range(1, 6):
        v = beta * v + (1 - beta) * g
        assert v == pytest.approx(ref.ewa_of_constant(g, beta, t))
        assert ref.adam_corrected(v, beta, t) == pytest.approx(g)  # the correction removes the zero start


def test_small_formulas():
    assert ref.softmax_probability([1.0, 2.0, 3.0], 2) == pytest.approx(math.exp(3) / sum(math.exp(k) for k in (1, 2, 3)))
    assert ref.logistic_loss(0.8, 1) == pytest.approx(-math.log(0.8))
    assert ref.normalised_input(5.0, 1.0, 2.0) == 2.0
    assert ref.std_of([0, 2, 0, 2]) == pytest.approx(np.std([0, 2, 0, 2]))
    assert ref.batchnorm_output(3.0, 1.0, 4.0, 2.0, 0.5) == pytest.approx(2.5)
    assert ref.gru_memory(0.25, 1.0, -1.0) == pytest.approx(-0.5)
    assert ref.lstm_memory(0.5, 1.0, 0.5, -1.0) == pytest.approx(0.0)
    assert ref.mini_batch_count(1000, 64) == 16 and ref.mini_batch_last_size(1000, 64) == 40
    assert ref.mini_batch_last_size(1024, 64) == 64
    assert [ref.diagnose_letter(*e) for e in ((0.15, 0.16), (0.01, 0.11), (0.15, 0.30), (0.005, 0.01))] == list("abcd")
    assert ref.diagnose_letter(0.15, 0.16, bayes_error=0.15) == "d"
