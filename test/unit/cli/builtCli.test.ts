import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { FIXTURES } from './cliHarness';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CLI_RUN = join(ROOT, 'dist', 'cliRun.js');

function fcsim(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The built CLI reading its stdin, a pipe: no size to ask for. */
function fcsimPiped(input: string | Buffer, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input });
}

// `npm test` builds first; this checks the bundle users actually run, exit codes included.
describe('the built CLI (dist/cli.js)', () => {
  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it first)');
  });

  it('exits 0, 1 and 2 as the contract says', () => {
    assert.equal(fcsim('run', join(FIXTURES, 'two-nodes.cluster.json')).status, 0);
    assert.equal(fcsim('run', join(FIXTURES, 'failing-expectation.cluster.json')).status, 1);
    const invalid = fcsim('run', join(FIXTURES, 'invalid.cluster.json'));
    assert.equal(invalid.status, 2);
    assert.equal(invalid.stdout, '');
  });

  it('prints its version from package.json', () => {
    const r = fcsim('--version');
    assert.equal(r.status, 0);
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('needs no installed package, only Node.js and its own files in dist/ (package.json has no dependencies: `npm install -g .` installs nothing else)', () => {
    const requires = (file: string): string[] =>
      [...readFileSync(file, 'utf8').matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    const own = requires(CLI).filter((id) => !isBuiltin(id));
    // The simulation is a file of its own, which cli.js requires only to run a scenario.
    assert.deepEqual(own, ['./cliRun.js']);
    assert.ok(existsSync(CLI_RUN), 'dist/cliRun.js is there');
    assert.deepEqual(requires(CLI_RUN).filter((id) => !isBuiltin(id)), []);
  });

  it('carries no extension or dashboard code, and cli.js not the simulation (what the source maps list)', () => {
    const sources = (file: string): string[] => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources;
    const cli = sources(CLI);
    const run = sources(CLI_RUN);
    assert.ok(cli.some((f) => f.endsWith('src/engine/scenario/load.ts')), 'cli.js loads scenarios');
    assert.ok(run.some((f) => f.endsWith('src/engine/simulation/createSimulation.ts')), 'cliRun.js simulates');
    for (const f of [...cli, ...run]) assert.doesNotMatch(f, /src\/extension\/|webview\/|node_modules\/(ajv\/dist\/(core|compile)|@vscode)/, f);
    assert.deepEqual(cli.filter((f) => /src\/engine\/(simulation|migration|network\/(flows|fluid)|memory|health|storage)\//.test(f)), []);
  });

  it('loads the simulation only to run a scenario: validate never requires dist/cliRun.js', () => {
    const loaded = (command: string): boolean => {
      const script = `const m = require(${JSON.stringify(CLI)}); m.main([${JSON.stringify(command)}, ${JSON.stringify(join(FIXTURES, 'two-nodes.cluster.json'))}], { out() {}, err() {}, readFile: (p) => require('fs').readFileSync(p, 'utf8'), color: false }); process.stdout.write(String(Object.keys(require.cache).includes(${JSON.stringify(CLI_RUN)})));`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout === 'true';
    };
    assert.equal(loaded('validate'), false);
    assert.equal(loaded('run'), true);
  });

  it('with no arguments exits 2 with the usage on stderr, nothing on stdout', () => {
    const r = fcsim();
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage: fcsim/);
  });

  it('reads its stdin (/dev/stdin), a socket or a pipe (POSIX only: skipped on Windows, which has no /dev/stdin)', function () {
    if (process.platform === 'win32') this.skip(); // skipped on Windows: no /dev/stdin
    const ok = fcsimPiped(readFileSync(join(FIXTURES, 'two-nodes.cluster.json')), 'validate', '/dev/stdin');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\/dev\/stdin: valid scenario/);
  });

  it('stops reading a pipe that never ends past the size limit; validate --json still prints its JSON (POSIX only: skipped without /bin/sh)', function () {
    if (process.platform === 'win32' || !existsSync('/bin/sh')) this.skip(); // skipped without a POSIX shell
    // `yes` writes forever; before, the CLI read until it ran out of memory.
    const r = spawnSync('/bin/sh', ['-c', `yes ' ' | "${process.execPath}" "${CLI}" validate /dev/stdin --json`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, false);
    assert.equal(out.diagnostics[0].message, 'the file is more than 10 MiB long; a scenario file is at most 10 MiB');
  });
});
