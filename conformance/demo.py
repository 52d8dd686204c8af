#!/usr/bin/env python3
"""`make demo`, the part that shows the point of Kassa: the example checkout priced and validated by every
host through its public API, side by side, with the sha256 of each host's canonical quote and a verdict.

Uses the conformance runners (conformance/README.md), so what it shows is exactly what users of each host get.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from driver import ROOT, Runner, canonical, runner_commands  # noqa: E402

CARTS = ["examples/cart.json", "examples/cart-promo.json"]
ORDER = "examples/order.json"
# The B2B wholesaler (examples/wholesale/): its own rulebook, a cart and an order over a per-customer cap.
WHOLESALE = "examples/wholesale/rulebook.json"
WHOLESALE_CART = "examples/wholesale/cart.json"
WHOLESALE_CART_CHF = "examples/wholesale/cart-chf.json"  # Swiss francs from the derived price list
WHOLESALE_ORDER = "examples/wholesale/order.json"
# examples/order.json is wrong on purpose: it is the example of validation, so "invalid" is the answer to expect.
ORDER_NOTE = (
    "order.json is invalid on purpose: it is the validation example (too many T-shirts, an inactive item, a pen\n"
    "quantity off its step, a unit price the channel may not set, an e-mail without @, no shipping address),\n"
    "so every host must answer \"invalid\" with the same problems at the same JSON Pointers.\n"
    "wholesale/order.json is invalid on purpose too: acme bought one case of the allocated wine before and\n"
    "orders two, one more than its per-customer cap of 2 (quantity-above-customer-limit, allowed 1)."
)


def main() -> int:
    rulebook = (ROOT / "examples" / "rulebook.json").read_text()
    carts = [c for c in CARTS if (ROOT / c).exists()]
    requests = [{"id": c, "op": "quote", "rulebook": rulebook, "input": json.loads((ROOT / c).read_text())}
                for c in carts]
    requests.append({"id": ORDER, "op": "validate", "rulebook": rulebook,
                     "input": json.loads((ROOT / ORDER).read_text())})
    wholesale = (ROOT / WHOLESALE).read_text()
    for c in (WHOLESALE_CART, WHOLESALE_CART_CHF):
        carts.append(c)
        requests.append({"id": c, "op": "quote", "rulebook": wholesale, "input": json.loads((ROOT / c).read_text())})
    orders = [ORDER, WHOLESALE_ORDER]
    requests.append({"id": WHOLESALE_ORDER, "op": "validate", "rulebook": wholesale,
                     "input": json.loads((ROOT / WHOLESALE_ORDER).read_text())})
    rows, digests = [], {}
    for name, argv in runner_commands().items():
        runner = Runner(name, argv)
        answers = runner.run(requests)
        for c in carts:
            a = answers.get(c, {})
            quote = a.get("result")
            digest = hashlib.sha256(canonical(quote).encode()).hexdigest() if quote else "-"
            digests.setdefault(c, set()).add(digest)
            total = quote["grand-total"] + " " + quote["currency"] if quote else a.get("error", {}).get("code", "?")
            tax = quote["tax-total"] if quote else "-"
            discount = quote["discount-total"] if quote else "-"
            rows.append((name, c.removeprefix("examples/"), total, tax, discount, digest[:16]))
        for o in orders:
            report = answers.get(o, {}).get("result") or {}
            problems = report.get("problems", [])
            digests.setdefault(o, set()).add(hashlib.sha256(canonical(report).encode()).hexdigest())
            rows.append((name, o.removeprefix("examples/"), "valid" if report.get("valid") else "invalid (intended)",
                         f"{len(problems)} problems", "", ", ".join(sorted({p["code"] for p in problems}))[:60]))
    widths = [max(len(str(r[i])) for r in rows + [HEAD]) for i in range(len(HEAD))]
    for r in [HEAD] + sorted(rows, key=lambda r: (r[1], r[0])):
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
    print(f"\n{ORDER_NOTE}")
    agree = all(len(d) == 1 and "-" not in d for d in digests.values())
    hosts = ", ".join(runner_commands())
    if agree:
        print(f"\nverdict: all hosts agree ({hosts}): identical canonical quotes and validation reports")
        return 0
    print(f"\nverdict: HOSTS DISAGREE ({hosts}): see the digests above")
    return 1


HEAD = ("host", "input", "grand total / verdict", "tax", "discounts", "sha256 (canonical) / codes")

if __name__ == "__main__":
    sys.exit(main())
