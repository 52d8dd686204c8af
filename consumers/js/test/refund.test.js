// Tenders and refunds through the JS package (docs/refunds.md), on examples/rulebook.json: TEE 19.90 gross,
// DE 19 %, tax per line. Expected values are worked out by hand in the comments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, init } from '@kassa/engine';
import { forget } from '@kassa/engine/testing';
import { exampleText, throwsKassa } from './helpers.js';

const cart = {
  currency: 'EUR',
  at: '2026-05-01T12:00:00Z',
  country: 'DE',
  lines: [{ sku: 'TEE', quantity: '2' }],
  tenders: [{ kind: 'gift-card', reference: 'GC-1', amount: '10.00' }],
};

/** The package's camelCase keys back to the canonical JSON's kebab-case (the quote's JSON a refund carries). */
const kebab = (v) =>
  Array.isArray(v)
    ? v.map(kebab)
    : v === null || typeof v !== 'object'
      ? v
      : Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), kebab(x)]),
        );

test('a gift card pays after tax, and a refund gives it back first', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const q = engine.quote(cart);
  // 2 x 19.90 = 39.80, tax 39.80 x 19/119 = 6.354 -> 6.35 whatever pays it; payable 39.80 - 10.00 = 29.80.
  assert.deepEqual([q.grandTotal, q.taxTotal, q.tenderTotal, q.payable], ['39.80', '6.35', '10.00', '29.80']);
  const request = {
    cart,
    quote: JSON.stringify(kebab(q)),
    lines: [{ line: 0, quantity: '1' }],
    policy: 'keep',
  };
  const first = engine.refund(request);
  // One of two units: gross 19.90, tax 6.35 / 2 = 3.175 -> up 3.18, net 16.72; gift card 10.00, payment 9.90.
  assert.deepEqual(
    [first.grandTotal, first.taxTotal, first.netTotal, first.tenders[0].amount, first.payment],
    ['19.90', '3.18', '16.72', '10.00', '9.90'],
  );
  const second = engine.refund({ ...request, previous: [first] });
  // What is left: 19.90 and 6.35 - 3.18 = 3.17, all to the payment.
  assert.deepEqual(
    [second.grandTotal, second.taxTotal, second.tenders[0].amount, second.payment],
    ['19.90', '3.17', '0.00', '19.90'],
  );
  throwsKassa(() => engine.refund({ ...request, previous: [first, second] }), {
    code: 'refund-quantity-exceeded',
    path: '/lines/0/quantity',
  });
  engine.dispose();
});

test('refundJson: the request as canonical JSON in, the credit note as canonical JSON out', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const quote = engine.quoteJson(JSON.stringify(kebab(cart)));
  const request = { cart: kebab(cart), quote, lines: [{ line: 0, quantity: '1' }], policy: 'keep' };
  const text = engine.refundJson(JSON.stringify(request));
  // Keys in WIT order (credit-note: currency, rulebook-hash, lines, ...), no whitespace.
  assert.ok(text.startsWith(`{"currency":"EUR","rulebook-hash":"${engine.info().rulebookHash}","lines":[{`), text);
  const note = JSON.parse(text);
  // The same figures as the typed refund above: 19.90 gross, 3.18 tax, the gift card's 10.00 back first.
  assert.deepEqual(
    [note['grand-total'], note['tax-total'], note.tenders[0].amount, note.payment],
    ['19.90', '3.18', '10.00', '9.90'],
  );
  // A request that is not one: a JSON number where the quantity (a decimal string) belongs.
  const bad = JSON.stringify({ ...request, lines: [{ line: 0, quantity: 1 }] });
  throwsKassa(() => engine.refundJson(bad), { code: 'refund-request-invalid', path: '' });
  engine.dispose();
});

test('the node entry given the browser build (which leaves refunds out) refuses to refund, and quotes on', async () => {
  forget();
  await init({ wasm: new URL('../gen/kassa.core.wasm', import.meta.url) });
  const engine = await Engine.load(exampleText('rulebook.json'));
  const request = { cart, quote: '{}', lines: [{ line: 0, quantity: '1' }], policy: 'keep' };
  for (const f of [() => engine.refund(request), () => engine.refundJson(JSON.stringify(request))]) {
    const e = throwsKassa(f, { code: 'host-error', params: { reason: 'not-in-this-build' } });
    assert.match(e.message, /node or workerd entry/);
  }
  assert.equal(engine.quote(cart).grandTotal, '39.80'); // 2 x 19.90: the instance is untouched
  engine.dispose();
  forget();
});
