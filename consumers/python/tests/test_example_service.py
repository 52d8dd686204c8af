"""The example service (examples/service.py) over real HTTP, on an ephemeral port."""

from __future__ import annotations

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kassa

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
