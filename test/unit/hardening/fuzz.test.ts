/**
 * Scenario fuzzing through the CLI, in process (main(argv, io)): thousands of deterministic
 * mutations of the examples and of generated scenarios (mutations.ts). Every case either runs
 * (exit 0 or 1, a report on stdout) or is refused (exit 2, nothing on stdout, each error on
 * stderr as `file:line:col: error: $.path: ...` with a position inside the file); none throws,
 * none reports an internal error, and none takes longer than a generous wall bound. That bound
 * only detects hangs: the runs themselves are bounded by the engine's event limit (passed small
 * here) and the loader's size limits, not by timers.
 *
 * FUZZ_SEED replays another set of cases; FUZZ_FACTOR multiplies their number for a longer hunt.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../../src/cli/main';
import { Rng, mutateJson, mutateText } from './mutations';
import { scenarioArb } from './scenarioArbitrary';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 7_2008;
const FACTOR = Math.max(0, Number(process.env.FUZZ_FACTOR ?? 1)) || 1;
/** A hang detector, not a speed test: a case normally takes milliseconds. */
const WALL_BOUND_MS = 5000;
/** Events a fuzzed run may take: far above what these scenarios need. */
const MAX_EVENTS = 200_000;
const FILE = 'case.cluster.json';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.cluster.json'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
/** Generated scenarios: small clusters that run in a few milliseconds. */
const generated = fc.sample(scenarioArb, { seed: SEED, numRuns: 24 }).map((json, i) => ({ name: `generated #${i}`, text: JSON.stringify(json, null, 2) }));

/** JSON with comments: the examples may have them; JSON.parse may not. */
function parseLoose(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

function runCli(text: string, argv: readonly string[]): Outcome {
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = main(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: () => text,
    color: false,
    maxEvents: MAX_EVENTS,
  });
  return { code, out, err, ms: performance.now() - t0 };
}

/** `$`, then `.key`, `[3]` or `["key with spaces"]` segments (diagnostics.ts formatPath). */
const PATH = String.raw`\$(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*`;
const DIAGNOSTIC = new RegExp(String.raw`^case\.cluster\.json:(\d+):(\d+): (error|warning): (${PATH}): (.+)$`);
const SUMMARY = /^case\.cluster\.json: \d+ error\(s\)(; nothing was run)?$/;
const STOPPED = /^case\.cluster\.json: warning: the run stopped after [\d,]+ events, the engine's limit/;

interface Tally {
  ran: number;
  refused: number;
  stopped: number;
  slowest: number;
  slowestCase?: string;
  msRan?: number;
  msRefused?: number;
}

/** Checks one case; throws with a description of the case when a promise is broken. */
function check(text: string, argv: readonly string[], what: string, tally: Tally): void {
  if (process.env.FUZZ_TRACE) process.stderr.write(`${what} [${text.length} chars]\n`);
  const describe = () => `${what} (${argv.join(' ')}), text starts ${JSON.stringify(text.slice(0, 200))}`;
  let r: Outcome;
  try {
    r = runCli(text, argv);
  } catch (e) {
    throw new Error(`threw ${(e as Error)?.stack ?? String(e)}\ncase: ${describe()}`, { cause: e });
  }
  if (r.ms > tally.slowest) {
    tally.slowest = r.ms;
    tally.slowestCase = what;
  }
  assert.ok(r.ms < WALL_BOUND_MS, `took ${r.ms.toFixed(0)} ms (hang detector): ${describe()}`);
  assert.ok([0, 1, 2].includes(r.code), `exit ${r.code}: ${describe()}`);
  assert.ok(!/internal error/i.test(r.err), `internal error: ${r.err.slice(0, 500)}\ncase: ${describe()}`);

  const lines = r.err.split('\n').filter((l) => l.length > 0);
  let fileLines: string[] | null = null;
  let errors = 0;
  for (const line of lines) {
    if (SUMMARY.test(line) || STOPPED.test(line)) continue;
    const m = DIAGNOSTIC.exec(line);
    if (!m) assert.fail(`stderr line not in the file:line:col: severity: $.path: message form: ${JSON.stringify(line.slice(0, 300))}\ncase: ${describe()}`);
    const [lineNo, col] = [Number(m[1]), Number(m[2])];
    // \n, \r\n and a lone \r end a line, as the loader counts them.
    fileLines ??= text.split(/\r\n|\r|\n/);
    if (!(lineNo >= 1 && lineNo <= fileLines.length)) assert.fail(`line ${lineNo} outside the file (${fileLines.length} lines): ${describe()}`);
    const lineLength: number = fileLines[lineNo - 1]!.length;
    if (!(col >= 1 && col <= lineLength + 1)) assert.fail(`column ${col} outside line ${lineNo} (${lineLength} long): ${describe()}`);
    if (m[3] === 'error') errors++;
  }

  if (r.code === 2) tally.msRefused = (tally.msRefused ?? 0) + r.ms;
  else tally.msRan = (tally.msRan ?? 0) + r.ms;
  if (r.code === 2) {
    tally.refused++;
    assert.ok(errors > 0, `exit 2 without an error line: ${JSON.stringify(r.err.slice(0, 300))}\ncase: ${describe()}`);
    assert.equal(r.out, '', `exit 2 but something on stdout: ${describe()}`);
    return;
  }
  assert.equal(errors, 0, `ran although errors were printed: ${describe()}`);
  if (argv[0] === 'validate') {
    assert.match(r.out, /^case\.cluster\.json: valid scenario/);
    return;
  }
  tally.ran++;
  if (lines.some((l) => STOPPED.test(l))) tally.stopped++;
  if (argv.includes('--json')) {
    const report = JSON.parse(r.out) as { expectations: { passed: boolean }[]; notices: { kind: string }[]; endReason: string };
    const failed = report.expectations.some((e) => !e.passed);
    assert.equal(r.code, failed ? 1 : 0, `exit code and expectations disagree: ${describe()}`);
    assert.equal(report.endReason === 'eventLimit', report.notices.some((n) => n.kind === 'eventLimit'), `an event-limit stop without its notice: ${describe()}`);
  } else {
    assert.ok(r.out.length > 0, `no report: ${describe()}`);
  }
}

