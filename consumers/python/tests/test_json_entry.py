"""The JSON entry points (docs/wire.md): quote_json / validate_json read Kassa's canonical JSON strictly and answer
canonical JSON text. Expected values: the README's hand-worked total of examples/cart.json (82.80 EUR) and the
strictness rules of docs/wire.md."""

import json

import pytest

import kassa

from conftest import REPO

CART = '{"currency":"EUR","at":"2026-11-24T09:30:00Z","country":"DE","lines":%s%s}'


@pytest.fixture(scope="module")
def store():
    with kassa.Engine.load((REPO / "examples" / "rulebook.json").read_text(encoding="utf-8")) as e:
        yield e


def findings(e: pytest.ExceptionInfo) -> list:
    return [(p.code, p.path) for p in e.value.problems]


def test_quote_json_prices_the_example_cart_canonically(store):
    text = store.quote_json((REPO / "examples" / "cart.json").read_text(encoding="utf-8"))
    quote = json.loads(text)
    assert quote["grand-total"] == "82.80"
    assert list(quote)[:4] == ["currency", "rulebook-hash", "lines", "subtotal"]  # WIT order
    assert text == json.dumps(quote, ensure_ascii=False, separators=(",", ":"))  # no insignificant whitespace


def test_the_typed_quote_answers_the_same_json(store):
    text = (REPO / "examples" / "cart.json").read_text(encoding="utf-8")
    typed = store.quote(json.loads(text))
    assert json.dumps(typed.to_wire(), ensure_ascii=False, separators=(",", ":")) == store.quote_json(text)


def test_str_and_bytes_give_the_same_answer(store):
    text = (REPO / "examples" / "cart.json").read_text(encoding="utf-8")
    assert store.quote_json(text.encode()) == store.quote_json(text)


def test_camel_case_key_suggests_the_wire_name(store):
    with pytest.raises(kassa.KassaError) as e:
        store.quote_json(CART % ("[]", ',"shippingMethod":"standard"'))
    assert e.value.code == "cart-invalid"
    assert findings(e) == [("unknown-field", "/shippingMethod")]
    assert e.value.problems[0].params["suggestion"] == "shipping-method"


def test_number_for_a_decimal_is_wrong_type(store):
    with pytest.raises(kassa.KassaError) as e:
        store.quote_json(CART % ('[{"sku":"TEE","quantity":2}]', ""))
    assert findings(e) == [("wrong-type", "/lines/0/quantity")]


def test_lone_surrogate_in_a_str_reaches_the_engine(store):
    with pytest.raises(kassa.KassaError) as e:
        store.quote_json(CART % ('[{"sku":"TEE\ud800","quantity":"1"}]', ""))
    assert findings(e) == [("invalid-unicode", "/lines/0/sku")]
    assert e.value.problems[0].params["reason"] == "lone-surrogate"


def test_bytes_that_are_not_utf8_are_invalid_unicode(store):
    body = (CART % ('[{"sku":"TEE?","quantity":"1"}]', "")).encode().replace(b"?", b"\xff")
    with pytest.raises(kassa.KassaError) as e:
        store.quote_json(body)
    assert findings(e) == [("invalid-unicode", "/lines/0/sku")]
    assert e.value.problems[0].params["reason"] == "invalid-utf-8"


def test_malformed_json_and_wrong_argument(store):
    with pytest.raises(kassa.KassaError) as e:
        store.quote_json('{"currency":')
    assert e.value.code == "invalid-json"
    with pytest.raises(TypeError):
        store.quote_json({"currency": "EUR"})  # type: ignore[arg-type]


def test_validate_json_reports_the_shape_of_an_order(store):
    report = json.loads(store.validate_json('{"cart":%s,"e-mail":"a@b.de"}' % (CART % ('[{"sku":"TEE","quantity":2}]', ""))))
    assert report["valid"] is False
    assert [(p["code"], p["path"]) for p in report["problems"]] == [
        ("unknown-field", "/e-mail"),
        ("wrong-type", "/cart/lines/0/quantity"),
    ]


def test_canonical_cart_writes_every_key_in_wit_order():
    # Written by hand from docs/wire.md: keys in WIT order, every key, absent options null, no whitespace.
    given = '{"lines": [{"quantity": "1", "sku": "A"}], "at": "2026-11-24T09:30:00Z",  "currency": "EUR"}'
    assert kassa.canonical_cart(given) == (
        '{"currency":"EUR","at":"2026-11-24T09:30:00Z","country":null,"region":null,"postal-code":null,"channel":null,'
        '"customer-group":null,"customer-id":null,"previous-orders":null,"tax-exempt":false,"reverse-charge":false,'
        '"lines":[{"sku":"A","quantity":"1","unit-price":null,"taxes":null,"attributes":[]}],"coupons":[],"shipping-method":null,'
        '"shipping-taxes":null,"cash-rounding":false,"tenders":[],"usage":[],"explain":false,"hints":false,"exchange-rates":[],'
        '"attributes":[]}'
    )
    assert kassa.canonical_cart(given.encode()) == kassa.canonical_cart(given)


def test_canonical_cart_reads_strictly():
    with pytest.raises(kassa.KassaError) as e:
        kassa.canonical_cart(CART % ('[{"sku": "A", "quantity": 2}]', ', "shippingMethod": "standard"'))
    assert e.value.code == "cart-invalid"
    assert sorted(findings(e)) == [("unknown-field", "/shippingMethod"), ("wrong-type", "/lines/0/quantity")]
