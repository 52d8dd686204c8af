#!/usr/bin/env python3
"""Per-call cost of the kassa package, and of the same calls through wasmtime-py's dynamic component API.

    python bench.py [--component dist/kassa.wasm] [--repo .] [--quick]
    python bench.py --report [--repo .] [--rounds 15] [--wasm dist/kassa.core.wasm]

Prints microseconds per call (best of several rounds; the machine is shared and noisy, so compare the
columns of one run, not runs). With --component it also times the alternative the package did not choose:
wasmtime.component (Component, Linker().instantiate, get_func) on the component build of the same code.

With --report it runs the shared workloads of `make bench` instead (bench/out/workloads, from
bench/workloads.py) and writes bench/out/python.json for bench/REPORT.md (protocol: bench/README.md):
  "quote-typical" etc.          end to end: the public API (a dict in the wire's kebab-case, dataclasses out)
  "compute:quote-typical" etc.  the wasm work alone: the arguments are lowered (and fuel set) before the clock
                                starts; timed are the export call and its cabi_post_ (no lifting)
  "cold:compile"                wasmtime.Module from the bytes (a new wasmtime.Engine each run, no cache)
  "cold:instantiate-load"       kassa.Engine.load: a new instance with the rulebook loaded
  "throughput-N"                N threads quoting the typical cart on one Engine; ns per quote
A timing loop with warm-up: each workload is warmed up, then timed in interleaved rounds of ~100 ms (end to
end and compute side by side); the figure is the median over rounds of the mean time per call. --wasm runs
that core module (the build every other host runs) instead of the package's copy, which may lag behind until
`make embed-python`; the report checks the sha256.
"""

from __future__ import annotations

import argparse
import json
import statistics
import struct
import sys
import threading
import time
from functools import partial
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


# ---- --report: the shared workloads of `make bench` ------------------------------------------------------

QUOTES = {
    "quote-small": "cart-small.json", "quote-typical": "cart-typical.json", "quote-large": "cart-large.json",
    "quote-lines-10": "cart-10.json", "quote-lines-100": "cart-100.json", "quote-lines-1000": "cart-1000.json",
}  # fmt: skip


def interleaved(fns: list[Callable[[], Any]], own_ns: list[bool], rounds: int, round_s: float = 0.1,
                warm_s: float = 0.3) -> list[float]:  # fmt: skip
    """Median over `rounds` of the mean ns per call of each function; one batch of each per round, so that a
    noisy moment of the shared machine hits all of them. Where own_ns is true, the function returns the ns it
    timed itself (compute), which count instead of the wall time."""
    per_round = []
    for fn in fns:
        calls, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < warm_s or calls < 3:
            fn()
            calls += 1
        per_round.append(max(1, round(calls * round_s / warm_s)))
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            own = 0
            t0 = time.perf_counter_ns()
            if own_ns[i]:
                for _ in range(per_round[i]):
                    own += fn()
            else:
                for _ in range(per_round[i]):
                    fn()
            total = time.perf_counter_ns() - t0
            samples[i].append((own if own_ns[i] else total) / per_round[i])
    return [statistics.median(xs) for xs in samples]


