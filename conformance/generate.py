#!/usr/bin/env python3
"""Differential testing: seeded random rulebooks, carts, orders, money calls and field values, run through every
host; any difference between hosts fails the run and writes a minimal reproducer case file.

There is no expected value here — the hosts are each other's oracle (the curated cases in conformance/cases/ hold
the hand-computed expectations). Inputs stay within the documented limits but lean on nasty values: many
decimals, 12-digit quantities, empty carts, every currency, timestamps on validity boundaries, unknown SKUs.

    python3 conformance/generate.py --seed 7 --count 2000      (make conformance SEED=7 N=2000)
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal as D
import random
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from driver import (WIRE, ROOT, Runner, browser_component_sha256, canonical, declared_lacks, first_difference,  # noqa: E402
                    json_text, normalise, runner_commands)

REPRO_DIR = ROOT / "target" / "conformance-repro"
CURRENCIES = ["EUR", "CHF", "JPY", "BHD", "KWD", "CLF", "USD", "SEK", "DKK", "HUF", "ISK", "GBP", "CAD", "XXX"]
MODES = ["half-even", "half-away-from-zero", "half-toward-zero", "half-up", "half-down", "up", "down",
         "ceiling", "floor"]
MINOR = {"EUR": 2, "CHF": 2, "JPY": 0, "BHD": 3, "KWD": 3, "CLF": 4, "USD": 2, "SEK": 2, "DKK": 2, "HUF": 2,
         "ISK": 0, "GBP": 2, "CAD": 2}
TENDER_KINDS = ["gift-card", "store-credit", "points", "single-purpose-voucher", "multi-purpose-voucher"]
TAX_LEVELS = ["per-unit", "per-line", "per-rate-group", "per-total"]
SHIPPING_TAX_POLICIES = ["fixed", "proportional", "highest-rate", "principal"]
COUNTRIES = ["DE", "AT", "FR", "CH", "US", "JP", "BH", "SE"]
KINDS = ["email", "phone", "postal-code", "iban", "bic", "vat-id", "card-number", "country-code", "currency-code"]
FIELD_SEEDS = {
    "email": ["user@example.com", "a.b+c@sub.example.org", "x@y", "@example.com", "Ünïcode@bücher.de"],
    "phone": ["+49 30 1234567", "+1 202 555 0123", "030 1234567", "+999 1", "+44 20 7946 0958"],
    "postal-code": ["sw1a1aa", "10115", "1234ab", "k1a0b1", "00950", "ABC"],
    "iban": ["DE89370400440532013000", "GB29NWBK60161331926819", "NL91ABNA0417164300", "DE00"],
    "bic": ["DEUTDEFF", "DEUTDEFF500", "NEDSZAJJXXX", "DEUT"],
    "vat-id": ["DE136695976", "NL004495445B01", "FR40303265045", "ATU13585627", "GB980780684", "XX1"],
    "card-number": ["4242424242424242", "378282246310005", "6011111111111117", "1234"],
    "country-code": ["DE", "fr", "ZZ", "DEU"],
    "currency-code": ["EUR", "jpy", "ABC", "E1"],
}


# ---- random values -------------------------------------------------------------------------------------

def decimal(rng: random.Random, int_digits: int = 4, max_scale: int = 4, negative: float = 0.0) -> str:
    whole = str(rng.randrange(10 ** rng.randint(1, int_digits)))
    scale = rng.randint(0, max_scale)
    text = whole + ("." + "".join(rng.choice("0123456789") for _ in range(scale)) if scale else "")
    return ("-" + text) if rng.random() < negative and text.strip("0.") else text


def money(rng: random.Random, currency: str, int_digits: int = 3) -> str:
    """A positive amount with at most the currency's minor units (what the rulebook requires for fixed amounts)."""
    text = decimal(rng, int_digits, MINOR[currency])
    return text if text.strip("0.") else "1"


def quantity(rng: random.Random, fractional: bool) -> str:
    r = rng.random()
    if r < 0.005:
        return rng.choice(["0", "-1", "1e3", "", "1.", "0.0001"])
    if r < 0.02:
        return decimal(rng, 12, 0)
    if fractional:
        return decimal(rng, 2, 3)
    return str(rng.randint(1, 20) if r < 0.9 else rng.randint(1, 60))


def model(rng: random.Random, currency: str) -> dict:
    kind = rng.random()
    if kind < 0.55:
        return {"unit-price": decimal(rng, 3, 4)}
    if kind < 0.70:
        return {"package": {"size": str(rng.randint(2, 12)), "price": money(rng, currency),
                            "rounding": rng.choice(["up", "down"])}}
    bounds = sorted(rng.sample(range(1, 60), rng.randint(1, 3)))
    tiers = [{"up-to": str(b), "unit-price": decimal(rng, 3, 4)} for b in bounds]
    tiers.append({"up-to": None, "unit-price": decimal(rng, 3, 4)})
    if kind < 0.85:
        return {"volume": tiers}
    for t in tiers:
        if rng.random() < 0.3:
            t["flat-fee"] = money(rng, currency, 2)
    return {"graduated": tiers}


