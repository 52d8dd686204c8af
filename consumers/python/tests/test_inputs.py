"""Wrong arguments from Python callers raise TypeError/ValueError with a clear message, before any wasm runs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

import kassa
from kassa import _convert, _inputs


CART = {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "A", "quantity": "1"}]}


@pytest.mark.parametrize(
    "call,exc,words",
    [
        (lambda: kassa.canonical_decimal(1.5), TypeError, "floats are not accepted"),
        (lambda: kassa.canonical_decimal(None), TypeError, "value: expected Decimal, str or int, got NoneType"),
        (lambda: kassa.canonical_decimal(True), TypeError, "got bool"),
        (lambda: kassa.canonical_decimal(Decimal("NaN")), ValueError, "not a finite decimal"),
        (lambda: kassa.canonical_decimal(Decimal("Infinity")), ValueError, "not a finite decimal"),
        (lambda: kassa.round("1", -1, "half-even"), ValueError, "scale: -1 is out of range"),
        (lambda: kassa.round("1", 2**32, "half-even"), ValueError, "out of range"),
        (lambda: kassa.round("1", 1.0, "half-even"), TypeError, "scale: expected int, got float"),
        (lambda: kassa.round("1", 0, "half_even"), ValueError, "'half_even' is not a RoundingMode"),
        (lambda: kassa.round("1", 0, kassa.FieldKind.EMAIL), ValueError, "is not a RoundingMode"),
        (lambda: kassa.round("1", 0, 3), TypeError, "mode: expected RoundingMode or str, got int"),
        (lambda: kassa.round_money("1", b"EUR", "half-even"), TypeError, "currency: expected str, got bytes"),
        (lambda: kassa.to_minor_units("1", None), TypeError, "currency: expected str"),
        (lambda: kassa.from_minor_units(1.0, "EUR"), TypeError, "minor: expected int or str, got float"),
        (lambda: kassa.allocate("1", "EUR", "12"), TypeError, "ratios: expected a list, got str"),
        (lambda: kassa.allocate("1", "EUR", ["1", 0.5]), TypeError, "ratios[1]: floats are not accepted"),
        (lambda: kassa.allocate_evenly("1", "EUR", "3"), TypeError, "parts: expected int, got str"),
        (lambda: kassa.currency_info(978), TypeError, "code: expected str, got int"),
        (lambda: kassa.validate_field("zip", "1"), ValueError, "'zip' is not a FieldKind"),
        (lambda: kassa.validate_field("email", 5), TypeError, "value: expected str, got int"),
        (lambda: kassa.validate_email("\ud800"), ValueError, "value: not valid Unicode"),
    ],
)
@pytest.mark.usefixtures("no_wasm")
def test_stateless_argument_errors(call, exc, words):
    with pytest.raises(exc) as e:
        call()
    assert words in str(e.value)


@pytest.mark.parametrize(
    "rulebook,exc,words",
    [
        (42, TypeError, "rulebook: expected str, bytes or dict, got int"),
        (b"\xff{}", ValueError, "rulebook: bytes are not UTF-8"),
        ({"settings": {"rate": 0.19}}, TypeError, "rulebook.settings.rate: floats are not accepted"),
    ],
)
@pytest.mark.usefixtures("no_wasm")
def test_rulebook_argument_errors(rulebook, exc, words):
    with pytest.raises(exc) as e:
        kassa.Engine.load(rulebook)
    assert words in str(e.value)


def test_limits_are_checked():
    with pytest.raises(ValueError, match="Limits.fuel must be positive"):
        kassa.Limits(fuel=0)
    with pytest.raises(TypeError, match="Limits.memory_bytes must be an int"):
        kassa.Limits(memory_bytes=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected kassa.Limits"):
        kassa.set_default_limits({"fuel": 1})  # type: ignore[arg-type]


# ---- records: the conversion itself (pure Python), then the error messages -------------------------------


def test_cart_accepts_kebab_snake_and_dataclasses_identically():
    kebab = {
        "currency": "EUR", "at": "2026-11-24T09:30:00Z", "customer-group": "vip", "tax-exempt": True,
        "lines": [{"sku": "A", "quantity": "1.5", "unit-price": "2.00"}], "previous-orders": 3,
        "usage": [{"key": "WELCOME", "by-customer": 1}],
    }  # fmt: skip
    snake = {
        "currency": "EUR", "at": "2026-11-24T09:30:00Z", "customer_group": "vip", "tax_exempt": True,
        "lines": [{"sku": "A", "quantity": "1.5", "unit_price": "2.00"}], "previous_orders": 3,
        "usage": [{"key": "WELCOME", "by_customer": 1}],
    }  # fmt: skip
    typed = kassa.Cart(
        currency="EUR",
        at=datetime(2026, 11, 24, 10, 30, tzinfo=timezone(timedelta(hours=1))),  # = 09:30Z
        customer_group="vip",
        tax_exempt=True,
        lines=[kassa.CartLine("A", Decimal("1.5"), unit_price=Decimal("2.00"))],
        previous_orders=3,
        usage=[kassa.UsageCount("WELCOME", by_customer=1)],
    )
    wire = _inputs.cart(kebab, "cart")
    assert _inputs.cart(snake, "cart") == wire
    assert _inputs.cart(typed, "cart") == wire
    # WIT field order, strings as UTF-8, defaults filled in (tenders: the empty list after cash-rounding;
    # exchange-rates and attributes: the empty lists at the end; a line's attributes after its taxes):
    assert wire == (
        b"EUR", b"2026-11-24T09:30:00Z", None, None, None, None, b"vip", None, 3, True, False,
        [(b"A", b"1.5", b"2.00", None, [])], [], None, None, False, [], [(b"WELCOME", 1, 0)], False, False, [], [],
    )  # fmt: skip


def test_datetime_with_microseconds_keeps_them():
    at = datetime(2026, 11, 24, 9, 30, 0, 250000, tzinfo=timezone.utc)
    assert _convert.timestamp(at, "at") == b"2026-11-24T09:30:00.25Z"


# The engine reads carts and orders (docs/wire.md): what is wrong with one comes back as the engine's findings,
# each at its JSON Pointer, the same codes and paths as in every host. Expected codes and paths by the rules
# of docs/wire.md.
@pytest.mark.parametrize(
    "cart,findings",
    [
        ([], [("wrong-type", "")]),
        ({"at": "2026-11-24T09:30:00Z"}, [("missing-field", "")]),
        ({**CART, "colour": "red"}, [("unknown-field", "/colour")]),
        ({**CART, "tax-exempt": 1}, [("wrong-type", "/tax-exempt")]),
        ({**CART, "lines": [{"sku": "A", "quantity": 2.5}]}, [("wrong-type", "/lines/0/quantity")]),
        ({**CART, "lines": [{"sku": "A", "quantity": 2}]}, [("wrong-type", "/lines/0/quantity")]),
        ({**CART, "lines": [{"sku": "A", "quantity": Decimal("1E+1")}]}, [("wrong-type", "/lines/0/quantity")]),
        ({**CART, "lines": [{"sku": "A"}]}, [("missing-field", "/lines/0")]),
        ({**CART, "lines": {"sku": "A"}}, [("wrong-type", "/lines")]),
        ({**CART, "coupons": "SAVE10"}, [("wrong-type", "/coupons")]),
        ({**CART, "previous-orders": -1}, [("out-of-range", "/previous-orders")]),
        ({**CART, "at": 1764000000}, [("wrong-type", "/at")]),
        ({**CART, 7: "x"}, [("unknown-field", "/7")]),
        ({**CART, "lines": [{"sku": "A\ud800", "quantity": "1"}]}, [("invalid-unicode", "/lines/0/sku")]),
        ({**CART, "shippingMethod": "standard"}, [("unknown-field", "/shippingMethod")]),
    ],
)
def test_cart_findings_are_the_engines(engine, cart, findings):
    with pytest.raises(kassa.KassaError) as e:
        engine.quote(cart)
    assert e.value.code == "cart-invalid"
    assert [(p.code, p.path) for p in e.value.problems] == findings


def test_a_camel_case_key_suggests_the_wire_name(engine):
    with pytest.raises(kassa.KassaError) as e:
        engine.quote({**CART, "shippingMethod": "standard"})
    assert e.value.problems[0].params["suggestion"] == "shipping-method"


@pytest.mark.parametrize(
    "cart,exc,words",
    [
        # Ambiguities only a Python mapping or datetime can have: the host's own errors.
        ({**CART, "tax-exempt": True, "tax_exempt": False}, ValueError, "given twice"),
        ({**CART, "at": datetime(2026, 11, 24, 9, 30)}, ValueError, "naive datetime"),
        ({**CART, "lines": [{"sku": "A", "quantity": object()}]}, TypeError, "cart: Object of type object"),
    ],
)
def test_cart_errors_of_the_host(engine_no_wasm, cart, exc, words):
    with pytest.raises(exc) as e:
        engine_no_wasm.quote(cart)
    assert words in str(e.value)


@pytest.mark.parametrize(
    "order,findings",
    [
        ({"email": "a@b.de"}, [("missing-field", "")]),
        ({"cart": CART, "shipping-address": {"city": "Berlin"}}, [("missing-field", "/shipping-address")]),
        ({"cart": CART, "billing_address": {"country": "DE", "lines": "Main St 1"}}, [("wrong-type", "/billing-address/lines")]),
        ({"cart": CART, "email": ["a@b.de"]}, [("wrong-type", "/email")]),
    ],
)  # fmt: skip
def test_order_findings_are_in_the_report(engine, order, findings):
    report = engine.validate(order)
    assert not report.valid
    assert [(p.code, p.path) for p in report.problems] == findings


@pytest.fixture
def engine_no_wasm(engine, request):
    """An engine loaded *before* the no_wasm guard is installed (loading needs wasm)."""
    request.getfixturevalue("no_wasm")
    return engine


def test_the_guard_would_notice_a_call(engine_no_wasm):
    with pytest.raises(AssertionError, match="entered wasm"):
        engine_no_wasm.info()
    with pytest.raises(AssertionError, match="entered wasm"):
        kassa.canonical_decimal("1")
