// Node, CommonJS: require() of the ES-module package (Node >= 20.19 loads ES modules through require).
const { readFileSync } = require('node:fs');
const { Engine, KassaError, round } = require('@kassa/engine');

Engine.load(readFileSync('examples/rulebook.json', 'utf8')).then((engine) => {
  const cart = JSON.parse(readFileSync('shared-cart.json', 'utf8'));
  let code;
  try {
    engine.quote({ ...cart, lines: [] });
  } catch (e) {
    code = e instanceof KassaError && e.code;
  }
  console.log(JSON.stringify([engine.quote(cart).grandTotal, round('2.5', 0, 'half-even'), code]));
});
