"""Money helpers. Expected values are hand-computed or come from Python's decimal module as an independent
oracle (its rounding modes implement the same definitions; the mapping is written out below)."""

from __future__ import annotations

import decimal
import random
from decimal import Decimal

import pytest

import kassa
from kassa import RoundingMode as M


def exact(d: Decimal) -> str:
    """Decimal equality ignores scale (1.1 == 1.10); the contract fixes the scale, so compare the text too."""
    return format(d, "f")


# ---- canonical_decimal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given,expected",
    [("1.50", "1.50"), ("-0.00", "0.00"), ("0", "0"), ("-12.3400", "-12.3400"), ("1000", "1000")],
)
def test_canonical_decimal(given, expected):
    got = kassa.canonical_decimal(given)
    assert isinstance(got, Decimal)
    assert exact(got) == expected


@pytest.mark.parametrize("bad", ["+1", "01", "1e3", ".5", "5.", "", "1,5", " 1", "abc"])
def test_canonical_decimal_rejects_with_code_and_path(bad):
    with pytest.raises(kassa.KassaError) as e:
        kassa.canonical_decimal(bad)
    assert e.value.code == "invalid-decimal"
    assert e.value.path == "/value"
    assert e.value.params["input"] == bad
    assert "position" in e.value.params
    assert not isinstance(e.value, (kassa.LimitExceeded, kassa.TrapError))


def test_invalid_decimal_position_is_the_offending_character():
    # "1.2x": characters 0-2 are fine, the fourth (index 3) is not.
    with pytest.raises(kassa.KassaError) as e:
        kassa.canonical_decimal("1.2x")
    assert e.value.params["position"] == "3"
    assert str(e.value).startswith("invalid-decimal: /value: ")


def test_accepts_decimal_and_int_arguments():
    assert exact(kassa.canonical_decimal(Decimal("1.50"))) == "1.50"
    assert exact(kassa.canonical_decimal(Decimal("1E+3"))) == "1000"
    assert exact(kassa.canonical_decimal(42)) == "42"


# ---- round ---------------------------------------------------------------------------------------------

# The table in wit/kassa.wit, worked by hand for scale 0.
TABLE = {
    M.HALF_EVEN: ("2", "-2", "2", "-3"),
    M.HALF_AWAY_FROM_ZERO: ("3", "-3", "2", "-3"),
    M.HALF_TOWARD_ZERO: ("2", "-2", "2", "-3"),
    M.HALF_UP: ("3", "-2", "2", "-3"),
    M.HALF_DOWN: ("2", "-3", "2", "-3"),
    M.UP: ("3", "-3", "3", "-3"),
    M.DOWN: ("2", "-2", "2", "-2"),
    M.CEILING: ("3", "-2", "3", "-2"),
    M.FLOOR: ("2", "-3", "2", "-3"),
}


@pytest.mark.parametrize("mode", list(M))
def test_round_table(mode):
    got = [exact(kassa.round(v, 0, mode)) for v in ("2.5", "-2.5", "2.4", "-2.6")]
    assert got == list(TABLE[mode])


def test_round_examples_from_the_brief():
    assert kassa.round("2.5", 0, M.HALF_EVEN) == Decimal("2")
    assert kassa.round("-2.5", 0, M.HALF_UP) == Decimal("-2")
    assert kassa.round("2.5", 0, "half-even") == Decimal("2")  # the WIT case name works too


def _oracle(value: Decimal, scale: int, mode: M) -> Decimal:
    q = Decimal(1).scaleb(-scale)
    py = {
        M.HALF_EVEN: decimal.ROUND_HALF_EVEN,
        M.HALF_AWAY_FROM_ZERO: decimal.ROUND_HALF_UP,  # Python's HALF_UP is away from zero
        M.HALF_TOWARD_ZERO: decimal.ROUND_HALF_DOWN,  # and its HALF_DOWN toward zero
        M.UP: decimal.ROUND_UP,
        M.DOWN: decimal.ROUND_DOWN,
        M.CEILING: decimal.ROUND_CEILING,
        M.FLOOR: decimal.ROUND_FLOOR,
    }
    if mode == M.HALF_UP:  # ties toward +infinity
        return value.quantize(q, decimal.ROUND_HALF_UP if value >= 0 else decimal.ROUND_HALF_DOWN)
    if mode == M.HALF_DOWN:  # ties toward -infinity
        return value.quantize(q, decimal.ROUND_HALF_DOWN if value >= 0 else decimal.ROUND_HALF_UP)
    return value.quantize(q, py[mode])


