"""Public cases of `cnn`: small examples, with two-decimal inputs, whose values students see."""

import numpy as np

from autograder.spec import Case


def _grid(shape, seed, scale=1.0):
    """A small array of two-decimal values."""
    return np.round(scale * np.random.default_rng(seed).normal(size=shape), 2)


# Two 4 x 4 images of 2 channels, three 3 x 3 filters.
_A = _grid((2, 4, 4, 2), 1)
_W = _grid((3, 3, 2, 3), 2, 0.5)
_b = _grid((1, 1, 1, 3), 3, 0.3)
_CONV = {"stride": 2, "pad": 1}  # output 2 x 2: floor((4 + 2 - 3) / 2) + 1
_dZ = _grid((2, 2, 2, 3), 4)

# Pooling: one 5 x 5 image of 2 channels; windows 3 x 3 with stride 2 overlap by one row and column.
_P = _grid((1, 5, 5, 2), 5)
_POOL = {"f": 3, "stride": 2}
_dP = _grid((1, 2, 2, 2), 6)

_FC_A = _grid((3, 2, 2, 2), 7)
_FC_W = _grid((2, 8), 8, 0.5)
_FC_b = np.array([[0.1], [-0.2]])
_FC_dZ = _grid((2, 3), 9)

PUBLIC = {
    "conv_output_size": [Case((5, 3, 0, 1)), Case((6, 3, 1, 2)), Case((32, 5, 2, 1))],
    "conv_param_count": [Case((3, 3, 10)), Case((5, 1, 6))],
    "zero_pad": [Case((_grid((2, 2, 3, 2), 10), 1)), Case((_grid((1, 2, 2, 1), 11), 0))],
    "conv_single_step": [Case((_grid((3, 3, 2), 12), _grid((3, 3, 2), 13), np.array([[[0.5]]])))],
    "conv_forward": [Case((_A, _W, _b, _CONV)), Case((_A, _W, _b, {"stride": 1, "pad": 0}))],
    "pool_forward": [Case((_P, _POOL)), Case((_P, _POOL), {"mode": "average"})],
    "conv_backward": [Case((_dZ, (_A, _W, _b, _CONV)))],
    "create_mask_from_window": [Case((np.array([[1.5, -0.2], [0.7, 0.3]]),)),
                                Case((np.array([[0.4, 0.9, 0.1], [0.9, -1.0, 0.2], [0.0, 0.5, 0.3]]),))],
    "distribute_value": [Case((2.0, (2, 2))), Case((-0.9, (3, 3)))],
    "pool_backward": [Case((_dP, (_P, _POOL))), Case((_dP, (_P, _POOL)), {"mode": "average"})],
    "fc_forward": [Case((_FC_A, _FC_W, _FC_b))],
    "fc_backward": [Case((_FC_dZ, (_FC_A, _FC_W, _FC_b)))],
}
