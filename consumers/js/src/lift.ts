// Turns the component's results (jco shapes: options as `undefined`, params as [{name, value}]) into the
// public types: absent options as `null`, params as a Record. One function per record, field for field, so
// a result never carries a key the types do not declare.

import type * as W from '../gen/interfaces/kassa-engine-types.js';
import { toParams, toProblem } from './errors.js';
import type * as T from './types.js';

const orNull = <V>(v: V | undefined): V | null => (v === undefined ? null : v);

const dataVersion = (d: W.DataVersion): T.DataVersion => ({ name: d.name, source: d.source, date: d.date });

export const about = (a: W.About): T.About => ({
  engineVersion: a.engineVersion,
  contractVersion: a.contractVersion,
  data: a.data.map(dataVersion),
});

export const currency = (c: W.Currency): T.Currency => ({
  code: c.code,
  numeric: c.numeric,
  minorUnits: c.minorUnits,
  name: c.name,
  cashIncrement: orNull(c.cashIncrement),
});

export const engineInfo = (i: W.EngineInfo): T.EngineInfo => ({
  rulebookId: i.rulebookId,
  rulebookVersion: i.rulebookVersion,
  rulebookHash: i.rulebookHash,
  engineVersion: i.engineVersion,
  contractVersion: i.contractVersion,
  data: i.data.map(dataVersion),
});

export const fieldResult = (r: W.FieldResult): T.FieldResult => ({
  valid: r.valid,
  normalized: orNull(r.normalized),
  problems: r.problems.map(toProblem),
  details: toParams(r.details),
});

export const validationReport = (r: W.ValidationReport): T.ValidationReport => ({
  valid: r.valid,
  problems: r.problems.map(toProblem),
});

const taxAmount = (t: W.TaxAmount): T.TaxAmount => ({ tax: t.tax, rate: t.rate, base: t.base, amount: t.amount });

const quoteLine = (l: W.QuoteLine): T.QuoteLine => ({
  sku: l.sku,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  subtotal: l.subtotal,
  discounts: l.discounts.map((d) => ({ promotion: d.promotion, amount: d.amount })),
  discountTotal: l.discountTotal,
  net: l.net,
  taxes: l.taxes.map(taxAmount),
  taxTotal: l.taxTotal,
  gross: l.gross,
  priceList: l.priceList,
  addedBy: orNull(l.addedBy),
});

const shippingQuote = (s: W.ShippingQuote): T.ShippingQuote => ({
  method: s.method,
  price: s.price,
  discountTotal: s.discountTotal,
  net: s.net,
  taxes: s.taxes.map(taxAmount),
  taxTotal: s.taxTotal,
  gross: s.gross,
});

const promotionOutcome = (p: W.PromotionOutcome): T.PromotionOutcome => ({
  id: p.id,
  coupon: orNull(p.coupon),
  status: p.status,
  amount: p.amount,
  reason: p.reason === undefined ? null : toProblem(p.reason),
});

export const quote = (q: W.Quote): T.Quote => ({
  currency: q.currency,
  lines: q.lines.map(quoteLine),
  subtotal: q.subtotal,
  discountTotal: q.discountTotal,
  shipping: q.shipping === undefined ? null : shippingQuote(q.shipping),
  netTotal: q.netTotal,
  taxes: q.taxes.map(taxAmount),
  taxTotal: q.taxTotal,
  grandTotal: q.grandTotal,
  payable: orNull(q.payable),
  cashRoundingAdjustment: orNull(q.cashRoundingAdjustment),
  pricesIncludeTax: q.pricesIncludeTax,
  promotions: q.promotions.map(promotionOutcome),
  warnings: q.warnings.map(toProblem),
  trace: q.trace.map((s) => ({ kind: s.kind, path: s.path, message: s.message, params: toParams(s.params) })),
});
