package kassa

// The wire format through the Go host (docs/wire.md): QuoteJSON / ValidateJSON, the typed calls giving the
// same bytes and the same errors, DecodeCart, and the canonical JSON written by AppendJSON / MarshalJSON.
// Expected values are worked out by hand from the rules of docs/wire.md and the example store.

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestQuoteJSONAndTheTypedQuoteGiveTheSameBytes(t *testing.T) {
	ctx := context.Background()
	eng := exampleEngine(t)
	text := loadExample(t, "cart.json")
	out, err := eng.QuoteJSON(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	// 82.80 EUR with 10.74 VAT: the hand computation of TestExampleQuote.
	var q struct {
		GrandTotal string `json:"grand-total"`
		TaxTotal   string `json:"tax-total"`
	}
	if err := json.Unmarshal(out, &q); err != nil || q.GrandTotal != "82.80" || q.TaxTotal != "10.74" {
		t.Fatalf("quote-json: %+v %v", q, err)
	}
	head := `{"currency":"EUR","rulebook-hash":"` + eng.Info().RulebookHash + `","lines":[{"sku":"TEE","quantity":"2","unit-price":"15.00",`
	if !bytes.HasPrefix(out, []byte(head)) {
		t.Errorf("not canonical (WIT key order, no whitespace): %.80s", out)
	}
	var cart Cart
	if err := json.Unmarshal(text, &cart); err != nil {
		t.Fatal(err)
	}
	typed, err := eng.Quote(ctx, cart)
	if err != nil {
		t.Fatal(err)
	}
	if got := typed.AppendJSON(nil); !bytes.Equal(got, out) {
		t.Errorf("typed quote's canonical JSON differs from quote-json:\n%s\n%s", got, out)
	}
	// json.Marshal goes through MarshalJSON: the same document (encoding/json only HTML-escapes).
	var a, b any
	m, _ := json.Marshal(typed)
	_ = json.Unmarshal(m, &a)
	_ = json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Error("json.Marshal of the typed quote is not the canonical document")
	}
}

func TestValidateJSONReportsShapeFindings(t *testing.T) {
	ctx := context.Background()
	eng := exampleEngine(t)
	out, err := eng.ValidateJSON(ctx, []byte(`{"cart": {"currency": "EUR", "at": "2026-11-28T10:00:00Z",
		"lines": [{"sku": "TEE", "quantity": 2}]}, "vatId": "DE1"}`))
	if err != nil {
		t.Fatal(err)
	}
	var rep ValidationReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatal(err)
	}
	// The order's unknown key first (an object's keys are checked before its members), then the number.
	got := [][2]string{}
	for _, p := range rep.Problems {
		got = append(got, [2]string{p.Code, p.Path})
	}
	want := [][2]string{{CodeUnknownField, "/vatId"}, {CodeWrongType, "/cart/lines/0/quantity"}}
	if rep.Valid || !reflect.DeepEqual(got, want) {
		t.Fatalf("report = %+v, want %v", rep, want)
	}
	if s, _ := param(rep.Problems[0].Params, "suggestion"); s != "vat-id" {
		t.Errorf("suggestion = %q, want vat-id", s)
	}
	_, err = eng.ValidateJSON(ctx, []byte(`{"cart": `))
	wantKassaError(t, err, CodeInvalidJSON, "")
}

