// Money helpers: strict decimals, named rounding, minor units, allocation, ISO 4217. Stateless; they need
// the wasm loaded once (`await init()` or any `Engine.load`). All amounts are decimal strings.

import { dec, list, str, u32 } from './check.js';
import * as lift from './lift.js';
import { roundingMode } from './lower.js';
import { call } from './runtime.js';
import type { Root } from '../gen/kassa.js';
import type { Currency, Decimal, RoundingMode } from './types.js';

const mode = (m: unknown) => roundingMode(m, 'mode');
type Op = Parameters<Root['moneyCalls']['moneyCall']>[0];
/** One function of the engine's money interface (its one export for JS, `money-calls.money-call`). */
const money = (op: Op, args: string[], m?: RoundingMode, count?: number): string[] =>
  call((k) => k.moneyCalls.moneyCall(op, args, m, count));

/** Strict parse, canonical form: "-0.00" → "0.00"; "1.50" keeps its scale; "+1", "1e3", ".5" are errors. */
export function canonicalDecimal(value: Decimal): Decimal {
  const v = dec(value, 'value');
  return money('canonical-decimal', [v])[0] as Decimal;
}

/** Rounds to `scale` decimal places: round('2.5', 0, 'half-even') === '2'. */
export function round(value: Decimal, scale: number, roundingMode: RoundingMode): Decimal {
  const v = dec(value, 'value');
  const s = u32(scale, 'scale');
  const m = mode(roundingMode);
  return money('round', [v], m, s)[0] as Decimal;
}

/** Rounds to a multiple of `increment`: roundToIncrement('1.03', '0.05', 'half-even') === '1.05'. */
export function roundToIncrement(value: Decimal, increment: Decimal, roundingMode: RoundingMode): Decimal {
  const v = dec(value, 'value');
  const i = dec(increment, 'increment');
  const m = mode(roundingMode);
  return money('round-to-increment', [v, i], m)[0] as Decimal;
}

/** Rounds to the currency's minor units, formatted with exactly that many decimals. */
export function roundMoney(amount: Decimal, currency: string, roundingMode: RoundingMode): Decimal {
  const a = dec(amount, 'amount');
  const c = str(currency, 'currency');
  const m = mode(roundingMode);
  return money('round-money', [a, c], m)[0] as Decimal;
}

/** Rounds to the currency's cash increment (CHF 0.05); to minor units where it has none. */
export function cashRound(amount: Decimal, currency: string, roundingMode: RoundingMode): Decimal {
  const a = dec(amount, 'amount');
  const c = str(currency, 'currency');
  const m = mode(roundingMode);
  return money('cash-round', [a, c], m)[0] as Decimal;
}

/** "12.34" EUR → "1234". Throws precision-loss when the amount has more decimals than the currency. */
export function toMinorUnits(amount: Decimal, currency: string): string {
  const a = dec(amount, 'amount');
  const c = str(currency, 'currency');
  return money('to-minor-units', [a, c])[0] as string;
}

/** "1234" EUR → "12.34". */
export function fromMinorUnits(minor: string, currency: string): Decimal {
  const n = dec(minor, 'minor');
  const c = str(currency, 'currency');
  return money('from-minor-units', [n, c])[0] as Decimal;
}

/** Splits `amount` by `ratios` in minor units; the parts sum exactly to `amount` (largest remainder). */
export function allocate(amount: Decimal, currency: string, ratios: readonly Decimal[]): Decimal[] {
  const a = dec(amount, 'amount');
  const c = str(currency, 'currency');
  const r = list(ratios, 'ratios', dec);
  return money('allocate', [a, c, ...r]);
}

/** Splits `amount` into `parts` equal parts in minor units; earlier parts take the extra minor units. */
export function allocateEvenly(amount: Decimal, currency: string, parts: number): Decimal[] {
  const a = dec(amount, 'amount');
  const c = str(currency, 'currency');
  const p = u32(parts, 'parts');
  return money('allocate-evenly', [a, c], undefined, p);
}

/** The ISO 4217 entry for a code: currencyInfo('JPY').minorUnits === 0. */
export function currencyInfo(code: string): Currency {
  const c = str(code, 'code');
  return call((k) => lift.currency(k.moneyCalls.currencyInfo(c)));
}
