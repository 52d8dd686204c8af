// Field validators through the public API. Valid values are published examples (the IBAN registry's
// DE89 3704 0044 0532 0130 00, test card 4111 1111 1111 1111, BIC DEUTDEFF) or constructed by hand (Luhn,
// MOD 97 broken by changing one digit).

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as k from '@kassa/engine';

before(() => k.init());

const codes = (r) => r.problems.map((p) => p.code);

test('validateField: a valid IBAN is normalised and explained', () => {
  const r = k.validateField('iban', 'de89 3704 0044 0532 0130 00');
  assert.equal(r.valid, true);
  assert.equal(r.normalized, 'DE89370400440532013000'); // spaces stripped, upper-cased
  assert.deepEqual(r.problems, []);
  assert.equal(r.details.country, 'DE');
  assert.equal(typeof r.details, 'object'); // a Record, not [{name, value}]
  assert.ok(!Array.isArray(r.details));
});

test('validateIban: a wrong check digit is reported as a problem, not thrown', () => {
  const r = k.validateIban('DE88 3704 0044 0532 0130 00'); // 88 instead of 89
  assert.equal(r.valid, false);
  assert.equal(r.normalized, null);
  assert.deepEqual(codes(r), ['iban-checksum']);
  const p = r.problems[0];
  assert.deepEqual(Object.keys(p).sort(), ['code', 'message', 'params', 'path', 'severity']);
  assert.equal(p.severity, 'error');
  assert.equal(typeof p.params, 'object');
});

test('validateCardNumber: Luhn', () => {
  assert.equal(k.validateCardNumber('4111 1111 1111 1111').valid, true);
  assert.deepEqual(codes(k.validateCardNumber('4111 1111 1111 1112')), ['card-checksum']);
});

test('validateBic, validateEmail, validateCountryCode, validateCurrencyCode', () => {
  assert.equal(k.validateBic('DEUTDEFF').valid, true);
  assert.equal(k.validateBic('DEUTDEFF500').valid, true);
  assert.deepEqual(codes(k.validateBic('DEUT')), ['invalid-bic']);
  assert.equal(k.validateEmail('someone@example.com').valid, true);
  assert.deepEqual(codes(k.validateEmail('anna.example.com')), ['invalid-email']);
  assert.equal(k.validateCountryCode('de').normalized, 'DE');
  assert.deepEqual(codes(k.validateCountryCode('ZZ')), ['unknown-country']);
  assert.equal(k.validateCurrencyCode('eur').normalized, 'EUR');
  assert.deepEqual(codes(k.validateCurrencyCode('EURO')), ['invalid-currency-code']);
});

test('validatePhone: international form is E.164; national form needs the country', () => {
  const r = k.validatePhone('+49 30 901820'); // Berlin's city hall switchboard
  assert.equal(r.valid, true);
  assert.equal(r.normalized, '+4930901820');
  assert.equal(k.validatePhone('030 901820', 'DE').normalized, '+4930901820'); // trunk prefix 0 dropped
  assert.deepEqual(codes(k.validatePhone('030 901820')), ['country-required']);
});

test('validatePostalCode: per-country format', () => {
  assert.equal(k.validatePostalCode('10115', 'DE').valid, true);
  assert.deepEqual(codes(k.validatePostalCode('1011', 'DE')), ['invalid-postal-code']);
  assert.deepEqual(codes(k.validateField('postal-code', '10115')), ['country-required']);
});

test('validateVatId: German VAT id check digit', () => {
  // DE136695976: the example in the German federal tax office's (BZSt) documentation; last digit changed below.
  assert.equal(k.validateVatId('DE136695976').valid, true);
  assert.deepEqual(codes(k.validateVatId('DE136695977')), ['vat-checksum']);
});

test('validateField accepts null and undefined as "no country"', () => {
  assert.deepEqual(k.validateField('iban', 'DE89370400440532013000', null), k.validateIban('DE89370400440532013000'));
});

test('validateFields: one result per request, in order, the same as validateField', () => {
  const requests = [
    { kind: 'iban', value: 'de89 3704 0044 0532 0130 00' },
    { kind: 'email', value: 'not an e-mail' },
    { kind: 'postal-code', value: '10115', country: 'DE' },
    { kind: 'card-number', value: '4111 1111 1111 1112', country: null },
  ];
  const results = k.validateFields(requests);
  assert.equal(results.length, 4);
  assert.deepEqual(
    results.map((r) => [r.valid, r.normalized]),
    [
      [true, 'DE89370400440532013000'],
      [false, null],
      [true, '10115'],
      [false, null],
    ],
  );
  assert.deepEqual(codes(results[3]), ['card-checksum']);
  requests.forEach((q, i) => assert.deepEqual(results[i], k.validateField(q.kind, q.value, q.country)));
  assert.deepEqual(k.validateFields([]), []);
});

test('validateFields: more than 10000 requests is limit-exceeded; bad requests are TypeErrors', () => {
  const many = Array.from({ length: 10001 }, () => ({ kind: 'country-code', value: 'DE' }));
  assert.throws(
    () => k.validateFields(many),
    (e) => e instanceof k.KassaError && e.code === 'limit-exceeded' && e.params.limit === 'field-requests',
  );
  assert.equal(k.validateFields(many.slice(0, 10000)).length, 10000);
  assert.throws(() => k.validateFields([{ kind: 'zip', value: '1' }]), /requests\[0\]\.kind must be one of/);
  assert.throws(() => k.validateFields([{ kind: 'iban', valu: 'x' }]), /unknown key 'valu'/);
});

test('validateFields: a batch whose JSON is over the engine input limit (8 MiB) still validates, crossing typed', () => {
  // The node entry sends a batch as JSON (validate-fields-json); nine 1 MiB e-mail addresses are 9 MiB of it,
  // over input-bytes (docs/limits.md), so they cross as records. Each local part is over 64 characters (RFC 5321).
  const big = Array.from({ length: 9 }, () => ({ kind: 'email', value: 'a'.repeat(1 << 20) + '@example.com' }));
  assert.deepEqual(
    k.validateFields(big).map((r) => r.problems[0]?.code),
    Array(9).fill('email-too-long'),
  );
});
