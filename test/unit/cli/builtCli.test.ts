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
});
