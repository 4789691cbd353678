import type { VmRuntime } from '../model/clusterState';
import { formatBytes } from '../../format/quantities';
import type { RunContext } from '../model/runContext';

/** What placement reads: the nodes in file order and their state now. */
type Cluster = Pick<RunContext, 'scenario' | 'state'>;

/**
 * Where the cluster puts a VM it moves by itself (drain, failover): the first node in the VM's
 * preferred owners, then the other nodes in file order, that passes the caller's checks. Shared
 * by the drain (migration/) and failover (health/) so both follow the same order.
 */

/** The VM's preferred owners, then every other node in file order; each node once. */
function placementOrder(cluster: Cluster, vm: VmRuntime): string[] {
  const order: string[] = [];
  for (const name of [...vm.spec.preferredOwners, ...cluster.scenario.nodes.map((n) => n.name)]) {
    if (!order.includes(name) && cluster.state.nodes.has(name)) order.push(name);
  }
  return order;
}

/**
 * Why `node` cannot take the VM now, or null when it can: the node must be up (not paused,
 * down or joining) and have the VM's memory free, less what is already promised to other VMs
 * being placed in the same pass.
 */
function whyCannotHost(cluster: Cluster, vm: VmRuntime, node: string, promised: ReadonlyMap<string, number> = new Map()): string | null {
  const n = cluster.state.node(node);
  if (!n.canHost) return `${node} is ${n.status}`;
  const free = n.free - (promised.get(node) ?? 0);
  if (free < vm.spec.memory) return `${node} has ${formatBytes(free)} free, ${vm.name} needs ${formatBytes(vm.spec.memory)}`;
  return null;
}

/**
 * The first node in {@link placementOrder} that can host the VM ({@link whyCannotHost}) and
 * passes `extra` (a further check that returns a reason, or null). `exclude` is skipped (the
 * node the VM leaves). Returns the node, or null with each candidate's reason.
 */
export function choosePlacement(
  cluster: Cluster,
  vm: VmRuntime,
  options: {
    readonly exclude?: string;
    readonly promised?: ReadonlyMap<string, number>;
    readonly extra?: (node: string) => string | null;
  } = {},
): { node: string } | { node: null; reasons: string[] } {
  const reasons: string[] = [];
  for (const name of placementOrder(cluster, vm)) {
    if (name === options.exclude) continue;
    const why = whyCannotHost(cluster, vm, name, options.promised) ?? options.extra?.(name) ?? null;
    if (why === null) return { node: name };
    reasons.push(why);
  }
  return { node: null, reasons };
}
