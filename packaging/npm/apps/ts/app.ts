// A strict TypeScript consumer of the installed declarations: what must type-check, and (@ts-expect-error)
// what the types must refuse. The README's TypeScript quickstarts are checked next to it (quickstart-*.ts).
import { Engine, KassaError, round, type Cart, type Quote } from '@kassa/engine';
import { setTracerProvider } from '@kassa/engine/otel';

const cart: Cart = { currency: 'EUR', at: '2026-11-28T10:00:00Z', lines: [{ sku: 'TEE', quantity: '2' }] };

export async function total(rulebook: string): Promise<string> {
  const engine = await Engine.load(rulebook);
  const quote: Quote = engine.quote(cart);
  const rounded: string = round(quote.grandTotal, 0, 'half-even');
  // @ts-expect-error quantities are decimal strings, never numbers
  engine.quote({ ...cart, lines: [{ sku: 'TEE', quantity: 2 }] });
  // @ts-expect-error rounding modes are a closed union
  round('1', 0, 'half-sideways');
  return rounded;
}

export function describe(e: unknown): string {
  return e instanceof KassaError ? `${e.code} at ${e.path}: ${e.message}` : String(e);
}

// The tracing entry's declarations: a provider-like object (no @opentelemetry/api in this project).
setTracerProvider({
  getTracer: () => ({
    startSpan: () => ({
      isRecording: () => false,
      setAttribute: () => 0,
      addEvent: () => 0,
      setStatus: () => 0,
      end: () => {},
    }),
  }),
});
setTracerProvider();
