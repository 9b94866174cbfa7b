"""The wire format between the trusted grader and the sandboxed worker: typed JSON plus raw buffers.

Why not pickle: unpickling runs code chosen by whoever wrote the bytes, and the worker's bytes are
written by student code. Why not `np.save` per array: we want every size and dtype checked *before*
any byte is interpreted, so arrays travel as raw little-endian buffers described in the JSON header.

A frame is ``MAGIC | u64 header length | u64 body length | header JSON | body bytes``. The header is a
JSON object; values inside it are *nodes*:

    {"t": "none"} {"t": "bool", "v": true} {"t": "int", "v": "12"} {"t": "float", "v": 0.5}
    {"t": "str", "v": "..."} {"t": "list", "v": [...]} {"t": "tuple", "v": [...]}
    {"t": "dict", "v": [[key node, value node], ...]}
    {"t": "ndarray", "dtype": "<f8", "shape": [2, 3], "offset": 0, "nbytes": 48}
    {"t": "npscalar", "dtype": "<f8", "offset": 48, "nbytes": 8}

Only plain numeric and bool arrays and scalars cross: object, string and structured dtypes, ndarray
subclasses' extra behaviour, and arbitrary objects are refused (`CodecError`). Subclasses of ndarray,
float, int and str are reduced to their base values.

This module is copied into the sandbox next to the worker, so it imports only numpy and the
standard library.
"""

import json
import struct

import numpy as np

MAGIC = b"DLG1"
_PREFIX = struct.Struct("<4sQQ")

ALLOWED_DTYPES = frozenset(
    ["|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"]
)

MAX_DEPTH = 64
MAX_NODES = 200_000


class CodecError(ValueError):
    """A value that may not cross the sandbox boundary, or a malformed frame."""


def _array_dtype(arr):
    dtype = arr.dtype.newbyteorder("<") if arr.dtype.byteorder == ">" else arr.dtype
    name = dtype.str
    if name not in ALLOWED_DTYPES:
        raise CodecError(f"arrays of dtype {arr.dtype} cannot be returned (only numeric or bool arrays)")
    return dtype


class _Encoder:
    def __init__(self):
        self.chunks = []
        self.offset = 0
        self.nodes = 0

    def buffer(self, arr):
        dtype = _array_dtype(arr)
        data = np.ascontiguousarray(arr, dtype=dtype).tobytes()
        node = {"dtype": dtype.str, "offset": self.offset, "nbytes": len(data)}
        self.chunks.append(data)
        self.offset += len(data)
        return node

    def encode(self, value, depth=0):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CodecError(f"value has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise CodecError(f"value is nested deeper than {MAX_DEPTH} levels")
        # Exact type tests first: subclasses (of float, int, ndarray...) are reduced to plain values
        # so that no student-defined __eq__ or __array_ufunc__ reaches the trusted process.
        if value is None:
            return {"t": "none"}
        if isinstance(value, (bool, np.bool_)):
            return {"t": "bool", "v": bool(value)} if type(value) is bool else self.scalar(value)
        if isinstance(value, np.generic):
            return self.scalar(value)
        if isinstance(value, int):
            try:
                return {"t": "int", "v": str(int.__int__(value))}
            except ValueError:  # more digits than Python converts to text (sys.get_int_max_str_digits)
                raise CodecError("an integer this long cannot be returned") from None
        if isinstance(value, float):
            # JSON has no NaN/inf; Python's json module writes and reads them as bare words.
            return {"t": "float", "v": float.__float__(value)}
        if isinstance(value, str):
            return {"t": "str", "v": str.__str__(value)}
        if isinstance(value, np.ndarray):
            base = value.view(np.ndarray)
            node = self.buffer(base)
            node.update(t="ndarray", shape=list(base.shape))
            return node
        if isinstance(value, dict):
            items = list(dict.items(value))
            return {"t": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in items]}
        if isinstance(value, tuple):
            return {"t": "tuple", "v": [self.encode(v, depth + 1) for v in tuple.__iter__(value)]}
        if isinstance(value, list):
            return {"t": "list", "v": [self.encode(v, depth + 1) for v in list.__iter__(value)]}
        raise CodecError(f"a value of type {type(value).__name__} cannot be returned")

    def scalar(self, value):
        arr = np.asarray(value).view(np.ndarray)
        node = self.buffer(arr.reshape(()))
        node["t"] = "npscalar"
        return node


