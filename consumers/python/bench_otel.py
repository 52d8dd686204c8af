#!/usr/bin/env python3
"""The cost of the OpenTelemetry spans on a typical quote (examples/cart.json), in one run:

    python bench_otel.py [--repo .] [--rounds 200] [--per-round 20]

Variants, interleaved round by round (a different one first each round) so that machine noise hits them alike;
each figure is the median over rounds of the variant's time over the base's in the same round:
  base     Engine.quote without its span (the undecorated method)
  absent   opentelemetry not importable (what the package does then: one global read)
  noop     opentelemetry-api without an SDK: the API's no-op spans
  sdk      the SDK recording every span, attribute and explain event (an exporter that drops them)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import NoOpTracerProvider

import kassa
from kassa import _otel


class Drop(SpanExporter):
    def export(self, spans: Sequence[Any]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--per-round", type=int, default=20)
    a = ap.parse_args()
    engine = kassa.Engine.load((a.repo / "examples" / "rulebook.json").read_text())
    cart = json.loads((a.repo / "examples" / "cart.json").read_text())
    sdk = TracerProvider()
    sdk.add_span_processor(SimpleSpanProcessor(Drop()))
    undecorated = kassa.Engine.quote.__wrapped__  # type: ignore[attr-defined]

    def with_provider(p: Any) -> Callable[[], None]:
        def setup() -> None:
            kassa.set_tracer_provider(p)
        return setup

    def absent() -> None:
        kassa.set_tracer_provider(None)
        _otel._tracer, _otel.tracing = None, False  # what an ImportError of opentelemetry leaves

    variants: list[tuple[str, Callable[[], None], Callable[[], Any]]] = [
        ("base", with_provider(NoOpTracerProvider()), lambda: undecorated(engine, cart)),
        ("absent", absent, lambda: engine.quote(cart)),
        ("noop", with_provider(NoOpTracerProvider()), lambda: engine.quote(cart)),
        ("sdk", with_provider(sdk), lambda: engine.quote(cart)),
    ]
    for _, setup, fn in variants:  # warm up
        setup()
        for _ in range(a.per_round):
            fn()
    ratios: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    base_us: list[float] = []
    for r in range(a.rounds):
        took = {}
        for j in range(len(variants)):
            name, setup, fn = variants[(j + r) % len(variants)]
            setup()
            t = time.perf_counter_ns()
            for _ in range(a.per_round):
                fn()
            took[name] = time.perf_counter_ns() - t
        base_us.append(took["base"] / a.per_round / 1000)
        for name in took:
            ratios[name].append(took[name] / took["base"])
    kassa.set_tracer_provider(None)
    print(f"python otel quote (base {statistics.median(base_us):.1f} µs): median of {a.rounds} rounds of "
          f"{a.per_round} quotes: " + ", ".join(f"{n} {statistics.median(ratios[n]):.4f}" for n in ratios if n != "base")
          + " x base")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
