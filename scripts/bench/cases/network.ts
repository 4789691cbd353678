/**
 * The network model: 10,000 concurrent flows between 64 nodes on one 10 Gbps network (a third of
 * them capped, like disk I/O and metadata streams), every flow sharing ports with the others so
 * that one start or end recomputes the max-min fair shares of the whole component. Measured:
 * one flow starting, one ending (cancelled), and one completing (its network's completion event,
 * the recomputation, and the replacement flow its callback starts).
 */
import { Kernel, Random } from '../../../src/engine/kernel';
import type { Flow } from '../../../src/engine/network/flow';
import { NetworkModel } from '../../../src/engine/network/networkModel';
import type { NetworkSpec } from '../../../src/engine/scenario/model';
import { now, round, type BenchCase } from '../measure';

const NODES = 64;
const FLOWS = 10_000;
const BANDWIDTH = 10e9 / 8;

function network(): { kernel: Kernel; model: NetworkModel } {
  const nodes = Array.from({ length: NODES }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const spec: NetworkSpec = {
    name: 'Net',
    role: 'cluster',
    bandwidth: BANDWIDTH,
    latency: 1e-4,
    gateway: false,
    metric: 1000,
    autoMetric: false,
    nodes,
    path: [],
  };
  const kernel = new Kernel();
  return { kernel, model: new NetworkModel(kernel, [spec], nodes) };
}

interface FlowShape {
  readonly from: string;
  readonly to: string;
  readonly maxRate?: number;
}

function shape(rng: Random): FlowShape {
  const a = rng.int(NODES);
  const b = (a + 1 + rng.int(NODES - 1)) % NODES;
  const from = `HV${String(a + 1).padStart(2, '0')}`;
  const to = `HV${String(b + 1).padStart(2, '0')}`;
  // A third are capped (disk I/O, metadata), between 1 MB/s and 100 MB/s.
  return rng.float() < 1 / 3 ? { from, to, maxRate: 1e6 + rng.float() * 99e6 } : { from, to };
}

export const networkFlows: BenchCase = {
  name: 'network10kFlows',
  description: 'NetworkModel, 64 nodes, 10,000 concurrent flows: one flow starting, ending, completing',
  runs: 5,
  quickRuns: 3,
  prepare(quick) {
    const ops = quick ? 200 : 1000;
    const rng = new Random(7, 'network bench');

    // Streams (never complete), for starts and cancels.
    const streams = network();
    const active: Flow[] = [];
    const t0 = now();
    for (let i = 0; i < FLOWS; i++) active.push(streams.model.startFlow({ network: 'Net', ...shape(rng), bytes: Infinity, tag: 'liveMigration' }));
    const fillMs = now() - t0;

    // Finite flows that complete one by one, each replaced by a new one.
    const finite = network();
    let replacements = 0;
    const startFinite = (): void => {
      finite.model.startFlow({
        network: 'Net',
        ...shape(rng),
        bytes: 1e9 + rng.float() * 99e9,
        tag: 'liveMigration',
        onComplete: () => {
          replacements++;
          startFinite();
        },
      });
    };
    for (let i = 0; i < FLOWS; i++) startFinite();

    return {
      setup: { flows: FLOWS, nodes: NODES, fillMsFor10k: round(fillMs) },
      work() {
        let startMs = 0;
        let endMs = 0;
        const s0 = streams.model.stats.flowsRecomputed;
        for (let i = 0; i < ops; i++) {
          const options = { network: 'Net', ...shape(rng), bytes: Infinity, tag: 'liveMigration' as const };
          let t = now();
          const flow = streams.model.startFlow(options);
          startMs += now() - t;
          active.push(flow);
          const k = rng.int(active.length);
          const victim = active[k];
          active[k] = active[active.length - 1];
          active.pop();
          t = now();
          victim.cancel();
          endMs += now() - t;
        }
        const flowsPerRecompute = (streams.model.stats.flowsRecomputed - s0) / (2 * ops);

        const before = replacements;
        const t = now();
        for (let i = 0; i < ops; i++) finite.kernel.step();
        const completeMs = now() - t;
        return {
          activeFlows: streams.model.activeFlows().length,
          flowsPerRecompute: round(flowsPerRecompute),
          startUs: round((startMs * 1000) / ops),
          endUs: round((endMs * 1000) / ops),
          completeAndReplaceUs: round((completeMs * 1000) / ops),
          completions: replacements - before,
        };
      },
    };
  },
};
