"""The example service (examples/service.py) over real HTTP, on an ephemeral port."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kassa

from conftest import REPO

_spec = importlib.util.spec_from_file_location("kassa_example_service", Path(__file__).parents[1] / "examples" / "service.py")
service = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(service)  # type: ignore[union-attr]


@pytest.fixture
def base_url(engine):
    server = service.serve(engine, "127.0.0.1", 0)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def post(url: str, body: bytes) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_health_reports_the_rulebook(base_url, engine):
    with urllib.request.urlopen(base_url + "/health", timeout=10) as r:
        assert json.loads(r.read())["engine"]["rulebook-id"] == engine.info().rulebook_id


def test_malformed_requests_are_400(base_url):
    assert post(base_url + "/quote", b"{not json")[0] == 400
    assert post(base_url + "/quote", b"[1, 2]")[0] == 400


def test_a_cart_missing_a_key_is_the_engines_finding(base_url):
    # The engine reads the cart strictly (docs/wire.md): a missing key is cart-invalid / missing-field.
    status, body = post(base_url + "/quote", json.dumps({"currency": "EUR"}).encode())
    assert status == 422 and body["error"]["code"] == "cart-invalid"
    assert [(p["code"], p["path"]) for p in body["error"]["problems"]] == [("missing-field", "")]


def test_kassa_errors_are_422_with_the_canonical_error(base_url):
    cart = {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "A", "quantity": "1.x"}]}
    status, body = post(base_url + "/quote", json.dumps(cart).encode())
    assert status == 422
    assert set(body["error"]) == {"code", "path", "message", "params", "problems", "text"}


def test_validate_route_returns_a_report(base_url):
    order = {"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z"}, "email": "a@b.de"}
    status, body = post(base_url + "/validate", json.dumps(order).encode())
    assert status == 200 and set(body) == {"valid", "problems"}


def test_check_command_on_files(tmp_path, rulebook_text, capsys):
    (tmp_path / "rb.json").write_text(rulebook_text)
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(json.JSONDecodeError):
        service.main(["check", str(tmp_path / "rb.json"), str(tmp_path / "bad.json")])
    (tmp_path / "broken-rb.json").write_text('{"kassa": ')
    assert service.main(["check", str(tmp_path / "broken-rb.json"), str(tmp_path / "bad.json")]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid-json"


def test_traceparent_makes_the_engine_span_a_child_of_the_request(engine):
    """A request carrying a W3C traceparent gets a server span in that trace; the engine's span is its child."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    kassa.set_tracer_provider(provider)
    server = service.serve(engine, "127.0.0.1", 0, provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        order = {"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z"}, "email": "a@b.de"}
        # The example of the W3C Trace Context recommendation: trace 4bf92f35..., parent span 00f067aa0ba902b7.
        req = urllib.request.Request(
            f"http://127.0.0.1:{server.server_port}/validate", data=json.dumps(order).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})  # fmt: skip
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
    finally:
        server.shutdown()
        server.server_close()
        kassa.set_tracer_provider(None)
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert set(spans) == {"kassa.validate", "POST /validate"}
    quote, request = spans["kassa.validate"], spans["POST /validate"]
    assert request.kind == SpanKind.SERVER
    assert format(request.context.trace_id, "032x") == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert request.parent is not None and format(request.parent.span_id, "016x") == "00f067aa0ba902b7"
    assert request.parent.is_remote
    assert quote.parent is not None and quote.parent.span_id == request.context.span_id
    assert quote.context.trace_id == request.context.trace_id


# ---- POST /checkout/verify (docs/wire.md, "Verifying a client's quote") -----------------------------------------

# examples/cart.json in canonical JSON, written by hand from docs/wire.md (its keys are already in WIT order).
EXAMPLE_CART_CANONICAL = (
    '{"currency":"EUR","at":"2026-11-28T10:00:00Z","country":"DE","region":null,"postal-code":null,"channel":"web",'
    '"customer-group":null,"customer-id":null,"previous-orders":2,"tax-exempt":false,"reverse-charge":false,'
    '"lines":[{"sku":"TEE","quantity":"2","unit-price":null,"taxes":null,"attributes":[]},'
    '{"sku":"BOOK","quantity":"1","unit-price":null,"taxes":null,"attributes":[]},'
    '{"sku":"PEN","quantity":"12","unit-price":null,"taxes":null,"attributes":[]},'
    '{"sku":"CAPSULE","quantity":"25","unit-price":null,"taxes":null,"attributes":[]}],'
    '"coupons":[],"shipping-method":"standard","shipping-taxes":null,"cash-rounding":false,"tenders":[],"usage":[],"explain":true,"hints":false,"exchange-rates":[],"attributes":[]}'
)


