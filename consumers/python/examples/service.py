#!/usr/bin/env python3
"""Example: price and validate an order with Kassa, from a JSON file or over HTTP (standard library only).

    python service.py check RULEBOOK.json ORDER.json     # prints {"validation": ..., "quote": ...}
    python service.py serve RULEBOOK.json [--port 8080]  # POST /checkout, /quote or /validate with JSON

An order is `{"cart": {...}, "email": ..., "shipping-address": {...}}` (kebab-case keys, as in
wit/kassa.wit); /quote takes a cart. Answers are canonical JSON (kassa.to_wire). A Kassa error is HTTP 422
with the error object; a malformed request is 400. One engine serves all request threads: it is thread-safe.

With opentelemetry-api installed (`pip install kassa[otel]`) each request gets a server span that continues the
caller's W3C trace context (the `traceparent` header the checkout's fetch sends), and the engine's spans are its
children (docs/observability.md); without it nothing changes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ContextManager

import kassa

MAX_BODY = 1 << 20  # refuse bodies over 1 MiB before reading them


def checkout(engine: kassa.Engine, order: dict) -> dict:
    """Validate the order; price its cart only when the order is valid (a quote is a promise to the customer)."""
    report = engine.validate(order)
    out: dict[str, Any] = {"validation": kassa.to_wire(report), "quote": None}
    if report.valid:
        out["quote"] = kassa.to_wire(engine.quote(order["cart"]))
    return out


ROUTES = {
    "/checkout": checkout,
    "/quote": lambda engine, cart: kassa.to_wire(engine.quote(cart)),
    "/validate": lambda engine, order: kassa.to_wire(engine.validate(order)),
}


def request_span(name: str, headers: Any, tracer_provider: Any = None) -> ContextManager[Any]:
    """A server span for one request, continuing the caller's trace context, made current so that the engine's
    spans are its children; nothing when opentelemetry-api is not installed."""
    try:
        from opentelemetry import propagate, trace
    except ImportError:
        return contextlib.nullcontext()
    tracer = trace.get_tracer("kassa-example-service", tracer_provider=tracer_provider)
    return tracer.start_as_current_span(name, context=propagate.extract(headers), kind=trace.SpanKind.SERVER)


def make_handler(engine: kassa.Engine, tracer_provider: Any = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                self._send(HTTPStatus.OK, {"engine": kassa.to_wire(engine.info())})
            else:
                self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; POST {', '.join(ROUTES)}"})

        def do_POST(self) -> None:
            route = ROUTES.get(self.path)
            if route is None:
                return self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; POST {', '.join(ROUTES)}"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"body over {MAX_BODY} bytes"})
            try:
                body = json.loads(self.rfile.read(length) or b"null")
                if not isinstance(body, dict):
                    raise TypeError("the body must be a JSON object")
                with request_span(f"POST {self.path}", self.headers, tracer_provider):
                    answer = route(engine, body)
                self._send(HTTPStatus.OK, answer)
            except kassa.KassaError as e:
                self._send(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": kassa.to_wire(e)})
            except (ValueError, TypeError, KeyError) as e:  # malformed JSON or a wrongly shaped request
                self._send(HTTPStatus.BAD_REQUEST, {"error": f"{type(e).__name__}: {e}"})

        def _send(self, status: HTTPStatus, payload: Any) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt: str, *args: Any) -> None:
            sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    return Handler


def serve(engine: kassa.Engine, host: str, port: int, tracer_provider: Any = None) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(engine, tracer_provider))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate and price ORDER.json")
    c.add_argument("rulebook", type=Path)
    c.add_argument("order", type=Path)
    s = sub.add_parser("serve", help="serve POST /checkout, /quote, /validate")
    s.add_argument("rulebook", type=Path)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    args = ap.parse_args(argv)

    try:
        engine = kassa.Engine.load(args.rulebook.read_text(encoding="utf-8"))
    except kassa.KassaError as e:
        print(json.dumps({"error": kassa.to_wire(e)}, indent=2, ensure_ascii=False))
        return 2
    with engine:
        if args.cmd == "check":
            order = json.loads(args.order.read_text(encoding="utf-8"))
            try:
                result = checkout(engine, order)
            except kassa.KassaError as e:
                print(json.dumps({"error": kassa.to_wire(e)}, indent=2, ensure_ascii=False))
                return 1
            print(json.dumps(result, indent=2, ensure_ascii=False))
            return 0 if result["quote"] is not None else 1
        server = serve(engine, args.host, args.port)
        print(f"kassa example service on http://{args.host}:{server.server_port} (Ctrl-C stops)", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
