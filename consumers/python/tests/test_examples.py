"""The repository's example store (examples/rulebook.json, cart.json, order.json) through the Python API.

Expected figures are the hand computation written out in core/tests/quote.rs (gross prices, tax per line,
half away from zero, Black Friday sale on 2026-11-28); the order's problems are read off the rulebook by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import kassa
from conftest import REPO

EXAMPLES = REPO / "examples"
pytestmark = pytest.mark.skipif(not (EXAMPLES / "rulebook.json").is_file(), reason="examples/ not present")


@pytest.fixture(scope="module")
def store():
    with kassa.Engine.load((EXAMPLES / "rulebook.json").read_text()) as engine:
        yield engine


def test_example_cart_quote(store):
    q = store.quote(json.loads((EXAMPLES / "cart.json").read_text()))
    D = Decimal
    #   TEE     2 x 15.00 (sale)  = 30.00; tax 30.00 x 19/119 = 4.7899 -> 4.79; net 25.21
    #   BOOK    1 x 24.00         = 24.00; tax 24.00 x 7/107  = 1.5701 -> 1.57; net 22.43
    #   PEN     12 at tier 0.95   = 11.40; tax 11.40 x 19/119 = 1.8202 -> 1.82; net  9.58
    #   CAPSULE 25 -> 3 packs x 3.50 = 10.50; tax 10.50 x 19/119 = 1.6765 -> 1.68; net 8.82
    assert [(ln.sku, ln.subtotal, ln.net, ln.tax_total, ln.price_list) for ln in q.lines] == [
        ("TEE", D("30.00"), D("25.21"), D("4.79"), "black-friday"),
        ("BOOK", D("24.00"), D("22.43"), D("1.57"), "eur-retail"),
        ("PEN", D("11.40"), D("9.58"), D("1.82"), "eur-retail"),
        ("CAPSULE", D("10.50"), D("8.82"), D("1.68"), "eur-retail"),
    ]
    # shipping: 1.17 kg -> band up to 5 kg = 6.90 gross, following the goods (tax-policy proportional): split by
    # the nets 43.61 (standard) : 22.43 (reduced) = 4.5565 / 2.3435 -> 4.56 + 2.34; tax 4.56 x 19/119 = 0.7281
    # -> 0.73 (net 3.83) and 2.34 x 7/107 = 0.1531 -> 0.15 (net 2.19): tax 0.88, net 6.02
    assert q.shipping is not None
    assert (q.shipping.price, q.shipping.net, q.shipping.tax_total) == (D("6.90"), D("6.02"), D("0.88"))
    assert [(t.tax, t.rate, t.base, t.amount) for t in q.taxes] == [
        ("de-vat-standard", D("19"), D("47.44"), D("9.02")),
        ("de-vat-reduced", D("7"), D("24.62"), D("1.72")),
    ]
    assert (q.subtotal, q.net_total, q.tax_total, q.grand_total) == (D("75.90"), D("72.06"), D("10.74"), D("82.80"))
    assert q.prices_include_tax and q.payable is None and q.discount_total == 0
    assert [s.kind for s in q.trace][:5] == ["price", "price", "price", "price", "shipping"]
    assert kassa.to_wire(q)["grand-total"] == "82.80"


def test_example_order_problems(store):
    report = store.validate(json.loads((EXAMPLES / "order.json").read_text()))
    # TEE max 10 (12 ordered); MUG inactive; COFFEE step 0.25 (0.3 ordered); BOOK is not open-price but has a
    # unit price; "anna.example.com" has no @; physical goods without a shipping address.
    assert not report.valid
    assert [(p.code, p.path) for p in report.problems] == [
        ("quantity-above-max", "/cart/lines/0/quantity"),
        ("item-inactive", "/cart/lines/1/sku"),
        ("quantity-step", "/cart/lines/2/quantity"),
        ("unit-price-not-allowed", "/cart/lines/3/unit-price"),
        ("invalid-email", "/email"),
        ("shipping-address-required", "/shipping-address"),
    ]
    assert report.problems[0].params == {"quantity": "12", "max": "10"}


def test_example_service_checks_the_example_order(capsys):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("svc", Path(__file__).parents[1] / "examples" / "service.py")
    svc = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(svc)  # type: ignore[union-attr]
    assert svc.main(["check", str(EXAMPLES / "rulebook.json"), str(EXAMPLES / "order.json")]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["quote"] is None and out["validation"]["valid"] is False


def test_example_service_prices_a_valid_order(capsys):
    # consumers/python/examples/order.json is examples/cart.json with an e-mail and a German address.
    import importlib.util
    from pathlib import Path

    here = Path(__file__).parents[1] / "examples"
    spec = importlib.util.spec_from_file_location("svc", here / "service.py")
    svc = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(svc)  # type: ignore[union-attr]
    assert svc.main(["check", str(EXAMPLES / "rulebook.json"), str(here / "order.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["validation"]["valid"] is True
    assert out["quote"]["grand-total"] == "82.80"  # the hand computation above


def test_wholesale_options_and_attributes():
    # examples/wholesale/cart.json by hand (net list-price, DE 19 % / 7 %, per line): the tees' group counts
    # 3 + 6 + 1 = 10 units -> 8.00; TEE-M carries logo-print front (+2.00 a unit): 10.00, 6 x 8.00 + 6 x 2.00 =
    # 60.00, tax 11.40; the cart's program fair-2026 selects list fair-2026 for WINE-6 at 52.00; goods 219.00,
    # freight 25.00, tax 37.36 -> 281.36.
    wholesale = EXAMPLES / "wholesale"
    with kassa.Engine.load((wholesale / "rulebook.json").read_text()) as engine:
        q = engine.quote(json.loads((wholesale / "cart.json").read_text()))
    tee, wine = q.lines[1], q.lines[4]
    assert (tee.sku, tee.unit_price, tee.subtotal, tee.tax_total) == (
        "TEE-M", Decimal("10.00"), Decimal("60.00"), Decimal("11.40"))  # fmt: skip
    assert [(a.name, a.value) for a in tee.attributes] == [("logo-print", "front")]
    assert [(s.attribute, s.value, s.unit_amount, s.amount) for s in tee.surcharges] == [
        ("logo-print", "front", Decimal("2.00"), Decimal("12.00"))
    ]
    assert (wine.price_list, wine.unit_price) == ("fair-2026", Decimal("52.00"))
    assert (q.subtotal, q.tax_total, q.grand_total) == (Decimal("219.00"), Decimal("37.36"), Decimal("281.36"))
