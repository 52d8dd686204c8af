// Entry point with the wasm inlined as base64 (@kassa/engine/inline): no fetch, no file, no bundler asset
// handling; costs about a third more bytes than the separate .wasm file. Once imported, the inlined module is
// the default for the whole package (an explicit `init({ wasm })` source still wins).

import { instantiate } from '../gen/kassa.js';
import { coreWasmBase64 } from '../gen/inline-wasm.js';
import { base64, setGlue, setInlineDefault } from './runtime.js';

setGlue(instantiate);
setInlineDefault(() => WebAssembly.compile(base64(coreWasmBase64)));

export * from './index.js';
