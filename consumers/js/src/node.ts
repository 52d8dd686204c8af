// Entry point for Node (the "node" export condition): reads the server build, kassa.server.core.wasm, from disk by
// default (opt-level 3: larger than the browser build and 1.5-1.8x faster); a URL source is fetched, a path or
// file: URL is read (`@kassa/engine/kassa.core.wasm` is the small browser build, which has no refunds). Drives it
// with the server build's jco glue (gen/server/kassa.js), which adds refunds to the browser build's.

import { instantiate } from '../gen/server/kassa.js';
import { readFile } from 'node:fs/promises';
import { serverComponentSha256 } from '../gen/server-component.js';
import { compileCommon, setGlue, setLoader, type WasmSource } from './runtime.js';

const DEFAULT = new URL('../gen/kassa.server.core.wasm', import.meta.url);

async function load(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  const s = source ?? DEFAULT;
  const common = await compileCommon(s);
  if (common) return common;
  const url = s instanceof URL ? s : URL.canParse(String(s)) ? new URL(String(s)) : undefined;
  if (url && url.protocol !== 'file:') return compileCommon(fetch(url)) as Promise<WebAssembly.Module>;
  return WebAssembly.compile(await readFile(url ?? String(s)));
}

setLoader(load);
setGlue(instantiate);

export * from './index.js';
/** sha256 (hex) of the component build this entry loads by default: the server build (dist/kassa.wasm). */
export const COMPONENT_SHA256: string = serverComponentSha256;
