"""The classic-networks reference (solutions/classic_networks.py): shapes and parameter counts against
the same networks built in PyTorch (on the meta device: shapes without arithmetic), the published
totals, the given layers and the network's gradients against torch float64 autograd, and the
notebook's LeNet-5-style network reaching 97% on the held-out digits."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from autograder.datasets import load
from solutions import classic_networks as ref

TABLES = {"LeNet-5": ((32, 32, 1), ref.LENET5), "AlexNet": ((227, 227, 3), ref.ALEXNET),
          "VGG-16": ((224, 224, 3), ref.VGG16), "digits LeNet": ((8, 8, 1), ref.DIGITS_LENET)}


def torch_summary(input_shape, layers, groups=None):
    """Output shape (NHWC order, without m) and parameter count of every layer, from torch."""
    x = torch.empty((1, input_shape[2], input_shape[0], input_shape[1]), device="meta")
    shapes, counts = [], []
    for layer in layers:
        kind = layer["type"]
        if kind == "conv":
            pad = (layer["f"] - 1) // 2 if layer["padding"] == "same" else 0
            module = torch.nn.Conv2d(x.shape[1], layer["n_C"], layer["f"], layer["stride"], pad,
                                     groups=(groups or {}).get(layer["name"], 1), device="meta")
        elif kind == "pool":
            module = (torch.nn.MaxPool2d if layer["mode"] == "max" else torch.nn.AvgPool2d)(layer["f"], layer["stride"])
        elif kind == "flatten":
            # torch flattens NCHW; the count of values is what matters here, and it does not depend on the order.
            module = torch.nn.Flatten()
        else:
            module = torch.nn.Linear(x.shape[1], layer["units"], device="meta")
        x = module(x)
        shapes.append(tuple(x.shape[1:]) if x.dim() == 2 else (x.shape[2], x.shape[3], x.shape[1]))
        counts.append(sum(p.numel() for p in module.parameters()))
    return shapes, counts


@pytest.mark.parametrize("name", TABLES)
def test_network_summary_matches_torch_layer_by_layer(name):
    input_shape, layers = TABLES[name]
    shapes, counts, total = ref.network_summary(input_shape, layers)
    torch_shapes, torch_counts = torch_summary(input_shape, layers)
    assert shapes == torch_shapes
    assert counts == torch_counts
    assert total == sum(torch_counts)
    assert all(type(n) is int for shape in shapes for n in shape) and all(type(c) is int for c in counts)


def test_published_totals():
    totals = {name: ref.network_summary(*TABLES[name])[2] for name in ("LeNet-5", "AlexNet", "VGG-16")}
    assert totals == {"LeNet-5": 61_706, "AlexNet": 62_378_344, "VGG-16": 138_357_544}


def test_alexnet_split_over_two_gpus_has_the_papers_count():
    """The notebook's remark: with CONV2, CONV4 and CONV5 in two groups, AlexNet has 60,965,224."""
    _, counts = torch_summary((227, 227, 3), ref.ALEXNET, groups={"CONV2": 2, "CONV4": 2, "CONV5": 2})
    assert sum(counts) == 60_965_224


