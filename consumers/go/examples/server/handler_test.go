package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

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
	h := newHandler(eng, noop.NewTracerProvider())

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

// oneItemRulebook sells A at 10.00 net with 19 % German VAT: one A costs 10.00 + 1.90 = 11.90.
const oneItemRulebook = `{"kassa": "1", "id": "one-item", "version": "1",
	"settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
	"catalog": {"items": [{"sku": "A", "tax-category": "standard"}]},
	"price-lists": [{"id": "base", "currency": "EUR", "prices-include-tax": false,
		"prices": [{"sku": "A", "unit-price": "10.00"}]}],
	"tax": {"categories": [{"id": "standard"}],
		"rules": [{"id": "de-std", "country": "DE", "category": "standard", "rate": "19"}]}}`

func TestVerifyMatchesAndMismatches(t *testing.T) {
	ctx := context.Background()
	eng, err := kassa.Load(ctx, []byte(oneItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	h := newHandler(eng, noop.NewTracerProvider())
	verify := func(grand string) verifyResponse {
		body := `{"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE",
			"lines": [{"sku": "A", "quantity": "1"}]},
			"quote": {"currency": "EUR", "subtotal": "10.00", "discount-total": "0.00", "tax-total": "1.90",
			"grand-total": "` + grand + `"}}`
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/checkout/verify", strings.NewReader(body)))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var resp verifyResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp := verify("11.90"); !resp.Matches || len(resp.Differences) != 0 {
		t.Errorf("the right totals do not match: %+v", resp)
	}
	resp := verify("9.99")
	if resp.Matches || len(resp.Differences) != 1 || resp.Differences[0] != (difference{"grand-total", "9.99", "11.90"}) {
		t.Errorf("a tampered total matches: %+v", resp)
	}
}

func TestListensOnLoopbackUnlessTold(t *testing.T) {
	f, err := parseFlags(nil)
	if err != nil || f.addr != "127.0.0.1:8080" {
		t.Fatalf("default address: got %q (%v), want 127.0.0.1:8080 (loopback only)", f.addr, err)
	}
	f, err = parseFlags([]string{"-addr", ":9000", "-cache", "off"})
	if err != nil || f.addr != ":9000" || len(f.runtime) != 1 {
		t.Fatalf("-addr :9000 -cache off: got %q, %d runtime options (%v)", f.addr, len(f.runtime), err)
	}
}

// TestTraceparentMakesTheEngineSpanAChildOfTheRequest: a request carrying a W3C traceparent gets a server span
// in that trace, and the engine's kassa.quote span is its child.
func TestTraceparentMakesTheEngineSpanAChildOfTheRequest(t *testing.T) {
	ctx := context.Background()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(ctx)
	rt, err := kassa.NewRuntime(ctx, kassa.WithTracerProvider(tp))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(ctx)
	eng, err := rt.Load(ctx, []byte(oneItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	exp.Reset()
	body := `{"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE",
		"lines": [{"sku": "A", "quantity": "1"}]}, "quote": {"currency": "EUR", "grand-total": "11.90"}}`
	req := httptest.NewRequest(http.MethodPost, "/checkout/verify", strings.NewReader(body))
	// The example of the W3C Trace Context recommendation: trace 4bf92f35..., parent span 00f067aa0ba902b7.
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	rec := httptest.NewRecorder()
	newHandler(eng, tp).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	spans := exp.GetSpans()
	if len(spans) != 2 || spans[0].Name != "kassa.quote" || spans[1].Name != "POST /checkout/verify" {
		t.Fatalf("spans %v", spans)
	}
	quote, server := spans[0], spans[1]
	if got := server.SpanContext.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace %s", got)
	}
	if got := server.Parent.SpanID().String(); got != "00f067aa0ba902b7" || !server.Parent.IsRemote() {
		t.Errorf("server span parent %s (remote %v)", got, server.Parent.IsRemote())
	}
	if server.SpanKind != trace.SpanKindServer {
		t.Errorf("server span kind %v", server.SpanKind)
	}
	if quote.Parent.SpanID() != server.SpanContext.SpanID() || quote.SpanContext.TraceID() != server.SpanContext.TraceID() {
		t.Error("kassa.quote is not a child of the request span")
	}
}
