import type { VmRuntime } from '../model/clusterState';
import { ActionRejected } from '../model/actionRejected';
import type { OfflineRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsView } from '../migration/migrationManager';
import { unflushedBytes } from '../health/lostBytes';
import type { CsvAccessView } from '../storage/csvAccess';
import type { StorageReach } from '../storage/storageManager';
import type { VmActions } from './vmActions';

type Cause = OfflineRecord['cause'];

interface Entry {
  readonly vm: VmRuntime;
  readonly record: OfflineRecord;
  /** The offline action is done (saved, shut down, turned off). */
  offline: boolean;
  /** Maintenance is off again: bring the VM back as soon as it is offline. */
  comeBack: boolean;
}

/**
 * The cluster taking VMs offline and back, through each VM resource's cluster-controlled offline
 * action (`offlineAction`: Save, the default; Shut down; Turn off). In 2008 R2 "for Cluster Shared
 * Volumes, turning on maintenance takes dependent resources offline, which interrupts client
 * access" (Suspend-ClusterResource), and Repair-ClusterSharedVolume turns maintenance on for its
 * chkdsk or defrag, so both come here through the access tracker's onMaintenance hook.
 *
 * - save: the VM's memory is written over its node's own storage path (as a quick migration's
 *   save), and read back when it comes back;
 * - shutdown: the guest shuts down for `settings.guestShutdownTime` (its services stop answering
 *   at once), and boots (`bootTime`) when it comes back;
 * - turnOff: at once, crash-consistent: the unflushed writes a crash would lose are lost
 *   (health/lostBytes.ts), and it boots when it comes back.
 * The outage runs from the start of the offline action until the VM runs again: its downtime, and
 * its clients are disconnected when it is longer than `tcpTimeout`. The VMs come back when
 * maintenance turns off (a choice: Savill says they must be started by hand; docs/fidelity.md).
 * Each one is a record of the report's `offlines`.
 */
