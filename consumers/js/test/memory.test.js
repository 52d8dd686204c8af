// The memory cap: the module declares a 256 MiB maximum (4096 pages of 64 KiB: the `memory` limit of
// docs/limits.md, linked in by bindings/build.rs from kassa-core's table), so neither V8 nor any other host lets
// an instance grow past it. A call that needs memory beyond the cap fails as in every host, limit-exceeded with
// limit memory (the guest records the allocation the cap refused before it traps), and the instance is
// replaced like after any other trap.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, init, round } from '@kassa/engine';
import { instanceGeneration, instanceMemory, MEMORY_LIMIT_BYTES } from '@kassa/engine/testing';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

const PAGE = 65536;
const MAX_PAGES = (256 * 1024 * 1024) / PAGE;

test('the instance memory cannot grow past 256 MiB', async () => {
  assert.equal(MEMORY_LIMIT_BYTES, MAX_PAGES * PAGE, 'the generated limit is the documented 268435456');
  await init();
  const memory = instanceMemory();
  const pages = memory.buffer.byteLength / PAGE;
  assert.ok(pages < MAX_PAGES, `starts below the cap (${pages} pages)`);
  assert.throws(() => memory.grow(MAX_PAGES - pages + 1), RangeError);
  assert.equal(memory.grow(0), pages, 'a refused grow changes nothing');
  assert.equal(round('2.5', 0, 'half-even'), '2');
});

test('a call that needs memory beyond the cap is limit-exceeded, and the next call runs on a fresh instance', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const cart = exampleJson('cart.json');
  const expected = engine.quote(cart);
  const big = { ...cart, lines: Array.from({ length: 1000 }, () => cart.lines[0]) };

  // Take every page the cap leaves, so the engine's allocator can get no more.
  const memory = instanceMemory();
  memory.grow(MAX_PAGES - memory.buffer.byteLength / PAGE);
  assert.equal(memory.buffer.byteLength, MAX_PAGES * PAGE);
  const before = instanceGeneration();
  const e = throwsKassa(() => engine.quote(big), {
    code: 'limit-exceeded',
    path: '',
    params: { limit: 'memory', max: '268435456' },
    // The same text as in every host (core's MemoryExhausted, generated into limits.ts).
    message: 'limit-exceeded: limit memory exceeded: the call needs more than 268435456 bytes of memory',
  });
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the trap is the cause, not the text');
  assert.equal(instanceGeneration(), before + 1, 'the trapped instance was replaced');
  assert.ok(instanceMemory().buffer.byteLength < MAX_PAGES * PAGE, 'the new instance has its own memory');

  assert.deepEqual(engine.quote(cart), expected, 'the engine works again, with the same result');
  // With memory to spare the same input is an ordinary answer (the example rulebook refuses the cart), so the
  // failure above came from the cap, not from the input.
  throwsKassa(() => engine.quote(big), { code: 'cart-invalid' });
  engine.dispose();
});
