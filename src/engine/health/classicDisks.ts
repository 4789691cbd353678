/**
 * A classic (non-CSV) cluster disk whose owner loses its storage path, as a Windows Server 2008 R2
 * cluster handles its Physical Disk resource:
 *
 * - The disk resource fails at once on its owner (a CSV would switch that node to redirected
 *   access instead; a classic disk has no other way to the LUN). The VMs on it stop with it,
 *   crash-consistent: a VM resource depends on its disk, so it fails too (failover records with
 *   cause `diskFailed`, `lostBytes` as for a crash). Their live migrations fail.
 * - The cluster restarts the resource on the same node: one restart within 15 minutes
 *   (RESTART_THRESHOLD in RESTART_PERIOD, 2008 R2's defaults, KB 947712); the attempt takes the
 *   time to bring the disk online (DISK_ONLINE_TIME, a modelling choice: 2008 R2 has no restart
 *   delay). If the node reaches the disk again by then, the disk is online there and the VMs boot
 *   there.
 * - Otherwise (or a second failure within the period), RestartAction fails the group over: the
 *   VMs are placed as any failover (failover.ts: preferred owners, then file order, a node that
 *   reaches the disk), the disk comes online where the first one goes and the others follow it.
 *   If no node reaches the disk, the group stays failed with the reason, and is placed as soon as
 *   the cluster changes (a path restored, a node joining).
 *
 * The witness disk is the quorum's business (quorum.ts), not a group's: it is not watched here.
 */
import type { NodeRuntime } from '../model/clusterState';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsForHealth } from '../migration/migrationManager';
import { DISK_ONLINE_TIME } from '../migration/constants';
import { formatDuration } from '../../format/quantities';
import type { FailoverManager } from './failover';

/** Restarts of a failed resource on its node within RESTART_PERIOD before its group fails over (2008 R2 default, KB 947712). */
export const RESTART_THRESHOLD = 1;

/** The period RESTART_THRESHOLD counts restarts in, seconds (2008 R2 default: 15 minutes, KB 947712). */
export const RESTART_PERIOD = 900;

/** How long one restart attempt of the disk resource on its node takes (the disk coming online). */
export const RESTART_ATTEMPT_TIME = DISK_ONLINE_TIME;

interface Failure {
  /** The node the disk failed on. */
  readonly node: string;
  /** A restart attempt is under way on `node`. */
  restarting: boolean;
}

