// The inline entry (@kassa/engine/inline) compiles the base64-embedded module: no file, no fetch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as inline from '@kassa/engine/inline';

test('the inline entry needs no file', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => assert.fail('the inline entry must not fetch');
  try {
    await inline.init();
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.equal(inline.toMinorUnits('12.34', 'EUR'), '1234');
  assert.deepEqual(inline.allocateEvenly('1.00', 'EUR', 3), ['0.34', '0.33', '0.33']);
});
