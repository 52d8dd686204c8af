// Concurrent async callers: many tasks loading engines and calling the API with awaits in between (and a trap
// in the middle) get exactly the results of the same calls made one after another.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, Engine, init, round, validateIban } from '@kassa/engine';
import { instanceGeneration, trapForTesting } from '@kassa/engine/testing';
import { exampleJson, exampleText } from './helpers.js';

const rulebook = exampleText('rulebook.json');
const cart = exampleJson('cart.json');
const order = exampleJson('order.json');
const tick = () => new Promise((r) => setTimeout(r, 0));

async function task(i) {
  const engine = await Engine.load(rulebook); // the first tasks race on the one wasm compile
  const out = [];
  for (let j = 0; j < 5; j++) {
    await tick();
    const c = {
      ...cart,
      lines: cart.lines.map((l, n) => (n === 0 ? { ...l, quantity: String(1 + ((i + j) % 9)) } : l)),
    };
    out.push(engine.quote(c).grandTotal, engine.validate(order).valid, round(`${i}.${j}5`, 1, 'half-even'));
    out.push(allocate('10.00', 'EUR', ['1', String(i + 1)]), validateIban('DE89370400440532013000').valid);
  }
  engine.dispose();
  return out;
}

test('parallel tasks give the same results as serial ones, across a trap', async () => {
  const N = 12;
  const parallel = Promise.all(Array.from({ length: N }, (_, i) => task(i)));
  // Trap while the tasks are in flight (after the shared compile): every task keeps working.
  await init();
  await tick();
  const gen = instanceGeneration();
  try {
    trapForTesting();
  } catch {
    /* expected: host-error, reason trap */
  }
  assert.equal(instanceGeneration(), gen + 1);
  const got = await parallel;
  const serial = [];
  for (let i = 0; i < N; i++) serial.push(await task(i));
  assert.deepEqual(got, serial);
  // Hand-checked anchors (5 values per step j): task 1 step 0 prices TEE x2, i.e. the example cart (82.80);
  // task 3 step 0 rounds 3.05 -> 3.0 and step 2 rounds 3.25 -> 3.2 (ties to even).
  assert.equal(serial[1][0], '82.80');
  assert.equal(serial[3][2], '3.0');
  assert.equal(serial[3][12], '3.2');
});
