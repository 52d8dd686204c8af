// NOT public API: hooks for this package's own tests (@kassa/engine/testing). They may change at any time.

import { componentSha256 } from '../gen/component.js';
import { serverComponentSha256 } from '../gen/server-component.js';
import {
  type Root,
  currentGeneration,
  forgetForTesting,
  memoryForTesting,
  rawExports,
  skippedDeadCallsForTesting,
  trapNow,
} from './runtime.js';

/** The memory cap of an instance in bytes (the `memory` limit, generated from kassa-core's table). */
export { MEMORY_LIMIT_BYTES } from './limits.js';

/** Calls the component's trap-for-testing export through the normal call path (throws a host-error KassaError, reason trap). */
export function trapForTesting(): void {
  trapNow();
}

/** How many instances have been created so far (grows by one per trap). */
export function instanceGeneration(): number {
  return currentGeneration();
}

/** Drops the instance and the compiled module so that `init` can be tested again. */
export function forget(): void {
  forgetForTesting();
}

/** The jco glue's exports of the live instance, for benchmarks that compare the wrapper with the raw glue. */
export function rawGlue(): Root {
  return rawExports();
}

/** How many destructor calls into replaced (dead) instances were skipped, e.g. from jco's finalizers. */
export function skippedDeadCalls(): number {
  return skippedDeadCallsForTesting();
}

/** The live instance's linear memory (for tests of the 256 MiB cap the module declares). */
export function instanceMemory(): WebAssembly.Memory {
  return memoryForTesting();
}

/** sha256 (hex) of the two component builds the package carries (for runners that pick one explicitly). */
export const componentSha256s = { browser: componentSha256, server: serverComponentSha256 } as const;
