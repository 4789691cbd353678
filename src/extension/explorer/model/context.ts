import type { ClusterSnapshot, NodeSnapshot, VmSnapshot } from '../../../engine/snapshot';

/** What the descriptor builders may look up besides the item they describe. */
export interface BuildContext {
  readonly snapshot: ClusterSnapshot;
  readonly nodes: ReadonlyMap<string, NodeSnapshot>;
  /** VMs by name (built on first use: there may be 8,000 of them, and a refresh rarely needs it). */
  readonly vms: ReadonlyMap<string, VmSnapshot>;
  /** How many VMs whose owner node is `node` are migrating now. */
  migratingOn(node: string): number;
  /** The network (or 'fabric') carrying a disk's storage traffic, when the scenario says. */
  storagePath(disk: string): string | null;
}

/** Static facts of the loaded scenario the snapshot does not repeat. */
export interface ScenarioFacts {
  readonly disks: readonly { readonly name: string; readonly storagePath: string | null }[];
}

export function buildContext(snapshot: ClusterSnapshot, facts?: ScenarioFacts | null): BuildContext {
  const nodes = new Map<string, NodeSnapshot>();
  for (const n of snapshot.nodes) nodes.set(n.name, n);
  const migrating = new Map<string, number>();
  for (const v of snapshot.vms) if (v.migration) migrating.set(v.node, (migrating.get(v.node) ?? 0) + 1);
  let vms: Map<string, VmSnapshot> | null = null;
  const paths = new Map<string, string | null>();
  for (const d of facts?.disks ?? []) paths.set(d.name, d.storagePath);
  return {
    snapshot,
    nodes,
    get vms() {
      if (vms === null) {
        vms = new Map();
        for (const v of snapshot.vms) vms.set(v.name, v);
      }
      return vms;
    },
    migratingOn: (node) => migrating.get(node) ?? 0,
    storagePath: (disk) => paths.get(disk) ?? null,
  };
}
