// Builds the package from the two builds of the component (Makefile, `build`): jco transpile of the browser build
// into gen/ (never edited by hand), the server build's core module beside it (gen/kassa.server.core.wasm, for
// the node and workerd entries: the same glue drives both, checked below), the generated component ids and
// inline-wasm modules, tsc into dist/, then reports sizes and fails above the budget.
//
// Usage: node scripts/build.mjs [browser/kassa.wasm server/kassa.wasm]
//        (default: ../../dist/browser/kassa.wasm and ../../dist/kassa.wasm, i.e. `make build`)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMPONENT = resolve(process.argv[2] ?? join(PKG, '../../dist/browser/kassa.wasm'));
const SERVER_COMPONENT = resolve(process.argv[3] ?? join(PKG, '../../dist/kassa.wasm'));
const GEN = join(PKG, 'gen');
// The JS issue's budget: 250 KB gzip for wasm + glue + wrapper. What keeps the wasm small: the release profile
// (root Cargo.toml), wasm-opt (Makefile), and few distinct generic instantiations in core (each map type brings its
// own copy of the map's code; CONTRIBUTING.md, "Keep the browser build small"). KASSA_SIZE_BUDGET_KB overrides it
// for a work branch that is measuring something else; CI and main never set it.
const BUDGET_GZIP = Number(process.env.KASSA_SIZE_BUDGET_KB ?? 250) * 1024;
const bin = (name) => join(PKG, 'node_modules/.bin', name);

for (const c of [COMPONENT, SERVER_COMPONENT]) {
  if (!existsSync(c)) {
    console.error(`error: ${relative(process.cwd(), c)} is missing: run \`make build\` at the repository root`);
    process.exit(1);
  }
}

// 1. Transpile. Sync instantiation: the package compiles the core modules itself (async, once) and can then
//    instantiate synchronously, which keeps calls synchronous across trap recovery (src/runtime.ts). jco
//    ignores --base64-cutoff in instantiation mode, so the tiny trampoline modules (kassa.core2.wasm, ...)
//    are embedded below: kassa.core.wasm stays the only file a browser fetches. The files stay in gen/ as well,
//    for the workerd entry, which must import every module precompiled (gen/wasm-modules.js).
rmSync(GEN, { recursive: true, force: true });
const transpile = (component, out) =>
  execFileSync(
    bin('jco'),
    [
      'transpile',
      component,
      '--instantiation',
      'sync',
      '--no-nodejs-compat',
      '--name',
      'kassa',
      '--minify',
      '--quiet',
      '-o',
      out,
    ],
    { stdio: 'inherit' },
  );
transpile(COMPONENT, GEN);
// The server build (world `kassa`) under the browser build's glue (world `kassa-js`, a subset: wit/kassa.wit):
// its main core module must import exactly what the browser build's imports and export everything it exports
// (by name; the signatures are those of the same WIT functions), so that the glue drives either. Anything else
// stops the build.
const serverGen = mkdtempSync(join(tmpdir(), 'kassa-server-'));
try {
  transpile(SERVER_COMPONENT, serverGen);
  const mod = (file) => new WebAssembly.Module(readFileSync(file));
  const [ours, theirs] = [mod(join(GEN, 'kassa.core.wasm')), mod(join(serverGen, 'kassa.core.wasm'))];
  const names = (list) => list.map((d) => `${d.module ?? ''} ${d.name} ${d.kind}`).sort();
  const [imports, serverImports] = [names(WebAssembly.Module.imports(ours)), names(WebAssembly.Module.imports(theirs))];
  const serverExports = new Set(names(WebAssembly.Module.exports(theirs)));
  const missing = names(WebAssembly.Module.exports(ours)).filter((e) => !serverExports.has(e));
  if (imports.join('\n') !== serverImports.join('\n') || missing.length) {
    console.error(
      `error: the server build cannot run under the browser build's glue (imports differ, or it lacks: ${missing.join(', ')})`,
    );
    process.exit(1);
  }
  for (const f of readdirSync(GEN).filter((f) => /^kassa\.core\d+\.wasm$/.test(f))) {
    if (!readFileSync(join(GEN, f)).equals(readFileSync(join(serverGen, f)))) {
      console.error(`error: jco gives the two builds different trampolines (${f}): they must share one glue`);
      process.exit(1);
    }
  }
  copyFileSync(join(serverGen, 'kassa.core.wasm'), join(GEN, 'kassa.server.core.wasm'));
} finally {
  rmSync(serverGen, { recursive: true, force: true });
}
const small = readdirSync(GEN).filter((f) => /^kassa\.core\d+\.wasm$/.test(f));
if (!existsSync(join(GEN, 'kassa.core.wasm'))) {
  console.error('error: jco produced no kassa.core.wasm');
  process.exit(1);
}
const embedded = Object.fromEntries(small.map((f) => [f, readFileSync(join(GEN, f)).toString('base64')]));
for (const f of small) {
  if (readFileSync(join(GEN, f)).length > 4096) {
    console.error(`error: ${f} is too big to embed (browsers refuse sync compiles above 4 KB)`);
    process.exit(1);
  }
}
writeFileSync(
  join(GEN, 'small-modules.js'),
  `// Generated by scripts/build.mjs: jco's small trampoline core modules, base64.\nexport const smallModules = ${JSON.stringify(embedded, null, 2)};\n`,
);
writeFileSync(join(GEN, 'small-modules.d.ts'), 'export declare const smallModules: Record<string, string>;\n');
// Every core module as a static wasm import, for workerd (src/workerd.ts): its bundlers and its config turn such
// an import into a module compiled before the worker runs. workerd runs the server build (a worker is billed and
// limited by CPU time, and its size limit is megabytes, not the browser budget), under the name the glue asks for.
const all = [['kassa.core.wasm', 'kassa.server.core.wasm'], ...small.map((f) => [f, f])];
writeFileSync(
  join(GEN, 'wasm-modules.js'),
  `// Generated by scripts/build.mjs: every core module, imported precompiled (workerd).\n${all
    .map(([, file], i) => `import m${i} from './${file}';`)
    .join('\n')}\nexport const wasmModules = { ${all.map(([name], i) => `'${name}': m${i}`).join(', ')} };\n`,
);
writeFileSync(
  join(GEN, 'wasm-modules.d.ts'),
  'export declare const wasmModules: Record<string, WebAssembly.Module>;\n',
);

