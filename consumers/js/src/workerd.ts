// Entry point for Cloudflare Workers and other workerd hosts (the "workerd" export condition). workerd refuses
// to compile wasm from bytes at run time, so this entry imports every core module statically: the platform
// (wrangler's bundler, or a `wasm = embed` module in a workerd config) compiles them before the worker starts
// and hands them over as `WebAssembly.Module`s. `init({ wasm })` still takes a module of your own. The server
// build, under its own jco glue (gen/server/kassa.js): refunds included.

import { instantiate } from '../gen/server/kassa.js';
import { serverComponentSha256 } from '../gen/server-component.js';
import { wasmModules } from '../gen/wasm-modules.js';
import { setGlue, setPrecompiled } from './runtime.js';

setGlue(instantiate);
setPrecompiled(wasmModules);

export * from './index.js';
/** sha256 (hex) of the component build this entry runs: the server build (dist/kassa.wasm). */
export const COMPONENT_SHA256: string = serverComponentSha256;
