import type { VmRuntime } from '../model/clusterState';
import type { Flow } from '../network/flow';
import type { MigrationRecord } from '../model/records';
import { checkPossibleOwner, checkStorage, checkTarget } from './checks';
import { DISK_OFFLINE_TIME, DISK_ONLINE_TIME } from './constants';
import { flowFailure } from './liveMigration';
import type { MigrationHost } from './migrationHost';

export type QuickPhase = 'save' | 'diskMove' | 'restore' | 'done';

/**
 * A quick migration as Windows Server 2008 does it: the VM is saved (memory, processor and
 * device state written to a file on the shared storage), its disk moves to the target, and the
 * VM is restored there (its memory read back). Both the save and the restore are storage flows
 * at the disk's throughput (and the node's storage link, if the path is a network). The default
 * disk throughput, 256 MiB/s, was chosen to give the article's "around eight seconds per 1GB":
 * 4 s to write a GiB and 4 s to read it back.
 *
 * The LUN is the unit of failover: on a classic disk every VM on it is saved and moved together
 * (`movedWith`), and the disk goes offline on the source and online on the target. A CSV is
 * online everywhere, so only the VM moves.
 */
export class QuickMigration {
  phase: QuickPhase = 'save';
  /** Names of the VMs that move: the requested one first, then the others on its classic disk. */
  readonly group: string[];
  private readonly flows = new Set<Flow>();
  /** Each member's storage flow of the current phase (save or restore), for progress. */
  private readonly flowOf = new Map<string, Flow>();
  private pending = 0;
  private reserved = 0;

  constructor(
    private readonly host: MigrationHost<QuickMigration>,
    readonly record: MigrationRecord,
    readonly vm: VmRuntime,
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

  /** The members that hold memory and so are saved and restored (off and saved VMs just move). */
  private get live(): VmRuntime[] {
    return this.members.filter((v) => v.status === 'running');
  }

  /**
   * Memory this migration holds beyond what its VMs hold where they are: the room reserved on
   * the target for the members not yet restored there.
   */
  heldMemory(): { node: string; bytes: number } | null {
    if (this.phase === 'done') return null;
    const onTarget = this.members.filter((v) => v.node === this.record.to && v.holdsMemory);
    return { node: this.record.to, bytes: this.reserved - onTarget.reduce((sum, v) => sum + v.spec.memory, 0) };
  }

  /**
   * Fraction (0..1) of `vm`'s memory written (save) or read back (restore) in the current phase;
   * 0 while the disk moves or when the VM has nothing to transfer.
   */
  progressOf(vm: string): number {
    if (this.phase !== 'save' && this.phase !== 'restore') return 0;
    const flow = this.flowOf.get(vm);
    if (!flow || flow.bytes === 0) return 0;
    return Math.min(1, flow.bytesDone() / flow.bytes);
  }

  /** Null when the group can move; else why not. */
  preflight(): string | null {
    // The group moves whole: the target must be a possible owner of every VM in it.
    for (const member of this.members) {
      const barred = checkPossibleOwner(member, this.record.to, member === this.vm ? undefined : this.vm.spec.disk);
      if (barred) return barred;
    }
    const memory = this.live.reduce((sum, v) => sum + v.spec.memory, 0);
    const what = this.group.length > 1 ? `${this.group.join(', ')} (they share ${this.vm.spec.disk})` : this.vm.name;
    const target = checkTarget(this.ctx.state, this.record.to, memory, what);
    if (target) return target;
    const storage = checkStorage(this.host.storage, this.vm, this.record.to);
    if (storage) return storage;
    // Save and restore are storage flows over each node's own path, never redirected.
    for (const node of [this.vm.node, this.record.to]) {
      const noPath = this.host.storage.whyNoOwnPath(node, this.vm.spec.disk);
      if (noPath) return `${noPath}, and a quick migration saves and restores memory over each node's own storage path`;
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
    this.reserved = this.live.reduce((sum, v) => sum + v.spec.memory, 0);
    this.host.vms.reserveMemory(record.to, this.reserved);
    ctx.emit({ kind: 'migration.started', subject: record.vm, type: 'quick', from: record.from, to: record.to, network: null });
    this.phase = 'save';
    ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: 'save', node: record.from });
    const saving = this.live;
    for (const v of saving) {
      this.host.vms.setStatus(v, 'saving', `quick migration to ${record.to}: saving memory to ${v.spec.disk}`);
      this.host.vms.beginOutage(v);
    }
    this.transferAll(saving, record.from, 'write', () => this.saved());
  }

  /** The group is on the target: the disk has changed owner (a CSV: the save is done). */
  get moved(): boolean {
    return this.vm.node === this.record.to;
  }

