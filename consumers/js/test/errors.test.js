// Error mapping and bad input: engine failures are KassaErrors (never jco's ComponentError with its
// "[object Object]" message); wrong argument types from plain JavaScript are TypeErrors/RangeErrors naming the
// argument, raised before the engine is entered, and never poison the instance.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k from '@kassa/engine';
import { instanceGeneration } from '@kassa/engine/testing';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

test('before init: a stateless call is a host-error (not-initialized)', () => {
  assert.equal(k.isInitialized(), false);
  const e = throwsKassa(() => k.round('1', 0, 'half-even'), {
    code: 'host-error',
    params: { reason: 'not-initialized' },
  });
  assert.match(e.message, /init\(\)/);
});

test('init is idempotent and concurrent-safe', async () => {
  await Promise.all([k.init(), k.init(), k.init()]);
  assert.equal(k.isInitialized(), true);
  assert.equal(instanceGeneration(), 1);
  await k.init();
  assert.equal(instanceGeneration(), 1);
});

test('KassaError: an Error subclass with code, path, message, params, problems', () => {
  const e = throwsKassa(() => k.canonicalDecimal('1e3'), { code: 'invalid-decimal', name: 'KassaError' });
  assert.ok(e instanceof k.KassaError);
  assert.equal(Object.getPrototypeOf(e.params), Object.prototype);
  assert.ok(Array.isArray(e.problems));
  assert.ok(!('payload' in e), 'no jco payload leaks');
  assert.match(String(e), /^KassaError: /);
  assert.ok(e.stack.includes('errors.test.js'), 'the stack points at the caller');
});

test('KassaError can be constructed by callers (e.g. to rethrow)', () => {
  const e = new k.KassaError({ code: 'x-y', message: 'm' });
  // Without a text from the engine the message is `code: message` (docs/errors.md, "The text of an error").
  assert.deepEqual([e.code, e.path, e.detail, e.message, e.params, e.problems], ['x-y', '', 'm', 'x-y: m', {}, []]);
  const t = new k.KassaError({ code: 'x-y', path: '/a', message: 'm', text: 'x-y: /a: m' });
  assert.equal(t.message, 'x-y: /a: m');
});

test("message is the engine's one-line text, the same in every host", async () => {
  // conformance/cases/error-text.json has the same inputs; the expected texts are written by hand from the
  // format of docs/errors.md: code, the first problem's path and message, the others counted.
  const engine = await k.Engine.load(exampleText('rulebook.json'));
  const cart = exampleJson('cart.json');
  // TEE allows at most 10; MUG is inactive: the one more problem.
  cart.lines = [
    { sku: 'TEE', quantity: '12' },
    { sku: 'MUG', quantity: '1' },
  ];
  const e = throwsKassa(() => engine.quote(cart), {
    code: 'cart-invalid',
    message: 'cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)',
  });
  assert.equal(e.problems[0].message, 'quantity 12 is above the maximum of 10');
  engine.dispose();
  throwsKassa(() => k.round('1e3', 0, 'half-even'), {
    message: 'invalid-decimal: /value: invalid decimal "1e3" at position 1: exponent not allowed',
    detail: 'invalid decimal "1e3" at position 1: exponent not allowed',
  });
});

test('wrong types are TypeErrors naming the argument', () => {
  const cases = [
    [() => k.round(2.5, 0, 'half-even'), /value must be a decimal string.*number 2\.5.*floats/],
    [() => k.round('2.5', '0', 'half-even'), /scale must be an integer number, got the string "0"/],
    [() => k.round('2.5', 0, 'half_even'), /mode must be one of 'half-even', .*got the string "half_even"/],
    [() => k.roundMoney('1', null, 'up'), /currency must be a string, got null/],
    [() => k.allocate('1', 'EUR', '1,1'), /ratios must be an array/],
    [() => k.allocate('1', 'EUR', ['1', 2]), /ratios\[1\] must be a decimal string/],
    [() => k.toMinorUnits(12n, 'EUR'), /amount must be a decimal string.*bigint 12/],
    [() => k.validateField('iban ', 'x'), /kind must be one of/],
    [() => k.validateField('phone', '+49', 49), /country must be a string, got the number 49/],
    [() => k.currencyInfo(undefined), /code must be a string, got undefined/],
  ];
  for (const [f, re] of cases) assert.throws(f, (e) => e instanceof TypeError && re.test(e.message), String(re));
});

test('out-of-range u32 arguments are RangeErrors (jco would wrap -1 to 4294967295)', () => {
  assert.throws(() => k.round('1', -1, 'half-even'), RangeError);
  assert.throws(() => k.round('1', 1.5, 'half-even'), RangeError);
  assert.throws(() => k.allocateEvenly('1', 'EUR', 2 ** 32), RangeError);
});

test('bad input does not replace the instance', () => {
  const before = instanceGeneration();
  assert.throws(() => k.round(1, 0, 'half-even'), TypeError);
  assert.throws(() => k.canonicalDecimal('x'), k.KassaError);
  assert.equal(instanceGeneration(), before);
  assert.equal(k.round('2.5', 0, 'half-even'), '2');
});

test('versions(): engine and contract versions, data list', () => {
  const v = k.versions();
  assert.match(v.engineVersion, /^\d+\.\d+\.\d+/);
  assert.equal(v.contractVersion, '0.1.0'); // package kassa:engine@0.1.0 in wit/kassa.wit
  assert.ok(v.data.some((d) => d.name === 'iso-4217'));
  assert.match(k.COMPONENT_SHA256, /^[0-9a-f]{64}$/);
});