def selector(rng: random.Random, skus: list[str]) -> dict:
    r = rng.random()
    if r < 0.4:
        return {"skus": rng.sample(skus, rng.randint(1, len(skus)))}
    if r < 0.8:
        return {"categories": [rng.choice(["a", "b"])]}
    return {"attributes": {"brand": [rng.choice(["x", "y"])]}}


def percent_text(rng: random.Random) -> str:
    return f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}"


def promotion(rng: random.Random, n: int, skus: list[str], currency: str) -> dict:
    """A random promotion in the format of docs/rulebook.md ("Promotions"); amounts in the currency's scale."""
    items = selector(rng, skus)
    amount = lambda d=2: money(rng, currency, d)  # noqa: E731
    percent = lambda: f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}" if rng.random() < 0.8 else rng.choice(["100", "33.33", "50"])  # noqa: E731
    kind = rng.randrange(10)
    if kind == 0:
        action = {"percent-off": {"percent": percent(), "on": rng.choice(["each-unit", "each-line", "lines"]), "items": items}}
    elif kind == 1:
        action = {"amount-off": {"amount": amount(1), "on": rng.choice(["each-unit", "each-line", "lines"]), "items": items}}
    elif kind == 2:
        action = {"fixed-price": {"price": amount(), "on": rng.choice(["each-unit", "lines"]), "items": items}}
    elif kind == 3:
        # Amounts per unit are capped at the unit's price (docs/rulebook.md, "Actions").
        off = {"percent": percent()} if rng.random() < 0.6 else {"amount": amount(2)}
        action = {"percent-off" if "percent" in off else "amount-off":
                  dict(off, on=rng.choice(["cheapest", "most-expensive"]), units=rng.randint(1, 3), items=items)}
    elif kind == 4:
        action = {"percent-off": {"percent": percent(), "on": rng.choice(["order", "shipping"])}}
    elif kind == 5:
        action = {"amount-off": {"amount": amount(), "on": "order"}}
    elif kind == 6:
        action = {"buy-x-get-y": {"buy": {"items": items, "quantity": rng.randint(1, 3)},
                                  "get": {"items": selector(rng, skus), "quantity": rng.randint(1, 2)}}}
    elif kind == 7:
        lo = rng.randint(1, 50)
        action = {"tiered": {"on": "order", "tiers": [{"min": str(lo), "amount-off": amount(1)},
                                                       {"min": str(lo * 3), "amount-off": amount(2)}]}}
        if rng.random() < 0.3:  # measure defaults to amount
            action["tiered"]["measure"] = rng.choice(["amount", "quantity"])
    elif kind == 8:
        action = {"free-shipping": {}}
    else:
        action = {"gift": {"sku": rng.choice(skus)}}
    promo = {"id": f"p{n}", "priority": rng.randint(-2, 20), "currency": currency, "action": action}
    if rng.random() < 0.3:
        promo["when"] = rng.choice([{"subtotal": {"min": str(rng.randint(1, 100))}}, {"items": dict(selector(rng, skus), **{"min-quantity": "2"})},
                                    {"countries": ["DE", "AT"]}, {"not": {"channels": ["app"]}}, {"first-order": True}])
    extras = [("exclusive", True), ("stop-after", True), ("max-discount", amount(1)), ("floor", amount(1))]
    if kind in (0, 1) and action[next(iter(action))]["on"] in ("each-unit", "each-line"):
        extras.append(("max-applications", rng.randint(1, 3)))
    for key, value in extras:
        if rng.random() < 0.08:
            promo[key] = value
    # The decided points of docs/rulebook.md: even spreads, percentages rounded per promotion (a percentage
    # ignores the distribution), capacity before max-discount.
    if rng.random() < 0.3:
        promo["distribution"] = rng.choice(["even", "proportional"])
    if rng.random() < 0.2:
        promo["percent-rounding"] = rng.choice(["per-unit", "per-line", "on-total"])
    return promo


