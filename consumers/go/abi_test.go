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
		{"problem", lProblem, 36},          // 3 strings, list, enum u8 at 32 → 33 → 36
		{"error", lError, 48},              // 3 strings, 2 lists, text string: 6 × 8
		{"currency", lCurrency, 40},        // 8+8+4+8 = 28, option<string> 12 → 40
		{"external-tax", lExternalTax, 32}, // id 0, rate 8 (+12), amount 20 (+24) → 32
		{"cart-line", lCartLine, 48},       // sku 0, quantity 8, unit-price 16, taxes option<list> 28 (+32), attributes 40 → 48
		{"attribute", lAttribute, 16},      // name 0, value 8
		{"usage-count", lUsageCount, 16},
		{"exchange-rate", lExchangeRate, 24}, // 3 strings
		{"cart", lCart, 180},                 // offsets worked out in TestCartLowering; explain, hints (bools) at 160, 161, exchange-rates 164, attributes 172 → 180
		{"address", lAddress, 64},
		{"order", lOrder, 352}, // cart 180, 3×12 → 216, option<address> 68 at 216 and 284
		{"quote", lQuote, 208}, // 184 without rulebook-hash (string), tenders (list), tender-total (string): +3×8
		{"hint", lHint, 32},    // code, path, message, params: 4 × 8
		{"shipping-quote", lShippingQuote, 56},
		{"promotion-outcome", lPromotionOutcome, 72}, // id 0, coupon 8..20, status 20, amount 24, option<problem> 32..72
		{"engine-info", lEngineInfo, 48},
		{"field-result", lFieldResult, 32},
		{"quote args", lArgsQuoteCart, 184}, // (borrow<engine> u32, cart at 4)
		{"shipping-options args", lArgsShippingOptions, 184},
		{"shipping-option", lShippingOption, 108},  // method 8, option<shipping-quote> 4+56 → 68, option<problem> 4+36 → 108
		{"validate args", lArgsValidateOrder, 356}, // 4 + order 352
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
		Currency: "EUR", At: "T", Country: Ptr("DE"), PostalCode: Ptr("25980"), PreviousOrders: Ptr(uint32(7)), TaxExempt: false,
		ReverseCharge: true,
		Lines: []CartLine{{SKU: "a", Quantity: "2", UnitPrice: Ptr("9.99"), Taxes: &[]ExternalTax{{ID: "s", Rate: Ptr("4.225")}},
			Attributes: []Attribute{{Name: "gift-wrap", Value: "paper"}}}},
		Attributes: []Attribute{{Name: "po", Value: "4711"}, {Name: "segment", Value: "trade"}},
		Coupons:    []string{"X", "YZ"}, ShippingMethod: nil, CashRounding: true,
		Usage: []UsageCount{{Key: "k", ByCustomer: 1, Total: 2}}, Hints: true,
		Tenders:       []Tender{{Kind: TenderKindPoints, Reference: "p", Amount: "1.00"}},
		ExchangeRates: []ExchangeRate{{FromCurrency: "EUR", ToCurrency: "CHF", Rate: "0.9363"}},
	}
	img := make([]byte, lCart.Size)
	lowerCart(w, img, &cart)
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	u32 := func(b []byte, at uint32) uint32 { return binary.LittleEndian.Uint32(b[at:]) }
	str := func(b []byte, at uint32) string { p, n := u32(b, at), u32(b, at+4); return string(m.buf[p : p+n]) }
	// Offsets by hand: currency 0, at 8, country 16 (disc) + 20 (payload), region 28, postal-code 40 (disc) + 44,
	// channel 52, customer-group 64, customer-id 76, previous-orders 88 (disc) + 92, tax-exempt 96,
	// reverse-charge 97, lines 100, coupons 108, shipping-method 116, shipping-taxes 128 (disc) + 132,
	// cash-rounding 140, tenders 144, usage 152, explain 160, hints 161, exchange-rates 164, attributes 172;
	// size 180.
	if str(img, 0) != "EUR" || str(img, 8) != "T" || img[16] != 1 || str(img, 20) != "DE" {
		t.Errorf("currency/at/country wrong: % x", img[:32])
	}
	if img[40] != 1 || str(img, 44) != "25980" {
		t.Errorf("postal-code wrong: % x", img[40:52])
	}
	for _, at := range []uint32{28, 52, 64, 76, 116, 128} {
		if img[at] != 0 {
			t.Errorf("option at %d should be none", at)
		}
	}
	if img[88] != 1 || u32(img, 92) != 7 || img[96] != 0 || img[97] != 1 || img[140] != 1 {
		t.Errorf("previous-orders/flags wrong: % x", img[88:100])
	}
	if img[160] != 0 || img[161] != 1 {
		t.Errorf("explain/hints wrong: % x", img[160:164])
	}
	if n := u32(img, 104); n != 1 {
		t.Fatalf("lines len %d", n)
	}
	line := m.buf[u32(img, 100):]
	if str(line, 0) != "a" || str(line, 8) != "2" || line[16] != 1 || str(line, 20) != "9.99" {
		t.Errorf("cart-line wrong: % x", line[:40])
	}
	// The line's external taxes: some (28), a list of one at 32: id "s", rate some "4.225", amount none.
	taxes := m.buf[u32(line, 32):]
	if line[28] != 1 || u32(line, 36) != 1 || str(taxes, 0) != "s" || taxes[8] != 1 || str(taxes, 12) != "4.225" || taxes[20] != 0 {
		t.Errorf("external taxes wrong: % x", taxes[:32])
	}
	coupons := m.buf[u32(img, 108):]
	if u32(img, 112) != 2 || str(coupons, 0) != "X" || str(coupons, 8) != "YZ" {
		t.Errorf("coupons wrong")
	}
	// A tender: kind (enum u8) 0, reference 4, amount 12; size 20. points is case 2 of tender-kind.
	tenders := m.buf[u32(img, 144):]
	if u32(img, 148) != 1 || tenders[0] != 2 || str(tenders, 4) != "p" || str(tenders, 12) != "1.00" {
		t.Errorf("tenders wrong: % x", tenders[:20])
	}
	usage := m.buf[u32(img, 152):]
	if u32(img, 156) != 1 || str(usage, 0) != "k" || u32(usage, 8) != 1 || u32(usage, 12) != 2 {
		t.Errorf("usage wrong: % x", usage[:16])
	}
	// An exchange rate: from-currency 0, to-currency 8, rate 16; size 24.
	rates := m.buf[u32(img, 164):]
	if u32(img, 168) != 1 || str(rates, 0) != "EUR" || str(rates, 8) != "CHF" || str(rates, 16) != "0.9363" {
		t.Errorf("exchange rates wrong: % x", rates[:24])
	}
	// Attributes: name 0, value 8; size 16. The cart's two at 172, the line's one at 40.
	attrs := m.buf[u32(img, 172):]
	if u32(img, 176) != 2 || str(attrs, 0) != "po" || str(attrs, 8) != "4711" || str(attrs, 16) != "segment" || str(attrs, 24) != "trade" {
		t.Errorf("cart attributes wrong: % x", attrs[:32])
	}
	options := m.buf[u32(line, 40):]
	if u32(line, 44) != 1 || str(options, 0) != "gift-wrap" || str(options, 8) != "paper" {
		t.Errorf("line options wrong: % x", options[:16])
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
	// cart 0..180, email 180, phone 192, vat-id 204 (+4 payload), shipping-address 216 (payload 220),
	// billing-address 284 (payload 288; inside: city option at 20 → payload 24, country at 56).
	if str(img, 0) != "EUR" || img[180] != 0 || img[192] != 0 || img[204] != 1 || str(img, 208) != "DE1" {
		t.Errorf("order head wrong")
	}
	if img[216] != 0 || img[284] != 1 || img[288+20] != 1 || str(img, 288+24) != "Wien" || str(img, 288+56) != "AT" {
		t.Errorf("billing address wrong: % x", img[284:352])
	}
}
