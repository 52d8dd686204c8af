"""The public types: enums, input dataclasses (what you pass) and frozen result dataclasses (what you get).

Field names are the WIT names in snake_case; amounts are `Decimal` (they cross the boundary as canonical
decimal strings); lists in results are tuples; `params`/`details` (the WIT's `list<param>`) are dicts in the
engine's order. The canonical JSON form of any of these values is `kassa.to_wire(value)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Optional, Sequence, Union

#: What the API accepts where the WIT has a decimal string. Floats are refused: they cannot hold money exactly.
DecimalLike = Union[Decimal, str, int]


class _WireEnum(str, Enum):
    """An enum whose value is the WIT case name, so `"half-even"` and `RoundingMode.HALF_EVEN` both work."""

    def __str__(self) -> str:
        return str(self.value)


class RoundingMode(_WireEnum):
    """How to round; the table in wit/kassa.wit gives examples for every mode."""

    HALF_EVEN = "half-even"
    HALF_AWAY_FROM_ZERO = "half-away-from-zero"
    HALF_TOWARD_ZERO = "half-toward-zero"
    HALF_UP = "half-up"
    HALF_DOWN = "half-down"
    UP = "up"
    DOWN = "down"
    CEILING = "ceiling"
    FLOOR = "floor"


class Severity(_WireEnum):
    ERROR = "error"
    WARNING = "warning"


class PromotionStatus(_WireEnum):
    APPLIED = "applied"
    REJECTED = "rejected"


class FieldKind(_WireEnum):
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_CODE = "postal-code"
    IBAN = "iban"
    BIC = "bic"
    VAT_ID = "vat-id"
    CARD_NUMBER = "card-number"
    COUNTRY_CODE = "country-code"
    CURRENCY_CODE = "currency-code"


# ---- inputs (plain dicts with kebab-case or snake_case keys are accepted wherever these are) ----------------


@dataclass(frozen=True)
class CartLine:
    sku: str
    quantity: DecimalLike
    #: Accepted only for items the rulebook marks as open-price.
    unit_price: Optional[DecimalLike] = None


@dataclass(frozen=True)
class UsageCount:
    """How often a coupon or promotion has been used (the engine keeps no state)."""

    key: str
    by_customer: int = 0
    total: int = 0


@dataclass(frozen=True)
class Cart:
    currency: str
    #: RFC 3339 UTC ("2026-11-24T09:30:00Z"), or a timezone-aware datetime.
    at: Union[str, datetime]
    country: Optional[str] = None
    region: Optional[str] = None
    channel: Optional[str] = None
    customer_group: Optional[str] = None
    customer_id: Optional[str] = None
    previous_orders: Optional[int] = None
    tax_exempt: bool = False
    reverse_charge: bool = False
    lines: Sequence[CartLine] = ()
    coupons: Sequence[str] = ()
    shipping_method: Optional[str] = None
    cash_rounding: bool = False
    usage: Sequence[UsageCount] = ()


@dataclass(frozen=True)
class Address:
    country: str
    name: Optional[str] = None
    lines: Sequence[str] = ()
    city: Optional[str] = None
    postal_code: Optional[str] = None
    region: Optional[str] = None


@dataclass(frozen=True)
class Order:
    cart: Cart
    email: Optional[str] = None
    phone: Optional[str] = None
    vat_id: Optional[str] = None
    shipping_address: Optional[Address] = None
    billing_address: Optional[Address] = None


# ---- results (field order is the WIT's) -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    path: str
    message: str
    params: dict[str, str]
    severity: Severity


@dataclass(frozen=True)
class Currency:
    code: str
    numeric: str
    minor_units: int
    name: str
    #: Smallest cash amount where cash rounding applies (Decimal("0.05") for CHF), else None.
    cash_increment: Optional[Decimal]


@dataclass(frozen=True)
class DataVersion:
    name: str
    source: str
    date: str


@dataclass(frozen=True)
class About:
    engine_version: str
    contract_version: str
    data: tuple[DataVersion, ...]


@dataclass(frozen=True)
class TaxAmount:
    tax: str
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class LineDiscount:
    promotion: str
    amount: Decimal


@dataclass(frozen=True)
class QuoteLine:
    sku: str
    quantity: Decimal
    unit_price: Decimal
    subtotal: Decimal
    discounts: tuple[LineDiscount, ...]
    discount_total: Decimal
    net: Decimal
    taxes: tuple[TaxAmount, ...]
    tax_total: Decimal
    gross: Decimal
    price_list: str
    added_by: Optional[str]


@dataclass(frozen=True)
class ShippingQuote:
    method: str
    price: Decimal
    discount_total: Decimal
    net: Decimal
    taxes: tuple[TaxAmount, ...]
    tax_total: Decimal
    gross: Decimal


@dataclass(frozen=True)
class PromotionOutcome:
    id: str
    coupon: Optional[str]
    status: PromotionStatus
    amount: Decimal
    reason: Optional[Problem]


@dataclass(frozen=True)
class TraceStep:
    kind: str
    path: str
    message: str
    params: dict[str, str]


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[QuoteLine, ...]
    subtotal: Decimal
    discount_total: Decimal
    shipping: Optional[ShippingQuote]
    net_total: Decimal
    taxes: tuple[TaxAmount, ...]
    tax_total: Decimal
    grand_total: Decimal
    payable: Optional[Decimal]
    cash_rounding_adjustment: Optional[Decimal]
    prices_include_tax: bool
    promotions: tuple[PromotionOutcome, ...]
    warnings: tuple[Problem, ...]
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True)
class ValidationReport:
    valid: bool
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class EngineInfo:
    rulebook_id: str
    rulebook_version: str
    rulebook_hash: str
    engine_version: str
    contract_version: str
    data: tuple[DataVersion, ...]


@dataclass(frozen=True)
class FieldResult:
    valid: bool
    normalized: Optional[str]
    problems: tuple[Problem, ...]
    #: Facts found on the way: card brand, IBAN country, phone calling code, ...
    details: dict[str, str] = field(default_factory=dict)
