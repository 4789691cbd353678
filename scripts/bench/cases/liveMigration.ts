/**
 * One live migration of a 64 GiB VM (16,777,216 pages) with a database workload over 10 Gbps,
 * page-accurate: its three bitmaps of 16.8 M pages, pass after pass, until the VM is suspended
 * and resumed (the bitmaps hold counts only: nothing reads the pages one by one).
 */
import { createHash } from 'node:crypto';
import { createSimulation, type Simulation } from '../../../src/engine';
import { bigVmScenario, load } from '../scenarios';
import { now, round, type BenchCase } from '../measure';

export const liveMigration64: BenchCase = {
  name: 'liveMigration64GiB',
  description: 'one live migration of a 64 GiB VM (16.8 M pages), database workload, 10 Gbps',
  runs: 7,
  quickRuns: 3,
  goal: { maxMs: 25, maxExtraMB: 200, text: '< 25 ms, < 200 MB extra' },
  prepare() {
    const t0 = now();
    const scenario = load(bigVmScenario());
    const loadMs = now() - t0;
    let sim: Simulation | null = null;
    return {
      setup: { loadMs: round(loadMs) },
      work() {
        sim = createSimulation(scenario);
        sim.run();
        const r = sim.records.migrations[0];
        return {
          outcome: r.outcome,
          pages: r.passes[0]?.pages ?? 0,
          passes: r.passes.length,
          stopReason: r.stopReason ?? '',
          blackoutMs: round((r.blackout ?? 0) * 1000),
          simulatedSeconds: round(sim.now),
          events: sim.kernel.eventsProcessed,
        };
      },
      after() {
        return { logHash: createHash('sha1').update((sim as Simulation | null)?.log.serialize() ?? '').digest('hex').slice(0, 12) };
      },
    };
  },
};
