// The two builds the package carries: Node's entry loads the server build (gen/kassa.server.core.wasm) by
// default, the browser build (gen/kassa.core.wasm) can be chosen with init({ wasm }), and both give the same
// answers. (The conformance suite compares them on every case: the node and node-z runners.)

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { COMPONENT_SHA256, Engine, init } from '@kassa/engine';
import { componentSha256s, forget } from '@kassa/engine/testing';
import { exampleJson, exampleText } from './helpers.js';

afterEach(() => forget());

const sha256 = (url) => createHash('sha256').update(readFileSync(url)).digest('hex');
const DIST = new URL('../../../dist/', import.meta.url);

test('the node entry names the server build, and the two builds are different files', () => {
  assert.equal(COMPONENT_SHA256, componentSha256s.server);
  assert.notEqual(componentSha256s.server, componentSha256s.browser);
  const server = new URL('../gen/kassa.server.core.wasm', import.meta.url);
  const browser = new URL('../gen/kassa.core.wasm', import.meta.url);
  assert.notEqual(sha256(server), sha256(browser));
  // Built from the repository's dist/ (make build): the hashes are those of its two components.
  if (existsSync(new URL('kassa.wasm', DIST))) {
    assert.equal(componentSha256s.server, sha256(new URL('kassa.wasm', DIST)));
    assert.equal(componentSha256s.browser, sha256(new URL('browser/kassa.wasm', DIST)));
  }
});

async function quoteWith(wasm) {
  forget();
  await init(wasm === undefined ? {} : { wasm });
  const engine = await Engine.load(exampleText('rulebook.json'));
  try {
    return [engine.quote(exampleJson('cart.json')), engine.quote(exampleJson('cart-promo.json'))];
  } finally {
    engine.dispose();
  }
}

test('the default (server) build and the browser build quote alike', async () => {
  const server = await quoteWith(undefined);
  const browser = await quoteWith(new URL('../gen/kassa.core.wasm', import.meta.url));
  assert.equal(server[0].grandTotal, '82.80'); // examples/cart.json, worked out by hand in core/tests/quote.rs
  assert.deepEqual(browser, server);
});
