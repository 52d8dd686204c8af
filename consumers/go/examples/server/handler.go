package main

// The HTTP handler: POST /checkout/verify re-prices the posted cart and compares with the totals the client
// showed. The request and the answer are documented once, in docs/wire.md ("Verifying a client's quote"); the
// Python example service (consumers/python/examples/service.py) answers the same bytes.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// verifyRequest is what the frontend posts: the cart in Kassa's canonical JSON, kept as the bytes it came in
// (the engine reads them strictly: an unknown key, a number for a decimal, invalid Unicode are its findings),
// and the totals it showed the customer.
type verifyRequest struct {
	Cart  json.RawMessage `json:"cart"`
	Quote *clientQuote    `json:"quote"`
}

// clientQuote holds the totals the customer saw. Currency and grand total are required; the others are
// compared when the client sends them.
type clientQuote struct {
	Currency      *string `json:"currency"`
	Subtotal      *string `json:"subtotal"`
	DiscountTotal *string `json:"discount-total"`
	TaxTotal      *string `json:"tax-total"`
	GrandTotal    *string `json:"grand-total"`
	Payable       *string `json:"payable"`
}

// difference is one total the client showed that the server's quote does not have; Server is nil when the
// server's quote has no such total (payable).
type difference struct {
	Field  string  `json:"field"`
	Client string  `json:"client"`
	Server *string `json:"server"`
}

// verifyResponse is the answer, written with its keys in this order. Quote is the engine's canonical quote
// text, embedded as it is (never re-encoded); CartSHA256 is the sha256 of the cart's canonical JSON, so that a
// client can see that two backends priced the same cart.
type verifyResponse struct {
	Matches     bool            `json:"matches"`
	Differences []difference    `json:"differences"`
	CartSHA256  string          `json:"cart-sha256"`
	Quote       json.RawMessage `json:"quote"`
}

// newHandler serves the checkout with eng; rt (eng's runtime) writes the carts' canonical JSON for the
// digests; request spans go to tp (main passes the global TracerProvider).
func newHandler(rt *kassa.Runtime, eng *kassa.Engine, tp trace.TracerProvider) http.Handler {
	tracer := tp.Tracer("github.com/kassa-engine/kassa/consumers/go/examples/server")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /checkout/verify", func(w http.ResponseWriter, r *http.Request) {
		// The caller's W3C trace context (the traceparent header the checkout's fetch sends): the request span,
		// and the engine's kassa.quote span under it, join the browser's trace.
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tracer.Start(ctx, "POST /checkout/verify", trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		req, err := readVerifyRequest(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		// The request's context: a client that goes away cancels the pricing; it carries the request span.
		quoteJSON, err := eng.QuoteJSON(ctx, req.Cart)
		var canonical []byte
		if err == nil {
			canonical, err = rt.CanonicalCart(ctx, req.Cart)
		}
		var kerr *kassa.Error
		switch {
		case errors.As(err, &kerr):
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": kerr}) // the cart cannot be priced
			return
		case err != nil:
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		var server kassa.Quote // the engine's canonical JSON has exactly the json tags of kassa.Quote
		if err := json.Unmarshal(quoteJSON, &server); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		digest := sha256.Sum256(canonical)
		diffs := compare(req.Quote, &server)
		writeJSON(w, http.StatusOK, verifyResponse{
			Matches: len(diffs) == 0, Differences: diffs, CartSHA256: hex.EncodeToString(digest[:]), Quote: quoteJSON,
		})
	})
	return mux
}

// readVerifyRequest decodes the request strictly: no unknown keys, nothing after the object, a cart, and a
// quote with its currency and grand total.
func readVerifyRequest(body io.Reader) (verifyRequest, error) {
	var req verifyRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, errors.New("the request has data after its JSON object")
	}
	switch {
	case len(req.Cart) == 0:
		return req, errors.New(`the request has no "cart"`)
	case req.Quote == nil || req.Quote.Currency == nil || req.Quote.GrandTotal == nil:
		return req, errors.New(`the request's "quote" needs "currency" and "grand-total"`)
	}
	return req, nil
}

// compare lists the totals the client showed that differ from the server's, in a fixed order. Decimals are
// compared as canonical strings: the engine writes them with exactly the currency's minor units on both sides.
func compare(c *clientQuote, s *kassa.Quote) []difference {
	diffs := []difference{}
	check := func(field string, client, server *string) {
		if client != nil && (server == nil || *client != *server) {
			diffs = append(diffs, difference{field, *client, server})
		}
	}
	check("currency", c.Currency, &s.Currency)
	check("subtotal", c.Subtotal, &s.Subtotal)
	check("discount-total", c.DiscountTotal, &s.DiscountTotal)
	check("tax-total", c.TaxTotal, &s.TaxTotal)
	check("grand-total", c.GrandTotal, &s.GrandTotal)
	check("payable", c.Payable, s.Payable)
	return diffs
}

// writeJSON writes v compactly, without encoding/json's HTML escaping (which would change the bytes of an
// embedded canonical quote) and without a trailing newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, fmt.Sprintf("writing the answer: %v", err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
