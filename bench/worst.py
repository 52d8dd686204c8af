#!/usr/bin/env python3
"""Times the worst cases inside the limits (docs/limits.md, the conformance group `limits-worst`) in every host.

Each host's conformance runner (KASSA_RUNNERS, as `make conformance` sets it) answers each case twice, one
request at a time: the first answer includes loading the case's rulebook (and, for the first case, nothing
else: the runner has started and compiled its module before it says hello); the second is the call alone on
the loaded engine, which is what a long-running service pays per request. Wall-clock seconds from writing the
request line to reading the answer line, so the JSON text of a multi-megabyte input crossing the pipe is
included, as it would be for a service reading it from a socket.

    python3 bench/worst.py --cases target/worst-cases [--out bench/out/worst.json]

The answers themselves are checked by `make conformance-worst`; this only measures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "conformance"))
import driver  # noqa: E402  (the conformance driver: case loading and the runner protocol)


def ask(proc: subprocess.Popen, line: str) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc.stdin.write(line)
    proc.stdin.flush()
    answer = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    if not answer:
        raise SystemExit(f"the runner stopped: {proc.stderr.read()[-2000:]}")
    return elapsed, json.loads(answer)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=ROOT / "target" / "worst-cases")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "worst.json")
    args = ap.parse_args()

    cases = driver.load_cases(args.cases)
    hosts = driver.runner_commands()
    table: dict[str, dict[str, list[float]]] = {}
    for host, argv in hosts.items():
        proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        if not proc.stdout.readline():
            raise SystemExit(f"runner {host} did not start: {proc.stderr.read()}")
        for c in cases:
            line = driver.canonical({"id": c["id"], "op": c["op"], "rulebook": c["rulebook"],
                                     "input": c["input"]}) + "\n"
            first, _ = ask(proc, line)
            again, answer = ask(proc, line)
            if answer.get("error", {}).get("code") == "host-error":
                raise SystemExit(f"{host} {c['id']}: {answer['error']}")
            table.setdefault(c["id"], {})[host] = [round(first, 3), round(again, 3)]
            print(f"{host:8} {c['id']:48} first {first:7.3f} s   again {again:7.3f} s", flush=True)
        proc.stdin.close()
        proc.wait()

    names = list(hosts)
    print(f"\n{'case (seconds: with load / call alone)':52}" + "".join(f"{h:>16}" for h in names))
    for cid, row in table.items():
        print(f"{cid:52}" + "".join(f"{row[h][0]:>8.2f}/{row[h][1]:<7.2f}" for h in names))
    worst = {h: max(row[h][1] for row in table.values()) for h in names}
    print(f"{'slowest call alone':52}" + "".join(f"{worst[h]:>16.2f}" for h in names))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seconds": table, "slowest-call": worst}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
