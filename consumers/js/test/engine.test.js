// Engine: load (text or object), info, quote, validate, dispose. Fixtures: examples/rulebook.json,
// examples/cart.json, examples/order.json (shared by every host). Expected totals are worked out by hand below.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Engine, KassaError } from '@kassa/engine';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

const rulebookText = exampleText('rulebook.json');
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

test('load from text: info names the rulebook and hashes its bytes', async () => {
  const engine = await Engine.load(rulebookText);
  const info = engine.info();
  assert.equal(info.rulebookId, 'kassa-demo-store');
  assert.equal(info.rulebookVersion, '2026-11-01');
  assert.equal(info.rulebookHash, sha256(rulebookText)); // node:crypto as the oracle
  assert.equal(info.contractVersion, '0.1.0');
  assert.ok(Array.isArray(info.data));
  engine.dispose();
});

test('load from an object: serialised with JSON.stringify', async () => {
  const object = JSON.parse(rulebookText);
  const engine = await Engine.load(object);
  assert.equal(engine.info().rulebookHash, sha256(JSON.stringify(object)));
  engine.dispose();
});

test('a rulebook that does not load rejects with every problem', async () => {
  const bad = JSON.parse(rulebookText);
  bad.catalog.items.push({ sku: 'TEE', 'tax-category': 'standard' }); // item 9: TEE a second time
  bad['price-lists'][0].prices.push({ sku: 'NOPE', 'unit-price': '1.00' }); // price 8: no such item
  const e = await Engine.load(bad).then(
    () => assert.fail('should not load'),
    (e) => e,
  );
  assert.ok(e instanceof KassaError);
  assert.equal(e.code, 'rulebook-invalid');
  assert.equal(e.params.count, '2');
  assert.deepEqual(
    e.problems.map((p) => [p.code, p.path, p.severity]),
    [
      ['duplicate-id', '/catalog/items/9/sku', 'error'],
      ['dangling-reference', '/price-lists/0/prices/8/sku', 'error'],
    ],
  );
  assert.ok(e.problems.every((p) => typeof p.params === 'object' && !Array.isArray(p.params)));
});

test('a rulebook with a wrong shape names the field', async () => {
  const e = await Engine.load({ ...JSON.parse(rulebookText), bogus: true }).catch((e) => e);
  assert.ok(e instanceof KassaError);
  assert.ok(e.problems.some((p) => p.code === 'unknown-field' && p.path === '/bogus'));
});

test('malformed JSON text is invalid-json', async () => {
  await assert.rejects(Engine.load('{"kassa": '), (e) => e instanceof KassaError && e.code === 'invalid-json');
});

test('load refuses non-JSON arguments with a TypeError', async () => {
  await assert.rejects(Engine.load(42), TypeError);
  await assert.rejects(Engine.load(null), TypeError);
});

test('quote: the example cart, totals worked out by hand', async (t) => {
  const engine = await Engine.load(rulebookText);
  const cart = exampleJson('cart.json');
  let q;
  try {
    q = engine.quote(cart);
  } catch (e) {
    if (e instanceof KassaError && e.code === 'unimplemented') {
      // Until the core prices carts: the error arrives mapped, with its params.
      assert.equal(e.params.operation, 'engine.quote');
      t.todo('engine.quote is not implemented in the core yet');
      return;
    }
    throw e;
  }
  // Gross prices (eur-retail includes tax; Black Friday sale on 2026-11-28):
  //   TEE 2 x 15.00 = 30.00; BOOK 24.00; PEN 12 x 0.95 (volume tier up to 49) = 11.40;
  //   CAPSULE 25 -> 3 packs of 10 (rounded up) x 3.50 = 10.50.          subtotal 75.90
  // Shipping: DE standard, 75.90 < free-from 100.00; weight 0.4 + 0.5 + 0.12 + 0.15 = 1.17 kg -> 6.90.
  // Grand total 75.90 + 6.90 = 82.80.
  // Tax per line, extracted from gross (19/119, 7/107), rounded half away from zero:
  //   TEE 4.79, BOOK 1.57, PEN 1.82, CAPSULE 1.68; shipping follows the goods (tax-policy proportional): 6.90
  //   split by the nets 43.61 (19 %) : 22.43 (7 %) -> 4.56 + 2.34, tax 0.73 + 0.15 = 0.88 -> 10.74;
  //   net 82.80 - 10.74 = 72.06.
  assert.equal(q.currency, 'EUR');
  assert.equal(q.pricesIncludeTax, true);
  assert.deepEqual(
    q.lines.map((l) => [l.sku, l.gross]),
    [
      ['TEE', '30.00'],
      ['BOOK', '24.00'],
      ['PEN', '11.40'],
      ['CAPSULE', '10.50'],
    ],
  );
  assert.equal(q.subtotal, '75.90');
  assert.equal(q.shipping?.gross, '6.90');
  assert.equal(q.grandTotal, '82.80');
  assert.equal(q.taxTotal, '10.74');
  assert.equal(q.netTotal, '72.06');
  assert.equal(q.payable, null);
});

