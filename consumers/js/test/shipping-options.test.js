// Engine.shippingOptions on examples/rulebook.json: a DE cart with one BOOK (24.00 gross, 0.5 kg) on 2026-12-10,
// worked out by hand (core/tests/shipping_options.rs shows the same cart):
//   standard: weight band up to 1 kg = 4.90; shipping follows the goods (tax-policy proportional), all
//             reduced: tax 4.90 x 7/107 = 0.3206 -> 0.32, net 4.58
//   express:  subtotal band up to 100.00 = 14.90; tax 14.90 x 7/107 = 0.9748 -> 0.97, net 13.93
//   post-ch:  serves CH only -> shipping-method-unavailable at /shipping-method

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, KassaError, fromWire } from '@kassa/engine';
import { exampleText } from './helpers.js';

const cart = (sku) => ({
  currency: 'EUR',
  at: '2026-12-10T10:00:00Z',
  country: 'DE',
  lines: [{ sku, quantity: '1' }],
  shippingMethod: 'post-ch',
});

test('every method of the example store, priced or unavailable, in rulebook order', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const options = engine.shippingOptions(cart('BOOK'));
  const tax = (amount, base) => [{ tax: 'de-vat-reduced', rate: '7', base, amount }];
  assert.deepEqual(options, [
    {
      method: 'standard',
      shipping: {
        method: 'standard',
        price: '4.90',
        discountTotal: '0.00',
        net: '4.58',
        taxes: tax('0.32', '4.58'),
        taxTotal: '0.32',
        gross: '4.90',
      },
      unavailable: null,
    },
    {
      method: 'express',
      shipping: {
        method: 'express',
        price: '14.90',
        discountTotal: '0.00',
        net: '13.93',
        taxes: tax('0.97', '13.93'),
        taxTotal: '0.97',
        gross: '14.90',
      },
      unavailable: null,
    },
    {
      method: 'post-ch',
      shipping: null,
      unavailable: {
        code: 'shipping-method-unavailable',
        path: '/shipping-method',
        message: options[2].unavailable.message,
        params: { method: 'post-ch' },
        severity: 'error',
      },
    },
  ]);
  // Each priced option is what a quote with its method shows.
  for (const o of options.filter((o) => o.shipping)) {
    assert.deepEqual(engine.quote({ ...cart('BOOK'), shippingMethod: o.method }).shipping, o.shipping);
  }
  engine.dispose();
});

test('a cart that does not quote throws as its quote would', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  assert.throws(
    () => engine.shippingOptions(cart('NOPE')),
    (e) => e instanceof KassaError && e.code === 'cart-invalid' && e.problems[0].path === '/lines/0/sku',
  );
  engine.dispose();
});

test('hints on request, worked out by hand', async () => {
  // One BOOK (24.00 gross), standard shipping free from 100.00, coupon SPEND (spend-more from 50.00):
  // 100.00 - 24.00 = 76.00 and 50.00 - 24.00 = 26.00 (docs/rulebook.md, "Hints").
  const engine = await Engine.load(exampleText('rulebook.json'));
  const c = { ...cart('BOOK'), shippingMethod: 'standard', coupons: ['SPEND'] };
  assert.deepEqual(engine.quote(c).hints, []);
  const hints = engine.quote({ ...c, hints: true }).hints;
  assert.deepEqual(
    hints.map((h) => [h.code, h.path, h.params.missing]),
    [
      ['free-shipping-reachable', '/shipping-method', '76.00'],
      ['next-tier-reachable', '/coupons/0', '26.00'],
    ],
  );
  engine.dispose();
});

test('the JSON form answers the same options as canonical JSON', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const text = engine.shippingOptionsJson(
    '{"currency":"EUR","at":"2026-12-10T10:00:00Z","country":"DE","lines":[{"sku":"BOOK","quantity":"1"}]}',
  );
  const options = JSON.parse(text);
  assert.equal(options[0].shipping.gross, '4.90'); // by hand, above
  assert.equal(options[1].shipping['tax-total'], '0.97');
  assert.deepEqual(options.map(fromWire.shippingOption), engine.shippingOptions(cart('BOOK')));
});
