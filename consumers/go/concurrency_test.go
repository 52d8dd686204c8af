package kassa

// An Engine and a Runtime are safe for concurrent use: 64 goroutines get exactly the answers of a serial
// run (run with -race).

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// twoItemRulebook sells A (10.00 net, 19 %) and B (3.33 net, 7 %) in Germany.
const twoItemRulebook = `{"kassa": "1", "id": "two-items", "version": "1",
	"settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
	"catalog": {"items": [{"sku": "A", "tax-category": "standard"}, {"sku": "B", "tax-category": "reduced"}]},
	"price-lists": [{"id": "base", "currency": "EUR", "prices-include-tax": false,
		"prices": [{"sku": "A", "unit-price": "10.00"}, {"sku": "B", "unit-price": "3.33"}]}],
	"tax": {"categories": [{"id": "standard"}, {"id": "reduced"}],
		"rules": [{"id": "de-std", "country": "DE", "category": "standard", "rate": "19"},
			{"id": "de-red", "country": "DE", "category": "reduced", "rate": "7"}]}}`

func TestConcurrentCallsMatchSerial(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithMaxIdleInstances(4)) // fewer idle slots than goroutines: instances come and go
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	eng, err := r.Load(ctx, []byte(twoItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)

	// One job per goroutine, each a mix of engine and stateless calls with distinct inputs.
	type answer struct {
		Round, Money, Minor string
		Parts               []string
		Info                EngineInfo
		Report              *ValidationReport
		Quote               *Quote
		Field               FieldResult
	}
	job := func(i int) (answer, error) {
		var a answer
		var err error
		value := fmt.Sprintf("%d.%03d", i, i*7%1000)
		if a.Round, err = r.Round(ctx, value, 1, RoundHalfEven); err != nil {
			return a, err
		}
		if a.Money, err = r.RoundMoney(ctx, value, "EUR", RoundHalfUp); err != nil {
			return a, err
		}
		if a.Minor, err = r.ToMinorUnits(ctx, a.Money, "EUR"); err != nil {
			return a, err
		}
		if a.Parts, err = r.AllocateEvenly(ctx, a.Money, "EUR", uint32(i%7+1)); err != nil {
			return a, err
		}
		a.Info = eng.Info()
		if a.Report, err = eng.Validate(ctx, Order{Cart: Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z"}, Email: Ptr(fmt.Sprintf("u%d@example.com", i))}); err != nil {
			return a, err
		}
		cart := Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z", Country: Ptr("DE"),
			Lines: []CartLine{{SKU: "A", Quantity: fmt.Sprint(i%5 + 1)}, {SKU: "B", Quantity: fmt.Sprint(i%3 + 1)}}}
		if a.Quote, err = eng.Quote(ctx, cart); err != nil {
			return a, err
		}
		if a.Field, err = r.ValidateField(ctx, FieldIBAN, fmt.Sprintf("DE%02d370400440532013000", i%100), ""); err != nil {
			return a, err
		}
		return a, nil
	}

	const n = 64
	serial := make([]answer, n)
	for i := range serial {
		var err error
		if serial[i], err = job(i); err != nil {
			t.Fatalf("serial job %d: %v", i, err)
		}
	}
	concurrent := make([]answer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			concurrent[i], errs[i] = job(i)
		}()
	}
	close(start)
	wg.Wait()
	for i := range concurrent {
		if errs[i] != nil {
			t.Errorf("goroutine %d: %v", i, errs[i])
		} else if !reflect.DeepEqual(concurrent[i], serial[i]) {
			t.Errorf("goroutine %d:\n got %+v\nwant %+v", i, concurrent[i], serial[i])
		}
	}
	// Spot-check the serial answers against hand computation, so equality is not equality of garbage:
	// job 3 rounds "3.021" → "3.0" (1 place) and "3.02" EUR → 302 minor units, split in 4 → 0.76,0.76,0.75,0.75;
	// its cart is A×4 = 40.00 + 19 % 7.60 and B×1 = 3.33 + 7 % 0.2331 → 0.23: grand total 51.16.
	if a := serial[3]; a.Round != "3.0" || a.Money != "3.02" || a.Minor != "302" || !reflect.DeepEqual(a.Parts, []string{"0.76", "0.76", "0.75", "0.75"}) ||
		a.Quote.GrandTotal != "51.16" || a.Quote.TaxTotal != "7.83" {
		t.Errorf("serial[3] = %+v, quote %+v", a, a.Quote)
	}
}
