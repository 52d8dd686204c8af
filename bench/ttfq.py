#!/usr/bin/env python3
"""Time to first quote: a fresh process per run, from exec to exit, that loads examples/rulebook.json and prints
the quote of examples/cart.json (82.80, checked on every run), per host:

- `cold`: an empty compilation cache (KASSA_CACHE_DIR is a new folder each run): the process compiles the wasm;
- `warm`: the cache filled by an earlier process: what every process after the first pays;
- `start`: the same runtime doing nothing (python -c pass, node -e 0, a Go hello-world binary): the floor.

Node 20 keeps no compiled wasm between processes (`v8.serialize` of a module is 2 bytes), so it has no cache:
its `cold` and `warm` rows are the same program, the second with the OS's file cache warm. The variants are
interleaved run by run, so machine noise spreads over all of them; the report gives median and fastest.

Writes bench/out/ttfq.json (bench/report.py puts it in REPORT.md). Usage: python3 bench/ttfq.py [--runs N] [--out F]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "ttfq"
OUT = ROOT / "bench" / "out" / "ttfq.json"
ARGS = [str(ROOT / "examples" / "rulebook.json"), str(ROOT / "examples" / "cart.json")]
EXPECTED = "82.80"  # examples/cart.json, worked out by hand in core/tests/quote.rs


def timed(argv: list[str], env: dict[str, str], expect: str | None) -> float:
    t = time.perf_counter()
    p = subprocess.run(argv, env={**os.environ, **env}, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if p.returncode != 0 or (expect is not None and p.stdout.strip() != expect):
        raise SystemExit(f"ttfq: {' '.join(argv)} failed ({p.returncode}): {p.stdout}{p.stderr}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path, default=OUT, help="where to write (default bench/out/ttfq.json)")
    opts = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kassa-ttfq-"))
    try:
        go_bin, hello = tmp / "ttfq-go", tmp / "hello-go"
        subprocess.run(["go", "build", "-o", str(go_bin), "."], cwd=HERE / "go", check=True)
        (tmp / "hello").mkdir()
        (tmp / "hello" / "main.go").write_text('package main\n\nfunc main() { println("hello") }\n')
        (tmp / "hello" / "go.mod").write_text("module hello\n\ngo 1.25\n")
        subprocess.run(["go", "build", "-o", str(hello), "."], cwd=tmp / "hello", check=True)
        python = str(ROOT / "consumers" / "python" / ".venv" / "bin" / "python")
        hosts = {
            "go": ([str(go_bin), *ARGS], [str(hello)], True),
            "python": ([python, str(HERE / "first_quote.py"), *ARGS], [python, "-c", "pass"], True),
            "node": (["node", str(HERE / "first-quote.mjs"), *ARGS], ["node", "-e", "0"], False),
        }
        warm_dir = tmp / "warm"
        for name, (argv, _, _) in hosts.items():  # fill the warm cache (and the OS's file cache)
            timed(argv, {"KASSA_CACHE_DIR": str(warm_dir)}, EXPECTED)
        times: dict[str, dict[str, list[float]]] = {h: {"start": [], "cold": [], "warm": []} for h in hosts}
        for i in range(opts.runs):
            for name, (argv, start, _) in hosts.items():
                times[name]["start"].append(timed(start, {}, None))
                cold = tmp / f"cold-{name}-{i}"
                times[name]["cold"].append(timed(argv, {"KASSA_CACHE_DIR": str(cold)}, EXPECTED))
                times[name]["warm"].append(timed(argv, {"KASSA_CACHE_DIR": str(warm_dir)}, EXPECTED))
                shutil.rmtree(cold, ignore_errors=True)
        versions = {
            "go": subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip() + " wazero v1.12.0",
            "python": subprocess.run([python, "-c", "import sys, kassa; print('Python', sys.version.split()[0], kassa.runtime_version())"],
                                     capture_output=True, text=True).stdout.strip(),
            "node": "Node " + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        }
        result = {
            "runs": opts.runs,
            "workload": "examples/rulebook.json + examples/cart.json",
            "hosts": {
                name: {
                    "runtime": versions[name],
                    "cache": hosts[name][2],
                    **{k: {"median_ms": statistics.median(v) * 1e3, "min_ms": min(v) * 1e3} for k, v in t.items()},
                }
                for name, t in times.items()
            },
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(result, indent=1) + "\n")
    for name, r in result["hosts"].items():
        print(f"ttfq {name:7} start {r['start']['median_ms']:6.0f} ms  cold {r['cold']['median_ms']:6.0f} ms"
              f"  warm {r['warm']['median_ms']:6.0f} ms  (medians of {opts.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
