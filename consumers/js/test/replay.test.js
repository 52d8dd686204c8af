// Engine.replay: carts under examples/rulebook.json (old) and examples/rulebook-2027.json (new). Expected values
// are worked out by hand (core/tests/replay.rs shows the same carts in detail): TEE 19.90 -> 21.90, MUG back in
// the range; gross prices, tax per line, DE on 2026-10-15, standard shipping 4.90 up to 1 kg.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '@kassa/engine';
import { exampleText } from './helpers.js';

const cart = (sku, quantity) => ({
  currency: 'EUR',
  at: '2026-10-15T12:00:00Z',
  country: 'DE',
  lines: [{ sku, quantity }],
  shippingMethod: 'standard',
});

test('a price change: grand total and tax per rule, old and new', async () => {
  const old = await Engine.load(exampleText('rulebook.json'));
  const next = await Engine.load(exampleText('rulebook-2027.json'));
  // 2 x 19.90 + 4.90 = 44.70 -> 2 x 21.90 + 4.90 = 48.70; tax 6.35 + 0.78 = 7.13 -> 6.99 + 0.78 = 7.77.
  const r = old.replay(next, 1, cart('TEE', '2'));
  assert.deepEqual(r, {
    line: 1n,
    status: 'changed',
    currency: 'EUR',
    grandTotalOld: '44.70',
    grandTotalNew: '48.70',
    grandTotalDelta: '4.00',
    taxes: [{ tax: 'de-vat-standard', old: '7.13', new: '7.77', delta: '0.64' }],
    promotions: [],
    errorOld: null,
    errorNew: null,
  });
  // MUG: inactive under the old rulebook; 9.00 + 4.90 = 13.90 under the new one. A bigint line is kept.
  const m = old.replay(next, 2n ** 40n, cart('MUG', '1'));
  assert.equal(m.line, 2n ** 40n);
  assert.equal(m.status, 'newly-quoting');
  assert.equal(m.grandTotalNew, '13.90');
  assert.equal(m.errorOld.problems[0].code, 'item-inactive');
  old.dispose();
  next.dispose();
});

test('wrong arguments throw before anything runs', async () => {
  const old = await Engine.load(exampleText('rulebook.json'));
  assert.throws(() => old.replay({}, 1, cart('TEE', '1')), TypeError);
  assert.throws(() => old.replay(old, -1, cart('TEE', '1')), RangeError);
  assert.throws(() => old.replay(old, 1.5, cart('TEE', '1')), TypeError);
  old.dispose();
});
