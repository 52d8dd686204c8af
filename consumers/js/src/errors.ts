// KassaError: the one error type the package throws for engine failures, and the mapping from jco's
// ComponentError (whose message is the useless "[object Object]") to it.

import type * as W from '../gen/interfaces/kassa-engine-types.js';
import { params, problem } from './lift.js';
import type { Params, Problem } from './types.js';

/**
 * Failures outside the engine all carry the code `host-error` (docs/errors.md: the one code hosts add); which
 * one it is is in `params.reason`:
 * - `trap`: the engine trapped (an engine bug). This call failed; the instance was replaced, so the next call
 *   works again (live engines reload their rulebook on their next call).
 * - `not-initialized`: a stateless function was called before `await init()` or `await Engine.load(...)`.
 * - `disposed`: a method was called on an engine after `dispose()`.
 * - `wasm-load-failed`: the WebAssembly module could not be fetched or compiled.
 */
export type HostErrorReason = 'trap' | 'not-initialized' | 'disposed' | 'wasm-load-failed';

export interface KassaErrorInit {
  code: string;
  path?: string;
  message: string;
  params?: Params;
  problems?: Problem[];
}

/** A failed call: a stable kebab-case `code`, a JSON Pointer `path`, an English `message` and its `params`. */
export class KassaError extends Error {
  /** Stable kebab-case code (docs/errors.md); `host-error` for a {@link HostErrorReason}. */
  readonly code: string;
  /** JSON Pointer into the input ("" for the whole input). */
  readonly path: string;
  /** The parameters the message was rendered from, for translation. */
  readonly params: Params;
  /** Every finding when there are several (e.g. all problems of a rulebook); empty otherwise. */
  readonly problems: Problem[];

  constructor(init: KassaErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.name = 'KassaError';
    this.code = init.code;
    this.path = init.path ?? '';
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
  });
}

export function hostError(reason: HostErrorReason, message: string, cause?: unknown): KassaError {
  return new KassaError(
    { code: 'host-error', message, params: { reason } },
    cause === undefined ? undefined : { cause },
  );
}
