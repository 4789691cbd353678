/**
 * The Cluster Shared Volumes grid: one row per volume, one cell per node with its access state
 * and why, the coordinator, and the redirected I/O each node sends through the coordinator now.
 * Pure: from the snapshot and the active flows.
 *
 * Redirected traffic: what the engine says a redirected node's VMs get through the coordinator
 * (the snapshot's per-node `throughput`, when the engine gives it). Otherwise it is read from the
 * network model's flows tagged 'redirectedIo' between a node and a volume's coordinator, either
 * way: a flow whose label ends with one of the volumes' names counts for that volume; any other is
 * shared equally among the volumes the node reaches redirected through that coordinator. With
 * neither, every node's redirected traffic is 0.
 */
import type { ClusterSnapshot, NodeAccess, VolumeSnapshot } from '../../../engine/snapshot';
import type { CellState, VolumeView } from '../../../protocol';
import type { FlowIndex } from './flows';

/** The views of `volumes` (by default every volume of the snapshot), in their order. */
export function volumeViews(snapshot: ClusterSnapshot, flows: FlowIndex, volumes: readonly VolumeSnapshot[] = snapshot.volumes): VolumeView[] {
  const nodes = snapshot.nodes.map((n) => n.name);
  // From the flows of every volume: a flow may be shared among several.
  const traffic = redirectedTraffic(snapshot.volumes, flows);
  return volumes.map((v) => ({
    disk: v.disk,
    path: v.path,
    coordinator: v.coordinator,
    maintenance: v.maintenance,
    online: v.online,
    cells: v.access.map((a) => ({ node: a.node, state: cellState(a), reason: a.reason, since: a.since })),
    redirectedTraffic: nodes.map((node, k) => ({ node, bytesPerSecond: redirectedRate(v, node, k) ?? traffic.get(v.disk)?.get(node) ?? 0 })),
  }));
}

/**
 * True when the volume's view depends on its snapshot and the nodes' names only, not on the
 * flows: the engine gives every node's redirected I/O (`throughput`). The dashboard's model then
 * skips a volume whose snapshot is the one it saw last (the engine hands it out again while it
 * reads the same).
 */
export function viewFromSnapshotOnly(v: VolumeSnapshot, nodes: readonly string[]): boolean {
  for (let k = 0; k < nodes.length; k++) if (redirectedRate(v, nodes[k], k) === undefined) return false;
  return true;
}

/**
 * The engine's own figure for a node's redirected I/O on a volume, when the snapshot has one.
 * `at`: where the node's entry usually is (the access list is in node order).
 */
function redirectedRate(v: VolumeSnapshot, node: string, at: number): number | undefined {
  const a = v.access[at]?.node === node ? v.access[at] : v.access.find((x) => x.node === node);
  const throughput = (a as { readonly throughput?: unknown } | undefined)?.throughput;
  if (a === undefined || typeof throughput !== 'number' || !Number.isFinite(throughput)) return undefined;
  return a.state === 'redirected' ? Math.max(0, throughput) : 0;
}

/** A node's access to a volume as the grid colours it: maintenance mode is a state of its own. */
export function cellState(a: NodeAccess): CellState {
  if (a.reason === 'maintenance' && a.state !== 'noAccess') return 'maintenance';
  return a.state;
}

/** Per volume, per node: bytes per second of redirected I/O between the node and the coordinator. */
function redirectedTraffic(volumes: readonly VolumeSnapshot[], flows: FlowIndex): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  if (!flows.hasRedirected) return out;
  // Each pair (node, coordinator) once, with the volumes the node reaches redirected through it.
  const pairs = new Map<string, { node: string; coordinator: string; disks: string[] }>();
  for (const v of volumes) {
    for (const a of v.access) {
      if (a.state !== 'redirected' || a.node === v.coordinator) continue;
      const key = JSON.stringify([a.node, v.coordinator]);
      const pair = pairs.get(key) ?? { node: a.node, coordinator: v.coordinator, disks: [] };
      pair.disks.push(v.disk);
      pairs.set(key, pair);
    }
  }
  const add = (disk: string, node: string, rate: number): void => {
    const perNode = out.get(disk) ?? new Map<string, number>();
    perNode.set(node, (perNode.get(node) ?? 0) + rate);
    out.set(disk, perNode);
  };
  for (const { node, coordinator, disks } of pairs.values()) {
    for (const f of flows.redirectedBetween(node, coordinator)) {
      const named = disks.filter((d) => f.label.endsWith(` ${d}`));
      if (named.length === 1) add(named[0], node, f.rate);
      else for (const d of disks) add(d, node, f.rate / disks.length);
    }
  }
  return out;
}
