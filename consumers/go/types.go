package kassa

// The Go form of every record and enum of wit/kassa.wit. Field for field the same as the WIT; the json tags
// are the WIT names, so json.Marshal of any of these is Kassa's canonical JSON (decimals are strings,
// absent options are null, lists are arrays: values lifted from the engine never hold nil slices).

// RoundingMode names how a value is rounded; the WIT documents each mode with examples.
type RoundingMode string

// The rounding modes. At scale 0: HalfEven 2.5→2, -2.5→-2; HalfUp 2.5→3, -2.5→-2 (toward +∞);
// HalfDown -2.5→-3 (toward -∞); HalfAwayFromZero and HalfTowardZero as named; Up/Down away from/toward
// zero; Ceiling/Floor toward +∞/-∞.
const (
	RoundHalfEven         RoundingMode = "half-even"
	RoundHalfAwayFromZero RoundingMode = "half-away-from-zero"
	RoundHalfTowardZero   RoundingMode = "half-toward-zero"
	RoundHalfUp           RoundingMode = "half-up"
	RoundHalfDown         RoundingMode = "half-down"
	RoundUp               RoundingMode = "up"
	RoundDown             RoundingMode = "down"
	RoundCeiling          RoundingMode = "ceiling"
	RoundFloor            RoundingMode = "floor"
)

// FieldKind selects a field validator.
type FieldKind string

const (
	FieldEmail        FieldKind = "email"
	FieldPhone        FieldKind = "phone"
	FieldPostalCode   FieldKind = "postal-code"
	FieldIBAN         FieldKind = "iban"
	FieldBIC          FieldKind = "bic"
	FieldVATID        FieldKind = "vat-id"
	FieldCardNumber   FieldKind = "card-number"
	FieldCountryCode  FieldKind = "country-code"
	FieldCurrencyCode FieldKind = "currency-code"
)

// Severity tells whether a problem makes the input invalid.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// PromotionStatus tells whether a promotion was applied.
type PromotionStatus string

const (
	PromotionApplied  PromotionStatus = "applied"
	PromotionRejected PromotionStatus = "rejected"
)

// Param is one named parameter of a message template, e.g. {Name: "max", Value: "10"}.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Problem is a single finding: a validation violation, a rulebook problem, a quote warning.
type Problem struct {
	Code     string   `json:"code"`
	Path     string   `json:"path"` // a JSON Pointer into the input
	Message  string   `json:"message"`
	Params   []Param  `json:"params"`
	Severity Severity `json:"severity"`
}

// Currency is an entry of the ISO 4217 table.
type Currency struct {
	Code       string `json:"code"`
	Numeric    string `json:"numeric"`
	MinorUnits uint32 `json:"minor-units"`
	Name       string `json:"name"`
	// CashIncrement is the smallest cash amount where cash rounding applies ("0.05" for CHF), or nil.
	CashIncrement *string `json:"cash-increment"`
}

// DataVersion says where a piece of reference data comes from and how current it is.
type DataVersion struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Date   string `json:"date"`
}

// About is the engine and contract version and the versions of the compiled-in reference data.
type About struct {
	EngineVersion   string        `json:"engine-version"`
	ContractVersion string        `json:"contract-version"`
	Data            []DataVersion `json:"data"`
}

// CartLine is one line of a cart.
type CartLine struct {
	SKU      string `json:"sku"`
	Quantity string `json:"quantity"` // a decimal, fractional where the item allows it ("1.5")
	// UnitPrice is accepted only for items the rulebook marks as open-price.
	UnitPrice *string `json:"unit-price"`
}

// UsageCount is how often a coupon or promotion has been used, supplied by the host.
type UsageCount struct {
	Key        string `json:"key"` // a coupon code or a promotion id
	ByCustomer uint32 `json:"by-customer"`
	Total      uint32 `json:"total"`
}

// Cart is what a quote is computed for.
type Cart struct {
	Currency       string       `json:"currency"`
	At             string       `json:"at"`      // RFC 3339 UTC, compared with validity windows
	Country        *string      `json:"country"` // ISO 3166-1 alpha-2 destination
	Region         *string      `json:"region"`  // ISO 3166-2 subdivision ("US-CA")
	Channel        *string      `json:"channel"`
	CustomerGroup  *string      `json:"customer-group"`
	CustomerID     *string      `json:"customer-id"`
	PreviousOrders *uint32      `json:"previous-orders"`
	TaxExempt      bool         `json:"tax-exempt"`
	ReverseCharge  bool         `json:"reverse-charge"`
	Lines          []CartLine   `json:"lines"`
	Coupons        []string     `json:"coupons"`
	ShippingMethod *string      `json:"shipping-method"`
	CashRounding   bool         `json:"cash-rounding"`
	Usage          []UsageCount `json:"usage"`
}

