/**
 * Failover of VMs whose node went down (crashed, or its cluster service stopped when its
 * partition lost quorum), as a 2008 R2 cluster does it for a Hyper-V role:
 *
 * - The VM stops at once with its node: its memory is gone, its clients are cut off, and what its
 *   guest had written but not yet flushed to disk is lost (`lostBytes`, see lostBytes.ts). Its
 *   failover record opens then (`failedAt`).
 * - Once the cluster knows (`detectedAt`: the heartbeats declared the node down, or at once when
 *   the partition stopped its own VMs for lack of quorum) the partition with quorum restarts it on
 *   the first node, in its preferred owners then the other nodes in file order
 *   (migration/placement.ts), that is up (not paused, down or joining), in the partition with
 *   quorum, has the VM's memory free and reaches its disk (for a classic disk, the node where the
 *   disk's other VMs run, since the LUN is the unit of failover; it moves with the VM).
 * - The restart is crash-consistent: the VM boots (`bootTime`, status `booting`, memory reserved)
 *   from what its VHD holds, then runs (`onlineAt`; `downtime` = onlineAt - failedAt).
 * - No node can take it (no memory, no quorum...): it stays failed (the record's `reason` says
 *   why) and is tried again at every change of the cluster's membership (a node joining).
 * - Failover threshold (2008 R2's default for a group): at most n - 1 failovers of a VM in 6 hours
 *   (n nodes in the cluster). One more failure within the period and the VM stays failed for good.
 * - Failback (`settings.failback`, off by default): when a node joins, VMs that failed over and
 *   whose most preferred owner it is go back to it by live migration.
 */
import { ActionRejected } from '../model/actionRejected';
import type { VmRuntime } from '../model/clusterState';
import type { FailoverRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsForHealth } from '../migration/migrationManager';
import { choosePlacement } from '../migration/placement';
import { formatBytes, formatDuration } from '../../format/quantities';
import type { VmFailover } from '../snapshot';
import type { StorageReach } from '../storage/storageManager';
import { unflushedBytes } from './lostBytes';

/** The period of the failover threshold (2008 R2 default: 6 hours). */
export const FAILOVER_PERIOD = 6 * 3600;

/** What the failover module asks of the cluster's membership (the health monitor). */
export interface Membership {
  /** Some partition has quorum. */
  readonly hasQuorum: boolean;
  /** `node` is alive and in the partition with quorum. */
  inQuorum(node: string): boolean;
  /** The cluster knows `node` is gone: no other live node is in its partition. */
  isolated(node: string): boolean;
}

interface Entry {
  readonly vm: VmRuntime;
  readonly record: FailoverRecord;
  state: VmFailover['state'];
  /** The last "cannot restart" reason told, so it is logged once per change. */
  told: string | null;
}

