"""Engine.shipping_options on examples/rulebook.json: a DE cart with one BOOK (24.00 gross, 0.5 kg) on
2026-12-10, worked out by hand (core/tests/shipping_options.rs shows the same cart):
  standard: weight band up to 1 kg = 4.90; shipping follows the goods (tax-policy proportional), all
             reduced: tax 4.90 x 7/107 = 0.3206 -> 0.32, net 4.58
  express:  subtotal band up to 100.00 = 14.90; tax 14.90 x 7/107 = 0.9748 -> 0.97, net 13.93
  post-ch:  serves CH only -> shipping-method-unavailable at /shipping-method
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import kassa

from conftest import REPO


@pytest.fixture(scope="module")
def engine():
    with kassa.Engine.load((REPO / "examples" / "rulebook.json").read_text()) as e:
        yield e


def cart(sku="BOOK"):
    return {"currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": "DE",
            "lines": [{"sku": sku, "quantity": "1"}], "shipping-method": "post-ch"}


def test_every_method_of_the_example_store(engine):
    options = engine.shipping_options(cart())
    assert [o.method for o in options] == ["standard", "express", "post-ch"]
    standard, express, swiss = options
    assert standard.unavailable is None and express.unavailable is None
    assert (standard.shipping.price, standard.shipping.net, standard.shipping.tax_total, standard.shipping.gross) == (
        Decimal("4.90"), Decimal("4.58"), Decimal("0.32"), Decimal("4.90"))
    assert (express.shipping.price, express.shipping.net, express.shipping.tax_total, express.shipping.gross) == (
        Decimal("14.90"), Decimal("13.93"), Decimal("0.97"), Decimal("14.90"))
    assert swiss.shipping is None
    assert (swiss.unavailable.code, swiss.unavailable.path) == ("shipping-method-unavailable", "/shipping-method")


def test_each_option_is_what_a_quote_with_its_method_shows(engine):
    for o in engine.shipping_options(cart()):
        if o.shipping is not None:
            assert engine.quote({**cart(), "shipping-method": o.method}).shipping == o.shipping


def test_a_cart_that_does_not_quote_raises_as_its_quote_would(engine):
    with pytest.raises(kassa.KassaError) as e:
        engine.shipping_options(cart("NOPE"))
    assert e.value.code == "cart-invalid"
    assert e.value.problems[0].path == "/lines/0/sku"


def test_hints_on_request(engine):
    # One BOOK (24.00 gross), standard shipping free from 100.00, coupon SPEND (spend-more from 50.00): by hand,
    # 100.00 - 24.00 = 76.00 and 50.00 - 24.00 = 26.00 (docs/rulebook.md, "Hints").
    c = {**cart(), "shipping-method": "standard", "coupons": ["SPEND"]}
    assert engine.quote(c).hints == ()
    hints = engine.quote({**c, "hints": True}).hints
    assert [(h.code, h.path, h.params["missing"]) for h in hints] == [
        ("free-shipping-reachable", "/shipping-method", "76.00"),
        ("next-tier-reachable", "/coupons/0", "26.00"),
    ]


def test_the_json_form_answers_the_same_options(engine):
    import json

    text = engine.shipping_options_json(json.dumps(cart()))
    assert [kassa.ShippingOption.from_wire(o) for o in json.loads(text)] == engine.shipping_options(cart())
    assert json.loads(text)[0]["shipping"]["gross"] == "4.90"  # by hand, above
