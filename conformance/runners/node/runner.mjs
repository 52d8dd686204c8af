#!/usr/bin/env node
// Kassa conformance runner for Node: the JSON-lines protocol of conformance/README.md on @kassa/engine's
// public API (ops.mjs does the ops and the canonical JSON).
//
//   make runner-node && node conformance/runners/node/runner.mjs [--browser-build]
//
// `make runner-node` builds the package and links it as node_modules/@kassa/engine next to this file.
// Node loads the server build by default (component-sha256: dist/kassa.wasm); with --browser-build the runner
// initialises the package with its browser build instead (`@kassa/engine/kassa.core.wasm`, dist/browser/kassa.wasm),
// so that both builds answer every case in one host (but refunds, which the browser build leaves out: `lacks`).

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as kassa from '@kassa/engine';
import { componentSha256s } from '@kassa/engine/testing';
import { BROWSER_BUILD_LACKS, makeHandler } from './ops.mjs';

const browserBuild = process.argv.includes('--browser-build');
if (browserBuild) await kassa.init({ wasm: new URL(import.meta.resolve('@kassa/engine/kassa.core.wasm')) });

const pkg = JSON.parse(readFileSync(new URL(import.meta.resolve('@kassa/engine/package.json')), 'utf8'));
const jco = pkg.devDependencies['@bytecodealliance/jco'];
const write = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

write({
  hello: {
    host: 'node',
    runtime: `node ${process.version} ${pkg.name} ${pkg.version} jco ${jco}${browserBuild ? ' (browser build)' : ''}`,
    'component-sha256': browserBuild ? componentSha256s.browser : kassa.COMPONENT_SHA256,
    ...(browserBuild ? { lacks: BROWSER_BUILD_LACKS } : {}),
  },
});

const run = makeHandler(kassa, browserBuild ? BROWSER_BUILD_LACKS : []);
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    write({
      id: null,
      error: { code: 'host-error', path: '', message: `bad request line: ${e.message}`, params: [], problems: [] },
    });
    continue;
  }
  write(await run(req));
}
