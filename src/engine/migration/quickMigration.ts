import type { EventHandle, Time } from '../kernel';
import type { VmRuntime } from '../model/clusterState';
import type { Flow } from '../network/flow';
import type { MigrationRecord } from '../model/records';
import type { OfflineAction } from '../scenario/model';
import { formatDuration } from '../../format/quantities';
import { unflushedBytes } from '../health/lostBytes';
import { checkPossibleOwner, checkStorage, checkTarget } from './checks';
import { DISK_OFFLINE_TIME, DISK_ONLINE_TIME } from './constants';
import { flowFailure } from './liveMigration';
import type { MigrationHost } from './migrationHost';

/**
 * The group's phase: `offline` (each running VM taken offline), `diskMove` (a classic disk going
 * offline on the source and online on the target), `online` (each VM brought online on the target).
 */
export type QuickPhase = 'offline' | 'diskMove' | 'online' | 'done';

/**
 * How a group move takes its VMs offline: `save` (a quick migration: every VM is saved, whatever
 * its offline action) or `offlineAction` (a move of the group, Move-ClusterGroup: each VM by its
 * own cluster-controlled offline action).
 */
export type GroupMoveMode = 'save' | 'offlineAction';

/** One VM's step in the move, for views: `save`, `shutdown`, `turnOff`, `diskMove`, `restore`, `boot`. */
type MemberStep = OfflineAction | 'diskMove' | 'restore' | 'boot';

/**
 * A group move as Windows Server 2008 R2 does it: the group is taken offline on the source, its
 * disk moves, and it is brought online on the target. The LUN is the unit of failover: on a
 * classic disk every VM on it moves together (`movedWith`), and the disk goes offline on the
 * source and online on the target; a CSV is online everywhere, so only the VM moves. Each running
 * VM goes offline by its action:
 *
 * - save: memory, processor and device state written to a file on the shared storage (a storage
 *   flow at the disk's throughput, over the node's own path), read back on the target (restore);
 * - shutdown: the guest shuts down (`settings.guestShutdownTime`; it stops answering at once) and
 *   boots on the target (`bootTime`);
 * - turnOff: off at once, crash-consistent (it loses the unflushed writes a crash loses,
 *   health/lostBytes.ts), and boots on the target.
 *
 * A quick migration (`quickMigrate`, mode `save`) saves every VM: 2008 R2's offline action "does
 * not affect live migration, quick migration, or unplanned failover. It affects only moving". A
 * move of the group by the cluster (failback, stopping the cluster service: mode
 * `offlineAction`) uses each VM's own action. The default disk throughput, 256 MiB/s, was chosen
 * to give the article's "around eight seconds per 1GB": 4 s to write a GiB and 4 s to read it
 * back. VMs that are off or saved (by hand) move with their group as they are.
 */
export class QuickMigration {
  phase: QuickPhase = 'offline';
  /** Names of the VMs that move: the requested one first, then the others on its classic disk. */
  readonly group: string[];
  private readonly flows = new Set<Flow>();
  /** Each member's storage flow of the current phase (save or restore), for progress. */
  private readonly flowOf = new Map<string, Flow>();
  /** Guest shutdowns under way: the VM answers no more but still holds its memory until the end. */
  private readonly shutdowns = new Map<VmRuntime, { readonly timer: EventHandle; readonly done: () => void }>();
  /** Boots under way on the target, each with the instant the VM began holding memory there. */
  private readonly boots = new Map<VmRuntime, Time>();
  /** How each member was taken offline by this move (only members that were running). */
  private readonly actions = new Map<VmRuntime, OfflineAction>();
  /** Saves of the offline phase not finished yet. */
  private savesLeft = 0;
  /** Members of the current phase not finished yet (offline: saves and shutdowns; online: restores and boots). */
  private pending = 0;
  private reserved = 0;
  /** Set when the move failed: members still shutting down then finish off where they are. */
  private failure: { readonly reason: string; readonly down: string | null } | null = null;

  constructor(
    private readonly host: MigrationHost<QuickMigration>,
    readonly record: MigrationRecord,
    readonly vm: VmRuntime,
    readonly mode: GroupMoveMode = 'save',
  ) {
    const disk = host.ctx.state.disk(vm.spec.disk);
    const sameDisk = disk.spec.csv ? [] : host.ctx.state.vmsOn(vm.node).filter((v) => v !== vm && v.spec.disk === disk.name);
    this.group = [vm.name, ...sameDisk.map((v) => v.name)];
  }

