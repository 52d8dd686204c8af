"""engine.quote end to end on a small hand-written rulebook; every expected figure is worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kassa

TEA_SHOP = {
    "kassa": "1",
    "id": "tea-shop",
    "version": "1",
    "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
    "catalog": {"items": [{"sku": "TEA-1", "tax-category": "standard"}, {"sku": "MUG", "tax-category": "standard"}]},
    "price-lists": [
        {
            "id": "base-eur",
            "currency": "EUR",
            "prices-include-tax": False,
            "prices": [{"sku": "TEA-1", "unit-price": "10.00"}, {"sku": "MUG", "unit-price": "3.33"}],
        }
    ],
    "tax": {
        "categories": [{"id": "standard"}],
        "rules": [{"id": "de-vat-standard", "country": "DE", "category": "standard", "rate": "19"}],
    },
}

CART = kassa.Cart(
    currency="EUR",
    at="2026-11-24T09:30:00Z",
    country="DE",
    lines=[kassa.CartLine("TEA-1", "2"), kassa.CartLine("MUG", "3")],
    explain=True,
)


@pytest.fixture(scope="module")
def tea_shop():
    with kassa.Engine.load(TEA_SHOP) as engine:
        yield engine


def test_quote_by_hand(tea_shop):
    q = tea_shop.quote(CART)
    # TEA-1: 2 x 10.00 = 20.00 net; 19 % VAT = 3.80; gross 23.80.
    # MUG:   3 x 3.33 = 9.99 net; 9.99 x 0.19 = 1.8981 -> per-line rounding -> 1.90; gross 11.89.
    # Totals: net 29.99, VAT 3.80 + 1.90 = 5.70 (summed per rule, base 29.99), grand total 35.69.
    tea, mug = q.lines
    assert (tea.sku, tea.quantity, tea.unit_price, tea.subtotal) == ("TEA-1", 2, Decimal("10.00"), Decimal("20.00"))
    assert (tea.net, tea.tax_total, tea.gross) == (Decimal("20.00"), Decimal("3.80"), Decimal("23.80"))
    assert tea.taxes == (kassa.TaxAmount("de-vat-standard", Decimal("19"), Decimal("20.00"), Decimal("3.80")),)
    assert (mug.subtotal, mug.net, mug.tax_total, mug.gross) == (
        Decimal("9.99"), Decimal("9.99"), Decimal("1.90"), Decimal("11.89"),
    )  # fmt: skip
    assert (q.currency, q.subtotal, q.discount_total, q.net_total) == ("EUR", Decimal("29.99"), 0, Decimal("29.99"))
    assert q.taxes == (kassa.TaxAmount("de-vat-standard", Decimal("19"), Decimal("29.99"), Decimal("5.70")),)
    assert (q.tax_total, q.grand_total) == (Decimal("5.70"), Decimal("35.69"))
    assert (q.shipping, q.payable, q.cash_rounding_adjustment, q.prices_include_tax) == (None, None, None, False)
    assert q.lines[0].price_list == "base-eur" and q.lines[0].added_by is None
    assert isinstance(q.grand_total, Decimal) and format(q.grand_total, "f") == "35.69"
    # The rounding point of the MUG line is explained in the trace, with before/after.
    rounding = [s for s in q.trace if s.kind == "rounding"]
    assert [(s.path, s.params.get("before"), s.params.get("after")) for s in rounding] == [("/lines/1", "1.8981", "1.90")]


def test_quote_accepts_dicts_in_either_spelling(tea_shop):
    snake = {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE", "tax_exempt": False, "explain": True,
             "lines": [{"sku": "TEA-1", "quantity": "2"}, {"sku": "MUG", "quantity": "3", "unit_price": None}]}  # fmt: skip
    kebab = {k.replace("_", "-"): v for k, v in snake.items()}
    assert tea_shop.quote(snake) == tea_shop.quote(kebab) == tea_shop.quote(CART)


def test_quote_to_wire_keeps_decimals_as_written(tea_shop):
    wire = kassa.to_wire(tea_shop.quote(CART))
    assert wire["grand-total"] == "35.69"
    assert wire["lines"][0]["unit-price"] == "10.00"
    assert wire["lines"][0]["taxes"][0] == {"tax": "de-vat-standard", "rate": "19", "base": "20.00", "amount": "3.80"}


def test_a_cart_with_several_problems_lists_them_all(tea_shop):
    # No country (the rulebook has no default-country) and an sku that is not in the catalog: two findings.
    with pytest.raises(kassa.KassaError) as e:
        tea_shop.quote({"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "NOPE", "quantity": "1"}]})
    err = e.value
    assert err.code == "cart-invalid" and err.params == {"count": "2"}
    assert {p.path for p in err.problems} == {"/country", "/lines/0/sku"}
    assert "sku-unknown" in {p.code for p in err.problems}
    assert err.problems[[p.code for p in err.problems].index("sku-unknown")].params == {"sku": "NOPE"}


def test_invalid_quantity_points_at_the_line(tea_shop):
    with pytest.raises(kassa.KassaError) as e:
        tea_shop.quote({"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE",
                        "lines": [{"sku": "TEA-1", "quantity": "1"}, {"sku": "MUG", "quantity": "1.x"}]})  # fmt: skip
    paths = [e.value.path] + [p.path for p in e.value.problems]
    assert "/lines/1/quantity" in paths
