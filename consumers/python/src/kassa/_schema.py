"""wit/kassa.wit written out as canonical ABI codecs, bound to the public dataclasses.

Field lists follow the WIT order exactly (that order *is* the memory layout). `_runtime.py` checks every
function's implied core signature against the module's exports when it loads, so a WIT change that this file
does not follow fails loudly instead of reading garbage.
"""

from __future__ import annotations

from . import _types as t
from ._abi import (
    BoolTy,
    DecTy,
    EnumTy,
    Func,
    HandleTy,
    ListTy,
    OptionTy,
    ParamsTy,
    RecordTy,
    ResultTy,
    StrTy,
    U32Ty,
)
from ._errors import error_from_wire
from ._lift import compile_lifter

STR, DEC, U32, BOOL, PARAMS = StrTy(), DecTy(), U32Ty(), BoolTy(), ParamsTy()
OPT_STR, OPT_DEC = OptionTy(STR), OptionTy(DEC)

ROUNDING_MODE = EnumTy(t.RoundingMode)
SEVERITY = EnumTy(t.Severity)
PROMOTION_STATUS = EnumTy(t.PromotionStatus)
FIELD_KIND = EnumTy(t.FieldKind)

PROBLEM = RecordTy(t.Problem, [("code", STR), ("path", STR), ("message", STR), ("params", PARAMS), ("severity", SEVERITY)])
PROBLEMS = ListTy(PROBLEM)
ERROR = RecordTy(
    error_from_wire,
    [("code", STR), ("path", STR), ("message", STR), ("params", PARAMS), ("problems", PROBLEMS)],
)
CURRENCY = RecordTy(
    t.Currency, [("code", STR), ("numeric", STR), ("minor-units", U32), ("name", STR), ("cash-increment", OPT_DEC)]
)
DATA_VERSION = RecordTy(t.DataVersion, [("name", STR), ("source", STR), ("date", STR)])
ABOUT = RecordTy(t.About, [("engine-version", STR), ("contract-version", STR), ("data", ListTy(DATA_VERSION))])

# ---- inputs (lowered from the wire tuples built by _inputs.py) ------------------------------------------
CART_LINE = RecordTy(None, [("sku", STR), ("quantity", STR), ("unit-price", OPT_STR)])
USAGE_COUNT = RecordTy(None, [("key", STR), ("by-customer", U32), ("total", U32)])
CART = RecordTy(
    None,
    [
        ("currency", STR),
        ("at", STR),
        ("country", OPT_STR),
        ("region", OPT_STR),
        ("channel", OPT_STR),
        ("customer-group", OPT_STR),
        ("customer-id", OPT_STR),
        ("previous-orders", OptionTy(U32)),
        ("tax-exempt", BOOL),
        ("reverse-charge", BOOL),
        ("lines", ListTy(CART_LINE)),
        ("coupons", ListTy(STR)),
        ("shipping-method", OPT_STR),
        ("cash-rounding", BOOL),
        ("usage", ListTy(USAGE_COUNT)),
    ],
)
ADDRESS = RecordTy(
    None,
    [
        ("name", OPT_STR),
        ("lines", ListTy(STR)),
        ("city", OPT_STR),
        ("postal-code", OPT_STR),
        ("region", OPT_STR),
        ("country", STR),
    ],
)
ORDER = RecordTy(
    None,
    [
        ("cart", CART),
        ("email", OPT_STR),
        ("phone", OPT_STR),
        ("vat-id", OPT_STR),
        ("shipping-address", OptionTy(ADDRESS)),
        ("billing-address", OptionTy(ADDRESS)),
    ],
)

# ---- results ----------------------------------------------------------------------------------------------
TAX_AMOUNT = RecordTy(t.TaxAmount, [("tax", STR), ("rate", DEC), ("base", DEC), ("amount", DEC)])
TAXES = ListTy(TAX_AMOUNT)
LINE_DISCOUNT = RecordTy(t.LineDiscount, [("promotion", STR), ("amount", DEC)])
QUOTE_LINE = RecordTy(
    t.QuoteLine,
    [
        ("sku", STR),
        ("quantity", DEC),
        ("unit-price", DEC),
        ("subtotal", DEC),
        ("discounts", ListTy(LINE_DISCOUNT)),
        ("discount-total", DEC),
        ("net", DEC),
        ("taxes", TAXES),
        ("tax-total", DEC),
        ("gross", DEC),
        ("price-list", STR),
        ("added-by", OPT_STR),
    ],
)
SHIPPING_QUOTE = RecordTy(
    t.ShippingQuote,
    [
        ("method", STR),
        ("price", DEC),
        ("discount-total", DEC),
        ("net", DEC),
        ("taxes", TAXES),
        ("tax-total", DEC),
        ("gross", DEC),
    ],
)
PROMOTION_OUTCOME = RecordTy(
    t.PromotionOutcome,
    [("id", STR), ("coupon", OPT_STR), ("status", PROMOTION_STATUS), ("amount", DEC), ("reason", OptionTy(PROBLEM))],
)
TRACE_STEP = RecordTy(t.TraceStep, [("kind", STR), ("path", STR), ("message", STR), ("params", PARAMS)])
QUOTE = RecordTy(
    t.Quote,
    [
        ("currency", STR),
        ("lines", ListTy(QUOTE_LINE)),
        ("subtotal", DEC),
        ("discount-total", DEC),
        ("shipping", OptionTy(SHIPPING_QUOTE)),
        ("net-total", DEC),
        ("taxes", TAXES),
        ("tax-total", DEC),
        ("grand-total", DEC),
        ("payable", OPT_DEC),
        ("cash-rounding-adjustment", OPT_DEC),
        ("prices-include-tax", BOOL),
        ("promotions", ListTy(PROMOTION_OUTCOME)),
        ("warnings", PROBLEMS),
        ("trace", ListTy(TRACE_STEP)),
    ],
)
VALIDATION_REPORT = RecordTy(t.ValidationReport, [("valid", BOOL), ("problems", PROBLEMS)])
ENGINE_INFO = RecordTy(
    t.EngineInfo,
    [
        ("rulebook-id", STR),
        ("rulebook-version", STR),
        ("rulebook-hash", STR),
        ("engine-version", STR),
        ("contract-version", STR),
        ("data", ListTy(DATA_VERSION)),
    ],
)
FIELD_RESULT = RecordTy(
    t.FieldResult, [("valid", BOOL), ("normalized", OPT_STR), ("problems", PROBLEMS), ("details", PARAMS)]
)

