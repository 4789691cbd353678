import { Signal, type Hook } from '../kernel';
import { ActionRejected } from '../model/actionRejected';
import type { VmRuntime } from '../model/clusterState';
import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { MigrationCause, MigrationRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { OfflineAction } from '../scenario/model';
import type { StorageReach } from '../storage/storageManager';
import { checkPossibleOwner, checkStorage, checkTarget, checkVmMovable, chooseLiveMigrationNetwork } from './checks';
import { LiveMigration } from './liveMigration';
import { choosePlacement } from './placement';
import { QuickMigration, type GroupMoveMode } from './quickMigration';
import type { MigrationHost } from './migrationHost';

export type MigrationKind = 'live' | 'quick';

/** What the cluster would say, now, to a request to move a VM to one node. */
export interface TargetVerdict {
  readonly node: string;
  /** True when the request would be accepted (a live migration may still wait for a slot: `waits`). */
  readonly eligible: boolean;
  /** Why the request would be refused, in the words it would be refused with; null when eligible. */
  readonly reason: string | null;
  /** An eligible live migration: the network it would use now. Null otherwise. */
  readonly network: string | null;
  /** An eligible live migration that would wait for a slot: why. Null otherwise. */
  readonly waits: string | null;
}

interface Pending {
  readonly record: MigrationRecord;
  readonly vm: VmRuntime;
}

/** What views and the invariant checks read of the migrations. */
export interface MigrationsView {
  /** Migrations in progress (live and quick), each once. */
  inProgress(): (LiveMigration | QuickMigration)[];
  /** Live migration requests waiting for a free slot, in request order. */
  queued(): MigrationRecord[];
  isMoving(vm: string): boolean;
  /**
   * For every node (in node order), whether a request to move `vm` there now would be accepted,
   * and if not why: the same checks, in the same order, as the request itself. Changes nothing,
   * draws nothing, logs nothing.
   */
  preflight(vm: string, kind: MigrationKind): TargetVerdict[];
}

/** What the health module asks of the migrations when a node goes or comes back. */
export interface MigrationsForHealth {
  isMoving(vm: string): boolean;
  /**
   * A move of `vm`'s group to `to` by the cluster (failback, stopping a node's cluster service):
   * each VM goes offline through its own offline action (see quickMigration.ts). Throws
   * ActionRejected when refused (recorded as a failed migration with its reason).
   */
  requestMove(vm: string, to: string, cause: 'failback' | 'stopClusterService'): MigrationRecord;
  /**
   * Migrations that still hold a VM on `node`: live migrations from it (running or queued), and
   * group moves from it whose VMs have not reached their target yet.
   */
  movingAwayFrom(node: string): number;
  /** A node went down: the migrations that depend on it fail. */
  nodeDown(node: string): void;
  /**
   * The classic disk `disk` failed: live migrations of its VMs (running or queued) fail, and a VM
   * suspended for its final copy does not resume (it stops with its disk). Quick migrations of its
   * VMs are left alone: they move memory over the storage path themselves and fail by it.
   */
  diskFailed(disk: string, reason: string): void;
  /**
   * Told when a quick migration failed because a node went down after its save: `vms` (saved,
   * meant to run) are left on `node` with their disk, and the cluster must bring them online.
   */
  readonly onGroupLeft: Hook<[vms: readonly VmRuntime[], node: string, reason: string]>;
  /** A group move's VMs reached its target (its classic disk changed owner; a CSV: all offline). */
  readonly onArrived: Hook<[record: MigrationRecord]>;
  /** A migration completed or failed (once per record that started or was refused). */
  readonly onFinished: Hook<[record: MigrationRecord]>;
}

/**
 * Takes migration requests (timeline, user, drain), checks them, starts them within
 * `maxConcurrentPerNode` (a node takes part in that many live migrations at once, as source or
 * target; further requests wait in order and start when a slot frees), and tells the cluster
 * when nodes a migration depends on go away.
 */
export class MigrationManager implements MigrationsView, MigrationsForHealth {
  private readonly running = new Map<string, LiveMigration | QuickMigration>();
  private readonly queue: Pending[] = [];
  private started = 0;
  /** Each requested migration keeps the run going until it has completed or failed. */
  private readonly activityEnds = new Map<MigrationRecord, () => void>();
  private readonly host: MigrationHost<LiveMigration | QuickMigration>;
  private readonly groupLeft = new Signal<[vms: readonly VmRuntime[], node: string, reason: string]>();
  readonly onGroupLeft: Hook<[vms: readonly VmRuntime[], node: string, reason: string]> = this.groupLeft;
  private readonly arrivedSignal = new Signal<[record: MigrationRecord]>();
  readonly onArrived: Hook<[record: MigrationRecord]> = this.arrivedSignal;
  private readonly finishedSignal = new Signal<[record: MigrationRecord]>();
  readonly onFinished: Hook<[record: MigrationRecord]> = this.finishedSignal;

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'random' | 'records' | 'scenario' | 'state'>,
    vms: VmLifecycle,
    private readonly nodes: NodeLifecycle,
    private readonly storage: StorageReach,
  ) {
    this.host = {
      ctx,
      vms,
      storage,
      finished: (m) => {
        for (const [vm, running] of this.running) if (running === m) this.running.delete(vm);
        this.endActivity(m.record);
        this.startQueued();
      },
      arrived: (m) => this.arrivedSignal.emit(m.record),
      groupLeft: (vms, node, reason) => this.groupLeft.emit(vms, node, reason),
    };
    // A VM written at new rates: the dirty bitmap of its live migration must see its writes so far
    // at the old ones, and the next at the new.
    vms.onWorkloadChange.connect((vm) => {
      const moving = this.running.get(vm.name);
      if (moving instanceof LiveMigration) moving.workloadChanged();
    });
  }

  /** Live migrations in progress (for views: pass, progress, dirty density). */
  liveMigrations(): LiveMigration[] {
    return [...this.running.values()].filter((m): m is LiveMigration => m instanceof LiveMigration);
  }

  /** Migrations in progress (live and quick), each once. */
  inProgress(): (LiveMigration | QuickMigration)[] {
    return [...new Set(this.running.values())];
  }

  /** Live migration requests waiting for a free slot, in request order. */
  queued(): MigrationRecord[] {
    return this.queue.map((p) => p.record);
  }

  /** The migration moving this VM (running or queued), if any. */
  migrationOf(vm: string): LiveMigration | QuickMigration | MigrationRecord | undefined {
    return this.running.get(vm) ?? this.queue.find((p) => p.vm.name === vm)?.record;
  }

  isMoving(vm: string): boolean {
    return this.migrationOf(vm) !== undefined;
  }

  requestLive(vmName: string, to: string, cause: 'request' | 'drain' = 'request'): MigrationRecord {
    const vm = this.ctx.state.vm(vmName);
    const record = this.newRecord(vm, 'live', to, cause);
    const plan = this.planLive(vm, to, this.isMoving(vmName));
    if ('reason' in plan) return this.reject(record, plan.reason);
    const waits = this.whyWait(vm.node, to);
    if (waits === null) this.startLive(record, vm, plan.network);
    else {
      record.outcome = 'queued';
      this.queue.push({ record, vm });
      this.ctx.emit({ kind: 'migration.queued', subject: vm.name, reason: waits });
    }
    return record;
  }

  /** A quick migration by hand: the VM's group is saved, moved and restored (whatever its offline action). */
  requestQuick(vmName: string, to: string): MigrationRecord {
    return this.requestGroupMove(vmName, to, 'save', 'request');
  }

  requestMove(vmName: string, to: string, cause: 'failback' | 'stopClusterService'): MigrationRecord {
    return this.requestGroupMove(vmName, to, 'offlineAction', cause);
  }

  movingAwayFrom(node: string): number {
    let n = this.queue.filter((p) => p.record.from === node).length;
    for (const m of this.inProgress()) {
      if (m.record.from !== node) continue;
      if (m instanceof LiveMigration || !m.moved) n++;
    }
    return n;
  }

  private requestGroupMove(vmName: string, to: string, mode: GroupMoveMode, cause: MigrationCause): MigrationRecord {
    const vm = this.ctx.state.vm(vmName);
    const record = this.newRecord(vm, 'quick', to, cause, mode === 'save' ? 'save' : vm.spec.offlineAction);
    const plan = this.planQuick(record, vm, this.isMoving(vmName), mode);
    if ('reason' in plan) return this.reject(record, plan.reason);
    const { quick } = plan;
    for (const name of quick.group) this.running.set(name, quick);
    quick.start();
    return record;
  }

  preflight(vmName: string, kind: MigrationKind): TargetVerdict[] {
    const vm = this.ctx.state.vm(vmName);
    const busy = this.isMoving(vmName);
    return [...this.ctx.state.nodes.keys()].map((to): TargetVerdict => {
      if (kind === 'quick') {
        // A record that is never kept: the quick migration's checks read only where it goes.
        const plan = this.planQuick(draftRecord(vm, 'quick', to, this.ctx.kernel.now, 'request', 'save'), vm, busy, 'save');
        return 'reason' in plan ? refused(to, plan.reason) : { node: to, eligible: true, reason: null, network: null, waits: null };
      }
      const plan = this.planLive(vm, to, busy);
      if ('reason' in plan) return refused(to, plan.reason);
      return { node: to, eligible: true, reason: null, network: plan.network, waits: this.whyWait(vm.node, to) };
    });
  }

  /**
   * Pauses the node and live-migrates its running VMs away, each to the most preferred node that
   * can take it (placement.ts, mode `move`: possible owners only, anti-affinity as a preference,
   * counting the VMs this drain has already sent).
   */
  drain(node: string): void {
    const n = this.ctx.state.node(node);
    if (n.status === 'down') throw new ActionRejected(`${node} is down`);
    if (n.status === 'paused') throw new ActionRejected(`${node} is already paused`);
    if (n.status === 'joining') throw new ActionRejected(`${node} is still joining the cluster`);
    if (n.stopping) throw new ActionRejected(`the cluster service of ${node} is stopping: its roles are already moving away`);
    this.nodes.setStatus(n, 'paused', 'drain: pausing and moving its roles away');
    // Memory promised to VMs that will move during this drain, per target.
    const promised = new Map<string, number>();
    // The VMs sent to each node by this drain, not there yet (anti-affinity counts them there).
    const placed = new Map<string, VmRuntime[]>();
    for (const vm of this.ctx.state.vmsOn(node)) {
      if (vm.status !== 'running' || this.isMoving(vm.name)) continue;
      const choice = choosePlacement(this.ctx, vm, { mode: 'move', exclude: vm.node, promised, placed });
      if (choice.node === null) {
        const record = this.newRecord(vm, 'live', node, 'drain');
        this.fail(record, `no other node can take ${vm.name}: ${choice.reasons.join('; ')}`);
        continue;
      }
      const target = choice.node;
      promised.set(target, (promised.get(target) ?? 0) + vm.spec.memory);
      placed.set(target, [...(placed.get(target) ?? []), vm]);
      try {
        this.requestLive(vm.name, target, 'drain');
      } catch (err) {
        // Already recorded as a failed migration with its reason; the drain goes on.
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
  }

  resume(node: string): void {
    const n = this.ctx.state.node(node);
    if (n.status !== 'paused') throw new ActionRejected(`${node} is ${n.status}, not paused`);
    this.nodes.setStatus(n, 'up', 'resumed: may host roles again');
  }

  /**
   * A node went down: live migrations to it fail (the VM stays on the source); those from it
   * fail too (the VM went down with its node; failover takes it from there), except a quick
   * migration whose group already reached the target. A quick migration that fails after its save
   * hands its saved VMs to the cluster (onGroupLeft). Queued ones that
   * involve it fail first: the node is not shown down yet (the caller does that next), so the
   * slots the running ones free must not start a queued migration to or from it.
   */
  nodeDown(node: string): void {
    for (let i = 0; i < this.queue.length; ) {
      const { record } = this.queue[i];
      if (record.from === node || record.to === node) {
        this.queue.splice(i, 1);
        this.fail(record, record.to === node ? `target node ${node} went down` : `source node ${node} went down`);
      } else i++;
    }
    for (const m of new Set(this.running.values())) {
      const { from, to } = m.record;
      if (to === node) {
        if (m instanceof QuickMigration) m.fail(`target node ${node} went down`, node);
        else m.fail(`target node ${node} went down`);
      } else if (from === node) {
        // A quick migration whose group is already on the target no longer depends on the source.
        if (m instanceof QuickMigration) {
          if (!m.moved) m.fail(`source node ${node} went down`, node);
        }
        // The VM went down with its source: it does not resume there (health/ fails it over).
        else m.fail(`source node ${node} went down`, true);
      }
    }
  }

  diskFailed(disk: string, reason: string): void {
    for (let i = 0; i < this.queue.length; ) {
      const { record, vm } = this.queue[i];
      if (vm.spec.disk === disk) {
        this.queue.splice(i, 1);
        this.fail(record, reason);
      } else i++;
    }
    for (const m of new Set(this.running.values())) if (m instanceof LiveMigration && m.vm.spec.disk === disk) m.fail(reason, true);
  }

  /**
   * Whether `vm` can be live-migrated to `to` now and, if so, over which network: asked when the
   * migration is requested, and again when a queued one gets its slot (the cluster may have
   * changed meanwhile).
   */
  private planLive(vm: VmRuntime, to: string, busy: boolean): { network: string } | { reason: string } {
    const { state } = this.ctx;
    const why = checkVmMovable(state, vm, to, busy) ?? checkPossibleOwner(vm, to) ?? checkTarget(state, to, vm.spec.memory, vm.name) ?? checkStorage(this.storage, vm, to);
    if (why) return { reason: why };
    const disk = state.disk(vm.spec.disk);
    if (!disk.spec.csv) {
      const others = state.vmsOn(vm.node).filter((v) => v !== vm && v.spec.disk === disk.name);
      if (others.length > 0) return { reason: `${disk.name} is a classic disk shared with ${others.map((v) => v.name).join(', ')}: they can only move together, by quick migration` };
    }
    return chooseLiveMigrationNetwork(this.ctx.scenario.settings, this.ctx.network, vm, to);
  }

  /**
   * Whether `vm` can be quick-migrated as `record` says now: the quick migration that would do
   * it (built, not started: building it changes nothing), or the reason it cannot.
   */
  private planQuick(record: MigrationRecord, vm: VmRuntime, busy: boolean, mode: GroupMoveMode): { quick: QuickMigration } | { reason: string } {
    const why = checkVmMovable(this.ctx.state, vm, record.to, busy);
    if (why) return { reason: why };
    const quick = new QuickMigration(this.host, record, vm, mode);
    const groupWhy = quick.preflight();
    return groupWhy ? { reason: groupWhy } : { quick };
  }

  /** Null when both nodes have a live-migration slot free now; else why the migration would wait. */
  private whyWait(from: string, to: string): string | null {
    if (this.hasSlot(from) && this.hasSlot(to)) return null;
    const busy = this.hasSlot(from) ? to : from;
    return `${busy} is already in ${this.ctx.scenario.settings.liveMigration.maxConcurrentPerNode} live migration(s)`;
  }

  private startLive(record: MigrationRecord, vm: VmRuntime, network: string): void {
    record.network = network;
    const migration = new LiveMigration(this.host, record, vm, this.ctx.random.fork(`live:${vm.name}:${this.started++}`));
    this.running.set(vm.name, migration);
    migration.start();
  }

  private hasSlot(node: string): boolean {
    const limit = this.ctx.scenario.settings.liveMigration.maxConcurrentPerNode;
    let n = 0;
    for (const m of this.running.values()) if (m instanceof LiveMigration && (m.record.from === node || m.record.to === node)) n++;
    return n < limit;
  }

  /** Starts, in request order, every queued migration whose two nodes now have a free slot. */
  private startQueued(): void {
    for (let i = 0; i < this.queue.length; ) {
      const { record, vm } = this.queue[i];
      if (this.hasSlot(record.from) && this.hasSlot(record.to)) {
        this.queue.splice(i, 1);
        const plan = this.planLive(vm, record.to, false);
        if ('reason' in plan) this.fail(record, plan.reason);
        else this.startLive(record, vm, plan.network);
      } else i++;
    }
  }

  /** A request's record, kept in the run's records and logged as requested. */
  private newRecord(vm: VmRuntime, type: MigrationKind, to: string, cause: MigrationCause, offlineAction: OfflineAction | null = null): MigrationRecord {
    const record = draftRecord(vm, type, to, this.ctx.kernel.now, cause, offlineAction);
    this.ctx.records.migrations.push(record);
    this.activityEnds.set(record, this.ctx.activities.begin(`${type} migration of ${vm.name}`));
    this.ctx.emit({ kind: 'migration.requested', subject: vm.name, type, from: vm.node, to });
    return record;
  }

  /** A request that never started fails: its VM stays where it is, on the source. */
  private fail(record: MigrationRecord, reason: string): void {
    record.outcome = 'failed';
    record.reason = reason;
    record.completedAt = this.ctx.kernel.now;
    record.leftOn = record.from;
    this.ctx.emit({ kind: 'migration.failed', subject: record.vm, type: record.type, reason });
    this.endActivity(record);
  }

  private endActivity(record: MigrationRecord): void {
    const end = this.activityEnds.get(record);
    if (!end) return;
    end();
    this.activityEnds.delete(record);
    this.finishedSignal.emit(record);
  }

  /** A request that fails its checks: recorded as a failed migration, and the action refused. */
  private reject(record: MigrationRecord, reason: string): never {
    this.fail(record, reason);
    throw new ActionRejected(reason);
  }
}

/** A migration record as a request starts it: queued, nothing moved yet. Kept nowhere. */
function draftRecord(vm: VmRuntime, type: MigrationKind, to: string, now: number, cause: MigrationCause, offlineAction: OfflineAction | null): MigrationRecord {
  return {
    vm: vm.name,
    type,
    from: vm.node,
    to,
    network: null,
    requestedAt: now,
    startedAt: null,
    completedAt: null,
    outcome: 'queued',
    reason: null,
    passes: [],
    stopReason: null,
    finalPages: 0,
    blackout: null,
    setup: null,
    cleanup: null,
    clientsDisconnected: 0,
    movedWith: [],
    lostPages: null,
    cause,
    offlineAction,
    lostBytes: 0,
  };
}

function refused(node: string, reason: string): TargetVerdict {
  return { node, eligible: false, reason, network: null, waits: null };
}
