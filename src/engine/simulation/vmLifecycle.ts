import type { VmStatus } from '../model/events';
import type { VmRuntime } from '../model/clusterState';
import type { Simulation } from './simulation';

/**
 * The one place where a VM's status, its node's memory and its outage accounting change
 * together, so that every module (migration, storage, failover) keeps them consistent.
 */

/** Sets a VM's status and logs it with the reason. */
export function setVmStatus(sim: Simulation, vm: VmRuntime, status: VmStatus, reason: string): void {
  if (vm.status === status) return;
  vm.status = status;
  sim.emit({ kind: 'vm.state', subject: vm.name, state: status, node: vm.node, reason });
}

/** The VM stops answering its clients (suspended, saving, crashed...). Idempotent. */
export function beginOutage(sim: Simulation, vm: VmRuntime): void {
  if (vm.outageSince === null) vm.outageSince = sim.now;
}

/**
 * The VM answers again. Returns the outage's length. Clients whose connection stayed silent
 * longer than `tcpTimeout` have been disconnected; shorter outages are invisible to them.
 */
export function endOutage(sim: Simulation, vm: VmRuntime, reason: string): number {
  if (vm.outageSince === null) return 0;
  const outage = sim.now - vm.outageSince;
  vm.outageSince = null;
  vm.downtime += outage;
  if (outage > sim.scenario.settings.tcpTimeout) disconnectClients(sim, vm, outage, reason);
  return outage;
}

/** Every client connection of the VM breaks (an outage past tcpTimeout, or a crash). */
export function disconnectClients(sim: Simulation, vm: VmRuntime, outage: number, reason: string): number {
  const count = vm.spec.clients;
  if (count === 0) return 0;
  vm.clientsDisconnected += count;
  sim.emit({ kind: 'vm.clientsDisconnected', subject: vm.name, count, outage, reason });
  return count;
}

/** Memory a VM (or a shell VM) takes on a node. Over-committing is a bug, never a state. */
export function reserveMemory(sim: Simulation, node: string, bytes: number): void {
  const n = sim.state.node(node);
  if (n.reserved + bytes > n.spec.memory) {
    throw new Error(`internal: ${node} would hold ${n.reserved + bytes} bytes of VM memory, more than its ${n.spec.memory}`);
  }
  n.reserved += bytes;
}

/** Gives memory back. Releasing more than a node holds is a double release: a bug, never clamped away. */
export function releaseMemory(sim: Simulation, node: string, bytes: number): void {
  const n = sim.state.node(node);
  if (n.reserved - bytes < -0.5) {
    throw new Error(`internal: ${node} would give back ${bytes} bytes of VM memory but holds only ${n.reserved}`);
  }
  n.reserved = Math.max(0, n.reserved - bytes);
}
