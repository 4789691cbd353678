/**
 * The benchmarks (`npm run bench`): figures to compare between commits, not pass/fail tests.
 *
 *   npm run bench                          every case, each several times
 *   npm run bench -- --quick               fewer runs, smaller loops (a minute or two)
 *   npm run bench -- --filter drain        only the cases whose name contains "drain" (repeatable, or a,b)
 *   npm run bench -- --runs 3              this many runs of each case
 *   npm run bench -- --out other.json      write somewhere else than bench-results.json
 *   npm run bench -- --list                list the cases
 *
 * Each run of a case is a fresh process (`node --import tsx --expose-gc scripts/bench/case.ts
 * <name>`), so no run inherits another's heap or JIT. A case measures the wall time of its work
 * only (performance.now() around it, the scenario's generation and loading excluded) and the
 * process's CPU time, its RSS before the work (after a GC) and its peak RSS at the end. Printed:
 * the median over runs, with min and max; written: bench-results.json (not committed).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { CASES } from './cases';
import { median, round, type BenchCase, type RunResult } from './measure';

interface Options {
  readonly quick: boolean;
  readonly filters: string[];
  readonly runs: number | null;
  readonly out: string;
  readonly list: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const filters: string[] = [];
  let quick = false;
  let runs: number | null = null;
  let out = 'bench-results.json';
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') quick = true;
    else if (a === '--list') list = true;
    else if (a === '--filter') filters.push(...value().split(','));
    else if (a.startsWith('--filter=')) filters.push(...a.slice(9).split(','));
    else if (a === '--runs') runs = Number(value());
    else if (a === '--out') out = value();
    else throw new Error(`unknown option ${a} (options: --quick, --filter NAME, --runs N, --out FILE, --list)`);
  }
  if (runs !== null && !(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs needs a positive integer');
  return { quick, filters, runs, out, list };
}

const ROOT = join(__dirname, '..', '..');

function runOnce(bench: BenchCase, quick: boolean): RunResult {
  const args = ['--import', 'tsx', '--expose-gc', join('scripts', 'bench', 'case.ts'), bench.name];
  if (quick) args.push('--quick');
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = (child.stdout ?? '').trim().split('\n');
  if (child.status !== 0) throw new Error(`${bench.name} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  return JSON.parse(lines[lines.length - 1]) as RunResult;
}

interface CaseSummary {
  name: string;
  description: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMedianMs: number;
  baselineRssMB: number;
  peakRssMB: number;
  extraRssMB: number;
  metrics: Record<string, number | string | boolean>;
  goal: string | null;
  goalMet: boolean | null;
  /** Figures that differed between runs although they should not (a determinism check). */
  unstable: string[];
}

function summarize(bench: BenchCase, results: readonly RunResult[]): CaseSummary {
  const walls = results.map((r) => r.wallMs);
  const peak = median(results.map((r) => r.peakRssMB));
  const baseline = median(results.map((r) => r.baselineRssMB));
  const metrics: Record<string, number | string | boolean> = {};
  const unstable: string[] = [];
  for (const key of Object.keys(results[0].metrics)) {
    const values = results.map((r) => r.metrics[key]);
    if (values.every((v) => typeof v === 'number')) metrics[key] = round(median(values as number[]));
    else {
      metrics[key] = values[0];
      if (values.some((v) => v !== values[0])) unstable.push(key);
    }
  }
  const summary: CaseSummary = {
    name: bench.name,
    description: bench.description,
    runs: results.length,
    medianMs: round(median(walls)),
    minMs: round(Math.min(...walls)),
    maxMs: round(Math.max(...walls)),
    cpuMedianMs: round(median(results.map((r) => r.cpuMs))),
    baselineRssMB: round(baseline),
    peakRssMB: round(peak),
    extraRssMB: round(peak - baseline),
    metrics,
    goal: bench.goal?.text ?? null,
    goalMet: null,
    unstable,
  };
  const g = bench.goal;
  if (g) {
    let met = true;
    if (g.maxMs !== undefined && summary.medianMs > g.maxMs) met = false;
    if (g.maxExtraMB !== undefined && summary.extraRssMB > g.maxExtraMB) met = false;
    if (g.maxPeakMB !== undefined && summary.peakRssMB > g.maxPeakMB) met = false;
    for (const m of [...(g.metric ? [g.metric] : []), ...(g.metrics ?? [])]) {
      const v = metrics[m.name];
      if (typeof v !== 'number') met = false;
      else {
        if (m.max !== undefined && v > m.max) met = false;
        if (m.min !== undefined && v < m.min) met = false;
      }
    }
    summary.goalMet = met;
  }
  return summary;
}

function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' (with uncommitted changes)' : ''}`;
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    totalMemoryGB: round(os.totalmem() / 1024 ** 3, 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => round(x, 3)),
  };
}

function line(s: CaseSummary): string {
  const goal = s.goal === null ? '' : `  goal ${s.goal}: ${s.goalMet ? 'met' : 'MISSED'}`;
  const rss = `peak RSS ${s.peakRssMB} MB (+${s.extraRssMB} over ${s.baselineRssMB})`;
  return `${s.name.padEnd(20)} median ${fmtMs(s.medianMs)} (min ${fmtMs(s.minMs)}, max ${fmtMs(s.maxMs)}, CPU ${fmtMs(s.cpuMedianMs)}), ${rss}${goal}`;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${round(ms / 1000, 3)} s` : `${round(ms, 3)} ms`;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const selected = CASES.filter((c) => options.filters.length === 0 || options.filters.some((f) => c.name.toLowerCase().includes(f.toLowerCase())));
  if (options.list) {
    for (const c of CASES) process.stdout.write(`${c.name.padEnd(20)} ${c.description}${c.goal ? ` (goal: ${c.goal.text})` : ''}\n`);
    return;
  }
  if (selected.length === 0) throw new Error(`no case matches ${options.filters.join(', ')}; see --list`);
  const info = machine();
  process.stdout.write(`${info.cpu} x ${info.cpus}, ${info.totalMemoryGB} GB, Node ${info.node}${options.quick ? ' (quick)' : ''}\n`);
  const cases: CaseSummary[] = [];
  for (const bench of selected) {
    const runs = options.runs ?? (options.quick ? bench.quickRuns : bench.runs);
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) results.push(runOnce(bench, options.quick));
    const s = summarize(bench, results);
    cases.push(s);
    process.stdout.write(`${line(s)}\n`);
    const figures = Object.entries(s.metrics).map(([k, v]) => `${k}=${v}`).join(' ');
    process.stdout.write(`${' '.repeat(21)}${figures}\n`);
    if (s.unstable.length) process.stdout.write(`${' '.repeat(21)}WARNING: differed between runs: ${s.unstable.join(', ')}\n`);
  }
  const report = {
    machine: info,
    date: new Date().toISOString(),
    commit: gitCommit(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    quick: options.quick,
    cases,
  };
  writeFileSync(resolve(ROOT, options.out), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`written to ${options.out}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