def rulebook(rng: random.Random, index: int) -> dict:
    currency = rng.choice(CURRENCIES[:-1])
    skus = [f"S{i}" for i in range(rng.randint(1, 12))]
    items = []
    for sku in skus:
        item = {"sku": sku, "name": sku, "tax-category": rng.choice(["standard", "reduced", "zero"]),
                "weight": decimal(rng, 1, 3), "categories": ["a", "b"] if sku == "S0" else [rng.choice(["a", "b"])],
                "attributes": {"brand": rng.choice(["x", "y"])}}
        if rng.random() < 0.1:
            item["quantity"] = {"min": "1", "max": str(rng.randint(5, 50))}
        elif rng.random() < 0.25:
            item["quantity"] = {"step": "0.001"}
        # Tier groups (docs/rulebook.md, "Tier groups"): volume and graduated tiers count the group's units.
        if rng.random() < 0.3:
            item["tier-group"] = rng.choice(["g1", "g2"])
        # Item rules (docs/rulebook.md, "Item rules"), rare enough that most carts still quote.
        if rng.random() < 0.08:
            item["not-countries"] = [rng.choice(COUNTRIES[:4])]
        if rng.random() < 0.1:
            item["max-per-order"] = str(rng.randint(2, 30))
        if rng.random() < 0.1:
            item["max-per-customer"] = str(rng.randint(1, 30))
        items.append(item)
    lists = [{"id": "base", "currency": currency, "prices-include-tax": rng.random() < 0.5,
              "prices": [dict({"sku": s}, **model(rng, currency)) for s in skus if rng.random() < 0.99]}]
    if rng.random() < 0.4:
        lists.append({"id": "sale", "kind": "sale", "currency": currency, "prices-include-tax": lists[0]["prices-include-tax"],
                      "valid-from": "2026-11-27T00:00:00Z", "valid-until": "2026-12-01T00:00:00Z",
                      "prices": [{"sku": s, "unit-price": money(rng, currency, 2)} for s in skus[:3]]})
    basis = lists[0]["prices-include-tax"]
    if rng.random() < 0.3:
        # A customer group's list and a customer's contract list above it (docs/rulebook.md, price resolution).
        lists.append({"id": "group", "currency": currency, "prices-include-tax": basis, "customer-groups": ["b2b"],
                      "prices": [dict({"sku": s}, **model(rng, currency)) for s in skus if rng.random() < 0.5]})
    if rng.random() < 0.3:
        lists.append({"id": "contract", "currency": currency, "prices-include-tax": basis,
                      "customers": rng.choice([["c1"], ["c1", "c2"]]),
                      "prices": [dict({"sku": s}, **model(rng, currency)) for s in skus if rng.random() < 0.5]})
    if rng.random() < 0.3:
        # A derived list (docs/rulebook.md, "Derived price lists"): base's prices times a rate (dated rates changing
        # on a moment the carts are priced at, or one for ever), rounded to an increment, maybe with an ending.
        # Same currency (a markup), for app carts; priority 1 keeps it from tying with the group's list.
        unit = D(1).scaleb(-MINOR[currency])
        increment = rng.choice([1, 5, 10, 100]) * unit
        fmt = lambda d: str(d.quantize(unit))  # noqa: E731
        rounding = {"increment": fmt(increment), "mode": rng.choice(MODES)}
        if rng.random() < 0.5 and increment > unit:
            rounding["ending"] = fmt(increment - unit)
        change = rng.choice(["2026-11-27T00:00:00Z", "2026-12-01T00:00:00Z"])
        rates = rng.choice([[{"rate": decimal(rng, 1, 4) or "1"}],
                            [{"rate": "1." + str(rng.randint(0, 99)), "valid-until": change},
                             {"rate": "0." + str(rng.randint(50, 99)), "valid-from": change}]])
        for r in rates:
            if not r["rate"].strip("0."):
                r["rate"] = "1.1"
        lists.append({"id": "derived", "currency": currency, "prices-include-tax": basis, "derived-from": "base",
                      "channels": ["app"], "priority": 1, "rates": rates, "rounding": rounding})
    rules = []
    for country in COUNTRIES[:4]:
        for category in ("standard", "reduced", "zero"):
            rules.append({"id": f"{country.lower()}-{category}", "country": country, "category": category,
                          "rate": "0" if category == "zero" else decimal(rng, 2, 2)})
        if rng.random() < 0.2:
            rules.append({"id": f"{country.lower()}-extra", "country": country, "category": "standard",
                          "rate": decimal(rng, 1, 1), "compound": rng.random() < 0.5})
        elif rng.random() < 0.25:
            # Dated versions of the reduced rate, changing on a moment the carts are priced around.
            change = rng.choice(["2026-11-27T00:00:00Z", "2026-11-30T23:59:59Z", "2026-11-27T01:00:00+01:00"])
            reduced = next(r for r in rules if r["id"] == f"{country.lower()}-reduced")
            reduced["valid-until"] = change
            rules.append({"id": f"{country.lower()}-reduced-new", "country": country, "category": "reduced",
                          "rate": decimal(rng, 2, 2), "valid-from": change})
    if rng.random() < 0.2:
        # A regional rule: carts to CH then need a region (region-required, region-invalid with a hint).
        rules.append({"id": "ch-zh", "country": "CH", "region": "CH-ZH", "category": "standard",
                      "rate": decimal(rng, 1, 1)})
    promotions = [promotion(rng, n, skus, currency) for n in range(rng.choice([0, 0, 2, 5, 12]))]
    attributes = []
    if rng.random() < 0.4:
        # Line options with surcharges and a cart attribute (docs/rulebook.md, "Attributes"): a trade list
        # chosen by the cart's segment (priority 2: it never ties with the group's or the derived list), and a
        # promotion for trade carts on gift-wrapped lines.
        attributes = [
            {"name": "gift-wrap", "on": "line", "values": ["paper", "box"], "categories": ["a"],
             "surcharges": [{"value": "paper", "currency": currency, "amount": money(rng, currency, 1)},
                            {"value": "box", "currency": currency, "amount": money(rng, currency, 1)}]},
            {"name": "engraving", "on": "line", "max-length": 12, "skus": skus[:2],
             "surcharges": [{"currency": currency, "amount": money(rng, currency, 1)}]},
            {"name": "segment", "on": "cart", "values": ["retail", "trade"]}]
        lists.append({"id": "trade", "currency": currency, "prices-include-tax": basis, "priority": 2,
                      "attributes": {"segment": ["trade"]},
                      "prices": [dict({"sku": s}, **model(rng, currency)) for s in skus if rng.random() < 0.5]})
        if rng.random() < 0.5:
            promotions.append({"id": "options", "when": {"attributes": {"segment": ["trade"]}},
                               "action": {"percent-off": {"percent": percent_text(rng), "on": "each-line",
                                                          "items": {"line-attributes": {"gift-wrap": ["paper"]}}}}})
    rates = [{"currency": currency, "free-from": money(rng, currency),
              "weight-bands": [{"up-to": "1", "price": money(rng, currency, 1)},
                               {"up-to": None, "price": money(rng, currency, 2)}]}]
    if rng.random() < 0.5:
        # Postal zones (docs/rulebook.md, "shipping.methods"): a prefix and a range, beating the rate above.
        lo = rng.randint(1000, 8999)
        rates.append({"currency": currency, "flat": money(rng, currency, 2),
                      "postal-codes": [{"country": "DE", "prefix": str(rng.randint(0, 99))},
                                       {"country": rng.choice(["AT", "CH"]), "from": str(lo), "to": str(lo + rng.randint(0, 999))}]})
    coupons = [{"code": f"CODE{n}", "promotion": p["id"]} for n, p in enumerate(promotions) if rng.random() < 0.3]
    settings_extra = {"promotion-stacking": rng.choice(["priority", "best-deal"]),
                      "discount-base": rng.choice(["discounted", "original"]),
                      "percent-rounding": rng.choice(["per-unit", "per-line", "on-total"])} if promotions else {}
    return {
        "kassa": "1", "id": f"generated-{index}", "version": "1", "promotions": promotions, "coupons": coupons,
        "settings": {**settings_extra, "currencies": [currency], "rounding-mode": rng.choice(MODES),
                     "tax-rounding": rng.choice(TAX_LEVELS), "tax-extraction": rng.choice(["round-tax", "round-net"]),
                     "unit-price-rounding": rng.choice(["per-line", "per-unit"]), "default-country": "DE"},
        "catalog": {"items": items},
        "attributes": attributes,
        "price-lists": lists,
        "tax": {"categories": [{"id": "standard"}, {"id": "reduced"}, {"id": "zero"}], "rules": rules},
        # A shipping basis other than the lines' now and then: best deal compares across bases.
        "shipping": {"methods": [{"id": "std", "countries": COUNTRIES[:4], "tax-category": "standard",
                                  "prices-include-tax": lists[0]["prices-include-tax"] != (rng.random() < 0.25),
                                  "rates": rates,
                                  # Shipping's tax follows the goods in every way the rulebook allows.
                                  "tax-policy": rng.choice(SHIPPING_TAX_POLICIES)}]},
    }


