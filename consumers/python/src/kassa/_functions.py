"""The stateless functions: money helpers, field validators and versions.

They run on a process-wide pool of instances (no rulebook), bounded by `kassa.set_default_limits`. Every
decimal argument accepts Decimal, str or int; every decimal result is a Decimal with the engine's scale
(`round_money("5.2", "EUR", ...)` is `Decimal("5.20")`). Errors raise KassaError with the engine's code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring as _escaped
from typing import Any, Mapping, Optional, Sequence, Union

from . import _convert as C, _inputs as I, _json, _limits, _otel, _schema as S, _wire
from ._runtime import stateless_pool
from ._types import About, Currency, DecimalLike, FieldKind, FieldRequest, FieldResult, RoundingMode

ModeLike = Union[RoundingMode, str]
_decimals = C.sequence(C.decimal)
_field_requests = C.sequence(I.field_request)


def _ok(func: Any, args: list[Any]) -> Any:
    ok, value = stateless_pool().call(func, args)
    if not ok:
        raise value
    return value


def canonical_decimal(value: DecimalLike) -> Decimal:
    """Parse strictly and return the canonical value ("-0.00" -> 0.00; "1e3", "+1", ".5" are invalid-decimal)."""
    return _ok(S.CANONICAL_DECIMAL, [C.decimal(value, "value")])  # type: ignore[no-any-return]


def canonical_cart(cart: Union[str, bytes, bytearray, memoryview]) -> str:
    """The canonical JSON of a cart given as JSON text (docs/wire.md), read exactly as `Engine.quote_json` reads
    it (KassaError `cart-invalid` with every finding at its pointer, `invalid-json`): keys in WIT order, every key
    written, no insignificant whitespace. Equal carts give equal text, so its sha256 is a digest of the cart."""
    return _ok(S.CANONICAL_CART, [_wire.json_bytes(cart, "cart")])  # type: ignore[no-any-return]


def round(value: DecimalLike, scale: int, mode: ModeLike) -> Decimal:  # noqa: A001 - the contract's name
    """Round to `scale` decimal places with an explicit mode: round("2.5", 0, RoundingMode.HALF_EVEN) == 2."""
    return _ok(S.ROUND, [C.decimal(value, "value"), C.u32(scale, "scale"), I.rounding_mode(mode, "mode")])  # type: ignore[no-any-return]


def round_to_increment(value: DecimalLike, increment: DecimalLike, mode: ModeLike) -> Decimal:
    """Round to a multiple of `increment` ("0.05")."""
    return _ok(  # type: ignore[no-any-return]
        S.ROUND_TO_INCREMENT,
        [C.decimal(value, "value"), C.decimal(increment, "increment"), I.rounding_mode(mode, "mode")],
    )


def round_money(amount: DecimalLike, currency: str, mode: ModeLike) -> Decimal:
    """Round to the currency's minor units, with exactly that many decimals."""
    return _ok(  # type: ignore[no-any-return]
        S.ROUND_MONEY, [C.decimal(amount, "amount"), C.text(currency, "currency"), I.rounding_mode(mode, "mode")]
    )


def cash_round(amount: DecimalLike, currency: str, mode: ModeLike) -> Decimal:
    """Round to the currency's cash increment (CHF 0.05), or its minor units where it has none."""
    return _ok(  # type: ignore[no-any-return]
        S.CASH_ROUND, [C.decimal(amount, "amount"), C.text(currency, "currency"), I.rounding_mode(mode, "mode")]
    )


def to_minor_units(amount: DecimalLike, currency: str) -> int:
    """12.34 EUR -> 1234. Raises KassaError `precision-loss` when the amount has more decimals than the currency."""
    return int(_ok(S.TO_MINOR_UNITS, [C.decimal(amount, "amount"), C.text(currency, "currency")]))


def from_minor_units(minor: Union[int, str], currency: str) -> Decimal:
    """1234 EUR -> Decimal("12.34")."""
    return _ok(S.FROM_MINOR_UNITS, [C.minor_units(minor, "minor"), C.text(currency, "currency")])  # type: ignore[no-any-return]


def allocate(amount: DecimalLike, currency: str, ratios: Sequence[DecimalLike]) -> list[Decimal]:
    """Split `amount` by `ratios` in minor units; the parts sum exactly to `amount` (largest remainder)."""
    return _ok(  # type: ignore[no-any-return]
        S.ALLOCATE, [C.decimal(amount, "amount"), C.text(currency, "currency"), _decimals(ratios, "ratios")]
    )


