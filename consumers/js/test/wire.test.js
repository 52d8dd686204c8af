// The JSON entry points (docs/wire.md): quoteJson / validateJson read Kassa's canonical JSON strictly and
// answer canonical JSON text. Expected values: the README's hand-worked total of examples/cart.json (82.80 EUR)
// and the strictness rules of docs/wire.md.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, fromWire, toWire } from '@kassa/engine';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

const engine = await Engine.load(exampleText('rulebook.json'));
const cart = (lines, extra = '') =>
  `{"currency":"EUR","at":"2026-11-24T09:30:00Z","country":"DE","lines":${lines}${extra}}`;
const findings = (e) => e.problems.map((p) => [p.code, p.path]);

test('quoteJson prices examples/cart.json: canonical text, no whitespace, keys in WIT order', () => {
  const text = engine.quoteJson(exampleText('cart.json'));
  assert.equal(typeof text, 'string');
  const quote = JSON.parse(text);
  assert.equal(quote['grand-total'], '82.80');
  assert.deepEqual(Object.keys(quote).slice(0, 4), ['currency', 'rulebook-hash', 'lines', 'subtotal']);
  assert.equal(text, JSON.stringify(quote)); // JSON.stringify writes no whitespace: the text had none
});

test('bytes and text give the same answer', () => {
  const text = exampleText('cart.json');
  assert.equal(engine.quoteJson(new TextEncoder().encode(text)), engine.quoteJson(text));
});

test('a camelCase key is unknown-field with the kebab-case suggestion', () => {
  const e = throwsKassa(() => engine.quoteJson(cart('[]', ',"shippingMethod":"standard"')), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['unknown-field', '/shippingMethod']]);
  assert.equal(e.problems[0].params.suggestion, 'shipping-method');
});

test('a number where a decimal string belongs is wrong-type', () => {
  const e = throwsKassa(() => engine.quoteJson(cart('[{"sku":"TEE","quantity":2}]')), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['wrong-type', '/lines/0/quantity']]);
});

test('a lone surrogate in a JS string reaches the engine (not replaced by U+FFFD)', () => {
  const e = throwsKassa(() => engine.quoteJson(cart('[{"sku":"TEE\ud800","quantity":"1"}]')), {
    code: 'cart-invalid',
  });
  assert.deepEqual(findings(e), [['invalid-unicode', '/lines/0/sku']]);
  assert.equal(e.problems[0].params.reason, 'lone-surrogate');
});

test('bytes that are not UTF-8 are invalid-unicode at their pointer', () => {
  const bytes = new TextEncoder().encode(cart('[{"sku":"TEE?","quantity":"1"}]'));
  bytes[bytes.indexOf(0x3f)] = 0xff; // the '?' becomes 0xFF, never UTF-8
  const e = throwsKassa(() => engine.quoteJson(bytes), { code: 'cart-invalid' });
  assert.deepEqual(findings(e), [['invalid-unicode', '/lines/0/sku']]);
  assert.equal(e.problems[0].params.reason, 'invalid-utf-8');
});

test('malformed JSON is invalid-json; a non-text argument is a TypeError', () => {
  throwsKassa(() => engine.quoteJson('{"currency":'), { code: 'invalid-json' });
  assert.throws(() => engine.quoteJson({ currency: 'EUR' }), TypeError);
});

test('validateJson reports the shape of an order in the report', () => {
  const report = JSON.parse(engine.validateJson(`{"cart":${cart('[{"sku":"TEE","quantity":2}]')},"e-mail":"a@b.de"}`));
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.problems.map((p) => [p.code, p.path]),
    [
      ['unknown-field', '/e-mail'],
      ['wrong-type', '/cart/lines/0/quantity'],
    ],
  );
});

test("toWire writes a typed value in the wire form; fromWire reads the engine's answers as typed values", () => {
  // examples/cart.json is the wire form; the helpers' camelKeys is an independent camelCase reading of it.
  const wire = JSON.parse(exampleText('cart.json'));
  assert.deepEqual(toWire(exampleJson('cart.json')), wire);
  assert.throws(() => toWire({ 'tax-exempt': true }), /unknown key 'tax-exempt' \(did you mean 'taxExempt'\?\)/);
  const text = engine.quoteJson(JSON.stringify(wire));
  const quote = fromWire.quote(JSON.parse(text));
  assert.equal(quote.grandTotal, '82.80'); // README, worked by hand
  assert.deepEqual(quote, engine.quote(exampleJson('cart.json')));
});

test('toWire writes what JSON.stringify writes, keys in kebab-case: toJSON, undefined, array holes', () => {
  // Expected values written by hand from JSON.stringify's rules (toJSON first, undefined members left out,
  // undefined array elements as null).
  const at = { toJSON: () => ({ atTime: '2026-01-01T00:00:00Z' }) };
  assert.deepEqual(toWire({ customerGroup: 'vip', at, couponCodes: [undefined, 'A'], taxExempt: undefined }), {
    'customer-group': 'vip',
    at: { 'at-time': '2026-01-01T00:00:00Z' },
    'coupon-codes': [null, 'A'],
  });
  // A key seen before in camelCase is still refused in kebab-case, nested or not.
  assert.throws(
    () => toWire({ lines: [{ 'unit-price': '1' }] }),
    /unknown key 'unit-price' \(did you mean 'unitPrice'\?\)/,
  );
  assert.throws(() => toWire({ 'customer-group': 'vip' }), /unknown key 'customer-group'/);
});
