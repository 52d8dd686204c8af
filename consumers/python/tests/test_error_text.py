"""The text of an error (docs/errors.md, "The text of an error"): `str()` is the engine's one line, the same in
every host (conformance/cases/error-text.json has the same inputs), with no wasm internals."""

from __future__ import annotations

import pytest

import kassa
from conftest import REPO

CART = {
    "currency": "EUR",
    "at": "2026-05-01T12:00:00Z",
    # TEE allows at most 10 (examples/rulebook.json); MUG is inactive: the one more problem.
    "lines": [{"sku": "TEE", "quantity": "12"}, {"sku": "MUG", "quantity": "1"}],
}


def test_str_is_the_engines_line():
    with kassa.Engine.load((REPO / "examples" / "rulebook.json").read_text()) as engine:
        with pytest.raises(kassa.KassaError) as e:
            engine.quote(CART)
    # Written by hand from the format: code, the first problem's path and message, the others counted.
    want = "cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)"
    assert (e.value.code, str(e.value), e.value.text) == ("cart-invalid", want, want)
    assert e.value.__cause__ is None


def test_str_without_problems():
    with pytest.raises(kassa.KassaError) as e:
        kassa.round("1e3", 0, "half-even")
    assert str(e.value) == 'invalid-decimal: /value: invalid decimal "1e3" at position 1: exponent not allowed'


def test_hand_made_error_text():
    assert str(kassa.KassaError("x-y", "m")) == "x-y: m"
