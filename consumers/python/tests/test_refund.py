"""Tenders and refunds through the Python host (docs/refunds.md), on examples/rulebook.json: TEE 19.90 gross, DE
19 %, tax per line. Expected values are worked out by hand in the comments."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import kassa

from conftest import REPO

CART = {"currency": "EUR", "at": "2026-05-01T12:00:00Z", "country": "DE",
        "lines": [{"sku": "TEE", "quantity": "2"}],
        "tenders": [{"kind": "gift-card", "reference": "GC-1", "amount": "10.00"}]}


@pytest.fixture(scope="module")
def engine():
    with kassa.Engine.load((REPO / "examples" / "rulebook.json").read_text()) as e:
        yield e


def test_a_gift_card_pays_after_tax_and_comes_back_first(engine):
    q = engine.quote(CART)
    # 2 x 19.90 = 39.80, tax 39.80 x 19/119 = 6.354 -> 6.35 whatever pays it; payable 39.80 - 10.00 = 29.80.
    assert (q.grand_total, q.tax_total, q.tender_total, q.payable) == (
        Decimal("39.80"), Decimal("6.35"), Decimal("10.00"), Decimal("29.80"))
    assert q.tenders[0].kind is kassa.TenderKind.GIFT_CARD
    request = {"cart": CART, "quote": json.dumps(kassa.to_wire(q)), "lines": [{"line": 0, "quantity": "1"}],
               "policy": "keep"}
    first = engine.refund(request)
    # One of two units: gross 19.90, tax 6.35 / 2 = 3.175 -> up 3.18, net 16.72; gift card 10.00, payment 9.90.
    assert (first.grand_total, first.tax_total, first.net_total, first.tenders[0].amount, first.payment) == (
        Decimal("19.90"), Decimal("3.18"), Decimal("16.72"), Decimal("10.00"), Decimal("9.90"))
    second = engine.refund({**request, "previous": [first]})
    # What is left: 19.90 and 6.35 - 3.18 = 3.17, all to the payment.
    assert (second.grand_total, second.tax_total, second.tenders[0].amount, second.payment) == (
        Decimal("19.90"), Decimal("3.17"), Decimal("0.00"), Decimal("19.90"))
    with pytest.raises(kassa.KassaError) as e:
        engine.refund({**request, "previous": [first, second]})
    assert (e.value.code, e.value.path) == ("refund-quantity-exceeded", "/lines/0/quantity")


def test_over_tendering_is_refused(engine):
    with pytest.raises(kassa.KassaError) as e:
        engine.quote({**CART, "tenders": [{"kind": "store-credit", "reference": "S", "amount": "39.81"}]})
    # 39.81 > 39.80: the first tender goes over.
    assert e.value.code == "cart-invalid"
    assert [(p.code, p.path) for p in e.value.problems] == [("tender-exceeds-total", "/tenders/0")]


def test_refund_json_takes_and_answers_canonical_json(engine):
    quote = engine.quote_json(json.dumps(CART))
    request = {"cart": CART, "quote": quote, "lines": [{"line": 0, "quantity": "1"}], "policy": "keep"}
    text = engine.refund_json(json.dumps(request))
    # Keys in WIT order (credit-note: currency, rulebook-hash, lines, ...), no whitespace.
    assert text.startswith('{"currency":"EUR","rulebook-hash":"%s","lines":[{' % engine.info().rulebook_hash)
    note = json.loads(text)
    # The figures of the typed refund above: 19.90 gross, 3.18 tax, the gift card's 10.00 back first.
    assert (note["grand-total"], note["tax-total"], note["tenders"][0]["amount"], note["payment"]) == (
        "19.90", "3.18", "10.00", "9.90")
    # A request that is not one: a JSON number where the quantity (a decimal string) belongs.
    with pytest.raises(kassa.KassaError) as e:
        engine.refund_json(json.dumps({**request, "lines": [{"line": 0, "quantity": 1}]}))
    assert (e.value.code, e.value.path) == ("refund-request-invalid", "")
    assert [(p.code, p.path) for p in e.value.problems] == [("wrong-type", "/lines/0/quantity")]