  /**
   * The move fails. `down`: the node whose going down failed it (the source or the target), or
   * null (a storage path lost). The group is left where its disk is owned (`record.leftOn`): on
   * the source until the disk has changed owner, on the target after; a disk caught offline
   * between the two comes back online there. VMs caught saving resume, unless their node went
   * down (the caller stops them: a crash-consistent failover). VMs already saved are left saved,
   * meant to run: when a node going down caused it, 2008 R2's group failover takes over (the
   * failover module, told through `groupLeft`): the group comes online on a node that can host it,
   * the VMs restored from their saved state, or stays failed with the reason.
   */
  fail(reason: string, down: string | null = null): void {
    if (this.phase === 'done') return;
    const { ctx, record } = this;
    const phase = this.phase;
    // Room reserved on the target and not yet taken by a restored VM goes back first.
    const held = this.heldMemory();
    if (held) this.host.vms.releaseMemory(held.node, held.bytes);
    this.phase = 'done';
    for (const f of this.flows) f.cancel();
    this.flows.clear();
    const leftOn = this.vm.node;
    const disk = ctx.state.disk(this.vm.spec.disk);
    if (!disk.spec.csv) disk.online = true;
    for (const v of this.members) {
      if (v.status === 'saving' && phase === 'save' && down !== v.node) {
        // Not saved yet: the VM was only paused for the save and resumes where it was.
        this.host.vms.setStatus(v, 'running', `quick migration failed: ${reason}`);
        this.host.vms.endOutage(v, 'quick migration failed');
      } else if (v.status === 'restoring') {
        // Caught reading its memory back: it stays saved where its disk now is.
        this.host.vms.releaseMemory(v.node, v.spec.memory);
        this.host.vms.setStatus(v, 'saved', `quick migration failed: ${reason}`);
      }
    }
    // Saved for this move (an outage under way, unlike a VM an admin saved) and meant to run.
    const left = down === null ? [] : this.members.filter((v) => v.status === 'saved' && v.outageSince !== null);
    const names = left.map((v) => v.name).join(', ');
    const fate =
      left.length === 0
        ? ''
        : `; ${names} ${left.length === 1 ? 'was' : 'were'} saved and left on ${leftOn} with ${disk.name}: the cluster fails the group over (restored from the saved state)`;
    record.outcome = 'failed';
    record.reason = reason + fate;
    record.completedAt = this.now;
    record.leftOn = leftOn;
    ctx.emit({ kind: 'migration.failed', subject: record.vm, type: 'quick', reason: record.reason });
    this.host.finished(this);
    if (left.length > 0) this.host.groupLeft(left, leftOn, reason);
  }

  private saved(): void {
    const { ctx, record } = this;
    for (const v of this.members) {
      if (v.status !== 'saving') continue;
      // Each VM lets go of its memory on the source as it is shown saved, so every log entry balances.
      this.host.vms.releaseMemory(record.from, v.spec.memory);
      this.host.vms.setStatus(v, 'saved', 'saved for quick migration');
    }
    const disk = ctx.state.disk(this.vm.spec.disk);
    if (disk.spec.csv) {
      this.moveVms();
      this.restore();
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
        this.restore();
      });
    }, `${record.vm} disk move`);
  }

  private moveVms(): void {
    for (const v of this.members) this.host.vms.moveTo(v, this.record.to);
  }

  private restore(): void {
    const { ctx, record } = this;
    this.phase = 'restore';
    ctx.emit({ kind: 'migration.phase', subject: record.vm, phase: 'restore', node: record.to });
    const restoring = this.members.filter((v) => v.status === 'saved' && v.outageSince !== null);
    for (const v of restoring) this.host.vms.setStatus(v, 'restoring', `quick migration: reading memory back on ${record.to}`);
    this.transferAll(restoring, record.to, 'read', () => this.done());
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
    this.pending = vms.length;
    this.flowOf.clear();
    if (vms.length === 0) {
      then();
      return;
    }
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
          if (direction === 'read') this.resumed(v);
          if (--this.pending === 0) then();
        },
        onFail: (_f, why) => this.fail(flowFailure(this.ctx.state.disk(v.spec.disk).spec.storagePath ?? 'storage', why)),
      });
      this.flows.add(flow);
      this.flowOf.set(v.name, flow);
    }
  }

  private resumed(v: VmRuntime): void {
    const clientsBefore = v.clientsDisconnected;
    this.host.vms.setStatus(v, 'running', `quick migration from ${this.record.from}`);
    const outage = this.host.vms.endOutage(v, 'quick migration outage');
    if (v === this.vm) {
      this.record.blackout = outage;
      this.record.clientsDisconnected = v.clientsDisconnected - clientsBefore;
    }
  }
}
