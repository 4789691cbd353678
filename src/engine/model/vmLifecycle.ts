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
  private readonly moved = new Signal<[vm: VmRuntime, from: string]>();
  /**
   * Told once a VM's status has changed and before its 'vm.state' event is logged, so that what
   * follows from it (its disk I/O moving or stopping) shows in the cluster the event shows.
   */
  readonly onStatusChange: Hook<[vm: VmRuntime, previous: VmStatus]> = this.statusChanged;
  /** Told once a VM's workload has changed (`setWorkload`); `previous` is the one its writes so far followed. */
  readonly onWorkloadChange: Hook<[vm: VmRuntime, previous: WorkloadSpec]> = this.workloadChanged;
  /** Told once a VM is on another node (`moveTo`), before what moved it is logged. */
  readonly onMove: Hook<[vm: VmRuntime, from: string]> = this.moved;

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
    this.settleClients(vm, reason);
  }

  /** The VM is on `node` from now on (a migration or a failover moved it); one holding memory is hosted there from now. */
  moveTo(vm: VmRuntime, node: string): void {
    if (vm.node === node) return;
    const from = vm.node;
    vm.node = node;
    if (vm.holdsMemory) vm.hostedSince = this.ctx.kernel.now;
    this.moved.emit(vm, from);
  }

  /**
   * The VM is isolated from now (`since`, its node has no client network: health/clientReach.ts),
   * or no longer (null). Its clients get no answer while it is; `reason` says why it ended.
   */
  setIsolated(vm: VmRuntime, since: number | null, reason: string): void {
    vm.isolatedSince = since;
    this.settleClients(vm, reason);
  }

  /**
   * The VM's clients have had no answer for `tcpTimeout` and it is still isolated: their
   * connections break now, before it answers again (health/clientReach.ts times it). Returns how
   * many broke (0 when they already had).
   */
  clientsTimedOut(vm: VmRuntime, reason: string): number {
    if (vm.silentSince === null) return 0;
    return this.disconnectClients(vm, this.ctx.kernel.now - vm.silentSince, reason);
  }

  /** The VM's workload changes now; its writes so far were made at the old rates. */
  setWorkload(vm: VmRuntime, workload: WorkloadSpec): void {
    const previous = vm.workload;
    vm.workload = workload;
    this.workloadChanged.emit(vm, previous);
  }

  /**
   * The VM stops answering its clients (suspended, saving, crashed...) from `since` (now, or
   * earlier for a VM its clients had lost before it stopped). Idempotent.
   */
  beginOutage(vm: VmRuntime, since = this.ctx.kernel.now): void {
    if (vm.outageSince === null) vm.outageSince = since;
    this.settleClients(vm, '');
  }

  /**
   * The VM runs again: its outage ends. Returns the outage's length. Its clients are lost when
   * they had no answer for longer than `tcpTimeout` (the outage, or the isolation it overlapped),
   * once it answers them again (see settleClients); shorter silences are invisible to them.
   */
  endOutage(vm: VmRuntime, reason: string): number {
    if (vm.outageSince === null) return 0;
    const outage = this.ctx.kernel.now - vm.outageSince;
    vm.outageSince = null;
    this.settleClients(vm, reason);
    return outage;
  }

  /**
   * Every client connection of the VM breaks (a silence past tcpTimeout, a crash, a shutdown).
   * Connections that already broke and have not been made again (the VM has not answered since)
   * do not break twice.
   */
  disconnectClients(vm: VmRuntime, outage: number, reason: string): number {
    const count = vm.spec.clients;
    if (count === 0 || !vm.clientsConnected) return 0;
    vm.clientsConnected = false;
    vm.clientsDisconnected += count;
    this.ctx.emit({ kind: 'vm.clientsDisconnected', subject: vm.name, count, outage, reason });
    return count;
  }

  /**
   * One notion of "reachable by its clients": the VM answers them when it runs, is in no outage
   * and is not isolated. A silence starts when it stops answering (at the earliest of its outage's
   * and its isolation's starts) and ends when it answers again: if it lasted longer than
   * `tcpTimeout` its clients were lost (counted now, unless they were already); either way they
   * are connected again from now.
   */
  private settleClients(vm: VmRuntime, reason: string): void {
    const now = this.ctx.kernel.now;
    // Downtime: the union of its outages and isolations.
    if (vm.outageSince !== null || vm.isolatedSince !== null) {
      const start = Math.min(vm.outageSince ?? now, vm.isolatedSince ?? now);
      vm.unavailableSince = vm.unavailableSince === null ? start : Math.min(vm.unavailableSince, start);
    } else if (vm.unavailableSince !== null) {
      vm.downtime += now - vm.unavailableSince;
      vm.unavailableSince = null;
    }
    const answering = vm.status === 'running' && vm.outageSince === null && vm.isolatedSince === null;
    if (!answering) {
      const start = Math.min(vm.outageSince ?? now, vm.isolatedSince ?? now);
      vm.silentSince = vm.silentSince === null ? start : Math.min(vm.silentSince, start);
      return;
    }
    if (vm.silentSince === null) {
      vm.clientsConnected = true;
      return;
    }
    const silence = now - vm.silentSince;
    vm.silentSince = null;
    if (silence > this.ctx.scenario.settings.tcpTimeout) this.disconnectClients(vm, silence, reason);
    vm.clientsConnected = true;
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
