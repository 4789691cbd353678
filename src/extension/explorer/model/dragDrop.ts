/**
 * Live migration by drag and drop: which VMs dropped where move to which node. A drop onto a
 * node, or onto a VM listed under a node, means that node; VMs already on it stay out.
 */
import type { Target } from '../target';
import type { ExplorerTree } from './descriptor';
import { nodeVmId } from './ids';

interface DropPlan {
  /** The VMs to move, in the order they were dragged. */
  readonly vms: readonly Target[];
  readonly node: string;
}

export function dropPlan(tree: ExplorerTree, dragged: readonly Target[], ontoId: string | undefined): DropPlan | null {
  if (ontoId === undefined) return null;
  let onto = tree.items.get(ontoId);
  if (onto?.kind === 'vm') onto = onto.parent === null ? undefined : tree.items.get(onto.parent);
  if (onto?.kind !== 'node') return null;
  const node = onto.target.name;
  const seen = new Set<string>();
  const vms: Target[] = [];
  for (const t of dragged) {
    if (t.kind !== 'vm' || seen.has(t.name) || tree.items.has(nodeVmId(node, t.name))) continue;
    seen.add(t.name);
    vms.push({ kind: 'vm', name: t.name });
  }
  return vms.length ? { vms, node } : null;
}
