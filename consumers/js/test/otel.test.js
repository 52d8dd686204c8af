// The OpenTelemetry convention (docs/observability.md) against its one machine-readable statement,
// conformance/otel/spans.json: every scenario there runs through the public API with the SDK's in-memory exporter
// (registered globally, as `provider.register()` would, which is where @kassa/engine/otel looks), and the span's name,
// kind, scope, parent, attributes (the exact set), events and status must be what the file says. The same file
// drives the Go and Python tests.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Engine, KassaError, validateFields, versions } from '@kassa/engine';
import { setTracerProvider } from '@kassa/engine/otel';
import { rawGlue, trapForTesting } from '@kassa/engine/testing';
import { camelKeys } from './helpers.js';

const REPO = new URL('../../../', import.meta.url);
const FIXTURE = JSON.parse(readFileSync(new URL('conformance/otel/spans.json', REPO), 'utf8'));

function conformanceCase(id) {
  const [group, name] = id.split('/');
  const file = JSON.parse(readFileSync(new URL(`conformance/cases/${group}.json`, REPO), 'utf8'));
  const c = file.cases.find((c) => c.name === name);
  return { op: c.op, rulebook: c.rulebook, input: c.input };
}

function expected(v, input) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (v['sha256-of'])
      return createHash('sha256')
        .update(readFileSync(new URL(v['sha256-of'], REPO)))
        .digest('hex');
    if (v['engine-version']) return versions().engineVersion;
    if (v['count-of']) return input[v['count-of']].length;
  }
  return v;
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
const testTracer = provider.getTracer('test');

let engine;
for (const sc of FIXTURE.scenarios) {
  test(`span of ${sc.name} follows conformance/otel/spans.json`, async () => {
    let { op, rulebook, input } = sc;
    if (sc.case) ({ op, rulebook, input } = conformanceCase(sc.case));
    const given = camelKeys(input);
    let call;
    if (op === 'load') {
      const text = readFileSync(new URL(rulebook, REPO), 'utf8');
      await Engine.load(text).then((e) => e.dispose()); // compiles the wasm outside the measured span
      call = async () => (engine = await Engine.load(text));
    } else if (op === 'quote') call = () => engine.quote(given);
    else if (op === 'shipping-options') call = () => engine.shippingOptions(given);
    else if (op === 'validate') call = () => engine.validate(given);
    else if (op === 'validate-fields') call = () => validateFields(given.requests);
    else if (op === 'replay') {
      // The case's new rulebook, loaded before the scenario (its load span is not the one under test).
      const newer = await Engine.load(readFileSync(new URL(input.new, REPO), 'utf8'));
      call = () => engine.replay(newer, given.line, given.cart);
    }
    if (sc.warm) await call();
    if (sc.after === 'trap') assert.throws(trapForTesting, KassaError);
    let restore = () => {};
    if (sc.traps) {
      // The quote's own call into the engine (its JSON form) traps (meta.trap-for-testing in its place).
      const root = rawGlue();
      const proto = root.engineApi.Engine.prototype;
      const quote = proto.quoteJson;
      proto.quoteJson = () => root.meta.trapForTesting();
      restore = () => (proto.quoteJson = quote);
    }
    exporter.reset();
    const parent = testTracer.startSpan('request');
    let result;
    let error;
    try {
      result = await context.with(trace.setSpan(context.active(), parent), async () => {
        try {
          return await call();
        } catch (e) {
          error = e;
        }
      });
    } finally {
      restore();
      parent.end();
    }
    const spans = exporter.getFinishedSpans();
    assert.deepEqual(
      spans.map((s) => s.name),
      [sc.span.name, 'request'],
      'the call ends exactly one span, before its parent',
    );
    const span = spans[0];
    assert.equal(span.name, FIXTURE.spans[op].name);
    assert.equal(span.kind, 0); // INTERNAL
    assert.equal(span.instrumentationScope.name, FIXTURE.scope.js);
    assert.equal(span.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(span.spanContext().traceId, parent.spanContext().traceId);
    if (sc.span.status === 'unset') {
      assert.equal(error, undefined);
      assert.equal(span.status.code, 0);
    } else {
      assert.ok(error instanceof KassaError, `a KassaError, got ${error}`);
      assert.deepEqual(span.status, { code: 2, message: error.message });
    }
    const want = Object.fromEntries(Object.entries(sc.span.attributes).map(([k, v]) => [k, expected(v, input)]));
    assert.deepEqual({ ...span.attributes }, want);
    const events = span.events.map((e) => [e.name, e.attributes]);
    if (sc.span.events === "the quote's trace") {
      assert.deepEqual(
        events,
        result.trace.map((s) => [
          'kassa.explain',
          {
            'kassa.explain.kind': s.kind,
            'kassa.explain.path': s.path,
            'kassa.explain.message': s.message,
            ...Object.fromEntries(Object.entries(s.params).map(([k, v]) => ['kassa.explain.param.' + k, v])),
          },
        ]),
      );
    } else {
      assert.deepEqual(events, sc.span.events);
    }
  });
}

test('setTracerProvider takes precedence over the global provider, and is undone with no argument', () => {
  const mine = new InMemorySpanExporter();
  setTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mine)] }));
  exporter.reset();
  try {
    validateFields([{ kind: 'email', value: 'a@example.com' }]);
  } finally {
    setTracerProvider();
  }
  validateFields([{ kind: 'email', value: 'a@example.com' }]);
  assert.deepEqual(
    mine.getFinishedSpans().map((s) => s.name),
    ['kassa.validate-fields'],
  );
  assert.deepEqual(
    exporter.getFinishedSpans().map((s) => s.name),
    ['kassa.validate-fields'],
  );
});

test('without @kassa/engine/otel nothing is traced, even with a provider registered globally', () => {
  // A process of its own: this file's process has imported the otel entry.
  const script = `
    import { trace } from '@opentelemetry/api';
    import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
    import { readFileSync } from 'node:fs';
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const { Engine, validateFields } = await import('@kassa/engine');
    const engine = await Engine.load(readFileSync(process.argv[1], 'utf8'));
    validateFields([{ kind: 'email', value: 'a@example.com' }]);
    const before = exporter.getFinishedSpans().length;
    await import('@kassa/engine/otel');
    validateFields([{ kind: 'email', value: 'a@example.com' }]);
    engine.dispose();
    console.log(JSON.stringify([before, exporter.getFinishedSpans().map((s) => s.name)]));
  `;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, new URL('examples/rulebook.json', REPO).pathname],
    { cwd: new URL('..', import.meta.url), encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(out), [0, ['kassa.validate-fields']]);
});
