"""The canonical JSON form (docs/wire.md): `kassa.to_wire`, and the helpers of the generated `_json.py`.

Canonical JSON is what the engine reads and writes in every host: kebab-case keys in WIT order, enums as
their WIT case names, absent options as null, decimals and timestamps as strings, `params`/`details` as
`[{"name", "value"}]`. The typed calls cross as this JSON: `_json.py` turns a cart or an order (a dataclass or
a mapping) into it, the engine reads it strictly, and the result comes back as JSON turned into dataclasses.
Values the engine judges are passed as they are: a number where a decimal string belongs (an int, a float or
a Decimal) is refused by the engine as `wrong-type`, an unknown key as `unknown-field`, the same in every host.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Optional

from ._errors import KassaError


def to_wire(value: Any) -> Any:
    """The canonical JSON value (dicts, lists, str, int, bool, None) of a result, an input or a KassaError."""
    if value is None or isinstance(value, (bool, str)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return value
    if isinstance(value, KassaError):
        return {
            "code": value.code,
            "path": value.path,
            "message": value.message,
            "params": _params_to_wire(value.params),
            "problems": [to_wire(p) for p in value.problems],
            "text": value.text,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        method = getattr(value, "to_wire", None)
        if method is not None:
            return method()
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            out[f.name.replace("_", "-")] = _params_to_wire(v) if isinstance(v, dict) else to_wire(v)
        return out
    if isinstance(value, dict):
        return _params_to_wire(value)
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    raise TypeError(f"to_wire: {type(value).__name__} is not a Kassa value")


def json_bytes(text: Any, where: str) -> bytes:
    """JSON text as the bytes the engine reads. A str is encoded as UTF-8 with its lone surrogates kept (as the
    three bytes each that WTF-8 and `surrogatepass` write), so that the engine reports them at their JSON
    Pointer instead of Python raising UnicodeEncodeError; bytes are passed as they are."""
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"{where}: expected JSON text (str or bytes), got {type(text).__name__}")


def dumps(value: Any, where: str) -> bytes:
    """The JSON text of an input's wire form (see `_json.py`), for the engine to read."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{where}: {e}") from None
    return text.encode("utf-8", "surrogatepass")


# ---- helpers of _json.py ---------------------------------------------------------------------------------


def _din(x: Any) -> Any:
    """A decimal of an input: a str as it is; a number of any type as a JSON number, which the engine refuses
    (wrong-type, "expected a decimal string"), as JS and Go numbers are refused."""
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"{x} is not a finite number")
        return int(x) if x == x.to_integral_value() else float(x)
    return x


def _dout(x: Any) -> Any:
    """A decimal of a result: its plain text with its scale (never an exponent)."""
    return format(x, "f") if isinstance(x, Decimal) else x


def _ts(x: Any) -> Any:
    """A timestamp of an input: RFC 3339 text as it is, or a timezone-aware datetime in UTC."""
    if isinstance(x, datetime):
        if x.tzinfo is None or x.utcoffset() is None:
            raise ValueError("a naive datetime is ambiguous; give it a timezone (or pass RFC 3339 text)")
        u = x.astimezone(timezone.utc)
        frac = f".{u.microsecond:06d}".rstrip("0") if u.microsecond else ""
        return u.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"
    return x


def _enum(x: Any) -> Any:
    return x.value if isinstance(x, Enum) else x


def _list(v: Any, f: Optional[Callable[[Any], Any]] = None) -> Any:
    """A list of an input; anything but a list or tuple is passed as it is (the engine says wrong-type)."""
    if isinstance(v, (list, tuple)):
        return list(v) if f is None else [f(x) for x in v]
    return v


def _list_of(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: _list(v, f)


def _opt(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else f(v)


def _from_mapping(v: Any, table: dict[str, tuple[str, Any]], where: str) -> Any:
    """A mapping with kebab-case or snake_case keys in its JSON form: known keys renamed and their values
    converted, unknown keys kept for the engine to report; anything but a mapping as it is."""
    if not isinstance(v, Mapping):
        return v
    out: dict[Any, Any] = {}
    for k, x in v.items():
        entry = table.get(k) if isinstance(k, str) else None
        if entry is None:
            out[k] = x
            continue
        key, conv = entry
        if key in out:
            raise ValueError(f"{where}: key {key!r} given twice (kebab-case and snake_case)")
        out[key] = x if conv is None else conv(x)
    return out


def _params(v: Any) -> dict[str, str]:
    return {p["name"]: p["value"] for p in v}


def _params_to_wire(d: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in d.items()]


def _keys(d: Any, known: frozenset[str], required: frozenset[str], where: str) -> None:
    """Raise ValueError saying why `d` is not the JSON form of a `where`, if its keys say why."""
    if not isinstance(d, dict):
        raise ValueError(f"{where}: expected a JSON object (dict), got {type(d).__name__}")
    unknown = sorted(str(k) for k in d.keys() - known)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; the keys are {sorted(known)}")
    missing = sorted(required - d.keys())
    if missing:
        raise ValueError(f"{where}: missing key(s) {', '.join(map(repr, missing))}")
