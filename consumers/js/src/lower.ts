// Checks arguments from (possibly untyped) JavaScript callers and turns them into the component's shapes.
//
// Why here and not in the glue: jco coerces silently (-1 becomes the u32 4294967295, an unknown key is ignored)
// or throws vague errors ("expected a string"). A caller gets a TypeError or RangeError naming the argument
// path instead, before anything enters the engine. Only types are checked here; every business rule
// (decimal syntax, currency codes, ...) is the engine's and comes back as a KassaError.

import type * as W from '../gen/interfaces/kassa-engine-types.js';
import type { Address, Cart, CartLine, FieldKind, Order, RoundingMode, UsageCount } from './types.js';

export const ROUNDING_MODES: readonly RoundingMode[] = [
  'half-even',
  'half-away-from-zero',
  'half-toward-zero',
  'half-up',
  'half-down',
  'up',
  'down',
  'ceiling',
  'floor',
];

export const FIELD_KINDS: readonly FieldKind[] = [
  'email',
  'phone',
  'postal-code',
  'iban',
  'bic',
  'vat-id',
  'card-number',
  'country-code',
  'currency-code',
];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

export function str(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, got ${describe(v)}`);
  return v;
}

/** A decimal argument: a string. Numbers are refused because a binary float cannot hold 0.10 exactly. */
export function dec(v: unknown, name: string): string {
  if (typeof v === 'number' || typeof v === 'bigint') {
    throw new TypeError(
      `${name} must be a decimal string such as "12.30", got ${describe(v)} (numbers are refused: floats cannot hold cents exactly)`,
    );
  }
  return str(v, name);
}

export function u32(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be an integer number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`${name} must be an integer from 0 to 4294967295, got ${v}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, name: string, cases: readonly T[]): T {
  if (typeof v !== 'string' || !(cases as readonly string[]).includes(v)) {
    throw new TypeError(`${name} must be one of ${cases.map((c) => `'${c}'`).join(', ')}; got ${describe(v)}`);
  }
  return v as T;
}

/** An option: `undefined` and `null` both mean absent. */
function opt<T>(v: unknown, name: string, f: (v: unknown, name: string) => T): T | undefined {
  return v === undefined || v === null ? undefined : f(v, name);
}

/** A field the engine defaults when absent (flags, lists); `null` is refused as it is in canonical JSON. */
function dflt<T>(v: unknown, name: string, fallback: T, f: (v: unknown, name: string) => T): T {
  return v === undefined ? fallback : f(v, name);
}

function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(v)}`);
  return v;
}

export function list<T>(v: unknown, name: string, item: (v: unknown, name: string) => T): T[] {
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array, got ${describe(v)}`);
  return v.map((x, i) => item(x, `${name}[${i}]`));
}

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** A plain object with only the given keys (a typo would otherwise be ignored silently). */
function record(v: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`${name} must be an object, got ${describe(v)}`);
  }
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) {
      const hint = keys.includes(camel(k)) ? ` (did you mean '${camel(k)}'?)` : '';
      throw new TypeError(`${name} has an unknown key '${k}'${hint}; expected keys: ${keys.join(', ')}`);
    }
  }
  return v as Record<string, unknown>;
}

// ---- records -------------------------------------------------------------------------------------------

function cartLine(v: unknown, name: string): W.CartLine {
  const o = record(v, name, ['sku', 'quantity', 'unitPrice'] satisfies (keyof CartLine)[]);
  return {
    sku: str(o.sku, `${name}.sku`),
    quantity: dec(o.quantity, `${name}.quantity`),
    unitPrice: opt(o.unitPrice, `${name}.unitPrice`, dec),
  };
}

function usageCount(v: unknown, name: string): W.UsageCount {
  const o = record(v, name, ['key', 'byCustomer', 'total'] satisfies (keyof UsageCount)[]);
  return {
    key: str(o.key, `${name}.key`),
    byCustomer: dflt(o.byCustomer, `${name}.byCustomer`, 0, u32),
    total: dflt(o.total, `${name}.total`, 0, u32),
  };
}

const CART_KEYS = [
  'currency',
  'at',
  'country',
  'region',
  'channel',
  'customerGroup',
  'customerId',
  'previousOrders',
  'taxExempt',
  'reverseCharge',
  'lines',
  'coupons',
  'shippingMethod',
  'cashRounding',
  'usage',
] satisfies (keyof Cart)[];

export function cart(v: unknown, name = 'cart'): W.Cart {
  const o = record(v, name, CART_KEYS);
  const n = (k: string) => `${name}.${k}`;
  return {
    currency: str(o.currency, n('currency')),
    at: str(o.at, n('at')),
    country: opt(o.country, n('country'), str),
    region: opt(o.region, n('region'), str),
    channel: opt(o.channel, n('channel'), str),
    customerGroup: opt(o.customerGroup, n('customerGroup'), str),
    customerId: opt(o.customerId, n('customerId'), str),
    previousOrders: opt(o.previousOrders, n('previousOrders'), u32),
    taxExempt: dflt(o.taxExempt, n('taxExempt'), false, bool),
    reverseCharge: dflt(o.reverseCharge, n('reverseCharge'), false, bool),
    lines: dflt(o.lines, n('lines'), [], (v, p) => list(v, p, cartLine)),
    coupons: dflt(o.coupons, n('coupons'), [], (v, p) => list(v, p, str)),
    shippingMethod: opt(o.shippingMethod, n('shippingMethod'), str),
    cashRounding: dflt(o.cashRounding, n('cashRounding'), false, bool),
    usage: dflt(o.usage, n('usage'), [], (v, p) => list(v, p, usageCount)),
  };
}

function address(v: unknown, name: string): W.Address {
  const o = record(v, name, ['name', 'lines', 'city', 'postalCode', 'region', 'country'] satisfies (keyof Address)[]);
  const n = (k: string) => `${name}.${k}`;
  return {
    name: opt(o.name, n('name'), str),
    lines: dflt(o.lines, n('lines'), [], (v, p) => list(v, p, str)),
    city: opt(o.city, n('city'), str),
    postalCode: opt(o.postalCode, n('postalCode'), str),
    region: opt(o.region, n('region'), str),
    country: str(o.country, n('country')),
  };
}

export function order(v: unknown, name = 'order'): W.Order {
  const keys = ['cart', 'email', 'phone', 'vatId', 'shippingAddress', 'billingAddress'] satisfies (keyof Order)[];
  const o = record(v, name, keys);
  const n = (k: string) => `${name}.${k}`;
  return {
    cart: cart(o.cart, n('cart')),
    email: opt(o.email, n('email'), str),
    phone: opt(o.phone, n('phone'), str),
    vatId: opt(o.vatId, n('vatId'), str),
    shippingAddress: opt(o.shippingAddress, n('shippingAddress'), address),
    billingAddress: opt(o.billingAddress, n('billingAddress'), address),
  };
}

export const optStr = (v: unknown, name: string): string | undefined => opt(v, name, str);
