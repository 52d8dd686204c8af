// Which jco to pin: transpiles dist/kassa.wasm with several jco versions and measures the glue's per-call cost
// side by side in one process (interleaved rounds, median µs per call), plus the glue's size. Each version is
// installed into bench/jco/<version>/ (gitignored, ~200-350 MB each) on first use.
//
// Usage: node bench/jco-versions.mjs [1.11.2 1.35.0 ...]   (make bench-js-jco)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '../../..');
const versions = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['1.11.2', '1.15.4', '1.20.0', '1.30.0', '1.35.0'];
const ROUNDS = 9;
const CALLS = 3000;

const text = (f) => readFileSync(join(REPO, 'examples', f), 'utf8');
const shape = (v) =>
  Array.isArray(v)
    ? v.map(shape)
    : v === null
      ? undefined
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v).map(([x, y]) => [x.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), shape(y)]),
          )
        : v;
const cart = shape(JSON.parse(text('cart.json')));
const order = shape(JSON.parse(text('order.json')));

const glues = [];
for (const v of versions) {
  const dir = join(HERE, 'jco', v);
  if (!existsSync(join(dir, 'node_modules/.bin/jco'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@bytecodealliance/jco@${v}`], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
  const out = join(dir, 'out');
  execFileSync(
    join(dir, 'node_modules/.bin/jco'),
    ['transpile', join(REPO, 'dist/kassa.wasm'), '--instantiation', 'sync', '--no-nodejs-compat', '--quiet', '-o', out],
    { stdio: 'inherit' },
  );
  const js = readFileSync(join(out, 'kassa.js'));
  const { instantiate } = await import(join(out, 'kassa.js'));
  const k = instantiate((name) => new WebAssembly.Module(readFileSync(join(out, name))), {});
  const engine = k.engineApi.Engine.load(text('rulebook.json'));
  glues.push({ v, k, engine, raw: js.length, gzip: gzipSync(js, { level: 9 }).length });
}

const work = [
  ['versions()', (g) => g.k.meta.versions(), CALLS],
  ['round (strings in, string out)', (g) => g.k.moneyCalls.moneyCall('round', ['2.345'], 'half-even', 2), CALLS],
  ['currencyInfo (record out)', (g) => g.k.moneyCalls.currencyInfo('EUR'), CALLS],
  [
    'validateField iban (record out)',
    (g) => g.k.fields.validateField('iban', 'DE89370400440532013000', undefined),
    CALLS,
  ],
  [
    'round error (ComponentError thrown)',
    (g) => {
      try {
        g.k.moneyCalls.moneyCall('round', ['x'], 'up', 0);
      } catch {
        /* expected */
      }
    },
    CALLS,
  ],
  ['engine.quote(example cart)', (g) => g.engine.quote(cart), CALLS / 10],
  ['engine.validate(example order)', (g) => g.engine.validate(order), CALLS / 10],
];
const time = (f, g, n) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(g);
  return Number(process.hrtime.bigint() - t0) / n / 1000;
};

console.log(`node ${process.version}; median µs per call of ${ROUNDS} interleaved rounds; ratio = last / first`);
console.log(['operation'.padEnd(36), ...glues.map((g) => g.v.padStart(8)), '   ratio'].join(' '));
for (const [name, f, n] of work) {
  const times = glues.map(() => []);
  for (const g of glues) time(f, g, 300);
  for (let r = 0; r < ROUNDS; r++) glues.forEach((g, i) => times[i].push(time(f, g, n)));
  const med = times.map((t) => t.sort((a, b) => a - b)[ROUNDS >> 1]);
  console.log(
    [
      name.padEnd(36),
      ...med.map((m) => m.toFixed(2).padStart(8)),
      `${(med.at(-1) / med[0]).toFixed(1).padStart(7)}x`,
    ].join(' '),
  );
}
console.log(
  [
    'glue KB raw / gzip'.padEnd(36),
    ...glues.map((g) => `${(g.raw / 1024).toFixed(0)}/${(g.gzip / 1024).toFixed(0)}`.padStart(8)),
  ].join(' '),
);
