#!/usr/bin/env python3
"""Per-call cost of the kassa package, and of the same calls through wasmtime-py's dynamic component API.

    python bench.py [--component dist/kassa.wasm] [--repo .] [--quick]

Prints microseconds per call (best of several rounds; the machine is shared and noisy, so compare the
columns of one run, not runs). With --component it also times the alternative the package did not choose:
wasmtime.component (Component, Linker().instantiate, get_func) on the component build of the same code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Optional

import kassa

HERE = Path(__file__).resolve().parent

def ten_item_shop() -> dict:
    """A rulebook selling SKU-0..SKU-9 at 1.01..10.10 EUR net with 19 % VAT (the fallback workload)."""
    skus = [f"SKU-{i}" for i in range(10)]
    return {
        "kassa": "1",
        "id": "bench",
        "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": [{"sku": s, "tax-category": "standard"} for s in skus]},
        "price-lists": [
            {
                "id": "base-eur",
                "currency": "EUR",
                "prices-include-tax": False,
                "prices": [{"sku": s, "unit-price": f"{i + 1}.{i + 1:02d}"} for i, s in enumerate(skus)],
            }
        ],
        "tax": {
            "categories": [{"id": "standard"}],
            "rules": [{"id": "de-vat", "country": "DE", "category": "standard", "rate": "19"}],
        },
    }


def best_us(fn: Callable[[], Any], n: int, rounds: int) -> float:
    fn()
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n)
    return best * 1e6


def swallow(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Times a call whose answer may be a KassaError (e.g. an operation the core does not implement yet)."""

    def run() -> Any:
        try:
            return fn()
        except kassa.KassaError as e:
            return e

    return run


