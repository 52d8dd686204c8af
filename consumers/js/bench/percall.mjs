// Per-call cost of @kassa/engine, side by side with the raw jco glue on the same instance (interleaved rounds,
// median µs per call). The difference is the wrapper's price: argument checks and result conversion (for quote
// and validate: writing the typed value as JSON, and reading the engine's JSON answer as typed values).
//
// Usage: node bench/percall.mjs [--rounds 9] [--calls 5000]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as k from '@kassa/engine';
import { rawGlue } from '@kassa/engine/testing';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '9' }, calls: { type: 'string', default: '5000' } },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);

const examples = new URL('../../../examples/', import.meta.url);
const text = (f) => readFileSync(new URL(f, examples), 'utf8');
const camel = (v) =>
  Array.isArray(v)
    ? v.map(camel)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([x, y]) => [x.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), camel(y)]),
        )
      : v;
const engine = await k.Engine.load(text('rulebook.json'));
const glue = rawGlue();
const rawEngine = glue.engineApi.Engine.load(text('rulebook.json'));
const cart = camel(JSON.parse(text('cart.json')));
const order = camel(JSON.parse(text('order.json')));
// The engine's own calls for pricing take canonical JSON bytes (the package writes a typed value as JSON).
const rawCart = new TextEncoder().encode(text('cart.json'));
const rawOrder = new TextEncoder().encode(text('order.json'));

const work = [
  ['versions()', () => k.versions(), () => glue.meta.versions()],
  [
    'round (strings in, string out)',
    () => k.round('2.345', 2, 'half-even'),
    () => glue.moneyCalls.moneyCall('round', ['2.345'], 'half-even', 2),
  ],
  ['currencyInfo (record out)', () => k.currencyInfo('EUR'), () => glue.moneyCalls.currencyInfo('EUR')],
  [
    'validateIban (record out)',
    () => k.validateIban('DE89370400440532013000'),
    () => glue.fields.validateField('iban', 'DE89370400440532013000', undefined),
  ],
  ['engine.info()', () => engine.info(), () => rawEngine.info()],
  ['engine.quote(example cart)', () => engine.quote(cart), () => rawEngine.quoteJson(rawCart)],
  ['engine.validate(example order)', () => engine.validate(order), () => rawEngine.validateJson(rawOrder)],
];

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const time = (f, n) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / n / 1000;
};

console.log(`node ${process.version}, ${ROUNDS} rounds x ${CALLS} calls, median µs per call`);
console.log(`${'operation'.padEnd(34)} ${'package'.padStart(9)} ${'raw glue'.padStart(9)}  wrapper cost`);
for (const [name, pkg, raw] of work) {
  const calls = name.startsWith('engine.quote') || name.startsWith('engine.validate') ? Math.ceil(CALLS / 10) : CALLS;
  time(pkg, 500);
  time(raw, 500);
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(time(pkg, calls));
    b.push(time(raw, calls));
  }
  const [p, g] = [median(a), median(b)];
  console.log(
    `${name.padEnd(34)} ${p.toFixed(2).padStart(9)} ${g.toFixed(2).padStart(9)}  ${((p / g - 1) * 100).toFixed(0).padStart(5)} %`,
  );
}
