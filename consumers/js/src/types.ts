// The public TypeScript types of @kassa/engine: the records of wit/kassa.wit in camelCase.
//
// Conventions: decimals are strings (never numbers: no floats touch money), u32 values are numbers, enums are
// string unions, absent options in results are `null`, and every `list<param>` is a `Record<string, string>`
// (parameter names are unique within one list). Input fields that the engine defaults (flags, lists,
// options) may be left out.

/** A canonical decimal string: "12.30", "-0.5", "1000". */
export type Decimal = string;

/** Named message parameters, e.g. `{ max: "10" }`. */
export type Params = Record<string, string>;

/** Rounding modes; see the table in the README (ties at scale 0: 2.5 / -2.5). */
export type RoundingMode =
  | 'half-even'
  | 'half-away-from-zero'
  | 'half-toward-zero'
  | 'half-up'
  | 'half-down'
  | 'up'
  | 'down'
  | 'ceiling'
  | 'floor';

export type Severity = 'error' | 'warning';

export type FieldKind =
  | 'email'
  | 'phone'
  | 'postal-code'
  | 'iban'
  | 'bic'
  | 'vat-id'
  | 'card-number'
  | 'country-code'
  | 'currency-code';

export type PromotionStatus = 'applied' | 'rejected';

/** A single finding: a validation violation, a rulebook problem, a quote warning. */
export interface Problem {
  code: string;
  /** JSON Pointer into the input ("" for the whole input). */
  path: string;
  message: string;
  params: Params;
  severity: Severity;
}

/** An ISO 4217 entry. */
export interface Currency {
  code: string;
  numeric: string;
  minorUnits: number;
  name: string;
  /** Smallest cash amount where cash rounding applies ("0.05" for CHF). */
  cashIncrement: Decimal | null;
}

export interface DataVersion {
  name: string;
  source: string;
  date: string;
}

export interface About {
  engineVersion: string;
  contractVersion: string;
  data: DataVersion[];
}

// ---- inputs --------------------------------------------------------------------------------------------

export interface CartLine {
  sku: string;
  quantity: Decimal;
  /** Accepted only for items the rulebook marks as open-price. */
  unitPrice?: Decimal | null;
}

/** How often a coupon or promotion has been used (the engine keeps no state). */
export interface UsageCount {
  key: string;
  byCustomer?: number;
  total?: number;
}

export interface Cart {
  currency: string;
  /** RFC 3339 UTC timestamp the cart is priced at ("2026-11-24T09:30:00Z"). */
  at: string;
  country?: string | null;
  region?: string | null;
  channel?: string | null;
  customerGroup?: string | null;
  customerId?: string | null;
  previousOrders?: number | null;
  taxExempt?: boolean;
  reverseCharge?: boolean;
  lines?: CartLine[];
  coupons?: string[];
  shippingMethod?: string | null;
  cashRounding?: boolean;
  usage?: UsageCount[];
}

export interface Address {
  name?: string | null;
  lines?: string[];
  city?: string | null;
  postalCode?: string | null;
  region?: string | null;
  country: string;
}

export interface Order {
  cart: Cart;
  email?: string | null;
  phone?: string | null;
  vatId?: string | null;
  shippingAddress?: Address | null;
  billingAddress?: Address | null;
}

// ---- results -------------------------------------------------------------------------------------------

export interface TaxAmount {
  tax: string;
  rate: Decimal;
  base: Decimal;
  amount: Decimal;
}

export interface LineDiscount {
  promotion: string;
  amount: Decimal;
}

export interface QuoteLine {
  sku: string;
  quantity: Decimal;
  unitPrice: Decimal;
  subtotal: Decimal;
  discounts: LineDiscount[];
  discountTotal: Decimal;
  net: Decimal;
  taxes: TaxAmount[];
  taxTotal: Decimal;
  gross: Decimal;
  priceList: string;
  addedBy: string | null;
}

export interface ShippingQuote {
  method: string;
  price: Decimal;
  discountTotal: Decimal;
  net: Decimal;
  taxes: TaxAmount[];
  taxTotal: Decimal;
  gross: Decimal;
}

export interface PromotionOutcome {
  id: string;
  coupon: string | null;
  status: PromotionStatus;
  amount: Decimal;
  reason: Problem | null;
}

export interface TraceStep {
  kind: string;
  path: string;
  message: string;
  params: Params;
}

export interface Quote {
  currency: string;
  lines: QuoteLine[];
  subtotal: Decimal;
  discountTotal: Decimal;
  shipping: ShippingQuote | null;
  netTotal: Decimal;
  taxes: TaxAmount[];
  taxTotal: Decimal;
  grandTotal: Decimal;
  payable: Decimal | null;
  cashRoundingAdjustment: Decimal | null;
  pricesIncludeTax: boolean;
  promotions: PromotionOutcome[];
  warnings: Problem[];
  trace: TraceStep[];
}

export interface ValidationReport {
  /** True when no problem has severity error. */
  valid: boolean;
  problems: Problem[];
}

export interface EngineInfo {
  rulebookId: string;
  rulebookVersion: string;
  /** sha256 (hex) of the rulebook text as loaded. */
  rulebookHash: string;
  engineVersion: string;
  contractVersion: string;
  data: DataVersion[];
}

export interface FieldResult {
  valid: boolean;
  /** The normalised value (spaces stripped, upper-cased, formatted) when valid. */
  normalized: string | null;
  problems: Problem[];
  /** Facts found on the way: card brand, IBAN country, calling code, ... */
  details: Params;
}