// Address is a postal address.
type Address struct {
	Name       *string  `json:"name"`
	Lines      []string `json:"lines"`
	City       *string  `json:"city"`
	PostalCode *string  `json:"postal-code"`
	Region     *string  `json:"region"`
	Country    string   `json:"country"`
}

// Order is a cart at checkout: the cart plus what the customer entered.
type Order struct {
	Cart            Cart     `json:"cart"`
	Email           *string  `json:"email"`
	Phone           *string  `json:"phone"`
	VATID           *string  `json:"vat-id"`
	ShippingAddress *Address `json:"shipping-address"`
	BillingAddress  *Address `json:"billing-address"`
}

// TaxAmount is one tax on one amount; Base is the taxed net amount.
type TaxAmount struct {
	Tax    string `json:"tax"` // the tax rule's id in the rulebook
	Rate   string `json:"rate"`
	Base   string `json:"base"`
	Amount string `json:"amount"`
}

// LineDiscount is what one promotion took off one line.
type LineDiscount struct {
	Promotion string `json:"promotion"`
	Amount    string `json:"amount"`
}

// QuoteLine is one priced line.
type QuoteLine struct {
	SKU           string         `json:"sku"`
	Quantity      string         `json:"quantity"`
	UnitPrice     string         `json:"unit-price"` // in the price list's basis
	Subtotal      string         `json:"subtotal"`
	Discounts     []LineDiscount `json:"discounts"`
	DiscountTotal string         `json:"discount-total"`
	Net           string         `json:"net"` // tax-exclusive, after discounts
	Taxes         []TaxAmount    `json:"taxes"`
	TaxTotal      string         `json:"tax-total"`
	Gross         string         `json:"gross"` // net + tax-total
	PriceList     string         `json:"price-list"`
	AddedBy       *string        `json:"added-by"` // the promotion that added a gift line
}

// ShippingQuote is the priced shipping.
type ShippingQuote struct {
	Method        string      `json:"method"`
	Price         string      `json:"price"`
	DiscountTotal string      `json:"discount-total"`
	Net           string      `json:"net"`
	Taxes         []TaxAmount `json:"taxes"`
	TaxTotal      string      `json:"tax-total"`
	Gross         string      `json:"gross"`
}

// PromotionOutcome is one promotion the engine considered, applied or rejected with a reason.
type PromotionOutcome struct {
	ID     string          `json:"id"`
	Coupon *string         `json:"coupon"`
	Status PromotionStatus `json:"status"`
	Amount string          `json:"amount"`
	Reason *Problem        `json:"reason"`
}

// TraceStep is one step of the explanation of a quote.
type TraceStep struct {
	Kind    string  `json:"kind"`
	Path    string  `json:"path"`
	Message string  `json:"message"`
	Params  []Param `json:"params"`
}

// Quote is a priced cart.
type Quote struct {
	Currency               string             `json:"currency"`
	Lines                  []QuoteLine        `json:"lines"`
	Subtotal               string             `json:"subtotal"`
	DiscountTotal          string             `json:"discount-total"`
	Shipping               *ShippingQuote     `json:"shipping"`
	NetTotal               string             `json:"net-total"`
	Taxes                  []TaxAmount        `json:"taxes"`
	TaxTotal               string             `json:"tax-total"`
	GrandTotal             string             `json:"grand-total"`
	Payable                *string            `json:"payable"`
	CashRoundingAdjustment *string            `json:"cash-rounding-adjustment"`
	PricesIncludeTax       bool               `json:"prices-include-tax"`
	Promotions             []PromotionOutcome `json:"promotions"`
	Warnings               []Problem          `json:"warnings"`
	Trace                  []TraceStep        `json:"trace"`
}

// ValidationReport is the outcome of validating an order; Valid is true when no problem is an error.
type ValidationReport struct {
	Valid    bool      `json:"valid"`
	Problems []Problem `json:"problems"`
}

// EngineInfo identifies a loaded rulebook and the engine that loaded it.
type EngineInfo struct {
	RulebookID      string        `json:"rulebook-id"`
	RulebookVersion string        `json:"rulebook-version"`
	RulebookHash    string        `json:"rulebook-hash"` // sha256 (hex) of the rulebook bytes
	EngineVersion   string        `json:"engine-version"`
	ContractVersion string        `json:"contract-version"`
	Data            []DataVersion `json:"data"`
}

// FieldResult is the outcome of one field validation.
type FieldResult struct {
	Valid      bool      `json:"valid"`
	Normalized *string   `json:"normalized"` // the normalised value when valid
	Problems   []Problem `json:"problems"`
	Details    []Param   `json:"details"` // facts found on the way: card brand, IBAN country, ...
}

// Ptr returns a pointer to v, for the optional fields of Cart, Order and Address.
func Ptr[T any](v T) *T { return &v }
