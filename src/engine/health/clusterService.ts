/**
 * Stopping and starting the Cluster service on a node (Failover Cluster Manager: the node's More
 * Actions > Stop Cluster Service / Start Cluster Service), as 2008 R2 does it: "When you stop the
 * Cluster service on a node, services or applications on that node will fail over, and the node
 * will stop functioning in the cluster until the Cluster service is restarted."
 *
 * - `stopClusterService`: the node takes no new groups (`stopping`). Each group it owns with a
 *   running VM (a VM, or every VM of a classic disk) moves to the node placement chooses
 *   (migration/placement.ts, the failover order; a node that is up, in the partition with
 *   quorum, with the group's memory free and its disk in reach) by a move of the group through
 *   each VM's offline action (migration/quickMigration.ts, the record's `cause`
 *   "stopClusterService"): saved and restored by default, as field reports of 2008 R2 say ("the
 *   running VMs are put in a saved state"). A VM no node can take is taken offline through its
 *   offline action where it is and stays offline (the report's `offlines`, cause
 *   `clusterServiceStopped`, with the reason). A VM that is off or saved stays where it is.
 * - Once no VM holds memory on the node and nothing moves from it any more, it leaves: each CSV
 *   it coordinates moves to the first other member with direct access (with the pause of a move
 *   by hand), then the health monitor takes it out of the cluster at once (no failure detection:
 *   the others are told), without a vote; the cluster regroups, which may cost quorum.
 * - A node that crashes or loses quorum while its service stops is down for that reason; the
 *   stop is over (a node stopped for lack of quorum rejoins by itself).
 * - `startClusterService`: the node joins again (`joining` until the others see its
 *   heartbeats, then `up`), as after `startNode`; VMs that may fail back to it then do.
 * Refused with the reason: stopping a node that is down, stopped or already stopping; starting
 * one whose service runs, that crashed (startNode), or that is still stopping.
 */
import { Priority } from '../kernel';
import { ActionRejected } from '../model/actionRejected';
import type { VmRuntime } from '../model/clusterState';
import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsForHealth } from '../migration/migrationManager';
import { choosePlacement } from '../migration/placement';
import { formatBytes } from '../../format/quantities';
import type { CoordinatorRoles, StorageReach } from '../storage/storageManager';

/** What stopping a node's cluster service asks of the cluster's membership (the health monitor). */
interface ServiceMembership {
  inQuorum(node: string): boolean;
  isServiceStopped(node: string): boolean;
  leave(node: string, reason: string): void;
  rejoin(node: string): void;
}

/** Takes a VM offline through its offline action for good (vm/clusterOffline.ts); false if it cannot now. */
interface OfflineForGood {
  takeOfflineForGood(vm: string, reason: string): boolean;
  /** The cluster is taking `vm` offline (or has): a guest still shutting down runs until it is off. */
  isTakenOffline(vm: string): boolean;
}

export class ClusterService {
  /** Nodes whose cluster service is stopping, each with the end of the activity that keeps the run going. */
  private readonly stopping = new Map<string, () => void>();
  private sweepQueued = false;

  constructor(
    // `random`: placement may draw a VM's node list (a VM without preferred owners, after 2008 R2).
    private readonly ctx: Pick<RunContext, 'activities' | 'kernel' | 'random' | 'scenario' | 'state'>,
    private readonly nodes: NodeLifecycle,
    vms: Pick<VmLifecycle, 'onStatusChange'>,
    private readonly migrations: Pick<MigrationsForHealth, 'isMoving' | 'requestMove' | 'movingAwayFrom' | 'onArrived' | 'onFinished'>,
    private readonly membership: ServiceMembership,
    private readonly storage: StorageReach & Pick<CoordinatorRoles, 'disks' | 'coordinator' | 'moveCoordinator' | 'pickCoordinator'>,
    private readonly offline: OfflineForGood,
  ) {
    // Whatever changes on a stopping node (a VM saved, shut down, moved away, arrived) may let it go.
    vms.onStatusChange.connect(() => this.queueSweep());
    migrations.onArrived.connect(() => this.queueSweep());
    migrations.onFinished.connect(() => this.queueSweep());
    // A stopping node that crashes or loses quorum is down for that reason: the stop is over.
    nodes.onStatusChange.connect((node) => {
      if (node.status === 'down') this.abandon(node.name);
    });
  }

  stop(name: string): void {
    const node = this.ctx.state.node(name);
    if (node.status === 'down') {
      const why =
        node.downCause === 'serviceStopped'
          ? `the cluster service of ${name} is already stopped`
          : node.downCause === 'quorumLost'
            ? `the cluster service of ${name} has already stopped: its partition has no quorum`
            : `${name} is down (crashed)`;
      throw new ActionRejected(why);
    }
    if (node.stopping) throw new ActionRejected(`the cluster service of ${name} is already stopping`);
    this.nodes.setStopping(node, true, `the cluster service of ${name} is stopping: its roles move to other nodes, each VM through its offline action, then it leaves the cluster`);
    this.stopping.set(name, this.ctx.activities.begin(`cluster service of ${name} stopping`));
    this.sweep(name);
  }

  start(name: string): void {
    const node = this.ctx.state.node(name);
    if (node.stopping) throw new ActionRejected(`the cluster service of ${name} is still stopping: its roles are moving away`);
    if (!this.membership.isServiceStopped(name)) {
      const why =
        node.status !== 'down'
          ? `the cluster service of ${name} is running (${name} is ${node.status})`
          : node.downCause === 'quorumLost'
            ? `the cluster service of ${name} is running: it stopped for lack of quorum and rejoins by itself once its partition has quorum`
            : `${name} is down (crashed): start the node (startNode)`;
      throw new ActionRejected(why);
    }
    this.nodes.clusterService(node, 'starting', `the cluster service of ${name} is started: it joins the cluster again`);
    this.membership.rejoin(name);
  }

