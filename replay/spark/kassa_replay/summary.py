"""The summary of a replay, computed from the records on Spark: the same counts and sums as `kassa replay
--summary` (cli/src/summary.rs), computed here on their own; replay/test_replay.py compares the two.

Sums are exact Decimal additions (no rounding; Python's default context keeps 28 digits, far more than any sum
of carts needs), so partial summaries of partitions merge into the same result in any order. A sum starts at 0
and takes the scale of its terms: 0 + 4.00 + 1.50 = 5.50. Amounts of different currencies are never added.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Optional

STATUSES = ["same", "changed", "newly-failing", "newly-quoting", "failing"]
ZERO = Decimal(0)


class Summary:
    """Counts by status; per currency the grand totals, per (tax rule, currency) the taxes, per (promotion,
    currency) the changes, over the carts that quote under both rulebooks; the errors by side and code."""

    def __init__(self) -> None:
        self.carts = 0
        self.by_status = dict.fromkeys(STATUSES, 0)
        self.totals: dict[str, list[Any]] = {}  # currency -> [carts, old, new, delta]
        self.taxes: dict[tuple[str, str], list[Any]] = {}  # (tax, currency) -> [carts, old, new, delta]
        # (promotion, currency) -> [newly applied, newly rejected, amount changed, old, new, delta]
        self.promotions: dict[tuple[str, str], list[Any]] = {}
        self.errors: dict[tuple[str, str, Optional[str]], int] = {}  # (side, code, first problem) -> carts

    def add(self, r: dict) -> None:
        """Counts one record (its canonical JSON, parsed)."""
        self.carts += 1
        self.by_status[r["status"]] += 1
        cur = r["currency"]
        if r["grand-total-delta"] is not None:
            _sums(self.totals, cur, r["grand-total-old"], r["grand-total-new"], r["grand-total-delta"])
        for t in r["taxes"]:
            _sums(self.taxes, (t["tax"], cur), t["old"], t["new"], t["delta"])
        for p in r["promotions"]:
            s = self.promotions.setdefault((p["id"], cur), [0, 0, 0, ZERO, ZERO, ZERO])
            old = ZERO if p["old"] is None else Decimal(p["old"])
            new = ZERO if p["new"] is None else Decimal(p["new"])
            if p["old"] is None:
                s[0] += 1
            elif p["new"] is None:
                s[1] += 1
            else:
                s[2] += 1
            s[3] += old
            s[4] += new
            s[5] += new - old
        for side in ("old", "new"):
            e = r[f"error-{side}"]
            if e is not None:
                key = (side, e["code"], e["problems"][0]["code"] if e["problems"] else None)
                self.errors[key] = self.errors.get(key, 0) + 1

    def merge(self, o: "Summary") -> "Summary":
        self.carts += o.carts
        for k, v in o.by_status.items():
            self.by_status[k] += v
        for mine, theirs in ((self.totals, o.totals), (self.taxes, o.taxes), (self.promotions, o.promotions)):
            for k, v in theirs.items():
                if k in mine:
                    mine[k] = [a + b for a, b in zip(mine[k], v)]
                else:
                    mine[k] = list(v)
        for k, n in o.errors.items():
            self.errors[k] = self.errors.get(k, 0) + n
        return self

    def to_json(self) -> dict:
        """The form of `kassa replay --summary` (docs/replay.md): lists sorted by their keys."""
        f = _text
        return {
            "carts": self.carts,
            **{s: self.by_status[s] for s in STATUSES},
            "totals": [{"currency": c, "carts": v[0], "old": f(v[1]), "new": f(v[2]), "delta": f(v[3])}
                       for c, v in sorted(self.totals.items())],
            "taxes": [{"tax": t, "currency": c, "carts": v[0], "old": f(v[1]), "new": f(v[2]), "delta": f(v[3])}
                      for (t, c), v in sorted(self.taxes.items())],
            "promotions": [{"id": p, "currency": c, "newly-applied": v[0], "newly-rejected": v[1],
                            "amount-changed": v[2], "old": f(v[3]), "new": f(v[4]), "delta": f(v[5])}
                           for (p, c), v in sorted(self.promotions.items())],
            "errors": [{"side": s, "code": c, "problem": p, "carts": n}
                       for (s, c, p), n in sorted(self.errors.items(), key=lambda kv: _error_order(kv[0]))],
        }


def of(records: Iterable[dict]) -> Summary:
    s = Summary()
    for r in records:
        s.add(r)
    return s


def _sums(table: dict, key: Any, old: str, new: str, delta: str) -> None:
    s = table.setdefault(key, [0, ZERO, ZERO, ZERO])
    s[0] += 1
    s[1] += Decimal(old)
    s[2] += Decimal(new)
    s[3] += Decimal(delta)


def _error_order(key: tuple[str, str, Optional[str]]) -> tuple:
    side, code, problem = key
    return (side, code, problem is not None, problem or "")  # no problem first, as Rust orders None


def _text(d: Decimal) -> str:
    # Decimal(0) + Decimal("-0.00") would print "-0.00"; the canonical form of zero has no sign.
    return format(d.copy_abs() if d.is_zero() else d, "f")
