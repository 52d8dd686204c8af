"""OpenTelemetry spans for engine calls, named and attributed by docs/observability.md (its machine-readable form,
conformance/otel/spans.json, is what tests/test_otel.py runs; the names come from it: _otel_names.py is generated).

Only `opentelemetry-api` is used (`pip install kassa[otel]`), imported on the first traced call: without it every
call runs untraced, at the cost of one global read. With the API but no SDK the spans are the API's no-op spans and
no attribute is computed. The span is never made current: nothing runs inside it.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Mapping
from typing import Any, Callable, Optional, TypeVar

from ._otel_names import (
    CART_CURRENCY,
    CART_LINE_COUNT,
    ENGINE_VERSION,
    ERROR_PATH,
    ERROR_TYPE,
    EVENT_EXPLAIN,
    EXPLAIN_KIND,
    EXPLAIN_MESSAGE,
    EXPLAIN_PARAM_PREFIX,
    EXPLAIN_PATH,
    FIELDS_COUNT,
    INSTANCE_DISCARDED,
    INSTANCE_REUSED,
    LIMIT,
    QUOTE_GRAND_TOTAL,
    QUOTE_PROMOTIONS_APPLIED,
    RULEBOOK_HASH,
    RULEBOOK_ID,
    REPLAY_LINE,
    REPLAY_STATUS,
    RULEBOOK_VERSION,
    SCOPE,
    SHIPPING_AVAILABLE_COUNT,
    SPAN_LOAD,
    SPAN_QUOTE,
    SPAN_REPLAY,
    SPAN_SHIPPING_OPTIONS,
    SPAN_VALIDATE,
    SPAN_VALIDATE_FIELDS,
    VALIDATION_PROBLEM_COUNT,
    VALIDATION_VALID,
)

__all__ = ["SPAN_LOAD", "SPAN_QUOTE", "SPAN_REPLAY", "SPAN_SHIPPING_OPTIONS", "SPAN_VALIDATE",
           "SPAN_VALIDATE_FIELDS", "fields_attrs", "load_attrs", "quote_attrs", "ran_on", "replay_attrs",
           "set_tracer_provider", "shipping_attrs", "traced", "tracing", "validate_attrs"]  # fmt: skip

_UNRESOLVED: Any = object()
_tracer: Any = _UNRESOLVED  # a Tracer, or None when opentelemetry-api is not installed
_provider: Any = None  # set_tracer_provider; None: the global provider
_api: Any = None  # opentelemetry.trace, once imported
#: True once a tracer exists: the pools then report the instance a call ran on (ran_on).
tracing = False
_local = threading.local()  # .span: the recording span of this thread's call in progress
_infos: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()  # Engine -> EngineInfo


def set_tracer_provider(provider: Any) -> None:
    """Record Kassa's spans with `provider` (an opentelemetry TracerProvider) instead of the global one
    (`opentelemetry.trace.set_tracer_provider`); None goes back to the global one."""
    global _provider, _tracer
    _provider, _tracer = provider, _UNRESOLVED


def _resolve() -> Any:
    global _tracer, _api, tracing
    try:
        from opentelemetry import trace
    except ImportError:
        _tracer = None
        return None
    _api = trace
    # A tracer of the global provider follows a provider set later (the API's proxy), so it is looked up once.
    _tracer = trace.get_tracer(SCOPE, tracer_provider=_provider)
    tracing = True
    return _tracer


F = TypeVar("F", bound=Callable[..., Any])


def traced(name: str, attrs: Callable[[Any, tuple[Any, ...], Any], None]) -> Callable[[F], F]:
    """Run the decorated call in a span `name`; `attrs(span, args, result)` adds the operation's attributes
    (result None on failure). Failures add error.type, kassa.error.path, kassa.limit and the status."""

    def wrap(f: F) -> F:
        @functools.wraps(f)
        def call(*args: Any, **kwargs: Any) -> Any:
            t = _tracer if _tracer is not _UNRESOLVED else _resolve()
            if t is None:
                return f(*args, **kwargs)
            sp = t.start_span(name, kind=_api.SpanKind.INTERNAL)
            recording = sp.is_recording()
            if recording:
                _local.span = sp
            try:
                result = f(*args, **kwargs)
            except BaseException as e:
                if recording:
                    _local.span = None
                    _safely(attrs, sp, args, None)
                    _failure(sp, e)
                sp.end()
                raise
            if recording:
                _local.span = None
                _safely(attrs, sp, args, result)
            sp.end()
            return result

        return call  # type: ignore[return-value]

    return wrap


def _safely(attrs: Callable[[Any, tuple[Any, ...], Any], None], sp: Any, args: tuple[Any, ...], result: Any) -> None:
    # Attributes describe the call; reading them from an odd input must never replace the call's own outcome.
    try:
        attrs(sp, args, result)
    except Exception:  # pragma: no cover - defensive
        pass


def ran_on(inst: Any) -> None:
    """Called by the pools after a call: the instance it ran on, for the span of this thread's call."""
    sp = getattr(_local, "span", None)
    if sp is not None:
        sp.set_attributes({INSTANCE_REUSED: inst.reused, INSTANCE_DISCARDED: inst.broken})


