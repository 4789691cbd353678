import type { VmRuntime } from '../model/clusterState';
import { formatBytes } from '../../format/quantities';
import type { RunContext } from '../model/runContext';

/**
 * Where the cluster puts a VM it moves by itself, as Windows Server 2008 R2 chooses (shared by
 * failover in health/, the drain in migration/ and whatever else moves a VM without a target, so
 * all follow one rule; docs/fidelity.md, "Failover placement and policy", has the sources):
 *
 * - The node list is the VM's preferred owners in order, then every other node in Node ID order
 *   (modelled as the order of `nodes` in the file) (KB 299631).
 * - `failover` (the default): the VM goes to the *next* node in that list after the node it was
 *   on, wrapping round, so the node it was on comes last ("If the group is on node 4 and fails, it
 *   will move to node 1, not node 3": the clustering team, 2008). A node it was on that is not a
 *   preferred owner still has its place in the list, among the other nodes, and "next" starts
 *   there. A VM without preferred owners has its list drawn at random for each failover unless
 *   `settings.disableGroupPreferredOwnerRandomization` (2008 R2's property of that name, default
 *   false): from the run's seeded random numbers, a stream per VM and instant, so runs repeat.
 * - `move` (a planned move without a target, as a drain makes): the most preferred node that can
 *   take it, from the top of the list (ClusResGroup.Move: "selects the most preferred node from
 *   the set of possible active nodes"). Never drawn at random.
 * - A node that is not one of the VM's possible owners never takes it (a hard limit).
 * - Anti-affinity (AntiAffinityClassNames) is a preference: a node hosting a VM that shares one of
 *   the VM's class names is passed over, unless only such nodes can take it; then the first of
 *   them in the same order is used and the result says so. "Hosting" means a VM that holds memory
 *   there (running, booting, restoring, saving, suspended), or one placed there earlier in the
 *   same pass (`placed`); off, saved and failed VMs do not count.
 * - The node must be up (not paused, down or joining) and have the VM's memory free, counting
 *   what is `promised` to VMs placed in the same pass. 2008 R2 checks no resource before it
 *   places a group (a start that fails for memory moves it on to the next node); the simulator
 *   checks memory first, a choice that ends at the same node without the failed start.
 */

/** What placement reads: the nodes in file order, their state now, the seeded random numbers and the clock. */
type Cluster = Pick<RunContext, 'scenario' | 'state' | 'random' | 'kernel'>;

/** `failover`: next after the node the VM was on (the default); `move`: the most preferred node (a move without a target). */
type PlacementMode = 'failover' | 'move';

interface PlacementOptions {
  /** A node never chosen (the node the VM leaves). */
  readonly exclude?: string;
  /** Memory already promised on each node to VMs placed in the same pass, not there yet. */
  readonly promised?: ReadonlyMap<string, number>;
  /** A further check of the caller: the reason a node cannot take the VM, or null. */
  readonly extra?: (node: string) => string | null;
  /** The rule of the order; `failover` when absent. */
  readonly mode?: PlacementMode;
  /** VMs placed on each node in the same pass that are not there yet: anti-affinity counts them there. */
  readonly placed?: ReadonlyMap<string, readonly VmRuntime[]>;
}

/** Where the VM goes (with, when anti-affinity had to be ignored, why), or null with each node's reason. */
type Placement = { node: string; antiAffinityIgnored?: string } | { node: null; reasons: string[] };

/**
 * The VM's node list in the order this placement walks it: preferred owners, then every other
 * node in file order (each once; a VM without preferred owners on failover: drawn at random), and
 * for a failover started after the node the VM is on, wrapping round.
 */
function placementOrder(cluster: Cluster, vm: VmRuntime, mode: PlacementMode = 'failover'): string[] {
  const all = [...cluster.state.nodes.keys()];
  const preferred = vm.spec.preferredOwners.filter((n, i, list) => cluster.state.nodes.has(n) && list.indexOf(n) === i);
  let list = [...preferred, ...all.filter((n) => !preferred.includes(n))];
  if (mode === 'move') return list;
  if (preferred.length === 0 && !cluster.scenario.settings.disableGroupPreferredOwnerRandomization) {
    list = shuffled(all, cluster.random.fork(`placement:${vm.name}@${cluster.kernel.now}`));
  }
  const at = list.indexOf(vm.node);
  return at < 0 ? list : [...list.slice(at + 1), ...list.slice(0, at + 1)];
}

/** Fisher-Yates with the seeded stream: every order of `items` equally likely. */
function shuffled(items: readonly string[], random: Cluster['random']): string[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Why `node` cannot take the VM now, or null when it can: it must be one of the VM's possible
 * owners, up (not paused, down or joining) and have the VM's memory free, less what is already
 * promised to other VMs being placed in the same pass.
 */
function whyCannotHost(cluster: Cluster, vm: VmRuntime, node: string, promised: ReadonlyMap<string, number> = new Map()): string | null {
  if (!vm.spec.possibleOwners.includes(node)) return `${node} is not a possible owner of ${vm.name}`;
  const n = cluster.state.node(node);
  if (!n.canHost) return `${node} is ${n.status}`;
  const free = n.free - (promised.get(node) ?? 0);
  if (free < vm.spec.memory) return `${node} has ${formatBytes(free)} free, ${vm.name} needs ${formatBytes(vm.spec.memory)}`;
  return null;
}

/** The VM `node` hosts (or is promised in this pass) that shares an anti-affinity class with `vm`, in words; null when none. */
function antiAffined(cluster: Cluster, vm: VmRuntime, node: string, placed: ReadonlyMap<string, readonly VmRuntime[]> | undefined): string | null {
  const classes = vm.spec.antiAffinityClassNames;
  if (classes.length === 0) return null;
  const there = [...cluster.state.vmsOn(node).filter((v) => v.holdsMemory), ...(placed?.get(node) ?? [])];
  for (const other of there) {
    if (other === vm) continue;
    const shared = other.spec.antiAffinityClassNames.find((c) => classes.includes(c));
    if (shared !== undefined) return `${node} hosts ${other.name}, of anti-affinity class ${JSON.stringify(shared)}`;
  }
  return null;
}

/**
 * The node the VM goes to: the first in {@link placementOrder} that can host it
 * ({@link whyCannotHost}), passes `extra` and hosts no VM anti-affined with it; else the first
 * that can host it and passes `extra` (anti-affinity ignored, said in `antiAffinityIgnored`);
 * else null with each candidate's reason. `exclude` is skipped.
 */
export function choosePlacement(cluster: Cluster, vm: VmRuntime, options: PlacementOptions = {}): Placement {
  const reasons: string[] = [];
  const avoided: { node: string; why: string }[] = [];
  for (const name of placementOrder(cluster, vm, options.mode)) {
    if (name === options.exclude) continue;
    const why = whyCannotHost(cluster, vm, name, options.promised) ?? options.extra?.(name) ?? null;
    if (why !== null) {
      reasons.push(why);
      continue;
    }
    const affined = antiAffined(cluster, vm, name, options.placed);
    if (affined === null) return { node: name };
    avoided.push({ node: name, why: affined });
  }
  if (avoided.length > 0) {
    const first = avoided[0];
    const others = avoided.length > 1 ? `; every other node that can take it (${avoided.slice(1).map((a) => a.node).join(', ')}) hosts one too` : '; no other node can take it';
    return { node: first.node, antiAffinityIgnored: `anti-affinity ignored: ${first.why}${others}` };
  }
  return { node: null, reasons };
}
