"""Given code for the 'planar_classification' assignment: load_planar_dataset, sigmoid."""

import numpy as np


def load_planar_dataset(m=400, seed=1):
    """Generate the two-class "flower": points along the petals of a rose curve.

    Each class covers a half-turn of the angle t, with radius r = 4 sin(4t) plus noise, so the two
    classes alternate petal by petal and no straight line separates them.

    Arguments:
    m -- int, number of points (even); half of them belong to each class
    seed -- int, seed of a private generator; the global numpy RNG is left untouched

    Returns:
    X -- ndarray (2, m), float64, the coordinates of the points
    Y -- ndarray (1, m), float64, labels 0 or 1
    """
    rng = np.random.default_rng(seed)
    half = m // 2
    petal_amplitude = 4.0
    noise = 0.2
    X = np.zeros((2, m))
    Y = np.zeros((1, m))
    for label in range(2):
        columns = slice(label * half, (label + 1) * half)
        # The classes take consecutive half-turns of the angle, so their petals interleave.
        t = np.linspace(label * np.pi, (label + 1) * np.pi, half) + noise * rng.standard_normal(half)
        r = petal_amplitude * np.sin(4 * t) + noise * rng.standard_normal(half)
        X[0, columns] = r * np.sin(t)
        X[1, columns] = r * np.cos(t)
        Y[0, columns] = label
    return X, Y


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), finite for any finite z.

    Arguments:
    z -- scalar or ndarray of any shape

    Returns:
    s -- ndarray of z's shape, values in [0, 1]
    """
    z = np.asarray(z, dtype=np.float64)
    # exp(-|z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
