/**
 * Which network carries what between two nodes, over the scenario's network specs only.
 *
 * - NetFT (CSV metadata, redirected I/O) uses the lowest-metric network enabled for cluster use
 *   (role `cluster` or `clusterAndClient`) that both nodes are attached to, and fails over to the
 *   next one. Role `none` is never used by the cluster. (Heartbeats go over every cluster-enabled
 *   network: health/heartbeat.ts.)
 * - Live migration tries networks in order: an explicit list (the VM's own, else the cluster
 *   setting; any role, `none` included, as the list says) or, by default, every cluster-enabled
 *   network both nodes share, sorted by metric, with the lowest-metric one moved to the end, so the
 *   second-lowest is tried first (2008 R2: "The second lowest value designates the network for live
 *   migration"; live migration keeps off the network NetFT uses). A role-`none` network ("not used
 *   by the cluster", typically iSCSI) is left out of the default order: docs/fidelity.md, "Networks
 *   and metrics".
 *
 * Pure: the runtime network model passes `isUsable` to skip networks or links that are down. The
 * order itself is a static property (it is computed over every attached network first, then the
 * unusable ones are skipped), so a failed network never promotes the lowest-metric one.
 */
import type { NetworkSpec, Settings, VmSpec } from '../scenario/model';

/** True when a network may be used right now; the runtime model decides (links up, switch up). */
type NetworkPredicate = (network: NetworkSpec) => boolean;

const always: NetworkPredicate = () => true;

/** A node is attached to a network when the network lists it (the loader lists all by default). */
export function isAttached(network: NetworkSpec, node: string): boolean {
  return network.nodes.includes(node);
}

/** Roles the cluster uses for its own communication (NetFT). Role `none` is not used by the cluster. */
export function isClusterEnabled(network: NetworkSpec): boolean {
  return network.role === 'cluster' || network.role === 'clusterAndClient';
}

/** A copy sorted by metric, lowest first; equal metrics keep file order. */
export function byMetric(networks: readonly NetworkSpec[]): NetworkSpec[] {
  // Array.prototype.sort is stable (ES2019), so ties stay in file order.
  return [...networks].sort((x, y) => x.metric - y.metric);
}

/** Networks both nodes are attached to, in file order. */
function sharedNetworks(networks: readonly NetworkSpec[], a: string, b: string): NetworkSpec[] {
  return networks.filter((n) => isAttached(n, a) && isAttached(n, b));
}

/**
 * The networks NetFT may route over between `a` and `b`, in the order it uses them: cluster-enabled,
 * shared by both nodes, usable, lowest metric first. The first one is the current route.
 */
export function netftOrder(
  networks: readonly NetworkSpec[],
  a: string,
  b: string,
  isUsable: NetworkPredicate = always,
): NetworkSpec[] {
  return byMetric(sharedNetworks(networks, a, b).filter(isClusterEnabled)).filter(isUsable);
}

/** The network NetFT uses between `a` and `b`, or null when they share no usable cluster network. */
export function netftNetwork(
  networks: readonly NetworkSpec[],
  a: string,
  b: string,
  isUsable: NetworkPredicate = always,
): NetworkSpec | null {
  return netftOrder(networks, a, b, isUsable)[0] ?? null;
}

/**
 * The default live-migration order between `a` and `b`, before anything is skipped: every shared
 * cluster-enabled network, by metric, with the lowest-metric one (NetFT's) moved to the end.
 */
function defaultLiveMigrationOrder(networks: readonly NetworkSpec[], a: string, b: string): NetworkSpec[] {
  const sorted = byMetric(sharedNetworks(networks, a, b).filter(isClusterEnabled));
  const lowest = sorted.shift();
  if (lowest !== undefined) sorted.push(lowest);
  return sorted;
}

/**
 * The networks live migration tries between `a` and `b`, in order. `explicit` (a VM's
 * `liveMigrationNetworks`, else `settings.liveMigration.networks`) replaces the default order when
 * not null; names that are unknown, repeated, or not shared by both nodes are skipped. Networks
 * for which `isUsable` is false are skipped last, without changing the order of the others.
 */
export function liveMigrationOrder(
  networks: readonly NetworkSpec[],
  a: string,
  b: string,
  explicit: readonly string[] | null,
  isUsable: NetworkPredicate = always,
): NetworkSpec[] {
  let order: NetworkSpec[];
  if (explicit === null) {
    order = defaultLiveMigrationOrder(networks, a, b);
  } else {
    order = [];
    for (const name of explicit) {
      const n = networks.find((x) => x.name === name);
      if (n && !order.includes(n) && isAttached(n, a) && isAttached(n, b)) order.push(n);
    }
  }
  return order.filter(isUsable);
}

/** The explicit live-migration list in force for a VM: its own, else the cluster's, else null (default order). */
export function explicitLiveMigrationNetworks(settings: Settings, vm?: VmSpec): readonly string[] | null {
  return vm?.liveMigrationNetworks ?? settings.liveMigration.networks;
}
