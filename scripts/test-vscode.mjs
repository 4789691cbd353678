// `npm run test:vscode`: builds the extension and the integration tests, then runs the tests in a
// real VS Code through @vscode/test-cli (configured in .vscode-test.mjs). Arguments are passed on
// to `vscode-test` (e.g. `npm run test:vscode -- --grep tree`).
//
// Where VS Code cannot be had, this fails at once with what to do, rather than in the middle of
// a download: no display on Linux, no network to download VS Code from and no installed VS Code
// given. A whole run is also bounded in time (FCSIM_VSCODE_TEST_TIMEOUT, minutes, default 20).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const UPDATE_SERVER = 'https://update.code.visualstudio.com/api/releases/stable';

function fail(lines) {
  console.error(['', ...lines.map((l, i) => (i === 0 ? `test:vscode: ${l}` : `  ${l}`)), ''].join('\n'));
  process.exit(1);
}

/** The directory of an installed package, found from its entry point (its package.json is not exported). */
function packageDir(name) {
  let dir = dirname(require.resolve(name));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no package.json for ${name}`);
}

function runNode(script) {
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Resolves to null when the update server answers, else to why not. */
function reachable(url, ms) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'HEAD', timeout: ms }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500 ? null : `HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ms / 1000} s`)));
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}

// 1. The runner.
let cliBin;
try {
  const dir = packageDir('@vscode/test-cli');
  cliBin = join(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).bin['vscode-test']);
  require.resolve('@vscode/test-electron');
} catch {
  fail(['@vscode/test-cli and @vscode/test-electron are not installed.', 'Run `npm install` (both are devDependencies), then `npm run test:vscode` again.']);
}

// 2. A VS Code to run in.
const executable = process.env.FCSIM_VSCODE_EXECUTABLE;
if (executable) {
  if (!existsSync(executable)) fail([`FCSIM_VSCODE_EXECUTABLE is ${executable}, which does not exist.`, "Give the path of VS Code's executable (see the README, \"Integration tests in VS Code\")."]);
} else {
  const cached = existsSync('.vscode-test') && readdirSync('.vscode-test').some((d) => d.startsWith('vscode-'));
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'npm_config_https_proxy'].some((v) => process.env[v]);
  // With a copy already downloaded, @vscode/test-electron uses it when offline; behind a proxy,
  // it knows how to go through and this direct check would not.
  if (!cached && !proxied) {
    const why = await reachable(UPDATE_SERVER, 10_000);
    if (why) {
      fail([
        `VS Code is not available on this machine: it would be downloaded from update.code.visualstudio.com, which cannot be reached (${why}).`,
        '- Where the internet is reachable, run `npm run test:vscode` again: VS Code is downloaded once, into .vscode-test/.',
        '- Or use an installed VS Code: FCSIM_VSCODE_EXECUTABLE=/path/to/code-executable npm run test:vscode',
        '  (Linux: /usr/share/code/code; macOS: "/Applications/Visual Studio Code.app/Contents/MacOS/Electron";',
        '  Windows: "%LOCALAPPDATA%\\Programs\\Microsoft VS Code\\Code.exe").',
        'These tests are not part of `npm test`, which runs everywhere.',
      ]);
    }
  }
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(['VS Code needs a display, and this session has none ($DISPLAY is not set).', 'Run the tests under a virtual one: xvfb-run -a npm run test:vscode']);
}

// 3. Build what VS Code loads: the extension (dist/) and the tests (out/test/integration/).
runNode('scripts/build.mjs');
runNode('scripts/build-integration-tests.mjs');

// 4. Run, bounded in time; the VS Code it starts goes with it.
const minutes = Number(process.env.FCSIM_VSCODE_TEST_TIMEOUT) || 20;
const group = process.platform !== 'win32';
const child = spawn(process.execPath, [cliBin, ...process.argv.slice(2)], { stdio: 'inherit', detached: group });
const stop = () => {
  try {
    if (group) process.kill(-child.pid, 'SIGTERM');
    else spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F']);
  } catch {
    // already gone
  }
};
const timer = setTimeout(() => {
  console.error(`\ntest:vscode: the run took more than ${minutes} minutes and was stopped (FCSIM_VSCODE_TEST_TIMEOUT sets the limit).`);
  stop();
  process.exit(1);
}, minutes * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop();
    process.exit(130);
  });
}
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  process.exit(code ?? (signal ? 1 : 0));
});
