"""`kassa.Replay`: two rulebooks side by side, to replay historical carts under both (docs/replay.md).

Each instance of its pool holds both rulebooks (the contract's `replay` takes the two engines in one instance);
like Engine, it is thread-safe and grows one instance per concurrent caller. What a record says is decided in
the engine (core's replay module), so this answers byte for byte like `kassa replay` (the Rust CLI) once
written with `to_wire` and compact JSON.
"""

from __future__ import annotations

from types import TracebackType
from typing import Optional

from . import _convert, _inputs, _schema as S
from ._engine import CartLike, RulebookLike
from ._runtime import Instance, Limits, Pool, runtime
from ._types import ReplayRecord

_line = _convert.uint(64)


class Replay:
    """An old and a new rulebook, loaded together. Create with `Replay.load(old, new)`; thread-safe; close it
    (or use `with`) to free its instances early."""

    __slots__ = ("_pool", "_old", "_new", "_limits", "__weakref__")
    _pool: Pool
    _old: bytes
    _new: bytes
    _limits: Limits

    def __init__(self) -> None:
        raise TypeError("use kassa.Replay.load(old, new)")

    @classmethod
    def load(cls, old: RulebookLike, new: RulebookLike, *, limits: Optional[Limits] = None) -> "Replay":
        """Load and check both rulebooks (JSON text, UTF-8 bytes or dicts). Raises KassaError with every problem
        of the first one that does not load."""
        if limits is None:
            limits = Limits()
        elif not isinstance(limits, Limits):
            raise TypeError(f"limits: expected kassa.Limits, got {type(limits).__name__}")
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
            pool.release(inst)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Free the instances now (they are freed with the object anyway). Later calls raise ValueError."""
        self._pool.close()

    @property
    def closed(self) -> bool:
        return self._pool.closed

    def __enter__(self) -> "Replay":
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._pool.closed else f"{len(self._pool)} idle instance(s)"
        return f"<kassa.Replay {state}>"
