// Builds the bundles of the design: the extension host and the CLI (Node, CommonJS, `vscode`
// external; the CLI in two files, below) and the dashboard webview (browser), after generating
// the scenario schema's validator they import. Type-checking is a separate `tsc --noEmit` step.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, watch as watchFile } from 'node:fs';
import { join } from 'node:path';
import { ensureSchemaValidator } from './schemaValidator.mjs';

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

const nodeCommon = {
  ...common,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // jsonc-parser's CommonJS entry loads its parts through a UMD wrapper esbuild cannot follow;
  // its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
  define: { __VERSION__: JSON.stringify(version) },
};

// diagnosticsWorker: the worker thread that checks large scenario files off the extension host's
// thread (src/extension/editor/checker.ts); shipped in the .vsix beside extension.js.
const extensionBundle = { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts', diagnosticsWorker: 'src/extension/editor/diagnosticsWorker.ts' } };

/**
 * The CLI is two files: dist/cli.js (arguments, reading, loading and validating a scenario) and
 * dist/cliRun.js (the simulation and the report), which cli.js requires only to run a scenario,
 * so `validate` does not parse the simulation's code (src/cli/runCommand.ts says why). The modules
 * both use (units, formatting, the scenario model) are in both: they hold no state.
 */
const runCommandChunk = {
  name: 'cli-run-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/runCommand$/ }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: './cliRun.js', external: true } : undefined,
    );
  },
};
const cliBundle = {
  ...nodeCommon,
  entryPoints: { cli: 'src/cli/main.ts', cliRun: 'src/cli/runCommand.ts' },
  plugins: [runCommandChunk],
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
// The scenario schema compiled ahead of time, which the engine's schemaCheck.ts imports: written
// before esbuild bundles it (and again on every schema change while watching; esbuild then sees
// the generated module change and rebuilds).
ensureSchemaValidator();
if (watch) {
  watchFile('schemas/scenario.schema.json', () => {
    try {
      ensureSchemaValidator();
    } catch (e) {
      console.error(`schema: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const contexts = await Promise.all([extensionBundle, cliBundle, webviewBundle].map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([extensionBundle, cliBundle, webviewBundle].map((options) => esbuild.build(options)));
}