  private get ctx(): MigrationHost<QuickMigration>['ctx'] {
    return this.host.ctx;
  }

  private get now(): number {
    return this.host.ctx.kernel.now;
  }

  private get members(): VmRuntime[] {
    return this.group.map((name) => this.ctx.state.vm(name));
  }

  /** The members that hold memory and so are taken offline and brought online (off and saved VMs just move). */
  private get live(): VmRuntime[] {
    return this.members.filter((v) => v.status === 'running');
  }

  /** How this move takes `vm` offline. */
  actionFor(vm: VmRuntime): OfflineAction {
    return this.mode === 'save' ? 'save' : vm.spec.offlineAction;
  }

  /**
   * Memory this migration holds beyond what its VMs hold where they are: the room reserved on
   * the target for the members not yet restored or booting there.
   */
  heldMemory(): { node: string; bytes: number } | null {
    if (this.phase === 'done') return null;
    const onTarget = this.members.filter((v) => v.node === this.record.to && v.holdsMemory);
    return { node: this.record.to, bytes: this.reserved - onTarget.reduce((sum, v) => sum + v.spec.memory, 0) };
  }

  /**
   * Fraction (0..1) of `vm`'s memory written (save) or read back (restore) in the current phase,
   * or of its guest shutdown or boot; 0 while the disk moves or when the VM has nothing to do.
   */
  progressOf(vm: string): number {
    const flow = this.flowOf.get(vm);
    if ((this.phase === 'offline' || this.phase === 'online') && flow && flow.bytes > 0) return Math.min(1, flow.bytesDone() / flow.bytes);
    const v = this.ctx.state.vms.get(vm);
    if (!v) return 0;
    const shutdown = this.shutdowns.get(v);
    if (this.phase === 'offline' && shutdown) return this.elapsed(shutdown.timer, this.ctx.scenario.settings.guestShutdownTime);
    if (this.phase === 'online' && this.boots.has(v)) return Math.min(1, Math.max(0, (this.now - (this.boots.get(v) as number)) / Math.max(1e-9, this.ctx.scenario.settings.bootTime)));
    return 0;
  }

  /** What `vm` is doing in this move now, for views: its offline action, the disk move, its restore or boot. */
  stepOf(vm: string): MemberStep {
    const v = this.ctx.state.vm(vm);
    const action = this.actions.get(v) ?? this.actionFor(v);
    if (this.phase === 'diskMove') return 'diskMove';
    if (this.phase === 'online' || this.phase === 'done') return action === 'save' ? 'restore' : 'boot';
    return action;
  }

  /** Null when the group can move; else why not. */
  preflight(): string | null {
    const live = this.live;
    // The group moves whole: the target must be a possible owner of every VM in it.
    for (const member of this.members) {
      const barred = checkPossibleOwner(member, this.record.to, member === this.vm ? undefined : this.vm.spec.disk);
      if (barred) return barred;
    }
    const memory = live.reduce((sum, v) => sum + v.spec.memory, 0);
    const what = this.group.length > 1 ? `${this.group.join(', ')} (they share ${this.vm.spec.disk})` : this.vm.name;
    const target = checkTarget(this.ctx.state, this.record.to, memory, what);
    if (target) return target;
    const storage = checkStorage(this.host.storage, this.vm, this.record.to);
    if (storage) return storage;
    // Save and restore are storage flows over each node's own path, never redirected; a shutdown
    // or a turn-off moves no memory.
    if (live.some((v) => this.actionFor(v) === 'save')) {
      for (const node of [this.vm.node, this.record.to]) {
        const noPath = this.host.storage.whyNoOwnPath(node, this.vm.spec.disk);
        if (noPath) return `${noPath}, and ${this.mode === 'save' ? 'a quick migration' : 'a save'} saves and restores memory over each node's own storage path`;
      }
    }
    const busy = this.members.find((v) => v !== this.vm && v.status !== 'running' && v.status !== 'off' && v.status !== 'saved');
    if (busy) return `${busy.name}, which shares ${this.vm.spec.disk}, is ${busy.status}`;
    return null;
  }

