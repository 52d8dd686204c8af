package kassa

// Lifting and lowering of every WIT record, hand-written in WIT field order. Each function walks its
// record with cabi.Fields, which places every field at the offset the Canonical ABI gives it, so the
// layout is defined by the order of the calls below and nowhere else. abi_test.go checks the resulting
// sizes against hand-computed ones.

import (
	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

// Enum cases in WIT declaration order: the case index is what crosses the boundary.
var (
	roundingModes = []RoundingMode{RoundHalfEven, RoundHalfAwayFromZero, RoundHalfTowardZero, RoundHalfUp,
		RoundHalfDown, RoundUp, RoundDown, RoundCeiling, RoundFloor}
	fieldKinds = []FieldKind{FieldEmail, FieldPhone, FieldPostalCode, FieldIBAN, FieldBIC, FieldVATID,
		FieldCardNumber, FieldCountryCode, FieldCurrencyCode}
	severities        = []Severity{SeverityError, SeverityWarning}
	promotionStatuses = []PromotionStatus{PromotionApplied, PromotionRejected}
)

// enumIndex is the case index of v, or false when v is not a case.
func enumIndex[T ~string](cases []T, v T) (uint32, bool) {
	for i, c := range cases {
		if c == v {
			return uint32(i), true
		}
	}
	return 0, false
}

func liftEnum[T ~string](r *cabi.Reader, p uint32, cases []T) T {
	return cases[r.Case(p, len(cases))]
}

// Layouts of the records, built from their fields in WIT order.
var (
	str     = cabi.String
	lst     = cabi.List
	optS, _ = cabi.Option(cabi.String)
	optU32  = func() cabi.Layout { l, _ := cabi.Option(cabi.U32); return l }()

	lSeverity                  = cabi.Enum(len(severities))
	lPromoStatus               = cabi.Enum(len(promotionStatuses))
	lParam                     = cabi.Record(str, str)
	lProblem                   = cabi.Record(str, str, str, lst, lSeverity)
	lError                     = cabi.Record(str, str, str, lst, lst)
	lCurrency                  = cabi.Record(str, str, cabi.U32, str, optS)
	lDataVersion               = cabi.Record(str, str, str)
	lAbout                     = cabi.Record(str, str, lst)
	lCartLine                  = cabi.Record(str, str, optS)
	lUsageCount                = cabi.Record(str, cabi.U32, cabi.U32)
	lCart                      = cabi.Record(str, str, optS, optS, optS, optS, optS, optU32, cabi.Bool, cabi.Bool, lst, lst, optS, cabi.Bool, lst)
	lAddress                   = cabi.Record(optS, lst, optS, optS, optS, str)
	lOptAddress, pOptAddress   = cabi.Option(lAddress)
	lOrder                     = cabi.Record(lCart, optS, optS, optS, lOptAddress, lOptAddress)
	lTaxAmount                 = cabi.Record(str, str, str, str)
	lLineDiscount              = cabi.Record(str, str)
	lQuoteLine                 = cabi.Record(str, str, str, str, lst, str, str, lst, str, str, str, optS)
	lShipping                  = cabi.Record(str, str, str, str, lst, str, str)
	lOptShipping, pOptShipping = cabi.Option(lShipping)
	lOptProblem, pOptProblem   = cabi.Option(lProblem)
	lPromotion                 = cabi.Record(str, optS, lPromoStatus, str, lOptProblem)
	lTraceStep                 = cabi.Record(str, str, str, lst)
	lQuote                     = cabi.Record(str, lst, str, str, lOptShipping, str, lst, str, str, optS, optS, cabi.Bool, lst, lst, lst)
	lReport                    = cabi.Record(cabi.Bool, lst)
	lEngineInfo                = cabi.Record(str, str, str, str, str, lst)
	lFieldResult               = cabi.Record(cabi.Bool, optS, lst, lst)

	// Spilled parameters of the methods: the tuple (borrow<engine>, cart) and (borrow<engine>, order).
	lQuoteArgs    = cabi.Record(cabi.U32, lCart)
	lValidateArgs = cabi.Record(cabi.U32, lOrder)
)

// ---- lifting ------------------------------------------------------------------------------------------

func liftString(r *cabi.Reader, p uint32) string { return r.String(p) }

func liftParam(r *cabi.Reader, p uint32) Param {
	f := cabi.Fields{At: p}
	return Param{Name: r.String(f.Next(str)), Value: r.String(f.Next(str))}
}

func liftProblem(r *cabi.Reader, p uint32) Problem {
	f := cabi.Fields{At: p}
	return Problem{
		Code:     r.String(f.Next(str)),
		Path:     r.String(f.Next(str)),
		Message:  r.String(f.Next(str)),
		Params:   cabi.LiftList(r, f.Next(lst), lParam, liftParam),
		Severity: liftEnum(r, f.Next(lSeverity), severities),
	}
}

func liftError(r *cabi.Reader, p uint32) *Error {
	f := cabi.Fields{At: p}
	return &Error{
		Code:     r.String(f.Next(str)),
		Path:     r.String(f.Next(str)),
		Message:  r.String(f.Next(str)),
		Params:   cabi.LiftList(r, f.Next(lst), lParam, liftParam),
		Problems: cabi.LiftList(r, f.Next(lst), lProblem, liftProblem),
	}
}

func liftCurrency(r *cabi.Reader, p uint32) Currency {
	f := cabi.Fields{At: p}
	return Currency{
		Code:          r.String(f.Next(str)),
		Numeric:       r.String(f.Next(str)),
		MinorUnits:    r.U32(f.Next(cabi.U32)),
		Name:          r.String(f.Next(str)),
		CashIncrement: r.OptString(f.Next(optS)),
	}
}

func liftDataVersion(r *cabi.Reader, p uint32) DataVersion {
	f := cabi.Fields{At: p}
	return DataVersion{Name: r.String(f.Next(str)), Source: r.String(f.Next(str)), Date: r.String(f.Next(str))}
}

func liftAbout(r *cabi.Reader, p uint32) About {
	f := cabi.Fields{At: p}
	return About{
		EngineVersion:   r.String(f.Next(str)),
		ContractVersion: r.String(f.Next(str)),
		Data:            cabi.LiftList(r, f.Next(lst), lDataVersion, liftDataVersion),
	}
}

func liftTaxAmount(r *cabi.Reader, p uint32) TaxAmount {
	f := cabi.Fields{At: p}
	return TaxAmount{Tax: r.String(f.Next(str)), Rate: r.String(f.Next(str)), Base: r.String(f.Next(str)),
		Amount: r.String(f.Next(str))}
}

func liftLineDiscount(r *cabi.Reader, p uint32) LineDiscount {
	f := cabi.Fields{At: p}
	return LineDiscount{Promotion: r.String(f.Next(str)), Amount: r.String(f.Next(str))}
}

func liftQuoteLine(r *cabi.Reader, p uint32) QuoteLine {
	f := cabi.Fields{At: p}
	return QuoteLine{
		SKU:           r.String(f.Next(str)),
		Quantity:      r.String(f.Next(str)),
		UnitPrice:     r.String(f.Next(str)),
		Subtotal:      r.String(f.Next(str)),
		Discounts:     cabi.LiftList(r, f.Next(lst), lLineDiscount, liftLineDiscount),
		DiscountTotal: r.String(f.Next(str)),
		Net:           r.String(f.Next(str)),
		Taxes:         cabi.LiftList(r, f.Next(lst), lTaxAmount, liftTaxAmount),
		TaxTotal:      r.String(f.Next(str)),
		Gross:         r.String(f.Next(str)),
		PriceList:     r.String(f.Next(str)),
		AddedBy:       r.OptString(f.Next(optS)),
	}
}

func liftShipping(r *cabi.Reader, p uint32) ShippingQuote {
	f := cabi.Fields{At: p}
	return ShippingQuote{
		Method:        r.String(f.Next(str)),
		Price:         r.String(f.Next(str)),
		DiscountTotal: r.String(f.Next(str)),
		Net:           r.String(f.Next(str)),
		Taxes:         cabi.LiftList(r, f.Next(lst), lTaxAmount, liftTaxAmount),
		TaxTotal:      r.String(f.Next(str)),
		Gross:         r.String(f.Next(str)),
	}
}

func liftPromotion(r *cabi.Reader, p uint32) PromotionOutcome {
	f := cabi.Fields{At: p}
	return PromotionOutcome{
		ID:     r.String(f.Next(str)),
		Coupon: r.OptString(f.Next(optS)),
		Status: liftEnum(r, f.Next(lPromoStatus), promotionStatuses),
		Amount: r.String(f.Next(str)),
		Reason: cabi.LiftOption(r, f.Next(lOptProblem), pOptProblem, liftProblem),
	}
}

func liftTraceStep(r *cabi.Reader, p uint32) TraceStep {
	f := cabi.Fields{At: p}
	return TraceStep{
		Kind:    r.String(f.Next(str)),
		Path:    r.String(f.Next(str)),
		Message: r.String(f.Next(str)),
		Params:  cabi.LiftList(r, f.Next(lst), lParam, liftParam),
	}
}

func liftQuote(r *cabi.Reader, p uint32) *Quote {
	f := cabi.Fields{At: p}
	return &Quote{
		Currency:               r.String(f.Next(str)),
		Lines:                  cabi.LiftList(r, f.Next(lst), lQuoteLine, liftQuoteLine),
		Subtotal:               r.String(f.Next(str)),
		DiscountTotal:          r.String(f.Next(str)),
		Shipping:               cabi.LiftOption(r, f.Next(lOptShipping), pOptShipping, liftShipping),
		NetTotal:               r.String(f.Next(str)),
		Taxes:                  cabi.LiftList(r, f.Next(lst), lTaxAmount, liftTaxAmount),
		TaxTotal:               r.String(f.Next(str)),
		GrandTotal:             r.String(f.Next(str)),
		Payable:                r.OptString(f.Next(optS)),
		CashRoundingAdjustment: r.OptString(f.Next(optS)),
		PricesIncludeTax:       r.Bool(f.Next(cabi.Bool)),
		Promotions:             cabi.LiftList(r, f.Next(lst), lPromotion, liftPromotion),
		Warnings:               cabi.LiftList(r, f.Next(lst), lProblem, liftProblem),
		Trace:                  cabi.LiftList(r, f.Next(lst), lTraceStep, liftTraceStep),
	}
}

func liftReport(r *cabi.Reader, p uint32) *ValidationReport {
	f := cabi.Fields{At: p}
	return &ValidationReport{
		Valid:    r.Bool(f.Next(cabi.Bool)),
		Problems: cabi.LiftList(r, f.Next(lst), lProblem, liftProblem),
	}
}

func liftEngineInfo(r *cabi.Reader, p uint32) EngineInfo {
	f := cabi.Fields{At: p}
	return EngineInfo{
		RulebookID:      r.String(f.Next(str)),
		RulebookVersion: r.String(f.Next(str)),
		RulebookHash:    r.String(f.Next(str)),
		EngineVersion:   r.String(f.Next(str)),
		ContractVersion: r.String(f.Next(str)),
		Data:            cabi.LiftList(r, f.Next(lst), lDataVersion, liftDataVersion),
	}
}

func liftFieldResult(r *cabi.Reader, p uint32) FieldResult {
	f := cabi.Fields{At: p}
	return FieldResult{
		Valid:      r.Bool(f.Next(cabi.Bool)),
		Normalized: r.OptString(f.Next(optS)),
		Problems:   cabi.LiftList(r, f.Next(lst), lProblem, liftProblem),
		Details:    cabi.LiftList(r, f.Next(lst), lParam, liftParam),
	}
}

// ---- lowering -----------------------------------------------------------------------------------------
// Each lower function fills img, a zeroed host-side image of one record (zero = none/false/empty).

func lowerString(w *cabi.Writer, img []byte, s *string) { w.String(img, 0, *s) }

func lowerCartLine(w *cabi.Writer, img []byte, l *CartLine) {
	f := cabi.Fields{}
	w.String(img, f.Next(str), l.SKU)
	w.String(img, f.Next(str), l.Quantity)
	w.OptString(img, f.Next(optS), l.UnitPrice)
}

func lowerUsageCount(w *cabi.Writer, img []byte, u *UsageCount) {
	f := cabi.Fields{}
	w.String(img, f.Next(str), u.Key)
	cabi.PutU32(img, f.Next(cabi.U32), u.ByCustomer)
	cabi.PutU32(img, f.Next(cabi.U32), u.Total)
}

func lowerCart(w *cabi.Writer, img []byte, c *Cart) {
	f := cabi.Fields{}
	w.String(img, f.Next(str), c.Currency)
	w.String(img, f.Next(str), c.At)
	w.OptString(img, f.Next(optS), c.Country)
	w.OptString(img, f.Next(optS), c.Region)
	w.OptString(img, f.Next(optS), c.Channel)
	w.OptString(img, f.Next(optS), c.CustomerGroup)
	w.OptString(img, f.Next(optS), c.CustomerID)
	cabi.PutOptU32(img, f.Next(optU32), c.PreviousOrders)
	cabi.PutBool(img, f.Next(cabi.Bool), c.TaxExempt)
	cabi.PutBool(img, f.Next(cabi.Bool), c.ReverseCharge)
	cabi.LowerList(w, img, f.Next(lst), c.Lines, lCartLine, lowerCartLine)
	cabi.LowerList(w, img, f.Next(lst), c.Coupons, str, lowerString)
	w.OptString(img, f.Next(optS), c.ShippingMethod)
	cabi.PutBool(img, f.Next(cabi.Bool), c.CashRounding)
	cabi.LowerList(w, img, f.Next(lst), c.Usage, lUsageCount, lowerUsageCount)
}

func lowerAddress(w *cabi.Writer, img []byte, a *Address) {
	f := cabi.Fields{}
	w.OptString(img, f.Next(optS), a.Name)
	cabi.LowerList(w, img, f.Next(lst), a.Lines, str, lowerString)
	w.OptString(img, f.Next(optS), a.City)
	w.OptString(img, f.Next(optS), a.PostalCode)
	w.OptString(img, f.Next(optS), a.Region)
	w.String(img, f.Next(str), a.Country)
}

func lowerOrder(w *cabi.Writer, img []byte, o *Order) {
	f := cabi.Fields{}
	lowerCart(w, img[f.Next(lCart):], &o.Cart)
	w.OptString(img, f.Next(optS), o.Email)
	w.OptString(img, f.Next(optS), o.Phone)
	w.OptString(img, f.Next(optS), o.VATID)
	cabi.LowerOption(w, img, f.Next(lOptAddress), pOptAddress, o.ShippingAddress, lowerAddress)
	cabi.LowerOption(w, img, f.Next(lOptAddress), pOptAddress, o.BillingAddress, lowerAddress)
}
