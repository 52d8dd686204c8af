package kassa

// The shared example store (examples/rulebook.json) priced and validated through the Go host. Expected
// values are worked out by hand from the rulebook (see the comments), not taken from the engine.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// loadExample reads examples/<name> from KASSA_EXAMPLES (set by make test-go); it skips when unset.
func loadExample(t testing.TB, name string) []byte {
	t.Helper()
	dir := os.Getenv("KASSA_EXAMPLES")
	if dir == "" {
		t.Skip("KASSA_EXAMPLES is not set: run `make test-go`, which points it at examples/")
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func exampleEngine(t testing.TB) *Engine {
	t.Helper()
	return exampleEngineOf(t, "rulebook.json")
}

// exampleEngineOf loads the rulebook examples/<file>, closed when the test ends.
func exampleEngineOf(t testing.TB, file string) *Engine {
	t.Helper()
	eng, err := testRT.Load(context.Background(), loadExample(t, file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = eng.Close(context.Background()) })
	return eng
}

func TestExampleQuote(t *testing.T) {
	eng := exampleEngine(t)
	var cart Cart
	if err := json.Unmarshal(loadExample(t, "cart.json"), &cart); err != nil {
		t.Fatal(err)
	}
	q, err := eng.Quote(context.Background(), cart)
	if err != nil {
		t.Fatal(err)
	}
	// Gross prices (prices-include-tax), half-away-from-zero, tax per line, DE on 2026-11-28T10:00Z:
	//   TEE     2 × 15.00 (black-friday sale, 27.11.–1.12. 00:00 CET) = 30.00; net 30/1.19 = 25.2101 → 25.21, tax 4.79
	//   BOOK    1 × 24.00 = 24.00 at 7 %: net 24/1.07 = 22.4299 → 22.43, tax 1.57
	//   PEN    12 in the volume tier 10–49 at 0.95 = 11.40: net 11.40/1.19 = 9.5798 → 9.58, tax 1.82
	//   CAPSULE 25 = ⌈25/10⌉ = 3 packs × 3.50 = 10.50 (0.42 a capsule): net 10.50/1.19 = 8.8235 → 8.82, tax 1.68
	//   subtotal 75.90 < 100.00 (no free shipping); weight 0.4+0.5+0.12+0.15 = 1.17 kg → band ≤ 5 kg: 6.90,
	//   shipping follows the goods (tax-policy proportional): nets standard 25.21+9.58+8.82 = 43.61, reduced 22.43;
	//   6.90 split 43.61 : 22.43 = 4.5565 / 2.3435 → 4.56 + 2.34 (the cent to the larger remainder);
	//   4.56×19/119 = 0.7281 → 0.73 (net 3.83), 2.34×7/107 = 0.1531 → 0.15 (net 2.19): shipping net 6.02, tax 0.88
	//   net 66.04 + 6.02 = 72.06; tax 4.79+1.57+1.82+1.68+0.88 = 10.74; grand 82.80 (= 75.90 + 6.90)
	//   by rule: standard 19 % base 25.21+9.58+8.82+3.83 = 47.44, tax 9.02; reduced 7 % base 22.43+2.19 = 24.62, tax 1.72
	type line struct{ sku, unit, subtotal, net, tax, gross, list string }
	want := []line{
		{"TEE", "15.00", "30.00", "25.21", "4.79", "30.00", "black-friday"},
		{"BOOK", "24.00", "24.00", "22.43", "1.57", "24.00", "eur-retail"},
		{"PEN", "0.95", "11.40", "9.58", "1.82", "11.40", "eur-retail"},
		{"CAPSULE", "0.42", "10.50", "8.82", "1.68", "10.50", "eur-retail"},
	}
	if len(q.Lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(q.Lines), len(want))
	}
	for i, w := range want {
		l := q.Lines[i]
		got := line{l.SKU, l.UnitPrice, l.Subtotal, l.Net, l.TaxTotal, l.Gross, l.PriceList}
		if got != w {
			t.Errorf("line %d = %+v, want %+v", i, got, w)
		}
	}
	if q.Subtotal != "75.90" || q.DiscountTotal != "0.00" || q.NetTotal != "72.06" || q.TaxTotal != "10.74" ||
		q.GrandTotal != "82.80" || q.Payable != nil || !q.PricesIncludeTax || q.Currency != "EUR" {
		t.Errorf("totals = subtotal %s discounts %s net %s tax %s grand %s payable %v",
			q.Subtotal, q.DiscountTotal, q.NetTotal, q.TaxTotal, q.GrandTotal, q.Payable)
	}
	if s := q.Shipping; s == nil || s.Method != "standard" || s.Price != "6.90" || s.Net != "6.02" || s.TaxTotal != "0.88" || s.Gross != "6.90" {
		t.Errorf("shipping = %+v", q.Shipping)
	}
	wantTaxes := []TaxAmount{
		{Tax: "de-vat-standard", Rate: "19", Base: "47.44", Amount: "9.02"},
		{Tax: "de-vat-reduced", Rate: "7", Base: "24.62", Amount: "1.72"},
	}
	if !reflect.DeepEqual(q.Taxes, wantTaxes) {
		t.Errorf("taxes = %+v", q.Taxes)
	}
	if len(q.Trace) == 0 || q.Trace[0].Path != "/lines/0" {
		t.Errorf("trace should start with the pricing of /lines/0: %+v", q.Trace)
	}
}

func TestExampleOrder(t *testing.T) {
	eng := exampleEngine(t)
	var order Order
	if err := json.Unmarshal(loadExample(t, "order.json"), &order); err != nil {
		t.Fatal(err)
	}
	rep, err := eng.Validate(context.Background(), order)
	if err != nil {
		t.Fatal(err)
	}
	// Every finding follows from the rulebook: TEE max 10, MUG inactive, COFFEE steps of 0.25, BOOK is not
	// open-price, "anna.example.com" has no @, physical goods need a shipping address.
	want := map[string]string{
		"/cart/lines/0/quantity":   "quantity-above-max",
		"/cart/lines/1/sku":        "item-inactive",
		"/cart/lines/2/quantity":   "quantity-step",
		"/cart/lines/3/unit-price": "unit-price-not-allowed",
		"/email":                   "invalid-email",
		"/shipping-address":        "shipping-address-required",
	}
	if rep.Valid || len(rep.Problems) != len(want) {
		t.Fatalf("valid %v with %d problems, want 6: %+v", rep.Valid, len(rep.Problems), rep.Problems)
	}
	for _, p := range rep.Problems {
		if want[p.Path] != p.Code || p.Severity != SeverityError {
			t.Errorf("unexpected finding %s at %s (%s)", p.Code, p.Path, p.Severity)
		}
	}
}

// The B2B wholesaler (examples/wholesale/): cart.json with its cart attributes and a line option, through the
// typed API. By hand (net list-price, DE 19 % / 7 %, per line): the tees' group counts 3 + 6 + 1 = 10 units → 8.00;
// TEE-M carries logo-print front (+2.00 a unit): 10.00, 6 × 8.00 + 6 × 2.00 = 60.00, tax 11.40; the cart's
// program fair-2026 selects list fair-2026 for WINE-6: 52.00; goods 219.00 + freight 25.00, tax 37.36 → 281.36.
func TestWholesaleOptionsAndAttributes(t *testing.T) {
	eng := exampleEngineOf(t, "wholesale/rulebook.json")
	var cart Cart
	if err := json.Unmarshal(loadExample(t, "wholesale/cart.json"), &cart); err != nil {
		t.Fatal(err)
	}
	q, err := eng.Quote(context.Background(), cart)
	if err != nil {
		t.Fatal(err)
	}
	tee := q.Lines[1]
	want := []LineSurcharge{{Attribute: "logo-print", Value: "front", UnitAmount: "2.00", Amount: "12.00"}}
	if tee.SKU != "TEE-M" || tee.UnitPrice != "10.00" || tee.Subtotal != "60.00" || tee.TaxTotal != "11.40" ||
		!reflect.DeepEqual(tee.Surcharges, want) || !reflect.DeepEqual(tee.Attributes, []Attribute{{Name: "logo-print", Value: "front"}}) {
		t.Errorf("TEE-M = %+v", tee)
	}
	if wine := q.Lines[4]; wine.PriceList != "fair-2026" || wine.UnitPrice != "52.00" {
		t.Errorf("WINE-6 = %+v", wine)
	}
	if q.Subtotal != "219.00" || q.TaxTotal != "37.36" || q.GrandTotal != "281.36" {
		t.Errorf("totals %s %s %s", q.Subtotal, q.TaxTotal, q.GrandTotal)
	}
}
