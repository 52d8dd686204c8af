// Entry point for Node (the "node" export condition): reads kassa.core.wasm from disk by default; a URL
// source is fetched, a path or file: URL is read.

import { readFile } from 'node:fs/promises';
import { compileCommon, setLoader, type WasmSource } from './runtime.js';

const DEFAULT = new URL('../gen/kassa.core.wasm', import.meta.url);

async function load(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  const s = source ?? DEFAULT;
  const common = await compileCommon(s);
  if (common) return common;
  const url = s instanceof URL ? s : URL.canParse(String(s)) ? new URL(String(s)) : undefined;
  if (url && url.protocol !== 'file:') return compileCommon(fetch(url)) as Promise<WebAssembly.Module>;
  return WebAssembly.compile(await readFile(url ?? String(s)));
}

setLoader(load);

export * from './index.js';
