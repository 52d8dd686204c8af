// What a user writes: import the package, load the rulebook, quote a cart. Nothing about where the wasm is.
import { Engine, KassaError } from '@kassa/engine';
import rulebook from '../examples/rulebook.json?raw';
import cart from '../shared-cart.json';

const show = (id, text) => (document.getElementById(id).textContent = text);
try {
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
