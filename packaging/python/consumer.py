"""A typed consumer of the installed wheel, checked with `mypy --strict` against the package's own annotations
(py.typed): what must type-check, and (type: ignore with the error code) what the types must refuse."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import kassa


def grand_total(rulebook: Path, cart: kassa.Cart) -> Decimal:
    with kassa.Engine.load(rulebook.read_text()) as engine:
        quote: kassa.Quote = engine.quote(cart)
        return quote.grand_total


def describe(e: kassa.KassaError) -> str:
    problems: tuple[kassa.Problem, ...] = e.problems
    return f"{e.code} at {e.path}: {e.message} ({len(problems)} problems)"


cart = kassa.Cart(currency="EUR", at="2026-11-28T10:00:00Z", lines=[kassa.CartLine(sku="TEE", quantity="2")])
mode: kassa.RoundingMode = kassa.RoundingMode.HALF_EVEN
cents: int = kassa.to_minor_units("12.34", "EUR")
total: str = grand_total(Path("rulebook.json"), cart)  # type: ignore[assignment]  # a Decimal, not a str
