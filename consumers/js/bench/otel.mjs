// The cost of the OpenTelemetry spans on a typical quote (examples/cart.json), in one run. Variants, interleaved
// round by round (a different one first each round); each figure is the median over rounds of the variant's time
// over the base's in the same round:
//   base    Engine.quote's body without its span (the package's own lower/call/lift, from dist/)
//   off     the default entry without @kassa/engine/otel (the hook of hook.ts not installed)
//   absent  @kassa/engine/otel, nothing registered with @opentelemetry/api (it reads one global, runs the call)
//   noop    a provider that does not record (the API's provider with no SDK behind it)
//   sdk     sdk-trace-base recording every span, attribute and explain event (an exporter that drops them)
//
// Usage: node bench/otel.mjs [--rounds 200] [--calls 20]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Engine } from '@kassa/engine';
import { setTracerProvider } from '@kassa/engine/otel';
import { rawGlue } from '@kassa/engine/testing';
import { setHook } from '../dist/hook.js';
import * as lift from '../dist/lift.js';
import * as lower from '../dist/lower.js';
import { call } from '../dist/runtime.js';
import { camelKeys } from '../test/helpers.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '200' }, calls: { type: 'string', default: '20' } },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);

const examples = new URL('../../../examples/', import.meta.url);
const text = (f) => readFileSync(new URL(f, examples), 'utf8');
const engine = await Engine.load(text('rulebook.json'));
const raw = rawGlue().engineApi.Engine.load(text('rulebook.json'));
const cart = camelKeys(JSON.parse(text('cart.json')));
const drop = { export: (_, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
const sdk = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(drop)] });
const noop = trace.getTracerProvider(); // nothing registered globally: the API's provider hands out no-op tracers

const otel = setHook(undefined); // the hook @kassa/engine/otel installed: each variant says whether it runs
const variants = [
  ['base', undefined, () => call(() => lift.quote(raw.quote(lower.cart(cart, 'cart')))), false],
  ['off', undefined, () => engine.quote(cart), false],
  ['absent', undefined, () => engine.quote(cart), true],
  ['noop', noop, () => engine.quote(cart), true],
  ['sdk', sdk, () => engine.quote(cart), true],
];
for (const [, p, f, hooked] of variants) {
  setTracerProvider(p);
  setHook(hooked ? otel : undefined);
  for (let i = 0; i < CALLS * 5; i++) f();
}
const ratios = Object.fromEntries(variants.map(([n]) => [n, []]));
const base = [];
for (let r = 0; r < ROUNDS; r++) {
  const took = {};
  for (let j = 0; j < variants.length; j++) {
    const [name, p, f, hooked] = variants[(j + r) % variants.length];
    setTracerProvider(p);
    setHook(hooked ? otel : undefined);
    const t = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) f();
    took[name] = Number(process.hrtime.bigint() - t);
  }
  base.push(took.base / CALLS / 1000);
  for (const n in took) ratios[n].push(took[n] / took.base);
}
setTracerProvider();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(
  `node otel quote (base ${median(base).toFixed(1)} µs): median of ${ROUNDS} rounds of ${CALLS} quotes: ` +
    ['off', 'absent', 'noop', 'sdk'].map((n) => `${n} ${median(ratios[n]).toFixed(4)}`).join(', ') +
    ' x base',
);
