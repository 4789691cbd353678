/** Snapshots for the explorer's tests: real ones from the engine, and synthetic large ones. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulation, loadScenario, takeSnapshot } from '../../../src/engine';
import type { Scenario } from '../../../src/engine';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import type { ClusterSnapshot, NodeSnapshot, VmSnapshot } from '../../../src/engine/snapshot';
import type { ExplorerTree, ItemDescriptor } from '../../../src/extension/explorer/model/descriptor';

export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export interface Run {
  readonly scenario: Scenario;
  readonly sim: Simulation;
  /** Runs to `t` (simulated seconds) and takes a snapshot. */
  at(t: number): ClusterSnapshot;
}

export function runExample(file: string): Run {
  const { scenario, diagnostics } = loadScenario(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!scenario) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  const sim = createSimulation(scenario);
  return {
    scenario,
    sim,
    at(t) {
      sim.runUntil(t);
      return takeSnapshot(sim);
    },
  };
}

export function item(tree: ExplorerTree, id: string): ItemDescriptor {
  const d = tree.items.get(id);
  if (!d) throw new Error(`no item ${id}`);
  return d;
}

/** A cluster of `nodeCount` nodes and `vmCount` VMs, a few of them migrating, on 3 networks and 4 CSVs. */
export function syntheticSnapshot(nodeCount: number, vmCount: number, t = 0): ClusterSnapshot {
  const GiB = 1024 ** 3;
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const vms: VmSnapshot[] = [];
  const onNode = new Map<string, string[]>(nodeNames.map((n) => [n, []]));
  for (let i = 0; i < vmCount; i++) {
    const node = nodeNames[i % nodeCount];
    const name = `VM${String(i + 1).padStart(5, '0')}`;
    onNode.get(node)!.push(name);
    const migrating = i % 500 === 7;
    vms.push({
      name,
      node,
      status: i % 97 === 3 ? 'off' : 'running',
      memory: 2 * GiB,
      disk: `Cluster Disk ${(i % 4) + 1}`,
      clients: 10,
      clientsDisconnected: 0,
      downtime: 0,
      migration: migrating
        ? { type: 'live', from: node, to: nodeNames[(i + 1) % nodeCount], network: 'Cluster Internal', phase: 'precopy', pass: 2, maxPasses: 8, progress: 0.5 }
        : null,
    });
  }
  const nodes: NodeSnapshot[] = nodeNames.map((name) => ({ name, status: 'up', memory: 512 * GiB, used: onNode.get(name)!.length * 2 * GiB, vms: onNode.get(name)! }));
  const links = nodeNames.map((node) => ({ node, up: true }));
  const traffic = { liveMigration: 0, redirectedIo: 0, metadata: 0, storage: 0, other: 0 };
  return {
    t,
    name: 'Big cluster',
    phase: 'running',
    hasQuorum: true,
    nodes,
    vms,
    networks: [
      { name: 'Cluster Internal', role: 'cluster', metric: 1000, autoMetric: true, up: true, bandwidth: 1.25e9, netft: true, liveMigration: true, links, traffic },
      { name: 'LAN', role: 'clusterAndClient', metric: 10000, autoMetric: true, up: true, bandwidth: 1.25e9, netft: false, liveMigration: false, links, traffic },
      { name: 'iSCSI', role: 'none', metric: 100000, autoMetric: true, up: true, bandwidth: 1.25e9, netft: false, liveMigration: false, links, traffic },
    ],
    volumes: [1, 2, 3, 4].map((k) => ({
      disk: `Cluster Disk ${k}`,
      path: `C:\\ClusterStorage\\Volume${k}`,
      coordinator: nodeNames[k % nodeCount],
      online: true,
      maintenance: false,
      redirectedAccess: false,
      access: nodeNames.map((node) => ({ node, state: 'direct' as const, reason: null, since: null })),
    })),
    disks: [{ name: 'Witness', owner: nodeNames[0], online: true, role: 'witness', vms: [] }],
  };
}