// 2. Generated modules: which component this is, and the core module inlined for @kassa/engine/inline.
const component = readFileSync(COMPONENT);
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sha256 = hash(component);
writeFileSync(
  join(GEN, 'component.js'),
  `// Generated by scripts/build.mjs: the sha256 of the browser build of the component.\nexport const componentSha256 = '${sha256}';\n`,
);
writeFileSync(join(GEN, 'component.d.ts'), 'export declare const componentSha256: string;\n');
writeFileSync(
  join(GEN, 'server-component.js'),
  `// Generated by scripts/build.mjs: the sha256 of the server build of the component.\n` +
    `export const serverComponentSha256 = '${hash(readFileSync(SERVER_COMPONENT))}';\n`,
);
writeFileSync(join(GEN, 'server-component.d.ts'), 'export declare const serverComponentSha256: string;\n');
const core = readFileSync(join(GEN, 'kassa.core.wasm'));
writeFileSync(
  join(GEN, 'inline-wasm.js'),
  `// Generated by scripts/build.mjs: gen/kassa.core.wasm as base64.\nexport const coreWasmBase64 = '${core.toString('base64')}';\n`,
);
writeFileSync(join(GEN, 'inline-wasm.d.ts'), 'export declare const coreWasmBase64: string;\n');

// 3. The wrapper.
rmSync(join(PKG, 'dist'), { recursive: true, force: true });
try {
  // JavaScript without comments (they are in the .d.ts files, where editors show them; ~1.6 KB gzip of what a
  // browser loads), then the declarations with them.
  const tsc = (...args) => execFileSync(bin('tsc'), ['-p', join(PKG, 'tsconfig.json'), ...args], { stdio: 'inherit' });
  tsc('--removeComments', '--declaration', 'false');
  tsc('--emitDeclarationOnly');
} catch {
  console.error('error: tsc failed (above)');
  process.exit(1);
}

// 4. Sizes of what a browser loads through the default entry: wasm + jco glue + wrapper.
const WRAPPER = ['browser', 'index', 'engine', 'runtime', 'errors', 'lift', 'lower', 'money', 'fields', 'hook']
  .map((m) => join(PKG, 'dist', `${m}.js`))
  .concat(join(GEN, 'component.js'), join(GEN, 'small-modules.js'));
const parts = {
  wasm: [join(GEN, 'kassa.core.wasm')],
  glue: [join(GEN, 'kassa.js')],
  wrapper: WRAPPER,
};
const measure = (files) => {
  const buf = Buffer.concat(files.map((f) => readFileSync(f)));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
};
const sizes = Object.fromEntries(Object.entries(parts).map(([k, files]) => [k, measure(files)]));
sizes.total = {
  raw: sizes.wasm.raw + sizes.glue.raw + sizes.wrapper.raw,
  gzip: sizes.wasm.gzip + sizes.glue.gzip + sizes.wrapper.gzip,
};
sizes.component = { sha256, raw: component.length };
// Not in the budget (Node and workerd load it): the server build's core module.
sizes.server = measure([join(GEN, 'kassa.server.core.wasm')]);
// Not in the budget either: the opt-in tracing entry (@kassa/engine/otel), which a bundle carries only if it
// imports it; the default entry has just its hook (hook.js, counted above).
sizes.otel = measure(['otel', 'otel-names'].map((m) => join(PKG, 'dist', `${m}.js`)));
writeFileSync(join(GEN, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const k of ['wasm', 'glue', 'wrapper', 'total']) {
  console.log(
    `@kassa/engine ${k.padEnd(8)} ${kb(sizes[k].raw).padStart(9)} raw  ${kb(sizes[k].gzip).padStart(9)} gzip`,
  );
}
console.log(
  `@kassa/engine/otel ${kb(sizes.otel.raw).padStart(9)} raw  ${kb(sizes.otel.gzip).padStart(9)} gzip (opt-in, not in the budget)`,
);
if (sizes.total.gzip > BUDGET_GZIP) {
  console.error(`error: wasm + glue is ${kb(sizes.total.gzip)} gzip, above the ${kb(BUDGET_GZIP)} budget`);
  process.exit(1);
}
