"""`kassa.to_wire`: any Kassa value back to its canonical JSON form (the form every host agrees on).

Canonical JSON is the serde form of core/src/api.rs: kebab-case keys, enums as their WIT case names, absent
options as null, decimals as strings, `params`/`details` as `[{"name", "value"}]`. The conformance runner and
the example service use it; it is also the shape to log or send over HTTP.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from typing import Any

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
            "params": _params(value.params),
            "problems": [to_wire(p) for p in value.problems],
            "text": value.text,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            out[f.name.replace("_", "-")] = _params(v) if isinstance(v, dict) else to_wire(v)
        return out
    if isinstance(value, dict):
        return _params(value)
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    raise TypeError(f"to_wire: {type(value).__name__} is not a Kassa value")


def _params(d: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in d.items()]
