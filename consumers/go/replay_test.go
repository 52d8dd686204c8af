package kassa

// Replay through the Go host: carts under examples/rulebook.json (old) and examples/rulebook-2027.json (new).
// Expected values are worked out by hand (core/tests/replay.rs shows the same carts in detail): TEE
// 19.90 -> 21.90, MUG back in the range; gross prices, tax per line, DE on 2026-10-15, standard shipping 4.90 up
// to 1 kg.

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
)

func exampleReplay(t *testing.T) *Replay {
	t.Helper()
	p, err := testRT.LoadReplay(context.Background(), loadExample(t, "rulebook.json"), loadExample(t, "rulebook-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close(context.Background()) })
	return p
}

func replayCart(sku, qty string) Cart {
	return Cart{Currency: "EUR", At: "2026-10-15T12:00:00Z", Country: Ptr("DE"),
		Lines: []CartLine{{SKU: sku, Quantity: qty}}, ShippingMethod: Ptr("standard")}
}

func TestReplayPriceChange(t *testing.T) {
	p := exampleReplay(t)
	// 2 x 19.90 + 4.90 = 44.70 -> 2 x 21.90 + 4.90 = 48.70; tax 6.35 + 0.78 = 7.13 -> 6.99 + 0.78 = 7.77.
	rec, err := p.Replay(context.Background(), 1, replayCart("TEE", "2"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	// The canonical JSON, byte for byte what `kassa replay` (the Rust CLI) writes for this cart.
	want := `{"line":1,"status":"changed","currency":"EUR","grand-total-old":"44.70","grand-total-new":"48.70",` +
		`"grand-total-delta":"4.00","taxes":[{"tax":"de-vat-standard","old":"7.13","new":"7.77","delta":"0.64"}],` +
		`"promotions":[],"error-old":null,"error-new":null}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestReplayNewlyQuotingAndConcurrent(t *testing.T) {
	p := exampleReplay(t)
	// MUG: inactive under the old rulebook; 9.00 + 4.90 = 13.90 under the new one.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := uint64(1); i <= 10; i++ {
				rec, err := p.Replay(context.Background(), i, replayCart("MUG", "1"))
				switch {
				case err != nil:
					errs <- err
				case rec.Status != ReplayStatusNewlyQuoting || rec.Line != i || rec.GrandTotalNew == nil ||
					*rec.GrandTotalNew != "13.90" || rec.ErrorOld == nil || rec.ErrorOld.Code != "cart-invalid" ||
					rec.ErrorOld.Problems[0].Code != "item-inactive":
					errs <- errors.New("unexpected record")
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestReplayBadRulebookAndClose(t *testing.T) {
	_, err := testRT.LoadReplay(context.Background(), loadExample(t, "rulebook.json"), []byte(`{"kassa":"1"}`))
	wantKassaError(t, err, "rulebook-invalid", "")
	p := exampleReplay(t)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Replay(context.Background(), 1, replayCart("TEE", "1")); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}