def test_round_agrees_with_pythons_decimal_module():
    rng = random.Random(20261124)
    for _ in range(400):
        digits = rng.randint(0, 6)
        value = Decimal(rng.randint(-10**8, 10**8)).scaleb(-digits)
        scale = rng.randint(0, 4)
        mode = rng.choice(list(M))
        got = kassa.round(value, scale, mode)
        want = _oracle(value, scale, mode)
        assert got == want, (value, scale, mode)
        if digits >= scale:
            assert got.as_tuple().exponent == -scale, (value, scale, mode, got)


def test_round_invalid_value_has_path():
    with pytest.raises(kassa.KassaError) as e:
        kassa.round("2,5", 0, M.HALF_EVEN)
    assert (e.value.code, e.value.path) == ("invalid-decimal", "/value")


# ---- increments, money, cash ---------------------------------------------------------------------------


def test_round_to_increment():
    # 1.07 / 0.05 = 21.4 -> 21 -> 1.05; 1.075 / 0.05 = 21.5 -> half-even 22 -> 1.10, half-down 21 -> 1.05
    assert kassa.round_to_increment("1.07", "0.05", M.HALF_EVEN) == Decimal("1.05")
    assert kassa.round_to_increment("1.075", "0.05", M.HALF_EVEN) == Decimal("1.10")
    assert kassa.round_to_increment("1.075", "0.05", M.HALF_DOWN) == Decimal("1.05")
    assert kassa.round_to_increment("7", "5", M.HALF_EVEN) == Decimal("5")  # 1.4 -> 1


def test_round_money_uses_the_currency_scale():
    assert exact(kassa.round_money("5.125", "EUR", M.HALF_EVEN)) == "5.12"  # tie, 2 is even
    assert exact(kassa.round_money("5.135", "EUR", M.HALF_EVEN)) == "5.14"  # tie, 4 is even
    assert exact(kassa.round_money("5.2", "EUR", M.HALF_EVEN)) == "5.20"  # padded to 2 decimals
    assert exact(kassa.round_money("1234.5", "JPY", M.HALF_EVEN)) == "1234"  # yen has no minor unit
    assert exact(kassa.round_money("1.2345", "KWD", M.HALF_UP)) == "1.235"  # dinar: 3 decimals
    assert exact(kassa.round_money("-1.2345", "KWD", M.HALF_UP)) == "-1.234"  # tie toward +infinity


def test_round_money_unknown_currency():
    with pytest.raises(kassa.KassaError) as e:
        kassa.round_money("1", "EUX", M.HALF_EVEN)
    assert (e.value.code, e.value.path) == ("unknown-currency", "/currency")


def test_cash_round():
    # Swiss cash totals round to 5 Rappen: 1.03 -> 1.05 (20.6 steps -> 21); 1.025 -> 20.5 steps -> even 20 -> 1.00
    assert exact(kassa.cash_round("1.03", "CHF", M.HALF_EVEN)) == "1.05"
    assert exact(kassa.cash_round("1.025", "CHF", M.HALF_EVEN)) == "1.00"
    # The euro has no cash increment: minor units apply.
    assert exact(kassa.cash_round("1.234", "EUR", M.HALF_EVEN)) == "1.23"
    # Swedish cash rounds to whole kronor: 104.50 -> tie -> even 104
    assert exact(kassa.cash_round("104.50", "SEK", M.HALF_EVEN)) == "104.00"


# ---- minor units ---------------------------------------------------------------------------------------


