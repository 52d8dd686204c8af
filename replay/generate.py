#!/usr/bin/env python3
"""Historical carts for `kassa replay`: a deterministic, seeded generator over the example store (examples/).

Each line is one cart in the contract's canonical JSON (keys with their default value left out), with its own
`at` (October to December 2026, so some fall in the Black Friday sale), country and currency, coupons and the
usage counts the shop knew at the time. A few carts are meant to fail: an unknown sku under both rulebooks,
INK (discontinued in examples/rulebook-2027.json) under the new one, MUG (back in the range there) under the
old one, express shipping to Austria under both. The same seed and count give the same bytes on every machine
(Python's `random.Random` with an integer seed is stable across versions).

    python3 replay/generate.py --seed 1 --count 100000 -o target/replay/carts.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2026, 10, 1, tzinfo=timezone.utc)
SECONDS = 92 * 24 * 3600  # October, November and December 2026

# (sku, weight in the draw, quantity drawer) for euro carts; the Swiss price list has TEE, BOOK and PEN only.
EUR_ITEMS = [
    ("TEE", 20, lambda r: str(r.randint(1, 3))),
    ("BOOK", 16, lambda r: str(r.randint(1, 3))),
    ("EBOOK", 8, lambda r: "1"),
    ("PEN", 14, lambda r: str(r.choice([1, 2, 3, 5, 10, 12, 20, 50]))),
    ("INK", 3, lambda r: str(r.randint(1, 8))),
    ("CAPSULE", 10, lambda r: str(r.choice([10, 20, 25, 30, 50]))),
    ("COFFEE", 8, lambda r: r.choice(["0.25", "0.5", "1", "1.5", "2"])),
    ("GIFTCARD", 3, lambda r: "1"),
    ("MUG", 1, lambda r: str(r.randint(1, 2))),
]
CHF_ITEMS = [
    ("TEE", 10, lambda r: str(r.randint(1, 3))),
    ("BOOK", 8, lambda r: str(r.randint(1, 2))),
    ("PEN", 6, lambda r: str(r.choice([1, 3, 10]))),
]
COUPONS = ["SPEND", "SPEND", "SPEND", "WELCOME10", "PENS3FOR2", "COFFEELOVER", "FREESHIP"]


def pick(rng: random.Random, items: list) -> tuple:
    return rng.choices(items, weights=[w for _, w, _ in items])[0]


def cart(rng: random.Random) -> dict:
    at = START + timedelta(seconds=rng.randrange(SECONDS))
    country = rng.choices(["DE", "AT", "CH"], weights=[80, 12, 8])[0]
    currency, items = ("CHF", CHF_ITEMS) if country == "CH" else ("EUR", EUR_ITEMS)
    c: dict = {"currency": currency, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "country": country,
               "channel": rng.choice(["web", "web", "app"])}
    customer = rng.randrange(50_000) if rng.random() < 0.7 else None
    if customer is not None:
        c["customer-id"] = f"C{customer:05d}"
    previous = 0 if rng.random() < 0.2 else rng.randint(1, 20)
    c["previous-orders"] = previous
    lines = []
    for _ in range(rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 20, 12, 8])[0]):
        sku, _, quantity = pick(rng, items)
        if any(l["sku"] == sku for l in lines):
            continue
        line = {"sku": sku, "quantity": quantity(rng)}
        if sku == "GIFTCARD":
            line["unit-price"] = rng.choice(["10.00", "25.00", "50.00"])
        lines.append(line)
    if rng.random() < 0.003:
        lines.append({"sku": "GADGET", "quantity": "1"})  # in neither catalog
    c["lines"] = lines
    coupons = []
    if rng.random() < 0.35:
        coupons.append(rng.choice(COUPONS))
        if rng.random() < 0.15:
            second = rng.choice(COUPONS)
            if second not in coupons:
                coupons.append(second)
    if coupons:
        c["coupons"] = coupons
    if country == "CH":
        method = "post-ch"
    elif country == "AT":
        method = "express" if rng.random() < 0.01 else "standard"  # express does not go to Austria
    else:
        method = rng.choices(["standard", "express", None], weights=[70, 20, 10])[0]
    if method is not None:
        c["shipping-method"] = method
    if "WELCOME10" in coupons and customer is not None and rng.random() < 0.3:
        c["usage"] = [{"key": "WELCOME10", "by-customer": 1, "total": rng.randint(1, 900)}]
    return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    try:
        for _ in range(args.count):
            out.write(json.dumps(cart(rng), separators=(",", ":")))
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
