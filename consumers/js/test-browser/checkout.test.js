// End-to-end: the example checkout (examples/checkout, built with Vite) in headless Chromium. Totals on the
// page must equal hand-computed expectations for the shared fixtures (examples/rulebook.json, cart.json,
// order.json); the arithmetic is written out next to each expectation.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { build } from 'vite';
import { launch, serve } from '../scripts/chromium.mjs';

const EXAMPLE = fileURLToPath(new URL('../examples/checkout/', import.meta.url));
let browser, server, page;
const pageErrors = [];
const wasmResponses = [];

before(async () => {
  await build({ configFile: `${EXAMPLE}vite.config.js` });
  server = await serve({ '/': `${EXAMPLE}dist` });
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('response', (r) => r.url().endsWith('.wasm') && wasmResponses.push(r));
  await page.goto(`${server.url}/`);
  await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: 20000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const text = (id) => page.getByTestId(id).textContent();
const setQty = (sku, q) => page.getByTestId(`qty-${sku}`).fill(q);

test('the wasm is a separate asset served as application/wasm', async () => {
  assert.equal(wasmResponses.length, 1);
  assert.equal(wasmResponses[0].status(), 200);
  assert.equal(wasmResponses[0].headers()['content-type'], 'application/wasm');
});

test('the example cart is priced on load', async () => {
  // TEE 2 x 15.00 (Black Friday sale) = 30.00; BOOK 24.00; PEN 12 x 0.95 (tier up to 49) = 11.40;
  // CAPSULE 25 -> 3 packs x 3.50 = 10.50. Subtotal 75.90 (gross prices).
  assert.equal(await text('amount-TEE'), '30.00');
  assert.equal(await text('unit-PEN'), '0.95');
  assert.equal(await text('amount-CAPSULE'), '10.50');
  assert.equal(await text('subtotal'), '75.90 EUR');
  // Shipping DE standard: 75.90 < 100.00 free-from; 0.4 + 0.5 + 0.12 + 0.15 = 1.17 kg -> band up to 5 kg: 6.90.
  assert.equal(await text('shipping'), '6.90 EUR');
  assert.equal(await text('grand-total'), '82.80 EUR');
  // Tax in gross prices, per line: 30.00*19/119 = 4.79, 24.00*7/107 = 1.57, 11.40*19/119 = 1.82,
  // 10.50*19/119 = 1.68; shipping follows the goods (tax-policy proportional): 6.90 split by the nets
  // 43.61 (19 %) : 22.43 (7 %) -> 4.56*19/119 = 0.73 + 2.34*7/107 = 0.15 -> 10.74; net 82.80 - 10.74 = 72.06.
  assert.equal(await text('tax-total'), '10.74 EUR');
  assert.equal(await text('net-total'), '72.06 EUR');
  assert.equal(await page.getByTestId('quote-error').isHidden(), true);
});

test('totals follow the quantities live', async () => {
  await setQty('TEE', '3'); // +15.00: 90.90; 1.37 kg, still 6.90 shipping
  assert.equal(await text('grand-total'), '97.80 EUR');
  await setQty('TEE', '5'); // 75.00 + 45.90 = 120.90 >= 100.00: free shipping
  assert.equal(await text('subtotal'), '120.90 EUR');
  assert.equal(await text('shipping'), '0.00 EUR');
  assert.equal(await text('grand-total'), '120.90 EUR');
  await setQty('PEN', '50'); // PEN tier above 49: 50 x 0.80 = 40.00 -> 75.00 + 24.00 + 40.00 + 10.50
  assert.equal(await text('amount-PEN'), '40.00');
  assert.equal(await text('grand-total'), '149.50 EUR');
  await setQty('PEN', '12');
  await setQty('TEE', '2');
  assert.equal(await text('grand-total'), '82.80 EUR');
});

test('an unpriceable cart shows the structured error, and recovers', async () => {
  await setQty('TEE', '11'); // the rulebook allows at most 10 T-shirts
  const err = page.getByTestId('quote-error');
  await err.waitFor({ state: 'visible' });
  // The cart-level error, then its problem pointing at the quantity (JSON Pointer into the cart).
  assert.match(await err.textContent(), /^[a-z0-9-]+: .+\n[a-z0-9-]+ at \/lines\/0\/quantity: .+/);
  assert.equal(await text('grand-total'), '—');
  await setQty('TEE', '2');
  assert.equal(await err.isHidden(), true);
  assert.equal(await text('grand-total'), '82.80 EUR');
});

test('validation messages follow the customer input', async () => {
  assert.match(await text('email-check'), /invalid-email/); // "anna.example.com" has no @
  assert.match(await text('problems'), /\/email/);
  await page.locator('#email').fill('anna@example.com');
  assert.equal(await text('email-check'), '✓');
  assert.doesNotMatch(await text('problems'), /\(\/email\)/);
});

test('the money helper splits the total', async () => {
  assert.equal(await text('split'), '27.60 + 27.60 + 27.60'); // 8280 / 3 = 2760 cents each
  await page.locator('#people').fill('7'); // 8280 = 7 x 1182 + 6: six parts of 11.83, one of 11.82
  assert.equal(await text('split'), '11.83 + 11.83 + 11.83 + 11.83 + 11.83 + 11.83 + 11.82');
});

test('no errors on the page', () => {
  assert.deepEqual(pageErrors, []);
});