class Compute:
    """Calls an export of one instance with arguments lowered before the clock starts; each call returns the
    ns that the export call and its cabi_post_ took."""

    def __init__(self, engine: kassa.Engine) -> None:
        from kassa import _runtime as R

        self.R = R
        self.inst = engine._pool.acquire()  # the engine's instance, with the rulebook loaded (never returned)

    def lower(self, func: Any, args: list[Any]) -> list[int]:
        inst = self.inst
        self.R._set_fuel(inst._ctx, inst.limits.fuel)
        inst._writes = []
        flat: list[int] = func.lower(inst, args)
        mv = inst.view()
        for ptr, data in inst._writes:
            mv[ptr : ptr + len(data)] = data
        inst._writes = []
        return flat

    def call(self, func: Any, flat: list[int], is_result: bool) -> tuple[int, int]:
        inst = self.inst
        t0 = time.perf_counter_ns()
        ret = inst._raw_call(inst._addr[func.export], flat, len(func.core_results), during="call")
        t1 = time.perf_counter_ns()
        if is_result and inst.view()[ret] != 0:  # result<_, error>: case 0 is ok
            raise RuntimeError(f"{func.export} returned an error")
        t2 = time.perf_counter_ns()
        if func.post:
            inst._raw_call(inst._addr[func.post], [ret], 0, during="post-return")
        return ret, (t1 - t0) + (time.perf_counter_ns() - t2)

    def timed(self, func: Any, args: list[Any], is_result: bool) -> Callable[[], int]:
        def run() -> int:
            return self.call(func, self.lower(func, args), is_result)[1]

        return run


def cold(wasm: bytes, rulebook: str, runs: int) -> dict[str, dict[str, float]]:
    import wasmtime

    compile_ns, load_ns = [], []
    for _ in range(runs):
        cfg = wasmtime.Config()
        cfg.consume_fuel = True  # as kassa's runtime compiles it
        engine = wasmtime.Engine(cfg)
        t0 = time.perf_counter_ns()
        wasmtime.Module(engine, wasm)
        compile_ns.append(time.perf_counter_ns() - t0)
        t0 = time.perf_counter_ns()
        e = kassa.Engine.load(rulebook)
        load_ns.append(time.perf_counter_ns() - t0)
        e.close()
    return {
        "cold:compile": {"median_ns": statistics.median(compile_ns), "runs": runs},
        "cold:instantiate-load": {"median_ns": statistics.median(load_ns), "runs": runs},
    }


def throughput(engine: kassa.Engine, cart: dict[str, Any], n: int, rounds: int, per_quote_ns: float) -> dict[str, float]:
    calls = max(10, round(0.3e9 / per_quote_ns))  # ~0.3 s of quotes per thread and round
    barrier = threading.Barrier(n + 1)
    stop = False

    def work() -> None:
        while True:
            barrier.wait()
            if stop:
                return
            for _ in range(calls):
                engine.quote(cart)
            barrier.wait()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    samples = []
    for r in range(rounds + 1):  # the first round warms the engine's pool up to n instances
        barrier.wait()
        t0 = time.perf_counter_ns()
        barrier.wait()
        if r:
            samples.append((time.perf_counter_ns() - t0) / (n * calls))
    stop = True
    barrier.wait()
    for t in threads:
        t.join()
    return {"median_ns": statistics.median(samples), "runs": rounds}


