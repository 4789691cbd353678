import { Signal, type Hook } from '../kernel';
import type { WorkloadSpec } from '../scenario/model';
import type { VmRuntime } from './clusterState';
import type { VmStatus } from './events';
import type { RunContext } from './runContext';

/**
 * The one owner of a VM's status, of the memory VMs hold on their nodes, of its outages and of its
 * workload: they change together here, so every module (migration, storage, failover, the VM's own
 * actions) keeps them consistent. Modules that follow a VM connect to its hooks: the disk I/O model
 * (where a VM's I/O counts, how much it asks), failover (how long a VM has run since its boot), a
 * live migration (the rate its memory is written at).
 */
export class VmLifecycle {
  private readonly statusChanged = new Signal<[vm: VmRuntime, previous: VmStatus]>();
  private readonly workloadChanged = new Signal<[vm: VmRuntime, previous: WorkloadSpec]>();
  /**
   * Told once a VM's status has changed and before its 'vm.state' event is logged, so that what
   * follows from it (its disk I/O moving or stopping) shows in the cluster the event shows.
   */
  readonly onStatusChange: Hook<[vm: VmRuntime, previous: VmStatus]> = this.statusChanged;
  /** Told once a VM's workload has changed (`setWorkload`); `previous` is the one its writes so far followed. */
  readonly onWorkloadChange: Hook<[vm: VmRuntime, previous: WorkloadSpec]> = this.workloadChanged;

  constructor(private readonly ctx: Pick<RunContext, 'kernel' | 'scenario' | 'state' | 'emit'>) {}

  /** Sets a VM's status and logs it with the reason. */
  setStatus(vm: VmRuntime, status: VmStatus, reason: string): void {
    if (vm.status === status) return;
    const previous = vm.status;
    const held = vm.holdsMemory;
    vm.status = status;
    if (!held && vm.holdsMemory) vm.hostedSince = this.ctx.kernel.now;
    // The file cache fills from the last boot; a saved VM keeps its cache in the saved state.
    if (status === 'running') {
      if (Number.isNaN(vm.cacheSince)) vm.cacheSince = this.ctx.kernel.now;
    } else if (status === 'off' || status === 'failed' || status === 'booting') vm.cacheSince = Number.NaN;
    this.statusChanged.emit(vm, previous);
    this.ctx.emit({ kind: 'vm.state', subject: vm.name, state: status, node: vm.node, reason });
  }

  /** The VM is on `node` from now on (a migration or a failover moved it); one holding memory is hosted there from now. */
  moveTo(vm: VmRuntime, node: string): void {
    if (vm.node === node) return;
    vm.node = node;
    if (vm.holdsMemory) vm.hostedSince = this.ctx.kernel.now;
  }

  /** The VM's workload changes now; its writes so far were made at the old rates. */
  setWorkload(vm: VmRuntime, workload: WorkloadSpec): void {
    const previous = vm.workload;
    vm.workload = workload;
    this.workloadChanged.emit(vm, previous);
  }

  /** The VM stops answering its clients (suspended, saving, crashed...). Idempotent. */
  beginOutage(vm: VmRuntime): void {
    if (vm.outageSince === null) vm.outageSince = this.ctx.kernel.now;
  }

  /**
   * The VM answers again. Returns the outage's length. Clients whose connection stayed silent
   * longer than `tcpTimeout` have been disconnected; shorter outages are invisible to them.
   */
  endOutage(vm: VmRuntime, reason: string): number {
    if (vm.outageSince === null) return 0;
    const outage = this.ctx.kernel.now - vm.outageSince;
    vm.outageSince = null;
    vm.downtime += outage;
    if (outage > this.ctx.scenario.settings.tcpTimeout) this.disconnectClients(vm, outage, reason);
    return outage;
  }

  /** Every client connection of the VM breaks (an outage past tcpTimeout, or a crash). */
  disconnectClients(vm: VmRuntime, outage: number, reason: string): number {
    const count = vm.spec.clients;
    if (count === 0) return 0;
    vm.clientsDisconnected += count;
    this.ctx.emit({ kind: 'vm.clientsDisconnected', subject: vm.name, count, outage, reason });
    return count;
  }

  /** Memory a VM (or a shell VM) takes on a node. Over-committing is a bug, never a state. */
  reserveMemory(node: string, bytes: number): void {
    const n = this.ctx.state.node(node);
    if (n.reserved + bytes > n.spec.memory) {
      throw new Error(`internal: ${node} would hold ${n.reserved + bytes} bytes of VM memory, more than its ${n.spec.memory}`);
    }
    n.reserved += bytes;
  }

  /** Gives memory back. Releasing more than a node holds is a double release: a bug, never clamped away. */
  releaseMemory(node: string, bytes: number): void {
    const n = this.ctx.state.node(node);
    if (n.reserved - bytes < -0.5) {
      throw new Error(`internal: ${node} would give back ${bytes} bytes of VM memory but holds only ${n.reserved}`);
    }
    n.reserved = Math.max(0, n.reserved - bytes);
  }
}