def encode_frame(header, values):
    """Encode ``header`` (plain JSON-able dict) plus codec ``values`` (dict name -> value) to bytes."""
    encoder = _Encoder()
    nodes = {name: encoder.encode(value) for name, value in values.items()}
    head = dict(header)
    head["values"] = nodes
    head_bytes = json.dumps(head, allow_nan=True).encode("utf-8")
    body = b"".join(encoder.chunks)
    return _PREFIX.pack(MAGIC, len(head_bytes), len(body)) + head_bytes + body


def read_prefix(prefix, max_bytes):
    """Parse the fixed-size frame prefix; refuse frames larger than ``max_bytes`` before reading them."""
    if len(prefix) != _PREFIX.size:
        raise CodecError("truncated frame")
    magic, head_len, body_len = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise CodecError("not a dlgrade frame")
    if head_len + body_len > max_bytes:
        raise CodecError(f"reply of {head_len + body_len} bytes exceeds the limit of {max_bytes} bytes")
    return head_len, body_len


PREFIX_SIZE = _PREFIX.size


def decode_head(head_bytes):
    """The header of a frame, its value nodes still undecoded under ``"values"``."""
    try:
        head = json.loads(head_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"malformed header: {exc}") from None
    if not isinstance(head, dict):
        raise CodecError("malformed header")
    return head


def encode_raw(head, body):
    """A frame from a header whose ``"values"`` nodes already point into ``body`` (a frame passed on
    with a new header, its buffers neither decoded nor copied)."""
    head_bytes = json.dumps(head, allow_nan=True).encode("utf-8")
    return _PREFIX.pack(MAGIC, len(head_bytes), len(body)) + head_bytes + bytes(body)


def decode_frame(head_bytes, body):
    """Decode a frame's header and body into ``(header, values)``; every node is validated."""
    return decode_values(decode_head(head_bytes), body)


def decode_values(head, body):
    """Decode the value nodes of a parsed header: ``(header without "values", values)``."""
    head = dict(head)
    nodes = head.pop("values", {})
    if not isinstance(nodes, dict):
        raise CodecError("malformed values")
    decoder = _Decoder(memoryview(body))
    values = {str(name): decoder.decode(node) for name, node in nodes.items()}
    return head, values


class _Decoder:
    def __init__(self, body):
        self.body = body
        self.nodes = 0

    def array(self, node, shape):
        dtype_name = node.get("dtype")
        if dtype_name not in ALLOWED_DTYPES:
            raise CodecError(f"dtype {dtype_name!r} is not allowed")
        dtype = np.dtype(dtype_name)
        offset, nbytes = node.get("offset"), node.get("nbytes")
        if not (isinstance(offset, int) and isinstance(nbytes, int) and 0 <= offset and 0 <= nbytes):
            raise CodecError("malformed array node")
        if offset + nbytes > len(self.body):
            raise CodecError("array points outside the frame")
        if not all(isinstance(d, int) and d >= 0 for d in shape):
            raise CodecError("malformed array shape")
        count = 1
        for d in shape:
            count *= d
        if count * dtype.itemsize != nbytes:
            raise CodecError("array size does not match its shape")
        arr = np.frombuffer(self.body[offset:offset + nbytes], dtype=dtype).reshape(shape).copy()
        return arr.astype(arr.dtype.newbyteorder("="), copy=False)

    def decode(self, node, depth=0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise CodecError("value too large or too deep")
        if not isinstance(node, dict):
            raise CodecError("malformed node")
        kind = node.get("t")
        v = node.get("v")
        if kind == "none":
            return None
        if kind == "bool" and isinstance(v, bool):
            return v
        if kind == "int" and isinstance(v, str) and len(v) < 5000:
            try:
                return int(v)
            except ValueError:  # not digits, or more than Python converts: refused like any bad node
                raise CodecError("malformed int node") from None
        if kind == "float" and isinstance(v, (int, float)):
            return float(v)
        if kind == "str" and isinstance(v, str):
            return v
        if kind in ("list", "tuple") and isinstance(v, list):
            items = [self.decode(x, depth + 1) for x in v]
            return items if kind == "list" else tuple(items)
        if kind == "dict" and isinstance(v, list):
            out = {}
            for pair in v:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise CodecError("malformed dict node")
                key = self.decode(pair[0], depth + 1)
                try:
                    hash(key)
                except TypeError:
                    raise CodecError("unhashable dict key") from None
                out[key] = self.decode(pair[1], depth + 1)
            return out
        if kind == "ndarray" and isinstance(node.get("shape"), list):
            return self.array(node, node["shape"])
        if kind == "npscalar":
            return self.array(node, [])[()]
        raise CodecError(f"unknown node type {kind!r}")
