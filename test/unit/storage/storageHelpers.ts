import { strict as assert } from 'node:assert';
import { createSimulation } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine/model/events';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import type { StorageManager } from '../../../src/engine/storage/storageManager';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

/** A 1 Gbps port, each way, in bytes per second. */
export const GBPS = 1e9 / 8;
export const MB = 1e6;

/** A workload that is all about disk I/O: little memory activity, `diskIo` as given. */
export function io(diskIo: string): ScenarioJson {
  return { memoryWrites: '1MB/s', workingSet: '64MiB', hotShare: 0.9, diskIo };
}

/**
 * Three nodes; a dedicated cluster network (NetFT's: lowest metric), an iSCSI network carrying
 * CSV1 (256 MiB/s, coordinator HV01) and a client LAN, all 1 Gbps. Live migration is sent over
 * the cluster network, so it competes with redirected I/O there.
 */
export function csvCluster(overrides: ScenarioJson = {}): ScenarioJson {
  return cluster({
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
    ],
    settings: { liveMigration: { networks: ['Cluster'] } },
    disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' }],
    ...overrides,
  });
}

/** A simulation whose invariants (the storage model's included) are checked at every event. */
export function simulate(json: ScenarioJson): Simulation {
  const sim = createSimulation(load(json));
  sim.log.subscribe((e) => assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now} after ${e.kind}`));
  return sim;
}

export function storage(sim: Simulation): StorageManager {
  return sim.storage;
}

/** Bytes per second `node`'s VMs get on `disk` now. */
export function throughput(sim: Simulation, disk: string, node: string): number {
  return storage(sim).rates(disk, node).throughput;
}

export function close(actual: number, expected: number, what: string, relative = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
}

export function eventsOf<K extends SimEvent['kind']>(sim: Simulation, kind: K): Extract<SimEvent, { kind: K }>[] {
  return sim.log.events.filter((e): e is Extract<SimEvent, { kind: K }> => e.kind === kind);
}
