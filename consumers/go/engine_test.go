package kassa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero/api"
)

func TestLoadAndInfo(t *testing.T) {
	ctx := context.Background()
	eng, err := testRT.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	info := eng.Info()
	sum := sha256.Sum256([]byte(tinyRulebook)) // the independent oracle for rulebook-hash
	if info.RulebookID != "tiny" || info.RulebookVersion != "1" || info.RulebookHash != hex.EncodeToString(sum[:]) {
		t.Errorf("info = %+v", info)
	}
	if info.ContractVersion != ContractVersion {
		t.Errorf("the engine implements contract %q, this glue binds %q", info.ContractVersion, ContractVersion)
	}
	if len(info.Data) == 0 || info.Data[0].Name == "" {
		t.Errorf("info.Data = %v, want the reference data versions", info.Data)
	}
	// Info is read once at load; a fresh call into the instance must agree with it.
	var live EngineInfo
	if err := eng.do(ctx, func(in *instance) (err error) { live, err = in.callEngineInfo(ctx, in.rep); return err }); err != nil {
		t.Fatal(err)
	}
	if live.RulebookHash != info.RulebookHash || live.EngineVersion != info.EngineVersion {
		t.Errorf("live info %+v differs from the cached %+v", live, info)
	}
	// Info returns a copy: changing it must not change the engine's.
	info.Data[0].Name = "changed"
	if eng.Info().Data[0].Name == "changed" {
		t.Error("Info shares its Data slice with the engine")
	}
}

func TestVersionsMatchInfo(t *testing.T) {
	ctx := context.Background()
	about, err := Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if about.ContractVersion != ContractVersion || about.EngineVersion == "" || len(about.Data) == 0 {
		t.Errorf("Versions() = %+v", about)
	}
}

func TestLoadErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Load(ctx, []byte(`{`)) // the package-level Load, on the default Runtime
	wantKassaError(t, err, "invalid-json", "")

	// A JSON object without the required members: every finding is listed, the count is a param.
	_, err = Load(ctx, []byte(`{}`))
	kerr := wantKassaError(t, err, "rulebook-invalid", "")
	if len(kerr.Problems) == 0 {
		t.Fatalf("rulebook-invalid without problems: %+v", kerr)
	}
	for _, p := range kerr.Problems {
		if p.Code == "" || p.Severity != SeverityError {
			t.Errorf("problem %+v", p)
		}
	}

	// 4 MiB is the documented rulebook limit: one byte more is refused before parsing.
	big := `{"id":"` + strings.Repeat("x", 4<<20) + `"}`
	_, err = Load(ctx, []byte(big))
	wantKassaError(t, err, "limit-exceeded", "")
	if !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("errors.Is(%v, ErrLimitExceeded) = false", err)
	}
}

func TestQuoteErrorsAreKassaErrors(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	// The tiny rulebook sells EUR only and has no items: this cart cannot be priced, whatever the reason
	// the engine gives. The point is the mapping: a structured *Error, not a trap.
	cart := Cart{Currency: "USD", At: "2026-11-24T09:30:00Z", Lines: []CartLine{{SKU: "nope", Quantity: "1"}}}
	_, err = eng.Quote(ctx, cart)
	var kerr *Error
	if !errors.As(err, &kerr) || kerr.Code == "" || kerr.Message == "" || kerr.Params == nil || kerr.Problems == nil {
		t.Fatalf("want a complete *kassa.Error, got %#v", err)
	}
	if errors.Is(err, ErrTrap) || errors.Is(err, ErrLimitExceeded) {
		t.Errorf("misclassified: %v", err)
	}
}

