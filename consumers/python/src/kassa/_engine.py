"""`kassa.Engine`: a loaded rulebook, usable from many threads at once.

The rulebook is loaded once in the first instance (which reports every problem of a bad rulebook); each
further thread that calls at the same time gets its own instance, into which the same rulebook text is loaded
on first use. A trapped instance is dropped and the next call loads the rulebook into a fresh one.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Union

from . import _convert, _inputs, _json, _otel, _schema as S, _wire
from ._runtime import Instance, Limits, Pool, Pooled, runtime
from ._types import Cart, EngineInfo, Order, Quote, ShippingOption, ValidationReport

CartLike = Union[Cart, Mapping[str, Any]]
OrderLike = Union[Order, Mapping[str, Any]]
RulebookLike = Union[str, bytes, Mapping[str, Any]]
_loads = json.loads
#: JSON text: str, or bytes as received (UTF-8 or not: the engine reports what is not Unicode).
JsonText = Union[str, bytes, bytearray, memoryview]


class Engine(Pooled):
    """A loaded rulebook. Create with `Engine.load(rulebook)`; thread-safe; close it (or use `with`) to free
    its instances early."""

    __slots__ = ("_rulebook", "_limits")
    _rulebook: bytes
    _limits: Limits

    def __init__(self) -> None:
        raise TypeError("use kassa.Engine.load(rulebook)")

    @classmethod
    @_otel.traced(_otel.SPAN_LOAD, _otel.load_attrs)
    def load(cls, rulebook: RulebookLike, *, limits: Optional[Limits] = None) -> "Engine":
        """Load and check a rulebook (JSON text as str or UTF-8 bytes, or a dict). Raises KassaError with every
        problem in `.problems` when it does not load (code `invalid-json` for malformed JSON)."""
        limits = cls._limits_or_default(limits)
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
            if _otel.tracing:
                _otel.ran_on(inst)
            pool.release(inst)

    @_otel.traced(_otel.SPAN_QUOTE, _otel.quote_attrs)
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

    @_otel.traced(_otel.SPAN_VALIDATE, _otel.validate_attrs)
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
        ok, value = self._call(S.QUOTE_CART, _inputs.cart(cart, "cart"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    @_otel.traced(_otel.SPAN_QUOTE, _otel.json_attrs)
    def quote_json(self, cart: JsonText) -> str:
        """Price a cart given as Kassa's canonical JSON (docs/wire.md) and return the quote's canonical JSON:
        the same text in every host. The engine reads the cart strictly: an unknown key, a JSON number where a
        decimal string belongs, or text that is not Unicode raises KassaError `cart-invalid` with every finding
        at its JSON Pointer; malformed JSON is `invalid-json`."""
        ok, value = self._call(S.ENGINE_QUOTE_JSON, _wire.json_bytes(cart, "cart"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    @_otel.traced(_otel.SPAN_SHIPPING_OPTIONS, _otel.shipping_attrs)
    def shipping_options(self, cart: CartLike) -> list[ShippingOption]:
        """Every shipping method of the rulebook for a cart, in rulebook order: each priced as `quote` would
        price the cart with that method (`shipping`), or unavailable with the problem that quote would report
        (`unavailable`). The cart's own `shipping_method` is ignored. Raises KassaError as `quote` of the cart
        without a method would (docs/rulebook.md, "shipping.methods"). The cart crosses as its canonical JSON, as
        in `quote`."""
        body = _wire.dumps(_json.cart_input(cart), "cart")
        ok, value = self._call(S.ENGINE_SHIPPING_OPTIONS_JSON, body)
        if not ok:
            raise value
        return [_json.shipping_option(o) for o in _loads(value)]

    @_otel.traced(_otel.SPAN_SHIPPING_OPTIONS, _otel.json_attrs)
    def shipping_options_json(self, cart: JsonText) -> str:
        """`shipping_options` on a cart given as canonical JSON (read as `quote_json` reads it), returning the
        options' canonical JSON (a list): the same text in every host."""
        ok, value = self._call(S.ENGINE_SHIPPING_OPTIONS_JSON, _wire.json_bytes(cart, "cart"))
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    @_otel.traced(_otel.SPAN_VALIDATE, _otel.json_attrs)
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


    # ---- test hooks (private) ------------------------------------------------------------------------------

    def _trap_for_testing(self) -> None:
        """Make the instance the next call would use trap (the contract's `trap-for-testing`)."""
        self._call(S.TRAP_FOR_TESTING, None)  # the rep argument is ignored by this export

    def _instances(self) -> int:
        return len(self._pool)
