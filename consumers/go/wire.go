package kassa

// The wire format (docs/wire.md) for handlers: a request body decoded strictly into a Cart, and a cart's
// canonical JSON (for digests: equal carts, equal bytes). The engine reads the JSON, so that Go rejects
// exactly what every other host rejects, with the same codes and JSON Pointers.

import (
	"context"
	"encoding/json"
	"fmt"
)

// DecodeCart reads the cart in data (a request body, say) as Engine.QuoteJSON does: strictly, as
// json.Decoder with DisallowUnknownFields would and more. An unknown or misspelt key, a JSON number where a
// decimal string belongs (`"quantity": 2`), null for a list or bool, or text that is not UTF-8 (which
// encoding/json would replace with U+FFFD) fails with an *Error cart-invalid listing every finding at its
// JSON Pointer (unknown-field with a suggestion, wrong-type, invalid-unicode, ...); malformed JSON is
// invalid-json. It uses the default Runtime.
func DecodeCart(ctx context.Context, data []byte) (Cart, error) {
	return withDefault(ctx, func(r *Runtime) (Cart, error) { return r.DecodeCart(ctx, data) })
}

// CanonicalCart returns the canonical JSON of the cart in data, read as DecodeCart reads it: keys in WIT
// order, every key written, no insignificant whitespace. It uses the default Runtime.
func CanonicalCart(ctx context.Context, data []byte) ([]byte, error) {
	return withDefault(ctx, func(r *Runtime) ([]byte, error) { return r.CanonicalCart(ctx, data) })
}

// DecodeCart is DecodeCart on r.
func (r *Runtime) DecodeCart(ctx context.Context, data []byte) (Cart, error) {
	var c Cart
	canonical, err := r.CanonicalCart(ctx, data)
	if err != nil {
		return c, err
	}
	return c, decodeCanonical(canonical, &c)
}

// CanonicalCart is CanonicalCart on r.
func (r *Runtime) CanonicalCart(ctx context.Context, data []byte) ([]byte, error) {
	out, err := stateless(ctx, r, func(in *instance) (string, error) { return in.callCanonicalCart(ctx, data) })
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// decodeCanonical reads JSON the engine wrote into v: its keys are exactly the json tags, so encoding/json
// reads it as it is.
func decodeCanonical(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("kassa: reading the engine's canonical JSON: %w", err)
	}
	return nil
}