/** Watches the classic disks' owners; built and driven by the health monitor (at every regroup). */
export class ClassicDisks {
  /** Disks whose resource has failed and not come online again, with where. */
  private readonly failed = new Map<string, Failure>();
  /** Per disk, when it was restarted on its node (for the restart threshold). */
  private readonly restarts = new Map<string, number[]>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'scenario' | 'state'>,
    private readonly vms: Pick<VmLifecycle, 'moveTo'>,
    private readonly migrations: Pick<MigrationsForHealth, 'diskFailed' | 'isMoving'>,
    private readonly failover: Pick<FailoverManager, 'stopForDisk' | 'releaseDisk'>,
    private readonly isMember: (node: string) => boolean,
  ) {}

  /** Whether the resource of classic disk `disk` is failed now (views, tests). */
  isFailed(disk: string): boolean {
    return this.failed.has(disk);
  }

  /**
   * Fails the disks whose owner lost its storage path, and tells when a failed disk came online
   * again with its group (placed by the failover module). Called at every regroup, before the
   * failovers are placed.
   */
  check(): void {
    for (const disk of this.ctx.state.disks.values()) {
      if (disk.spec.csv || disk.spec.role === 'witness') continue;
      if (this.failed.has(disk.name)) continue;
      const owner = disk.owner;
      // Offline while it moves (a migration has it): the move checks the path itself.
      if (owner === null || !disk.online || !this.isMember(owner)) continue;
      const why = this.ctx.network.whyCannotReachStorage(owner, disk.name);
      if (why === null) continue;
      if ([...this.ctx.state.vms.values()].some((v) => v.spec.disk === disk.name && v.status !== 'running' && v.holdsMemory && this.migrations.isMoving(v.name))) continue;
      this.fail(disk.name, owner, why);
    }
  }

  /** After the failovers were placed: a failed disk that is online again (its group placed) is announced. */
  settle(): void {
    for (const [name, f] of this.failed) {
      if (f.restarting) continue;
      const disk = this.ctx.state.disk(name);
      if (!disk.online || disk.owner === null) continue;
      this.failed.delete(name);
      const same = disk.owner === f.node;
      this.ctx.emit({
        kind: 'disk.state',
        subject: name,
        online: true,
        node: disk.owner,
        reason: same ? 'restarted' : 'failedOver',
        detail: same ? `${name} is online on ${disk.owner} again` : `${name} is online on ${disk.owner}: its group failed over from ${f.node}`,
      });
    }
  }

  private fail(name: string, node: string, why: string): void {
    const { ctx } = this;
    const disk = ctx.state.disk(name);
    const reason = `${name} failed on ${node}: ${why}`;
    this.migrations.diskFailed(name, reason);
    const stopped = this.failover.stopForDisk(name, node, reason);
    // Offline once its VMs have stopped, so every logged event shows a consistent cluster.
    disk.online = false;
    const now = ctx.kernel.now;
    const recent = (this.restarts.get(name) ?? []).filter((t) => t > now - RESTART_PERIOD);
    this.restarts.set(name, recent);
    const restart = recent.length < RESTART_THRESHOLD;
    const vmsWord = stopped.length === 0 ? '' : `; ${stopped.map((v) => v.name).join(', ')} stopped with it (crash-consistent)`;
    const next = restart
      ? `the cluster restarts it on ${node}`
      : `it was already restarted ${recent.length} time(s) in the last ${formatDuration(RESTART_PERIOD)} (at most ${RESTART_THRESHOLD}): its group fails over`;
    ctx.emit({ kind: 'disk.state', subject: name, online: false, node, reason: 'storagePathLost', detail: `${reason}${vmsWord}; ${next}` });
    const failure: Failure = { node, restarting: restart };
    this.failed.set(name, failure);
    if (!restart) {
      this.failOver(name);
      return;
    }
    recent.push(now);
    const done = ctx.activities.begin(`${name} restart on ${node}`);
    ctx.kernel.after(RESTART_ATTEMPT_TIME, () => {
      done();
      failure.restarting = false;
      const lost = ctx.network.whyCannotReachStorage(node, name);
      if (lost === null && this.isMember(node)) {
        // Online again where it was: its VMs boot there (the failover module keeps them with it).
        disk.online = true;
        this.failover.releaseDisk(name);
        this.settle();
        return;
      }
      const cause = lost ?? `${node} is no longer a cluster member`;
      ctx.emit({ kind: 'disk.state', subject: name, online: false, node, reason: 'restartFailed', detail: `the restart of ${name} on ${node} failed (${cause}): its group fails over` });
      this.failOver(name);
    }, `${name} restart on ${node}`);
  }

  /**
   * RestartAction: the group fails over. Its VMs are placed by the failover module (the disk
   * comes online where the first goes); a group with no VM to place takes the disk to the first
   * member node, in file order, that reaches it.
   */
  private failOver(name: string): void {
    const { ctx } = this;
    const disk = ctx.state.disk(name);
    this.failover.releaseDisk(name);
    if (!disk.online) {
      const waiting = [...ctx.state.vms.values()].some((v) => v.spec.disk === name && v.status === 'failed');
      const to = waiting ? null : [...ctx.state.nodes.values()].find((n: NodeRuntime) => this.isMember(n.name) && ctx.network.whyCannotReachStorage(n.name, name) === null);
      if (to) {
        disk.owner = to.name;
        disk.online = true;
        for (const v of ctx.state.vms.values()) if (v.spec.disk === name && !v.holdsMemory) this.vms.moveTo(v, to.name);
      }
    }
    this.settle();
  }
}
