// KassaError: the one error type the package throws for engine failures, and the mapping from jco's
// ComponentError (whose message is the useless "[object Object]") to it. Its `message` is the engine's one-line
// text of the error, the same in every host (docs/errors.md, "The text of an error").

import type * as W from '../gen/interfaces/kassa-engine-types.js';
import { errorText, memoryExhausted } from './limits.js';
import { params, problem } from './lift.js';
import type { Params, Problem } from './types.js';

/**
 * Failures outside the engine all carry the code `host-error` (docs/errors.md: the one code hosts add); which
 * one it is is in `params.reason`:
 * - `trap`: the engine trapped (an engine bug). This call failed; the instance was replaced, so the next call
 *   works again (live engines reload their rulebook on their next call). The trap itself is the error's `cause`.
 * - `not-initialized`: a stateless function was called before `await init()` or `await Engine.load(...)`.
 * - `disposed`: a method was called on an engine after `dispose()`.
 * - `wasm-load-failed`: the WebAssembly module could not be fetched or compiled.
 * - `not-in-this-build`: the operation is not in the build this entry runs: refunds are in the server build (the
 *   node and workerd entries), not in the browser build (the default and /inline entries).
 */
export type HostErrorReason = 'trap' | 'not-initialized' | 'disposed' | 'wasm-load-failed' | 'not-in-this-build';

export interface KassaErrorInit {
  code: string;
  path?: string;
  /** The error's own message (the record's `message`; `detail` on the KassaError). */
  message: string;
  params?: Params;
  problems?: Problem[];
  /** The one-line text the engine wrote; `code: message` when left out. */
  text?: string;
}

/**
 * A failed call: a stable kebab-case `code`, a JSON Pointer `path`, an English `detail` and its `params`. Its
 * `message` is the error in one line, `code: path: detail (and N more problems)`, with the first problem's path
 * and message when there are problems: the text every host shows for the same failure.
 */
export class KassaError extends Error {
  /** Stable kebab-case code (docs/errors.md); `host-error` for a {@link HostErrorReason}. */
  readonly code: string;
  /** JSON Pointer into the input ("" for the whole input). */
  readonly path: string;
  /** The error's own message, without code and path (the record's `message`; Go `Message`, Python `message`). */
  readonly detail: string;
  /** The parameters the message was rendered from, for translation. */
  readonly params: Params;
  /** Every finding when there are several (e.g. all problems of a rulebook); empty otherwise. */
  readonly problems: Problem[];

  constructor(init: KassaErrorInit, options?: { cause?: unknown }) {
    super(init.text || errorText(init.code, init.message), options);
    this.name = 'KassaError';
    this.code = init.code;
    this.path = init.path ?? '';
    this.detail = init.message;
    this.params = init.params ?? {};
    this.problems = init.problems ?? [];
  }
}

// ---- from the component's shapes -------------------------------------------------------------------------

/** True for jco's ComponentError: an Error whose `payload` is the WIT `error` record. */
export function isComponentError(e: unknown): e is Error & { payload: W.Error } {
  if (!(e instanceof Error) || !('payload' in e)) return false;
  const p = (e as { payload: unknown }).payload;
  return typeof p === 'object' && p !== null && typeof (p as W.Error).code === 'string';
}

export function fromComponentError(e: Error & { payload: W.Error }): KassaError {
  const p = e.payload;
  return new KassaError({
    code: p.code,
    path: p.path,
    message: p.message,
    params: params(p.params),
    problems: p.problems.map(problem),
    text: p.text,
  });
}

/** The error of a call stopped at the instance's memory cap of `max` bytes: limit-exceeded, limit memory. */
export function memoryError(max: number, cause: unknown): KassaError {
  return new KassaError(memoryExhausted(max), { cause });
}

export function hostError(reason: HostErrorReason, message: string, cause?: unknown): KassaError {
  return new KassaError(
    { code: 'host-error', message, params: { reason } },
    cause === undefined ? undefined : { cause },
  );
}