export class FailoverManager {
  /** The failover in progress per VM, from its stop until it runs again (or for good when it gave up). */
  private readonly entries = new Map<string, Entry>();
  /** When each VM last started running after a boot (-Infinity: running since before the run). */
  private readonly runningSince = new Map<string, number>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'records' | 'scenario' | 'state'>,
    private readonly vms: VmLifecycle,
    private readonly migrations: Pick<MigrationsForHealth, 'isMoving' | 'requestLive'>,
    private readonly storage: StorageReach,
    private readonly membership: Membership,
  ) {
    for (const vm of ctx.state.vms.values()) if (vm.status === 'running') this.runningSince.set(vm.name, Number.NEGATIVE_INFINITY);
    // A VM's file cache fills from its last boot; a saved VM keeps its cache in the saved state.
    vms.onStatusChange.connect((vm) => {
      if (vm.status === 'running') {
        if (!this.runningSince.has(vm.name)) this.runningSince.set(vm.name, ctx.kernel.now);
      } else if (vm.status === 'off' || vm.status === 'failed' || vm.status === 'booting') {
        this.runningSince.delete(vm.name);
      }
    });
  }

  /** The VM's failover as views show it, or null when it is in none. */
  stateOf(vm: string): VmFailover | null {
    const e = this.entries.get(vm);
    if (!e) return null;
    return { state: e.state, from: e.record.from, since: e.record.failedAt, reason: e.record.reason };
  }

  /**
   * Every VM holding memory on `node` stops now: crashed with it, or turned off hard when its
   * cluster service stopped. `detected`: the cluster knows at once (a partition that stops its
   * own VMs), else it learns from the heartbeats. `failedAt`: when its outage began, earlier than
   * now for a VM its clients could no longer reach (its node had lost every client network).
   */
  stopVms(node: string, cause: 'nodeCrashed' | 'quorumLost', reason: string, detected: boolean, failedAt = this.ctx.kernel.now): void {
    for (const vm of this.ctx.state.vmsOn(node)) if (vm.holdsMemory) this.stop(vm, cause, reason, detected, failedAt);
  }

  /** The cluster's membership changed: note what is now detected, restart what can be. */
  regrouped(): void {
    const now = this.ctx.kernel.now;
    for (const e of this.entries.values()) {
      if (e.state === 'detecting' && this.membership.isolated(e.vm.node)) {
        e.state = 'pending';
        e.record.detectedAt = now;
      }
    }
    for (const e of [...this.entries.values()]) if (e.state === 'pending') this.place(e);
  }

  /** `node` joined the cluster: with failback on, VMs that failed over and prefer it most go back. */
  nodeJoined(node: string): void {
    const { ctx } = this;
    if (!ctx.scenario.settings.failback) return;
    for (const vm of ctx.state.vms.values()) {
      if (vm.spec.preferredOwners[0] !== node || vm.node === node || vm.status !== 'running') continue;
      if (this.migrations.isMoving(vm.name)) continue;
      if (!ctx.records.failovers.some((r) => r.vm === vm.name && r.onlineAt !== null)) continue;
      try {
        this.migrations.requestLive(vm.name, node);
      } catch (err) {
        // Recorded as a failed migration with its reason; failback of the others goes on.
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
  }

  private stop(vm: VmRuntime, cause: 'nodeCrashed' | 'quorumLost', reason: string, detected: boolean, failedAt: number): void {
    const { ctx } = this;
    const now = ctx.kernel.now;
    const since = this.runningSince.get(vm.name);
    const lostBytes = since === undefined ? 0 : unflushedBytes(vm.workload.diskIo, vm.spec.memory, now - since);
    const previous = this.entries.get(vm.name);
    if (previous?.state === 'restarting') previous.record.reason = `${vm.node} went down while ${vm.name} was booting there`;
    this.vms.releaseMemory(vm.node, vm.spec.memory);
    this.vms.setStatus(vm, 'failed', reason);
    if (vm.outageSince === null) vm.outageSince = Math.min(failedAt, now);
    else this.vms.beginOutage(vm);
    this.vms.disconnectClients(vm, now - vm.outageSince, reason);
    const record: FailoverRecord = {
      vm: vm.name,
      from: vm.node,
      to: null,
      failedAt: Math.min(failedAt, now),
      detectedAt: detected ? now : null,
      onlineAt: null,
      downtime: null,
      lostBytes,
      reason: null,
      cause,
    };
    ctx.records.failovers.push(record);
    this.entries.set(vm.name, { vm, record, state: detected ? 'pending' : 'detecting', told: null });
  }

  private place(e: Entry): void {
    const { ctx } = this;
    const { vm, record } = e;
    const now = ctx.kernel.now;
    if (!this.membership.hasQuorum) {
      this.wait(e, 'no partition of the cluster has quorum: nothing can run until it is back');
      return;
    }
    const limit = ctx.scenario.nodes.length - 1;
    const recent = ctx.records.failovers.filter((r) => r !== record && r.vm === vm.name && r.to !== null && r.failedAt > now - FAILOVER_PERIOD).length;
    if (recent >= limit) {
      e.state = 'failed';
      record.reason = `failover threshold reached: ${vm.name} already failed over ${recent} time(s) in the last ${formatDuration(FAILOVER_PERIOD)}, the most a ${limit + 1}-node cluster allows (n - 1 = ${limit}); it stays failed`;
      ctx.emit({ kind: 'failover.failed', subject: vm.name, from: record.from, final: true, reason: record.reason });
      return;
    }
    const disk = ctx.state.disk(vm.spec.disk);
    // A classic disk is online on one node: the VMs on it run there, and it moves with them.
    const holders = disk.spec.csv ? [] : [...ctx.state.vms.values()].filter((v) => v !== vm && v.spec.disk === disk.name && v.holdsMemory);
    const diskNode = holders.length > 0 ? holders[0].node : null;
    const choice = choosePlacement(ctx, vm, {
      extra: (node) => {
        if (!this.membership.inQuorum(node)) return `${node} is not in the partition with quorum`;
        if (diskNode !== null && node !== diskNode) return `${node} is not where ${disk.name} is online (${diskNode}, with ${holders.map((v) => v.name).join(', ')})`;
        if (!this.storage.reaches(node, disk.name)) return `${node} cannot reach ${disk.name}`;
        return null;
      },
    });
    if (choice.node === null) {
      this.wait(e, `no node can take ${vm.name}: ${choice.reasons.join('; ')}`);
      return;
    }
    this.restart(e, choice.node);
  }

  /** It stays failed for now, and says why (once per reason). */
  private wait(e: Entry, reason: string): void {
    e.record.reason = reason;
    if (e.told === reason) return;
    e.told = reason;
    this.ctx.emit({ kind: 'failover.failed', subject: e.vm.name, from: e.record.from, final: false, reason });
  }

  private restart(e: Entry, to: string): void {
    const { ctx } = this;
    const { vm, record } = e;
    const bootTime = ctx.scenario.settings.bootTime;
    this.vms.reserveMemory(to, vm.spec.memory);
    vm.node = to;
    const disk = ctx.state.disk(vm.spec.disk);
    if (!disk.spec.csv) disk.owner = to;
    e.state = 'restarting';
    record.to = to;
    record.reason = null;
    const lost = record.lostBytes > 0 ? `, ${formatBytes(record.lostBytes)} of unflushed writes lost` : '';
    this.vms.setStatus(vm, 'booting', `failover from ${record.from}: crash-consistent restart, booting`);
    ctx.emit({
      kind: 'failover.started',
      subject: vm.name,
      from: record.from,
      to,
      lostBytes: record.lostBytes,
      reason: `restarted on ${to} from what its disk holds (crash-consistent)${lost}; it boots for ${formatDuration(bootTime)}`,
    });
    const done = ctx.activities.begin(`${vm.name} boot after failover`);
    ctx.kernel.after(bootTime, () => {
      done();
      this.online(e);
    }, `${vm.name} boot after failover`);
  }

  private online(e: Entry): void {
    const { ctx } = this;
    const { vm, record } = e;
    // It may have gone down again while it booted (a new failover has replaced this one).
    if (this.entries.get(vm.name) !== e || e.state !== 'restarting' || vm.status !== 'booting') return;
    const now = ctx.kernel.now;
    this.vms.setStatus(vm, 'running', `booted on ${vm.node} after failover from ${record.from}`);
    // Its clients were cut off when it stopped: the outage only adds to its downtime now.
    if (vm.outageSince !== null) {
      vm.downtime += now - vm.outageSince;
      vm.outageSince = null;
    }
    record.onlineAt = now;
    record.downtime = now - record.failedAt;
    this.entries.delete(vm.name);
    ctx.emit({ kind: 'failover.completed', subject: vm.name, node: vm.node, downtime: record.downtime, reason: `online on ${vm.node} after ${formatDuration(record.downtime)} down` });
  }
}
