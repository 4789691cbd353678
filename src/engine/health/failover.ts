/**
 * Failover of VMs whose node went down (crashed, or its cluster service stopped when its
 * partition lost quorum), as a 2008 R2 cluster does it for a Hyper-V role:
 *
 * - The VM stops at once with its node: its memory is gone, its clients are cut off, and what its
 *   guest had written but not yet flushed to disk is lost (`lostBytes`, see lostBytes.ts). Its
 *   failover record opens then. `failedAt` is when its clients lost it: the crash, or for a
 *   partition that stops for lack of quorum, when the VM's isolation began if it was isolated (no
 *   client network reached its node: clientReach.ts, the one notion of "reachable by clients"):
 *   the later of the moment its node lost its last client network and the moment the VM began
 *   running there (`hostedSince`), since a VM that arrived after its node lost its clients was
 *   lost to them on arrival.
 * - A quick migration that fails after its save because a node went down (the target while the
 *   disk moves or the VMs are restored there, the source before the disk changed owner) leaves its
 *   group saved on the node that owns its disk (the record's `leftOn`). 2008 R2 moves a group as a
 *   whole (VMs saved, disk offline on the source, online on the target, VMs restored): when the
 *   node it is on dies mid-move, the cluster's group failover brings the group online elsewhere.
 *   Each such VM gets a failover record (cause `moveFailed`, `lostBytes` 0), detected when its
 *   node is declared down (at once when that node is alive: the move failed because the other
 *   one died), placed as below, and restored from its saved state (status `restoring`, its memory
 *   read back over the new node's own storage path): the saved state file lives on the shared
 *   disk, which moves with the group, so a restore is what the cluster does and loses nothing.
 *   A restore that fails (storage path lost) leaves the VM saved there, with the reason.
 * - A classic disk whose owner lost its storage path fails with its VMs (classicDisks.ts): they
 *   stop as in a crash (cause `diskFailed`, detected at once), held until the cluster has tried to
 *   restart the disk on that node (`stopForDisk`, `releaseDisk`); then placed as below, on the
 *   disk's node if the restart brought it online there.
 * - Once the cluster knows (`detectedAt`: the heartbeats declared the node down, or at once when
 *   the partition stopped its own VMs for lack of quorum) the partition with quorum restarts it on
 *   the next node of its node list after the one it was on (migration/placement.ts: preferred
 *   owners, then the other nodes in file order, wrapping round; drawn at random for a VM without
 *   preferred owners) that is one of its possible owners, up (not paused, down or joining), in the
 *   partition with quorum, has the VM's memory free and reaches its disk (for a classic disk, the
 *   node where the disk's other VMs run, since the LUN is the unit of failover; it moves with the
 *   VM, so the node must be a possible owner of each of them), avoiding a node that hosts a VM of
 *   one of its anti-affinity classes unless only such nodes can take it. VMs placed one after
 *   the other in one pass see each other: each is booting on its node when the next is placed.
 * - The restart is crash-consistent: the VM boots (`bootTime`, status `booting`, memory reserved)
 *   from what its VHD holds, then runs (`onlineAt`; `downtime` = onlineAt - failedAt).
 * - No node can take it (no memory, no quorum, no possible owner up...): it stays failed (the
 *   record's `reason` says why) and is tried again at every change of the cluster's membership (a
 *   node joining).
 * - Failover threshold (the VM's `failoverThreshold` in `failoverPeriod`, 2008 R2's group
 *   properties; by default n - 1 in 6 hours, n nodes in the cluster): a VM that has already failed
 *   over that many times within the period stays failed for good at its next failure.
 * - Failback (back to a preferred owner once it is available again) is failback.ts's.
 */
