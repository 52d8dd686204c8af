package main

// The HTTP handler: POST /checkout/verify re-prices the posted cart and compares with the client's quote.

import (
	"encoding/json"
	"errors"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// verifyRequest is what the frontend posts: the cart and the totals it showed the customer.
type verifyRequest struct {
	Cart  kassa.Cart  `json:"cart"`
	Quote clientQuote `json:"quote"`
}

// clientQuote holds the totals the customer saw (the fields a shop typically displays).
type clientQuote struct {
	Currency      string  `json:"currency"`
	Subtotal      string  `json:"subtotal"`
	DiscountTotal string  `json:"discount-total"`
	TaxTotal      string  `json:"tax-total"`
	GrandTotal    string  `json:"grand-total"`
	Payable       *string `json:"payable"`
}

type difference struct {
	Field  string `json:"field"`
	Client string `json:"client"`
	Server string `json:"server"`
}

type verifyResponse struct {
	Matches     bool         `json:"matches"`
	Differences []difference `json:"differences"`
	Quote       *kassa.Quote `json:"quote"` // the authoritative quote
}

// newHandler serves the checkout; its request spans go to tp (main passes the global TracerProvider).
func newHandler(eng *kassa.Engine, tp trace.TracerProvider) http.Handler {
	tracer := tp.Tracer("github.com/kassa-engine/kassa/consumers/go/examples/server")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /checkout/verify", func(w http.ResponseWriter, r *http.Request) {
		// The caller's W3C trace context (the traceparent header the checkout's fetch sends): the request span,
		// and the engine's kassa.quote span under it, join the browser's trace.
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tracer.Start(ctx, "POST /checkout/verify", trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		var req verifyRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		// The request's context: a client that goes away cancels the pricing; it carries the request span.
		q, err := eng.Quote(ctx, req.Cart)
		var kerr *kassa.Error
		switch {
		case errors.As(err, &kerr):
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": kerr}) // the cart cannot be priced
			return
		case err != nil:
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		diffs := compare(req.Quote, q)
		writeJSON(w, http.StatusOK, verifyResponse{Matches: len(diffs) == 0, Differences: diffs, Quote: q})
	})
	return mux
}

// compare lists the totals where the client's quote differs from the server's. Decimals are compared as
// canonical strings, which the engine returns with exactly the currency's minor units on both sides.
func compare(c clientQuote, s *kassa.Quote) []difference {
	diffs := []difference{}
	check := func(field, client, server string) {
		if client != server {
			diffs = append(diffs, difference{field, client, server})
		}
	}
	check("currency", c.Currency, s.Currency)
	check("subtotal", c.Subtotal, s.Subtotal)
	check("discount-total", c.DiscountTotal, s.DiscountTotal)
	check("tax-total", c.TaxTotal, s.TaxTotal)
	check("grand-total", c.GrandTotal, s.GrandTotal)
	check("payable", deref(c.Payable), deref(s.Payable))
	return diffs
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
