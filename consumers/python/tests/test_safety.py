"""Traps, fuel and memory limits: each raises a clear exception and leaves the engine usable."""

from __future__ import annotations

from decimal import Decimal

import pytest
import wasmtime

import kassa
from kassa import _functions

CART = {"currency": "EUR", "at": "2026-11-24T09:30:00Z"}


def test_engine_recovers_from_a_trap(engine):
    before = engine.info()
    with pytest.raises(kassa.TrapError) as e:
        engine._trap_for_testing()
    assert (e.value.code, e.value.params) == ("host-error", {"reason": "trap"})
    # The text says what happened without wasm internals; wasmtime's report is the cause.
    assert str(e.value) == (
        "host-error: the engine trapped in trap-for-testing; its instance was replaced, so the next call works"
    )
    assert isinstance(e.value.__cause__, wasmtime.Trap)
    assert "unreachable" in str(e.value.__cause__)
    assert isinstance(e.value, kassa.KassaError)
    assert engine._instances() == 0, "the trapped instance was discarded, not put back"
    assert engine.info() == before  # a fresh instance, the rulebook loaded into it again
    assert engine._instances() == 1


def test_module_functions_recover_from_a_trap():
    with pytest.raises(kassa.TrapError):
        _functions._trap_for_testing()
    assert kassa.round("2.5", 0, kassa.RoundingMode.HALF_EVEN) == Decimal("2")


def test_fuel_limit_on_module_functions():
    # canonical-decimal of "1.50" runs a few thousand instructions; 1000 e-mail addresses in one
    # validate-fields call, millions. (A decimal of 200 000 digits no longer does: it is refused at its 29th.)
    kassa.set_default_limits(kassa.Limits(fuel=200_000))
    assert kassa.canonical_decimal("1.50") == Decimal("1.50")
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.validate_fields([{"kind": "email", "value": "anna@example.com"}] * 1000)
    assert (e.value.code, e.value.params) == ("limit-exceeded", {"limit": "fuel", "max": "200000"})
    assert "fuel" in str(e.value)
    assert kassa.canonical_decimal("2.50") == Decimal("2.50")


def test_fuel_limit_on_an_engine(rulebook_text):
    # Loading the minimal rulebook takes ~10^5 instructions; checking a 1000-line order (the most a cart may
    # have) takes millions.
    with kassa.Engine.load(rulebook_text, limits=kassa.Limits(fuel=1_000_000)) as engine:
        big = dict(CART, lines=[{"sku": f"SKU-{i}", "quantity": "1"} for i in range(1000)])
        with pytest.raises(kassa.LimitExceeded) as e:
            engine.validate({"cart": big})
        assert e.value.params["limit"] == "fuel"
        assert engine.info().rulebook_id == "shop"  # usable again


def test_memory_limit_when_the_input_does_not_fit():
    # 20 MB cannot be copied into an instance limited to 4 MiB: cabi_realloc fails.
    kassa.set_default_limits(kassa.Limits(memory_bytes=4 << 20))
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.canonical_decimal("1" * 20_000_000)
    assert e.value.params == {"limit": "memory", "max": str(4 << 20)}
    # 4 MiB = 4 x 1048576 = 4194304 bytes; the same text as in every host (core's MemoryExhausted).
    assert str(e.value) == "limit-exceeded: limit memory exceeded: the call needs more than 4194304 bytes of memory"
    assert isinstance(e.value.__cause__, wasmtime.Trap)
    assert kassa.canonical_decimal("1.50") == Decimal("1.50")


def test_memory_limit_inside_a_call():
    # 2 MB of field values fit in 4 MB, but answering them (each result echoes its value and says why it is
    # not an e-mail address) needs more than the rest.
    kassa.set_default_limits(kassa.Limits(memory_bytes=4 << 20))
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.validate_fields([{"kind": "email", "value": "x" * 1000}] * 2000)
    assert e.value.params["limit"] == "memory"
    assert kassa.currency_info("EUR").minor_units == 2


def test_memory_limit_below_what_the_module_needs(rulebook_text):
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.Engine.load(rulebook_text, limits=kassa.Limits(memory_bytes=64 * 1024))
    assert e.value.params["limit"] == "memory"


def test_huge_input_within_limits_is_a_kassa_error_not_a_crash():
    with pytest.raises(kassa.KassaError) as e:
        kassa.canonical_decimal("9" * 100_000)
    assert e.value.code == "invalid-decimal"
    assert kassa.canonical_decimal("9") == Decimal(9)


def test_the_engines_own_limits_raise_limit_exceeded(engine):
    # docs/limits.md: a cart has at most 1000 lines; a rulebook at most 4194304 bytes.
    lines = [{"sku": "A", "quantity": "1"}] * 1001
    with pytest.raises(kassa.LimitExceeded) as e:
        engine.quote(dict(CART, lines=lines))
    assert (e.value.code, e.value.path) == ("limit-exceeded", "/lines")
    assert e.value.params == {"limit": "lines", "max": "1000", "actual": "1001"}
    from conftest import MINIMAL_RULEBOOK

    huge = dict(MINIMAL_RULEBOOK, description="x" * 4_200_000)
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.Engine.load(huge)
    assert e.value.params["limit"] == "rulebook-bytes"
    assert engine.info().rulebook_id == "shop"