def allocate_evenly(amount: DecimalLike, currency: str, parts: int) -> list[Decimal]:
    """Split `amount` into `parts` equal parts in minor units; earlier parts take the extra minor units."""
    return _ok(  # type: ignore[no-any-return]
        S.ALLOCATE_EVENLY, [C.decimal(amount, "amount"), C.text(currency, "currency"), C.u32(parts, "parts")]
    )


def currency_info(code: str) -> Currency:
    """The ISO 4217 entry for a code: currency_info("JPY").minor_units == 0."""
    return _ok(S.CURRENCY_INFO, [C.text(code, "code")])  # type: ignore[no-any-return]


def validate_field(kind: Union[FieldKind, str], value: str, country: Optional[str] = None) -> FieldResult:
    """Validate and normalise one field. `country` (ISO 3166-1 alpha-2) is needed for postal codes and
    national phone numbers. Invalid input is a result with `valid=False` and problems, not an exception."""
    args = [I.field_kind(kind, "kind"), C.text(value, "value"), None if country is None else C.text(country, "country")]
    return stateless_pool().call(S.VALIDATE_FIELD, args)  # type: ignore[no-any-return]


@_otel.traced(_otel.SPAN_VALIDATE_FIELDS, _otel.fields_attrs)
def validate_fields(requests: Sequence[Union[FieldRequest, Mapping[str, Any]]]) -> list[FieldResult]:
    """Validate a batch of fields in one call: one result per request, in order, each what `validate_field`
    gives. A request is a FieldRequest or a dict ({"kind": "iban", "value": "...", "country": None}). More than
    10000 requests raise LimitExceeded (limit `field-requests`)."""
    body = _fields_json(requests)
    if body is not None:
        return [_json.field_result(d) for d in json.loads(_ok(S.VALIDATE_FIELDS_JSON, [body]))]
    return _ok(S.VALIDATE_FIELDS, [_field_requests(requests, "requests")])  # type: ignore[no-any-return]


_KINDS = frozenset(k.value for k in FieldKind)


def _fields_json(requests: Any) -> Optional[bytes]:
    """The batch as `validate-fields-json` reads it, when every request is one the typed call takes as it is and
    the JSON is within the engine's input limit; None otherwise, and the typed call judges the batch (its
    TypeError or ValueError, or a batch over 8 MiB of JSON). Written by hand, strings escaped as json.dumps
    escapes them: half the time of json.dumps on the requests' dicts."""
    if type(requests) is not list and type(requests) is not tuple:
        return None
    out: list[str] = []
    add = out.append
    for r in requests:
        if type(r) is dict:
            value = r.get("value")
            country = r.get("country")
            if len(r) != 3 - (country is None and "country" not in r):
                return None  # a key besides kind, value and country, or one of them missing
            kind = r.get("kind")
        elif type(r) is FieldRequest:
            kind, value, country = r.kind, r.value, r.country
        else:
            return None
        if type(kind) is FieldKind:
            kind = kind.value
        elif type(kind) is not str or kind not in _KINDS:
            return None
        if type(value) is not str or (country is not None and type(country) is not str):
            return None
        add(f'{{"kind":"{kind}","value":{_escaped(value)},"country":{"null" if country is None else _escaped(country)}}}')
    try:
        body = ('{"requests":[' + ",".join(out) + "]}").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the typed call says where
        return None
    return body if len(body) <= _limits.INPUT_BYTES else None


def validate_email(value: str) -> FieldResult:
    return validate_field(FieldKind.EMAIL, value)


def validate_phone(value: str, country: Optional[str] = None) -> FieldResult:
    return validate_field(FieldKind.PHONE, value, country)


def validate_postal_code(value: str, country: str) -> FieldResult:
    return validate_field(FieldKind.POSTAL_CODE, value, country)


def validate_iban(value: str) -> FieldResult:
    return validate_field(FieldKind.IBAN, value)


def validate_bic(value: str) -> FieldResult:
    return validate_field(FieldKind.BIC, value)


def validate_vat_id(value: str) -> FieldResult:
    return validate_field(FieldKind.VAT_ID, value)


def validate_card_number(value: str) -> FieldResult:
    return validate_field(FieldKind.CARD_NUMBER, value)


def validate_country_code(value: str) -> FieldResult:
    return validate_field(FieldKind.COUNTRY_CODE, value)


def validate_currency_code(value: str) -> FieldResult:
    return validate_field(FieldKind.CURRENCY_CODE, value)


def versions() -> About:
    """Engine and contract versions, and the versions of the reference data compiled in."""
    return stateless_pool().call(S.VERSIONS, [])  # type: ignore[no-any-return]


def _trap_for_testing() -> None:
    """Make one instance of the stateless pool trap (test hook)."""
    stateless_pool().call(S.TRAP_FOR_TESTING, [])
