#!/usr/bin/env python3
"""Example: price and validate an order with Kassa, from a JSON file or over HTTP (standard library only).

    python service.py check RULEBOOK.json ORDER.json     # prints {"validation": ..., "quote": ...}
    python service.py serve RULEBOOK.json [--port 8080]  # POST /checkout, /quote, /validate, /checkout/verify

An order is `{"cart": {...}, "email": ..., "shipping-address": {...}}` (kebab-case keys, as in
wit/kassa.wit); /quote takes a cart. Answers are canonical JSON (kassa.to_wire). A Kassa error is HTTP 422
with the error object; a malformed request is 400. One engine serves all request threads: it is thread-safe.

POST /checkout/verify is the Go example server's endpoint, with the same request and the same answer bytes
(docs/wire.md, "Verifying a client's quote"): `{"cart": <canonical JSON>, "quote": <the totals the client
showed>}` -> `{"matches", "differences", "cart-sha256", "quote"}`. The cart is handed to the engine as the bytes
it came in (`quote_json`), so the engine reads it strictly.

With opentelemetry-api installed (`pip install kassa[otel]`) each request gets a server span that continues the
caller's W3C trace context (the `traceparent` header the checkout's fetch sends), and the engine's spans are its
children (docs/observability.md); without it nothing changes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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


# The totals a client may show, in the order the differences are listed; the first and the last but one are
# required.
VERIFIED_TOTALS = ("currency", "subtotal", "discount-total", "tax-total", "grand-total", "payable")


def split_verify_request(body: bytes) -> tuple[bytes, dict]:
    """The request's cart as the bytes it came in, and the client's totals. The envelope is read strictly (an
    object with exactly `cart` and `quote`, each once, nothing after it); the cart is only delimited here: the
    engine reads it. Bytes that are not UTF-8 are carried through (surrogateescape) for the engine to report."""
    text = body.decode("utf-8", "surrogateescape")
    decoder = json.JSONDecoder()
    ws = lambda i: len(text) - len(text[i:].lstrip(" \t\n\r"))  # noqa: E731 - the index after JSON whitespace
    i = ws(0)
    if text[i : i + 1] != "{":
        raise ValueError("the request must be a JSON object")
    members: dict[str, tuple[int, int]] = {}
    i = ws(i + 1)
    while text[i : i + 1] != "}":
        if members:
            if text[i : i + 1] != ",":
                raise ValueError(f"expected ',' at offset {i}")
            i = ws(i + 1)
        key, i = decoder.raw_decode(text, i)
        if not isinstance(key, str) or key not in ("cart", "quote") or key in members:
            raise ValueError(f"unexpected or repeated key {key!r}: the request has 'cart' and 'quote'")
        i = ws(i)
        if text[i : i + 1] != ":":
            raise ValueError(f"expected ':' at offset {i}")
        start = ws(i + 1)
        _, end = decoder.raw_decode(text, start)
        members[key] = (start, end)
        i = ws(end)
    if ws(i + 1) != len(text):
        raise ValueError("the request has data after its JSON object")
    if "cart" not in members:
        raise ValueError("the request has no 'cart'")
    quote = json.loads(text[slice(*members["quote"])]) if "quote" in members else None
    if not isinstance(quote, dict) or not set(quote) <= set(VERIFIED_TOTALS):
        raise ValueError(f"'quote' must be an object with some of {', '.join(VERIFIED_TOTALS)}")
    if any(not isinstance(quote.get(k), str) for k in ("currency", "grand-total")) or any(
        not isinstance(v, (str, type(None))) for v in quote.values()
    ):
        raise ValueError("the quote's totals are strings; 'currency' and 'grand-total' are required")
    return text[slice(*members["cart"])].encode("utf-8", "surrogateescape"), quote


def verify(engine: kassa.Engine, cart: bytes, client: dict) -> bytes:
    """Re-price the cart and compare with the client's totals: the answer's bytes, the engine's canonical quote
    embedded as it wrote it (never re-encoded)."""
    quote_text = engine.quote_json(cart)
    server = json.loads(quote_text)
    differences = [
        {"field": k, "client": client[k], "server": server[k]}
        for k in VERIFIED_TOTALS
        if client.get(k) is not None and client[k] != server[k]
    ]
    digest = hashlib.sha256(kassa.canonical_cart(cart).encode()).hexdigest()
    head = json.dumps(
        {"matches": not differences, "differences": differences, "cart-sha256": digest},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return f'{head[:-1]},"quote":{quote_text}}}'.encode()


VERIFY = "/checkout/verify"
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
                self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; POST {', '.join([*ROUTES, VERIFY])}"})

        def do_POST(self) -> None:
            route = ROUTES.get(self.path)
            if route is None and self.path != VERIFY:
                return self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; POST {', '.join([*ROUTES, VERIFY])}"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"body over {MAX_BODY} bytes"})
            try:
                if route is None:  # VERIFY: the cart goes to the engine as the bytes it came in
                    cart, client = split_verify_request(self.rfile.read(length))
                    with request_span(f"POST {self.path}", self.headers, tracer_provider):
                        return self._send_bytes(HTTPStatus.OK, verify(engine, cart, client))
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
            self._send_bytes(status, json.dumps(payload, ensure_ascii=False).encode())

        def _send_bytes(self, status: HTTPStatus, data: bytes) -> None:
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
    s = sub.add_parser("serve", help="serve POST /checkout, /quote, /validate, /checkout/verify")
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
