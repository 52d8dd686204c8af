// Shared test helpers: the repository's example fixtures (canonical kebab-case JSON) in the package's
// camelCase shapes, and an assertion for KassaError.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KassaError } from '@kassa/engine';

const EXAMPLES = new URL('../../../examples/', import.meta.url);

/** Raw text of examples/<name> (the rulebook is loaded as text so its hash is that of the file). */
export const exampleText = (name) => readFileSync(new URL(name, EXAMPLES), 'utf8');

/** Canonical JSON keys (kebab-case) to the package's camelCase; values untouched. */
export function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(x)]),
  );
}

export const exampleJson = (name) => camelKeys(JSON.parse(exampleText(name)));

/** Runs f, expects a KassaError with the given fields (a subset), returns it. */
export function throwsKassa(f, expected) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof KassaError, `expected a KassaError, got ${err}`);
  assert.ok(err instanceof Error);
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(err[k], v, `KassaError.${k}`);
  assert.doesNotMatch(err.message, /\[object Object\]/);
  return err;
}