def _failure(sp: Any, e: BaseException) -> None:
    from ._errors import KassaError

    if isinstance(e, KassaError) and e.code != "host-error":
        sp.set_attributes({ERROR_TYPE: e.code, ERROR_PATH: e.path})
        if e.code == "limit-exceeded" and "limit" in e.params:
            sp.set_attribute(LIMIT, e.params["limit"])
        message = e.message
    else:  # a trap (TrapError is a KassaError with code host-error), a closed engine, a wrong argument type
        sp.set_attribute(ERROR_TYPE, "host-error")
        message = e.message if isinstance(e, KassaError) else str(e) or type(e).__name__
    sp.set_status(_api.Status(_api.StatusCode.ERROR, message))


# ---- the attributes of each operation ------------------------------------------------------------------------


def _engine(sp: Any, engine: Any) -> None:
    info = _infos.get(engine)
    if info is None:
        info = _infos[engine] = engine.info()
    sp.set_attributes(
        {
            ENGINE_VERSION: info.engine_version,
            RULEBOOK_ID: info.rulebook_id,
            RULEBOOK_VERSION: info.rulebook_version,
            RULEBOOK_HASH: info.rulebook_hash,
        }
    )


def _field(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key.replace("-", "_"), None)


def _cart(sp: Any, cart: Any) -> None:
    currency, lines = _field(cart, "currency"), _field(cart, "lines")
    if isinstance(currency, str):
        sp.set_attribute(CART_CURRENCY, currency)
    if lines is not None and hasattr(lines, "__len__"):
        sp.set_attribute(CART_LINE_COUNT, len(lines))


def load_attrs(sp: Any, args: tuple[Any, ...], engine: Any) -> None:
    if engine is not None:
        _engine(sp, engine)


def quote_attrs(sp: Any, args: tuple[Any, ...], quote: Any) -> None:
    _engine(sp, args[0])
    _cart(sp, args[1])
    if quote is None:
        return
    applied = [p.id for p in quote.promotions if p.status.value == "applied"]
    sp.set_attributes({QUOTE_GRAND_TOTAL: format(quote.grand_total, "f"), QUOTE_PROMOTIONS_APPLIED: applied})
    for step in quote.trace:
        event = {EXPLAIN_KIND: step.kind, EXPLAIN_PATH: step.path, EXPLAIN_MESSAGE: step.message}
        for k, v in step.params.items():
            event[EXPLAIN_PARAM_PREFIX + k] = v
        sp.add_event(EVENT_EXPLAIN, event)


def json_attrs(sp: Any, args: tuple[Any, ...], text: Any) -> None:
    # the JSON entry points: the text is not parsed again for attributes
    _engine(sp, args[0])


def shipping_attrs(sp: Any, args: tuple[Any, ...], options: Any) -> None:
    _engine(sp, args[0])
    _cart(sp, args[1])
    if options is not None:
        sp.set_attribute(SHIPPING_AVAILABLE_COUNT, sum(1 for o in options if o.shipping is not None))


def validate_attrs(sp: Any, args: tuple[Any, ...], report: Any) -> None:
    _engine(sp, args[0])
    cart = _field(args[1], "cart")
    if cart is not None:
        _cart(sp, cart)
    if report is not None:
        sp.set_attributes({VALIDATION_VALID: report.valid, VALIDATION_PROBLEM_COUNT: len(report.problems)})


def fields_attrs(sp: Any, args: tuple[Any, ...], results: Any) -> None:
    requests: Optional[Any] = args[0] if args else None
    if requests is not None and hasattr(requests, "__len__"):
        sp.set_attribute(FIELDS_COUNT, len(requests))


def replay_attrs(sp: Any, args: tuple[Any, ...], record: Any) -> None:
    # args: (replay, cart, line), always positional (Replay.replay calls Replay._replay so)
    _cart(sp, args[1])
    line = args[2]
    if isinstance(line, int) and not isinstance(line, bool):
        sp.set_attribute(REPLAY_LINE, line)
    if record is not None:
        sp.set_attribute(REPLAY_STATUS, record.status.value)
