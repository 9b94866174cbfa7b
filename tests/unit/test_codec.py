"""`autograder.sandbox.codec`: what may cross the sandbox boundary, and how frames are checked."""

import json

import numpy as np
import pytest

from autograder.compare import arrays_equal
from autograder.sandbox import codec


def _round_trip(value):
    frame = codec.encode_frame({"op": "x"}, {"v": value})
    head_len, body_len = codec.read_prefix(frame[: codec.PREFIX_SIZE], 1 << 30)
    start = codec.PREFIX_SIZE
    head, values = codec.decode_frame(frame[start:start + head_len], frame[start + head_len:])
    assert head == {"op": "x"} and len(frame) == start + head_len + body_len
    return values["v"]


def _same(a, b):
    """Equal values of equal types, all the way down (arrays: dtype, shape and contents)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and arrays_equal(a, b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(type(k) is type(j) for k, j in zip(a, b)) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and (a == b or (a != a and b != b))
    return a == b or (a != a and b != b)


@pytest.mark.parametrize("value", [
    None, True, False, 3, -2**70, 2.5, float("nan"), float("-inf"), "text", "", [1, (2.0, None)],
    {"W1": np.ones((2, 3)), 0: "x", (1, "k"): [np.int8(-3)]}, {},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.float64(1.5), np.array(True), np.zeros((0, 4)),
    np.array([1 + 2j]), (np.float32(1.0), np.uint8(3)), np.bool_(False), np.arange(4.0).reshape(2, 2).T,
    np.float16(0.5), np.array(3.0),
])
def test_codec_round_trips_allowed_values_with_their_types(value):
    back = _round_trip(value)
    assert _same(back, value), (back, value)


def test_same_tells_values_apart():
    # The helper the round trip relies on must itself notice a change of contents, type or key.
    assert not _same({"W1": np.ones(2)}, {"W1": np.zeros(2)})
    assert not _same({"W1": 1}, {"W2": 1})
    assert not _same({1: 1}, {1.0: 1})
    assert not _same(np.ones(2), np.ones(2, dtype=np.float32))
    assert not _same((1,), [1])
    assert not _same(np.float32(1), np.float32(2))


def test_big_endian_arrays_come_back_in_native_order():
    back = _round_trip(np.array([1.0, 2.0], dtype=">f8"))
    assert back.dtype == np.dtype("<f8") and back.tolist() == [1.0, 2.0]


class _Sub(np.ndarray):
    def __eq__(self, other):
        return True


def test_codec_reduces_subclasses_to_plain_values():
    class F(float):
        def __eq__(self, other):
            return True

    class I(int):
        pass

    class S(str):
        pass

    assert type(_round_trip(F(1.5))) is float and _round_trip(F(1.5)) == 1.5
    assert type(_round_trip(I(7))) is int and _round_trip(I(7)) == 7
    assert type(_round_trip(S("a"))) is str and _round_trip(S("a")) == "a"
    back = _round_trip(np.ones(3).view(_Sub))
    assert type(back) is np.ndarray and back.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("value", [np.array([object()]), np.array(["a"]), object(), {1, 2}, lambda: 0,
                                   np.zeros(2, dtype=[("a", "f8")]), np.datetime64("2020-01-01"),
                                   np.array([1], dtype="m8[s]")])
def test_codec_refuses_values_that_may_not_cross(value):
    with pytest.raises(codec.CodecError):
        codec.encode_frame({}, {"v": value})


def test_an_integer_too_long_to_print_is_refused_as_a_codec_error():
    with pytest.raises(codec.CodecError, match="integer"):
        codec.encode_frame({}, {"v": 10 ** 5000})


def test_codec_refuses_values_too_deep_or_too_large():
    deep = []
    for _ in range(codec.MAX_DEPTH + 2):
        deep = [deep]
    with pytest.raises(codec.CodecError, match="nested deeper than 64 levels"):
        codec.encode_frame({}, {"v": deep})
    shallow = []
    for _ in range(codec.MAX_DEPTH - 1):
        shallow = [shallow]
    assert _same(_round_trip(shallow), shallow)
    with pytest.raises(codec.CodecError, match="more than 200000 parts"):
        codec.encode_frame({}, {"v": [0] * codec.MAX_NODES})
    assert len(_round_trip([0] * (codec.MAX_NODES - 2))) == codec.MAX_NODES - 2


def _decode(values, body=b""):
    return codec.decode_frame(json.dumps({"values": values}).encode(), body)[1]


def test_codec_refuses_oversized_and_malformed_frames():
    frame = codec.encode_frame({}, {"v": np.ones(1000)})
    size = len(frame) - codec.PREFIX_SIZE
    with pytest.raises(codec.CodecError, match=f"reply of {size} bytes exceeds the limit of 100 bytes"):
        codec.read_prefix(frame[: codec.PREFIX_SIZE], 100)
    assert codec.read_prefix(frame[: codec.PREFIX_SIZE], size) == (size - 8000, 8000)
    with pytest.raises(codec.CodecError, match="not a dlgrade frame"):
        codec.read_prefix(b"EVIL" + frame[4: codec.PREFIX_SIZE], 1 << 20)
    with pytest.raises(codec.CodecError, match="truncated frame"):
        codec.read_prefix(frame[: codec.PREFIX_SIZE - 1], 1 << 20)
    with pytest.raises(codec.CodecError, match="not allowed"):
        _decode({"v": {"t": "ndarray", "dtype": "|O", "shape": [1], "offset": 0, "nbytes": 8}}, b"\0" * 8)
    with pytest.raises(codec.CodecError, match="outside the frame"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [100], "offset": 0, "nbytes": 800}}, b"\0" * 8)
    with pytest.raises(codec.CodecError, match="outside the frame"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": 8, "nbytes": 8}}, b"\0" * 8)
    with pytest.raises(codec.CodecError, match="does not match its shape"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [2], "offset": 0, "nbytes": 8}}, b"\0" * 16)
    with pytest.raises(codec.CodecError, match="malformed array shape"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [-1], "offset": 0, "nbytes": 8}}, b"\0" * 8)
    with pytest.raises(codec.CodecError, match="malformed array node"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": -8, "nbytes": 8}}, b"\0" * 16)
    with pytest.raises(codec.CodecError, match="malformed array node"):
        _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": 0, "nbytes": "8"}}, b"\0" * 8)
    assert _decode({"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": 8, "nbytes": 8}},
                   b"\0" * 8 + np.array([2.5]).tobytes())["v"].tolist() == [2.5]
    assert _decode({"v": {"t": "npscalar", "dtype": "<i4", "offset": 0, "nbytes": 4}},
                   np.int32(9).tobytes())["v"] == np.int32(9)


@pytest.mark.parametrize("node, error", [
    ({"t": "bool", "v": 1}, "unknown node type 'bool'"),
    ({"t": "int", "v": 3}, "unknown node type 'int'"),
    ({"t": "int", "v": "9" * 5000}, "unknown node type 'int'"),
    ({"t": "int", "v": "9" * 4999}, "malformed int node"),
    ({"t": "int", "v": "1.5"}, "malformed int node"),
    ({"t": "float", "v": "1"}, "unknown node type 'float'"),
    ({"t": "str", "v": 1}, "unknown node type 'str'"),
    ({"t": "list", "v": {}}, "unknown node type 'list'"),
    ({"t": "dict", "v": [[{"t": "none"}]]}, "malformed dict node"),
    ({"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]}, "unhashable dict key"),
    ({"t": "ndarray", "dtype": "<f8", "shape": 3}, "unknown node type 'ndarray'"),
    ({"t": "pickle"}, "unknown node type 'pickle'"),
    ([1], "malformed node"),
])
def test_codec_refuses_malformed_nodes(node, error):
    with pytest.raises(codec.CodecError, match=error):
        _decode({"v": node})


def test_decoded_nodes_of_each_kind():
    assert _decode({"a": {"t": "int", "v": "-" + "9" * 4000}})["a"] == -int("9" * 4000)
    assert _decode({"a": {"t": "float", "v": 2}})["a"] == 2.0 and type(_decode({"a": {"t": "float", "v": 2}})["a"]) is float
    assert _decode({"a": {"t": "tuple", "v": [{"t": "none"}]}}) == {"a": (None,)}
    assert _decode({"a": {"t": "bool", "v": False}}) == {"a": False}


def test_codec_refuses_malformed_headers_and_limits_decoding():
    with pytest.raises(codec.CodecError, match="malformed header"):
        codec.decode_frame(b"\xff", b"")
    with pytest.raises(codec.CodecError, match="malformed header"):
        codec.decode_frame(b"[1]", b"")
    with pytest.raises(codec.CodecError, match="malformed header"):
        codec.decode_frame(b"{", b"")
    with pytest.raises(codec.CodecError, match="malformed values"):
        codec.decode_frame(b'{"values": [1]}', b"")
    deep = {"t": "none"}
    for _ in range(codec.MAX_DEPTH + 1):
        deep = {"t": "list", "v": [deep]}
    with pytest.raises(codec.CodecError, match="too large or too deep"):
        _decode({"v": deep})
    assert codec.decode_frame(b"{}", b"") == ({}, {})


def test_raw_frames_pass_buffers_on_unchanged():
    frame = codec.encode_frame({"op": "call"}, {"x": np.arange(3.0)})
    head_len, _ = codec.read_prefix(frame[: codec.PREFIX_SIZE], 1 << 20)
    start = codec.PREFIX_SIZE
    head = codec.decode_head(frame[start:start + head_len])
    head["op"] = "reply"
    again = codec.encode_raw(head, frame[start + head_len:])
    head_len, body_len = codec.read_prefix(again[: codec.PREFIX_SIZE], 1 << 20)
    decoded_head, values = codec.decode_frame(again[start:start + head_len], again[start + head_len:])
    assert decoded_head == {"op": "reply"} and values["x"].tolist() == [0.0, 1.0, 2.0] and body_len == 24


def _nested(kind, levels):
    """A value of ``levels`` containers, one inside the other, around None: each container at its own depth."""
    if kind == "dict key":  # one dict whose key is a tuple of tuples
        return {_nested("tuple", levels - 1): 0}
    value = None
    for _ in range(levels):
        value = {"k": value} if kind == "dict value" else (value,) if kind == "tuple" else [value]
    return value


@pytest.mark.parametrize("kind", ["list", "tuple", "dict value", "dict key"])
def test_nesting_is_allowed_up_to_the_limit_and_not_one_level_more(kind):
    levels = codec.MAX_DEPTH  # containers at depths 0 .. MAX_DEPTH - 1, the innermost value at MAX_DEPTH
    assert _same(_round_trip(_nested(kind, levels)), _nested(kind, levels))
    with pytest.raises(codec.CodecError, match=r"^value is nested deeper than 64 levels$"):
        codec.encode_frame({}, {"v": _nested(kind, levels + 1)})


def _nested_nodes(kind, levels):
    if kind == "dict key":
        return {"t": "dict", "v": [[_nested_nodes("tuple", levels - 1), {"t": "int", "v": "0"}]]}
    node = {"t": "none"}
    for _ in range(levels):
        if kind == "dict value":
            node = {"t": "dict", "v": [[{"t": "str", "v": "k"}, node]]}
        else:
            node = {"t": kind, "v": [node]}
    return node


@pytest.mark.parametrize("kind", ["list", "tuple", "dict value", "dict key"])
def test_decoding_allows_nesting_up_to_the_limit_and_not_one_level_more(kind):
    levels = codec.MAX_DEPTH
    assert _same(_decode({"v": _nested_nodes(kind, levels)})["v"], _nested(kind, levels))
    with pytest.raises(codec.CodecError, match=r"^value too large or too deep$"):
        _decode({"v": _nested_nodes(kind, levels + 1)})


def test_at_most_max_nodes_parts_are_encoded_or_decoded():
    # A list of n items is n + 1 parts: the list itself and each item.
    items = [0] * (codec.MAX_NODES - 1)
    assert len(_round_trip(items)) == codec.MAX_NODES - 1
    with pytest.raises(codec.CodecError, match=r"^value has more than 200000 parts$"):
        codec.encode_frame({}, {"v": items + [0]})
    nodes = [{"t": "none"}] * (codec.MAX_NODES - 1)
    assert len(_decode({"v": {"t": "list", "v": nodes}})["v"]) == codec.MAX_NODES - 1
    with pytest.raises(codec.CodecError, match=r"^value too large or too deep$"):
        _decode({"v": {"t": "list", "v": nodes + [{"t": "none"}]}})
    # The count covers every value of the frame, not each value on its own.
    half = [0] * (codec.MAX_NODES // 2)
    with pytest.raises(codec.CodecError, match=r"^value has more than 200000 parts$"):
        codec.encode_frame({}, {"a": half, "b": half})
    with pytest.raises(codec.CodecError, match=r"^value too large or too deep$"):
        half_nodes = {"t": "list", "v": [{"t": "none"}] * (codec.MAX_NODES // 2)}
        _decode({"a": half_nodes, "b": half_nodes})


def test_refusals_name_what_was_refused():
    with pytest.raises(codec.CodecError) as refused:
        codec.encode_frame({}, {"v": {1, 2}})
    assert str(refused.value) == "a value of type set cannot be returned"
    with pytest.raises(codec.CodecError) as refused:
        codec.encode_frame({}, {"v": np.array(["a"])})
    assert str(refused.value) == "arrays of dtype <U1 cannot be returned (only numeric or bool arrays)"
    with pytest.raises(codec.CodecError) as refused:
        codec.encode_frame({}, {"v": 10 ** 5000})
    assert str(refused.value) == "an integer this long cannot be returned"


@pytest.mark.parametrize("head, body, error", [
    (b"\xff", b"", "malformed header: "),
    (b"[1]", b"", "malformed header"),
    (b'{"values": [1]}', b"", "malformed values"),
    (b'{"values": {"v": [1]}}', b"", "malformed node"),
    (b'{"values": {"v": {"t": "int", "v": "x"}}}', b"", "malformed int node"),
    (b'{"values": {"v": {"t": "dict", "v": [[{"t": "none"}]]}}}', b"", "malformed dict node"),
    (b'{"values": {"v": {"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]}}}', b"", "unhashable dict key"),
    (b'{"values": {"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": -1, "nbytes": 8}}}', b"\0" * 8,
     "malformed array node"),
    (b'{"values": {"v": {"t": "ndarray", "dtype": "<f8", "shape": [1], "offset": 1, "nbytes": 8}}}', b"\0" * 8,
     "array points outside the frame"),
    (b'{"values": {"v": {"t": "ndarray", "dtype": "<f8", "shape": [-1], "offset": 0, "nbytes": 8}}}', b"\0" * 8,
     "malformed array shape"),
    (b'{"values": {"v": {"t": "ndarray", "dtype": "<f8", "shape": [2], "offset": 0, "nbytes": 8}}}', b"\0" * 8,
     "array size does not match its shape"),
    (b'{"values": {"v": {"t": "ndarray", "dtype": "|O", "shape": [1], "offset": 0, "nbytes": 8}}}', b"\0" * 8,
     "dtype '|O' is not allowed"),
    (b'{"values": {"v": {"t": "pickle", "v": []}}}', b"", "unknown node type 'pickle'"),
])
def test_malformed_frames_are_refused_with_their_reason(head, body, error):
    with pytest.raises(codec.CodecError) as refused:
        codec.decode_frame(head, body)
    message = str(refused.value)
    assert message.startswith(error) if error.endswith(": ") else message == error


def test_prefix_refusals_say_why():
    frame = codec.encode_frame({}, {})
    for prefix, error in [(frame[: codec.PREFIX_SIZE - 1], "truncated frame"),
                          (b"EVIL" + frame[4: codec.PREFIX_SIZE], "not a dlgrade frame")]:
        with pytest.raises(codec.CodecError) as refused:
            codec.read_prefix(prefix, 1 << 20)
        assert str(refused.value) == error


def test_a_frame_passed_on_keeps_non_finite_floats():
    # A helper's arguments travel on undecoded; a NaN or an infinity in them must survive the new header.
    frame = codec.encode_frame({"op": "call"}, {"x": [float("nan"), float("-inf")]})
    head_len, _ = codec.read_prefix(frame[: codec.PREFIX_SIZE], 1 << 20)
    start = codec.PREFIX_SIZE
    head = codec.decode_head(frame[start:start + head_len])
    head["seconds"] = float("inf")
    again = codec.encode_raw(head, frame[start + head_len:])
    head_len, _ = codec.read_prefix(again[: codec.PREFIX_SIZE], 1 << 20)
    decoded_head, values = codec.decode_frame(again[start:start + head_len], again[start + head_len:])
    assert decoded_head == {"op": "call", "seconds": float("inf")}
    assert np.isnan(values["x"][0]) and values["x"][1] == float("-inf")
