/**
 * The storage module: Cluster Shared Volumes (access per node, coordinator, maintenance mode,
 * backups, repairs, coordinator moves with their I/O pause) and the VMs' disk I/O as flows. The
 * composition root builds it; other modules are handed it as the narrow interfaces below, views
 * read it as `sim.storage` (and the access tracker also as `sim.csvAccess`).
 *
 * Actions it carries out, each refused with ActionRejected (logged as 'action.rejected', the run
 * goes on) when the cluster would refuse it:
 * - `maintenance` {disk, on}: maintenance mode by hand (on a CSV its VMs go offline meanwhile,
 *   vm/clusterOffline.ts; on a classic disk they stay online);
 * - `redirectedAccess` {disk, on}: redirected access by hand, the VMs keep running;
 * - `moveCoordinator` {disk, to}: the role moves, I/O pauses on every node for the move;
 * - `repairVolume` {disk, task, duration, node?}: the volume moves to `node`, maintenance on, the
 *   chkdsk or defrag, off again;
 * - `backup` {disk, duration, node?}: the volume moves to `node` (and stays), redirected access on
 *   every node but the coordinator meanwhile.
 * Backups, repairs and coordinator moves keep a run without a fixed duration going until they end.
 *
 * Inside: the groups of VM disk I/O (csvIoGroups.ts), then the access tracker (csvAccess.ts), which
 * reads the I/O queued during its pauses from them, then the flows (csvIo.ts), which follow the
 * tracker's access; each is handed what was built before it.
 */
import { ActionRejected } from '../model/actionRejected';
import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import { CsvAccessTracker, type CoordinatorFailover, type CsvAccessView, type RepairTask } from './csvAccess';
import { CsvIoModel, type NodeIoRates } from './csvIo';
import { CsvIoGroups } from './csvIoGroups';

/** Whether a node reaches a disk: what migrations, failover and a VM's save or restore ask first. */
export interface StorageReach {
  /** `node` can do I/O on `disk` now: over its own path, or (a CSV) redirected through the coordinator. */
  reaches(node: string, disk: string): boolean;
  /**
   * Why `node` cannot move memory to or from `disk` over its own storage path now (a save or a
   * restore is a storage flow from the node itself, never redirected), or null when it can.
   */
  whyNoOwnPath(node: string, disk: string): string | null;
}

/** What the health module does with the CSV coordinators once it knows a node is gone. */
export interface CoordinatorRoles {
  readonly disks: readonly string[];
  /** True while a volume's I/O waits for someone to move the role of its dead coordinator. */
  isAwaitingCoordinator(disk: string): boolean;
  coordinator(disk: string): string;
  /** The first member (in file order, never `exclude`) with direct access to `disk`, or null. */
  pickCoordinator(disk: string, exclude?: string | null): string | null;
  moveCoordinator(disk: string, to: string, reason?: string, detail?: string | null): void;
}

/** What views and the invariant checks read of the storage module. */
export interface StorageView {
  readonly access: CsvAccessView;
  rates(disk: string, node: string): NodeIoRates;
  violations(): string[];
}

