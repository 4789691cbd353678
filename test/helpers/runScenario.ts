import { strict as assert } from 'node:assert';
import { createSimulation, buildReport, loadScenario } from '../../src/engine';
import type { Report } from '../../src/engine/scenario/report';
import type { Simulation } from '../../src/engine/simulation/simulation';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const PAGE = 4096;
/** Bits per second to bytes per second, as the network model uses them. */
export const gbps = (n: number): number => (n * 1e9) / 8;

/** A scenario written as the user would (a plain object, serialized and loaded like a file). */
export type ScenarioJson = Record<string, unknown>;

/** Loads a scenario object through the real loader; fails the test on any error. */
export function load(json: ScenarioJson) {
  const { scenario, diagnostics } = loadScenario(JSON.stringify(json, null, 2));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 0, `scenario errors: ${errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  assert.ok(scenario);
  return scenario;
}

export interface Run {
  readonly sim: Simulation;
  readonly report: Report;
}

/** Loads and runs a scenario to its end, with an optional hook called at every event. */
export function run(json: ScenarioJson, onEvent?: (sim: Simulation) => void): Run {
  const sim = createSimulation(load(json));
  if (onEvent) sim.log.subscribe(() => onEvent(sim));
  sim.run();
  return { sim, report: buildReport(sim) };
}

/**
 * A two-to-four-node 2008 R2 cluster with a dedicated cluster network, a live-migration network,
 * iSCSI and a client LAN, and one CSV on a fabric (so storage never limits a test that is about
 * the network). Tests override what they are about.
 */
export function cluster(overrides: ScenarioJson = {}): ScenarioJson {
  return {
    name: 'test cluster',
    seed: 11,
    nodes: [
      { name: 'HV01', memory: '64GiB' },
      { name: 'HV02', memory: '64GiB' },
      { name: 'HV03', memory: '64GiB' },
    ],
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'Live Migration', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
    ],
    settings: { liveMigration: { networks: ['Live Migration', 'LAN'] } },
    disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'fabric' }],
    vms: [],
    timeline: [],
    ...overrides,
  };
}

/** A workload written out in full. */
export function workload(memoryWrites: string, workingSet: string, hotShare: number): ScenarioJson {
  return { memoryWrites, workingSet, hotShare, diskIo: '0MB/s' };
}
