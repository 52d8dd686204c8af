#!/usr/bin/env node
// Kassa conformance runner for the browser: speaks the JSON-lines protocol of conformance/README.md on
// stdin/stdout and forwards every request to a page in headless Chromium (index.html), where the package's
// browser build answers it through the same ops as the Node runner (../node/ops.mjs).
//
//   make runner-browser && node conformance/runners/browser/driver.mjs
//
// Needs /usr/bin/chromium (make runner-browser installs it) and the built package (consumers/js).

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launch, serve } from '../../../consumers/js/scripts/chromium.mjs';
import { BROWSER_BUILD_LACKS } from '../node/ops.mjs';

const at = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const pkg = JSON.parse(readFileSync(at('../../../consumers/js/package.json'), 'utf8'));
const write = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

const server = await serve({
  '/': at('.'),
  '/pkg/': at('../../../consumers/js/'),
  '/ops/': at('../node/'),
});
const browser = await launch();
const page = await browser.context.newPage();
page.on('pageerror', (e) => process.stderr.write(`page error: ${e}\n`));
await page.goto(`${server.url}/index.html`);
const ready = await (await page.waitForFunction(() => window.kassaReady, null, { timeout: 30000 })).jsonValue();
if (ready.error) {
  process.stderr.write(`the runner page failed to load the package: ${ready.error}\n`);
  await browser.close();
  await server.close();
  process.exit(1);
}

write({
  hello: {
    host: 'browser',
    runtime: `chromium ${browser.version} ${pkg.name} ${pkg.version} jco ${pkg.devDependencies['@bytecodealliance/jco']}`,
    'component-sha256': ready.componentSha256,
    lacks: BROWSER_BUILD_LACKS,
  },
});

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  try {
    JSON.parse(line);
  } catch (e) {
    write({
      id: null,
      error: { code: 'host-error', path: '', message: `bad request line: ${e.message}`, params: [], problems: [] },
    });
    continue;
  }
  // The request and the answer cross Playwright as JSON text (the answer is the same JSON the Node runner writes):
  // as objects, the worst cases of bench/worst.py took 2.6x (10,000 field requests) and 2.4x (a best-deal quote)
  // as long in one run.
  const answer = await page.evaluate(async (text) => JSON.stringify(await window.kassaRun(JSON.parse(text))), line);
  process.stdout.write(`${answer}\n`);
}

await browser.close();
await server.close();
