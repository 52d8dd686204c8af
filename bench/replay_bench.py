#!/usr/bin/env python3
"""Replay throughput for `make bench` (`make bench-replay`): carts per second of `kassa replay` (the Rust CLI) on
one thread and on every core, and of the Spark job in local mode on every core, on one set of generated carts
(replay/generate.py, seed 1) in one run. Writes bench/out/replay.json; bench/report.py adds it to REPORT.md
(`section`).

The CLI runs twice per thread count and keeps the faster (noise on a shared machine only adds time). The Spark
figure is the job's own time (`job.run`: read, replay, write, summarise), without the JVM's start, which is
given beside it as the wall time of the whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
WORK = ROOT / "target" / "replay" / "bench"
OLD, NEW = ROOT / "examples" / "rulebook.json", ROOT / "examples" / "rulebook-2027.json"


def cli_run(cli: Path, carts: Path, threads: int) -> float:
    start = time.monotonic()
    subprocess.run([str(cli), "replay", "-q", "-j", str(threads), "--old", str(OLD), "--new", str(NEW),
                    "-o", str(WORK / "cli.jsonl"), str(carts)], check=True)
    return time.monotonic() - start


def spark_run(python: Path, carts: Path, cores: int) -> tuple[float, float]:
    out = WORK / "spark-out"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    start = time.monotonic()
    p = subprocess.run([str(python), str(ROOT / "replay" / "spark" / "submit.py"), "--master", f"local[{cores}]",
                        "--old", str(OLD), "--new", str(NEW), "--carts", str(carts), "--output", str(out),
                        "--partitions", str(cores * 2)],
                       check=True, capture_output=True, text=True,
                       env={**os.environ, "PYSPARK_PYTHON": str(python)})
    wall = time.monotonic() - start
    m = re.search(r"kassa replay \(spark\): \d+ carts in ([0-9.]+) s", p.stderr)
    if not m:
        raise SystemExit(f"the Spark job did not report its time:\n{p.stderr[-2000:]}")
    return float(m.group(1)), wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--carts", type=int, default=200_000)
    ap.add_argument("--cli", type=Path, default=ROOT / "target" / "release" / "kassa")
    ap.add_argument("--spark-python", type=Path, default=ROOT / "target" / "replay-spark" / "venv" / "bin" / "python")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    carts = WORK / f"carts-{args.carts}.jsonl"
    if not carts.exists():
        subprocess.run([sys.executable, str(ROOT / "replay" / "generate.py"), "--seed", "1", "--count",
                        str(args.carts), "-o", str(carts)], check=True)
    cores = os.cpu_count() or 1
    cli = {}
    for threads in sorted({1, cores}):
        best = min(cli_run(args.cli, carts, threads) for _ in range(2))
        cli[str(threads)] = {"seconds": round(best, 3), "carts_per_s": round(args.carts / best)}
        print(f"bench-replay: CLI -j {threads}: {args.carts / best:,.0f} carts/s", file=sys.stderr)
    job, wall = spark_run(args.spark_python, carts, cores)
    spark = {"master": f"local[{cores}]", "seconds": job, "wall_seconds": round(wall, 1),
             "carts_per_s": round(args.carts / job)}
    print(f"bench-replay: Spark local[{cores}]: {args.carts / job:,.0f} carts/s ({wall:.0f} s with the JVM's start)",
          file=sys.stderr)
    doc = {"carts": args.carts, "cores": cores, "cli": cli, "spark": spark}
    (OUT / "replay.json").write_text(json.dumps(doc, indent=2) + "\n")
    return 0


def section(path: Path) -> list[str]:
    """The REPORT.md section for bench/out/replay.json (empty when it is missing)."""
    if not path.exists():
        return []
    d = json.loads(path.read_text())
    cores, cli, spark = d["cores"], d["cli"], d["spark"]
    all_cores = cli[str(cores)]["carts_per_s"]
    lines = ["", "## Replay", "",
             f"`kassa replay` on {d['carts']:,} generated carts (replay/generate.py, seed 1; examples/rulebook.json "
             f"against examples/rulebook-2027.json): each cart quoted under both rulebooks and compared, records "
             f"written as JSONL (bench/replay_bench.py). The Spark job's time is its own (read, replay, write, "
             f"summarise); the wall time with the JVM's start is given beside it.", "",
             "| runner | cores | carts/s | time | to the CLI on every core |", "|---|---:|---:|---:|---:|"]
    for threads, r in sorted(cli.items(), key=lambda kv: int(kv[0])):
        lines.append(f"| CLI (Rust, native) | {threads} | {r['carts_per_s']:,} | {r['seconds']:.1f} s | "
                     f"{r['carts_per_s'] / all_cores:.2f}x |")
    lines.append(f"| Spark {spark['master']} (Python package) | {cores} | {spark['carts_per_s']:,} | "
                 f"{spark['seconds']:.1f} s ({spark['wall_seconds']:.0f} s wall) | "
                 f"{spark['carts_per_s'] / all_cores:.2f}x |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
