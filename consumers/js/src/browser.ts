// Entry point for browsers and bundlers (the "default" export condition): fetches kassa.core.wasm with
// streaming compile. `new URL('…', import.meta.url)` is the pattern Vite, Rollup, webpack 5 and esbuild
// recognise, so bundlers copy the wasm and rewrite the URL.

import { instantiate } from '../gen/kassa.js';
import { compileCommon, setGlue, setLoader, type WasmSource } from './runtime.js';

async function load(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  const s = source ?? new URL('../gen/kassa.core.wasm', import.meta.url);
  const common = await compileCommon(s);
  if (common) return common;
  return compileCommon(fetch(s as string | URL)) as Promise<WebAssembly.Module>;
}

setLoader(load);
setGlue(instantiate);

export * from './index.js';
