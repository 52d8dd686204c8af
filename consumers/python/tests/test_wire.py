"""kassa.to_wire: results back to canonical JSON (kebab-case keys, decimals as strings, params as lists)."""

from __future__ import annotations

from decimal import Decimal

import kassa


def test_currency_to_wire():
    # ISO 4217: Swiss franc, numeric 756, 2 minor units; cash totals round to 0.05 (docs/money.md).
    assert kassa.to_wire(kassa.currency_info("CHF")) == {
        "code": "CHF",
        "numeric": "756",
        "minor-units": 2,
        "name": "Swiss Franc",
        "cash-increment": "0.05",
    }


def test_decimals_keep_their_scale_and_never_use_exponents():
    assert kassa.to_wire(Decimal("0.0000001")) == "0.0000001"  # str() would give 1E-7
    assert kassa.to_wire(Decimal("1.50")) == "1.50"
    assert kassa.to_wire([Decimal("1000")]) == ["1000"]


def test_problem_and_enums_to_wire():
    p = kassa.Problem("x", "/a", "m", {"k": "v", "j": "w"}, kassa.Severity.WARNING)
    assert kassa.to_wire(p) == {
        "code": "x",
        "path": "/a",
        "message": "m",
        "params": [{"name": "k", "value": "v"}, {"name": "j", "value": "w"}],
        "severity": "warning",
    }
