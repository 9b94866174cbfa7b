"""Reference answers of the quizzes' personal questions: plain functions of the student's numbers.

Each quiz question whose numbers are drawn per student states its key as a call of one of these
functions, so an expected answer is computed here, once, and never written by hand.
"""

import math

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_derivative(z):
    return 1.0 - math.tanh(z) ** 2


def leaky_relu(z, alpha=0.01):
    return z if z > 0 else alpha * z


def conv_output_size(n, f, p, s):
    """Height (or width) after a convolution: floor((n + 2p - f) / s) + 1."""
    return (n + 2 * p - f) // s + 1


def pool_output_size(n, f, s):
    """Height (or width) after a pooling layer without padding."""
    return (n - f) // s + 1


def same_padding(f):
    """Padding that keeps the size of a stride-1 convolution with an odd filter size f."""
    return (f - 1) // 2


def conv_layer_parameters(f, n_c_prev, n_c):
    """Weights f*f*n_c_prev per filter plus one bias, for each of the n_c filters."""
    return (f * f * n_c_prev + 1) * n_c


def dense_layer_parameters(n_l, n_prev):
    """W[l] of shape (n[l], n[l-1]) plus b[l] of shape (n[l], 1)."""
    return n_l * n_prev + n_l


def network_parameters(layer_dims):
    return sum(dense_layer_parameters(n, p) for p, n in zip(layer_dims[:-1], layer_dims[1:]))


def adam_correction_factor(beta, t):
    """The factor 1 / (1 - beta**t) that Adam's bias correction multiplies an average by at step t."""
    return 1.0 / (1.0 - beta ** t)


def adam_corrected(value, beta, t):
    return value * adam_correction_factor(beta, t)


def ewa_of_constant(g, beta, t):
    """An exponentially weighted average started at 0 after t steps of a constant gradient g."""
    return (1.0 - beta ** t) * g


def lr_decay(alpha0, decay_rate, epoch):
    return alpha0 / (1.0 + decay_rate * epoch)


def mini_batch_count(m, size):
    return math.ceil(m / size)


def mini_batch_last_size(m, size):
    return m % size or size


def diagnose_letter(train_error, dev_error, bayes_error=0.0, tolerance=0.02):
    """a: high bias, b: high variance, c: both, d: neither ("high" = strictly above the tolerance)."""
    bias = train_error - bayes_error > tolerance + 1e-12
    variance = dev_error - train_error > tolerance + 1e-12
    return {(True, False): "a", (False, True): "b", (True, True): "c", (False, False): "d"}[(bias, variance)]


def avoidable_bias(train_error, bayes_error):
    return train_error - bayes_error


def l2_penalty(lambd, m, squares):
    """(lambda / 2m) * sum of the squared weights."""
    return lambd / (2.0 * m) * squares


def weight_decay_factor(alpha, lambd, m):
    """W := (1 - alpha*lambda/m) W - alpha * (gradient of the data term)."""
    return 1.0 - alpha * lambd / m


def dropout_scaled(a, keep_prob):
    """A kept activation after inverted dropout."""
    return a / keep_prob


def normalised_input(x, mu, sigma):
    return (x - mu) / sigma


def batchnorm_output(z, mu, var, gamma, beta, eps=0.0):
    return gamma * (z - mu) / math.sqrt(var + eps) + beta


def std_of(values):
    return float(np.std(np.asarray(values, dtype=float)))


def logistic_loss(y_hat, y):
    return -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat))


def softmax_probability(z, index):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return float(e[index] / e.sum())


def cross_entropy_one_hot(p_true):
    return -math.log(p_true)


def rnn_parameters(n_a, n_x, n_y):
    """W_a (n_a, n_a + n_x), b_a (n_a, 1), W_y (n_y, n_a), b_y (n_y, 1)."""
    return n_a * (n_a + n_x) + n_a + n_y * n_a + n_y


def gru_parameters(n_a, n_x):
    """Candidate, update and relevance gates, each W (n_a, n_a + n_x) and b (n_a, 1)."""
    return 3 * (n_a * (n_a + n_x) + n_a)


def lstm_parameters(n_a, n_x):
    """Candidate, update, forget and output gates, each W (n_a, n_a + n_x) and b (n_a, 1)."""
    return 4 * (n_a * (n_a + n_x) + n_a)


def gru_memory(gamma_u, c_tilde, c_prev):
    """The corrected update c<t> = Γu * c̃<t> + (1 - Γu) * c<t-1>."""
    return gamma_u * c_tilde + (1.0 - gamma_u) * c_prev


def lstm_memory(gamma_u, c_tilde, gamma_f, c_prev):
    """The corrected update c<t> = Γu * c̃<t> + Γf * c<t-1>."""
    return gamma_u * c_tilde + gamma_f * c_prev


def embedding_parameters(vocabulary, dimension):
    return vocabulary * dimension


def beam_candidates(beam_width, vocabulary):
    """Partial sentences scored at one step of beam search: each kept beam times each word."""
    return beam_width * vocabulary


def attention_weight(energies, index):
    return softmax_probability(energies, index)


def softmax_output_units(vocabulary):
    return vocabulary


def variance_gap(train_error, dev_error):
    return dev_error - train_error


def projection_shape(n_in, n_out):
    """The shape of W_s that maps a skip connection's n_in units to n_out: (n_out, n_in)."""
    return [n_out, n_in]


def he_scale(n_prev):
    """He initialisation's factor for np.random.randn: sqrt(2 / n[l-1])."""
    return math.sqrt(2.0 / n_prev)


def embedding_shape(vocabulary, dimension):
    """E in e_w = E · o_w, with o_w one-hot of shape (vocabulary, 1): (dimension, vocabulary)."""
    return [dimension, vocabulary]


def layer_count(hidden_layers):
    """L counts the hidden layers and the output layer, not the input layer."""
    return hidden_layers + 1


def filter_entries(f, n_c_prev):
    return f * f * n_c_prev
