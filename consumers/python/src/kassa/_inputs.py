"""Checks and converts what Python callers pass into wire values, before anything enters WebAssembly.

Wire values are what `_abi.py` lowers: UTF-8 `bytes` for strings and decimals, ints, bools, enum case
indices, and tuples in WIT field order for records. Records are accepted as the package's dataclasses or as
mappings whose keys are the WIT names in kebab-case ("postal-code") or snake_case ("postal_code"); unknown keys
are refused, as the engine's canonical JSON refuses them. A wrong type raises TypeError and a wrong value
ValueError, each naming where in the input it is ("cart.lines[2].quantity"). Values the engine itself judges
(is "01.5" a decimal? is "EUX" a currency?) are passed through and come back as KassaError with a path.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from collections.abc import Mapping
from typing import Any, Callable

from . import _types as t

Conv = Callable[[Any, str], Any]
_REQUIRED = object()
_MISSING = object()
_U32_MAX = 2**32 - 1


def _type_error(where: str, expected: str, value: Any) -> TypeError:
    return TypeError(f"{where}: expected {expected}, got {type(value).__name__}")


def text(v: Any, where: str) -> bytes:
    if not isinstance(v, str):
        raise _type_error(where, "str", v)
    try:
        return v.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{where}: not valid Unicode text ({e.reason} at position {e.start})") from None


def decimal(v: Any, where: str) -> bytes:
    """Decimal, str or int. Strings are passed as written: the engine parses them strictly and reports
    `invalid-decimal` with the position. Floats are refused: 0.1 is not one tenth."""
    if isinstance(v, str):
        return text(v, where)
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"{where}: {v} is not a finite decimal")
        return format(v, "f").encode("ascii")
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v).encode("ascii")
    if isinstance(v, float):
        raise TypeError(f"{where}: floats are not accepted (they cannot hold money exactly); pass a Decimal or a str")
    raise _type_error(where, "Decimal, str or int", v)


def u32(v: Any, where: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _type_error(where, "int", v)
    if not 0 <= v <= _U32_MAX:
        raise ValueError(f"{where}: {v} is out of range (0..{_U32_MAX})")
    return v


def minor_units(v: Any, where: str) -> bytes:
    """An amount in minor units: an int, or a str of digits the engine parses."""
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise _type_error(where, "int or str", v)
    return text(v, where) if isinstance(v, str) else str(v).encode("ascii")


def boolean(v: Any, where: str) -> bool:
    if not isinstance(v, bool):
        raise _type_error(where, "bool", v)
    return v


def timestamp(v: Any, where: str) -> bytes:
    """RFC 3339 text (passed through for the engine to check), or a timezone-aware datetime (sent in UTC)."""
    if isinstance(v, datetime):
        if v.tzinfo is None or v.utcoffset() is None:
            raise ValueError(f"{where}: a naive datetime is ambiguous; give it a timezone (or pass RFC 3339 text)")
        u = v.astimezone(timezone.utc)
        frac = f".{u.microsecond:06d}".rstrip("0") if u.microsecond else ""
        return (u.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z").encode("ascii")
    if isinstance(v, str):
        return text(v, where)
    raise _type_error(where, "str or datetime", v)


def optional(conv: Conv) -> Conv:
    def opt(v: Any, where: str) -> Any:
        return None if v is None else conv(v, where)

    return opt


def sequence(conv: Conv) -> Conv:
    def seq(v: Any, where: str) -> list[Any]:
        if isinstance(v, (str, bytes, bytearray, Mapping)) or not hasattr(v, "__iter__"):
            raise _type_error(where, "a list", v)
        return [conv(x, f"{where}[{i}]") for i, x in enumerate(v)]

    return seq


def enum_index(cls: type[Enum]) -> Conv:
    """A WIT enum case: the enum member, or its WIT name as a str ("half-even")."""
    index = {m.value: i for i, m in enumerate(cls)}
    names = ", ".join(repr(m.value) for m in cls)

    def conv(v: Any, where: str) -> int:
        if not isinstance(v, str):
            raise _type_error(where, f"{cls.__name__} or str", v)
        i = index.get(v if not isinstance(v, Enum) else v.value)
        if i is None or (isinstance(v, Enum) and not isinstance(v, cls)):
            raise ValueError(f"{where}: {v!r} is not a {cls.__name__} (one of {names})")
        return i

    return conv


class _Record:
    """A WIT record as input: the dataclass `cls` or a mapping with kebab-case or snake_case keys."""

    def __init__(self, cls: type, fields: list[tuple[str, Conv, Any]]) -> None:
        self.cls = cls
        # (snake_name, kebab_name, conv, default or _REQUIRED), in WIT order
        self.fields = [(n, n.replace("_", "-"), conv, d) for n, conv, d in fields]
        self.names = {n for n, _, _ in fields}

    def __call__(self, v: Any, where: str) -> tuple[Any, ...]:
        if isinstance(v, self.cls):
            return tuple(conv(getattr(v, n), f"{where}.{n}") for n, _, conv, _ in self.fields)
        if not isinstance(v, Mapping):
            raise _type_error(where, f"{self.cls.__name__} or a dict", v)
        out, found = [], 0
        for snake, kebab, conv, default in self.fields:
            x = v.get(kebab, _MISSING)
            if snake != kebab:
                y = v.get(snake, _MISSING)
                if x is _MISSING:
                    x = y
                elif y is not _MISSING:
                    raise ValueError(f"{where}: key {kebab!r} given twice (kebab-case and snake_case)")
            if x is _MISSING:
                if default is _REQUIRED:
                    raise ValueError(f"{where}: missing required key {snake!r}")
                x = default
            else:
                found += 1
            out.append(conv(x, f"{where}.{snake}"))
        if found != len(v):
            self._unknown_key(v, where)
        return tuple(out)

    def _unknown_key(self, v: Mapping[Any, Any], where: str) -> None:
        for k in v:
            if not isinstance(k, str):
                raise TypeError(f"{where}: keys must be str, got {type(k).__name__}")
            if k.replace("-", "_") not in self.names:
                raise ValueError(f"{where}: unknown key {k!r} (known: {', '.join(sorted(self.names))})")


_opt_text = optional(text)
_texts = sequence(text)

cart_line = _Record(
    t.CartLine, [("sku", text, _REQUIRED), ("quantity", decimal, _REQUIRED), ("unit_price", optional(decimal), None)]
)
usage_count = _Record(t.UsageCount, [("key", text, _REQUIRED), ("by_customer", u32, 0), ("total", u32, 0)])
cart = _Record(
    t.Cart,
    [
        ("currency", text, _REQUIRED),
        ("at", timestamp, _REQUIRED),
        ("country", _opt_text, None),
        ("region", _opt_text, None),
        ("channel", _opt_text, None),
        ("customer_group", _opt_text, None),
        ("customer_id", _opt_text, None),
        ("previous_orders", optional(u32), None),
        ("tax_exempt", boolean, False),
        ("reverse_charge", boolean, False),
        ("lines", sequence(cart_line), ()),
        ("coupons", _texts, ()),
        ("shipping_method", _opt_text, None),
        ("cash_rounding", boolean, False),
        ("usage", sequence(usage_count), ()),
    ],
)
address = _Record(
    t.Address,
    [
        ("name", _opt_text, None),
        ("lines", _texts, ()),
        ("city", _opt_text, None),
        ("postal_code", _opt_text, None),
        ("region", _opt_text, None),
        ("country", text, _REQUIRED),
    ],
)
order = _Record(
    t.Order,
    [
        ("cart", cart, _REQUIRED),
        ("email", _opt_text, None),
        ("phone", _opt_text, None),
        ("vat_id", _opt_text, None),
        ("shipping_address", optional(address), None),
        ("billing_address", optional(address), None),
    ],
)

rounding_mode = enum_index(t.RoundingMode)
field_kind = enum_index(t.FieldKind)
decimals = sequence(decimal)


def rulebook(v: Any) -> bytes:
    """The rulebook as UTF-8 JSON text: str, bytes (must be UTF-8) or a dict (serialised compactly; Decimals
    become strings). The engine reports malformed JSON as `invalid-json`."""
    if isinstance(v, str):
        return text(v, "rulebook")
    if isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        try:
            b.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ValueError(f"rulebook: bytes are not UTF-8 ({e.reason} at byte {e.start})") from None
        return b
    if isinstance(v, Mapping):
        _no_floats(v, "rulebook")
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"), default=_json_default).encode("utf-8")
    raise _type_error("rulebook", "str, bytes or dict", v)


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return format(o, "f")
    if isinstance(o, (tuple, set, frozenset)):
        return list(o)
    raise TypeError(f"rulebook: {type(o).__name__} is not JSON")


def _no_floats(v: Any, where: str) -> None:
    if isinstance(v, float):
        raise TypeError(f"{where}: floats are not accepted (they cannot hold money exactly); use a str or Decimal")
    if isinstance(v, Mapping):
        for k, x in v.items():
            _no_floats(x, f"{where}.{k}")
    elif isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            _no_floats(x, f"{where}[{i}]")
