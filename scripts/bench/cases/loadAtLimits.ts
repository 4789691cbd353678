/**
 * Loading a scenario at the loader's limits: 64 nodes and 8,000 VMs (Hyper-V's maximum, and the
 * loader's), the drain cluster of drain64 written out as a user would (2-space indented JSON,
 * about 1.4 MB). What it costs the CLI to load it and the editor to check it after a typing pause.
 * The measured work is one loadScenario in a fresh process (cold: the JIT has not seen the
 * loader yet, as in the CLI and in the editor's first check); the stages are timed through the
 * loader's own stage observer, so they add up to the whole. A warm load (the editor's next
 * checks) is reported apart.
 */
import { loadScenario, type LoadStage } from '../../../src/engine/scenario/load';
import { drainScenario } from '../scenarios';
import { median, now, round, type BenchCase, type Figures } from '../measure';

const NODES = 64;
const VMS = 8000;
const WARM_LOADS = 5;

/** One load with the time each stage took, ms (a stage that did not run is absent). */
function timedLoad(text: string): { result: ReturnType<typeof loadScenario>; stages: Partial<Record<LoadStage, number>> } {
  const stages: Partial<Record<LoadStage, number>> = {};
  let current: LoadStage | null = null;
  let since = now();
  const result = loadScenario(text, (stage) => {
    const t = now();
    if (current !== null) stages[current] = (stages[current] ?? 0) + (t - since);
    current = stage;
    since = t;
  });
  return { result, stages };
}

export const loadAtLimits: BenchCase = {
  name: 'loadAtLimits',
  description: `loadScenario of a ${NODES}-node, ${VMS.toLocaleString('en')}-VM scenario (the loader's limits), cold, with each stage's time`,
  runs: 7,
  quickRuns: 3,
  goal: { maxMs: 300, text: '< 300 ms' },
  prepare() {
    const text = JSON.stringify(drainScenario(NODES, VMS).json, null, 2);
    let stages: Partial<Record<LoadStage, number>> = {};
    let loaded: ReturnType<typeof loadScenario> | null = null;
    return {
      setup: { chars: text.length, nodes: NODES, vms: VMS },
      work(): Figures {
        const timed = timedLoad(text);
        loaded = timed.result;
        stages = timed.stages;
        return {};
      },
      after(): Figures {
        const result = loaded!;
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (!result.scenario || errors.length > 0) throw new Error(`the scenario does not load: ${errors[0]?.message}`);
        const warm: number[] = [];
        for (let i = 0; i < WARM_LOADS; i++) {
          const t0 = now();
          loadScenario(text);
          warm.push(now() - t0);
        }
        const figures: Figures = { warnings: result.diagnostics.length, warmLoadMs: round(median(warm)) };
        for (const [stage, ms] of Object.entries(stages)) figures[`${stage}Ms`] = round(ms);
        return figures;
      },
    };
  },
};