def cart(rng: random.Random, book: dict) -> dict:
    items = book["catalog"]["items"]
    currency = book["settings"]["currencies"][0] if rng.random() < 0.95 else rng.choice(CURRENCIES)
    at = rng.choice(["2026-11-24T12:00:00Z", "2026-11-27T00:00:00Z", "2026-11-30T23:59:59Z",
                     "2026-12-01T00:00:00Z", "2026-11-26T23:59:59.999Z", "2026-11-27T01:00:00+01:00"])
    lines = []
    for _ in range(0 if rng.random() < 0.03 else rng.randint(1, rng.choice([3, 8, 25]))):
        item = rng.choice(items) if rng.random() < 0.995 else {"sku": "UNKNOWN"}
        fractional = item.get("quantity", {}).get("step") == "0.001"
        line = {"sku": item["sku"], "quantity": quantity(rng, fractional), "unit-price": None}
        if book.get("attributes"):
            # Options: gift wrap on items of category a (rarely elsewhere or an unknown value: refused),
            # engraving on the first two skus.
            options = []
            if rng.random() < 0.3 and ("a" in item.get("categories", []) or rng.random() < 0.05):
                options.append({"name": "gift-wrap", "value": rng.choice(["paper", "box"]) if rng.random() < 0.98 else "foil"})
            if rng.random() < 0.3 and item["sku"] in ("S0", "S1"):
                options.append({"name": "engraving", "value": rng.choice(["A", "For Anna", "Ünïcödé ♥"])})
            line["attributes"] = options
        lines.append(line)
    external = rng.random() < 0.15
    if external:
        # A tax service's answer (docs/rulebook.md, "External taxes") on some lines: rates, amounts, none.
        for line in lines:
            if rng.random() < 0.7:
                line["taxes"] = external_taxes(rng)
    country = rng.choice(COUNTRIES[:4] + [None])
    region = rng.choice([None, None, "CH-ZH", "ZH", "CH-GE"]) if country == "CH" else None
    digits = 4 if country in ("AT", "CH") else 5
    postal = rng.choice([None, f"{rng.randrange(10 ** digits):0{digits}d}", mutate(rng, "10115")])
    return {"currency": currency, "at": at, "country": country, "region": region, "postal-code": postal,
            "hints": rng.random() < 0.5,
            "channel": rng.choice([None, "web", "app"]), "customer-group": rng.choice([None, "b2b"]),
            "customer-id": rng.choice([None, "c1", "c2", "c3"]),
            "previous-orders": rng.choice([None, 0, 3]),
            "tax-exempt": rng.random() < 0.05, "reverse-charge": False, "lines": lines,
            "attributes": [{"name": "segment", "value": rng.choice(["retail", "trade"])}]
            if book.get("attributes") and rng.random() < 0.6 else [],
            "coupons": [c["code"] for c in book.get("coupons", []) if rng.random() < 0.5],
            "shipping-method": rng.choice(["std", "std", None]) if rng.random() < 0.98 else "nope", "cash-rounding": rng.random() < 0.3,
            "shipping-taxes": external_taxes(rng) if external and rng.random() < 0.5 else None,
            # Past purchases of capped items (max-per-customer counts the key sku:<sku>).
            "usage": [{"key": f"sku:{i['sku']}", "by-customer": rng.randint(0, 5), "total": rng.randint(0, 9)}
                      for i in items if "max-per-customer" in i and rng.random() < 0.6],
            # A host's rate for derived lists now and then (the rulebook's otherwise), rarely a bad one.
            "exchange-rates": [{"from-currency": currency, "to-currency": currency,
                                "rate": rng.choice(["1.25", "0.9363", "2", "0.5"]) if rng.random() < 0.97 else "0"}
                               for _ in range(1 if rng.random() < 0.15 else 0)],
            "tenders": [{"kind": rng.choice(TENDER_KINDS), "reference": f"T{i}",
                         "amount": money(rng, currency, 1) if currency in MINOR else "1"}
                        for i in range(rng.choice([0, 0, 0, 1, 2]))]}


