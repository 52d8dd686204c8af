// The shared workloads of `make bench` in Node (bench/out/workloads, from bench/workloads.py); writes
// bench/out/node.json for bench/REPORT.md (protocol: bench/README.md).
//
//   "quote-typical" etc.          end to end: the package's public API (camelCase objects in and out)
//   "compute:quote-typical" etc.  the raw jco binding on the same instance: the `quote-json` export on the
//                                 canonical JSON bytes (what the package calls), jco's glue + wasm
//   "cold:compile"                WebAssembly.compile of the server build (gen/kassa.server.core.wasm, what the
//                                 node entry loads), in a fresh process per run
//   "cold:instantiate-load"       init() with that module (instantiation) + Engine.load, same fresh process
//   "cold:first-quote"            the first quote after that (the typical cart): V8 compiles wasm functions
//                                 lazily on their first call, so the first quote pays for compiling its code
//   "cold:first-quote@browser-build"  the same with the browser build (gen/kassa.core.wasm)
//   "throughput-N"                N worker threads (one instance each) quoting the typical cart; ns per quote
//   "fields-batch"                the 180 validations in one validateFields call; "fields-batch@per-call" one
//                                 validateField call each
//
// A timing loop with warm-up: each workload is warmed up, then timed in ROUNDS rounds of about 100 ms; the
// figure is the median over rounds of the mean time per call.
//
// Usage: node bench/report.mjs [--rounds 15] [--cold-runs 10]

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const REPO = new URL('../../../', import.meta.url);
const WORKLOADS = new URL('bench/out/workloads/', REPO);
const text = (f) => readFileSync(new URL(f, WORKLOADS), 'utf8');
const json = (f) => JSON.parse(text(f));

const camel = (v) =>
  Array.isArray(v)
    ? v.map(camel)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([x, y]) => [x.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), camel(y)]),
        )
      : v;

// The raw glue takes every record field, with `undefined` for absent options.
// The raw glue's form of a workload: its canonical JSON bytes (the workload files are canonical JSON input), the
// argument of the `quote-json` / `validate-json` exports that the package itself calls.
const rawBytes = (file) => new TextEncoder().encode(text(file));

const QUOTES = {
  'quote-small': 'cart-small.json',
  'quote-typical': 'cart-typical.json',
  'quote-large': 'cart-large.json',
  'quote-lines-10': 'cart-10.json',
  'quote-lines-100': 'cart-100.json',
  'quote-lines-1000': 'cart-1000.json',
};

const now = () => process.hrtime.bigint();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Times several functions in interleaved rounds (one batch of each per round, so that a noisy moment of the
 * shared machine hits all of them): after a warm-up of ~warmMs each, ROUNDS rounds of ~roundMs per function.
 * Returns, per function, the median over rounds of the mean ns per call.
 */
function measure(fs, rounds, roundMs = 100, warmMs = 300) {
  const perRound = fs.map((f) => {
    let calls = 0;
    const w0 = now();
    while (Number(now() - w0) < warmMs * 1e6 || calls < 3) {
      f();
      calls++;
    }
    return Math.max(1, Math.round((calls * roundMs) / warmMs));
  });
  const samples = fs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fs.forEach((f, i) => {
      const t0 = now();
      for (let j = 0; j < perRound[i]; j++) f();
      samples[i].push(Number(now() - t0) / perRound[i]);
    });
  }
  return samples.map((xs) => ({ median_ns: median(xs), runs: rounds }));
}

// ---- cold start: one fresh process per run ----------------------------------------------------------------

async function coldChild(build) {
  const file = build === 'browser' ? '../gen/kassa.core.wasm' : '../gen/kassa.server.core.wasm';
  const bytes = readFileSync(new URL(file, import.meta.url));
  const rulebook = text('rulebook.json');
  const cart = camel(json('cart-typical.json'));
  const t0 = now();
  const module = await WebAssembly.compile(bytes);
  const t1 = now();
  const k = await import('@kassa/engine');
  const t2 = now();
  await k.init({ wasm: module });
  const engine = await k.Engine.load(rulebook);
  const t3 = now();
  engine.quote(cart);
  const t4 = now();
  engine.dispose();
  process.stdout.write(
    JSON.stringify({ compile: Number(t1 - t0), instantiateLoad: Number(t3 - t2), firstQuote: Number(t4 - t3) }),
  );
}

function cold(runs) {
  const out = { server: { compile: [], instantiateLoad: [], firstQuote: [] }, browser: { firstQuote: [] } };
  for (let i = 0; i < runs; i++) {
    for (const build of ['server', 'browser']) {
      const r = JSON.parse(
        execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--cold-child', build], {
          encoding: 'utf8',
        }),
      );
      for (const k of Object.keys(out[build])) out[build][k].push(r[k]);
    }
  }
  return {
    'cold:compile': { median_ns: median(out.server.compile), runs },
    'cold:instantiate-load': { median_ns: median(out.server.instantiateLoad), runs },
    'cold:first-quote': { median_ns: median(out.server.firstQuote), runs },
    'cold:first-quote@browser-build': { median_ns: median(out.browser.firstQuote), runs },
  };
}

