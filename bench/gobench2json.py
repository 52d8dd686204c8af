#!/usr/bin/env python3
"""Turns `go test -bench BenchmarkReport -count N` output (stdin) into bench/out/go.json (bench/README.md).

Each benchmark line `BenchmarkReport/<config>/<workload>-<procs>  <n>  <ns> ns/op [<t> timed-ns/op]` is one
run; the workload's median is over the N runs. `timed-ns/op` (the part the benchmark timed itself: compute and
instantiate-load, see consumers/go/report_bench_test.go) wins over ns/op when present. Config "default" gives
the plain workload name; any other config is appended: `quote-typical@no-abort`. The benchmark's log line
`wasm-sha256 <hex>` (the module it ran) becomes "wasm": {"core-sha256": ...}, which the report checks.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^BenchmarkReport/(?P<config>[^/\s]+)/(?P<name>\S+?)(-\d+)?\s+(?P<n>\d+)\s+(?P<rest>.*)$")


def parse(text: str) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        metrics = dict((unit, float(v)) for v, unit in re.findall(r"([\d.]+) (\S+)", m["rest"]))
        ns = metrics.get("timed-ns/op", metrics.get("ns/op"))
        if ns is None:
            continue
        name = m["name"] if m["config"] == "default" else f"{m['name']}@{m['config']}"
        runs.setdefault(name, []).append(ns)
    return runs


def runtime() -> str:
    go = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.split()
    mod = (ROOT / "consumers" / "go" / "go.mod").read_text()
    wazero = re.search(r"github.com/tetratelabs/wazero (v\S+)", mod)
    return f"{go[2] if len(go) > 2 else 'go ?'} wazero {wazero[1] if wazero else '?'} (core module, hand-written canonical ABI)"


def main() -> int:
    text = sys.stdin.read()
    runs = parse(text)
    if not runs:
        print(text, file=sys.stderr)
        print("gobench2json: no BenchmarkReport lines in the input", file=sys.stderr)
        return 1
    results = {k: {"median_ns": statistics.median(v), "runs": len(v)} for k, v in sorted(runs.items())}
    doc = {"host": "go", "runtime": runtime(), "results": results}
    shas = set(re.findall(r"wasm-sha256 ([0-9a-f]{64})", text))
    if len(shas) == 1:
        doc["wasm"] = {"core-sha256": shas.pop()}
    out = ROOT / "bench" / "out" / "go.json"
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"gobench2json: {len(results)} workloads -> bench/out/go.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
