// `npm run test:e2e`: the end-to-end suite. Checks first that this machine can run it (Chromium,
// and what code-server's install builds with), then packages the extension (`npm run package`),
// installs code-server once into the cache (setup-code-server.mjs), and runs the mocha suites
// test/e2e/**/*.e2e.test.ts, which install the .vsix into code-server and drive it in Chromium.
// Screenshots and logs go to test-output/e2e/. Arguments go to mocha (`-- --grep dashboard`).
//
// A machine without Chromium fails at once, saying what to install: the suite is part of
// `npm test` and is never skipped silently.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, isInstalled, missingBuildTools, SetupError } from './setup-code-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(ROOT);
/** The whole mocha run is stopped after this many minutes (FCSIM_E2E_TIMEOUT). */
const MINUTES = Number(process.env.FCSIM_E2E_TIMEOUT) || 20;
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function fail(lines) {
  console.error(['', ...lines.map((l, i) => (i === 0 ? `test:e2e: ${l}` : `  ${l}`)), ''].join('\n'));
  process.exit(1);
}

function findChromium() {
  const given = process.env.FCSIM_E2E_CHROMIUM;
  if (given) {
    if (!existsSync(given)) fail([`FCSIM_E2E_CHROMIUM is ${given}, which does not exist.`, 'Point it at a Chromium or Chrome executable, or unset it to use /usr/bin/chromium.']);
    return given;
  }
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

// 1. What the machine must have. Everything is checked before anything slow runs.
const chromiumPath = findChromium();
const missing = [];
if (!chromiumPath) missing.push(`Chromium (looked for ${CHROMIUM_CANDIDATES.join(', ')}): the suite drives VS Code in a real browser`);
if (!isInstalled()) missing.push(...missingBuildTools());
if (missing.length > 0) {
  fail([
    'the end-to-end tests cannot run on this machine; it lacks:',
    ...missing.map((m) => `- ${m}`),
    'On Debian/Ubuntu, as root: apt-get update && apt-get install -y chromium libkrb5-dev python3 make g++',
    '(or set FCSIM_E2E_CHROMIUM=/path/to/chrome for a Chromium installed elsewhere).',
    '`.ci/run` installs chromium and libkrb5-dev; see the README, "End-to-end tests".',
  ]);
}

// 2. The .vsix, as a user gets it.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packaged = spawnSync(npm, ['run', 'package', '--silent'], { stdio: 'inherit' });
if (packaged.status !== 0) fail(['`npm run package` failed; the output above says why.']);
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = join(ROOT, `${name}-${version}.vsix`);
if (!existsSync(vsix)) fail([`\`npm run package\` did not write ${vsix}.`]);

// 3. Node.js 24 and code-server, once.
let installed;
const setupStarted = Date.now();
try {
  installed = ensureCodeServer();
} catch (err) {
  fail([err instanceof SetupError ? err.message : String(err?.stack ?? err)]);
}
const setupSeconds = (Date.now() - setupStarted) / 1000;

// 4. The suites, bounded in time; mocha's browser and code-server go with it.
const output = process.env.FCSIM_E2E_OUTPUT || join(ROOT, 'test-output', 'e2e');
const env = {
  ...process.env,
  FCSIM_E2E_VSIX: vsix,
  FCSIM_E2E_NODE: installed.node,
  FCSIM_E2E_CODE_SERVER: installed.codeServer,
  FCSIM_E2E_CHROMIUM: chromiumPath,
  FCSIM_E2E_OUTPUT: output,
};
const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const args = [mocha, 'test/e2e/**/*.e2e.test.ts', '--timeout', '180000', '--slow', '30000', ...process.argv.slice(2)];
const started = Date.now();
const group = process.platform !== 'win32';
const child = spawn(process.execPath, args, { stdio: 'inherit', env, detached: group });
const stop = (signal) => {
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
};
const timer = setTimeout(() => {
  console.error(`\ntest:e2e: the suite took more than ${MINUTES} minutes and was stopped (FCSIM_E2E_TIMEOUT sets the limit).`);
  stop('SIGTERM');
  setTimeout(() => stop('SIGKILL'), 10_000).unref();
}, MINUTES * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop('SIGTERM');
    process.exit(130);
  });
}
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`test:e2e: setup ${setupSeconds.toFixed(0)} s, suite ${seconds} s; screenshots and logs in ${output}`);
  process.exit(code ?? (signal ? 1 : 0));
});
