"""`kassa.Replay`: two rulebooks side by side, to replay historical carts under both (docs/replay.md).

Each instance of its pool holds both rulebooks (the contract's `replay` takes the two engines in one instance);
like Engine, it is thread-safe and grows one instance per concurrent caller. What a record says is decided in
the engine (core's replay module), so this answers byte for byte like `kassa replay` (the Rust CLI) once
written with `to_wire` and compact JSON.
"""

from __future__ import annotations

from typing import Optional

from . import _convert, _inputs, _otel, _schema as S
from ._engine import CartLike, RulebookLike
from ._runtime import Instance, Limits, Pool, Pooled, runtime
from ._types import ReplayRecord

_line = _convert.uint(64)


class Replay(Pooled):
    """An old and a new rulebook, loaded together. Create with `Replay.load(old, new)`; thread-safe; close it
    (or use `with`) to free its instances early."""

    __slots__ = ("_old", "_new", "_limits")
    _old: bytes
    _new: bytes
    _limits: Limits

    def __init__(self) -> None:
        raise TypeError("use kassa.Replay.load(old, new)")

    @classmethod
    def load(cls, old: RulebookLike, new: RulebookLike, *, limits: Optional[Limits] = None) -> "Replay":
        """Load and check both rulebooks (JSON text, UTF-8 bytes or dicts). Raises KassaError with every problem
        of the first one that does not load."""
        limits = cls._limits_or_default(limits)
        self = object.__new__(cls)
        self._old = _convert.rulebook(old)
        self._new = _convert.rulebook(new)
        self._limits = limits
        self._pool = Pool(self._new_instance)
        self._pool.put(self._new_instance())  # the first load raises the rulebooks' errors here
        return self

    def _new_instance(self) -> Instance:
        inst = Instance(runtime(), self._limits)
        try:
            reps = []
            for text in (self._old, self._new):
                ok, value = inst.invoke(S.ENGINE_LOAD, [text])
                if not ok:
                    raise value
                reps.append(inst.take_handle(value))
            inst.reps = tuple(reps)
        except BaseException:
            inst.close()
            raise
        return inst

    def replay(self, cart: CartLike, line: int = 1) -> ReplayRecord:
        """Quote `cart` under both rulebooks and compare: grand totals, tax per rule, promotions newly applied
        or rejected, the error of a side that does not quote. `line` (from 1) is copied into the record. A cart
        that does not quote is part of the record, not an exception; a cart of the wrong shape raises
        TypeError or ValueError before anything runs."""
        return self._replay(cart, line)

    @_otel.traced(_otel.SPAN_REPLAY, _otel.replay_attrs)  # positional arguments: the span reads them
    def _replay(self, cart: CartLike, line: int) -> ReplayRecord:
        wire = _inputs.cart(cart, "cart")
        n = _line(line, "line")
        pool = self._pool
        if pool.closed:
            raise ValueError("this kassa.Replay is closed")
        inst = pool.acquire()
        try:
            old, new = inst.reps
            ok, value = inst.invoke(S.REPLAY, [old, new, n, wire])
        finally:
            if _otel.tracing:
                _otel.ran_on(inst)
            pool.release(inst)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

