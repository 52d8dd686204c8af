// A Cloudflare Worker that quotes the cart it is sent. It imports @kassa/engine like any other code; the
// "workerd" export condition brings the wasm modules in precompiled (workerd refuses to compile bytes).
import { Engine, KassaError } from '@kassa/engine';
import rulebook from '../examples/rulebook.json';

let engine;
export default {
  async fetch(request) {
    try {
      engine ??= await Engine.load(rulebook);
      const quote = engine.quote(await request.json());
      return Response.json({ grandTotal: quote.grandTotal, taxTotal: quote.taxTotal, currency: quote.currency });
    } catch (e) {
      return Response.json({ error: e instanceof KassaError ? e.code : String(e) }, { status: 422 });
    }
  },
};
