package kassa

// OpenTelemetry: one span per engine call, named and attributed by the convention of docs/observability.md
// (conformance/otel/spans.json is its machine-readable form; otel_test.go runs its scenarios). Only the API is
// used: with no SDK behind the TracerProvider the spans are no-ops and no attribute is computed.

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// The names (scopeName, span*, event*, attr*) are in otel_names.go, generated from conformance/otel/spans.json.

// WithTracerProvider makes the Runtime record its spans with tp instead of the global TracerProvider
// (otel.GetTracerProvider when the Runtime makes its first span). A nil tp means the global one.
func WithTracerProvider(tp trace.TracerProvider) RuntimeOption {
	return func(c *config) {
		c.tracer = nil
		if tp != nil {
			c.tracer = tp.Tracer(scopeName)
		}
	}
}

// globalTracer is read once: a tracer of the global provider follows a provider set later (the global
// provider delegates), so there is no need to look it up per call.
var globalTracer = sync.OnceValue(func() trace.Tracer { return otel.Tracer(scopeName) })

var startOptions = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal)}

// startSpan starts the span of one call as a child of ctx's span. Nothing runs inside it, so the span's
// context is not returned.
func (r *Runtime) startSpan(ctx context.Context, name string) trace.Span {
	t := r.cfg.tracer
	if t == nil {
		t = globalTracer()
	}
	_, sp := t.Start(ctx, name, startOptions...)
	return sp
}

// ranOn records the instance a call ran on; called inside do's function, after the call.
func ranOn(sp trace.Span, in *instance) {
	if sp.IsRecording() {
		sp.SetAttributes(attrInstanceReused.Bool(in.reused), attrInstanceDiscarded.Bool(in.broken))
	}
}

// endSpan records a failure (error.type, path, limit, status) and ends the span.
func endSpan(sp trace.Span, err error) {
	if err != nil && sp.IsRecording() {
		var kerr *Error
		// host-error (a trap, an aborted call) is not the engine's answer: no path, as in every host
		if errors.As(err, &kerr) && kerr.Code != "host-error" {
			sp.SetAttributes(attrErrorType.String(kerr.Code), attrErrorPath.String(kerr.Path))
			if limit, ok := kerr.Param("limit"); ok && kerr.Code == "limit-exceeded" {
				sp.SetAttributes(attrLimit.String(limit))
			}
			sp.SetStatus(codes.Error, kerr.Message)
		} else {
			sp.SetAttributes(attrErrorType.String("host-error"))
			sp.SetStatus(codes.Error, err.Error())
		}
	}
	sp.End()
}

func engineAttrs(sp trace.Span, info *EngineInfo) {
	sp.SetAttributes(attrEngineVersion.String(info.EngineVersion), attrRulebookID.String(info.RulebookID),
		attrRulebookVersion.String(info.RulebookVersion), attrRulebookHash.String(info.RulebookHash))
}

func cartAttrs(sp trace.Span, cart *Cart) {
	sp.SetAttributes(attrCartCurrency.String(cart.Currency), attrCartLineCount.Int(len(cart.Lines)))
}

func endLoad(sp trace.Span, e *Engine, err error) {
	if err == nil && sp.IsRecording() {
		engineAttrs(sp, &e.info)
	}
	endSpan(sp, err)
}

// endQuote adds the quote's attributes and its explanation steps as events.
func (e *Engine) endQuote(sp trace.Span, cart *Cart, q *Quote, err error) {
	if sp.IsRecording() {
		engineAttrs(sp, &e.info)
		cartAttrs(sp, cart)
		if err == nil {
			applied := make([]string, 0, len(q.Promotions))
			for i := range q.Promotions {
				if q.Promotions[i].Status == PromotionApplied {
					applied = append(applied, q.Promotions[i].ID)
				}
			}
			sp.SetAttributes(attrQuoteGrandTotal.String(q.GrandTotal), attrQuotePromotionsApplied.StringSlice(applied))
			for i := range q.Trace {
				sp.AddEvent(eventExplain, trace.WithAttributes(explainAttrs(&q.Trace[i])...))
			}
		}
	}
	endSpan(sp, err)
}

func explainAttrs(s *TraceStep) []attribute.KeyValue {
	kv := make([]attribute.KeyValue, 0, 3+len(s.Params))
	kv = append(kv, attrExplainKind.String(s.Kind), attrExplainPath.String(s.Path), attrExplainMessage.String(s.Message))
	for _, p := range s.Params {
		kv = append(kv, attribute.String(attrExplainParamPrefix+p.Name, p.Value))
	}
	return kv
}

func (e *Engine) endShippingOptions(sp trace.Span, cart *Cart, options []ShippingOption, err error) {
	if sp.IsRecording() {
		engineAttrs(sp, &e.info)
		cartAttrs(sp, cart)
		if err == nil {
			available := 0
			for i := range options {
				if options[i].Shipping != nil {
					available++
				}
			}
			sp.SetAttributes(attrShippingAvailableCount.Int(available))
		}
	}
	endSpan(sp, err)
}

func (e *Engine) endValidate(sp trace.Span, order *Order, rep *ValidationReport, err error) {
	if sp.IsRecording() {
		engineAttrs(sp, &e.info)
		cartAttrs(sp, &order.Cart)
		if err == nil {
			sp.SetAttributes(attrValidationValid.Bool(rep.Valid), attrValidationProblemCount.Int(len(rep.Problems)))
		}
	}
	endSpan(sp, err)
}

// endJSON ends the span of a JSON entry point: the text is not read again here, so only the engine's
// attributes and a failure are recorded.
func (e *Engine) endJSON(sp trace.Span, err error) {
	if sp.IsRecording() {
		engineAttrs(sp, &e.info)
	}
	endSpan(sp, err)
}

func endFields(sp trace.Span, n int, err error) {
	if sp.IsRecording() {
		sp.SetAttributes(attrFieldsCount.Int(n))
	}
	endSpan(sp, err)
}

func endReplay(sp trace.Span, line uint64, cart *Cart, rec *ReplayRecord, err error) {
	if sp.IsRecording() {
		cartAttrs(sp, cart)
		sp.SetAttributes(attrReplayLine.Int64(int64(line))) // a line number: far below 2^63
		if err == nil {
			sp.SetAttributes(attrReplayStatus.String(string(rec.Status)))
		}
	}
	endSpan(sp, err)
}
