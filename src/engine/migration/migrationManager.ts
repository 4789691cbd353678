import type { VmRuntime } from '../model/clusterState';
import { ActionRejected } from '../simulation/actionRejected';
import type { MigrationRecord } from '../simulation/records';
import type { Simulation } from '../simulation/simulation';
import { setNodeStatus } from '../simulation/nodeLifecycle';
import { checkStorage, checkTarget, checkVmMovable, chooseLiveMigrationNetwork } from './checks';
import { LiveMigration } from './liveMigration';
import { choosePlacement } from './placement';
import { QuickMigration } from './quickMigration';
import type { MigrationHost } from './migrationHost';

interface Pending {
  readonly record: MigrationRecord;
  readonly vm: VmRuntime;
}

/**
 * Takes migration requests (timeline, user, drain), checks them, starts them within
 * `maxConcurrentPerNode` (a node takes part in that many live migrations at once, as source or
 * target; further requests wait in order and start when a slot frees), and tells the cluster
 * when nodes a migration depends on go away.
 */
export class MigrationManager {
  private readonly running = new Map<string, LiveMigration | QuickMigration>();
  private readonly queue: Pending[] = [];
  private started = 0;
  /** Each requested migration keeps the run going until it has completed or failed. */
  private readonly activityEnds = new Map<MigrationRecord, () => void>();
  private readonly host: MigrationHost<LiveMigration | QuickMigration>;

