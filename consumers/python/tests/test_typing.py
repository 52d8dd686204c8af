"""The package is typed (py.typed): mypy --strict accepts it, and a typical caller type-checks against it."""

from __future__ import annotations

from pathlib import Path

import pytest


mypy = pytest.importorskip("mypy.api")

CALLER = '''
from decimal import Decimal
import kassa

def total(engine: kassa.Engine) -> Decimal:
    q: kassa.Quote = engine.quote(kassa.Cart(currency="EUR", at="2026-11-24T09:30:00Z", lines=[kassa.CartLine("A", "1")]))
    parts: list[Decimal] = kassa.allocate(q.grand_total, "EUR", ["1", "1"])
    return parts[0] + kassa.round_money(Decimal("1.005"), "EUR", kassa.RoundingMode.HALF_EVEN)

def minor() -> int:
    return kassa.to_minor_units("1.00", "EUR")
'''


def test_mypy_strict_on_the_installed_package(tmp_path: Path) -> None:
    out, err, status = mypy.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"), "-p", "kassa"])
    assert status == 0, out + err


def test_a_caller_type_checks(tmp_path: Path) -> None:
    (tmp_path / "caller.py").write_text(CALLER)
    out, err, status = mypy.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"), str(tmp_path / "caller.py")])
    assert status == 0, out + err
    (tmp_path / "bad.py").write_text("import kassa\nx: int = kassa.round_money('1', 'EUR', 'half-even')\n")
    out, _, status = mypy.run(["--no-incremental", "--cache-dir", str(tmp_path / "c"), str(tmp_path / "bad.py")])
    assert status == 1 and "Decimal" in out
