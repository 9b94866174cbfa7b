"""Public cases of `classic_networks`: layers of LeNet-5 and AlexNet, LeNet-5's table, a tiny run."""

from autograder import datasets
from autograder.spec import Case
from solutions import classic_networks as ref

_LENET_CONV1, _LENET_POOL1, _LENET_CONV2, _, _LENET_FLATTEN, _LENET_FC3 = ref.LENET5[:6]
_ALEX_CONV1, _ALEX_POOL1, _ALEX_CONV2 = ref.ALEXNET[:3]

_SMALL_TABLE = [
    {"name": "CONV1", "type": "conv", "f": 3, "n_C": 2, "stride": 1, "padding": "same", "activation": "relu"},
    {"name": "POOL1", "type": "pool", "f": 2, "stride": 2, "mode": "max"},
    {"name": "FLATTEN", "type": "flatten"},
    {"name": "OUTPUT", "type": "fc", "units": 3, "activation": "softmax"},
]


def _few_digits(rng):
    X_train, Y_train, _, _ = datasets.load("load_digits")
    images, labels = ref.digit_images(X_train[:, :40], Y_train[:, :40])
    return images, labels, ref.DIGITS_LENET


PUBLIC = {
    "layer_output_shape": [Case(((32, 32, 1), _LENET_CONV1)), Case(((28, 28, 6), _LENET_POOL1)),
                           Case(((5, 5, 16), _LENET_FLATTEN)), Case(((400,), _LENET_FC3)),
                           Case(((227, 227, 3), _ALEX_CONV1)), Case(((27, 27, 96), _ALEX_CONV2))],
    "layer_parameter_count": [Case(((32, 32, 1), _LENET_CONV1)), Case(((14, 14, 6), _LENET_CONV2)),
                              Case(((28, 28, 6), _LENET_POOL1)), Case(((400,), _LENET_FC3))],
    "network_summary": [Case(((32, 32, 1), ref.LENET5))],
    "initialize_parameters": [Case(((6, 6, 1), _SMALL_TABLE, 0))],
    "model": [Case(_few_digits, {"learning_rate": 0.1, "num_epochs": 2, "mini_batch_size": 20, "seed": 0})],
}
