package kassa_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// Money helpers need no rulebook; they run on the default Runtime, created on first use.
func Example() {
	ctx := context.Background()

	parts, err := kassa.Allocate(ctx, "100.00", "EUR", []string{"1", "2", "3"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(parts)

	rounded, err := kassa.Round(ctx, "2.675", 2, kassa.RoundHalfEven)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rounded)

	_, err = kassa.CanonicalDecimal(ctx, "1e3")
	var kerr *kassa.Error
	if errors.As(err, &kerr) {
		fmt.Println(kerr.Code, kerr.Path)
	}
	// Output:
	// [16.67 33.33 50.00]
	// 2.68
	// invalid-decimal /value
}

// Load a rulebook once and share the *Engine: it is safe for concurrent use.
func ExampleLoad() {
	ctx := context.Background()
	rulebook := []byte(`{"kassa": "1", "id": "shop", "version": "2026-11",
		"settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-total"},
		"tax": {"categories": []}}`)

	eng, err := kassa.Load(ctx, rulebook)
	if err != nil {
		log.Fatal(err) // a *kassa.Error listing every problem of the rulebook
	}
	defer eng.Close(ctx)

	info := eng.Info()
	fmt.Println(info.RulebookID, info.RulebookVersion)
	// Output: shop 2026-11
}

// Field validators return a verdict; the error is only for calls that could not run.
func ExampleValidateIBAN() {
	res, err := kassa.ValidateIBAN(context.Background(), "DE89 3704 0044 0532 0130 00")
	if err != nil {
		log.Fatal(err)
	}
	if res.Valid {
		fmt.Println(*res.Normalized)
	}
	// Output: DE89370400440532013000
}
