package kassa

// Tenders and refunds through the Go host (docs/refunds.md), on examples/rulebook.json: TEE 19.90 gross, DE
// 19 %, tax per line. Expected values are worked out by hand in the comments.

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestTendersAndRefunds(t *testing.T) {
	ctx := context.Background()
	e := exampleEngine(t)
	cart := Cart{Currency: "EUR", At: "2026-05-01T12:00:00Z", Country: Ptr("DE"),
		Lines:   []CartLine{{SKU: "TEE", Quantity: "2"}},
		Tenders: []Tender{{Kind: TenderKindGiftCard, Reference: "GC-1", Amount: "10.00"}}}
	q, err := e.Quote(ctx, cart)
	if err != nil {
		t.Fatal(err)
	}
	// 2 x 19.90 = 39.80, tax 39.80 x 19/119 = 6.354 -> 6.35 whatever pays it; payable 39.80 - 10.00 = 29.80.
	if q.GrandTotal != "39.80" || q.TaxTotal != "6.35" || q.TenderTotal != "10.00" || q.Payable == nil || *q.Payable != "29.80" {
		t.Fatalf("quote: grand %s tax %s tenders %s payable %v", q.GrandTotal, q.TaxTotal, q.TenderTotal, q.Payable)
	}
	text, err := json.Marshal(q) // the quote's canonical JSON
	if err != nil {
		t.Fatal(err)
	}
	req := RefundRequest{Cart: cart, Quote: string(text), Lines: []ReturnLine{{Line: 0, Quantity: "1"}},
		Policy: RefundPolicyKeep}
	first, err := e.Refund(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// One of two units: gross 39.80 / 2 = 19.90, tax 6.35 / 2 = 3.175 -> up 3.18, net 16.72; the gift card
	// first (10.00), then the payment 9.90.
	if first.GrandTotal != "19.90" || first.TaxTotal != "3.18" || first.NetTotal != "16.72" ||
		first.Tenders[0].Amount != "10.00" || first.Payment != "9.90" {
		t.Fatalf("first refund: %+v", first)
	}
	req.Previous = []CreditNote{*first}
	second, err := e.Refund(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// The second unit: what is left, 19.90 and 6.35 - 3.18 = 3.17, all to the payment.
	if second.GrandTotal != "19.90" || second.TaxTotal != "3.17" || second.Tenders[0].Amount != "0.00" ||
		second.Payment != "19.90" {
		t.Fatalf("second refund: %+v", second)
	}
	req.Previous = append(req.Previous, *second)
	_, err = e.Refund(ctx, req)
	var ke *Error
	if !errors.As(err, &ke) || ke.Code != "refund-quantity-exceeded" || ke.Path != "/lines/0/quantity" {
		t.Fatalf("a third unit: %v", err)
	}
}

func TestRefundJSON(t *testing.T) {
	ctx := context.Background()
	e := exampleEngine(t)
	cart := Cart{Currency: "EUR", At: "2026-05-01T12:00:00Z", Country: Ptr("DE"),
		Lines:   []CartLine{{SKU: "TEE", Quantity: "2"}},
		Tenders: []Tender{{Kind: TenderKindGiftCard, Reference: "GC-1", Amount: "10.00"}}}
	quote, err := e.QuoteJSON(ctx, cart.AppendJSON(nil))
	if err != nil {
		t.Fatal(err)
	}
	req := RefundRequest{Cart: cart, Quote: string(quote), Lines: []ReturnLine{{Line: 0, Quantity: "1"}},
		Policy: RefundPolicyKeep}
	out, err := e.RefundJSON(ctx, req.AppendJSON(nil))
	if err != nil {
		t.Fatal(err)
	}
	// Keys in WIT order (credit-note: currency, rulebook-hash, lines, ...), no whitespace.
	head := `{"currency":"EUR","rulebook-hash":"` + e.Info().RulebookHash + `","lines":[{`
	if !strings.HasPrefix(string(out), head) {
		t.Fatalf("credit note's JSON: %s", out)
	}
	var note CreditNote
	if err := json.Unmarshal(out, &note); err != nil {
		t.Fatal(err)
	}
	// The figures of TestTendersAndRefunds' first refund: 19.90 gross, 3.18 tax, the gift card's 10.00 first.
	if note.GrandTotal != "19.90" || note.TaxTotal != "3.18" || note.Tenders[0].Amount != "10.00" || note.Payment != "9.90" {
		t.Fatalf("refund: %+v", note)
	}
	// A request that is not one: a JSON number where the quantity (a decimal string) belongs.
	bad := strings.Replace(string(req.AppendJSON(nil)), `"quantity":"1"}`, `"quantity":1}`, 1)
	_, err = e.RefundJSON(ctx, []byte(bad))
	var ke *Error
	if !errors.As(err, &ke) || ke.Code != "refund-request-invalid" || ke.Path != "" ||
		len(ke.Problems) != 1 || ke.Problems[0].Code != "wrong-type" || ke.Problems[0].Path != "/lines/0/quantity" {
		t.Fatalf("a number for the quantity: %v (%s)", err, bad)
	}
}
