// The package's browser build in headless Chromium without a bundler (an import map): trap recovery on the
// main thread (the new instance is made synchronously from the compiled module), concurrent callers, the
// error mapping and the inline entry. The Node tests cover the same API in depth; this proves it in a browser.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, serve } from '../scripts/chromium.mjs';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const rulebook = readFileSync(new URL('../../../examples/rulebook.json', import.meta.url), 'utf8');
let browser, server;
const pageErrors = [];

before(async () => {
  server = await serve({ '/': `${PKG}test-browser`, '/pkg/': PKG });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function freshPage() {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}/page.html`);
  return page;
}

test('a trap on the main thread fails one call; the next call and live engines work', async () => {
  const page = await freshPage();
  const out = await page.evaluate(async (rulebook) => {
    const k = await import('@kassa/engine');
    const t = await import('@kassa/engine/testing');
    const engine = await k.Engine.load(rulebook);
    const before = engine.info().rulebookId;
    let trap;
    try {
      t.trapForTesting();
    } catch (e) {
      trap = {
        isKassa: e instanceof k.KassaError,
        code: e.code,
        reason: e.params.reason,
        cause: e.cause?.constructor?.name,
      };
    }
    return {
      before,
      trap,
      after: engine.info().rulebookId,
      round: k.round('-2.5', 0, 'half-up'),
      generation: t.instanceGeneration(),
    };
  }, rulebook);
  assert.deepEqual(out, {
    before: 'kassa-demo-store',
    trap: { isKassa: true, code: 'host-error', reason: 'trap', cause: 'RuntimeError' },
    after: 'kassa-demo-store',
    round: '-2',
    generation: 2,
  });
  await page.close();
});

test('concurrent loads share one compile; errors are KassaErrors with params', async () => {
  const page = await freshPage();
  const out = await page.evaluate(async (rulebook) => {
    const k = await import('@kassa/engine');
    const engines = await Promise.all([1, 2, 3, 4].map(() => k.Engine.load(rulebook)));
    let err;
    try {
      k.toMinorUnits('12.345', 'EUR');
    } catch (e) {
      err = { name: e.name, code: e.code, message: e.message, paramsIsRecord: !Array.isArray(e.params) };
    }
    return { ids: engines.map((e) => e.info().rulebookId), err, split: k.allocate('2.00', 'EUR', ['1', '1', '1']) };
  }, rulebook);
  assert.deepEqual(out.ids, Array(4).fill('kassa-demo-store'));
  assert.equal(out.err.name, 'KassaError');
  assert.equal(out.err.code, 'precision-loss'); // 12.345 EUR has a third decimal
  assert.equal(out.err.paramsIsRecord, true);
  assert.doesNotMatch(out.err.message, /object Object/);
  assert.deepEqual(out.split, ['0.67', '0.67', '0.66']);
  await page.close();
});

test('the inline entry works without fetching the wasm', async () => {
  const page = await freshPage();
  const wasmRequests = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasmRequests.push(r.url()));
  const out = await page.evaluate(async () => {
    const k = await import('@kassa/engine/inline');
    await k.init();
    return [k.toMinorUnits('12.34', 'EUR'), k.currencyInfo('JPY').minorUnits];
  });
  assert.deepEqual(out, ['1234', 0]);
  assert.deepEqual(wasmRequests, []);
  await page.close();
});

test('no errors on the pages', () => {
  assert.deepEqual(pageErrors, []);
});
