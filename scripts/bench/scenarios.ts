/**
 * Scenarios for the benchmarks, generated with a fixed seed and written as a user would write
 * them (a plain object with units), so that every case goes through the real loader.
 */
import { loadScenario, type Scenario } from '../../src/engine';

export type ScenarioJson = Record<string, unknown>;

/** A small seeded generator for the scenarios' shape (mulberry32): not the engine's Random. */
export function shapeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Loads a scenario object through the real loader; throws on any error. */
export function load(json: ScenarioJson): Scenario {
  const { scenario, diagnostics } = loadScenario(JSON.stringify(json));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!scenario || errors.length > 0) {
    throw new Error(`scenario errors: ${errors.slice(0, 5).map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  }
  return scenario;
}

const GiB = 2 ** 30;

/**
 * One live migration of a 64 GiB VM (16,777,216 pages) running the `database` preset
 * (40 MB/s of memory writes, 2 GiB working set) over a dedicated 10 Gbps network.
 */
export function bigVmScenario(): ScenarioJson {
  return {
    name: 'bench: 64 GiB live migration',
    seed: 64,
    nodes: [
      { name: 'HV01', memory: '96GiB' },
      { name: 'HV02', memory: '96GiB' },
    ],
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '10Gbps', latency: '0.1ms' },
    ],
    settings: { liveMigration: { networks: ['Live Migration'] } },
    disks: [{ name: 'CSV1', size: '4TiB', throughput: '1GiB/s', csv: true, path: 'iSCSI' }],
    vms: [{ name: 'SQL01', owner: 'HV01', memory: '64GiB', disk: 'CSV1', vhd: '500GiB', workload: 'database', clients: 100 }],
    timeline: [{ at: '1s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }],
  };
}

export interface DrainShape {
  readonly nodes: number;
  readonly vms: number;
  /** Seconds between one node's drain and the next node's. */
  readonly spacing: number;
  /** Seconds from a node's drain to its resume. */
  readonly resumeAfter: number;
  /** GiB of memory per node. */
  readonly nodeMemoryGiB: number;
}

/** Workload presets of the drain cluster's VMs, by share. */
const WORKLOADS: readonly [string, number][] = [
  ['idle', 0.3],
  ['web', 0.45],
  ['database', 0.2],
  ['memoryIntensive', 0.05],
];

function pick(r: number): string {
  let acc = 0;
  for (const [name, share] of WORKLOADS) {
    acc += share;
    if (r < acc) return name;
  }
  return WORKLOADS[WORKLOADS.length - 1][0];
}

/**
 * Seconds to drain a node holding `bytes` of VMs over 10 Gbps, one VM at a time: each migration
 * is one TCP stream of 5 Gbps (625 MB/s, the default streamThroughput), 15 % more for the later
 * passes, 3.5 s of fixed cost per migration (the default setupTime and cleanupTime) for VMs of
 * 8.5 GiB on average, and a minute to spare.
 */
function drainSeconds(bytes: number): number {
  return (bytes / 625e6) * 1.15 + (bytes / (8.5 * GiB)) * 3.5 + 60;
}

/**
 * A cluster drained node by node, as a cluster-aware update does it: every node in turn is paused
 * and its VMs live-migrated away (one at a time per node, as 2008 R2 does), then resumed. `vms`
 * VMs of 1-16 GiB (uniform, 8.5 GiB on average) spread evenly over `nodes` nodes with 1.5 TiB
 * each (about two thirds used, so the VMs of one node fit on the others), 8 CSVs over iSCSI.
 * A node drained after others also holds some of their VMs, up to its whole memory, so the
 * timeline leaves each drain the time to move a full node's memory: each drain has finished
 * before its node resumes and the next one starts (the benchmark checks it).
 */
export function drainScenario(nodes: number, vms: number, seed = 2008): { json: ScenarioJson; shape: DrainShape } {
  const rnd = shapeRandom(seed);
  const nodeNames = Array.from({ length: nodes }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const disks = Array.from({ length: 8 }, (_, i) => `CSV${i + 1}`);
  const vmList: ScenarioJson[] = [];
  for (let i = 0; i < vms; i++) {
    const node = i % nodes;
    const gib = 1 + Math.floor(rnd() * 16);
    vmList.push({
      name: `VM${String(i + 1).padStart(4, '0')}`,
      owner: nodeNames[node],
      memory: `${gib}GiB`,
      disk: disks[i % disks.length],
      vhd: '40GiB',
      workload: pick(rnd()),
      clients: Math.floor(rnd() * 50),
    });
  }
  const nodeMemoryGiB = 1536;
  const resumeAfter = Math.ceil(drainSeconds(nodeMemoryGiB * GiB) / 60) * 60;
  const spacing = resumeAfter + 60;
  const timeline: ScenarioJson[] = [];
  nodeNames.forEach((node, i) => {
    timeline.push({ at: `${60 + i * spacing}s`, do: 'drainNode', node });
    timeline.push({ at: `${60 + i * spacing + resumeAfter}s`, do: 'resumeNode', node });
  });
  const json: ScenarioJson = {
    name: `bench: drain ${nodes} nodes, ${vms} VMs`,
    seed,
    nodes: nodeNames.map((name) => ({ name, memory: `${nodeMemoryGiB}GiB` })),
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '10Gbps', latency: '0.1ms' },
    ],
    settings: { liveMigration: { networks: ['Live Migration', 'Cluster'] } },
    disks: disks.map((name) => ({ name, size: '64TiB', throughput: '2GiB/s', csv: true, path: 'iSCSI' })),
    vms: vmList,
    timeline,
  };
  return { json, shape: { nodes, vms, spacing, resumeAfter, nodeMemoryGiB } };
}