# ---- functions --------------------------------------------------------------------------------------------
_API = "kassa:engine/engine-api@0.1.0#"
_MONEY = "kassa:engine/money@0.1.0#"
HANDLE = HandleTy()
STR_RESULT = ResultTy(STR, ERROR)
DEC_RESULT = ResultTy(DEC, ERROR)
DEC_LIST_RESULT = ResultTy(ListTy(DEC, list), ERROR)

ENGINE_LOAD = Func(_API + "[static]engine.load", [STR], ResultTy(HANDLE, ERROR))
ENGINE_QUOTE = Func(_API + "[method]engine.quote", [HANDLE, CART], ResultTy(QUOTE, ERROR))
ENGINE_VALIDATE = Func(_API + "[method]engine.validate", [HANDLE, ORDER], VALIDATION_REPORT)
ENGINE_INFO_FN = Func(_API + "[method]engine.info", [HANDLE], ENGINE_INFO)
ENGINE_DTOR = Func(_API + "[dtor]engine", [HANDLE], None)

CANONICAL_DECIMAL = Func(_MONEY + "canonical-decimal", [STR], DEC_RESULT)
ROUND = Func(_MONEY + "round", [STR, U32, ROUNDING_MODE], DEC_RESULT)
ROUND_TO_INCREMENT = Func(_MONEY + "round-to-increment", [STR, STR, ROUNDING_MODE], DEC_RESULT)
ROUND_MONEY = Func(_MONEY + "round-money", [STR, STR, ROUNDING_MODE], DEC_RESULT)
CASH_ROUND = Func(_MONEY + "cash-round", [STR, STR, ROUNDING_MODE], DEC_RESULT)
TO_MINOR_UNITS = Func(_MONEY + "to-minor-units", [STR, STR], STR_RESULT)
FROM_MINOR_UNITS = Func(_MONEY + "from-minor-units", [STR, STR], DEC_RESULT)
ALLOCATE = Func(_MONEY + "allocate", [STR, STR, ListTy(STR)], DEC_LIST_RESULT)
ALLOCATE_EVENLY = Func(_MONEY + "allocate-evenly", [STR, STR, U32], DEC_LIST_RESULT)
CURRENCY_INFO = Func(_MONEY + "currency-info", [STR], ResultTy(CURRENCY, ERROR))

VALIDATE_FIELD = Func("kassa:engine/fields@0.1.0#validate-field", [FIELD_KIND, STR, OPT_STR], FIELD_RESULT)
VERSIONS = Func("kassa:engine/meta@0.1.0#versions", [], ABOUT)
TRAP_FOR_TESTING = Func("kassa:engine/meta@0.1.0#trap-for-testing", [], None)

ALL_FUNCS = [
    ENGINE_LOAD, ENGINE_QUOTE, ENGINE_VALIDATE, ENGINE_INFO_FN, ENGINE_DTOR,
    CANONICAL_DECIMAL, ROUND, ROUND_TO_INCREMENT, ROUND_MONEY, CASH_ROUND, TO_MINOR_UNITS, FROM_MINOR_UNITS,
    ALLOCATE, ALLOCATE_EVENLY, CURRENCY_INFO, VALIDATE_FIELD, VERSIONS, TRAP_FOR_TESTING,
]  # fmt: skip

for _f in ALL_FUNCS:
    if _f.result is not None:
        _f.lift = compile_lifter(_f.result)

#: The imports `wasm-tools component new` would provide; the runtime provides them with a handle table.
RESOURCE_MODULE = "[export]kassa:engine/engine-api@0.1.0"
RESOURCE_NEW = "[resource-new]engine"
RESOURCE_DROP = "[resource-drop]engine"