import type { VmRuntime } from '../model/clusterState';
import type { FailoverRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import { choosePlacement } from '../migration/placement';
import { formatBytes, formatDuration } from '../../format/quantities';
import type { VmFailover } from '../snapshot';
import type { StorageReach } from '../storage/storageManager';
import { unflushedBytes } from './lostBytes';

/** What the failover module asks of the cluster's membership (the health monitor). */
export interface Membership {
  /** Some partition has quorum. */
  readonly hasQuorum: boolean;
  /** `node` is alive and in the partition with quorum. */
  inQuorum(node: string): boolean;
  /** The cluster knows `node` is gone: no other live node is in its partition. */
  isolated(node: string): boolean;
  /** `node` crashed and has not been started again (the cluster learns it from the heartbeats). */
  isCrashed(node: string): boolean;
}

interface Entry {
  readonly vm: VmRuntime;
  readonly record: FailoverRecord;
  state: VmFailover['state'];
  /** The last "cannot restart" reason told, so it is logged once per change. */
  told: string | null;
  /** Left saved by a failed quick migration: restored from its saved state, not booted. */
  readonly fromSaved: boolean;
  /** Its classic disk failed: not placed until the cluster has tried to restart the disk (classicDisks.ts). */
  held: boolean;
}

export class FailoverManager {
  /** The failover in progress per VM, from its stop until it runs again (or for good when it gave up). */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'random' | 'records' | 'scenario' | 'state'>,
    private readonly vms: VmLifecycle,
    private readonly storage: StorageReach,
    private readonly membership: Membership,
  ) {
    vms.onStatusChange.connect((vm) => {
      // A VM whose failover gave up, started by hand (a saved one): that failover is over.
      if (vm.status === 'running' && this.entries.get(vm.name)?.state === 'failed') this.entries.delete(vm.name);
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
   * own VMs), else it learns from the heartbeats. Each VM's `failedAt` is when its clients lost
   * it (see `stop`).
   */
  stopVms(node: string, cause: 'nodeCrashed' | 'quorumLost', reason: string, detected: boolean): void {
    for (const vm of this.ctx.state.vmsOn(node)) {
      if (!vm.holdsMemory) continue;
      this.stop(vm, cause, reason, detected);
    }
  }

  /**
   * A group move failed after taking VMs offline because a node went down: `vms`, saved (or, for
   * a move through their offline action, shut down or turned off) and meant to run, are left on
   * `node` with their disk (see the top of this file): a saved one is restored, another boots.
   * Their failover opens now;
   * the cluster places them at its next regroup (queued by whoever took the node down), once it
   * knows `node` is gone if `node` is the one that crashed.
   */
  groupLeft(vms: readonly VmRuntime[], node: string, reason: string): void {
    const { ctx } = this;
    const now = ctx.kernel.now;
    const detected = !this.membership.isCrashed(node);
    for (const vm of vms) {
      const saved = vm.status === 'saved';
      const record: FailoverRecord = {
        vm: vm.name,
        from: node,
        to: null,
        failedAt: now,
        detectedAt: detected ? now : null,
        onlineAt: null,
        downtime: null,
        lostBytes: 0,
        reason: saved
          ? `its quick migration failed after the save (${reason}): the group is failed over`
          : `its move failed after it was taken offline (${reason}): the group is failed over`,
        cause: 'moveFailed',
      };
      ctx.records.failovers.push(record);
      this.entries.set(vm.name, { vm, record, state: detected ? 'pending' : 'detecting', told: null, fromSaved: saved, held: false });
    }
  }

  /**
   * The classic disk `disk` failed on `node` (its owner lost the storage path): every VM on it that
   * holds memory there stops at once, crash-consistent (a VM resource depends on its disk), and
   * the cluster knows at once. Their failovers wait (`held`) until {@link releaseDisk}: the cluster
   * first tries to restart the disk where it is. Returns the VMs stopped.
   */
  stopForDisk(disk: string, node: string, reason: string): VmRuntime[] {
    const stopped: VmRuntime[] = [];
    for (const vm of this.ctx.state.vmsOn(node)) {
      if (!vm.holdsMemory || vm.spec.disk !== disk) continue;
      const record = this.stop(vm, 'diskFailed', reason, true);
      record.reason = `${reason}: the cluster restarts the disk, or fails the group over`;
      (this.entries.get(vm.name) as Entry).held = true;
      stopped.push(vm);
    }
    return stopped;
  }

  /** The cluster is done trying to restart `disk` where it was: its VMs' failovers go on (placed now if a node can take them). */
  releaseDisk(disk: string): void {
    for (const e of [...this.entries.values()]) {
      if (!e.held || e.vm.spec.disk !== disk) continue;
      e.held = false;
      if (e.state === 'pending') this.place(e);
    }
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
    for (const e of [...this.entries.values()]) if (e.state === 'pending' && !e.held) this.place(e);
  }

  /**
   * The VM stops now. Its `failedAt` is when its clients lost it: the stop, or for a VM whose
   * partition stopped for lack of quorum while it was isolated on its node (no client network
   * reached it: clientReach.ts), when that isolation began, which is never before the VM began
   * running there (`hostedSince`): a VM that arrived on a node its clients could not reach was lost
   * to them when it arrived. (A crash keeps the crash as `failedAt`: the cluster's detection is
   * timed from it; the VM's own downtime counts its isolation before the crash all the same.)
   */
  private stop(vm: VmRuntime, cause: 'nodeCrashed' | 'quorumLost' | 'diskFailed', reason: string, detected: boolean): FailoverRecord {
    const { ctx } = this;
    const now = ctx.kernel.now;
    const failedAt = cause !== 'quorumLost' || vm.isolatedSince === null ? now : Math.min(now, Math.max(vm.isolatedSince, vm.hostedSince));
    // The guest's file cache filled from its last boot (VmRuntime.cacheSince; NaN: nothing to lose).
    const lostBytes = unflushedBytes(vm.workload.diskIo, vm.spec.memory, now - vm.cacheSince);
    const previous = this.entries.get(vm.name);
    if (previous?.state === 'restarting') previous.record.reason = `${vm.node} went down while ${vm.name} was booting there`;
    this.vms.releaseMemory(vm.node, vm.spec.memory);
    // Its outage starts first: its isolation (if any) ends with the stop, and the two are one stretch.
    this.vms.beginOutage(vm, failedAt);
    this.vms.setStatus(vm, 'failed', reason);
    this.vms.disconnectClients(vm, now - (vm.outageSince ?? now), reason);
    const record: FailoverRecord = {
      vm: vm.name,
      from: vm.node,
      to: null,
      failedAt,
      detectedAt: detected ? now : null,
      onlineAt: null,
      downtime: null,
      lostBytes,
      reason: null,
      cause,
    };
    ctx.records.failovers.push(record);
    this.entries.set(vm.name, { vm, record, state: detected ? 'pending' : 'detecting', told: null, fromSaved: false, held: false });
    return record;
  }

  private place(e: Entry): void {
    const { ctx } = this;
    const { vm, record } = e;
    const now = ctx.kernel.now;
    if (!this.membership.hasQuorum) {
      this.wait(e, 'no partition of the cluster has quorum: nothing can run until it is back');
      return;
    }
    const { failoverThreshold: limit, failoverPeriod: period } = vm.spec;
    const recent = ctx.records.failovers.filter((r) => r !== record && r.vm === vm.name && r.to !== null && r.failedAt > now - period).length;
    if (recent >= limit) {
      e.state = 'failed';
      const n = ctx.scenario.nodes.length;
      const allows = limit === n - 1 ? `the most a ${n}-node cluster allows by default (n - 1 = ${limit})` : `the most its failoverThreshold allows (${limit})`;
      record.reason = `failover threshold reached: ${vm.name} already failed over ${recent} time(s) in the last ${formatDuration(period)}, ${allows}; it stays failed`;
      ctx.emit({ kind: 'failover.failed', subject: vm.name, from: record.from, final: true, reason: record.reason });
      return;
    }
    const disk = ctx.state.disk(vm.spec.disk);
    // A classic disk is online on one node: the VMs on it run there, and it moves with them.
    const holders = disk.spec.csv ? [] : [...ctx.state.vms.values()].filter((v) => v !== vm && v.spec.disk === disk.name && v.holdsMemory);
    // Otherwise, a classic disk online on a node of the partition with quorum that reaches it
    // (restarted where it failed) keeps the group there.
    const ownerKeeps =
      !disk.spec.csv && disk.online && disk.owner !== null && this.membership.inQuorum(disk.owner) && this.storage.reaches(disk.owner, disk.name) ? disk.owner : null;
    const diskNode = holders.length > 0 ? holders[0].node : ownerKeeps;
    // The other VMs of a classic disk move with it: the group can only go where each may run.
    const group = disk.spec.csv ? [] : [...ctx.state.vms.values()].filter((v) => v !== vm && v.spec.disk === disk.name);
    const choice = choosePlacement(ctx, vm, {
      extra: (node) => {
        if (!this.membership.inQuorum(node)) return `${node} is not in the partition with quorum`;
        if (diskNode !== null && node !== diskNode) return `${node} is not where ${disk.name} is online (${diskNode}${holders.length > 0 ? `, with ${holders.map((v) => v.name).join(', ')}` : ''})`;
        const barred = group.find((v) => !v.spec.possibleOwners.includes(node));
        if (barred) return `${node} is not a possible owner of ${barred.name}, which shares ${disk.name}`;
        if (!this.storage.reaches(node, disk.name)) return `${node} cannot reach ${disk.name}`;
        // A restore reads the saved memory over the node's own storage path.
        if (e.fromSaved) return this.storage.whyNoOwnPath(node, disk.name);
        return null;
      },
    });
    if (choice.node === null) {
      this.wait(e, `no node can take ${vm.name}: ${choice.reasons.join('; ')}`);
      return;
    }
    this.restart(e, choice.node, choice.antiAffinityIgnored);
  }

  /** It stays failed for now, and says why (once per reason). */
  private wait(e: Entry, reason: string): void {
    e.record.reason = reason;
    if (e.told === reason) return;
    e.told = reason;
    this.ctx.emit({ kind: 'failover.failed', subject: e.vm.name, from: e.record.from, final: false, reason });
  }

  /** `note`: what the placement had to give up (anti-affinity), told with the restart. */
  private restart(e: Entry, to: string, note?: string): void {
    const { ctx } = this;
    const { vm, record } = e;
    const bootTime = ctx.scenario.settings.bootTime;
    this.vms.reserveMemory(to, vm.spec.memory);
    this.vms.moveTo(vm, to);
    const disk = ctx.state.disk(vm.spec.disk);
    if (!disk.spec.csv) {
      disk.owner = to;
      disk.online = true;
      // The disk's VMs that are off (or saved by hand) are in its group: they move with it.
      for (const other of ctx.state.vms.values()) {
        if (other !== vm && other.spec.disk === disk.name && !other.holdsMemory && !this.entries.has(other.name)) this.vms.moveTo(other, to);
      }
    }
    e.state = 'restarting';
    record.to = to;
    record.reason = null;
    const also = note === undefined ? '' : ` (${note})`;
    if (e.fromSaved) {
      this.restore(e, to, also);
      return;
    }
    const lost = record.lostBytes > 0 ? `, ${formatBytes(record.lostBytes)} of unflushed writes lost` : '';
    // A VM its failed move had already shut down or turned off just boots (what it lost, its move's record says).
    const offlineBefore = record.cause === 'moveFailed';
    this.vms.setStatus(vm, 'booting', offlineBefore ? `failover from ${record.from}: its group is brought online, booting` : `failover from ${record.from}: crash-consistent restart, booting`);
    ctx.emit({
      kind: 'failover.started',
      subject: vm.name,
      from: record.from,
      to,
      lostBytes: record.lostBytes,
      reason: offlineBefore
        ? `its group is brought online on ${to}: it was taken offline for its move, and boots for ${formatDuration(bootTime)}${also}`
        : `restarted on ${to} from what its disk holds (crash-consistent)${lost}; it boots for ${formatDuration(bootTime)}${also}`,
    });
    const done = ctx.activities.begin(`${vm.name} boot after failover`);
    ctx.kernel.after(bootTime, () => {
      done();
      this.online(e);
    }, `${vm.name} boot after failover`);
  }

  /**
   * The group failover of a VM a failed quick migration left saved: restored on `to` from its
   * saved state (the file is on its disk, which moved with the group), its memory read back over
   * `to`'s own storage path as a storage flow, as a quick migration's restore.
   */
  private restore(e: Entry, to: string, also: string): void {
    const { ctx } = this;
    const { vm, record } = e;
    this.vms.setStatus(vm, 'restoring', `failover from ${record.from}: restoring from its saved state on ${vm.spec.disk}`);
    ctx.emit({
      kind: 'failover.started',
      subject: vm.name,
      from: record.from,
      to,
      lostBytes: 0,
      reason: `its group is brought online on ${to}: restored from the saved state its quick migration wrote to ${vm.spec.disk} (nothing is lost)${also}`,
    });
    const done = ctx.activities.begin(`${vm.name} restore after failover`);
    ctx.network.startStorageFlow({
      node: to,
      disk: vm.spec.disk,
      direction: 'read',
      bytes: vm.spec.memory,
      tag: 'storage',
      label: `${vm.name} restore after failover`,
      onComplete: () => {
        done();
        this.online(e);
      },
      onFail: (_f, why) => {
        done();
        // Stopped meanwhile (its new node went down): a new failover has replaced this one.
        if (this.entries.get(vm.name) !== e || vm.status !== 'restoring') return;
        this.vms.releaseMemory(vm.node, vm.spec.memory);
        e.state = 'failed';
        record.reason = `the restore on ${vm.node} failed (${why === 'networkFailed' ? 'its storage network failed' : 'its storage link went down'}): ${vm.name} stays saved there`;
        this.vms.setStatus(vm, 'saved', record.reason);
        ctx.emit({ kind: 'failover.failed', subject: vm.name, from: record.from, final: true, reason: record.reason });
      },
    });
  }

  private online(e: Entry): void {
    const { ctx } = this;
    const { vm, record } = e;
    // It may have gone down again while it booted (a new failover has replaced this one).
    if (this.entries.get(vm.name) !== e || e.state !== 'restarting' || vm.status !== (e.fromSaved ? 'restoring' : 'booting')) return;
    const now = ctx.kernel.now;
    this.vms.setStatus(vm, 'running', `${e.fromSaved ? 'restored' : 'booted'} on ${vm.node} after failover from ${record.from}`);
    // Its clients were cut off when it stopped (they are not lost twice): the outage adds to its
    // downtime, and they reconnect once it answers (now, unless it is isolated on its new node).
    this.vms.endOutage(vm, `online on ${vm.node} after failover`);
    record.onlineAt = now;
    record.downtime = now - record.failedAt;
    this.entries.delete(vm.name);
    ctx.emit({ kind: 'failover.completed', subject: vm.name, node: vm.node, downtime: record.downtime, reason: `online on ${vm.node} after ${formatDuration(record.downtime)} down` });
  }
}
