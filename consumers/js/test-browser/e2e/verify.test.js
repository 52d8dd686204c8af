// End to end, the mission's scenario (issue #15): the example checkout (examples/checkout, built with Vite) in
// headless Chromium posts the canonical JSON of its cart to the Go example server and to the Python example
// service, both on 127.0.0.1 behind the page's own origin (/go/ and /py/ are proxied here: no CORS); each
// re-prices the cart and answers whether the totals the page showed match (docs/wire.md, "Verifying a client's
// quote"). Expected values are computed by hand next to each assertion; the digests are checked against a
// sha256 computed here from the example cart's canonical JSON, written out by hand below.
//
// `make test-e2e` runs it (the Python service needs the package's venv: KASSA_E2E_PYTHON, default
// consumers/python/.venv/bin/python). The servers are built or started once and stopped even when a test fails.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { build } from 'vite';
import { launch, serve } from '../../scripts/chromium.mjs';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const EXAMPLE = `${REPO}consumers/js/examples/checkout/`;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PYTHON = process.env.KASSA_E2E_PYTHON ?? `${REPO}consumers/python/.venv/bin/python`;
const RULEBOOK = `${REPO}examples/rulebook.json`;
const VERIFY = '?verify=/go/checkout/verify,/py/checkout/verify';

// examples/cart.json in canonical JSON, written by hand from docs/wire.md: keys in WIT order (the file's order),
// every key written, no whitespace.
const CANONICAL_CART =
  '{"currency":"EUR","at":"2026-11-28T10:00:00Z","country":"DE","region":null,"postal-code":null,"channel":"web",' +
  '"customer-group":null,"customer-id":null,"previous-orders":2,"tax-exempt":false,"reverse-charge":false,' +
  '"lines":[{"sku":"TEE","quantity":"2","unit-price":null,"taxes":null,"attributes":[]},' +
  '{"sku":"BOOK","quantity":"1","unit-price":null,"taxes":null,"attributes":[]},' +
  '{"sku":"PEN","quantity":"12","unit-price":null,"taxes":null,"attributes":[]},' +
  '{"sku":"CAPSULE","quantity":"25","unit-price":null,"taxes":null,"attributes":[]}],' +
  '"coupons":[],"shipping-method":"standard","shipping-taxes":null,"cash-rounding":false,"tenders":[],"usage":[],"explain":true,"hints":false,' +
  '"exchange-rates":[],"attributes":[]}';
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const tmp = mkdtempSync(join(tmpdir(), 'kassa-e2e-'));
const children = [];
const exchanges = []; // every request to /go/ and /py/, as the backends saw and answered it
let browser, front, files;
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** Starts a server process; resolves to its base URL once it prints it on stderr. */
function start(cmd, args, cwd) {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let log = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${cmd} did not start in 60 s:\n${log}`)), 60000);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`${cmd} exited with ${code}:\n${log}`)));
    child.stderr.on('data', (d) => {
      log += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
}

/** Forwards req to target (prefix removed) and answers with the upstream's bytes; records /go/ and /py/ calls. */
function forward(req, res, target, prefix) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url.slice(prefix.length - 1), target);
    const headers = { ...req.headers, host: url.host };
    const up = request(url, { method: req.method, headers }, (r) => {
      const out = [];
      r.on('data', (c) => out.push(c));
      r.on('end', () => {
        const raw = Buffer.concat(out);
        if (prefix !== '/') {
          exchanges.push({
            backend: prefix.slice(1, -1),
            traceparent: req.headers.traceparent,
            request: body.toString('utf8'),
            status: r.statusCode,
            answer: raw.toString('utf8'),
          });
        }
        const type = r.headers['content-type'] ?? 'application/octet-stream';
        res.writeHead(r.statusCode, { 'content-type': type, 'content-length': raw.length }).end(raw);
      });
    });
    up.on('error', (e) => res.writeHead(502).end(String(e)));
    up.end(body);
  });
}

before(
  async () => {
    const goBin = join(tmp, 'server');
    const [, goURL, pyURL] = await Promise.all([
      build({ configFile: `${EXAMPLE}vite.config.js`, build: { outDir: join(tmp, 'page'), emptyOutDir: true } }),
      promisify(execFile)('go', ['build', '-o', goBin, './examples/server'], { cwd: `${REPO}consumers/go` }).then(() =>
        start(goBin, ['-rulebook', RULEBOOK, '-addr', '127.0.0.1:0']),
      ),
      start(PYTHON, [`${REPO}consumers/python/examples/service.py`, 'serve', RULEBOOK, '--port', '0']),
    ]);
    files = await serve({ '/': join(tmp, 'page'), '/fixtures/': FIXTURES });
    const routes = { '/go/': goURL, '/py/': pyURL, '/': files.url };
    front = createServer((req, res) => {
      const prefix = Object.keys(routes).find((p) => req.url.startsWith(p));
      forward(req, res, routes[prefix], prefix);
    });
    await new Promise((ok) => front.listen(0, '127.0.0.1', ok));
    browser = await launch();
  },
  { timeout: 300000 },
);

after(async () => {
  await browser?.close();
  await new Promise((ok) => (front ? front.close(ok) : ok()));
  await files?.close();
  children.forEach((c) => c.kill('SIGTERM'));
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens the checkout with `query`; resolves to the page and the errors it reports. */
async function open(query) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${front.address().port}/${query}`);
  try {
    await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: 20000 });
  } catch (e) {
    throw new Error(`the page did not get ready: ${e.message}\npage errors: ${errors.join('\n')}`);
  }
  return { page, errors };
}

