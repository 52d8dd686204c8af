"""kassa.Replay: one cart under examples/rulebook.json (old) and examples/rulebook-2027.json (new). Expected
figures are worked out by hand (core/tests/replay.rs shows the same carts in detail): TEE 19.90 -> 21.90,
BOOK 24.00 -> 25.00, spend-more 5.00 off from 50.00 -> 6.00 off from 60.00, de-vat-reduced 7 % -> 9 %, MUG back
in the range; gross prices, tax per line, in DE on 2026-10-15, standard shipping 4.90 up to 1 kg, 6.90 up to 5 kg.
"""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest

import kassa

from conftest import REPO


def cart(lines, coupons=(), shipping="standard"):
    c = {"currency": "EUR", "at": "2026-10-15T12:00:00Z", "country": "DE", "previous-orders": 2,
         "lines": [{"sku": s, "quantity": q} for s, q in lines], "coupons": list(coupons)}
    if shipping:
        c["shipping-method"] = shipping
    return c


@pytest.fixture(scope="module")
def replay():
    old = (REPO / "examples" / "rulebook.json").read_text()
    new = (REPO / "examples" / "rulebook-2027.json").read_text()
    with kassa.Replay.load(old, new) as r:
        yield r


def test_a_price_change(replay):
    # 2 x 19.90 + 4.90 = 44.70 -> 2 x 21.90 + 4.90 = 48.70; tax 6.35 + 0.78 = 7.13 -> 6.99 + 0.78 = 7.77.
    r = replay.replay(cart([("TEE", "2")]), line=1)
    assert r.status is kassa.ReplayStatus.CHANGED
    assert (r.grand_total_old, r.grand_total_new, r.grand_total_delta) == (
        Decimal("44.70"), Decimal("48.70"), Decimal("4.00"))
    assert r.taxes == (kassa.TaxChange("de-vat-standard", Decimal("7.13"), Decimal("7.77"), Decimal("0.64")),)
    # The canonical JSON, byte for byte what `kassa replay` (the Rust CLI) writes for this cart.
    assert json.dumps(kassa.to_wire(r), separators=(",", ":"), ensure_ascii=False) == (
        '{"line":1,"status":"changed","currency":"EUR","grand-total-old":"44.70","grand-total-new":"48.70",'
        '"grand-total-delta":"4.00","taxes":[{"tax":"de-vat-standard","old":"7.13","new":"7.77","delta":"0.64"}],'
        '"promotions":[],"error-old":null,"error-new":null}')


def test_a_promotion_newly_rejected(replay):
    # 2 x 24.00 + 2 x 1.20 = 50.40 >= 50.00: 5.00 off; new 2 x 25.00 + 2.40 = 52.40 < 60.00: rejected.
    # 50.40 - 5.00 + 6.90 = 52.30 -> 52.40 + 6.90 = 59.30.
    r = replay.replay(cart([("BOOK", "2"), ("PEN", "2")], coupons=["SPEND"]), line=2**40)
    assert r.line == 2**40
    assert r.grand_total_delta == Decimal("7.00")
    assert r.promotions == (kassa.PromotionChange("spend-more", "SPEND", Decimal("5.00"), None, "condition-not-met"),)


def test_failures_are_part_of_the_record(replay):
    # MUG: inactive under the old rulebook; 9.00 + 4.90 = 13.90 under the new one.
    r = replay.replay(cart([("MUG", "1")]), line=3)
    assert r.status is kassa.ReplayStatus.NEWLY_QUOTING
    assert (r.grand_total_old, r.grand_total_new, r.error_new) == (None, Decimal("13.90"), None)
    assert r.error_old.code == "cart-invalid"
    assert r.error_old.problems[0].code == "item-inactive"
    r = replay.replay(cart([("NOPE", "1")], shipping=None), line=4)
    assert r.status is kassa.ReplayStatus.FAILING
    assert r.error_old.problems[0].code == r.error_new.problems[0].code == "sku-unknown"


def test_wrong_arguments_and_a_rulebook_that_does_not_load(replay):
    with pytest.raises(TypeError):
        replay.replay(cart([("TEE", "2")]), line="1")
    with pytest.raises(ValueError):
        replay.replay(cart([("TEE", "2")]), line=-1)
    with pytest.raises(kassa.KassaError) as e:
        kassa.Replay.load((REPO / "examples" / "rulebook.json").read_text(), '{"kassa": "1"}')
    assert e.value.code == "rulebook-invalid"


def test_threads_share_one_replay(replay):
    # 4 threads x 25 carts, each the same TEE cart: every record says +4.00.
    results = []

    def worker():
        for i in range(25):
            results.append(replay.replay(cart([("TEE", "2")]), line=i + 1).grand_total_delta)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [Decimal("4.00")] * 100


def test_a_closed_replay_refuses_calls():
    r = kassa.Replay.load((REPO / "examples" / "rulebook.json").read_text(),
                          (REPO / "examples" / "rulebook-2027.json").read_text())
    r.close()
    assert r.closed
    with pytest.raises(ValueError):
        r.replay(cart([("TEE", "2")]))
