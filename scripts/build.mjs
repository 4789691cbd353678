// Builds the two bundles of the design: the extension host + CLI (Node, CommonJS, `vscode`
// external) and the dashboard webview (browser). Type-checking is a separate `tsc --noEmit` step.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const nodeBundle = {
  ...common,
  entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

const webviewBundle = {
  ...common,
  entryPoints: { dashboard: 'webview/main.ts' },
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(nodeBundle), esbuild.context(webviewBundle)]);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([esbuild.build(nodeBundle), esbuild.build(webviewBundle)]);
}
