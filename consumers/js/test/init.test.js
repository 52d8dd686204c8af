// Where the wasm comes from: the default file, a path, a file: URL, bytes, a compiled module, a Response, the
// inline (base64) entry; and a failed load that can be retried.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, test } from 'node:test';
import { init, isInitialized, KassaError, round } from '@kassa/engine';
import { forget } from '@kassa/engine/testing';

const WASM_URL = new URL('../gen/kassa.core.wasm', import.meta.url);
const bytes = readFileSync(WASM_URL);

afterEach(() => forget());

const works = async (options) => {
  await init(options);
  assert.equal(isInitialized(), true);
  assert.equal(round('-2.5', 0, 'half-up'), '-2');
};

test('default: the package file', () => works());
test('a file path', () => works({ wasm: fileURLToPath(WASM_URL) }));
test('a file: URL', () => works({ wasm: WASM_URL }));
test('bytes', () => works({ wasm: new Uint8Array(bytes) }));
test('an ArrayBuffer', () => works({ wasm: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }));
test('a compiled module', async () => works({ wasm: await WebAssembly.compile(bytes) }));
test('a Response (streaming compile)', () =>
  works({ wasm: new Response(bytes, { headers: { 'content-type': 'application/wasm' } }) }));
test('a promise of a Response without the wasm content type', () =>
  works({ wasm: Promise.resolve(new Response(bytes)) }));

test('a failed load is a host-error (wasm-load-failed) and can be retried', async () => {
  const e = await init({ wasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }).catch((e) => e);
  assert.ok(e instanceof KassaError);
  assert.equal(e.code, 'host-error');
  assert.equal(e.params.reason, 'wasm-load-failed');
  assert.ok(e.cause instanceof Error);
  assert.equal(isInitialized(), false);
  await works();
  const missing = await (forget(), init({ wasm: '/nonexistent/kassa.core.wasm' })).catch((e) => e);
  assert.equal(missing.params.reason, 'wasm-load-failed');
  assert.match(missing.message, /ENOENT/);
});
