import type { ClusterSnapshot, NodeSnapshot, VmSnapshot } from '../../../engine/snapshot';

/** What the descriptor builders may look up besides the item they describe. */
export interface BuildContext {
  readonly snapshot: ClusterSnapshot;
  readonly nodes: ReadonlyMap<string, NodeSnapshot>;
  readonly vms: ReadonlyMap<string, VmSnapshot>;
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
  const vms = new Map<string, VmSnapshot>();
  for (const v of snapshot.vms) vms.set(v.name, v);
  const paths = new Map<string, string | null>();
  for (const d of facts?.disks ?? []) paths.set(d.name, d.storagePath);
  return { snapshot, nodes, vms, storagePath: (disk) => paths.get(disk) ?? null };
}
