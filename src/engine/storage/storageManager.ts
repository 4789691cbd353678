/**
 * The storage module: Cluster Shared Volumes (access per node, coordinator, maintenance mode,
 * backups, repairs, coordinator moves with their I/O pause) and the VMs' disk I/O as flows.
 * createSimulation attaches it; other modules and views reach it as `sim.storage` (and the access
 * tracker also as `sim.csvAccess`).
 *
 * Timeline actions it handles, each refused with ActionRejected (logged as 'action.rejected', the
 * run goes on) when the cluster would refuse it:
 * - `maintenance` {disk, on}: maintenance mode by hand;
 * - `moveCoordinator` {disk, to}: the role moves, I/O pauses on every node for the move;
 * - `repairVolume` {disk, task, duration}: maintenance mode on, the chkdsk or defrag, off again;
 * - `backup` {disk, duration}: redirected access on every node but the coordinator meanwhile.
 * Backups, repairs and coordinator moves keep a run without a fixed duration going until they end.
 */
import type { Simulation } from '../simulation/simulation';
import { CsvAccessTracker, type CoordinatorFailover, type RepairTask } from './csvAccess';
import { CsvIoModel, type NodeIoRates } from './csvIo';

export class StorageManager {
  readonly access: CsvAccessTracker;
  readonly io: CsvIoModel;

  constructor(sim: Simulation) {
    sim.storage = this;
    this.access = new CsvAccessTracker(sim);
    this.io = new CsvIoModel(sim, this.access);
    sim.handle('maintenance', (a) => this.access.setMaintenance(a.disk, a.on));
    sim.handle('moveCoordinator', (a) => this.moveCoordinator(a.disk, a.to));
    sim.handle('repairVolume', (a) => this.access.startRepair(a.disk, a.task, a.duration));
    sim.handle('backup', (a) => this.access.startBackup(a.disk, a.duration));
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

  /** The first member node, in file order, with direct access to `disk`: where the role would go now. */
  pickCoordinator(disk: string): string | null {
    return this.access.pickCoordinator(disk);
  }

  /** What happens to the coordinator role when its node goes down (see CoordinatorFailover). */
  get coordinatorFailover(): CoordinatorFailover {
    return this.access.coordinatorFailover;
  }

  set coordinatorFailover(value: CoordinatorFailover) {
    this.access.coordinatorFailover = value;
  }

  setMaintenance(disk: string, on: boolean): void {
    this.access.setMaintenance(disk, on);
  }

  startBackup(disk: string, duration: number): void {
    this.access.startBackup(disk, duration);
  }

  startRepair(disk: string, task: RepairTask, duration: number): void {
    this.access.startRepair(disk, task, duration);
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

/** Sets up the storage module on a simulation (done by createSimulation). */
export function attachStorage(sim: Simulation): StorageManager {
  return new StorageManager(sim);
}