export class StorageManager implements StorageReach, CoordinatorRoles, StorageView {
  readonly access: CsvAccessTracker;
  readonly io: CsvIoModel;

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'records' | 'scenario' | 'state'>,
    nodes: Pick<NodeLifecycle, 'onStatusChange'>,
    vms: Pick<VmLifecycle, 'onStatusChange' | 'onWorkloadChange'>,
    options: { readonly coordinatorFailover: CoordinatorFailover },
  ) {
    const groups = new CsvIoGroups(ctx);
    this.access = new CsvAccessTracker(ctx, nodes, groups, options.coordinatorFailover);
    this.io = new CsvIoModel(ctx, vms, this.access, groups);
  }

  reaches(node: string, disk: string): boolean {
    // A CSV: the access tracker knows whether the coordinator itself still reaches the disk.
    if (this.access.isCsv(disk)) return this.access.canAccess(disk, node);
    return this.ctx.network.whyCannotReachStorage(node, disk) === null;
  }

  whyNoOwnPath(node: string, disk: string): string | null {
    const why = this.ctx.network.whyCannotReachStorage(node, disk);
    return why === null ? null : `${node} has no direct access to ${disk}: ${why}`;
  }

  /** The names of the CSVs, in file order. */
  get disks(): readonly string[] {
    return this.access.disks;
  }

  isAwaitingCoordinator(disk: string): boolean {
    return this.access.isAwaitingCoordinator(disk);
  }

  coordinator(disk: string): string {
    return this.access.coordinator(disk);
  }

  /**
   * Moves the coordinator role of Cluster Shared Volume `disk` to node `to`, with the pause of a
   * coordinator move: the role changes now, I/O pauses and queues on every node while the new
   * coordinator mounts the volume (0.3 s; 0.4 s when the old coordinator is still a member with
   * its path and dismounts first), then resumes; the report's `volumes[].paused` gets the interval
   * and its `queuedIos`. `reason` is the token of the 'csv.coordinator' event ('moveCoordinator' by
   * hand; e.g. 'nodeDown' for a failover), `detail` its sentence (a default one when omitted).
   *
   * For the failover module: with `coordinatorFailover = 'deferred'`, a coordinator whose node
   * goes down is not replaced at once; every node's I/O pauses from the crash until this is called
   * (typically `moveCoordinator(disk, pickCoordinator(disk), 'nodeDown')` once the failure is
   * detected), and that one pause, crash to mount, is what the report shows.
   *
   * Throws ActionRejected when refused: `disk` not a CSV, `to` unknown, not a member, already the
   * coordinator, without direct access to the disk, or a move of this volume already under way.
   */
  moveCoordinator(disk: string, to: string, reason = 'moveCoordinator', detail: string | null = null): void {
    this.access.moveCoordinator(disk, to, reason, detail);
  }

  /** The first member node, in file order, with direct access to `disk` (never `exclude`): where the role would go now. */
  pickCoordinator(disk: string, exclude: string | null = null): string | null {
    return this.access.pickCoordinator(disk, exclude);
  }

  /** What happens to the coordinator role when its node goes down (see CoordinatorFailover). */
  get coordinatorFailover(): CoordinatorFailover {
    return this.access.coordinatorFailover;
  }

  /** For tests of the storage model alone; the composition root chooses it for a run. */
  set coordinatorFailover(value: CoordinatorFailover) {
    this.access.coordinatorFailover = value;
  }

  /** Classic disks in maintenance: health checking is off, nothing else changes for their VMs. */
  private readonly classicMaintenance = new Set<string>();

  /**
   * Maintenance by hand. A CSV: see CsvAccessTracker.setMaintenance (its VMs go offline). A
   * classic disk: "turning on maintenance leaves dependent resources online" (Suspend-ClusterResource,
   * 2008 R2), so only the flag changes. Throws ActionRejected when refused.
   */
  setMaintenance(disk: string, on: boolean): void {
    if (this.access.isCsv(disk)) {
      this.access.setMaintenance(disk, on);
      return;
    }
    if (!this.ctx.state.disks.has(disk)) throw new ActionRejected(`no disk named "${disk}"`);
    if (on === this.classicMaintenance.has(disk)) throw new ActionRejected(on ? `${disk} is already in maintenance mode` : `${disk} is not in maintenance mode`);
    if (on) this.classicMaintenance.add(disk);
    else this.classicMaintenance.delete(disk);
    this.ctx.emit({
      kind: 'disk.maintenance',
      subject: disk,
      on,
      reason: 'maintenance',
      detail: on
        ? `maintenance mode is on for the classic disk ${disk}: the cluster stops checking its health; its VMs stay online`
        : `maintenance mode is off for ${disk}: the cluster checks its health again`,
    });
  }

  setRedirectedAccess(disk: string, on: boolean): void {
    this.access.setRedirectedAccess(disk, on);
  }

  /** A backup run from `node` (null: the coordinator), which the volume moves to first and stays on. */
  startBackup(disk: string, duration: number, node: string | null = null): void {
    this.access.startBackup(disk, duration, node);
  }

  /** Repair-ClusterSharedVolume run on `node` (null: the coordinator), which the volume moves to first. */
  startRepair(disk: string, task: RepairTask, duration: number, node: string | null = null): void {
    this.access.startRepair(disk, task, duration, node);
  }

  /** Throughput and demand of `node`'s VMs on `disk` now, bytes per second. */
  rates(disk: string, node: string): NodeIoRates {
    return this.io.rates(disk, node);
  }

  /** Brings the report's per-node I/O figures (`volumes[].nodes`) up to now. */
  settle(): void {
    this.io.settle();
  }

  /** Broken promises of the storage model (see invariants.ts). */
  violations(): string[] {
    return this.io.violations();
  }
}
