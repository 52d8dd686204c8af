"""Prints the grand total of the first quote of a fresh Python process (bench/ttfq.py times it from exec to exit).

    python first_quote.py RULEBOOK.json CART.json
"""

import json
import sys

import kassa

with open(sys.argv[1]) as f:
    rulebook = f.read()
with open(sys.argv[2]) as f:
    cart = json.load(f)
with kassa.Engine.load(rulebook) as engine:
    print(engine.quote(cart).grand_total)
