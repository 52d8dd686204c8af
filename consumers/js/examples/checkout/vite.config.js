// Vite config of the example checkout. '@kassa/engine' resolves to this repository's package directory, so
// Vite reads its package.json `exports` exactly as it would from node_modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  resolve: { alias: { '@kassa/engine': fileURLToPath(new URL('../..', import.meta.url)) } },
  // The recipe for apps that install the package: keep Vite's dev pre-bundling (esbuild) away from the wasm's
  // `new URL(…, import.meta.url)`. (Here the alias already makes it source, not a pre-bundled dependency.)
  optimizeDeps: { exclude: ['@kassa/engine'] },
  // The shared fixtures live in the repository's examples/ folder.
  server: { fs: { allow: [fileURLToPath(new URL('../../../..', import.meta.url))] } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
