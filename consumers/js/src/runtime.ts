// The one component instance behind every Engine and helper: loading the wasm, instantiating, and replacing
// the instance after a trap.
//
// Loading is asynchronous (fetch / read + compile, once); instantiating is synchronous (jco's
// `--instantiation sync` glue over the compiled module). That is what lets every call stay synchronous and
// still recover inside the call that trapped: a trapped instance is dropped and a new one is made from the
// cached module before the KassaError (code host-error, reason trap) is thrown, so the very next call works.
// Engines notice the new generation and reload their rulebook on their next call.
//
// The jco glue comes from the entry point (`setGlue`): the browser and /inline entries hand over the browser
// build's small glue, node and workerd the server build's (which adds refunds, replay and JSON field batches). Importing neither here
// keeps the server glue out of a browser bundle. Either glue drives either build's module (scripts/build.mjs
// checks it); those work when the glue and the module both have them (`hasServerOps`).

import type { instantiate as BrowserInstantiate, Root as BrowserRoot } from '../gen/kassa.js';
import type { Root as ServerRoot } from '../gen/server/kassa.js';
import { smallModules } from '../gen/small-modules.js';
import { fromComponentError, hostError, isComponentError, KassaError, memoryError } from './errors.js';
import { MEMORY_LIMIT_BYTES } from './limits.js';

/** Where the core WebAssembly module comes from. */
export type WasmSource =
  | string
  | URL
  | Response
  | PromiseLike<Response>
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module;

export interface InitOptions {
  /**
   * The core module `kassa.core.wasm` shipped in this package (`@kassa/engine/kassa.core.wasm`). Default: next
   * to the package's JavaScript (fetched in browsers, read from disk in Node). Ignored once initialised.
   */
  wasm?: WasmSource;
}

/** How an entry point (node, browser) turns a source, or nothing (its default file), into a compiled module. */
export type Loader = (source: WasmSource | undefined) => Promise<WebAssembly.Module>;

const CORE = 'kassa.core.wasm';
/**
 * The core module's exports behind `refund-json`, `replay-json` and `validate-fields-json` (world `kassa` only: the
 * browser build leaves them out).
 */
