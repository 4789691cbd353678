/**
 * Issue 12, the command line: `fcsim` alone exited 0 with the usage on stdout; `--` was an
 * unknown option, so a file whose name starts with "-" could not be named. The flags are now read
 * with node:util's parseArgs; a wrong command line exits 2 with one message and the usage on
 * stderr, nothing on stdout; help asked for explicitly goes to stdout with exit 0.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { FIXTURES, runCli } from './cliHarness';

/** The message of the usage error `args` raise. */
function usageError(...args: string[]): string {
  try {
    parseArgs(args);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return e.message;
  }
  assert.fail(`no usage error for ${args.join(' ')}`);
}

describe('fcsim command line', () => {
  it('no arguments: exit 2, "missing command" and the usage on stderr, nothing on stdout', () => {
    const r = runCli();
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^fcsim: missing command: use "run" or "validate"\n\nUsage: fcsim/);
  });

  it('help asked for (--help, -h, help) prints the usage on stdout and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['run', 'x.cluster.json', '--help']]) {
      const r = runCli(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^Usage: fcsim/);
    }
  });

  it('a wrong command line exits 2 with one message and the usage on stderr, nothing on stdout', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate', 'x'], /^fcsim: unknown command "frobnicate": use "run" or "validate"\n/],
      [['run', 'x', '--fast'], /^fcsim: unknown option "--fast"\n/],
      [['run', 'x', '-q'], /^fcsim: unknown option "-q"\n/],
      [['validate', 'x', '--json=yes'], /^fcsim: "--json" takes no value, found "--json=yes"\n/],
      [['run'], /^fcsim: "run" needs a scenario file/],
      [['run', 'a', 'b'], /^fcsim: unexpected argument "b": give one scenario file\n/],
      [['validate', 'a', '--events'], /^fcsim: "--events" only applies to "run"\n/],
      [['run', 'a', '--json', '--events'], /^fcsim: "--events" and "--json" both write to stdout/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, /\n\nUsage: fcsim <command>/, args.join(' '));
    }
  });

  it('"--" ends the options, so a file whose name starts with "-" can be named', () => {
    assert.deepEqual(parseArgs(['validate', '--', '-weird.cluster.json']), { kind: 'validate', file: '-weird.cluster.json', json: false });
    assert.deepEqual(parseArgs(['run', '--json', '--', '--events']), { kind: 'run', file: '--events', json: true, events: false });
    assert.deepEqual(parseArgs(['--json', 'validate', 'f.cluster.json']), { kind: 'validate', file: 'f.cluster.json', json: true });
    const dir = mkdtempSync(join(tmpdir(), 'fcsim-dash-'));
    const cwd = process.cwd();
    try {
      copyFileSync(join(FIXTURES, 'two-nodes.cluster.json'), join(dir, '-weird.cluster.json'));
      process.chdir(dir);
      const r = runCli('validate', '--', '-weird.cluster.json');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^-weird\.cluster\.json: valid scenario/);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file name starting with "-" without "--" is an unknown option whose message says to use "--"', () => {
    assert.equal(
      usageError('validate', '-weird.cluster.json'),
      'unknown option "-weird.cluster.json"; a file whose name starts with "-" goes after "--", e.g. fcsim validate -- -weird.cluster.json',
    );
    assert.equal(usageError('run', 'x', '-hq'), 'unknown option "-q" in "-hq"');
  });

  it('-v and --version print the version; -h wins over -v', () => {
    assert.deepEqual(parseArgs(['-v']), { kind: 'version' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepEqual(parseArgs(['-hv']), { kind: 'help' });
    const r = runCli('--version');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'dev\n', 'the version is defined at build time only');
  });

  it('an option name is never taken for a property of Object.prototype', () => {
    assert.equal(usageError('run', 'x', '--constructor'), 'unknown option "--constructor"');
    assert.equal(usageError('run', 'x', '--toString'), 'unknown option "--toString"');
  });
});
