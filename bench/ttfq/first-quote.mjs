// Prints the grand total of the first quote of a fresh Node process (bench/ttfq.py times it from exec to
// exit). Usage: node first-quote.mjs RULEBOOK.json CART.json
import { readFileSync } from 'node:fs';
import { Engine } from '../../consumers/js/dist/node.js';

// The shared fixtures are the wire form (kebab-case); the JS API takes camelCase.
const camel = (v) =>
  Array.isArray(v)
    ? v.map(camel)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), camel(x)]),
        )
      : v;

const engine = await Engine.load(readFileSync(process.argv[2], 'utf8'));
console.log(engine.quote(camel(JSON.parse(readFileSync(process.argv[3], 'utf8')))).grandTotal);
