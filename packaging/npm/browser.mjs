// Loads a built app (a folder with index.html) from a loopback server in headless Chromium and prints, as
// JSON, the text of its #total and #error outputs once they have settled, the page's errors and every failed
// request (favicon aside). Usage: node packaging/npm/browser.mjs DIR
import { launch, serve } from '../../consumers/js/scripts/chromium.mjs';

const server = await serve({ '/': process.argv[2] });
const browser = await launch();
const result = { errors: [], failed: [] };
try {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => result.errors.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && result.failed.push(r.url()));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(
    () => ['total', 'error'].every((id) => document.getElementById(id)?.textContent !== 'loading'),
    null,
    { timeout: 30000 },
  );
  result.total = await page.locator('#total').textContent();
  result.error = await page.locator('#error').textContent();
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(result));
