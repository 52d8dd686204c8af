#!/usr/bin/env python3
"""Generates the fixed benchmark workloads every host runs (deterministic: same bytes every time).

Writes into bench/out/workloads/ (not committed):
  rulebook.json        ~500 SKUs in 8 categories and 5 brands, 3 price lists with tiers (EUR retail, EUR B2B,
                       CHF), EU VAT for 27 states, shipping by weight, 20 promotions (docs/rulebook.md,
                       "Promotions": every action kind, conditions, windows, stacking) and a coupon
  cart-small.json      3 lines            cart-typical.json   10 lines, with the coupon WELCOME10
  cart-typical-explain.json  the typical cart with `explain: true` (the full explanation trace), written only
                       when the contract's cart has the `explain` field (wit/kassa.wit; issue #17)
  cart-large.json      1,000 lines        cart-N.json         N lines for the scaling series
  order-typical.json   the typical cart as an order with email and addresses
  fields.json          a batch per field validator
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "workloads"
SKUS = 500
SCALING = [10, 100, 1000]
CATEGORIES = ["apparel", "books", "garden", "kitchen", "toys", "tools", "beauty", "food"]
BRANDS = ["acme", "kassa", "nordic", "sol", "vega"]

# Standard and reduced VAT rates of the EU member states (percent), as published by the European Commission.
EU_VAT = {
    "AT": ("20", "10"), "BE": ("21", "6"), "BG": ("20", "9"), "CY": ("19", "5"), "CZ": ("21", "12"),
    "DE": ("19", "7"), "DK": ("25", "25"), "EE": ("22", "9"), "ES": ("21", "10"), "FI": ("25.5", "14"),
    "FR": ("20", "5.5"), "GR": ("24", "13"), "HR": ("25", "13"), "HU": ("27", "5"), "IE": ("23", "13.5"),
    "IT": ("22", "10"), "LT": ("21", "9"), "LU": ("17", "8"), "LV": ("21", "12"), "MT": ("18", "7"),
    "NL": ("21", "9"), "PL": ("23", "8"), "PT": ("23", "6"), "RO": ("19", "9"), "SE": ("25", "12"),
    "SI": ("22", "9.5"), "SK": ("23", "19"),
}


def price(rng: random.Random, lo: int, hi: int) -> str:
    cents = rng.randint(lo * 100, hi * 100)
    return f"{cents // 100}.{cents % 100:02d}"


def rulebook(rng: random.Random) -> dict:
    items, retail, b2b, chf = [], [], [], []
    for i in range(SKUS):
        sku = f"SKU-{i:04d}"
        items.append({"sku": sku, "name": f"Product {i}", "tax-category": "reduced" if i % 7 == 0 else "standard",
                      "weight": f"0.{rng.randint(1, 999):03d}", "categories": [CATEGORIES[i % len(CATEGORIES)]],
                      "attributes": {"brand": BRANDS[i % len(BRANDS)]}})
        unit = price(rng, 1, 200)
        if i % 10 == 0:
            retail.append({"sku": sku, "volume": [{"up-to": "9", "unit-price": unit},
                                                   {"up-to": "49", "unit-price": price(rng, 1, 100)},
                                                   {"up-to": None, "unit-price": price(rng, 1, 50)}]})
            b2b.append({"sku": sku, "graduated": [{"up-to": "10", "unit-price": unit},
                                                   {"up-to": None, "unit-price": price(rng, 1, 100)}]})
        else:
            retail.append({"sku": sku, "unit-price": unit})
            b2b.append({"sku": sku, "unit-price": price(rng, 1, 150)})
        chf.append({"sku": sku, "unit-price": price(rng, 1, 220)})
    rules = []
    for country, (std, red) in EU_VAT.items():
        rules.append({"id": f"{country.lower()}-vat-standard", "country": country, "category": "standard", "rate": std})
        rules.append({"id": f"{country.lower()}-vat-reduced", "country": country, "category": "reduced", "rate": red})
    rules.append({"id": "ch-vat-standard", "country": "CH", "category": "standard", "rate": "8.1"})
    rules.append({"id": "ch-vat-reduced", "country": "CH", "category": "reduced", "rate": "2.6"})
    return {
        "kassa": "1", "id": "bench-store", "version": "1",
        "settings": {"currencies": ["EUR", "CHF"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "unit-price-rounding": "per-line", "default-country": "DE"},
        "catalog": {"items": items},
        "price-lists": [
            {"id": "eur-retail", "currency": "EUR", "prices-include-tax": True, "prices": retail},
            {"id": "eur-b2b", "currency": "EUR", "prices-include-tax": False, "customer-groups": ["b2b"], "prices": b2b},
            {"id": "chf-retail", "currency": "CHF", "prices-include-tax": True, "countries": ["CH"], "prices": chf},
        ],
        "tax": {"categories": [{"id": "standard"}, {"id": "reduced"}], "rules": rules,
                "allow-reverse-charge": True, "origin-country": "DE"},
        "shipping": {"methods": [{"id": "standard", "countries": sorted(EU_VAT), "tax-category": "standard",
                                  "prices-include-tax": True,
                                  "rates": [{"currency": "EUR", "free-from": "500.00", "weight-bands": [
                                      {"up-to": "1", "price": "4.90"}, {"up-to": "5", "price": "6.90"},
                                      {"up-to": None, "price": "12.90"}]}]}]},
        "validation": {"countries": sorted(EU_VAT) + ["CH"], "max-lines": 1000},
        "promotions": promotions(),
        "coupons": [{"code": "WELCOME10", "promotion": "welcome-10", "usage-limit": {"per-customer": 1}}],
    }


def promotions() -> list[dict]:
    """20 promotions of a mid-size shop (format: docs/rulebook.md, "Promotions"): several apply to a typical cart,
    the others are considered and rejected for a reason (window, customer group, channel, country, excluded)."""
    cat = lambda *c: {"categories": list(c)}  # noqa: E731 - a selector
    black_week = {"window": {"valid-from": "2026-11-20T00:00:00Z", "valid-until": "2026-12-01T00:00:00Z"}}
    return [
        {"id": "apparel-20", "priority": 20, "when": black_week,
         "action": {"percent-off": {"percent": "20", "on": "each-line", "items": cat("apparel")}}},
        {"id": "books-3-for-2", "priority": 15,
         "action": {"buy-x-get-y": {"buy": {"items": cat("books"), "quantity": 2},
                                    "get": {"items": cat("books"), "quantity": 1}}}},
        {"id": "kitchen-bundle", "priority": 12, "currency": "EUR",
         "action": {"fixed-price": {"price": "49.00", "on": "lines", "items": {"skus": ["SKU-0003", "SKU-0011"]}}}},
        {"id": "garden-5-off", "currency": "EUR", "when": {"items": {**cat("garden"), "min-amount": "30.00"}},
         "action": {"amount-off": {"amount": "5.00", "on": "each-line", "items": cat("garden")}}},
        {"id": "toys-cheapest-half", "when": {"items": {**cat("toys"), "min-quantity": "3"}},
         "action": {"percent-off": {"percent": "50", "on": "cheapest", "units": 1, "items": cat("toys")}}},
        {"id": "tools-top-15",
         "action": {"percent-off": {"percent": "15", "on": "most-expensive", "units": 1, "items": cat("tools")}}},
        {"id": "beauty-brands-10",
         "action": {"percent-off": {"percent": "10", "on": "each-unit",
                                    "items": {**cat("beauty"), "attributes": {"brand": ["acme", "vega"]}}}}},
        {"id": "food-20-cents", "currency": "EUR", "max-applications": 50,
         "action": {"amount-off": {"amount": "0.20", "on": "each-unit", "items": cat("food")}}},
        {"id": "nordic-12", "floor": "1.00", "currency": "EUR",
         "action": {"percent-off": {"percent": "12", "on": "each-line", "items": {"attributes": {"brand": ["nordic"]}}}}},
        {"id": "welcome-10", "priority": 5, "currency": "EUR", "max-discount": "50.00",
         "combines-with": ["product", "shipping"], "action": {"percent-off": {"percent": "10", "on": "order"}}},
        {"id": "spend-tiers", "currency": "EUR",
         "action": {"tiered": {"on": "order", "tiers": [
             {"min": "100.00", "amount-off": "5.00"}, {"min": "250.00", "amount-off": "15.00"},
             {"min": "500.00", "amount-off": "40.00"}, {"min": "1000.00", "amount-off": "100.00"}]}}},
        {"id": "gift-from-300", "currency": "EUR", "when": {"subtotal": {"min": "300.00"}},
         "action": {"gift": {"sku": "SKU-0499"}}},
        {"id": "free-shipping-150", "currency": "EUR",
         "when": {"all": [{"subtotal": {"min": "150.00"}}, {"countries": ["DE", "AT", "NL"]}]},
         "action": {"free-shipping": {}}},
        {"id": "b2b-extra-3", "when": {"customer-groups": ["b2b"]},
         "action": {"percent-off": {"percent": "3", "on": "order"}}},
        {"id": "app-5", "when": {"channels": ["app"]}, "action": {"percent-off": {"percent": "5", "on": "order"}}},
        {"id": "summer-sale", "when": {"window": {"valid-from": "2026-06-01T00:00:00Z", "valid-until": "2026-09-01T00:00:00Z"}},
         "action": {"percent-off": {"percent": "15", "on": "lines", "items": cat("garden", "tools")}}},
        {"id": "loyal-customers", "currency": "EUR", "when": {"previous-orders": {"min": 5}},
         "action": {"amount-off": {"amount": "10.00", "on": "order"}}},
        {"id": "at-shipping-half", "when": {"countries": ["AT"]},
         "action": {"percent-off": {"percent": "50", "on": "shipping"}}},
        {"id": "clearance", "exclusive": True, "priority": -1,
         "action": {"percent-off": {"percent": "30", "on": "each-line",
                                    "items": {"skus": [f"SKU-{i:04d}" for i in range(100, 110)]}}}},
        {"id": "bulk-2000", "currency": "EUR", "stop-after": True, "priority": -2,
         "when": {"subtotal": {"min": "2000.00"}}, "action": {"amount-off": {"amount": "2.00", "on": "each-line"}}},
    ]


def cart(rng: random.Random, lines: int, coupon: bool = False) -> dict:
    chosen = [rng.randrange(SKUS) for _ in range(lines)]
    return {
        "currency": "EUR", "at": "2026-11-24T12:00:00Z", "country": "DE",
        "lines": [{"sku": f"SKU-{i:04d}", "quantity": str(rng.randint(1, 30))} for i in chosen],
        "coupons": ["WELCOME10"] if coupon else [],
        "shipping-method": "standard",
    }


def fields(rng: random.Random) -> list[dict]:
    batch = []
    for i in range(20):
        batch += [
            {"kind": "email", "value": f"user{i}@example.com", "country": None},
            {"kind": "phone", "value": f"+49 30 {1000000 + i}", "country": None},
            {"kind": "postal-code", "value": f"1{i:04d}", "country": "DE"},
            {"kind": "iban", "value": "DE89 3704 0044 0532 0130 00", "country": None},
            {"kind": "bic", "value": "DEUTDEFF500", "country": None},
            {"kind": "vat-id", "value": "DE136695976", "country": None},
            {"kind": "card-number", "value": "4242 4242 4242 4242", "country": None},
            {"kind": "country-code", "value": "de", "country": None},
            {"kind": "currency-code", "value": "EUR", "country": None},
        ]
    return batch


def cart_has_explain() -> bool:
    """Whether the contract's cart record has the `explain` flag (issue #17): the explain workload exists then."""
    wit = (ROOT / "wit" / "kassa.wit").read_text()
    start = wit.index("record cart {")
    return re.search(r"^\s*explain\s*:", wit[start:wit.index("}", start)], re.M) is not None


def main() -> int:
    rng = random.Random(20261124)
    OUT.mkdir(parents=True, exist_ok=True)
    docs = {"rulebook.json": rulebook(rng), "cart-small.json": cart(rng, 3), "cart-typical.json": cart(rng, 10, True),
            "cart-large.json": cart(rng, 1000)}
    for n in SCALING:
        docs[f"cart-{n}.json"] = cart(rng, n)
    typical = docs["cart-typical.json"]
    address = {"name": "Erika Mustermann", "lines": ["Heidestraße 17"], "city": "Köln", "postal-code": "51147",
               "country": "DE"}
    docs["order-typical.json"] = {"cart": typical, "email": "erika@example.com", "shipping-address": address,
                                  "billing-address": address}
    docs["fields.json"] = fields(rng)
    if cart_has_explain():
        docs["cart-typical-explain.json"] = {**typical, "explain": True}
    else:
        (OUT / "cart-typical-explain.json").unlink(missing_ok=True)
    for name, doc in docs.items():
        (OUT / name).write_text(json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")))
    print(f"workloads: {len(docs)} files in {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
