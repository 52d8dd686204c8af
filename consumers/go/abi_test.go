package kassa

// The generated layouts (abi.go, from wit-parser's arithmetic), checked against sizes and offsets computed by
// hand from the Canonical ABI rules (string/list = 8 bytes align 4, option<T> = u8 discriminant + payload at
// T's alignment, bool/enum = 1), and the generated lowering checked byte by byte.

import (
	"encoding/binary"
	"testing"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

func TestRecordSizes(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  cabi.Layout
		size uint32
	}{
		{"param", lParam, 16},
		{"problem", lProblem, 36},   // 3 strings, list, enum u8 at 32 → 33 → 36
		{"error", lError, 48},       // 3 strings, 2 lists, text string: 6 × 8
		{"currency", lCurrency, 40}, // 8+8+4+8 = 28, option<string> 12 → 40
		{"cart-line", lCartLine, 28},
		{"usage-count", lUsageCount, 16},
		{"cart", lCart, 132}, // offsets worked out in TestCartLowering; explain (bool) at 128 → 129 → 132
		{"address", lAddress, 64},
		{"order", lOrder, 304}, // cart 132, 3×12 → 168, option<address> 68 at 168 and 236
		{"quote", lQuote, 176},
		{"shipping-quote", lShippingQuote, 56},
		{"promotion-outcome", lPromotionOutcome, 72}, // id 0, coupon 8..20, status 20, amount 24, option<problem> 32..72
		{"engine-info", lEngineInfo, 48},
		{"field-result", lFieldResult, 32},
		{"quote args", lArgsQuoteCart, 136}, // (borrow<engine> u32, cart at 4)
		{"validate args", lArgsValidateOrder, 308},
	} {
		if tc.got.Size != tc.size || tc.got.Align != 4 {
			t.Errorf("%s: layout %+v, want size %d align 4", tc.name, tc.got, tc.size)
		}
	}
}

// fakeMemory is a guest memory with a bump allocator, for lowering without wasm.
type fakeMemory struct{ buf []byte }

func (m *fakeMemory) Write(off uint32, v []byte) bool       { return copy(m.buf[off:], v) == len(v) }
func (m *fakeMemory) WriteString(off uint32, v string) bool { return copy(m.buf[off:], v) == len(v) }
func (m *fakeMemory) alloc(align, size uint32) (uint32, error) {
	p := cabi.AlignTo(uint32(len(m.buf)), align)
	m.buf = append(m.buf, make([]byte, p+size-uint32(len(m.buf)))...)
	return p, nil
}

func TestCartLowering(t *testing.T) {
	m := &fakeMemory{buf: make([]byte, 8)} // address 0 stays unused
	w := &cabi.Writer{Mem: m, Realloc: m.alloc}
	cart := Cart{
		Currency: "EUR", At: "T", Country: Ptr("DE"), PreviousOrders: Ptr(uint32(7)), TaxExempt: false,
		ReverseCharge: true, Lines: []CartLine{{SKU: "a", Quantity: "2", UnitPrice: Ptr("9.99")}},
		Coupons: []string{"X", "YZ"}, ShippingMethod: nil, CashRounding: true,
		Usage: []UsageCount{{Key: "k", ByCustomer: 1, Total: 2}},
	}
	img := make([]byte, lCart.Size)
	lowerCart(w, img, &cart)
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	u32 := func(b []byte, at uint32) uint32 { return binary.LittleEndian.Uint32(b[at:]) }
	str := func(b []byte, at uint32) string { p, n := u32(b, at), u32(b, at+4); return string(m.buf[p : p+n]) }
	// Offsets by hand: currency 0, at 8, country 16 (disc) + 20 (payload), region 28, channel 40,
	// customer-group 52, customer-id 64, previous-orders 76 (disc) + 80, tax-exempt 84, reverse-charge 85,
	// lines 88, coupons 96, shipping-method 104, cash-rounding 116, usage 120; size 128.
	if str(img, 0) != "EUR" || str(img, 8) != "T" || img[16] != 1 || str(img, 20) != "DE" {
		t.Errorf("currency/at/country wrong: % x", img[:32])
	}
	for _, at := range []uint32{28, 40, 52, 64, 104} {
		if img[at] != 0 {
			t.Errorf("option at %d should be none", at)
		}
	}
	if img[76] != 1 || u32(img, 80) != 7 || img[84] != 0 || img[85] != 1 || img[116] != 1 {
		t.Errorf("previous-orders/flags wrong: % x", img[76:88])
	}
	if n := u32(img, 92); n != 1 {
		t.Fatalf("lines len %d", n)
	}
	line := m.buf[u32(img, 88):]
	if str(line, 0) != "a" || str(line, 8) != "2" || line[16] != 1 || str(line, 20) != "9.99" {
		t.Errorf("cart-line wrong: % x", line[:28])
	}
	coupons := m.buf[u32(img, 96):]
	if u32(img, 100) != 2 || str(coupons, 0) != "X" || str(coupons, 8) != "YZ" {
		t.Errorf("coupons wrong")
	}
	usage := m.buf[u32(img, 120):]
	if u32(img, 124) != 1 || str(usage, 0) != "k" || u32(usage, 8) != 1 || u32(usage, 12) != 2 {
		t.Errorf("usage wrong: % x", usage[:16])
	}
}

func TestOrderLowering(t *testing.T) {
	m := &fakeMemory{buf: make([]byte, 8)}
	w := &cabi.Writer{Mem: m, Realloc: m.alloc}
	order := Order{Cart: Cart{Currency: "EUR"}, VATID: Ptr("DE1"), BillingAddress: &Address{Country: "AT", City: Ptr("Wien")}}
	img := make([]byte, lOrder.Size)
	lowerOrder(w, img, &order)
	u32 := func(b []byte, at uint32) uint32 { return binary.LittleEndian.Uint32(b[at:]) }
	str := func(b []byte, at uint32) string { p, n := u32(b, at), u32(b, at+4); return string(m.buf[p : p+n]) }
	// cart 0..132, email 132, phone 144, vat-id 156 (+4 payload), shipping-address 168 (payload 172),
	// billing-address 236 (payload 240; inside: city option at 20 → payload 24, country at 56).
	if str(img, 0) != "EUR" || img[132] != 0 || img[144] != 0 || img[156] != 1 || str(img, 160) != "DE1" {
		t.Errorf("order head wrong")
	}
	if img[168] != 0 || img[236] != 1 || img[240+20] != 1 || str(img, 240+24) != "Wien" || str(img, 240+56) != "AT" {
		t.Errorf("billing address wrong: % x", img[236:304])
	}
}
