// The esbuild recipe of the package README: esbuild does not rewrite `new URL(…, import.meta.url)`, so the
// wasm is imported as a file asset (--loader:.wasm=file) and its URL passed to init().
import { Engine, KassaError, init } from '@kassa/engine';
import wasmUrl from '@kassa/engine/kassa.core.wasm';
import rulebook from '../examples/rulebook.json';
import cart from '../shared-cart.json';

const show = (id, text) => (document.getElementById(id).textContent = text);
try {
  await init({ wasm: new URL(wasmUrl, import.meta.url) });
  const engine = await Engine.load(rulebook);
  const quote = engine.quote(cart);
  show('total', `${quote.grandTotal} ${quote.currency}`);
  try {
    engine.quote({ ...cart, lines: [] });
    show('error', 'no error');
  } catch (e) {
    show('error', e instanceof KassaError ? e.code : `not a KassaError: ${e}`);
  }
} catch (e) {
  show('total', `failed: ${e.message}`);
  show('error', 'not reached');
}
