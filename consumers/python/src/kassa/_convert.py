"""Checks and converts what Python callers pass into wire values, before anything enters WebAssembly.

The converters of the WIT's input records and enums are generated from it (_inputs.py) out of the building
blocks here. Wire values are what the lowerers take: UTF-8 `bytes` for strings and decimals, ints, bools,
enum case indices, tuples in WIT field order for records (and for flags: one bool per flag), and (case
index, payload) for variants. Records are accepted as the package's dataclasses or as
mappings whose keys are the WIT names in kebab-case ("postal-code") or snake_case ("postal_code"); unknown keys
are refused, as the engine's canonical JSON refuses them. A wrong type raises TypeError and a wrong value
ValueError, each naming where in the input it is ("cart.lines[2].quantity"). Values the engine itself judges
(is "01.5" a decimal? is "EUX" a currency?) are passed through and come back as KassaError with a path.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from collections.abc import Mapping
from typing import Any, Callable

Conv = Callable[[Any, str], Any]
#: The default of a field a caller must give.
REQUIRED = object()
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


def uint(bits: int) -> Conv:
    """An unsigned integer of `bits` bits (u8, u16, u64)."""
    top = 2**bits - 1

    def conv(v: Any, where: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _type_error(where, "int", v)
        if not 0 <= v <= top:
            raise ValueError(f"{where}: {v} is out of range (0..{top})")
        return v

    return conv


def sint(bits: int) -> Conv:
    """A signed integer of `bits` bits (s8 ... s64)."""
    low, top = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def conv(v: Any, where: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _type_error(where, "int", v)
        if not low <= v <= top:
            raise ValueError(f"{where}: {v} is out of range ({low}..{top})")
        return v

    return conv


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


def tuple_of(*convs: Conv) -> Conv:
    """A WIT tuple: a sequence of exactly len(convs) values."""

    def conv(v: Any, where: str) -> tuple[Any, ...]:
        if isinstance(v, (str, bytes, Mapping)) or not hasattr(v, "__len__") or len(v) != len(convs):
            raise _type_error(where, f"a tuple of {len(convs)}", v)
        return tuple(c(x, f"{where}[{i}]") for i, (c, x) in enumerate(zip(convs, v)))

    return conv


def flags(cls: type) -> Conv:
    """WIT flags: the dataclass `cls` of bools, or a mapping of flag names to bools (absent ones are false)."""
    names = [f.name for f in dataclasses.fields(cls)]

    def conv(v: Any, where: str) -> tuple[bool, ...]:
        if isinstance(v, cls):
            return tuple(boolean(getattr(v, n), f"{where}.{n}") for n in names)
        if not isinstance(v, Mapping):
            raise _type_error(where, f"{cls.__name__} or a dict", v)
        for k in v:
            if not isinstance(k, str) or k.replace("-", "_") not in names:
                raise ValueError(f"{where}: unknown flag {k!r} (known: {', '.join(names)})")
        return tuple(boolean(v.get(n, v.get(n.replace("_", "-"), False)), f"{where}.{n}") for n in names)

    return conv


def variant(cls: type, cases: list[tuple[str, Conv | None]]) -> Conv:
    """A WIT variant: the dataclass `cls` (tag, value) or a mapping {"tag": ..., "value": ...}."""
    index = {name: i for i, (name, _) in enumerate(cases)}

    def conv(v: Any, where: str) -> tuple[int, Any]:
        if isinstance(v, cls):
            tag, value = v.tag, v.value  # type: ignore[attr-defined]
        elif isinstance(v, Mapping):
            tag, value = v.get("tag"), v.get("value")
        else:
            raise _type_error(where, f"{cls.__name__} or a dict", v)
        i = index.get(tag) if isinstance(tag, str) else None
        if i is None:
            raise ValueError(f"{where}: {tag!r} is not a case of {cls.__name__} (one of {', '.join(index)})")
        payload = cases[i][1]
        return i, (None if payload is None else payload(value, f"{where}.value"))

    return conv


class Record:
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
                if default is REQUIRED:
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
