// The public API of @kassa/engine, shared by every entry point (node.ts, browser.ts, inline.ts): those only
// add how the wasm is found.

import { componentSha256 } from '../gen/component.js';
import * as lift from './lift.js';
import { call } from './runtime.js';
import type { About } from './types.js';

export type { Code } from './codes.js';
export { Engine } from './engine.js';
export { KassaError, type HostErrorReason, type KassaErrorInit } from './errors.js';
export * from './fields.js';
export * as fromWire from './from-wire.js';
export * from './money.js';
export { init, isInitialized, type InitOptions, type WasmSource } from './runtime.js';
export type * from './types.js';
export { toWire } from './wire.js';

/** Engine and contract versions, and the versions of the reference data compiled in. */
export function versions(): About {
  return call((k) => lift.about(k.meta.versions()));
}

/**
 * sha256 (hex) of the component build this entry loads by default: the browser build (dist/browser/kassa.wasm);
 * the node and workerd entries export the server build's (dist/kassa.wasm) under this name instead.
 */
export const COMPONENT_SHA256: string = componentSha256;
