// Builds the two bundles of the design: the extension host + CLI (Node, CommonJS, `vscode`
// external) and the dashboard webview (browser). Type-checking is a separate `tsc --noEmit` step.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
  // diagnosticsWorker: the worker thread that checks large scenario files off the extension
  // host's thread (src/extension/editor/checker.ts); shipped in the .vsix beside extension.js.
  entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/main.ts', diagnosticsWorker: 'src/extension/editor/diagnosticsWorker.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // jsonc-parser's CommonJS entry loads its parts through a UMD wrapper esbuild cannot follow;
  // its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
  define: { __VERSION__: JSON.stringify(version) },
  // The CLI is run directly (`fcsim` / `node dist/cli.js`); the shebang in src/cli/main.ts is kept.
};

// webview/main.ts imports its stylesheet, so esbuild writes dashboard.js and dashboard.css.
const webviewBundle = {
  ...common,
  entryPoints: { dashboard: 'webview/main.ts' },
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

/** The codicon font and its stylesheet, which the dashboard page links (dist/webview/codicons/codicon.css). */
function copyCodicons() {
  mkdirSync('dist/webview/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/codicons/${file}`);
}

copyCodicons();
if (watch) {
  const contexts = await Promise.all([esbuild.context(nodeBundle), esbuild.context(webviewBundle)]);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([esbuild.build(nodeBundle), esbuild.build(webviewBundle)]);
}
