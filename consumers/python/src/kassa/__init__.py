"""Kassa: one pricing and validation engine (Rust, compiled to WebAssembly) for Python.

    import kassa
    with kassa.Engine.load(open("rulebook.json").read()) as engine:
        quote = engine.quote({"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE",
                              "lines": [{"sku": "TEA-1", "quantity": "2"}]})
        print(quote.grand_total)                      # a Decimal

    kassa.round_money("5.125", "EUR", kassa.RoundingMode.HALF_EVEN)   # Decimal("5.12")

Amounts are Decimal in results and Decimal | str | int in arguments (never float). Failures raise
kassa.KassaError (code, path, message, params, problems). Engines and the module-level functions are
thread-safe. See README.md for limits, threading and the measured cost of a call.
"""

from __future__ import annotations

from ._codes import Code
from ._engine import Engine
from ._errors import KassaError, LimitExceeded, TrapError
from ._functions import (
    allocate,
    allocate_evenly,
    canonical_cart,
    canonical_decimal,
    cash_round,
    currency_info,
    from_minor_units,
    round,
    round_money,
    round_to_increment,
    to_minor_units,
    validate_bic,
    validate_card_number,
    validate_country_code,
    validate_currency_code,
    validate_email,
    validate_field,
    validate_fields,
    validate_iban,
    validate_phone,
    validate_postal_code,
    validate_vat_id,
    versions,
)
from ._replay import Replay
from ._runtime import Limits, default_limits, runtime as _get_runtime, set_default_limits
from ._types import (
    About,
    Address,
    Cart,
    CartLine,
    Currency,
    DataVersion,
    DecimalLike,
    EngineInfo,
    FieldKind,
    FieldRequest,
    FieldResult,
    LineDiscount,
    Order,
    Problem,
    PromotionChange,
    PromotionOutcome,
    PromotionStatus,
    Quote,
    QuoteLine,
    ReplayFailure,
    ReplayRecord,
    ReplayStatus,
    RoundingMode,
    Severity,
    ShippingOption,
    ShippingQuote,
    TaxAmount,
    TaxChange,
    TraceStep,
    UsageCount,
    ValidationReport,
)
from ._wire import to_wire

from ._cache import set_compile_cache
from ._otel import set_tracer_provider


def __getattr__(name: str) -> str:
    # __version__ is read from the installed metadata on first use: importing importlib.metadata costs ~40 ms,
    # too much for every process start.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("kassa")
        except metadata.PackageNotFoundError:  # running from a source tree
            return "0.0.0"
    raise AttributeError(f"module 'kassa' has no attribute {name!r}")


def wasm_sha256() -> str:
    """sha256 (hex) of the WebAssembly module this package runs (the conformance runner reports it)."""
    return _get_runtime().sha256


def runtime_version() -> str:
    """e.g. "wasmtime-py 50.0.1": the WebAssembly runtime underneath."""
    from importlib import metadata

    return f"wasmtime-py {metadata.version('wasmtime')}"


__all__ = [
    "About", "Address", "Cart", "CartLine", "Code", "Currency", "DataVersion", "DecimalLike", "Engine", "EngineInfo",
    "FieldKind", "FieldRequest", "FieldResult", "KassaError", "LimitExceeded", "Limits", "LineDiscount", "Order", "Problem",
    "PromotionChange", "PromotionOutcome", "PromotionStatus", "Quote", "QuoteLine", "Replay", "ReplayFailure",
    "ReplayRecord", "ReplayStatus", "RoundingMode", "Severity", "ShippingOption", "ShippingQuote", "TaxAmount", "TaxChange",
    "TraceStep", "TrapError", "UsageCount", "ValidationReport", "allocate", "allocate_evenly",
    "canonical_cart", "canonical_decimal", "cash_round", "currency_info", "default_limits", "from_minor_units", "round",
    "round_money", "round_to_increment", "runtime_version", "set_compile_cache", "set_default_limits", "set_tracer_provider", "to_minor_units", "to_wire",
    "validate_bic", "validate_card_number", "validate_country_code", "validate_currency_code", "validate_email",
    "validate_field", "validate_fields", "validate_iban", "validate_phone", "validate_postal_code", "validate_vat_id", "versions",
    "wasm_sha256",
]  # fmt: skip
