// Money helpers through the public API. Expected values are hand-computed (shown in comments) or taken from
// the rounding table in wit/kassa.wit and the ISO 4217 list; never from the engine's own output.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as k from '@kassa/engine';
import { throwsKassa } from './helpers.js';

before(() => k.init());

test('round: every mode of the WIT table at scale 0', () => {
  // wit/kassa.wit, rounding-mode: columns 2.5, -2.5, 2.4, -2.6.
  const table = {
    'half-even': ['2', '-2', '2', '-3'],
    'half-away-from-zero': ['3', '-3', '2', '-3'],
    'half-toward-zero': ['2', '-2', '2', '-3'],
    'half-up': ['3', '-2', '2', '-3'],
    'half-down': ['2', '-3', '2', '-3'],
    up: ['3', '-3', '3', '-3'],
    down: ['2', '-2', '2', '-2'],
    ceiling: ['3', '-2', '3', '-2'],
    floor: ['2', '-3', '2', '-3'],
  };
  for (const [mode, want] of Object.entries(table)) {
    const got = ['2.5', '-2.5', '2.4', '-2.6'].map((v) => k.round(v, 0, mode));
    assert.deepEqual(got, want, mode);
  }
});

test('round: scales and trailing zeros', () => {
  assert.equal(k.round('2.45', 1, 'half-even'), '2.4'); // tie, 4 is even
  assert.equal(k.round('2.55', 1, 'half-even'), '2.6'); // tie, 6 is even
  assert.equal(k.round('1.005', 2, 'half-away-from-zero'), '1.01'); // exact decimal: a float would give 1.00
  assert.equal(k.round('-0.004', 2, 'half-even'), '0.00'); // no "-0.00"
});

test('roundToIncrement', () => {
  assert.equal(k.roundToIncrement('1.03', '0.05', 'half-even'), '1.05'); // 1.03/0.05 = 20.6 -> 21 x 0.05
  assert.equal(k.roundToIncrement('1.02', '0.05', 'half-even'), '1.00'); // 20.4 -> 20
  assert.equal(k.roundToIncrement('7', '5', 'floor'), '5');
});

test('roundMoney: to the currency minor units', () => {
  assert.equal(k.roundMoney('2.345', 'EUR', 'half-even'), '2.34'); // tie, 4 even
  assert.equal(k.roundMoney('2.5', 'EUR', 'half-even'), '2.50'); // pads to 2 decimals
  assert.equal(k.roundMoney('1234.5', 'JPY', 'half-up'), '1235'); // JPY has 0 minor units
  assert.equal(k.roundMoney('1.2345', 'BHD', 'half-even'), '1.234'); // BHD has 3; tie, 4 even
});

test('cashRound: CHF to 0.05, EUR (no cash increment) to cents', () => {
  assert.equal(k.cashRound('1.03', 'CHF', 'half-even'), '1.05');
  assert.equal(k.cashRound('1.02', 'CHF', 'half-even'), '1.00');
  assert.equal(k.cashRound('1.024', 'EUR', 'half-even'), '1.02');
});

test('toMinorUnits / fromMinorUnits', () => {
  assert.equal(k.toMinorUnits('12.34', 'EUR'), '1234');
  assert.equal(k.toMinorUnits('500', 'JPY'), '500');
  assert.equal(k.toMinorUnits('1.5', 'BHD'), '1500');
  assert.equal(k.fromMinorUnits('1234', 'EUR'), '12.34');
  assert.equal(k.fromMinorUnits('5', 'EUR'), '0.05');
  assert.equal(k.fromMinorUnits('1234', 'BHD'), '1.234');
  throwsKassa(() => k.toMinorUnits('12.345', 'EUR'), { code: 'precision-loss' });
});

test('allocate: largest remainder, parts sum to the amount', () => {
  assert.deepEqual(k.allocate('2.00', 'EUR', ['1', '1', '1']), ['0.67', '0.67', '0.66']); // 200 = 67+67+66
  assert.deepEqual(k.allocate('100', 'JPY', ['1', '2']), ['33', '67']); // 33.33 / 66.67: .67 takes the rest
  assert.deepEqual(k.allocate('10.00', 'EUR', ['70', '30']), ['7.00', '3.00']);
});

test('allocateEvenly: earlier parts take the extra minor units', () => {
  assert.deepEqual(k.allocateEvenly('10.00', 'EUR', 3), ['3.34', '3.33', '3.33']); // 1000 = 334+333+333
  assert.deepEqual(k.allocateEvenly('5', 'JPY', 2), ['3', '2']);
});

test('currencyInfo: ISO 4217 entries', () => {
  assert.deepEqual(k.currencyInfo('JPY'), {
    code: 'JPY',
    numeric: '392',
    minorUnits: 0,
    name: 'Yen',
    cashIncrement: null,
  });
  const chf = k.currencyInfo('CHF');
  assert.equal(chf.numeric, '756');
  assert.equal(chf.minorUnits, 2);
  assert.equal(chf.cashIncrement, '0.05');
  assert.equal(k.currencyInfo('EUR').numeric, '978');
  assert.equal(k.currencyInfo('BHD').minorUnits, 3);
  throwsKassa(() => k.currencyInfo('XXY'), { code: 'unknown-currency' });
});

test('canonicalDecimal: strict syntax, canonical form', () => {
  assert.equal(k.canonicalDecimal('-0.00'), '0.00');
  assert.equal(k.canonicalDecimal('1.50'), '1.50');
  assert.equal(k.canonicalDecimal('-12'), '-12');
  for (const bad of ['+1', '01', '1e3', '.5', '5.', '', ' 1', '1,5']) {
    throwsKassa(() => k.canonicalDecimal(bad), { code: 'invalid-decimal' });
  }
});

test('a money error carries code, path, message and params', () => {
  const e = throwsKassa(() => k.round('abc', 0, 'half-even'), { code: 'invalid-decimal', name: 'KassaError' });
  assert.equal(typeof e.path, 'string');
  assert.ok(e.message.length > 0);
  assert.equal(e.params.input, 'abc');
  assert.equal(e.params.position, '0');
  assert.deepEqual(e.problems, []);
  throwsKassa(() => k.roundMoney('1', 'EURO', 'half-even'), { code: 'unknown-currency' });
});
