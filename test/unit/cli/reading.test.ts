/**
 * Issue 12, reading the file: `fcsim validate /dev/zero` grew until the process aborted (the size
 * limit held only for what stat reported), and a file that could not be read got an error of
 * another shape (`file: error: cannot read...`, no line:column) with nothing on stdout for
 * `validate --json`. The CLI now reads in bounded chunks and stops past the limit, and every such
 * error is one diagnostic at 1:1 in the documented form; `validate --json` always prints its JSON.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { readScenarioFile, UnreadableFile } from '../../../src/cli/readScenarioFile';
import { FIXTURES } from './cliHarness';

function fcsim(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), readFile: readScenarioFile, color: false });
  return { code, stdout, stderr };
}

const TOO_LARGE = 'the file is more than 10 MiB long; a scenario file is at most 10 MiB';
const HINT = 'Expected a smaller file (split a long timeline into several scenarios).';

describe('fcsim: reading the scenario file', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fcsim-read-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('a device that never ends (/dev/zero)', function () {
    before(function () {
      if (!existsSync('/dev/zero')) this.skip(); // skipped where there is no /dev/zero (Windows)
    });

    it('is read only up to the limit, then refused', () => {
      assert.throws(
        () => readScenarioFile('/dev/zero', 4096),
        (e: unknown) => e instanceof UnreadableFile && e.diagnostic.code === 'too-large' && e.diagnostic.line === 1 && e.diagnostic.column === 1,
      );
    });

    it('validate: one error at 1:1 in the documented form, exit 2, nothing on stdout', () => {
      const r = fcsim('validate', '/dev/zero');
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `/dev/zero:1:1: error: $: ${TOO_LARGE}. ${HINT}\n/dev/zero: 1 error(s)\n`);
    });

    it('validate --json prints its JSON, with the error at 1:1', () => {
      const r = fcsim('validate', '/dev/zero', '--json');
      assert.equal(r.code, 2);
      assert.equal(r.stderr, '');
      const out = JSON.parse(r.stdout);
      assert.equal(out.file, '/dev/zero');
      assert.equal(out.valid, false);
      assert.deepEqual(out.diagnostics, [
        { severity: 'error', code: 'too-large', path: [], message: TOO_LARGE, hint: 'a smaller file (split a long timeline into several scenarios)', line: 1, column: 1, offset: 0, length: 0 },
      ]);
    });
  });

  it('a file over 30 MiB: the documented form with its size, and validate --json prints its JSON', () => {
    const file = join(dir, 'big.cluster.json');
    writeFileSync(file, '');
    truncateSync(file, 31 * 2 ** 20); // sparse
    const text = fcsim('run', file);
    assert.equal(text.code, 2);
    assert.equal(text.stdout, '');
    assert.equal(text.stderr, `${file}:1:1: error: $: the file is 31 MiB long; a scenario file is at most 10 MiB. ${HINT}\n${file}: 1 error(s); nothing was run\n`);
    const json = fcsim('validate', file, '--json');
    assert.equal(json.code, 2);
    const out = JSON.parse(json.stdout);
    assert.equal(out.valid, false);
    assert.deepEqual([out.diagnostics[0].line, out.diagnostics[0].column, out.diagnostics[0].code], [1, 1, 'too-large']);
  });

  it('a missing file and a folder: an error at 1:1 that says why; validate --json prints its JSON', () => {
    for (const [path, why] of [
      [join(dir, 'nope.cluster.json'), 'no such file'],
      [dir, 'it is a folder, not a scenario file'],
    ] as const) {
      const text = fcsim('validate', path);
      assert.equal(text.code, 2);
      assert.equal(text.stdout, '');
      assert.match(text.stderr, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:1: error: \\$: cannot read the scenario: ${why}\\. Expected the path of a scenario file`));
      const json = fcsim('validate', path, '--json');
      assert.equal(json.code, 2);
      assert.equal(json.stderr, '');
      const out = JSON.parse(json.stdout);
      assert.equal(out.valid, false);
      assert.equal(out.diagnostics[0].code, 'unreadable');
      assert.equal(out.diagnostics[0].message, `cannot read the scenario: ${why}`);
    }
  });

  it('reads a file in chunks exactly as a whole: characters split across chunks, a byte order mark', () => {
    const file = join(dir, 'utf8.cluster.json');
    // 3- and 4-byte characters across every 64 KiB boundary, after a byte order mark.
    const text = `\ufeff${'é€𝄞'.repeat(50_000)}`;
    writeFileSync(file, text);
    assert.equal(readScenarioFile(file), readFileSync(file, 'utf8'));
    assert.equal(readScenarioFile(file), text);
  });

  it('a file within the byte bound but past the character limit gets the loader\'s own error', () => {
    const file = join(dir, 'eleven.cluster.json');
    writeFileSync(file, `${' '.repeat(11 * 2 ** 20)}{}`);
    const r = fcsim('validate', file);
    assert.match(r.stderr, /:1:1: error: \$: the file is 11 MiB long; a scenario file is at most 10 MiB\./);
  });

  it('a valid file still validates', () => {
    const r = fcsim('validate', join(FIXTURES, 'two-nodes.cluster.json'));
    assert.equal(r.code, 0, r.stderr);
  });
});