const COMMANDS: readonly (readonly string[])[] = [['run', FILE], ['run', FILE, '--json'], ['validate', FILE]];

describe('hardening: scenario fuzzing through the CLI (seeded)', function () {
  this.timeout(120_000);

  const bases = [...examples, ...generated];

  it('structural mutations (wrong types, missing fields, huge and negative numbers, unknown names, deep nesting, long lists, unicode, long strings)', () => {
    const rng = new Rng(SEED);
    const tally: Tally = { ran: 0, refused: 0, stopped: 0, slowest: 0 };
    const cases = Math.round(1200 * FACTOR);
    for (let i = 0; i < cases; i++) {
      const base = rng.pick(bases);
      const json = parseLoose(base.text);
      if (!json) continue;
      const done: string[] = [];
      const n = rng.chance(0.6) ? 1 : 2 + rng.int(2);
      for (let k = 0; k < n; k++) done.push(mutateJson(json, rng));
      let text: string;
      try {
        text = rng.chance(0.5) ? JSON.stringify(json, null, 2) : JSON.stringify(json);
      } catch {
        continue; // Too big for a string at all: no file can be that.
      }
      check(text, rng.pick(COMMANDS), `case ${i} of seed ${SEED}: ${base.name}: ${done.join('; ')}`, tally);
    }
    if (process.env.FUZZ_TRACE) console.log(JSON.stringify(tally));
    assert.ok(tally.ran > cases / 20 && tally.refused > cases / 4, `a useful mix of cases that run and cases refused: ${JSON.stringify(tally)}`);
  });

  it('text mutations (truncations, random byte edits, duplicated keys, line ends, unicode, broken JSON)', () => {
    const rng = new Rng(SEED + 1);
    const tally: Tally = { ran: 0, refused: 0, stopped: 0, slowest: 0 };
    const cases = Math.round(1200 * FACTOR);
    for (let i = 0; i < cases; i++) {
      const base = rng.pick(bases);
      let text = base.text;
      const done: string[] = [];
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) {
        const m = mutateText(text, rng);
        text = m.text;
        done.push(m.what);
      }
      check(text, rng.pick(COMMANDS), `case ${i} of seed ${SEED + 1}: ${base.name}: ${done.join('; ')}`, tally);
    }
    if (process.env.FUZZ_TRACE) console.log(JSON.stringify(tally));
    assert.ok(tally.refused > cases / 4, `most broken texts are refused: ${JSON.stringify(tally)}`);
  });

  it('hostile files: deep nesting, huge lists and strings, binary, a file past the size limit', () => {
    const tally: Tally = { ran: 0, refused: 0, stopped: 0, slowest: 0 };
    const hostile = [
      '',
      '\ufeff',
      '['.repeat(200_000),
      '{"a":'.repeat(100_000),
      `{"nodes": ${'['.repeat(101)}${']'.repeat(101)}}`,
      String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65_536)),
      `{"name": "${'x'.repeat(1_000_000)}", "nodes": [], "networks": []}`,
      `{"nodes": [${Array.from({ length: 20_000 }, (_, i) => `{"name": "N${i}", "memory": "1GiB"}`).join(',')}], "networks": [{"name": "n"}]}`,
      `{"nodes": [{"name": "a", "memory": "1GiB"}], "networks": [{"name": "n"}], "vms": [${'1,'.repeat(500_000)}1]}`,
      `{"nodes": [{"name": "a", "memory": "1GiB"}], "networks": [{"name": "n"}], "timeline": [${'{"at": "1s", "do": "crashNode", "node": "a"},'.repeat(20_000)}{}]}`,
      ' '.repeat(10 * 2 ** 20 + 1),
      `{"nodes": [{"name": "a", "memory": "1GiB"}], "networks": [{"name": "n"}], "vms": [{"name": "v", "owner": "a", "memory": "2TiB", "disk": "d"}], "disks": [{"name": "d", "size": "1TiB"}]}`,
    ];
    for (const [i, text] of hostile.entries()) check(text, ['run', FILE], `hostile file #${i}`, tally);
    assert.equal(tally.refused, hostile.length);
  });
});
