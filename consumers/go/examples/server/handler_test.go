package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

func ptr(s string) *string { return &s }

func TestCompare(t *testing.T) {
	server := &kassa.Quote{Currency: "EUR", Subtotal: "10.00", DiscountTotal: "0.00", TaxTotal: "1.90", GrandTotal: "11.90"}
	same := clientQuote{Currency: ptr("EUR"), Subtotal: ptr("10.00"), DiscountTotal: ptr("0.00"), TaxTotal: ptr("1.90"),
		GrandTotal: ptr("11.90")}
	if d := compare(&same, server); len(d) != 0 {
		t.Errorf("identical quotes differ: %v", d)
	}
	tampered := same
	tampered.GrandTotal = ptr("1.19")
	tampered.Payable = ptr("1.19") // the server's quote has no payable amount
	d := compare(&tampered, server)
	if len(d) != 2 || d[0].Field != "grand-total" || d[0].Client != "1.19" || *d[0].Server != "11.90" ||
		d[1].Field != "payable" || d[1].Server != nil {
		t.Errorf("differences = %+v", d)
	}
}

// handler serves rulebook with the default runtime, as a test server would.
func handler(t *testing.T, rulebook string) http.Handler {
	t.Helper()
	ctx := context.Background()
	rt, err := kassa.DefaultRuntime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := rt.Load(ctx, []byte(rulebook))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close(ctx) })
	return newHandler(rt, eng, noop.NewTracerProvider())
}

func post(h http.Handler, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/checkout/verify", strings.NewReader(body)))
	return rec
}

func TestVerifyEndpoint(t *testing.T) {
	h := handler(t, tinyRulebook)
	for name, body := range map[string]string{
		"unknown member":    `{"cart": {"currency": "EUR"}, "quote": {"currency": "EUR", "grand-total": "1.00"}, "unknown": 1}`,
		"no cart":           `{"quote": {"currency": "EUR", "grand-total": "1.00"}}`,
		"no grand total":    `{"cart": {"currency": "EUR"}, "quote": {"currency": "EUR"}}`,
		"a number as total": `{"cart": {"currency": "EUR"}, "quote": {"currency": "EUR", "grand-total": 1}}`,
		"data after it":     `{"cart": {"currency": "EUR"}, "quote": {"currency": "EUR", "grand-total": "1.00"}} {}`,
	} {
		if rec := post(h, body); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, rec.Code)
		}
	}
	// The tiny rulebook sells nothing: the cart cannot be priced, and the answer carries the engine's error.
	rec := post(h, `{"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "x", "quantity": "1"}]},
		"quote": {"currency": "EUR", "grand-total": "1.00"}}`)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct{ Error kassa.Error }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" {
		t.Errorf("body %s: %v", rec.Body, err)
	}
}

func TestTheCartIsReadStrictlyByTheEngine(t *testing.T) {
	h := handler(t, oneItemRulebook)
	// A number where a decimal string belongs, and a camelCase key: the engine's findings at their pointers.
	rec := post(h, `{"cart": {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "shippingMethod": "standard",
		"lines": [{"sku": "A", "quantity": 1}]}, "quote": {"currency": "EUR", "grand-total": "11.90"}}`)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct{ Error kassa.Error }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range body.Error.Problems {
		got[p.Path] = p.Code
	}
	if body.Error.Code != "cart-invalid" || got["/shippingMethod"] != "unknown-field" || got["/lines/0/quantity"] != "wrong-type" {
		t.Errorf("error %s", rec.Body)
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

// oneItemCart is a cart of one A, with whitespace and keys left out; oneItemCanonical is its canonical JSON
// written by hand from docs/wire.md (keys in WIT order, every key, absent options null, no whitespace).
const (
	oneItemCart = `{"currency": "EUR", "at": "2026-11-24T09:30:00Z", "country": "DE",
		"lines": [{"sku": "A", "quantity": "1"}]}`
	oneItemCanonical = `{"currency":"EUR","at":"2026-11-24T09:30:00Z","country":"DE","region":null,"postal-code":null,"channel":null,` +
		`"customer-group":null,"customer-id":null,"previous-orders":null,"tax-exempt":false,"reverse-charge":false,` +
		`"lines":[{"sku":"A","quantity":"1","unit-price":null,"taxes":null,"attributes":[]}],"coupons":[],"shipping-method":null,"shipping-taxes":null,` +
		`"cash-rounding":false,"tenders":[],"usage":[],"explain":false,"hints":false,"exchange-rates":[],"attributes":[]}`
)

func TestVerifyMatchesAndMismatches(t *testing.T) {
	h := handler(t, oneItemRulebook)
	verify := func(grand string) (verifyResponse, string) {
		rec := post(h, `{"cart": `+oneItemCart+`, "quote": {"currency": "EUR", "subtotal": "10.00",
			"discount-total": "0.00", "tax-total": "1.90", "grand-total": "`+grand+`"}}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var resp verifyResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		return resp, rec.Body.String()
	}
	resp, raw := verify("11.90")
	if !resp.Matches || len(resp.Differences) != 0 {
		t.Errorf("the right totals do not match: %s", raw)
	}
	sum := sha256.Sum256([]byte(oneItemCanonical))
	if resp.CartSHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("cart-sha256 %s, want the sha256 of %s", resp.CartSHA256, oneItemCanonical)
	}
	// The answer's layout, and the engine's canonical quote embedded as the engine wrote it.
	eng, err := kassa.Load(context.Background(), []byte(oneItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(context.Background())
	quote, err := eng.QuoteJSON(context.Background(), []byte(oneItemCart))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"matches":true,"differences":[],"cart-sha256":"` + resp.CartSHA256 + `","quote":` + string(quote) + `}`
	if raw != want {
		t.Errorf("answer\n%s\nwant\n%s", raw, want)
	}
	resp, raw = verify("9.99")
	if resp.Matches || len(resp.Differences) != 1 || resp.Differences[0].Field != "grand-total" ||
		resp.Differences[0].Client != "9.99" || *resp.Differences[0].Server != "11.90" {
		t.Errorf("a tampered total matches: %s", raw)
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
	newHandler(rt, eng, tp).ServeHTTP(rec, req)
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
