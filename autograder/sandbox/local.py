"""An in-process stand-in for the sandbox, for trusted code only (the reference and the known mistakes).

`dlgrade validate` grades the reference and every catalogued mistake; running them in the grader's
own process is fast and safe because they are the instructor's code. Values still make the round
trip through the codec, so they reach the checks with exactly the types a sandboxed call produces.
"""

from __future__ import annotations

import copy
import io
import time
import traceback
from contextlib import redirect_stdout

import numpy as np

from . import codec
from .client import CallResult, LoadReport
from .worker import bind_spares


def _round_trip(values):
    frame = codec.encode_frame({}, values)
    head_len, body_len = codec.read_prefix(frame[: codec.PREFIX_SIZE], 1 << 40)
    start = codec.PREFIX_SIZE
    return codec.decode_frame(frame[start:start + head_len], frame[start + head_len:start + head_len + body_len])[1]


class LocalExecutor:
    """Calls functions of a trusted namespace, with the sandbox's calling convention.

    ``namespace`` is used as it is (not copied): when it is the global namespace its functions were
    defined in (see `autograder.validate.reference_namespace`), replacing a name in it changes what the
    other functions call, exactly as in the sandbox. ``helpers`` holds the functions that answer, in a
    call's ``proxies``, as the reference does.
    """

    def __init__(self, namespace, helpers=None, planted=(), memo=None):
        self.namespace = namespace
        self.helpers = helpers or {}
        # ``planted``: names replaced in ``namespace`` (known mistakes); ``memo``: results shared between
        # executors of the same namespace source. A call that reaches no planted function (each one is
        # answered by the reference) computes what it would with none planted: it is computed once.
        self.planted = frozenset(planted)
        self.memo = memo
        self.load_report = LoadReport(callables=sorted(k for k, v in self.namespace.items() if callable(v)), errors=[])

    def call(self, fn, args=(), kwargs=None, np_seed=None, return_args=False, timeout=None, spare=None,
             proxies=(), watch=(), rng=None, return_rng=False, memo_key=None, rng_proxies=None):
        func = self.namespace.get(fn)
        if not callable(func):
            return CallResult("missing")
        shareable = (self.memo is not None and memo_key is not None and fn not in self.planted and not watch
                     and rng is None and not return_rng and self.planted <= set(proxies) & set(self.helpers))
        key = (memo_key, fn, tuple(sorted(proxies)), np_seed, return_args)
        if shareable and key in self.memo:
            return self.memo[key]
        result = self._call(func, args, kwargs, np_seed, return_args, spare, proxies, watch, rng, return_rng)
        if shareable:
            self.memo[key] = result
        return result

    def _call(self, func, args, kwargs, np_seed, return_args, spare, proxies, watch, rng, return_rng):
        args, kwargs = copy.deepcopy(tuple(args)), copy.deepcopy(dict(kwargs or {}))
        kwargs = bind_spares(func, args, kwargs, copy.deepcopy(spare))
        if rng is not None:
            np.random.set_state(tuple(rng))
        if np_seed is not None:
            np.random.seed(np_seed)
        used, saved = [], {}
        for name in proxies:
            if name in self.helpers:
                saved[name] = self.namespace.get(name, _ABSENT)
                self.namespace[name] = _recorded(name, self.helpers[name], used)
        for name in watch:
            if name not in saved and callable(self.namespace.get(name)):
                saved[name] = self.namespace[name]
                self.namespace[name] = _recorded(name, saved[name], used)
        try:
            return self._run(func, args, kwargs, return_args, return_rng, used)
        finally:
            for name, original in saved.items():
                if original is _ABSENT:
                    self.namespace.pop(name, None)
                else:
                    self.namespace[name] = original

    def _run(self, func, args, kwargs, return_args, return_rng, used):
        out = io.StringIO()
        started = time.perf_counter()
        try:
            # Known mistakes overflow on purpose (that is what they teach); keep the grader's output clean.
            with redirect_stdout(out), np.errstate(all="ignore"):
                value = func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a mistake may raise; that is its result
            return CallResult("error", error={"type": type(exc).__name__, "message": str(exc),
                                              "traceback": traceback.format_exc(limit=-4)},
                              seconds=time.perf_counter() - started)
        seconds = time.perf_counter() - started
        payload = {"result": value}
        if return_args:
            payload.update(args_after=args, kwargs_after=kwargs)
        if return_rng:
            payload["rng"] = np.random.get_state()
        try:
            values = _round_trip(payload)
        except codec.CodecError as exc:
            return CallResult("error", error={"type": "UnsupportedReturnValue", "message": str(exc), "traceback": ""})
        return CallResult("ok", value=values["result"], args_after=tuple(values.get("args_after", ())),
                          kwargs_after=values.get("kwargs_after", {}), stdout=out.getvalue(), seconds=seconds,
                          helpers_called=sorted(set(used)), rng=values.get("rng"))

    def close(self):
        pass


_ABSENT = object()


def _recorded(name, fn, used):
    def helper(*args, **kwargs):
        used.append(name)
        return fn(*args, **kwargs)

    return helper
