/**
 * Runs one benchmark case once, in this (fresh) process, and prints its result as one JSON line:
 *   node --import tsx --expose-gc scripts/bench/case.ts <name> [--quick]
 * The driver (run.ts) starts one process per run, so no run inherits another's heap or JIT state.
 */
import { CASES } from './cases';
import { now, round, type RunResult } from './measure';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const name = process.argv[2];
  const quick = process.argv.includes('--quick');
  const bench = CASES.find((c) => c.name === name);
  if (!bench) {
    process.stderr.write(`unknown case "${name}"; cases: ${CASES.map((c) => c.name).join(', ')}\n`);
    process.exit(2);
  }
  const prepared = bench.prepare(quick);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baselineRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const metrics = await prepared.work();
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // maxRSS is in KiB: the peak over the process's life (the preparation's too, usually lower).
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const after = prepared.after?.(wallMs) ?? {};
  const result: RunResult = {
    wallMs: round(wallMs, 6),
    cpuMs: round((cpu.user + cpu.system) / 1000, 6),
    baselineRssMB: round(baselineRss / MiB),
    peakRssMB: round(peakRss / MiB),
    metrics: { ...prepared.setup, ...metrics, ...after },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  // Whatever a case left running (a worker thread, a child process) does not keep the run going.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