export class ClusterOffline {
  private readonly entries = new Map<string, Entry>();
  /** When each VM last started running after a boot; absent: running since before the run. */
  private readonly bootedAt = new Map<string, number>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'kernel' | 'network' | 'records' | 'scenario' | 'state'>,
    private readonly vms: VmLifecycle,
    maintenance: Pick<CsvAccessView, 'onMaintenance'>,
    private readonly vmActions: Pick<VmActions, 'start'>,
    private readonly migrations: Pick<MigrationsView, 'isMoving'>,
    private readonly storage: Pick<StorageReach, 'whyNoOwnPath'>,
  ) {
    maintenance.onMaintenance.connect((disk, on, cause) => (on ? this.takeOffline(disk, cause) : this.bringBack(disk)));
    vms.onStatusChange.connect((vm, previous) => this.statusChanged(vm, previous));
  }

  /** Takes every running VM on `disk` offline through its offline action. */
  private takeOffline(disk: string, cause: Cause): void {
    for (const vm of this.ctx.state.vms.values()) {
      if (vm.spec.disk !== disk || vm.status !== 'running' || this.migrations.isMoving(vm.name) || this.entries.has(vm.name)) continue;
      this.offline(vm, cause, `${disk} ${cause === 'repair' ? 'is being repaired (maintenance on)' : 'is in maintenance'}`, null);
    }
  }

  /**
   * The cluster service of `vm`'s node is stopping and no other node can take its group: the VM
   * is taken offline through its offline action where it is, and stays offline (saved or off)
   * until it is started by hand. `reason` says why it could not move. False when it is not a
   * running VM the cluster can take offline now (moving, or already going offline).
   */
  /** The cluster is taking `name` offline, or took it offline and has not brought it back. */
  isTakenOffline(name: string): boolean {
    return this.entries.has(name);
  }

  takeOfflineForGood(name: string, reason: string): boolean {
    const vm = this.ctx.state.vm(name);
    if (vm.status !== 'running' || this.migrations.isMoving(vm.name) || this.entries.has(vm.name)) return false;
    this.offline(vm, 'clusterServiceStopped', `the cluster service of ${vm.node} is stopping`, reason);
    return true;
  }

  private offline(vm: VmRuntime, cause: Cause, why: string, reason: string | null): void {
    const record: OfflineRecord = {
      vm: vm.name,
      node: vm.node,
      disk: vm.spec.disk,
      cause,
      action: vm.spec.offlineAction,
      startedAt: this.ctx.kernel.now,
      offlineAt: null,
      onlineAt: null,
      downtime: null,
      clientsDisconnected: 0,
      lostBytes: 0,
      reason,
    };
    this.ctx.records.offlines.push(record);
    const entry: Entry = { vm, record, offline: false, comeBack: false };
    this.entries.set(vm.name, entry);
    this.vms.beginOutage(vm);
    if (record.action === 'save') this.save(entry, why);
    else if (record.action === 'shutdown') this.shutDown(entry, why);
    else this.turnOff(entry, why);
  }

  private save(entry: Entry, why: string): void {
    const { ctx, vms } = this;
    const vm = entry.vm;
    // A save writes over the node's own path; without one, the cluster can only turn it off.
    const noPath = this.storage.whyNoOwnPath(vm.node, vm.spec.disk);
    if (noPath) {
      entry.record.reason = `${entry.record.reason === null ? '' : `${entry.record.reason}; `}${noPath}: turned off instead of saved`;
      this.turnOff(entry, why);
      return;
    }
    vms.setStatus(vm, 'saving', `taken offline: ${why} (offline action Save)`);
    const done = ctx.activities.begin(`${vm.name} save (offline action)`);
    ctx.network.startStorageFlow({
      node: vm.node,
      disk: vm.spec.disk,
      direction: 'write',
      bytes: vm.spec.memory,
      tag: 'storage',
      label: `${vm.name} save`,
      onComplete: () => {
        done();
        if (vm.status !== 'saving') return;
        vms.releaseMemory(vm.node, vm.spec.memory);
        vms.setStatus(vm, 'saved', `saved: ${why}`);
        this.offlineDone(entry);
      },
      onFail: () => {
        done();
        if (vm.status !== 'saving') return;
        entry.record.reason = `${entry.record.reason === null ? '' : `${entry.record.reason}; `}the save failed: storage path lost`;
        vms.setStatus(vm, 'running', 'save failed: storage path lost');
      },
    });
  }

  private shutDown(entry: Entry, why: string): void {
    const { ctx, vms } = this;
    const vm = entry.vm;
    const done = ctx.activities.begin(`${vm.name} shutdown (offline action)`);
    ctx.kernel.after(
      ctx.scenario.settings.guestShutdownTime,
      () => {
        done();
        // Failed meanwhile (its node crashed): the failover has it now.
        if (vm.status !== 'running' || this.entries.get(vm.name) !== entry) return;
        vms.releaseMemory(vm.node, vm.spec.memory);
        vms.setStatus(vm, 'off', `shut down: ${why} (offline action Shut down)`);
        this.offlineDone(entry);
      },
      `${vm.name} guest shutdown`,
    );
  }

  private turnOff(entry: Entry, why: string): void {
    const vm = entry.vm;
    const since = this.bootedAt.get(vm.name);
    const runningFor = since === undefined ? Number.POSITIVE_INFINITY : this.ctx.kernel.now - since;
    entry.record.lostBytes = unflushedBytes(vm.workload.diskIo, vm.spec.memory, runningFor);
    this.vms.releaseMemory(vm.node, vm.spec.memory);
    this.vms.setStatus(vm, 'off', `turned off: ${why} (offline action Turn off)`);
    this.offlineDone(entry);
  }

  private offlineDone(entry: Entry): void {
    entry.offline = true;
    entry.record.offlineAt = this.ctx.kernel.now;
    if (entry.comeBack) this.start(entry);
  }

  /** Maintenance of `disk` is off: its VMs come back (once offline, for those still going). */
  private bringBack(disk: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.record.disk !== disk || entry.comeBack) continue;
      entry.comeBack = true;
      if (entry.offline) this.start(entry);
    }
  }

  private start(entry: Entry): void {
    try {
      this.vmActions.start(entry.vm.name);
    } catch (e) {
      if (!(e instanceof ActionRejected)) throw e;
      // It stays off (or saved): its outage goes on to the end of the run, in the report.
      entry.record.reason = `could not come back: ${e.message}`;
      this.entries.delete(entry.vm.name);
    }
  }

  private statusChanged(vm: VmRuntime, previous: string): void {
    if (vm.status === 'running' && previous === 'booting') this.bootedAt.set(vm.name, this.ctx.kernel.now);
    const entry = this.entries.get(vm.name);
    if (!entry) return;
    if (vm.status === 'failed') {
      // Its node crashed or lost quorum: the failover brings it back and counts the outage.
      entry.record.reason ??= 'its node failed: the failover took it over';
      this.entries.delete(vm.name);
      return;
    }
    if (vm.status !== 'running') return;
    this.entries.delete(vm.name);
    const before = vm.clientsDisconnected;
    const outage = this.vms.endOutage(vm, 'taken offline by the cluster');
    entry.record.onlineAt = this.ctx.kernel.now;
    entry.record.downtime = outage;
    entry.record.clientsDisconnected = vm.clientsDisconnected - before;
  }
}
