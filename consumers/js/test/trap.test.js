// Trap recovery: the component's trap-for-testing export (a wasm `unreachable`), called through the private
// test hook, fails that call with a host-error (reason trap); the instance is replaced at once, and the next
// call — stateless or on an engine loaded before the trap — succeeds.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine, init, round, versions } from '@kassa/engine';
import { instanceGeneration, rawGlue, skippedDeadCalls, trapForTesting } from '@kassa/engine/testing';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

const trap = () => {
  const e = throwsKassa(trapForTesting, { code: 'host-error', params: { reason: 'trap' } });
  assert.match(e.message, /trapped/);
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the cause is the wasm trap');
  return e;
};

test('after a trap the next stateless call succeeds on a new instance', async () => {
  await init();
  const before = instanceGeneration();
  trap();
  assert.equal(instanceGeneration(), before + 1);
  assert.equal(round('2.5', 0, 'half-even'), '2');
  assert.equal(versions().contractVersion, '0.1.0');
});

test('an engine loaded before the trap works after it (its rulebook is reloaded)', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const info = engine.info();
  const quoteBefore = engine.quote(exampleJson('cart.json'));
  trap();
  assert.deepEqual(engine.info(), info);
  assert.deepEqual(engine.quote(exampleJson('cart.json')), quoteBefore);
  trap();
  trap();
  assert.deepEqual(engine.info(), info);
  engine.dispose();
});

test('disposing an engine whose handle belongs to a replaced instance is fine', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  trap();
  engine.dispose();
  assert.equal(engine.disposed, true);
  assert.equal(round('1.005', 2, 'half-even'), '1.00');
});

test('destructors of handles from a replaced instance never enter it (explicit and after GC)', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const rulebook = exampleText('rulebook.json');
  const oldGlue = rawGlue(); // keeps the old glue, and with it jco's FinalizationRegistry, alive
  const explicit = oldGlue.engineApi.Engine.load(rulebook);
  let collected = oldGlue.engineApi.Engine.load(rulebook);
  trap();
  const skipped = skippedDeadCalls();
  explicit[Symbol.dispose]();
  assert.equal(skippedDeadCalls(), skipped + 1);
  collected = null;
  for (let i = 0; i < 100 && skippedDeadCalls() === skipped + 1; i++) {
    gc();
    await sleep(10);
  }
  assert.equal(skippedDeadCalls(), skipped + 2, 'the finalizer of the collected handle was skipped');
  assert.equal(collected, null);
  assert.equal(round('0.125', 2, 'half-even'), '0.12');
  assert.equal(typeof oldGlue.meta.versions, 'function');
});
