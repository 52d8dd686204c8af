package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

const tinyRulebook = `{"kassa":"1","id":"tiny","version":"1","settings":{"currencies":["EUR"],` +
	`"rounding-mode":"half-even","tax-rounding":"per-total"},"tax":{"categories":[]}}`

func TestCompare(t *testing.T) {
	server := &kassa.Quote{Currency: "EUR", Subtotal: "10.00", DiscountTotal: "0.00", TaxTotal: "1.90", GrandTotal: "11.90"}
	same := clientQuote{Currency: "EUR", Subtotal: "10.00", DiscountTotal: "0.00", TaxTotal: "1.90", GrandTotal: "11.90"}
	if d := compare(same, server); len(d) != 0 {
		t.Errorf("identical quotes differ: %v", d)
	}
	tampered := same
	tampered.GrandTotal = "1.19"
	d := compare(tampered, server)
	if len(d) != 1 || d[0] != (difference{"grand-total", "1.19", "11.90"}) {
		t.Errorf("differences = %v", d)
	}
}

func TestVerifyEndpoint(t *testing.T) {
	ctx := context.Background()
	eng, err := kassa.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	h := newHandler(eng)

	post := func(body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/checkout/verify", strings.NewReader(body)))
		return rec
	}
	if rec := post(`{"cart": {"currency": "EUR"}, "unknown": 1}`); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown member: status %d", rec.Code)
	}
	// The tiny rulebook sells nothing: the cart cannot be priced, and the answer carries the engine's error.
	rec := post(`{"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "x", "quantity": "1"}]},
		"quote": {"currency": "EUR", "grand-total": "1.00"}}`)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct{ Error kassa.Error }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" {
		t.Errorf("body %s: %v", rec.Body, err)
	}
}
