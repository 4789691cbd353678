// Bundles the integration tests (test/integration/**/*.test.ts) into out/test/integration/*.test.js,
// CommonJS with `vscode` external: the files @vscode/test-cli hands to mocha inside VS Code.
// The extension itself is built by scripts/build.mjs; the tests only reach it through VS Code.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = 'out/test/integration';
rmSync(outdir, { recursive: true, force: true }); // no stale test from a deleted file

await esbuild.build({
  entryPoints: ['test/integration/**/*.test.ts'],
  outbase: 'test/integration',
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