def workloads(repo: Path) -> tuple[str, list[tuple[str, dict]]]:
    """The example rulebook with its cart and a 10-line cart over its catalogue when examples/ has them,
    else a 10-item shop and a 10-line cart."""
    rb, cart = repo / "examples" / "rulebook.json", repo / "examples" / "cart.json"
    if rb.is_file() and cart.is_file():
        example = json.loads(cart.read_text())
        skus = ["TEE", "BOOK", "EBOOK", "PEN", "INK", "CAPSULE", "COFFEE", "PEN", "TEE", "BOOK"]
        special = {"CAPSULE": {"quantity": "20"}, "COFFEE": {"quantity": "0.75"}}
        lines = [{"sku": s, "quantity": "1", **special.get(s, {})} for s in skus]
        return rb.read_text(), [
            (f"examples/cart.json ({len(example['lines'])} lines)", example),
            ("10 lines, example rulebook", {**example, "lines": lines}),
        ]
    lines = [{"sku": f"SKU-{i}", "quantity": str(i + 1)} for i in range(10)]
    cart10 = {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE", "lines": lines}
    return json.dumps(ten_item_shop()), [("10-line cart", cart10)]


class ComponentApi:
    """The same calls through wasmtime.component (the dynamic component API)."""

    def __init__(self, path: Path, rulebook: str) -> None:
        import wasmtime
        from wasmtime import component as wc

        cfg = wasmtime.Config()
        cfg.wasm_component_model = True
        engine = wasmtime.Engine(cfg)
        self.store = wasmtime.Store(engine)
        self.inst = wc.Linker(engine).instantiate(self.store, wc.Component.from_file(engine, str(path)))
        load = self.func("kassa:engine/engine-api@0.1.0", "[static]engine.load")
        self.engine = load(self.store, rulebook)
        load.post_return(self.store)

    def func(self, iface: str, name: str) -> Any:
        idx = self.inst.get_export_index(self.store, iface)
        return self.inst.get_func(self.store, self.inst.get_export_index(self.store, name, idx))

    def call(self, iface: str, name: str, *args: Any) -> Callable[[], Any]:
        f, store = self.func(iface, name), self.store

        def run() -> Any:
            r = f(store, *args)
            f.post_return(store)
            return r

        return run


def to_component_cart(cart: dict) -> Any:
    """A wire cart as wasmtime.component wants a record: an object with kebab-case attributes."""
    defaults = {
        "country": None, "region": None, "channel": None, "customer-group": None, "customer-id": None,
        "previous-orders": None, "tax-exempt": False, "reverse-charge": False, "lines": [], "coupons": [],
        "shipping-method": None, "cash-rounding": False, "usage": [],
    }  # fmt: skip
    rec = SimpleNamespace()
    for k, v in {**defaults, **{k.replace("_", "-"): v for k, v in cart.items()}}.items():
        if k == "lines":
            v = [rec_of({"unit-price": None, **line}) for line in v]
        elif k == "usage":
            v = [rec_of({"by-customer": 0, "total": 0, **u}) for u in v]
        setattr(rec, k, v)
    return rec


def rec_of(d: dict) -> Any:
    r = SimpleNamespace()
    for k, v in d.items():
        setattr(r, k.replace("_", "-"), v)
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--component", type=Path, help="dist/kassa.wasm, to time the dynamic component API too")
    ap.add_argument("--repo", type=Path, default=HERE.parent.parent, help="repository root (for examples/)")
    ap.add_argument("--quick", action="store_true", help="fewer iterations")
    args = ap.parse_args()
    n, rounds = (200, 3) if args.quick else (2000, 5)

    rulebook, carts = workloads(args.repo)
    engine = kassa.Engine.load(rulebook)
    M = kassa.RoundingMode
    ours: list[tuple[str, Callable[[], Any], int]] = [
        ("versions()", kassa.versions, n),
        ("engine.info()", engine.info, n),
        ('canonical_decimal("1.50")', lambda: kassa.canonical_decimal("1.50"), n),
        ('round("2.5", 0, HALF_EVEN)', lambda: kassa.round("2.5", 0, M.HALF_EVEN), n),
        ('round_money("5.125", "EUR")', lambda: kassa.round_money("5.125", "EUR", M.HALF_EVEN), n),
        ('allocate("2.00", "EUR", [1,1,1])', lambda: kassa.allocate("2.00", "EUR", ["1", "1", "1"]), n),
        ('currency_info("CHF")', lambda: kassa.currency_info("CHF"), n),
        ('validate_email("a@b.de")', lambda: kassa.validate_email("a@b.de"), n),
    ]
    for name, cart in carts:
        try:
            engine.quote(cart)
        except kassa.KassaError as e:  # still timed, but say so: an error is cheaper than a quote
            name += f" -> {e.code}"
        ours.append((f"engine.quote({name})", swallow(lambda cart=cart: engine.quote(cart)), max(50, n // 10)))

    comp: dict[str, Optional[Callable[[], Any]]] = {}
    if args.component:
        c = ComponentApi(args.component, rulebook)
        money, api = "kassa:engine/money@0.1.0", "kassa:engine/engine-api@0.1.0"
        comp = {
            "versions()": c.call("kassa:engine/meta@0.1.0", "versions"),
            "engine.info()": c.call(api, "[method]engine.info", c.engine),
            'canonical_decimal("1.50")': c.call(money, "canonical-decimal", "1.50"),
            'round("2.5", 0, HALF_EVEN)': c.call(money, "round", "2.5", 0, "half-even"),
            'round_money("5.125", "EUR")': c.call(money, "round-money", "5.125", "EUR", "half-even"),
            'allocate("2.00", "EUR", [1,1,1])': c.call(money, "allocate", "2.00", "EUR", ["1", "1", "1"]),
            'currency_info("CHF")': c.call(money, "currency-info", "CHF"),
            'validate_email("a@b.de")': c.call("kassa:engine/fields@0.1.0", "validate-field", "email", "a@b.de", None),
        }
        for name, cart in carts:
            comp[f"engine.quote({name})"] = c.call(api, "[method]engine.quote", c.engine, to_component_cart(cart))

    print(f"kassa {kassa.__version__} on {kassa.runtime_version()}, Python {sys.version.split()[0]}")
    print(f"wasm sha256 {kassa.wasm_sha256()[:16]}; best of {rounds} rounds; microseconds per call")
    header = f"{'call':52} {'kassa (core API)':>16}"
    if comp:
        header += f" {'wasmtime.component':>19} {'ratio':>6}"
    print(header)
    for name, fn, iters in ours:
        us = best_us(fn, iters, rounds)
        line = f"{name:52} {us:16.1f}"
        cfn = comp.get(name)
        if cfn is not None:
            cus = best_us(cfn, max(20, iters // 4), rounds)
            line += f" {cus:19.1f} {cus / us:5.1f}x"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
