import type { ClusterState, VmRuntime } from '../model/clusterState';
import type { NetworkModel } from '../network/networkModel';
import { explicitLiveMigrationNetworks, liveMigrationOrder } from '../network/order';
import type { Settings } from '../scenario/model';
import type { StorageReach } from '../storage/storageManager';
import { formatBytes } from '../../format/quantities';

/**
 * The checks a cluster makes before it moves a VM. Each returns null when the check passes,
 * else the reason in words that name the cause. Nothing moves when one fails.
 */

/** The VM must be running, on a node that is up, and not already moving. */
export function checkVmMovable(state: ClusterState, vm: VmRuntime, to: string, busy: boolean): string | null {
  if (busy) return `${vm.name} is already being migrated`;
  if (vm.status !== 'running') return `${vm.name} is ${vm.status}, not running`;
  if (vm.node === to) return `${vm.name} already runs on ${to}`;
  const source = state.node(vm.node);
  if (source.status === 'down') return `its node ${vm.node} is down`;
  return null;
}

/**
 * The target must be one of the VM's possible owners: 2008 R2 never brings a resource online on a
 * node that is not (the possible owners of the Virtual Machine resource).
 */
export function checkPossibleOwner(vm: VmRuntime, to: string, sharing?: string): string | null {
  if (vm.spec.possibleOwners.includes(to)) return null;
  const which = sharing === undefined ? '' : `, which shares ${sharing}`;
  return `${to} is not a possible owner of ${vm.name}${which} (its possible owners: ${vm.spec.possibleOwners.join(', ')})`;
}

/** The target must be up, not paused, not stopping its cluster service, and have the memory free. */
export function checkTarget(state: ClusterState, to: string, memory: number, what: string): string | null {
  const target = state.node(to);
  if (target.status === 'down') return target.downCause === 'serviceStopped' ? `target node ${to} is down: its cluster service is stopped` : `target node ${to} is down`;
  if (target.status === 'paused') return `target node ${to} is paused`;
  if (target.status === 'joining') return `target node ${to} is still joining the cluster`;
  if (target.stopping) return `target node ${to} is stopping its cluster service`;
  if (target.free < memory) {
    return `target node ${to} has ${formatBytes(target.free)} free, ${what} needs ${formatBytes(memory)}`;
  }
  return null;
}

/** Both nodes must reach the disk where the VM's files are (a CSV: directly or redirected). */
export function checkStorage(storage: StorageReach, vm: VmRuntime, to: string): string | null {
  for (const node of [vm.node, to]) {
    if (!storage.reaches(node, vm.spec.disk)) return `${node} cannot reach ${vm.spec.disk}, where ${vm.name}'s files are`;
  }
  return null;
}

/**
 * The live-migration network: the first in the VM's (or the cluster's) order that is up between
 * the two nodes, or the reason there is none. The one place that choice is made.
 */
export function chooseLiveMigrationNetwork(settings: Settings, network: NetworkModel, vm: VmRuntime, to: string): { network: string } | { reason: string } {
  const explicit = explicitLiveMigrationNetworks(settings, vm.spec);
  const all = liveMigrationOrder(network.networks, vm.node, to, explicit);
  const usable = all.filter(network.usableBetween(vm.node, to));
  if (usable.length > 0) return { network: usable[0].name };
  if (all.length === 0) {
    return { reason: explicit ? `none of ${vm.name}'s live-migration networks (${explicit.join(', ')}) connects ${vm.node} and ${to}` : `${vm.node} and ${to} share no network` };
  }
  return { reason: `no live-migration network is up between ${vm.node} and ${to} (${all.map((n) => network.whyCannotCarry(n.name, vm.node, to)).join('; ')})` };
}