  private queueSweep(): void {
    if (this.stopping.size === 0 || this.sweepQueued) return;
    this.sweepQueued = true;
    // Apart from whatever changed, so the move or status change that called it has finished first.
    this.ctx.kernel.at(
      this.ctx.kernel.now,
      () => {
        this.sweepQueued = false;
        for (const name of [...this.stopping.keys()]) this.sweep(name);
      },
      'cluster service stopping: check',
      Priority.default,
    );
  }

  /** Moves (or takes offline) every group still on the stopping node; lets it go once nothing is left. */
  private sweep(name: string): void {
    if (!this.stopping.has(name)) return;
    const { state } = this.ctx;
    const promised = new Map<string, number>();
    const done = new Set<VmRuntime>();
    for (const vm of state.vmsOn(name)) {
      // A guest the cluster is shutting down still runs until it is off: it is not moved again.
      if (done.has(vm) || vm.status !== 'running' || this.migrations.isMoving(vm.name) || this.offline.isTakenOffline(vm.name)) continue;
      const group = this.groupOf(vm, name);
      for (const v of group) done.add(v);
      this.moveGroup(vm, group, name, promised);
    }
    const held = state.vmsOn(name).some((v) => v.holdsMemory);
    if (!held && this.migrations.movingAwayFrom(name) === 0) this.leave(name);
  }

  /** Every VM of `vm`'s group: the VMs on its classic disk, whatever their state; on a CSV, itself. */
  private groupMembers(vm: VmRuntime): VmRuntime[] {
    if (this.ctx.state.disk(vm.spec.disk).spec.csv) return [vm];
    return [...this.ctx.state.vms.values()].filter((v) => v.spec.disk === vm.spec.disk);
  }

  /** `vm` and the running VMs that share its classic disk on `node`: they move together. */
  private groupOf(vm: VmRuntime, node: string): VmRuntime[] {
    if (this.ctx.state.disk(vm.spec.disk).spec.csv) return [vm];
    return this.ctx.state.vmsOn(node).filter((v) => v.spec.disk === vm.spec.disk && v.status === 'running');
  }

  /** The group goes where the cluster would fail it over, through each VM's offline action; else offline where it is. */
  private moveGroup(vm: VmRuntime, group: readonly VmRuntime[], from: string, promised: Map<string, number>): void {
    const memory = group.reduce((sum, v) => sum + v.spec.memory, 0);
    const saves = group.some((v) => v.spec.offlineAction === 'save');
    const disk = vm.spec.disk;
    const choice = choosePlacement(this.ctx, vm, {
      exclude: from,
      promised,
      extra: (to) => {
        if (!this.membership.inQuorum(to)) return `${to} is not in the partition with quorum`;
        // A classic disk's group moves whole (its off and saved VMs too): every VM on it must be
        // able to live there.
        const barred = this.groupMembers(vm).find((v) => !v.spec.possibleOwners.includes(to));
        if (barred) return `${to} is not a possible owner of ${barred.name}, which shares ${disk}`;
        const free = this.ctx.state.node(to).free - (promised.get(to) ?? 0);
        if (free < memory) return `${to} has ${formatBytes(free)} free, ${group.map((v) => v.name).join(', ')} need ${formatBytes(memory)}`;
        if (!this.storage.reaches(to, disk)) return `${to} cannot reach ${disk}`;
        // A save is restored over the target's own storage path.
        return saves ? this.storage.whyNoOwnPath(to, disk) : null;
      },
    });
    let why: string;
    if (choice.node !== null) {
      try {
        this.migrations.requestMove(vm.name, choice.node, 'stopClusterService');
        promised.set(choice.node, (promised.get(choice.node) ?? 0) + memory);
        return;
      } catch (err) {
        if (!(err instanceof ActionRejected)) throw err;
        why = `its move to ${choice.node} was refused: ${err.reason}`;
      }
    } else {
      why = `no node can take ${group.map((v) => v.name).join(', ')}: ${choice.reasons.join('; ')}`;
    }
    for (const v of group) this.offline.takeOfflineForGood(v.name, `${why}; it stays offline until it is started`);
  }

  /** Nothing is left on the node: its coordinator roles move, then it leaves the cluster. */
  private leave(name: string): void {
    const end = this.stopping.get(name);
    if (!end) return;
    this.stopping.delete(name);
    const node = this.ctx.state.node(name);
    this.nodes.setStopping(node, false, '');
    for (const disk of this.storage.disks) {
      if (this.storage.coordinator(disk) !== name) continue;
      const to = this.storage.pickCoordinator(disk, name);
      if (to === null) continue;
      try {
        this.storage.moveCoordinator(disk, to, 'clusterServiceStopped', `the cluster service of ${name} is stopping: the coordinator role of ${disk} moves to ${to}, the first other node with direct access`);
      } catch (err) {
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
    this.nodes.clusterService(node, 'stopped', `the cluster service of ${name} has stopped: its roles have moved away, and it leaves the cluster`);
    this.membership.leave(name, 'cluster service stopped (stopClusterService): it has left the cluster, and its vote no longer counts');
    end();
  }

  private abandon(name: string): void {
    const end = this.stopping.get(name);
    if (!end) return;
    this.stopping.delete(name);
    this.nodes.setStopping(this.ctx.state.node(name), false, '');
    end();
  }
}