def test_lenet5_shapes_are_the_lectures():
    shapes, counts, _ = ref.network_summary((32, 32, 1), ref.LENET5)
    assert shapes == [(28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (400,), (120,), (84,), (10,)]
    assert counts == [156, 0, 2416, 0, 0, 48120, 10164, 850]


def test_vgg16_stages_halve_the_image_and_double_the_filters():
    shapes, _, _ = ref.network_summary((224, 224, 3), ref.VGG16)
    pools = [shape for shape, layer in zip(shapes, ref.VGG16) if layer["type"] == "pool"]
    assert pools == [(112, 112, 64), (56, 56, 128), (28, 28, 256), (14, 14, 512), (7, 7, 512)]


@pytest.mark.parametrize("input_shape,layer,expected", [
    ((7, 9, 2), {"type": "conv", "f": 3, "n_C": 4, "stride": 2, "padding": "valid"}, (3, 4, 4)),
    ((7, 9, 2), {"type": "conv", "f": 5, "n_C": 1, "stride": 1, "padding": "same"}, (7, 9, 1)),
    ((11, 9, 6), {"type": "pool", "f": 2, "stride": 2, "mode": "avg"}, (5, 4, 6)),
    ((3, 5, 7), {"type": "flatten"}, (105,)),
])
def test_layer_output_shape_floors(input_shape, layer, expected):
    assert ref.layer_output_shape(input_shape, layer) == expected


def test_layer_output_shape_rejects_an_unknown_layer():
    with pytest.raises(ValueError):
        ref.layer_output_shape((4, 4, 1), {"type": "dropout"})


def test_initialize_parameters_draws_exactly_the_counted_parameters_at_he_scale():
    for input_shape, layers in TABLES.values():
        if layers is ref.VGG16 or layers is ref.ALEXNET:
            continue
        parameters = ref.initialize_parameters(input_shape, layers, seed=1)
        assert sum(v.size for v in parameters.values()) == ref.network_summary(input_shape, layers)[2]
    parameters = ref.initialize_parameters((8, 8, 1), ref.DIGITS_LENET, seed=1)
    assert sorted(parameters) == ["W1", "W3", "W5", "W6", "W7", "b1", "b3", "b5", "b6", "b7"]
    assert parameters["W5"].shape == (120, 64) and parameters["b5"].shape == (120, 1)
    big = ref.initialize_parameters((30, 30, 16), [{"type": "conv", "f": 5, "n_C": 64, "stride": 1, "padding": "valid"}])
    assert big["W1"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


# ---------------------------------------------------------------------------------------------
# The given layers and the network's gradients against torch


def nchw(array, grad=False):
    return torch.tensor(array.transpose(0, 3, 1, 2), dtype=torch.float64, requires_grad=grad)


def nhwc(tensor):
    return tensor.detach().numpy().transpose(0, 2, 3, 1)


@pytest.mark.parametrize("f,stride,mode", [(2, 2, "max"), (3, 2, "max"), (2, 2, "avg"), (3, 1, "avg")])
def test_pooling_matches_torch(f, stride, mode):
    rng = np.random.default_rng(f + stride)
    A_prev = rng.standard_normal((2, 7, 6, 3))
    A, cache = ref.pool_forward(A_prev, {"f": f, "stride": stride}, mode)
    a = nchw(A_prev, grad=True)
    out = (F.max_pool2d if mode == "max" else F.avg_pool2d)(a, f, stride)
    np.testing.assert_allclose(A, nhwc(out), rtol=1e-12)
    dA = rng.standard_normal(A.shape)
    out.backward(nchw(dA))
    np.testing.assert_allclose(ref.pool_backward(dA, cache, mode), nhwc(a.grad), rtol=1e-12, atol=1e-15)


def test_network_gradients_match_torch_autograd():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(5, 8, 8, 1))
    labels = rng.integers(0, 10, size=5)
    layers = [dict(layer, activation="tanh") if layer.get("activation") == "relu" else layer for layer in ref.DIGITS_LENET]
    layers[1] = dict(layers[1], mode="avg")  # smooth layers: no ties for max, no kinks
    parameters = ref.initialize_parameters((8, 8, 1), layers, seed=2)
    parameters = {k: v + 0.05 * rng.standard_normal(v.shape) for k, v in parameters.items()}
    scores, caches = ref.network_forward(X, parameters, layers)
    cost, dscores = ref.softmax_cross_entropy(scores, labels)
    grads = ref.network_backward(dscores, caches, parameters, layers)

    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in parameters.items()}
    a = nchw(X)
    a = torch.tanh(F.conv2d(a, leaves["W1"].permute(3, 2, 0, 1), leaves["b1"].reshape(-1), padding=1))
    a = F.avg_pool2d(a, 2, 2)
    a = torch.tanh(F.conv2d(a, leaves["W3"].permute(3, 2, 0, 1), leaves["b3"].reshape(-1)))
    a = a.permute(0, 2, 3, 1).reshape(5, -1).T  # flatten in NHWC order, examples as columns
    a = torch.tanh(leaves["W5"] @ a + leaves["b5"])
    a = torch.tanh(leaves["W6"] @ a + leaves["b6"])
    z = leaves["W7"] @ a + leaves["b7"]
    torch_cost = F.cross_entropy(z.T, torch.tensor(labels))
    torch_cost.backward()
    assert cost == pytest.approx(torch_cost.item(), rel=1e-12)
    np.testing.assert_allclose(scores, z.detach().numpy(), rtol=1e-10)
    for key, leaf in leaves.items():
        np.testing.assert_allclose(grads["d" + key], leaf.grad.numpy(), rtol=1e-7, atol=1e-13)


# ---------------------------------------------------------------------------------------------
# The notebook's run


def test_lenet5_style_network_reaches_97_percent_on_held_out_digits():
    X_train, Y_train, X_test, Y_test = load("load_digits")
    images, labels = ref.digit_images(X_train, Y_train)
    parameters, costs = ref.model(images, labels, ref.DIGITS_LENET, learning_rate=0.1, num_epochs=25,
                                  mini_batch_size=32, seed=0)
    test_images, test_labels = ref.digit_images(X_test, Y_test)
    assert np.mean(ref.predict(test_images, parameters, ref.DIGITS_LENET) == test_labels) >= 0.97
    assert costs[-1] < 0.1 * costs[0]
