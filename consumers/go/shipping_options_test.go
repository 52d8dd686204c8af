package kassa

// ShippingOptions through the Go host, on examples/rulebook.json: a DE cart with one BOOK (24.00 gross, 0.5 kg)
// on 2026-12-10, worked out by hand (core/tests/shipping_options.rs shows the same cart):
//   standard: weight band up to 1 kg = 4.90; shipping follows the goods (tax-policy proportional), all
//             reduced: tax 4.90 x 7/107 = 0.3206 -> 0.32, net 4.58
//   express:  subtotal band up to 100.00 = 14.90; tax 14.90 x 7/107 = 0.9748 -> 0.97, net 13.93
//   post-ch:  serves CH only -> shipping-method-unavailable at /shipping-method

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

func TestShippingOptionsOfTheExampleStore(t *testing.T) {
	ctx := context.Background()
	eng, err := testRT.Load(ctx, loadExample(t, "rulebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	cart := Cart{Currency: "EUR", At: "2026-12-10T10:00:00Z", Country: Ptr("DE"),
		Lines: []CartLine{{SKU: "BOOK", Quantity: "1"}}, ShippingMethod: Ptr("post-ch")}
	options, err := eng.ShippingOptions(ctx, cart)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range options {
		switch {
		case o.Shipping != nil && o.Unavailable == nil:
			s := o.Shipping
			got = append(got, fmt.Sprintf("%s %s net %s tax %s gross %s", o.Method, s.Price, s.Net, s.TaxTotal, s.Gross))
		case o.Shipping == nil && o.Unavailable != nil:
			got = append(got, fmt.Sprintf("%s unavailable %s at %s", o.Method, o.Unavailable.Code, o.Unavailable.Path))
		default:
			t.Fatalf("option %+v is neither priced nor unavailable", o)
		}
	}
	want := []string{
		"standard 4.90 net 4.58 tax 0.32 gross 4.90",
		"express 14.90 net 13.93 tax 0.97 gross 14.90",
		"post-ch unavailable shipping-method-unavailable at /shipping-method",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("options\n got %q\nwant %q", got, want)
	}

	// The JSON form answers the same options as canonical JSON: the typed answer written canonically.
	text, err := eng.ShippingOptionsJSON(ctx, cart.AppendJSON(nil))
	if err != nil {
		t.Fatal(err)
	}
	var back []ShippingOption
	if err := json.Unmarshal(text, &back); err != nil || !reflect.DeepEqual(back, options) {
		t.Errorf("ShippingOptionsJSON = %s (%v), want the typed options", text, err)
	}

	// A cart that does not quote fails the call as its quote would.
	cart.Lines[0].SKU = "NOPE"
	_, err = eng.ShippingOptions(ctx, cart)
	wantKassaError(t, err, "cart-invalid", "")
}

// Hints on request, worked out by hand: one BOOK (24.00 gross), standard shipping free from 100.00, coupon
// SPEND (spend-more from 50.00): 100.00 - 24.00 = 76.00 and 50.00 - 24.00 = 26.00 (docs/rulebook.md, "Hints").
func TestHintsOnRequest(t *testing.T) {
	ctx := context.Background()
	eng, err := testRT.Load(ctx, loadExample(t, "rulebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	cart := Cart{Currency: "EUR", At: "2026-12-10T10:00:00Z", Country: Ptr("DE"), Coupons: []string{"SPEND"},
		Lines: []CartLine{{SKU: "BOOK", Quantity: "1"}}, ShippingMethod: Ptr("standard")}
	q, err := eng.Quote(ctx, cart)
	if err != nil || len(q.Hints) != 0 {
		t.Fatalf("without Hints: %v, %v", q, err)
	}
	cart.Hints = true
	if q, err = eng.Quote(ctx, cart); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range q.Hints {
		for _, p := range h.Params {
			if p.Name == "missing" {
				got = append(got, h.Code+" "+h.Path+" "+p.Value)
			}
		}
	}
	want := []string{"free-shipping-reachable /shipping-method 76.00", "next-tier-reachable /coupons/0 26.00"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hints\n got %q\nwant %q", got, want)
	}
}
