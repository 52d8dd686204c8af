// Node, ES modules: the "node" export condition reads the wasm from the installed package.
import { readFileSync } from 'node:fs';
import { Engine, KassaError, round } from '@kassa/engine';
// The opt-in tracing entry loads and leaves every call working without @opentelemetry/api installed.
import '@kassa/engine/otel';

const engine = await Engine.load(readFileSync('examples/rulebook.json', 'utf8'));
const cart = JSON.parse(readFileSync('shared-cart.json', 'utf8'));
let code;
try {
  engine.quote({ ...cart, lines: [] });
} catch (e) {
  code = e instanceof KassaError && e.code;
}
console.log(JSON.stringify([engine.quote(cart).grandTotal, round('2.5', 0, 'half-even'), code]));