// ---- throughput: worker threads ----------------------------------------------------------------------------

async function worker() {
  const k = await import('@kassa/engine');
  const engine = await k.Engine.load(text('rulebook.json'));
  const cart = camel(json('cart-typical.json'));
  for (let i = 0; i < 200; i++) engine.quote(cart);
  parentPort.postMessage('ready');
  parentPort.on('message', (calls) => {
    if (calls === 0) process.exit(0);
    for (let i = 0; i < calls; i++) engine.quote(cart);
    parentPort.postMessage('done');
  });
}

async function throughput(n, rounds, perQuoteNs) {
  const workers = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(new URL(import.meta.url), { workerData: 'throughput' });
    workers.push(w);
    await new Promise((ok, fail) => {
      w.once('message', ok);
      w.once('error', fail);
    });
  }
  const calls = Math.max(10, Math.round(200e6 / perQuoteNs)); // ~200 ms of quotes per worker and round
  const round = async () => {
    const t0 = now();
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((ok) => {
            w.once('message', ok);
            w.postMessage(calls);
          }),
      ),
    );
    return Number(now() - t0) / (n * calls);
  };
  await round(); // warm-up
  const samples = [];
  for (let r = 0; r < rounds; r++) samples.push(await round());
  for (const w of workers) w.postMessage(0);
  return { median_ns: median(samples), runs: rounds };
}

// ---- main --------------------------------------------------------------------------------------------------

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '15' },
      'cold-runs': { type: 'string', default: '10' },
      'cold-child': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (values['cold-child']) return coldChild(positionals[0]);
  const ROUNDS = Number(values.rounds);

  const results = cold(Number(values['cold-runs']));

  const k = await import('@kassa/engine');
  const { rawGlue } = await import('@kassa/engine/testing');
  const rulebook = text('rulebook.json');
  const engine = await k.Engine.load(rulebook);
  const glue = rawGlue();
  const rawEngine = glue.engineApi.Engine.load(rulebook);
  const symbolDispose = Symbol.dispose || Symbol.for('dispose');

  // Engine.load is async (it awaits init): timed alone, one awaited call per sample.
  const samples = [];
  for (let i = 0; i < 3; i++) (await k.Engine.load(rulebook)).dispose();
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = now();
    (await k.Engine.load(rulebook)).dispose();
    samples.push(Number(now() - t0));
  }
  results.load = { median_ns: median(samples), runs: ROUNDS };

  // Pairs: [workload, end to end, compute], measured interleaved.
  const pairs = [
    [
      'load',
      null,
      () => {
        const e = glue.engineApi.Engine.load(rulebook);
        e[symbolDispose]();
      },
    ],
  ];
  for (const [name, file] of Object.entries(QUOTES)) {
    const cart = camel(json(file));
    const raw = rawBytes(file);
    engine.quote(cart); // throws if the workload does not quote
    pairs.push([name, () => engine.quote(cart), () => rawEngine.quoteJson(raw)]);
  }
  const order = camel(json('order-typical.json'));
  const rOrder = rawBytes('order-typical.json');
  pairs.push(['validate-typical', () => engine.validate(order), () => rawEngine.validateJson(rOrder)]);
  const batch = json('fields.json');
  const requests = batch.map((f) => ({ kind: f.kind, value: f.value, country: f.country ?? undefined }));
  pairs.push(['fields-batch', () => k.validateFields(batch), () => glue.fields.validateFields(requests)]);

  for (const [name, e2e, compute] of pairs) {
    const [a, b] = measure(e2e ? [e2e, compute] : [compute], ROUNDS);
    if (e2e) results[name] = a;
    results[`compute:${name}`] = e2e ? b : a;
    const us = (r) => (r.median_ns / 1e3).toFixed(1);
    process.stderr.write(`node ${name}: ${us(results[name])} µs, compute ${us(results[`compute:${name}`])} µs\n`);
  }
  [results['fields-batch@per-call']] = measure(
    [() => batch.forEach((f) => k.validateField(f.kind, f.value, f.country))],
    ROUNDS,
  );
  for (const n of [1, 2]) {
    results[`throughput-${n}`] = await throughput(n, Math.min(ROUNDS, 9), results['quote-typical'].median_ns);
    process.stderr.write(`node throughput-${n}: ${(results[`throughput-${n}`].median_ns / 1e3).toFixed(1)} µs\n`);
  }

  const jco = JSON.parse(readFileSync(new URL('../node_modules/@bytecodealliance/jco/package.json', import.meta.url)));
  const doc = {
    host: 'node',
    runtime: `node ${process.version} (V8 ${process.versions.v8}), jco ${jco.version} glue`,
    wasm: { 'component-sha256': k.COMPONENT_SHA256 },
    results: Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b))),
  };
  const out = values.out ?? new URL('bench/out/node.json', REPO);
  writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
  process.stderr.write(`wrote ${out}\n`);
}

if (isMainThread) await main();
else if (workerData === 'throughput') await worker();
