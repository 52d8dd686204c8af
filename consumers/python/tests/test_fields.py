"""Field validators. Expected values come from published examples and from independent check-digit oracles
written here (ISO 13616 mod 97 for IBANs, Luhn for cards, ISO 7064 MOD 11,10 for German VAT ids)."""

from __future__ import annotations

import random
from collections import OrderedDict

import pytest

import kassa
from kassa import FieldKind as K


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


def luhn_ok(number: str) -> bool:
    total = 0
    for i, d in enumerate(reversed([int(c) for c in number if c.isdigit()])):
        total += d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2)
    return total % 10 == 0


def de_vat_ok(vat: str) -> bool:
    digits = [int(c) for c in vat[2:]]
    product = 10
    for d in digits[:8]:
        s = (d + product) % 10 or 10
        product = (2 * s) % 11
    return (11 - product) % 10 == digits[8]


def test_result_shape():
    r = kassa.validate_email("a@b.de")
    assert isinstance(r, kassa.FieldResult)
    assert (r.valid, r.normalized, r.problems) == (True, "a@b.de", ())


@pytest.mark.parametrize("bad", ["no-at-sign", "a@", "@b.de", "a b@c.de"])
def test_email_invalid(bad):
    r = kassa.validate_email(bad)
    assert not r.valid and r.normalized is None
    assert r.problems and all(p.severity is kassa.Severity.ERROR for p in r.problems)
    assert r.problems[0].code == "invalid-email"


def test_iban_published_example():
    # The standard German example IBAN (ECBS / Wikipedia "International Bank Account Number").
    r = kassa.validate_iban("DE89 3704 0044 0532 0130 00")
    assert (r.valid, r.normalized) == (True, "DE89370400440532013000")
    assert r.details["country"] == "DE"
    assert iban_ok("DE89 3704 0044 0532 0130 00")


def test_iban_agrees_with_mod97():
    rng = random.Random(7)
    base = "DE89370400440532013000"
    for _ in range(60):
        i = rng.randrange(4, len(base))
        mutated = base[:i] + str((int(base[i]) + rng.randint(1, 9)) % 10) + base[i + 1 :]
        assert kassa.validate_iban(mutated).valid == iban_ok(mutated), mutated


def test_card_numbers_agree_with_luhn():
    assert kassa.validate_card_number("4111 1111 1111 1111").valid  # the well-known Visa test number
    assert kassa.validate_card_number("4111 1111 1111 1111").details.get("brand") == "visa"
    assert kassa.validate_card_number("4111 1111 1111 1111").normalized == "4111111111111111"
    rng = random.Random(11)
    for _ in range(60):
        number = "4" + "".join(str(rng.randint(0, 9)) for _ in range(15))
        assert kassa.validate_card_number(number).valid == luhn_ok(number), number


def test_german_vat_ids_agree_with_mod_11_10():
    rng = random.Random(13)
    seen = set()
    for _ in range(40):
        vat = "DE" + str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        ok = de_vat_ok(vat)
        seen.add(ok)
        assert kassa.validate_vat_id(vat).valid == ok, vat
    assert seen == {True, False}


def test_phone_national_number_with_country():
    # Berlin numbers: +49 30 ...; nationally dialled with the trunk prefix 0.
    assert kassa.validate_phone("+49 30 123456").normalized == "+4930123456"
    assert kassa.validate_phone("030 123456", "DE").normalized == "+4930123456"


def test_bic():
    assert kassa.validate_bic("DEUTDEFF").valid  # Deutsche Bank, Frankfurt (8 characters)
    assert kassa.validate_bic("DEUTDEFF500").valid  # with a branch code (11)
    assert not kassa.validate_bic("DEUT").valid


def test_country_and_currency_codes_are_normalised():
    assert kassa.validate_country_code("de").normalized == "DE"
    assert not kassa.validate_country_code("D1").valid
    assert kassa.validate_currency_code("eur").normalized == "EUR"
    assert not kassa.validate_currency_code("EUX").valid


def test_postal_codes_need_the_country():
    assert kassa.validate_postal_code("10115", "DE").valid  # Berlin-Mitte
    assert not kassa.validate_postal_code("1011", "DE").valid  # German codes have five digits
    assert kassa.validate_postal_code("90210", "US").valid


