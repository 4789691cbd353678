/**
 * The CLI as a user in CI runs it: whole processes, `node dist/cli.js validate` and
 * `node dist/cli.js run --json` of examples/article-cluster.cluster.json, side by side with a bare
 * `node -e 0` (Node's own start-up, which no code of ours can shorten). The three are run in turn,
 * round after round, so that a change in the machine's load touches all three alike; the figures
 * are medians over the rounds, and the difference to `node -e 0` is the median of each round's
 * difference. CPU time is each process's own (user + system, read by a preloaded hook at exit:
 * the same hook runs in `node -e 0`). It measures the bundle in dist/: build it first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { median, round, type BenchCase, type Figures } from '../measure';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = join('examples', 'article-cluster.cluster.json');
/** Writes this process's CPU time (ms) to fd 3 when it exits. */
const HOOK = join(__dirname, 'cpuAtExit.cjs');

interface Command {
  readonly name: string;
  readonly args: readonly string[];
}

const COMMANDS: readonly Command[] = [
  { name: 'node', args: ['-e', '0'] },
  { name: 'validate', args: [CLI, 'validate', EXAMPLE] },
  { name: 'run', args: [CLI, 'run', '--json', EXAMPLE] },
];

/** The newest modification time under a folder, ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function once(command: Command): { wallMs: number; cpuMs: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', HOOK, ...command.args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command.name} exited with ${r.status ?? r.signal}: ${String(r.stderr)}`);
  const cpuMs = Number(String(r.output[3] ?? '').trim());
  return { wallMs, cpuMs };
}

export const cliStart: BenchCase = {
  name: 'cliStart',
  description: 'whole CLI processes (validate, run --json of the article example) beside node -e 0, interleaved',
  runs: 3,
  quickRuns: 1,
  goal: {
    metrics: [
      { name: 'validateOverNodeMs', max: 60 },
      { name: 'runOverNodeMs', max: 120 },
    ],
    text: 'validate < node + 60 ms, run < node + 120 ms',
  },
  prepare(quick) {
    const rounds = quick ? 7 : 15;
    const built = statSync(CLI, { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) throw new Error('dist/cli.js is missing: run "npm run build" first');
    const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'schemas')));
    if (sources > built) throw new Error('dist/cli.js is older than src/ or schemas/: run "npm run build" first');
    const wall = new Map(COMMANDS.map((c) => [c.name, [] as number[]]));
    const cpu = new Map(COMMANDS.map((c) => [c.name, [] as number[]]));
    return {
      setup: { rounds, cliBytes: readFileSync(CLI).length, cliRunBytes: readFileSync(join(ROOT, 'dist', 'cliRun.js'), { flag: 'r' }).length },
      work(): Figures {
        for (const c of COMMANDS) once(c); // a first round to fill the disk cache, not counted
        for (let i = 0; i < rounds; i++) {
          for (const c of COMMANDS) {
            const r = once(c);
            wall.get(c.name)!.push(r.wallMs);
            cpu.get(c.name)!.push(r.cpuMs);
          }
        }
        const figures: Figures = {};
        const node = wall.get('node')!;
        const nodeCpu = cpu.get('node')!;
        for (const c of COMMANDS) {
          const w = wall.get(c.name)!;
          const u = cpu.get(c.name)!;
          figures[`${c.name}Ms`] = round(median(w));
          figures[`${c.name}CpuMs`] = round(median(u));
          if (c.name === 'node') continue;
          figures[`${c.name}OverNodeMs`] = round(median(w.map((x, i) => x - node[i]!)));
          figures[`${c.name}CpuOverNodeMs`] = round(median(u.map((x, i) => x - nodeCpu[i]!)));
        }
        return figures;
      },
    };
  },
};
