// The memory cap: the module declares a 256 MiB maximum (4096 pages of 64 KiB; Makefile, --max-memory), so
// neither V8 nor any other host lets an instance grow past it. A call that needs memory beyond the cap traps
// (the allocator's memory.grow fails), and the instance is replaced like after any other trap.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, init, round } from '@kassa/engine';
import { instanceGeneration, instanceMemory } from '@kassa/engine/testing';
import { exampleJson, exampleText, throwsKassa } from './helpers.js';

const PAGE = 65536;
const MAX_PAGES = (256 * 1024 * 1024) / PAGE;

test('the instance memory cannot grow past 256 MiB', async () => {
  await init();
  const memory = instanceMemory();
  const pages = memory.buffer.byteLength / PAGE;
  assert.ok(pages < MAX_PAGES, `starts below the cap (${pages} pages)`);
  assert.throws(() => memory.grow(MAX_PAGES - pages + 1), RangeError);
  assert.equal(memory.grow(0), pages, 'a refused grow changes nothing');
  assert.equal(round('2.5', 0, 'half-even'), '2');
});

test('a call that needs memory beyond the cap traps, and the next call runs on a fresh instance', async () => {
  const engine = await Engine.load(exampleText('rulebook.json'));
  const cart = exampleJson('cart.json');
  const expected = engine.quote(cart);
  const big = { ...cart, lines: Array.from({ length: 1000 }, () => cart.lines[0]) };

  // Take every page the cap leaves, so the engine's allocator can get no more.
  const memory = instanceMemory();
  memory.grow(MAX_PAGES - memory.buffer.byteLength / PAGE);
  assert.equal(memory.buffer.byteLength, MAX_PAGES * PAGE);
  const before = instanceGeneration();
  throwsKassa(() => engine.quote(big), { code: 'host-error', params: { reason: 'trap' } });
  assert.equal(instanceGeneration(), before + 1, 'the trapped instance was replaced');
  assert.ok(instanceMemory().buffer.byteLength < MAX_PAGES * PAGE, 'the new instance has its own memory');

  assert.deepEqual(engine.quote(cart), expected, 'the engine works again, with the same result');
  // With memory to spare the same input is an ordinary answer (the example rulebook refuses the cart), so the
  // trap above came from the cap, not from the input.
  throwsKassa(() => engine.quote(big), { code: 'cart-invalid' });
  engine.dispose();
});
