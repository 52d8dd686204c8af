// A Cloudflare Worker that quotes the cart it is sent, and refunds its first line. It imports @kassa/engine like
// any other code; the "workerd" export condition brings the wasm modules in precompiled (workerd refuses to compile
// bytes): the server build, which refunds (the browser build leaves refunds out).
import { Engine, KassaError, toWire } from '@kassa/engine';
import rulebook from '../examples/rulebook.json';

let engine;
export default {
  async fetch(request) {
    try {
      engine ??= await Engine.load(rulebook);
      const cart = await request.json();
      const quote = engine.quote(cart);
      const note = engine.refund({
        cart,
        quote: engine.quoteJson(JSON.stringify(toWire(cart))),
        lines: [{ line: 0, quantity: cart.lines[0].quantity }],
        policy: 'keep',
      });
      return Response.json({
        grandTotal: quote.grandTotal,
        taxTotal: quote.taxTotal,
        currency: quote.currency,
        refund: [note.grandTotal, note.taxTotal],
      });
    } catch (e) {
      return Response.json({ error: e instanceof KassaError ? e.code : String(e) }, { status: 422 });
    }
  },
};
