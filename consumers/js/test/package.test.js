// The package as a user installs it: `npm pack` ships the build (dist/, gen/ with the wasm) and nothing else,
// and a fresh project that installs the tarball can import it from Node through the exports map.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'kassa-pack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

test('npm pack ships the build, the wasm and the types, not the sources', () => {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], PKG));
  const files = info.files.map((f) => f.path);
  for (const f of [
    'package.json',
    'dist/node.js',
    'dist/browser.js',
    'dist/inline.js',
    'dist/index.d.ts',
    'gen/kassa.js',
    'gen/kassa.core.wasm',
    'gen/kassa.server.core.wasm',
    'gen/server/kassa.js',
    'gen/server/interfaces/kassa-engine-refunds-json.d.ts',
    'gen/small-modules.js',
    'gen/interfaces/kassa-engine-types.d.ts',
  ]) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.deepEqual(
    files.filter((f) => /^(src|test|test-browser|examples|bench|scripts|node_modules)\//.test(f)),
    [],
  );
  assert.ok(info.filename.startsWith('kassa-engine-0.1.0'));
});

test('a fresh project installs the tarball and uses it from Node', () => {
  const app = join(tmp, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}\n');
  npm(['install', '--offline', join(tmp, 'kassa-engine-0.1.0.tgz')], app);
  const script = `import { Engine, init, round, KassaError } from '@kassa/engine';
    await init();
    let code; try { round('x', 0, 'up'); } catch (e) { code = e instanceof KassaError && e.code; }
    console.log(JSON.stringify([round('2.5', 0, 'half-even'), code, typeof Engine.load]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), ['2', 'invalid-decimal', 'function']);
});