  start(): void {
    const { ctx, record } = this;
    record.outcome = 'running';
    record.startedAt = this.now;
    record.movedWith = this.group.slice(1);
    const live = this.live;
    this.reserved = live.reduce((sum, v) => sum + v.spec.memory, 0);
    this.host.vms.reserveMemory(record.to, this.reserved);
    ctx.emit({ kind: 'migration.started', subject: record.vm, type: 'quick', from: record.from, to: record.to, network: null });
    this.phase = 'offline';
    ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: this.actionFor(this.vm), node: record.from });
    const saving: VmRuntime[] = [];
    for (const v of live) {
      const action = this.actionFor(v);
      this.actions.set(v, action);
      if (action === 'save') {
        const why = this.mode === 'save' ? `quick migration to ${record.to}: saving memory to ${v.spec.disk}` : `moving to ${record.to}: taken offline (offline action Save), saving memory to ${v.spec.disk}`;
        this.host.vms.setStatus(v, 'saving', why);
        saving.push(v);
      }
      this.host.vms.beginOutage(v);
    }
    // Turned off at once, the others shut down meanwhile (the guest stops answering at once).
    for (const v of live) {
      const action = this.actions.get(v);
      if (action === 'turnOff') this.turnOff(v);
      else if (action === 'shutdown') this.shutDown(v);
    }
    this.savesLeft = saving.length;
    this.pending = saving.length + this.shutdowns.size;
    if (saving.length === 0) {
      // Only shutdowns to wait for (each ends with offlineStepDone), or none at all.
      if (this.pending === 0) this.offlined();
      return;
    }
    this.transferAll(saving, record.from, 'write', () => {
      this.saved();
    });
  }

  /** The group is on the target: the disk has changed owner (a CSV: every VM is offline). */
  get moved(): boolean {
    return this.vm.node === this.record.to;
  }

  /**
   * The move fails. `down`: the node whose going down failed it (the source or the target), or
   * null (a storage path lost). The group is left where its disk is owned (`record.leftOn`): on
   * the source until the disk has changed owner, on the target after; a disk caught offline
   * between the two comes back online there. VMs caught saving resume, unless their node went
   * down (the caller stops them: a crash-consistent failover). A guest caught shutting down
   * finishes its shutdown where it is (a shutdown cannot be called back). VMs caught restoring
   * stay saved where they are; those booting on a node that is still up go on booting. VMs left
   * saved or off, meant to run: when a node going down caused it, 2008 R2's group failover takes
   * over (the failover module, told through `groupLeft`): the group comes online on a node that
   * can host it, each VM restored from its saved state or booted, or stays failed with the reason.
   */
  fail(reason: string, down: string | null = null): void {
    if (this.phase === 'done') return;
    const { ctx, record } = this;
    const phase = this.phase;
    // Room reserved on the target and not yet taken by a VM restored or booting there goes back first.
    const held = this.heldMemory();
    if (held) this.host.vms.releaseMemory(held.node, held.bytes);
    this.phase = 'done';
    this.failure = { reason, down };
    for (const f of this.flows) f.cancel();
    this.flows.clear();
    const leftOn = this.vm.node;
    const disk = ctx.state.disk(this.vm.spec.disk);
    if (!disk.spec.csv) disk.online = true;
    for (const v of this.members) {
      if (v.status === 'saving' && phase === 'offline' && down !== v.node) {
        // Not saved yet: the VM was only paused for the save and resumes where it was.
        this.host.vms.setStatus(v, 'running', `${this.what} failed: ${reason}`);
        this.host.vms.endOutage(v, `${this.what} failed`);
      } else if (v.status === 'restoring') {
        // Caught reading its memory back: it stays saved where its disk now is.
        this.host.vms.releaseMemory(v.node, v.spec.memory);
        this.host.vms.setStatus(v, 'saved', `${this.what} failed: ${reason}`);
      }
    }
    // A guest whose node went down stopped with it (the caller fails it over): no shutdown to finish.
    for (const [v, shutdown] of [...this.shutdowns]) {
      if (down === v.node) {
        shutdown.timer.cancel();
        shutdown.done();
        this.shutdowns.delete(v);
      }
    }
    // Saved or off for this move (an outage under way, unlike a VM an admin stopped) and meant to run.
    const left = down === null ? [] : this.members.filter((v) => this.actions.has(v) && (v.status === 'saved' || v.status === 'off') && v.outageSince !== null);
    const names = left.map((v) => v.name).join(', ');
    const allSaved = left.every((v) => v.status === 'saved');
    const fate =
      left.length === 0
        ? ''
        : `; ${names} ${left.length === 1 ? 'was' : 'were'} ${allSaved ? 'saved' : 'taken offline'} and left on ${leftOn} with ${disk.name}: the cluster fails the group over (${allSaved ? 'restored from the saved state' : 'restored or booted'})`;
    record.outcome = 'failed';
    record.reason = reason + fate;
    record.completedAt = this.now;
    record.leftOn = leftOn;
    ctx.emit({ kind: 'migration.failed', subject: record.vm, type: 'quick', reason: record.reason });
    this.host.finished(this);
    if (left.length > 0) this.host.groupLeft(left, leftOn, reason);
  }

  /** "quick migration" or "move", in the reasons this move logs. */
  private get what(): string {
    return this.mode === 'save' ? 'quick migration' : 'move';
  }

  private turnOff(v: VmRuntime): void {
    // Off at once: what its guest had not flushed is lost, as in a crash.
    const lost = unflushedBytes(v.workload.diskIo, v.spec.memory, this.now - v.cacheSince);
    if (v === this.vm) this.record.lostBytes = lost;
    this.host.vms.releaseMemory(v.node, v.spec.memory);
    this.host.vms.setStatus(v, 'off', `moving to ${this.record.to}: taken offline (offline action Turn off), off at once`);
  }

  private shutDown(v: VmRuntime): void {
    const since = v.hostedSince;
    const shutdown = this.ctx.scenario.settings.guestShutdownTime;
    // Its own activity: a shutdown goes on even after the move failed (see fail()).
    const done = this.ctx.activities.begin(`${v.name} guest shutdown`);
    const timer = this.ctx.kernel.after(
      shutdown,
      () => {
        this.shutdowns.delete(v);
        done();
        // Stopped meanwhile with its node (a failover has it now).
        if (v.status !== 'running' || v.hostedSince !== since) return;
        this.host.vms.releaseMemory(v.node, v.spec.memory);
        this.host.vms.setStatus(v, 'off', `moving to ${this.record.to}: taken offline (offline action Shut down), the guest shut down in ${formatDuration(shutdown)}`);
        if (this.failure === null) {
          this.offlineStepDone();
          return;
        }
        // The move failed while the guest shut down: it stays off where it is, handed to the
        // cluster's group failover when a node going down caused it.
        if (this.failure.down !== null && v.outageSince !== null) this.host.groupLeft([v], v.node, this.failure.reason);
      },
      `${v.name} guest shutdown`,
    );
    this.shutdowns.set(v, { timer, done });
  }

  /** Fraction of `duration` elapsed since the timer was set, for progress. */
  private elapsed(timer: EventHandle, duration: number): number {
    if (duration <= 0) return 1;
    return Math.min(1, Math.max(0, 1 - (timer.time - this.now) / duration));
  }

  /** The last save of the offline phase ended: every VM saved is shown saved at once. */
  private saved(): void {
    const { record } = this;
    for (const v of this.members) {
      if (v.status !== 'saving') continue;
      // Each VM lets go of its memory on the source as it is shown saved, so every log entry balances.
      this.host.vms.releaseMemory(record.from, v.spec.memory);
      this.host.vms.setStatus(v, 'saved', this.mode === 'save' ? 'saved for quick migration' : `saved: taken offline to move to ${record.to}`);
    }
    this.pending -= this.savesLeft;
    this.savesLeft = 0;
    // Guests still shutting down hold the group on the source until they are off.
    if (this.pending === 0) this.offlined();
  }

  /** A member's guest shutdown ended: it is offline. */
  private offlineStepDone(): void {
    if (this.phase !== 'offline') return;
    this.pending--;
    if (this.pending === 0) this.offlined();
  }

  /** Every VM of the group is offline: its disk moves (a classic disk), then it comes online on the target. */
  private offlined(): void {
    const { ctx, record } = this;
    if (this.phase !== 'offline') return;
    const disk = ctx.state.disk(this.vm.spec.disk);
    if (disk.spec.csv) {
      this.moveVms();
      this.online();
      return;
    }
    // The LUN is the unit of failover: offline on the source, online on the target.
    this.phase = 'diskMove';
    disk.online = false;
    ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: 'diskOffline', node: record.from });
    ctx.kernel.after(DISK_OFFLINE_TIME, () => {
      if (this.phase !== 'diskMove') return;
      disk.owner = record.to;
      this.moveVms();
      ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: 'diskOnline', node: record.to });
      ctx.kernel.after(DISK_ONLINE_TIME, () => {
        if (this.phase !== 'diskMove') return;
        disk.online = true;
        this.online();
      });
    }, `${record.vm} disk move`);
  }

  private moveVms(): void {
    for (const v of this.members) this.host.vms.moveTo(v, this.record.to);
    this.host.arrived(this);
  }

  /** On the target: each VM saved for the move is restored, each one shut down or turned off boots. */
  private online(): void {
    const { ctx, record } = this;
    this.phase = 'online';
    const action = this.actions.get(this.vm) ?? 'save';
    ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: action === 'save' ? 'restore' : 'boot', node: record.to });
    const restoring = this.members.filter((v) => v.status === 'saved' && v.outageSince !== null);
    const booting = this.members.filter((v) => v.status === 'off' && v.outageSince !== null && this.actions.has(v));
    const why = this.mode === 'save' ? `quick migration: reading memory back on ${record.to}` : `moving to ${record.to}: restoring its saved state`;
    for (const v of restoring) this.host.vms.setStatus(v, 'restoring', why);
    for (const v of booting) this.boot(v);
    this.pending = booting.length;
    if (restoring.length === 0) {
      if (this.pending === 0) this.done();
      return;
    }
    this.pending += 1;
    this.transferAll(restoring, record.to, 'read', () => {
      this.onlineStepDone();
    });
  }

  private boot(v: VmRuntime): void {
    const bootTime = this.ctx.scenario.settings.bootTime;
    this.host.vms.setStatus(v, 'booting', `moving to ${this.record.to}: brought online, booting for ${formatDuration(bootTime)}`);
    const since = v.hostedSince;
    this.boots.set(v, this.now);
    // Its own activity: a boot on a node that is still up goes on even if the move fails.
    const done = this.ctx.activities.begin(`${v.name} boot`);
    this.ctx.kernel.after(bootTime, () => {
      this.boots.delete(v);
      done();
      // Stopped meanwhile with its node (a failover has it now).
      if (v.status !== 'booting' || v.hostedSince !== since) return;
      this.resumed(v, 'booted');
      this.onlineStepDone();
    }, `${v.name} boot`);
  }

  private onlineStepDone(): void {
    if (this.phase !== 'online') return;
    if (--this.pending === 0) this.done();
  }

  private done(): void {
    const { ctx, record } = this;
    this.phase = 'done';
    record.outcome = 'completed';
    record.completedAt = this.now;
    ctx.emit({ kind: 'migration.completed', subject: record.vm, type: 'quick', to: record.to });
    this.host.finished(this);
  }

  /**
   * Each VM's memory as one storage flow, all at once (they share the disk's throughput); each
   * VM that finishes reading back resumes at once, and `then` runs when the last is done.
   */
  private transferAll(vms: VmRuntime[], node: string, direction: 'read' | 'write', then: () => void): void {
    this.flowOf.clear();
    let left = vms.length;
    // The memory goes over the node's own storage path: without one (lost since the request), the move fails.
    const noPath = this.host.storage.whyNoOwnPath(node, this.vm.spec.disk);
    if (noPath) {
      this.fail(noPath);
      return;
    }
    for (const v of vms) {
      const flow = this.ctx.network.startStorageFlow({
        node,
        disk: v.spec.disk,
        direction,
        bytes: v.spec.memory,
        tag: 'storage',
        label: `${v.name} ${direction === 'write' ? 'save' : 'restore'}`,
        onComplete: (f) => {
          this.flows.delete(f);
          if (direction === 'read') this.resumed(v, 'restored');
          if (--left === 0) then();
        },
        onFail: (_f, why) => this.fail(flowFailure(this.ctx.state.disk(v.spec.disk).spec.storagePath ?? 'storage', why)),
      });
      this.flows.add(flow);
      this.flowOf.set(v.name, flow);
    }
  }

  private resumed(v: VmRuntime, how: 'restored' | 'booted'): void {
    const clientsBefore = v.clientsDisconnected;
    this.host.vms.setStatus(v, 'running', this.mode === 'save' ? `quick migration from ${this.record.from}` : `${how} on ${this.record.to}: moved from ${this.record.from}`);
    const outage = this.host.vms.endOutage(v, this.mode === 'save' ? 'quick migration outage' : `move outage (offline action ${this.actions.get(v) ?? 'save'})`);
    if (v === this.vm) {
      this.record.blackout = outage;
      this.record.clientsDisconnected = v.clientsDisconnected - clientsBefore;
    }
  }
}
