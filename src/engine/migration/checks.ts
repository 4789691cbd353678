import type { VmRuntime } from '../model/clusterState';
import { explicitLiveMigrationNetworks, liveMigrationOrder } from '../network/order';
import type { Simulation } from '../simulation/simulation';
import { formatBytes } from '../../format/quantities';

/**
 * The checks a cluster makes before it moves a VM. Each returns null when the check passes,
 * else the reason in words that name the cause. Nothing moves when one fails.
 */

/** The VM must be running, on a node that is up, and not already moving. */
export function checkVmMovable(sim: Simulation, vm: VmRuntime, to: string, busy: boolean): string | null {
  if (busy) return `${vm.name} is already being migrated`;
  if (vm.status !== 'running') return `${vm.name} is ${vm.status}, not running`;
  if (vm.node === to) return `${vm.name} already runs on ${to}`;
  const source = sim.state.node(vm.node);
  if (source.status === 'down') return `its node ${vm.node} is down`;
  return null;
}

/** The target must be up, not paused, and have the memory free. */
export function checkTarget(sim: Simulation, to: string, memory: number, what: string): string | null {
  const target = sim.state.node(to);
  if (target.status === 'down') return `target node ${to} is down`;
  if (target.status === 'paused') return `target node ${to} is paused`;
  if (target.status === 'joining') return `target node ${to} is still joining the cluster`;
  if (target.free < memory) {
    return `target node ${to} has ${formatBytes(target.free)} free, ${what} needs ${formatBytes(memory)}`;
  }
  return null;
}

/**
 * A node reaches a disk when its storage path is up (or the disk is on a fabric). A CSV is also
 * reachable through the coordinator (redirected access) over the cluster network.
 */
export function reachesStorage(sim: Simulation, node: string, diskName: string): boolean {
  const disk = sim.state.disk(diskName).spec;
  // The CSV access tracker knows whether the coordinator itself still reaches the disk.
  if (disk.csv && sim.csvAccess) return sim.csvAccess.canAccess(diskName, node);
  if (sim.network.whyCannotReachStorage(node, diskName) === null) return true;
  if (!disk.csv) return false;
  const coordinator = sim.state.disk(diskName).owner;
  if (coordinator === null || coordinator === node) return false;
  return sim.network.networks.some(
    (n) => (n.role === 'cluster' || n.role === 'clusterAndClient') && sim.network.canCarry(n.name, node, coordinator),
  );
}

/**
 * Why `node` cannot move memory to or from `diskName` over its own storage path now (a save or a
 * restore is a storage flow from the node itself, never redirected), or null when it can.
 */
export function whyNoStoragePath(sim: Simulation, node: string, diskName: string): string | null {
  const why = sim.network.whyCannotReachStorage(node, diskName);
  return why === null ? null : `${node} has no direct access to ${diskName}: ${why}`;
}

export function checkStorage(sim: Simulation, vm: VmRuntime, to: string): string | null {
  for (const node of [vm.node, to]) {
    if (!reachesStorage(sim, node, vm.spec.disk)) return `${node} cannot reach ${vm.spec.disk}, where ${vm.name}'s files are`;
  }
  return null;
}

/** The first live-migration network that is up between the two nodes, or the reason there is none. */
export function chooseLiveMigrationNetwork(sim: Simulation, vm: VmRuntime, to: string): { network: string } | { reason: string } {
  const explicit = explicitLiveMigrationNetworks(sim.scenario.settings, vm.spec);
  const all = liveMigrationOrder(sim.network.networks, vm.node, to, explicit);
  const usable = all.filter(sim.network.usableBetween(vm.node, to));
  if (usable.length > 0) return { network: usable[0].name };
  if (all.length === 0) {
    return { reason: explicit ? `none of ${vm.name}'s live-migration networks (${explicit.join(', ')}) connects ${vm.node} and ${to}` : `${vm.node} and ${to} share no network` };
  }
  return { reason: `no live-migration network is up between ${vm.node} and ${to} (${all.map((n) => sim.network.whyCannotCarry(n.name, vm.node, to)).join('; ')})` };
}
