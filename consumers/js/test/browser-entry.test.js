// The browser entry (dist/browser.js, the package's default export condition) runs the browser build, which leaves
// refunds and replay out (wit/kassa.wit, world `kassa-js`): refund, refundJson and replay exist and throw a
// host-error KassaError (reason not-in-this-build) that names where they are; pricing works as ever. Loaded here in Node with the
// module's bytes (the entry would fetch its file in a browser; test-browser/ runs it in Chromium).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as browser from '../dist/browser.js';
import { exampleText } from './helpers.js';

const cart = { currency: 'EUR', at: '2026-05-01T12:00:00Z', country: 'DE', lines: [{ sku: 'TEE', quantity: '2' }] };

test('the browser entry has refund, refundJson and replay, which throw not-in-this-build', async () => {
  await browser.init({ wasm: readFileSync(new URL('../gen/kassa.core.wasm', import.meta.url)) });
  const engine = await browser.Engine.load(exampleText('rulebook.json'));
  // 2 x 19.90 = 39.80 (examples/rulebook.json's TEE, gross prices).
  assert.equal(engine.quote(cart).grandTotal, '39.80');
  const request = { cart, quote: '{}', lines: [{ line: 0, quantity: '1' }], policy: 'keep' };
  const calls = [
    () => engine.refund(request),
    () => engine.refundJson(JSON.stringify(request)),
    () => engine.replay(engine, 1, cart),
  ];
  for (const f of calls) {
    let err;
    try {
      f();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof browser.KassaError, `expected a KassaError, got ${err}`);
    assert.equal(err.code, 'host-error');
    assert.deepEqual(err.params, { reason: 'not-in-this-build' });
    assert.match(err.message, /not in the browser build/);
    assert.match(err.message, /node or workerd entry/);
  }
  engine.dispose();
});
