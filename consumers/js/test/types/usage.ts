// Type-level test of the published declarations (checked by `tsc -p test/types`, never run): the API as a
// TypeScript user writes it, including `using` with a plain ES2022 + DOM lib, and mistakes the types must
// reject (@ts-expect-error).

import {
  allocate,
  currencyInfo,
  Engine,
  KassaError,
  round,
  validateField,
  type Cart,
  type FieldResult,
  type Quote,
  type RoundingMode,
} from '@kassa/engine';
import { setTracerProvider } from '@kassa/engine/otel';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

export async function checkout(rulebook: string, cart: Cart): Promise<string> {
  using engine = await Engine.load(rulebook);
  const quote: Quote = engine.quote(cart);
  const payable: string = quote.payable ?? quote.grandTotal;
  const minor: number = currencyInfo(quote.currency).minorUnits;
  const parts: string[] = allocate(payable, quote.currency, ['1', '2']);
  const mode: RoundingMode = 'half-even';
  const r: FieldResult = validateField('iban', 'DE89370400440532013000');
  const brand: string | undefined = r.details['brand'];
  return `${round(payable, minor, mode)} ${parts.join('/')} ${brand ?? ''}`;
}

export function errors(e: unknown): string {
  if (e instanceof KassaError) {
    const p: Record<string, string> = e.params;
    return `${e.code} ${e.path} ${e.message} ${Object.keys(p).length} ${e.problems.map((x) => x.severity).join()}`;
  }
  return '';
}

export function mistakes(engine: Engine): void {
  // @ts-expect-error decimals are strings, not numbers
  round(2.5, 0, 'half-even');
  // @ts-expect-error rounding modes are kebab-case string unions
  round('2.5', 0, 'half_even');
  // @ts-expect-error camelCase keys, not the wire's kebab-case
  engine.quote({ currency: 'EUR', at: '2026-11-24T09:30:00Z', 'tax-exempt': true });
  // @ts-expect-error an absent option is null, and decimals are strings
  const n: number = engine.quote({ currency: 'EUR', at: '' }).payable;
  void n;
}

// A provider of @opentelemetry/api (and so of any SDK) is what setTracerProvider takes, without the package
// depending on the API's types.
setTracerProvider(trace.getTracerProvider());
setTracerProvider(new BasicTracerProvider());
setTracerProvider();
// @ts-expect-error: not a tracer provider
setTracerProvider({ getTracer: 1 });
