import { strict as assert } from 'node:assert';
import type { SimEvent } from '../../../src/engine/model/events';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { run, type Run, type ScenarioJson } from '../../helpers/runScenario';

/**
 * Runs a scenario and checks the engine's invariants after every logged event, among them "a VM
 * runs on one node" and "a VM never runs in a partition without quorum".
 */
export function runChecked(json: ScenarioJson): Run {
  const broken: string[] = [];
  const result = run(json, (sim) => {
    if (broken.length < 5) broken.push(...invariantViolations(sim).map((v) => `t=${sim.now} after ${sim.log.events.at(-1)?.kind}: ${v}`));
  });
  assert.deepEqual(broken, [], 'invariants hold at every event');
  return result;
}

export function eventsOf<K extends SimEvent['kind']>(sim: Simulation, kind: K): Extract<SimEvent, { kind: K }>[] {
  return sim.log.events.filter((e): e is Extract<SimEvent, { kind: K }> => e.kind === kind);
}

/** Node states in file order. */
export function nodeStates(sim: Simulation): string[] {
  return [...sim.state.nodes.values()].map((n) => `${n.name}:${n.status}`);
}

/**
 * Four nodes in two racks: a cluster network across both racks, and one network per rack, so
 * that failing "Cluster" splits the cluster 2 + 2 (HV01, HV02 | HV03, HV04). Storage on a fabric.
 */
export function twoRacks(overrides: ScenarioJson = {}): ScenarioJson {
  return {
    name: 'two racks',
    seed: 7,
    nodes: [
      { name: 'HV01', memory: '32GiB' },
      { name: 'HV02', memory: '32GiB' },
      { name: 'HV03', memory: '32GiB' },
      { name: 'HV04', memory: '32GiB' },
    ],
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
      { name: 'Rack A', role: 'cluster', bandwidth: '1Gbps', nodes: ['HV01', 'HV02'] },
      { name: 'Rack B', role: 'cluster', bandwidth: '1Gbps', nodes: ['HV03', 'HV04'] },
    ],
    disks: [
      { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
      { name: 'Witness', size: '1GiB', role: 'witness', path: 'fabric' },
    ],
    vms: [
      { name: 'A1', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'web' },
      { name: 'A2', owner: 'HV02', memory: '4GiB', disk: 'CSV1', workload: 'web' },
      { name: 'B3', owner: 'HV03', memory: '4GiB', disk: 'CSV1', workload: 'web' },
      { name: 'B4', owner: 'HV04', memory: '4GiB', disk: 'CSV1', workload: 'web' },
    ],
    timeline: [],
    ...overrides,
  };
}