def report(repo: Path, rounds: int, wasm_path: Optional[Path], out_path: Optional[Path] = None) -> int:
    import hashlib
    from importlib import resources

    from kassa import _convert as C, _inputs as I, _runtime as R, _schema as S

    if wasm_path is not None:
        wasm = wasm_path.read_bytes()
        R._runtime = R.Runtime(wasm)  # what kassa.runtime() returns from now on: every instance runs this build
    else:
        wasm = resources.files("kassa").joinpath("_wasm", "kassa.core.wasm").read_bytes()

    wl = repo / "bench" / "out" / "workloads"
    if not (wl / "rulebook.json").is_file():
        print(f"{wl}: no workloads (run `python3 bench/workloads.py`)", file=sys.stderr)
        return 1
    rulebook = (wl / "rulebook.json").read_text()
    results = cold(wasm, rulebook, 5)
    engine = kassa.Engine.load(rulebook)
    comp = Compute(kassa.Engine.load(rulebook))
    rep = comp.inst.rep

    # load: end to end is Engine.load + close (a fresh instance each time: the public API has no other way);
    # compute is the load export on one instance, then the destructor, as native Rust drops its Engine.
    rb_wire = C.rulebook(rulebook)

    def compute_load() -> int:
        inst = comp.inst
        _, ns = comp.call(S.ENGINE_LOAD, comp.lower(S.ENGINE_LOAD, [rb_wire]), True)
        handle = max(inst._table.reps)  # the handle the guest just created ([resource-new])
        t0 = time.perf_counter_ns()
        inst._raw_call(inst._addr[S.ENGINE_DTOR.export], [inst.take_handle(handle)], 0, during="dtor")
        return ns + time.perf_counter_ns() - t0

    pairs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        ("load", lambda: kassa.Engine.load(rulebook).close(), compute_load)
    ]
    for name, file in QUOTES.items():
        cart = json.loads((wl / file).read_text())
        engine.quote(cart)  # raises if the workload does not quote
        wire = I.cart(cart, "cart")
        pairs.append((name, partial(engine.quote, cart), comp.timed(S.QUOTE_CART, [rep, wire], True)))
    order = json.loads((wl / "order-typical.json").read_text())
    pairs.append(("validate-typical", lambda: engine.validate(order),
                  comp.timed(S.VALIDATE_ORDER, [rep, I.order(order, "order")], False)))  # fmt: skip
    # fields-batch: the 180 validations in one validate_fields call (the batch entry point); the variant
    # fields-batch@per-call makes one validate_field call each.
    batch = json.loads((wl / "fields.json").read_text())
    requests_wire = C.sequence(I.field_request)(batch, "requests")

    def fields_e2e() -> None:
        kassa.validate_fields(batch)

    def fields_per_call() -> None:
        for f in batch:
            kassa.validate_field(f["kind"], f["value"], f["country"])

    fields_compute = comp.timed(S.VALIDATE_FIELDS, [requests_wire], True)

    pairs.append(("fields-batch", fields_e2e, fields_compute))

    for name, e2e, compute in pairs:
        a, b = interleaved([e2e, compute], [False, True], rounds)
        results[name] = {"median_ns": a, "runs": rounds}
        results[f"compute:{name}"] = {"median_ns": b, "runs": rounds}
        print(f"python {name}: {a / 1e3:.1f} µs, compute {b / 1e3:.1f} µs", file=sys.stderr, flush=True)
    (per_call,) = interleaved([fields_per_call], [False], rounds)
    results["fields-batch@per-call"] = {"median_ns": per_call, "runs": rounds}
    typical = json.loads((wl / "cart-typical.json").read_text())
    for n in (1, 2):
        results[f"throughput-{n}"] = throughput(engine, typical, n, min(rounds, 9), results["quote-typical"]["median_ns"])
        print(f"python throughput-{n}: {results[f'throughput-{n}']['median_ns'] / 1e3:.1f} µs", file=sys.stderr)

    doc = {
        "host": "python",
        "runtime": f"CPython {sys.version.split()[0]}, {kassa.runtime_version()} (core module, hand-written "
        "canonical ABI, fuel metering on)",
        "wasm": {"core-sha256": hashlib.sha256(wasm).hexdigest()},
        "results": dict(sorted(results.items())),
    }
    out = out_path or repo / "bench" / "out" / "python.json"
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {out}", file=sys.stderr)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--component", type=Path, help="dist/kassa.wasm, to time the dynamic component API too")
    ap.add_argument("--repo", type=Path, default=HERE.parent.parent, help="repository root (for examples/)")
    ap.add_argument("--quick", action="store_true", help="fewer iterations")
    ap.add_argument("--report", action="store_true", help="run the make-bench workloads, write bench/out/python.json")
    ap.add_argument("--rounds", type=int, default=15, help="timed rounds per workload (--report)")
    ap.add_argument("--out", type=Path, help="where --report writes (default bench/out/python.json)")
    ap.add_argument("--wasm", type=Path, help="core module to run instead of the package's copy (--report)")
    args = ap.parse_args()
    if args.report:
        return report(args.repo.resolve(), args.rounds, args.wasm, args.out)
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
