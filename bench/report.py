#!/usr/bin/env python3
"""Writes bench/REPORT.md from one `make bench` run: medians per workload and host, and each host's ratio to
native Rust measured in the same run.

Inputs: criterion's estimates for native Rust (target/criterion/kassa/<workload>/new/estimates.json) and one
bench/out/<host>.json per host: {"host", "runtime", "results": {"<workload>": {"median_ns": N, "runs": R}}}.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CRITERION = ROOT / "target" / "criterion" / "kassa"
WORKLOADS = ["load", "quote-small", "quote-typical", "quote-large", "quote-lines-10", "quote-lines-100",
             "quote-lines-1000", "validate-typical", "fields-batch"]
# Targets from the Benchmarks issue: end-to-end ratio to native Rust for a typical quote.
TARGETS = {"node": 5, "go": 5, "python": 20, "browser": 5}


def native() -> dict:
    results = {}
    for w in WORKLOADS:
        f = CRITERION / w / "new" / "estimates.json"
        if f.exists():
            results[w] = {"median_ns": json.loads(f.read_text())["median"]["point_estimate"], "runs": 30}
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {"host": "rust", "runtime": f"{rustc}, native, criterion", "results": results}


def fmt_ns(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def sizes() -> list[str]:
    rows = []
    for rel in ["dist/kassa.wasm", "dist/kassa.core.wasm"]:
        p = ROOT / rel
        if p.exists():
            data = p.read_bytes()
            rows.append(f"| `{rel}` | {len(data):,} | {len(gzip.compress(data, 9)):,} |")
    extra = OUT / "sizes.json"
    if extra.exists():
        for name, (raw, gz) in json.loads(extra.read_text()).items():
            rows.append(f"| {name} | {raw:,} | {gz:,} |")
    return rows


def main() -> int:
    hosts = [native()]
    for name in ["rust-wasmtime", "node", "browser", "go", "python"]:
        f = OUT / f"{name}.json"
        if f.exists():
            hosts.append(json.loads(f.read_text()))
    base = hosts[0]["results"]
    lines = [
        "# Benchmark report",
        "",
        f"One `make bench` run on {datetime.date.today().isoformat()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.machine()}. Medians; ratios are to native Rust in the same run "
        "(lower is better; the machine is shared, so compare ratios, not absolute times).",
        "",
        "| host | runtime |",
        "|---|---|",
    ]
    lines += [f"| {h['host']} | {h['runtime']} |" for h in hosts]
    lines += ["", "| workload | " + " | ".join(h["host"] for h in hosts) + " |",
              "|---|" + "---|" * len(hosts)]
    for w in WORKLOADS:
        cells = []
        for h in hosts:
            r = h["results"].get(w)
            if not r:
                cells.append("–")
            elif h is hosts[0]:
                cells.append(fmt_ns(r["median_ns"]))
            else:
                ratio = r["median_ns"] / base[w]["median_ns"] if w in base else float("nan")
                cells.append(f"{fmt_ns(r['median_ns'])} ({ratio:.1f}x)")
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    lines += ["", "## Targets (typical quote, end to end)", ""]
    for h in hosts[1:]:
        t = TARGETS.get(h["host"])
        r = h["results"].get("quote-typical")
        if t and r and "quote-typical" in base:
            ratio = r["median_ns"] / base["quote-typical"]["median_ns"]
            verdict = "met" if ratio <= t else f"missed by {ratio / t:.1f}x"
            lines.append(f"- {h['host']}: {ratio:.1f}x native (target {t}x): {verdict}")
    scale = [base.get(f"quote-lines-{n}") for n in (10, 100, 1000)]
    if all(scale):
        per_line = [s["median_ns"] / n for s, n in zip(scale, (10, 100, 1000))]
        lines += ["", "## Scaling (native quote cost per line)", "",
                  "| lines | per line |", "|---|---|"]
        lines += [f"| {n} | {fmt_ns(p)} |" for n, p in zip((10, 100, 1000), per_line)]
    lines += ["", "## Sizes", "", "| artifact | bytes | gzip -9 |", "|---|---|---|"] + sizes()
    (ROOT / "bench" / "REPORT.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