test('validate: the example order has several problems, reported not thrown', async (t) => {
  const engine = await Engine.load(rulebookText);
  const report = engine.validate(exampleJson('order.json'));
  assert.equal(report.valid, false);
  if (report.problems.some((p) => p.code === 'unimplemented')) {
    t.todo('engine.validate is not implemented in the core yet');
    return;
  }
  // anna.example.com has no "@"; TEE 12 > max 10; MUG is inactive; COFFEE 0.3 is off the 0.25 step;
  // BOOK is not open-price but has a unit price; no shipping address although the rulebook requires one.
  const paths = report.problems.map((p) => p.path);
  for (const prefix of [
    '/email',
    '/cart/lines/0',
    '/cart/lines/1',
    '/cart/lines/2',
    '/cart/lines/3',
    '/shipping-address',
  ]) {
    assert.ok(
      paths.some((p) => p.startsWith(prefix)),
      `a problem at ${prefix}: ${paths.join(', ')}`,
    );
  }
});

test('cart and order shapes: the host names a kebab-case key; wrong types are the engine findings', async () => {
  const engine = await Engine.load(rulebookText);
  const cart = exampleJson('cart.json');
  const findings = (e) => e.problems.map((p) => [p.code, p.path]);
  assert.throws(
    () => engine.quote({ ...cart, 'tax-exempt': true }),
    /unknown key 'tax-exempt' \(did you mean 'taxExempt'\?\)/,
  );
  // A value of the wrong type goes to the engine's JSON reader: the same code and path as in every host
  // (docs/wire.md): a number where a decimal string belongs is wrong-type at its pointer.
  let e = throwsKassa(() => engine.quote({ ...cart, lines: [{ sku: 'TEE', quantity: 2 }] }), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['wrong-type', '/lines/0/quantity']]);
  e = throwsKassa(() => engine.quote({ at: cart.at }), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['missing-field', '']]);
  e = throwsKassa(() => engine.quote([]), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['wrong-type', '']]);
  e = throwsKassa(() => engine.quote({ ...cart, lines: [{ sku: 'TEE\ud800', quantity: '1' }] }), {
    code: 'cart-invalid',
  });
  assert.deepEqual(findings(e), [['invalid-unicode', '/lines/0/sku']]);
  const report = engine.validate({ cart, shippingAddress: { lines: [] } });
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.problems.map((p) => [p.code, p.path]),
    [['missing-field', '/shipping-address']],
  );
  // null is no bool: the engine's wrong-type (as in every host), not a silent default.
  e = throwsKassa(() => engine.quote({ ...cart, taxExempt: null }), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['wrong-type', '/tax-exempt']]);
  // Defaults follow the canonical JSON: only currency and at are required.
  assert.doesNotThrow(() => {
    try {
      engine.quote({ currency: 'EUR', at: '2026-11-28T10:00:00Z' });
    } catch (e) {
      if (!(e instanceof KassaError)) throw e;
    }
  });
});

test('dispose: idempotent, later calls are host-error (disposed); Symbol.dispose works', async () => {
  const engine = await Engine.load(rulebookText);
  assert.equal(engine.disposed, false);
  engine.dispose();
  engine.dispose();
  assert.equal(engine.disposed, true);
  throwsKassa(() => engine.info(), { code: 'host-error', params: { reason: 'disposed' } });

  const other = await Engine.load(rulebookText);
  assert.equal(typeof Symbol.dispose, 'symbol');
  other[Symbol.dispose]();
  assert.equal(other.disposed, true);
});

test('many engines at once, each with its own rulebook', async () => {
  const rb = (id, version) => ({ ...JSON.parse(rulebookText), id, version });
  const a = await Engine.load(rb('a', '1'));
  const b = await Engine.load(rb('b', '2'));
  assert.deepEqual([a.info().rulebookId, b.info().rulebookId, a.info().rulebookVersion], ['a', 'b', '1']);
  a.dispose();
  assert.equal(b.info().rulebookId, 'b');
  b.dispose();
});

test('quote: the wholesaler example with cart attributes and a line option, by hand', async () => {
  // examples/wholesale/cart.json (net list-price, DE 19 % / 7 %, per line): the tees' group counts 3 + 6 + 1 = 10
  // units -> 8.00; TEE-M carries logo-print front (+2.00 a unit): 10.00, 6 x 8.00 + 6 x 2.00 = 60.00, tax 11.40;
  // the cart's program fair-2026 selects list fair-2026 for WINE-6 at 52.00; goods 219.00, freight 25.00, tax
  // 37.36 -> 281.36.
  const engine = await Engine.load(exampleText('wholesale/rulebook.json'));
  const q = engine.quote(exampleJson('wholesale/cart.json'));
  const tee = q.lines[1];
  assert.deepEqual([tee.sku, tee.unitPrice, tee.subtotal, tee.taxTotal], ['TEE-M', '10.00', '60.00', '11.40']);
  assert.deepEqual(tee.attributes, [{ name: 'logo-print', value: 'front' }]);
  assert.deepEqual(tee.surcharges, [{ attribute: 'logo-print', value: 'front', unitAmount: '2.00', amount: '12.00' }]);
  assert.deepEqual([q.lines[4].priceList, q.lines[4].unitPrice], ['fair-2026', '52.00']);
  assert.deepEqual([q.subtotal, q.taxTotal, q.grandTotal], ['219.00', '37.36', '281.36']);
});