/** Waits until both backends have answered the page's latest round; returns their last exchanges. */
async function answered(page) {
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll('li[data-backend]')];
    return items.length === 2 && items.every((li) => li.dataset.state !== 'pending');
  });
  const last = (b) => exchanges.findLast((x) => x.backend === b);
  return { go: last('go'), py: last('py') };
}

const state = (page, i) => page.getByTestId(`verify-${i}`).getAttribute('data-state');

test('both backends confirm the quote the page showed, with the same bytes and the same cart digest', async () => {
  const { page, errors } = await open(VERIFY);
  const { go, py } = await answered(page);
  assert.equal(await state(page, 0), 'match');
  assert.equal(await state(page, 1), 'match');
  // The page's own quote: TEE 2 x 15.00 + BOOK 24.00 + PEN 12 x 0.95 + CAPSULE 3 packs x 3.50 = 75.90,
  // shipping 6.90 (under 100.00, 1.17 kg): 82.80, of which tax 10.74 (test-browser/checkout.test.js; shipping's
  // tax follows the goods: conformance/cases/quote-example.json works it out).
  assert.equal(await page.getByTestId('grand-total').textContent(), '82.80 EUR');
  const pageQuote = await page.getByTestId('quote-json').textContent();
  assert.deepEqual(
    ['subtotal', 'tax-total', 'grand-total'].map((k) => JSON.parse(pageQuote)[k]),
    ['75.90', '10.74', '82.80'],
  );
  // Each answer: matches, no differences, the digest of the hand-written canonical cart, and the engine's
  // canonical quote embedded byte for byte: the page's quoteJson text. So the two answers are the same bytes.
  const expected = `{"matches":true,"differences":[],"cart-sha256":"${sha256(CANONICAL_CART)}","quote":${pageQuote}}`;
  assert.equal(go.status, 200);
  assert.equal(go.answer, expected);
  assert.equal(py.status, 200);
  assert.equal(py.answer, go.answer);
  // What the page posted: the example cart in the wire form (examples/cart.json as it is: the keys it leaves out
  // take their defaults) and the totals shown.
  for (const x of [go, py]) {
    const posted = JSON.parse(x.request);
    assert.deepEqual(posted.cart, JSON.parse(readFileSync(`${REPO}examples/cart.json`, 'utf8')));
    assert.deepEqual(posted.quote, {
      currency: 'EUR',
      subtotal: '75.90',
      'discount-total': '0.00',
      'tax-total': '10.74',
      'grand-total': '82.80',
      payable: null,
    });
  }
  // One W3C trace context for the round (issue #22): the same trace id, a span id per call.
  const tp = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
  const [, goTrace, goSpan] = tp.exec(go.traceparent) ?? assert.fail(`traceparent ${go.traceparent}`);
  const [, pyTrace, pySpan] = tp.exec(py.traceparent) ?? assert.fail(`traceparent ${py.traceparent}`);
  assert.equal(goTrace, pyTrace);
  assert.notEqual(goSpan, pySpan);
  assert.equal(
    await page.getByTestId('verify-summary').textContent(),
    `Every backend priced the same cart (sha256 ${sha256(CANONICAL_CART)})`,
  );

  // Live: three T-shirts (+15.00: 90.90, still 6.90 shipping: 97.80) are verified again.
  await page.getByTestId('qty-TEE').fill('3');
  await page.getByTestId('verify-0').filter({ hasText: '97.80 EUR' }).waitFor();
  await page.getByTestId('verify-1').filter({ hasText: '97.80 EUR' }).waitFor();
  const again = await answered(page);
  const cart3 = CANONICAL_CART.replace('{"sku":"TEE","quantity":"2"', '{"sku":"TEE","quantity":"3"');
  const quote3 = await page.getByTestId('quote-json').textContent();
  assert.equal(JSON.parse(quote3)['grand-total'], '97.80');
  assert.equal(again.go.answer, `{"matches":true,"differences":[],"cart-sha256":"${sha256(cart3)}","quote":${quote3}}`);
  assert.equal(again.py.answer, again.go.answer);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a client with a stale rulebook is reported as a mismatch, never accepted', async () => {
  // fixtures/rulebook-stale.json is examples/rulebook.json with BOOK at 22.00 instead of 24.00 (version
  // 2026-10-15). The stale page shows 30.00 + 22.00 + 11.40 + 10.50 = 73.90, shipping 6.90: 80.80; tax per line
  // 4.79 + 22.00*7/107 = 1.44 + 1.82 + 1.68 = 9.73; shipping proportional over the nets, standard 25.21 + 9.58 +
  // 8.82 = 43.61 and reduced 22.00 - 1.44 = 20.56: 690 x 4361/6417 = 468.93 and 690 x 2056/6417 = 221.07 cents,
  // floors 689, the cent to the larger remainder: 4.69 at 19 % (0.7488 -> 0.75) and 2.21 at 7 % (0.1446 -> 0.14);
  // 9.73 + 0.75 + 0.14 = 10.62 (the servers: 10.74).
  const { page, errors } = await open(`${VERIFY}&rulebook=/fixtures/rulebook-stale.json`);
  const { go, py } = await answered(page);
  assert.equal(await page.locator('#store').textContent(), 'kassa-demo-store 2026-10-15');
  assert.equal(await page.getByTestId('grand-total').textContent(), '80.80 EUR');
  assert.equal(await state(page, 0), 'mismatch');
  assert.equal(await state(page, 1), 'mismatch');
  for (const i of [0, 1]) {
    assert.match(
      await page.getByTestId(`verify-${i}`).textContent(),
      /not accepted: .*grand-total shown 80\.80, the server says 82\.80/,
    );
  }
  assert.equal(py.answer, go.answer);
  const answer = JSON.parse(go.answer);
  assert.equal(answer.matches, false);
  assert.deepEqual(answer.differences, [
    { field: 'subtotal', client: '73.90', server: '75.90' },
    { field: 'tax-total', client: '10.62', server: '10.74' },
    { field: 'grand-total', client: '80.80', server: '82.80' },
  ]);
  assert.equal(answer['cart-sha256'], sha256(CANONICAL_CART)); // the same cart, priced by another rulebook
  assert.equal(answer.quote['grand-total'], '82.80');
  assert.deepEqual(errors, []);
  await page.close();
});
