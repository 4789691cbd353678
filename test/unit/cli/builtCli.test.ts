import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { FIXTURES } from './cliHarness';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

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

  it('needs no installed package, only Node.js (package.json has no dependencies: `npm install -g .` installs nothing else)', () => {
    const bundle = readFileSync(CLI, 'utf8');
    const required = [...bundle.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(required.filter((id) => !isBuiltin(id)), []);
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