const SERVER_EXPORTS = [
  /^kassa:engine\/refunds-json@[^#]*#refund-json$/,
  /^kassa:engine\/replay-json@[^#]*#replay-json$/,
  /^kassa:engine\/wire@[^#]*#validate-fields-json$/,
];

/** A jco glue's (sync) instantiate: the browser build's, or the server build's, whose root adds refunds and replay. */
export type Instantiate = (...args: Parameters<typeof BrowserInstantiate>) => BrowserRoot | ServerRoot;
/** What a call sees of the live instance: the browser build's exports, and refunds, replay and wire when this build has them. */
export type Root = BrowserRoot & Partial<Pick<ServerRoot, 'refundsJson' | 'replayJson' | 'wire'>>;

let glue: Instantiate | undefined;
let serverOps = false; // the live instance's glue and module both have refund-json, replay-json, validate-fields-json

let loader: Loader | undefined;
/** Set by the /inline entry: replaces the default file, explicit sources still go to `loader`. */
let inlineDefault: (() => Promise<WebAssembly.Module>) | undefined;
/**
 * Set by the workerd entry: every core module, compiled by the platform before the worker starts (edge runtimes
 * refuse to compile wasm from bytes at run time, even jco's tiny trampoline modules).
 */
let precompiled: ReadonlyMap<string, WebAssembly.Module> | undefined;
let compiling: Promise<Map<string, WebAssembly.Module>> | undefined;
/** kassa.core.wasm and jco's small trampoline modules, by the name the glue asks for. */
let modules: Map<string, WebAssembly.Module> | undefined;
let current: Root | undefined;
let served = 0; // calls started on the live instance
/** The latest `call`: a count, whether its instance had served a call before, and whether it was replaced (otel.ts). */
export const lastCall = { n: 0, reused: false, discarded: false };
let coreMemory: WebAssembly.Memory | undefined; // the live instance's linear memory
// The address of the guest's record of an allocation its memory cap refused (bindings/src/alloc.rs).
let allocFailed: number | undefined;
let generation = 0;

/** Called by the node and browser entry points. */
export function setLoader(l: Loader): void {
  loader = l;
}

/** Called by every entry point with its jco glue (the last one imported wins: each drives either module). */
export function setGlue(instantiate: Instantiate): void {
  glue = instantiate;
}

/** Called by the /inline entry. */
export function setInlineDefault(f: () => Promise<WebAssembly.Module>): void {
  inlineDefault = f;
}

/** Called by the workerd entry, with the modules the worker imported (by the file names jco gave them). */
export function setPrecompiled(modules: Record<string, WebAssembly.Module>): void {
  precompiled = new Map(Object.entries(modules));
}

async function loadModule(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  const ready = source === undefined ? precompiled?.get(CORE) : undefined;
  if (ready) return ready;
  if (source === undefined && inlineDefault) return inlineDefault();
  if (loader) return loader(source);
  // Only the /inline entry was imported: explicit sources without platform help.
  const s = source as WasmSource;
  return (await compileCommon(s)) ?? compileResponse(await fetch(s as string | URL));
}

/** Compiles a source that needs no platform help; `undefined` when the platform must handle it. */
export async function compileCommon(source: WasmSource): Promise<WebAssembly.Module | undefined> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source as BufferSource);
  if (typeof source === 'object' && source !== null && 'then' in source) return compileResponse(await source);
  if (typeof Response !== 'undefined' && source instanceof Response) return compileResponse(source);
  return undefined;
}

/** Streaming compile when the server sends application/wasm, a buffered compile otherwise. */
export async function compileResponse(res: Response): Promise<WebAssembly.Module> {
  if (!res.ok) throw new Error(`fetching ${res.url || 'the wasm'} failed: HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

/**
 * Fetches and compiles the engine once, and instantiates it. Safe to call many times and concurrently: every
 * caller waits for the same compile. A failed load can be retried.
 */
export async function init(options: InitOptions = {}): Promise<void> {
  if (current) return;
  if (!compiling) {
    compiling = compileAll(options.wasm).catch((e: unknown) => {
      compiling = undefined;
      throw hostError(
        'wasm-load-failed',
        `loading the Kassa engine failed: ${e instanceof Error ? e.message : String(e)}`,
        e,
      );
    });
  }
  const m = await compiling;
  if (!current) {
    modules = m;
    renew();
  }
}

async function compileAll(source: WasmSource | undefined): Promise<Map<string, WebAssembly.Module>> {
  if (!glue) throw new Error('no jco glue: import @kassa/engine through one of its entry points');
  const small = Object.entries(smallModules).map(
    async ([name, b64]) => [name, precompiled?.get(name) ?? (await WebAssembly.compile(base64(b64)))] as const,
  );
  return new Map([[CORE, await loadModule(source)], ...(await Promise.all(small))]);
}

export function base64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** True once `init` (or `Engine.load`) has finished. */
export function isInitialized(): boolean {
  return current !== undefined;
}

/** Makes a fresh instance from the cached modules; engines reload lazily on their next call. */
function renew(): void {
  const m = modules as Map<string, WebAssembly.Module>;
  const gen = generation + 1;
  const core = m.get(CORE) as WebAssembly.Module;
  const root: Root = (glue as Instantiate)(
    (name) => {
      const mod = m.get(name);
      if (!mod) throw new Error(`unexpected core module ${name}`);
      return mod;
    },
    {},
    (module, imports) => {
      const instance = new WebAssembly.Instance(module, imports);
      if (module === m.get(CORE)) {
        coreMemory = instance.exports.memory as WebAssembly.Memory;
        const record = instance.exports.kassa_alloc_failed;
        allocFailed = record instanceof WebAssembly.Global ? Number(record.value) : undefined;
      }
      // The main module is only entered through `call`; the small trampoline modules are also entered from
      // jco's FinalizationRegistry (resource destructors after GC), which must never reach a dead instance.
      return module === m.get(CORE) ? instance : ({ exports: guarded(instance.exports, gen) } as WebAssembly.Instance);
    },
  );
  const exported = WebAssembly.Module.exports(core);
  serverOps =
    root.refundsJson !== undefined &&
    root.replayJson !== undefined &&
    root.wire !== undefined &&
    SERVER_EXPORTS.every((x) => exported.some((e) => x.test(e.name)));
  current = root;
  generation = gen;
  poisoned = false;
  served = 0;
}

let depth = 0; // > 0 while `call` runs
let poisoned = false; // a destructor trapped outside `call`: replace the instance before the next call
let skippedDeadCalls = 0;

/**
 * Wraps a trampoline module's functions. After the instance is replaced they do nothing (a destructor for
 * dead memory is pointless and may trap again). A trap in a destructor run by the garbage collector (outside
 * `call`) would be an uncaught exception in a finalizer, so it is swallowed and the instance marked poisoned.
 */
function guarded(exports: WebAssembly.Exports, gen: number): WebAssembly.Exports {
  const out: WebAssembly.Exports = {};
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function') {
      out[name] = value;
      continue;
    }
    out[name] = (...args: unknown[]) => {
      if (gen !== generation) {
        skippedDeadCalls++;
        return undefined;
      }
      if (depth > 0) return (value as (...a: unknown[]) => unknown)(...args);
      try {
        return (value as (...a: unknown[]) => unknown)(...args);
      } catch {
        poisoned = true;
        return undefined;
      }
    };
  }
  return out;
}

/** Whether the guest recorded an allocation its memory cap refused (it traps right after). */
function outOfMemory(): boolean {
  if (allocFailed === undefined || !coreMemory) return false;
  return new DataView(coreMemory.buffer).getUint32(allocFailed, true) !== 0;
}

/**
 * Runs `f` against the current instance and maps what comes out: a ComponentError becomes a KassaError; a
 * trap (any exception from inside wasm) replaces the instance and becomes a KassaError: limit-exceeded (limit
 * memory) when the guest ran out of memory, else host-error (reason trap), with the trap as its `cause`; other
 * exceptions (TypeErrors the glue raises before entering wasm) pass through, after replacing the instance
 * all the same because the glue may have allocated guest memory.
 */
export function call<R>(f: (k: Root, generation: number) => R): R {
  if (!current) {
    throw hostError('not-initialized', 'the Kassa engine is not loaded yet: await init() or Engine.load() first');
  }
  if (poisoned) renew();
  const k = current;
  lastCall.n++;
  lastCall.reused = served++ > 0;
  lastCall.discarded = false;
  depth++;
  try {
    return f(k, generation);
  } catch (e) {
    if (isComponentError(e)) throw fromComponentError(e);
    if (e instanceof KassaError) throw e;
    lastCall.discarded = true;
    const exhausted = outOfMemory(); // read before the instance (and its memory) is replaced
    renew();
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      if (exhausted) throw memoryError(MEMORY_LIMIT_BYTES, e);
      throw hostError('trap', 'the engine trapped; its instance was replaced, so the next call works', e);
    }
    throw e;
  } finally {
    depth--;
  }
}

/**
 * Whether the live instance can refund, replay and validate a field batch on JSON: the server build (world `kassa`)
 * under the server glue, i.e. the node and workerd entries with their default module. The browser build leaves
 * these out (wit/kassa.wit, `kassa-js`).
 */
export function hasServerOps(): boolean {
  return serverOps;
}

/** The generation of the live instance: an engine whose handle is older must reload. */
export function currentGeneration(): number {
  return generation;
}

/** Test hooks (exported through @kassa/engine/testing only). */
export function rawExports(): Root {
  return call((k) => k);
}

export function trapNow(): void {
  call((k) => k.meta.trapForTesting());
}

export function skippedDeadCallsForTesting(): number {
  return skippedDeadCalls;
}

export function forgetForTesting(): void {
  current = undefined;
  modules = undefined;
  compiling = undefined;
}

export function memoryForTesting(): WebAssembly.Memory {
  if (!coreMemory) throw new Error('not initialized');
  return coreMemory;
}
