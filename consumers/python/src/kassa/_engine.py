"""`kassa.Engine`: a loaded rulebook, usable from many threads at once.

The rulebook is loaded once in the first instance (which reports every problem of a bad rulebook); each
further thread that calls at the same time gets its own instance, into which the same rulebook text is loaded
on first use. A trapped instance is dropped and the next call loads the rulebook into a fresh one.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, Mapping, Optional, Union

from . import _convert, _inputs, _json, _schema as S, _wire
from ._runtime import Instance, Limits, Pool, runtime
from ._types import Cart, EngineInfo, Order, Quote, ValidationReport

CartLike = Union[Cart, Mapping[str, Any]]
OrderLike = Union[Order, Mapping[str, Any]]
RulebookLike = Union[str, bytes, Mapping[str, Any]]
_loads = json.loads
#: JSON text: str, or bytes as received (UTF-8 or not: the engine reports what is not Unicode).
JsonText = Union[str, bytes, bytearray, memoryview]


class Engine:
    """A loaded rulebook. Create with `Engine.load(rulebook)`; thread-safe; close it (or use `with`) to free
    its instances early."""

    __slots__ = ("_pool", "_rulebook", "_limits", "__weakref__")
    _pool: Pool
    _rulebook: bytes
    _limits: Limits

    def __init__(self) -> None:
        raise TypeError("use kassa.Engine.load(rulebook)")

    @classmethod
    def load(cls, rulebook: RulebookLike, *, limits: Optional[Limits] = None) -> "Engine":
        """Load and check a rulebook (JSON text as str or UTF-8 bytes, or a dict). Raises KassaError with every
        problem in `.problems` when it does not load (code `invalid-json` for malformed JSON)."""
        if limits is None:
            limits = Limits()
        elif not isinstance(limits, Limits):
            raise TypeError(f"limits: expected kassa.Limits, got {type(limits).__name__}")
        text = _convert.rulebook(rulebook)
        self = object.__new__(cls)
        self._rulebook = text
        self._limits = limits
        self._pool = Pool(self._new_instance)
        self._pool.put(self._new_instance())  # the first load raises the rulebook's errors here
        return self

    def _new_instance(self) -> Instance:
        inst = Instance(runtime(), self._limits)
        try:
            ok, value = inst.invoke(S.ENGINE_LOAD, [self._rulebook])
            if not ok:
                raise value
            inst.rep = inst.take_handle(value)
        except BaseException:
            inst.close()
            raise
        return inst

    def _call(self, func: Any, arg: Any) -> Any:
        pool = self._pool
        if pool.closed:
            raise ValueError("this kassa.Engine is closed")
        inst = pool.acquire()
        try:
            return inst.invoke(func, [inst.rep] if arg is None else [inst.rep, arg])
        finally:
            pool.release(inst)

    def quote(self, cart: CartLike) -> Quote:
        """Price a cart. Raises KassaError (with a JSON Pointer `path` into the cart) when it cannot.

        The cart (a Cart, or a mapping with kebab-case or snake_case keys) crosses as its canonical JSON and the
        engine reads it as `quote_json` does: a number where a decimal string belongs (an int, a float, a
        Decimal) or an unknown key is `cart-invalid` with the finding at its pointer, as in every host."""
        body = _wire.dumps(_json.cart_input(cart), "cart")
        ok, value = self._call(S.ENGINE_QUOTE_JSON, body)
        if not ok:
            raise value
        return _json.quote(_loads(value))

    def validate(self, order: OrderLike) -> ValidationReport:
        """Check an order at checkout; problems are reported in the result, not raised (those of its JSON
        shape included: a number where a decimal string belongs is a `wrong-type` finding)."""
        body = _wire.dumps(_json.order_input(order), "order")
        ok, value = self._call(S.ENGINE_VALIDATE_JSON, body)
        if not ok:
            raise value
        return _json.validation_report(_loads(value))

    def _quote_abi(self, cart: CartLike) -> Quote:
        """The typed quote through the canonical ABI (lowered and lifted field by field): kept to measure it
        against the JSON path in bench.py (README, "Threads")."""
        ok, value = self._call(S.ENGINE_QUOTE, _inputs.cart(cart, "cart"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def quote_json(self, cart: JsonText) -> str:
        """Price a cart given as Kassa's canonical JSON (docs/wire.md) and return the quote's canonical JSON:
        the same text in every host. The engine reads the cart strictly: an unknown key, a JSON number where a
        decimal string belongs, or text that is not Unicode raises KassaError `cart-invalid` with every finding
        at its JSON Pointer; malformed JSON is `invalid-json`."""
        ok, value = self._call(S.ENGINE_QUOTE_JSON, _wire.json_bytes(cart, "cart"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def validate_json(self, order: JsonText) -> str:
        """Check an order given as canonical JSON and return the validation report's canonical JSON. Problems
        with the order, its JSON shape included, are in the report; malformed JSON raises `invalid-json`."""
        ok, value = self._call(S.ENGINE_VALIDATE_JSON, _wire.json_bytes(order, "order"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def info(self) -> EngineInfo:
        """The rulebook's id, version and hash, and the engine's versions."""
        return self._call(S.ENGINE_INFO_FN, None)  # type: ignore[no-any-return]

    @property
    def limits(self) -> Limits:
        return self._limits

    def close(self) -> None:
        """Free the instances now (they are freed with the engine anyway). Later calls raise ValueError."""
        self._pool.close()

    @property
    def closed(self) -> bool:
        return self._pool.closed

    def __enter__(self) -> "Engine":
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._pool.closed else f"{len(self._pool)} idle instance(s)"
        return f"<kassa.Engine {state}>"

    # ---- test hooks (private) ------------------------------------------------------------------------------

    def _trap_for_testing(self) -> None:
        """Make the instance the next call would use trap (the contract's `trap-for-testing`)."""
        self._call(S.TRAP_FOR_TESTING, None)  # the rep argument is ignored by this export

    def _instances(self) -> int:
        return len(self._pool)