@pytest.fixture
def shop_url():
    with kassa.Engine.load((REPO / "examples" / "rulebook.json").read_text(encoding="utf-8")) as e:
        server = service.serve(e, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/checkout/verify", e
        finally:
            server.shutdown()
            server.server_close()


def post_raw(url: str, body: bytes) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_verify_answers_matches_digest_and_the_engines_quote(shop_url):
    url, engine = shop_url
    cart = (REPO / "examples" / "cart.json").read_bytes()  # pretty-printed: the digest is of the canonical form
    # The README's hand-worked totals of the example cart: 75.90 + 6.90 shipping = 82.80, of which tax 10.74.
    client = b'{"currency": "EUR", "subtotal": "75.90", "tax-total": "10.74", "grand-total": "82.80"}'
    status, raw = post_raw(url, b'{"cart": ' + cart + b', "quote": ' + client + b"}")
    assert status == 200, raw
    digest = hashlib.sha256(EXAMPLE_CART_CANONICAL.encode()).hexdigest()
    # The engine's canonical quote embedded as the engine writes it (the same bytes as the Go server's answer).
    quote = engine.quote_json(cart)
    assert raw.decode() == f'{{"matches":true,"differences":[],"cart-sha256":"{digest}","quote":{quote}}}'


def test_verify_reports_a_stale_client(shop_url):
    url, _ = shop_url
    cart = (REPO / "examples" / "cart.json").read_text(encoding="utf-8")
    # A client that priced BOOK at 22.00 instead of 24.00: 73.90 subtotal, 80.80 in all (hand-computed).
    body = '{"cart": %s, "quote": {"currency": "EUR", "subtotal": "73.90", "grand-total": "80.80"}}' % cart
    status, raw = post_raw(url, body.encode())
    answer = json.loads(raw)
    assert status == 200 and answer["matches"] is False
    assert answer["differences"] == [
        {"field": "subtotal", "client": "73.90", "server": "75.90"},
        {"field": "grand-total", "client": "80.80", "server": "82.80"},
    ]


@pytest.mark.parametrize(
    "body",
    [
        b'{"cart": {}, "quote": {"currency": "EUR", "grand-total": "1.00"}, "extra": 1}',
        b'{"cart": {}, "cart": {}, "quote": {"currency": "EUR", "grand-total": "1.00"}}',
        b'{"quote": {"currency": "EUR", "grand-total": "1.00"}}',
        b'{"cart": {}, "quote": {"currency": "EUR"}}',
        b'{"cart": {}, "quote": {"currency": "EUR", "grand-total": 1}}',
        b'{"cart": {}, "quote": {"currency": "EUR", "grand-total": "1.00"}} {}',
        b'{"cart": {}',
        b"[]",
    ],
)
def test_verify_refuses_a_malformed_request(shop_url, body):
    assert post_raw(shop_url[0], body)[0] == 400


@pytest.mark.parametrize(
    "fields, findings",
    [
        # A number for a decimal and a camelCase key.
        (b'"shippingMethod": "standard", "lines": [{"sku": "TEE", "quantity": 2}]',
         [("unknown-field", "/shippingMethod"), ("wrong-type", "/lines/0/quantity")]),
        # A lone surrogate escape, and a byte that is not UTF-8: carried through to the engine as they came.
        (b'"customer-id": "\\ud800"', [("invalid-unicode", "/customer-id")]),
        (b'"customer-id": "\xff"', [("invalid-unicode", "/customer-id")]),
    ],
)  # fmt: skip
def test_verify_hands_the_cart_to_the_engine_as_it_came(shop_url, fields, findings):
    cart = b'{"currency": "EUR", "at": "2026-11-28T10:00:00Z", ' + fields + b"}"
    status, raw = post_raw(shop_url[0], b'{"cart": ' + cart + b', "quote": {"currency": "EUR", "grand-total": "1.00"}}')
    error = json.loads(raw)["error"]
    assert status == 422 and error["code"] == "cart-invalid"
    assert sorted((p["code"], p["path"]) for p in error["problems"]) == findings