func TestQuoteLimit(t *testing.T) {
	ctx := context.Background()
	eng, err := testRT.Load(ctx, []byte(twoItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	cart := Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z", Country: Ptr("DE")}
	for range 1001 { // the documented limit is 1,000 lines
		cart.Lines = append(cart.Lines, CartLine{SKU: "A", Quantity: "1"})
	}
	_, err = eng.Quote(ctx, cart)
	var kerr *Error
	if !errors.As(err, &kerr) || kerr.Code != "limit-exceeded" || !errors.Is(err, ErrLimitExceeded) {
		t.Fatalf("want limit-exceeded, got %v", err)
	}
	cart.Lines = cart.Lines[:1000]
	q, err := eng.Quote(ctx, cart)
	if err != nil {
		t.Fatal(err)
	}
	// 1000 × 10.00 net + 19 % per line (1.90 each) = 10000.00 + 1900.00.
	if q.NetTotal != "10000.00" || q.TaxTotal != "1900.00" || q.GrandTotal != "11900.00" {
		t.Errorf("1000 lines: net %s tax %s grand %s", q.NetTotal, q.TaxTotal, q.GrandTotal)
	}
}

func TestValidateReturnsAReport(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	order := Order{
		Cart:            Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z"},
		Email:           Ptr("not an e-mail"),
		ShippingAddress: &Address{Lines: []string{"Hauptstr. 1"}, City: Ptr("Berlin"), PostalCode: Ptr("10115"), Country: "DE"},
	}
	rep, err := eng.Validate(ctx, order)
	if err != nil {
		t.Fatal(err)
	}
	skipIfUnimplemented(t, nil, rep.Problems...)
	if rep.Valid {
		t.Errorf("an order with the e-mail %q is valid: %+v", *order.Email, rep)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || p.Path == "/email"
	}
	if !found {
		t.Errorf("no problem at /email: %+v", rep.Problems)
	}
}

func TestClosedEngine(t *testing.T) {
	ctx := context.Background()
	eng, err := testRT.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Quote(ctx, Cart{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Quote after Close: %v, want ErrClosed", err)
	}
	if _, err := eng.Validate(ctx, Order{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Validate after Close: %v, want ErrClosed", err)
	}
	if eng.Info().RulebookID != "tiny" {
		t.Error("Info must still answer after Close")
	}
}

func TestClosedRuntime(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := r.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	_ = eng.Close(ctx)                             // its instance goes back to the runtime's pool
	open, err := r.Load(ctx, []byte(tinyRulebook)) // still open when the runtime closes
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Round(ctx, "1", 0, RoundHalfEven); !errors.Is(err, ErrClosed) {
		t.Errorf("Round on a closed Runtime: %v, want ErrClosed", err)
	}
	if _, err := r.Load(ctx, []byte(tinyRulebook)); !errors.Is(err, ErrClosed) {
		t.Errorf("Load on a closed Runtime: %v, want ErrClosed", err)
	}
	if _, err := open.Validate(ctx, Order{}); !errors.Is(err, ErrClosed) {
		t.Errorf("an open engine of a closed Runtime: %v, want ErrClosed", err)
	}
}

func TestCloseRecyclesInstances(t *testing.T) {
	// Closing an engine runs [dtor]engine in each of its instances and hands them to the Runtime's pool,
	// where the next engine reuses them (no new instantiation).
	ctx := context.Background()
	r, err := NewRuntime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	first, err := r.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	var mod api.Module
	_ = first.do(ctx, func(in *instance) error { mod = in.mod; return nil })
	_ = first.Close(ctx)
	if len(r.idle.idle) != 1 || r.idle.idle[0].mod != mod || r.idle.idle[0].rep != 0 {
		t.Fatalf("after Close the runtime pool holds %d instances", len(r.idle.idle))
	}
	second, err := r.Load(ctx, []byte(twoItemRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close(ctx)
	var mod2 api.Module
	_ = second.do(ctx, func(in *instance) error { mod2 = in.mod; return nil })
	if mod2 != mod || second.Info().RulebookID != "two-items" {
		t.Errorf("the second engine did not reuse the instance (or has the wrong rulebook: %s)", second.Info().RulebookID)
	}
}