def external_taxes(rng: random.Random) -> list[dict]:
    out = []
    for k in range(rng.choice([0, 1, 3])):
        tax = {"id": rng.choice(["state", "county", "city", "district"]) + str(k)}
        if rng.random() < 0.7:
            tax["rate"] = decimal(rng, 1, 3)
        if rng.random() < 0.35:
            tax["amount"] = decimal(rng, 1, 4)
        out.append(tax)
    return out


def mutate(rng: random.Random, text: str) -> str:
    if not text or rng.random() < 0.4:
        return text
    i = rng.randrange(len(text))
    op = rng.random()
    if op < 0.4:
        return text[:i] + rng.choice("0123456789abcXYZ -.@+") + text[i + 1:]
    if op < 0.7:
        return text[:i] + text[i + 1:]
    return text[:i] + rng.choice("0123456789 ") + text[i:]


def requests(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    books = [rulebook(rng, i) for i in range(max(1, count // 25))]
    texts = [canonical(b) for b in books]
    for n in range(count):
        rid = f"gen-{seed}-{n}"
        r = rng.random()
        if r < 0.55:
            b = rng.randrange(len(books))
            op = "shipping-options" if r < 0.08 else "quote"
            out.append({"id": rid, "op": op, "rulebook": texts[b], "input": cart(rng, books[b])})
        elif r < 0.65:
            b = rng.randrange(len(books))
            order = {"cart": cart(rng, books[b]), "email": rng.choice(["a@example.com", "bad", None]),
                     "phone": None, "vat-id": None, "shipping-address": None, "billing-address": None}
            out.append({"id": rid, "op": "validate", "rulebook": texts[b], "input": order})
        elif r < 0.85:
            mode = rng.choice(MODES)
            value = decimal(rng, 10, 6, negative=0.3)
            cur = rng.choice(CURRENCIES)
            op, inp = rng.choice([
                ("round", {"value": value, "scale": rng.randint(0, 6), "mode": mode}),
                ("round-to-increment", {"value": value, "increment": rng.choice(["0.05", "0.5", "5", "0.01", "0.25"]), "mode": mode}),
                ("round-money", {"amount": value, "currency": cur, "mode": mode}),
                ("cash-round", {"amount": value, "currency": cur, "mode": mode}),
                ("to-minor-units", {"amount": value, "currency": cur}),
                ("allocate", {"amount": decimal(rng, 6, 2, 0.2), "currency": cur,
                              "ratios": [decimal(rng, 2, 2) for _ in range(rng.randint(1, 8))]}),
                ("allocate-evenly", {"amount": decimal(rng, 6, 2, 0.2), "currency": cur, "parts": rng.randint(1, 9)}),
                ("canonical-decimal", {"value": mutate(rng, value)}),
            ])
            out.append({"id": rid, "op": op, "rulebook": None, "input": inp})
        else:
            kind = rng.choice(KINDS)
            value = mutate(rng, rng.choice(FIELD_SEEDS[kind]))
            country = rng.choice(["DE", "GB", "NL", "US", None]) if kind in ("postal-code", "phone") else None
            out.append({"id": rid, "op": "validate-field", "rulebook": None,
                        "input": {"kind": kind, "value": value, "country": country}})
    return out


# ---- refund sequences -------------------------------------------------------------------------------------

class Sequence:
    """Random partial returns of one quoted sale, step by step, until everything is given back; each step's
    credit note (the first host's, once the hosts agree) goes into the next step's `previous`."""

    def __init__(self, rng: random.Random, req: dict, quote: dict):
        self.rng, self.req, self.quote = rng, req, quote
        self.quote_text = json.dumps(quote, separators=(",", ":"))
        self.left = [D(line["quantity"]) for line in quote["lines"]]
        self.shipping = quote.get("shipping") is not None
        self.notes: list[dict] = []
        self.error: str | None = None
        self.policy = rng.choice(["keep", "claw-back"])

    def next(self, rid: str, last: bool) -> dict | None:
        """The next step's request (everything left when `last`), or None when nothing is left."""
        rng = self.rng
        body = {"cart": self.req["input"], "quote": self.quote_text, "previous": self.notes, "lines": [],
                "shipping": False, "amount": None, "policy": self.policy}
        if not last and self.notes and rng.random() < 0.2:
            given = sum(D(l["gross"]) for n in self.notes for l in n["lines"])
            left = sum(D(l["gross"]) for l in self.quote["lines"]) - given
            minor = D(1).scaleb(-MINOR.get(self.quote["currency"], 2))
            amount = (left * D(rng.randint(1, 300)) / 1000).quantize(minor, rounding="ROUND_DOWN")
            if amount > 0:
                body["amount"] = str(amount)
                return {"id": rid, "op": "refund", "rulebook": self.req["rulebook"], "input": body}
        for i, left in enumerate(self.left):
            if left <= 0 or (not last and rng.random() < 0.5):
                continue
            k = left if last or rng.random() < 0.2 else \
                (left * D(rng.randint(1, 999)) / 1000).quantize(D("0.001"), rounding="ROUND_DOWN")
            if k > 0:
                body["lines"].append({"line": i, "quantity": f"{k.normalize():f}"})
        if self.shipping and (last or rng.random() < 0.3):
            body["shipping"] = True
        if not body["lines"] and not body["shipping"]:
            return None
        return {"id": rid, "op": "refund", "rulebook": self.req["rulebook"], "input": body}

    def took(self, step: dict, answer: dict) -> None:
        if "error" in answer:
            self.error = f"{step['id']}: {answer['error'].get('code')}: {answer['error'].get('message')}"
            return
        for line in step["input"]["lines"]:
            self.left[line["line"]] -= D(line["quantity"])
        self.shipping &= not step["input"]["shipping"]
        self.notes = self.notes + [answer["result"]]

    def inexact(self) -> str | None:
        """What the credit notes of a completed sequence did not give back exactly, if anything."""
        q, notes = self.quote, self.notes
        for i, ql in enumerate(q["lines"]):
            mine = [l for n in notes for l in n["lines"] if l["line"] == i]
            for key in ("gross", "net", "tax-total"):
                if sum(D(l[key]) for l in mine) != D(ql[key]):
                    return f"line {i} {key}"
            for j, t in enumerate(ql["taxes"]):
                if sum(D(l["taxes"][j]["amount"]) for l in mine) != D(t["amount"]):
                    return f"line {i} tax {t['tax']}"
            for d in ql["discounts"]:
                back = sum(D(x["amount"]) for l in mine for x in l["discounts"] if x["promotion"] == d["promotion"])
                if back != D(d["amount"]):
                    return f"line {i} discount {d['promotion']}"
        for key in ("grand-total", "tax-total", "net-total"):
            if sum(D(n[key]) for n in notes) != D(q[key]):
                return key
        # By (tax, rate): two rows of a sale can show the same, a rule and an external amount shown at its rate.
        for t in q["taxes"]:
            same = lambda x: (x["tax"], x["rate"]) == (t["tax"], t["rate"])
            if sum(D(x["amount"]) for n in notes for x in n["taxes"] if same(x)) \
                    != sum(D(x["amount"]) for x in q["taxes"] if same(x)):
                return f"tax rule {t['tax']}"
        for j, t in enumerate(q["tenders"]):
            if sum(D(n["tenders"][j]["amount"]) for n in notes) != D(t["amount"]):
                return f"tender {j}"
        if sum(D(n["payment"]) for n in notes) != D(q["grand-total"]) - D(q["tender-total"]):
            return "payment"
        return None


def refund_sequences(commands: dict, seed: int, reqs: list[dict], first: dict, mismatches: list) -> tuple[int, list]:
    """Runs a random sequence of partial returns for every generated quote that quoted, on every host; returns
    how many steps ran and the sequences that failed (an error, or sums that differ from the sale)."""
    rng = random.Random(seed * 7919 + 1)
    seqs = [Sequence(rng, r, first[r["id"]]["result"]) for r in reqs
            if r["op"] == "quote" and "result" in (first.get(r["id"]) or {})]
    steps = 0
    for round_ in range(4):
        batch = []
        for n, s in enumerate(seqs):
            if s.error is None:
                step = s.next(f"refund-{seed}-{n}-{round_}", last=round_ == 3)
                if step is not None:
                    batch.append((s, step))
        if not batch:
            break
        # Each step also through refund-json (docs/wire.md): the same bytes in every host, and the typed answer.
        wires = [{"id": step["id"] + WIRE, "op": "refund-json", "rulebook": step["rulebook"],
                  "input": {"text": json_text(step["input"])}} for _, step in batch]
        results = run_all(commands, [step for _, step in batch] + wires)
        hosts = list(results)
        steps += len(batch)
        for s, step in batch:
            answer = results[hosts[0]].get(step["id"]) or {}
            wid = step["id"] + WIRE
            wire = (results[hosts[0]].get(wid) or {}).get("wire")
            why = wire_differs(normalise(answer), normalise(results[hosts[0]].get(wid)))
            for h in hosts[1:]:
                other = normalise(results[h].get(step["id"]))
                if canonical(normalise(answer)) != canonical(other):
                    why = f"{hosts[0]} and {h} differ at {first_difference(normalise(answer), other)}"
                elif (results[h].get(wid) or {}).get("wire") != wire:
                    why = f"{hosts[0]} and {h} wrote different canonical JSON bytes (refund-json)"
                if why:
                    break
            if why:
                mismatches.append((step, why))
                s.error = why
            else:
                s.took(step, answer)
    failed = [(s, s.error or s.inexact()) for s in seqs if s.error or s.inexact()]
    return steps, failed


def wire_differs(typed: dict, wire: dict) -> str | None:
    """How refund-json's answer differs from the typed refund's (the same note, or the same error code and path)."""
    if "result" in typed:
        return None if canonical(typed) == canonical(wire) else \
            f"refund-json differs from refund at {first_difference(typed, wire)}"
    t, w = typed.get("error", {}), wire.get("error", {})
    if t.get("code") != "host-error" and (t.get("code"), t.get("path")) != (w.get("code"), w.get("path")):
        return f"refund-json fails with {w.get('code')} at {w.get('path')!r}, refund with {t.get('code')}"
    return None


# ---- running and shrinking -----------------------------------------------------------------------------

# Each runner's hello, by host (what its build leaves out: conformance/README.md, "Operations a build leaves out").
HELLOS: dict[str, dict] = {}


def run_all(commands: dict, reqs: list[dict]) -> dict[str, dict]:
    results: dict[str, dict] = {}

    def one(name: str, argv: list[str]) -> None:
        runner = Runner(name, argv)
        HELLOS[name] = runner.hello
        results[name] = runner.run(reqs)

    threads = [threading.Thread(target=one, args=(n, a)) for n, a in commands.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


# Codes a correct engine never answers (docs/errors.md): a generated case that gets one has found a bug, even
# when every host agrees on it.
BUG_CODES = ("invariant-violated", "unimplemented")


def bug_code(answer: dict | None) -> str | None:
    code = ((answer or {}).get("error") or {}).get("code")
    return code if code in BUG_CODES else None


def differs(commands: dict, req: dict) -> str | None:
    answers = run_all(commands, [req])
    hosts = list(answers)
    first = normalise(answers[hosts[0]].get(req["id"]))
    if bug_code(first):
        return f"{hosts[0]} answered {bug_code(first)}"
    for h in hosts[1:]:
        other = normalise(answers[h].get(req["id"]))
        if canonical(first) != canonical(other):
            return f"{hosts[0]} and {h} differ at {first_difference(first, other)}"
    return None


def shrink(commands: dict, req: dict) -> dict:
    """Removes cart lines one at a time while the hosts still disagree."""
    lines_of = (lambda r: r["input"]["lines"]) if req["op"] == "quote" else \
               (lambda r: r["input"]["cart"]["lines"]) if req["op"] == "validate" else None
    if lines_of is None:
        return req
    i = 0
    while i < len(lines_of(req)):
        candidate = json.loads(json.dumps(req))
        del lines_of(candidate)[i]
        if differs(commands, candidate):
            req = candidate
        else:
            i += 1
    return req


def write_repro(req: dict, why: str) -> Path:
    REPRO_DIR.mkdir(parents=True, exist_ok=True)
    case = {"name": req["id"].replace("gen-", "generated-"), "op": req["op"], "input": req["input"],
            "expect": {"error": {"code": "work-out-the-expected-value-by-hand"}},
            "source": f"differential run: {why}; replace expect with a hand computation before adding to cases/"}
    if req["rulebook"] is not None:
        case["rulebook"] = json.loads(req["rulebook"])
    path = REPRO_DIR / f"{req['id']}.json"
    path.write_text(json.dumps({"group": "generated-repro", "description": why, "cases": [case]}, indent=1,
                               ensure_ascii=False))
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    args = ap.parse_args()
    commands = runner_commands()
    reqs = requests(args.seed, args.count)
    # Every quote and validate also through the JSON entry points (docs/wire.md): the same bytes in every host,
    # and the value the typed call answered.
    reqs += [{"id": r["id"] + WIRE, "op": r["op"] + "-json", "rulebook": r["rulebook"],
              "input": {"text": json_text(r["input"])}} for r in reqs if r["op"] in ("quote", "validate")]
    results = run_all(commands, reqs)
    hosts = list(results)
    mismatches = []
    for req in reqs:
        first = normalise(results[hosts[0]].get(req["id"]))
        wire = (results[hosts[0]].get(req["id"]) or {}).get("wire")
        if bug_code(first):
            mismatches.append((req, f"{hosts[0]} answered {bug_code(first)}"))
            continue
        for h in hosts[1:]:
            other = normalise(results[h].get(req["id"]))
            if canonical(first) != canonical(other):
                mismatches.append((req, f"{hosts[0]} and {h} differ at {first_difference(first, other)}"))
                break
            if wire is not None and (results[h].get(req["id"]) or {}).get("wire") != wire:
                mismatches.append((req, f"{hosts[0]} and {h} wrote different canonical JSON bytes"))
                break
        if req["id"].endswith(WIRE):
            typed = normalise(results[hosts[0]].get(req["id"][: -len(WIRE)]))
            if "result" in typed and canonical(typed) != canonical(first):
                mismatches.append((req, f"{req['op']} differs from the typed call at {first_difference(typed, first)}"))
    ops: dict[str, int] = {}
    errors = 0
    for req in reqs:
        ops[req["op"]] = ops.get(req["op"], 0) + 1
        errors += "error" in (results[hosts[0]].get(req["id"]) or {})
    print(f"generated: seed {args.seed}, {len(reqs)} cases x {len(hosts)} hosts ({', '.join(hosts)}); "
          + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())) + f"; {errors} answered with an error")
    for req, why in mismatches[:5]:
        small = shrink(commands, req)
        print(f"MISMATCH {req['id']}: {why}\n  reproducer: {write_repro(small, why).relative_to(ROOT)}")
    sequences = sum(1 for r in reqs if r["op"] == "quote" and "result" in (results[hosts[0]].get(r["id"]) or {}))
    # The refund sequences run on the hosts whose build refunds; the browser build's runners declare that it leaves
    # refunds out (checked here as the driver checks it; the driver also checks that they refuse refund cases).
    schema_ops = json.loads((ROOT / "conformance" / "case.schema.json").read_text())["$defs"]["case"]["properties"]["op"]["enum"]
    declared = {h: declared_lacks(h, HELLOS.get(h, {}), schema_ops, browser_component_sha256()) for h in hosts}
    bad_declarations = [p for _, problems in declared.values() for p in problems]
    refunding = {n: a for n, a in commands.items() if "refund" not in declared[n][0]}
    first_refunding = next(h for h in hosts if h in refunding) if refunding else None
    if first_refunding is None:
        bad_declarations.append("no host's build refunds")
        steps, failed = 0, []
    else:
        steps, failed = refund_sequences(refunding, args.seed, reqs, results[first_refunding], mismatches)
    for p in bad_declarations:
        print(f"DECLARATION {p}")
    print(f"refund sequences: {sequences} quotes returned in {steps} steps on every host that refunds "
          f"({', '.join(refunding)}); "
          f"{sequences - len(failed)} gave back exactly the sale, {len(failed)} failed")
    for s, why in failed[:5]:
        print(f"REFUND {s.req['id']}: {why}")
    print(f"generated: {len(reqs) + steps - len(mismatches)} passed, {len(mismatches)} failed")
    return 1 if mismatches or failed or bad_declarations else 0


if __name__ == "__main__":
    sys.exit(main())
