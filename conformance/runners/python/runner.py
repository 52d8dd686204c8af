#!/usr/bin/env python3
"""Kassa conformance runner for the Python host: the JSON-lines protocol of conformance/README.md on the
public `kassa` API.

    consumers/python/.venv/bin/python conformance/runners/python/runner.py      (make runner-python first)

Requests are answered through the calls a user makes (kassa.Engine.load, engine.quote, kassa.round, ...);
the idiomatic results (dataclasses, Decimal, int) go back to canonical JSON with kassa.to_wire. A failure
that is not a KassaError (a TypeError for a malformed request, say) is answered as `host-error`.
"""

from __future__ import annotations

import json
import platform
import sys
from typing import Any, Callable, Union

import kassa

_engines: dict[str, Union[kassa.Engine, kassa.KassaError]] = {}


def engine_for(rulebook: Any) -> kassa.Engine:
    """One engine per distinct rulebook text; a rulebook that fails to load fails the same way every time."""
    if not isinstance(rulebook, str):
        raise TypeError(f"rulebook: expected the rulebook text, got {type(rulebook).__name__}")
    got = _engines.get(rulebook)
    if got is None:
        try:
            got = kassa.Engine.load(rulebook)
        except kassa.KassaError as e:
            got = e
        _engines[rulebook] = got
    if isinstance(got, kassa.KassaError):
        raise got
    return got


_replays: dict[tuple[str, str], Union[kassa.Replay, kassa.KassaError]] = {}


def _replay(rb: Any, i: dict) -> Any:
    """One kassa.Replay per pair of rulebook texts (the old one is the request's rulebook)."""
    if not isinstance(rb, str) or not isinstance(i.get("new"), str):
        raise TypeError("replay: expected the old and the new rulebook as text")
    key = (rb, i["new"])
    got = _replays.get(key)
    if got is None:
        try:
            got = kassa.Replay.load(rb, i["new"])
        except kassa.KassaError as e:
            got = e
        _replays[key] = got
    if isinstance(got, kassa.KassaError):
        raise got
    return got.replay(i["cart"], i["line"])


def _info(rb: Any, i: dict) -> Any:
    return engine_for(rb).info()


OPS: dict[str, Callable[[Any, dict], Any]] = {
    "load": _info,
    "info": _info,
    "quote": lambda rb, i: engine_for(rb).quote(i),
    "shipping-options": lambda rb, i: engine_for(rb).shipping_options(i),
    "validate": lambda rb, i: engine_for(rb).validate(i),
    "canonical-decimal": lambda rb, i: kassa.canonical_decimal(i["value"]),
    "round": lambda rb, i: kassa.round(i["value"], i["scale"], i["mode"]),
    "round-to-increment": lambda rb, i: kassa.round_to_increment(i["value"], i["increment"], i["mode"]),
    "round-money": lambda rb, i: kassa.round_money(i["amount"], i["currency"], i["mode"]),
    "cash-round": lambda rb, i: kassa.cash_round(i["amount"], i["currency"], i["mode"]),
    # The contract returns minor units as a decimal string; the Python API returns an int.
    "to-minor-units": lambda rb, i: str(kassa.to_minor_units(i["amount"], i["currency"])),
    "from-minor-units": lambda rb, i: kassa.from_minor_units(i["minor"], i["currency"]),
    "allocate": lambda rb, i: kassa.allocate(i["amount"], i["currency"], i["ratios"]),
    "allocate-evenly": lambda rb, i: kassa.allocate_evenly(i["amount"], i["currency"], i["parts"]),
    "currency-info": lambda rb, i: kassa.currency_info(i["code"]),
    "validate-field": lambda rb, i: kassa.validate_field(i["kind"], i["value"], i.get("country")),
    "validate-fields": lambda rb, i: kassa.validate_fields(i["requests"]),
    "versions": lambda rb, i: kassa.versions(),
    "replay": _replay,
}


def _json_input(i: dict) -> Any:
    """The JSON entry points' input: the request's text, or its bytes (hex) for text that is not UTF-8."""
    return bytes.fromhex(i["hex"]) if "hex" in i else i["text"]


# The JSON entry points: the answer is the engine's text, compared byte for byte by the driver.
JSON_OPS: dict[str, Callable[[Any, dict], str]] = {
    "quote-json": lambda rb, i: engine_for(rb).quote_json(_json_input(i)),
    "validate-json": lambda rb, i: engine_for(rb).validate_json(_json_input(i)),
}


def host_error(message: str) -> dict:
    return {"code": "host-error", "path": "", "message": message, "params": [], "problems": []}


def answer(req: Any) -> dict:
    rid = req.get("id") if isinstance(req, dict) else None
    try:
        if not isinstance(req, dict):
            raise TypeError("a request must be a JSON object")
        json_op = JSON_OPS.get(req.get("op"))  # type: ignore[arg-type]
        if json_op is not None:
            return {"id": rid, "wire": json_op(req.get("rulebook"), req.get("input") or {})}
        op = OPS.get(req.get("op"))  # type: ignore[arg-type]
        if op is None:
            raise ValueError(f"unknown op {req.get('op')!r}")
        inp = req.get("input")
        if not isinstance(inp, dict):
            raise TypeError("input must be a JSON object")
        return {"id": rid, "result": kassa.to_wire(op(req.get("rulebook"), inp))}
    except kassa.KassaError as e:
        return {"id": rid, "error": kassa.to_wire(e)}
    except Exception as e:  # a malformed request or a host failure: reported, never fatal
        return {"id": rid, "error": host_error(f"{type(e).__name__}: {e}")}


def main() -> int:
    out = sys.stdout
    hello = {
        "host": "python",
        "runtime": f"python{platform.python_version()} {kassa.runtime_version()} (core module, kassa {kassa.__version__})",
        "component-sha256": kassa.wasm_sha256(),
    }
    out.write(json.dumps({"hello": hello}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as e:
            resp = {"id": None, "error": host_error(f"request is not JSON: {e}")}
        else:
            resp = answer(req)
        out.write(json.dumps(resp, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
