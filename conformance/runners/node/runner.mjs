#!/usr/bin/env node
// Kassa conformance runner for Node: the JSON-lines protocol of conformance/README.md on @kassa/engine's
// public API (ops.mjs does the ops and the canonical JSON).
//
//   make runner-node && node conformance/runners/node/runner.mjs
//
// `make runner-node` builds the package and links it as node_modules/@kassa/engine next to this file.
// component-sha256 is that of dist/kassa.wasm, the component the package was transpiled from.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as kassa from '@kassa/engine';
import { makeHandler } from './ops.mjs';

const pkg = JSON.parse(readFileSync(new URL(import.meta.resolve('@kassa/engine/package.json')), 'utf8'));
const jco = pkg.devDependencies['@bytecodealliance/jco'];
const write = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

write({
  hello: {
    host: 'node',
    runtime: `node ${process.version} ${pkg.name} ${pkg.version} jco ${jco}`,
    'component-sha256': kassa.COMPONENT_SHA256,
  },
});

const run = makeHandler(kassa);
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