func param(ps []Param, name string) (string, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// findings are the (code, path) of an error's problems.
func findings(e *Error) [][2]string {
	out := [][2]string{}
	for _, p := range e.Problems {
		out = append(out, [2]string{p.Code, p.Path})
	}
	return out
}

func TestStrictnessIsTheEnginesInEveryEntryPoint(t *testing.T) {
	ctx := context.Background()
	eng := exampleEngine(t)
	for _, tc := range []struct {
		name  string
		input string
		want  [][2]string
	}{
		// The frontend's camelCase: a Go backend decoding it with encoding/json would drop the key silently.
		{"camelCase", `{"currency":"EUR","at":"2026-11-28T10:00:00Z","shippingMethod":"standard"}`,
			[][2]string{{CodeUnknownField, "/shippingMethod"}}},
		{"number", `{"currency":"EUR","at":"2026-11-28T10:00:00Z","lines":[{"sku":"TEE","quantity":2}]}`,
			[][2]string{{CodeWrongType, "/lines/0/quantity"}}},
		{"lone surrogate", `{"currency":"EUR","at":"2026-11-28T10:00:00Z","coupons":["\ud800"]}`,
			[][2]string{{CodeInvalidUnicode, "/coupons/0"}}},
		{"not UTF-8", "{\"currency\":\"EUR\",\"at\":\"2026-11-28T10:00:00Z\",\"region\":\"\xff\"}",
			[][2]string{{CodeInvalidUnicode, "/region"}}},
	} {
		_, err := eng.QuoteJSON(ctx, []byte(tc.input))
		kerr := wantKassaError(t, err, CodeCartInvalid, "")
		if got := findings(kerr); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: QuoteJSON findings %v, want %v", tc.name, got, tc.want)
		}
		_, err = DecodeCart(ctx, []byte(tc.input))
		kerr = wantKassaError(t, err, CodeCartInvalid, "")
		if got := findings(kerr); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: DecodeCart findings %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := eng.QuoteJSON(ctx, []byte(`{"currency":"EUR",}`))
	wantKassaError(t, err, CodeInvalidJSON, "")
}

func TestTypedCallsReportTextThatIsNotUTF8AsTheEngineDoes(t *testing.T) {
	ctx := context.Background()
	eng := exampleEngine(t)
	cart := Cart{Currency: "EUR", At: "2026-11-28T10:00:00Z", Country: Ptr("DE"),
		Lines: []CartLine{{SKU: "TEE", Quantity: "1"}, {SKU: "B\xffOK", Quantity: "1"}}}
	_, err := eng.Quote(ctx, cart)
	kerr := wantKassaError(t, err, CodeCartInvalid, "")
	if got, want := findings(kerr), [][2]string{{CodeInvalidUnicode, "/lines/1/sku"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	if r, _ := param(kerr.Problems[0].Params, "reason"); r != "invalid-utf-8" {
		t.Errorf("reason = %q", r)
	}
	rep, err := eng.Validate(ctx, Order{Cart: cart, Email: Ptr("a\xc3@b.de")})
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, p := range rep.Problems {
		got = append(got, [2]string{p.Code, p.Path})
	}
	want := [][2]string{{CodeInvalidUnicode, "/cart/lines/1/sku"}, {CodeInvalidUnicode, "/email"}}
	if rep.Valid || !reflect.DeepEqual(got, want) {
		t.Fatalf("report %+v, want %v", rep, want)
	}
	// The engine keeps answering.
	cart.Lines = cart.Lines[:1]
	q, err := eng.Quote(ctx, cart)
	if err != nil || q.GrandTotal != "15.00" {
		t.Fatalf("after the fallback: %v %v", q, err)
	}
}

func TestDecodeCartIsStrictAndRoundTrips(t *testing.T) {
	ctx := context.Background()
	c, err := DecodeCart(ctx, loadExample(t, "cart.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := Cart{Currency: "EUR", At: "2026-11-28T10:00:00Z", Country: Ptr("DE"), Channel: Ptr("web"),
		PreviousOrders: Ptr(uint32(2)), ShippingMethod: Ptr("standard"), Coupons: []string{}, Tenders: []Tender{},
		Usage: []UsageCount{}, ExchangeRates: []ExchangeRate{}, Attributes: []Attribute{},
		Lines: []CartLine{{SKU: "TEE", Quantity: "2", Attributes: []Attribute{}}, {SKU: "BOOK", Quantity: "1", Attributes: []Attribute{}},
			{SKU: "PEN", Quantity: "12", Attributes: []Attribute{}}, {SKU: "CAPSULE", Quantity: "25", Attributes: []Attribute{}}}, Explain: true}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("DecodeCart = %+v", c)
	}
	// Canonical bytes, by hand: every key in WIT order, options null, lists written.
	canonical := `{"currency":"EUR","at":"2026-11-28T10:00:00Z","country":"DE","region":null,"postal-code":null,"channel":"web",` +
		`"customer-group":null,"customer-id":null,"previous-orders":2,"tax-exempt":false,"reverse-charge":false,` +
		`"lines":[{"sku":"TEE","quantity":"2","unit-price":null,"taxes":null,"attributes":[]},{"sku":"BOOK","quantity":"1","unit-price":null,"taxes":null,"attributes":[]},` +
		`{"sku":"PEN","quantity":"12","unit-price":null,"taxes":null,"attributes":[]},{"sku":"CAPSULE","quantity":"25","unit-price":null,"taxes":null,"attributes":[]}],` +
		`"coupons":[],"shipping-method":"standard","shipping-taxes":null,"cash-rounding":false,"tenders":[],"usage":[],"explain":true,"hints":false,"exchange-rates":[],"attributes":[]}`
	if got := string(c.AppendJSON(nil)); got != canonical {
		t.Errorf("AppendJSON:\n%s\nwant\n%s", got, canonical)
	}
	got, err := CanonicalCart(ctx, loadExample(t, "cart.json"))
	if err != nil || string(got) != canonical {
		t.Errorf("CanonicalCart = %s, %v", got, err)
	}
	// json tags round-trip exactly: Marshal then Unmarshal gives the same cart, nil lists written as [].
	var back Cart
	m, err := json.Marshal(Cart{Currency: "EUR", At: "x"})
	if err != nil || json.Unmarshal(m, &back) != nil || !strings.Contains(string(m), `"lines":[]`) {
		t.Fatalf("marshal %s: %v", m, err)
	}
	if back.Currency != "EUR" || back.Lines == nil || len(back.Lines) != 0 {
		t.Errorf("round trip: %+v", back)
	}
}

func TestCanonicalStringsAreEscapedAsJSONStringify(t *testing.T) {
	// ECMA-262 QuoteJSONString: " \ and C0 controls escaped (\b \f \n \r \t short, others \u00XX lower-case);
	// <, >, &, DEL, U+2028 and non-ASCII as they are (encoding/json would escape <, >, & and U+2028).
	p := Param{Name: "a\"b\\c\b\f\n\r\t\x00\x1f", Value: "<>&\x7f\u2028é"}
	want := `{"name":"a\"b\\c\b\f\n\r\t\u0000\u001f","value":"<>&` + "\x7f\u2028é" + `"}`
	if got := string(p.AppendJSON(nil)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