def test_validate_field_takes_enum_or_case_name():
    assert kassa.validate_field(K.IBAN, "DE89370400440532013000") == kassa.validate_field("iban", "DE89370400440532013000")


def test_validate_fields_is_validate_field_in_order():
    # A random batch of IBANs and Visa-length card numbers, about half of them corrupted: each verdict must be
    # the oracle's (mod 97, Luhn), in request order, and the same as validate_field's.
    rng = random.Random(14)
    requests: list = []
    for i in range(60):
        if i % 2:
            number = "4" + "".join(rng.choice("0123456789") for _ in range(14))  # Visa: 16 digits
            number += str(next(d for d in range(10) if luhn_ok(number + str(d))))
            if rng.random() < 0.5:
                number = number[:-1] + str((int(number[-1]) + 1) % 10)
            requests.append(kassa.FieldRequest(K.CARD_NUMBER, number))
        else:
            iban = "DE89370400440532013000" if rng.random() < 0.5 else "DE89370400440532013001"
            requests.append({"kind": "iban", "value": iban, "country": None})
    results = kassa.validate_fields(requests)
    assert isinstance(results, list) and len(results) == len(requests)
    for req, res in zip(requests, results):
        kind, value = (req["kind"], req["value"]) if isinstance(req, dict) else (req.kind, req.value)
        assert res.valid == (iban_ok(value) if kind == "iban" else luhn_ok(value)), value
        assert res == kassa.validate_field(kind, value)
    assert kassa.validate_fields([]) == []


def test_validate_fields_limit():
    # docs/limits.md: at most 10000 requests in one call.
    requests = [kassa.FieldRequest(K.COUNTRY_CODE, "DE")] * 10001
    with pytest.raises(kassa.LimitExceeded) as e:
        kassa.validate_fields(requests)
    assert (e.value.code, e.value.path, e.value.params["limit"]) == ("limit-exceeded", "/requests", "field-requests")
    assert all(r.valid for r in kassa.validate_fields(requests[:10000]))


@pytest.mark.parametrize(
    "requests,exc,words",
    [
        ("iban", TypeError, "requests: expected a list, got str"),
        ([{"kind": "zip", "value": "1"}], ValueError, "requests[0].kind: 'zip' is not a FieldKind"),
        ([{"kind": "iban"}], ValueError, "requests[0]: missing required key 'value'"),
        ([{"kind": "iban", "value": "x", "colour": "red"}], ValueError, "unknown key 'colour'"),
    ],
)
@pytest.mark.usefixtures("no_wasm")
def test_validate_fields_argument_errors(requests, exc, words):
    with pytest.raises(exc) as e:
        kassa.validate_fields(requests)
    assert words in str(e.value)


def test_validate_fields_crosses_as_json_and_typed_alike():
    # The batch crosses as JSON (validate-fields-json) when every request is a plain one; otherwise, and when
    # its JSON is over the engine's 8 MiB input limit (docs/limits.md, input-bytes), it crosses typed. Both
    # give each request what validate_field gives.
    from kassa import _functions

    plain = [{"kind": "iban", "value": "DE89 3704 0044 0532 0130 00"}, kassa.FieldRequest(K.EMAIL, "nobody")]
    assert _functions._fields_json(plain) is not None
    odd = [{"kind": K.IBAN, "value": "DE89370400440532013000", "country": None}, OrderedDict(kind="email", value="nobody")]
    assert _functions._fields_json(odd) is None  # not a plain dict: the typed call reads it
    # Hand: the ECBS example IBAN is valid; "nobody" has no "@".
    for batch in (plain, odd):
        assert [(r.valid, r.normalized) for r in kassa.validate_fields(batch)] == [
            (True, "DE89370400440532013000"),
            (False, None),
        ]
    # Nine 1 MiB e-mail addresses: 9 MiB of JSON. Each local part is over 64 characters (RFC 5321).
    big = [{"kind": "email", "value": "a" * (1 << 20) + "@example.com"}] * 9
    assert _functions._fields_json(big) is None
    assert [r.problems[0].code for r in kassa.validate_fields(big)] == ["email-too-long"] * 9
    # A lone surrogate cannot be UTF-8: the typed call refuses it, as before.
    with pytest.raises(ValueError, match="not valid Unicode text"):
        kassa.validate_fields([{"kind": "email", "value": "a\ud800@b.de"}])