def test_to_minor_units():
    assert kassa.to_minor_units("12.34", "EUR") == 1234
    assert kassa.to_minor_units(Decimal("12.3"), "EUR") == 1230
    assert kassa.to_minor_units("500", "JPY") == 500
    assert kassa.to_minor_units("1.5", "KWD") == 1500
    assert kassa.to_minor_units("-0.05", "EUR") == -5


def test_to_minor_units_precision_loss():
    with pytest.raises(kassa.KassaError) as e:
        kassa.to_minor_units("12.345", "EUR")
    assert (e.value.code, e.value.path) == ("precision-loss", "/amount")


def test_from_minor_units():
    assert exact(kassa.from_minor_units(1234, "EUR")) == "12.34"
    assert exact(kassa.from_minor_units("1234", "EUR")) == "12.34"
    assert exact(kassa.from_minor_units(500, "JPY")) == "500"
    assert exact(kassa.from_minor_units(-5, "EUR")) == "-0.05"
    assert exact(kassa.from_minor_units(1500, "KWD")) == "1.500"


# ---- allocation ----------------------------------------------------------------------------------------


def test_allocate():
    # 200 cents / 3 = 66 r 2: the two largest remainders (all equal: the first two) get one more cent.
    assert kassa.allocate("2.00", "EUR", ["1", "1", "1"]) == [Decimal("0.67"), Decimal("0.67"), Decimal("0.66")]
    assert [exact(p) for p in kassa.allocate("100", "EUR", [50, 30, 20])] == ["50.00", "30.00", "20.00"]
    # 5 cents 1:1 -> 2.5 each -> the first takes the odd cent
    assert kassa.allocate("0.05", "EUR", [Decimal(1), Decimal(1)]) == [Decimal("0.03"), Decimal("0.02")]
    # 10 EUR by 1:2 -> 333.33.. / 666.66.. cents -> 333 r .33, 666 r .67: the second has the larger remainder
    assert kassa.allocate("10.00", "EUR", ["1", "2"]) == [Decimal("3.33"), Decimal("6.67")]


def test_allocate_sums_exactly():
    parts = kassa.allocate("1000.01", "EUR", ["3", "7", "11", "13"])
    assert sum(parts) == Decimal("1000.01")


def test_allocate_evenly():
    assert kassa.allocate_evenly("10.00", "EUR", 3) == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]
    assert kassa.allocate_evenly("10", "JPY", 4) == [Decimal(3), Decimal(3), Decimal(2), Decimal(2)]


@pytest.mark.parametrize(
    "call,path",
    [
        (lambda: kassa.allocate("1.00", "EUR", []), "/ratios"),
        (lambda: kassa.allocate("1.00", "EUR", ["0", "0"]), "/ratios"),
        (lambda: kassa.allocate("1.00", "EUR", ["-1", "2"]), "/ratios/0"),
        (lambda: kassa.allocate_evenly("1.00", "EUR", 0), "/parts"),
        (lambda: kassa.round("1.5", 99, M.HALF_EVEN), "/scale"),  # rust_decimal holds at most 28 decimals
    ],
)
def test_invalid_arguments(call, path):
    with pytest.raises(kassa.KassaError) as e:
        call()
    assert (e.value.code, e.value.path) == ("invalid-argument", path)


# ---- currencies ----------------------------------------------------------------------------------------


def test_currency_info():
    jpy = kassa.currency_info("JPY")
    assert (jpy.code, jpy.numeric, jpy.minor_units, jpy.cash_increment) == ("JPY", "392", 0, None)
    eur = kassa.currency_info("EUR")
    assert (eur.numeric, eur.minor_units, eur.name) == ("978", 2, "Euro")
    chf = kassa.currency_info("CHF")
    assert chf.cash_increment == Decimal("0.05") and isinstance(chf.cash_increment, Decimal)
    assert kassa.currency_info("KWD").minor_units == 3


def test_currency_info_unknown():
    with pytest.raises(kassa.KassaError) as e:
        kassa.currency_info("EUX")
    assert (e.value.code, e.value.path, e.value.params) == ("unknown-currency", "/code", {"code": "EUX"})
