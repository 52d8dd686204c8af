#!/usr/bin/env python3
"""Example: price and validate an order with Kassa, from a JSON file or over HTTP (standard library only).

    python service.py check RULEBOOK.json ORDER.json     # prints {"validation": ..., "quote": ...}
    python service.py serve RULEBOOK.json [--port 8080]  # POST /checkout, /quote or /validate with JSON

An order is `{"cart": {...}, "email": ..., "shipping-address": {...}}` (kebab-case keys, as in
wit/kassa.wit); /quote takes a cart. Answers are canonical JSON (kassa.to_wire). A Kassa error is HTTP 422
with the error object; a malformed request is 400. One engine serves all request threads: it is thread-safe.
"""

from __future__ import annotations

import argparse
import json
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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


def make_handler(engine: kassa.Engine) -> type[BaseHTTPRequestHandler]:
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
                self._send(HTTPStatus.OK, route(engine, body))
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


def serve(engine: kassa.Engine, host: str, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(engine))


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
