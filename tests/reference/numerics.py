"""Shared numerics of the reference tests: small well-conditioned networks and centred differences."""

import numpy as np


def random_network(seed, dims, m):
    """Inputs X (dims[0], m), labels Y (1, m) and parameters W1, b1, ... of a network with unsaturated
    outputs: weights scaled by 1/sqrt(fan-in), small biases."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W%d" % l] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters["b%d" % l] = 0.1 * rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def parameter_gradients(cost_of, parameters, h=1e-6):
    """Centred differences of ``cost_of(parameters)`` for every entry: {"dW1": ..., "db1": ...}."""
    grads = {}
    for key, value in parameters.items():
        g = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            shifted = {k: v.copy() for k, v in parameters.items()}
            shifted[key][idx] = value[idx] + h
            plus = cost_of(shifted)
            shifted[key][idx] = value[idx] - h
            g[idx] = (plus - cost_of(shifted)) / (2 * h)
        grads["d" + key] = g
    return grads