  constructor(private readonly sim: Simulation) {
    sim.migrations = this;
    this.host = {
      sim,
      finished: (m) => {
        for (const [vm, running] of this.running) if (running === m) this.running.delete(vm);
        this.endActivity(m.record);
        this.startQueued();
      },
    };
    sim.handle('liveMigrate', (a) => this.requestLive(a.vm, a.to));
    sim.handle('quickMigrate', (a) => this.requestQuick(a.vm, a.to));
    sim.handle('drainNode', (a) => this.drain(a.node));
    sim.handle('resumeNode', (a) => this.resume(a.node));
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

  requestLive(vmName: string, to: string): MigrationRecord {
    const vm = this.sim.state.vm(vmName);
    const record = this.newRecord(vm, 'live', to);
    const why = checkVmMovable(this.sim, vm, to, this.isMoving(vmName)) ?? this.preflightLive(vm, to);
    if (why) return this.reject(record, why);
    if (this.hasSlot(vm.node) && this.hasSlot(to)) this.startLive(record, vm);
    else {
      record.outcome = 'queued';
      this.queue.push({ record, vm });
      const busy = this.hasSlot(vm.node) ? to : vm.node;
      this.sim.emit({ kind: 'migration.queued', subject: vm.name, reason: `${busy} is already in ${this.sim.scenario.settings.liveMigration.maxConcurrentPerNode} live migration(s)` });
    }
    return record;
  }

  requestQuick(vmName: string, to: string): MigrationRecord {
    const vm = this.sim.state.vm(vmName);
    const record = this.newRecord(vm, 'quick', to);
    const why = checkVmMovable(this.sim, vm, to, this.isMoving(vmName));
    if (why) return this.reject(record, why);
    const quick = new QuickMigration(this.host, record, vm);
    const groupWhy = quick.preflight();
    if (groupWhy) return this.reject(record, groupWhy);
    for (const name of quick.group) this.running.set(name, quick);
    quick.start();
    return record;
  }

  /** Pauses the node and live-migrates its running VMs away, to preferred owners with room. */
  drain(node: string): void {
    const n = this.sim.state.node(node);
    if (n.status === 'down') throw new ActionRejected(`${node} is down`);
    if (n.status === 'paused') throw new ActionRejected(`${node} is already paused`);
    if (n.status === 'joining') throw new ActionRejected(`${node} is still joining the cluster`);
    setNodeStatus(this.sim, n, 'paused', 'drain: pausing and moving its roles away');
    // Memory promised to VMs that will move during this drain, per target.
    const promised = new Map<string, number>();
    for (const vm of this.sim.state.vmsOn(node)) {
      if (vm.status !== 'running' || this.isMoving(vm.name)) continue;
      const target = this.placementFor(vm, promised);
      if (target === null) {
        const record = this.newRecord(vm, 'live', node);
        this.fail(record, `no other node that is up has ${vm.name}'s memory free`);
        continue;
      }
      promised.set(target, (promised.get(target) ?? 0) + vm.spec.memory);
      try {
        this.requestLive(vm.name, target);
      } catch (err) {
        // Already recorded as a failed migration with its reason; the drain goes on.
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
  }

  resume(node: string): void {
    const n = this.sim.state.node(node);
    if (n.status !== 'paused') throw new ActionRejected(`${node} is ${n.status}, not paused`);
    setNodeStatus(this.sim, n, 'up', 'resumed: may host roles again');
  }

  /**
   * A node went down: live migrations to it fail (the VM stays on the source); those from it
   * fail too (the VM went down with its node; failover takes it from there). Queued ones that
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
      if (to === node) m.fail(`target node ${node} went down`);
      // The VM went down with its source: it does not resume there (health/ fails it over).
      else if (from === node) m.fail(`source node ${node} went down`, true);
    }
  }

  /** The first node in the VM's preferred owners, then the rest in file order, that can take it. */
  private placementFor(vm: VmRuntime, promised: ReadonlyMap<string, number>): string | null {
    return choosePlacement(this.sim, vm, { exclude: vm.node, promised }).node;
  }

  private preflightLive(vm: VmRuntime, to: string): string | null {
    const target = checkTarget(this.sim, to, vm.spec.memory, vm.name);
    if (target) return target;
    const storage = checkStorage(this.sim, vm, to);
    if (storage) return storage;
    const disk = this.sim.state.disk(vm.spec.disk);
    if (!disk.spec.csv) {
      const others = this.sim.state.vmsOn(vm.node).filter((v) => v !== vm && v.spec.disk === disk.name);
      if (others.length > 0) return `${disk.name} is a classic disk shared with ${others.map((v) => v.name).join(', ')}: they can only move together, by quick migration`;
    }
    const net = chooseLiveMigrationNetwork(this.sim, vm, to);
    return 'reason' in net ? net.reason : null;
  }

  private startLive(record: MigrationRecord, vm: VmRuntime): void {
    const why = checkVmMovable(this.sim, vm, record.to, false) ?? this.preflightLive(vm, record.to);
    if (why) {
      this.fail(record, why);
      return;
    }
    const net = chooseLiveMigrationNetwork(this.sim, vm, record.to) as { network: string };
    record.network = net.network;
    const migration = new LiveMigration(this.host, record, vm, this.sim.random.fork(`live:${vm.name}:${this.started++}`));
    this.running.set(vm.name, migration);
    migration.start();
  }

  private hasSlot(node: string): boolean {
    const limit = this.sim.scenario.settings.liveMigration.maxConcurrentPerNode;
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
        this.startLive(record, vm);
      } else i++;
    }
  }

  private newRecord(vm: VmRuntime, type: 'live' | 'quick', to: string): MigrationRecord {
    const record: MigrationRecord = {
      vm: vm.name,
      type,
      from: vm.node,
      to,
      network: null,
      requestedAt: this.sim.now,
      startedAt: null,
      completedAt: null,
      outcome: 'queued',
      reason: null,
      passes: [],
      stopReason: null,
      finalPages: 0,
      blackout: null,
      clientsDisconnected: 0,
      movedWith: [],
      lostPages: null,
    };
    this.sim.records.migrations.push(record);
    this.activityEnds.set(record, this.sim.activities.begin(`${type} migration of ${vm.name}`));
    this.sim.emit({ kind: 'migration.requested', subject: vm.name, type, from: vm.node, to });
    return record;
  }

  private fail(record: MigrationRecord, reason: string): void {
    record.outcome = 'failed';
    record.reason = reason;
    record.completedAt = this.sim.now;
    this.sim.emit({ kind: 'migration.failed', subject: record.vm, type: record.type, reason });
    this.endActivity(record);
  }

  private endActivity(record: MigrationRecord): void {
    this.activityEnds.get(record)?.();
    this.activityEnds.delete(record);
  }

  /** A request that fails its checks: recorded as a failed migration, and the action refused. */
  private reject(record: MigrationRecord, reason: string): never {
    this.fail(record, reason);
    throw new ActionRejected(reason);
  }
}
