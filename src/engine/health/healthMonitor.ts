/**
 * The cluster's membership: which nodes see each other's heartbeats (heartbeat.ts), how they
 * split into partitions and which one has quorum (quorum.ts), and what follows from it:
 *
 * - A node that crashes stops at once (`down`, its VMs failed, its links silent), but the cluster
 *   only learns it from the heartbeats: until then it still counts as a member (and a vote).
 * - When the heartbeats say a set of nodes is gone ('node.declaredDown'), the partitions are
 *   recomputed. The partition with quorum keeps running and restarts the VMs of the others
 *   (failover.ts). A partition without quorum stops its cluster service: its nodes go `down` (they
 *   still run, and their heartbeats still count), their VMs go offline at once, their live
 *   migrations fail. So a VM never runs on both sides, and losing quorum everywhere stops every
 *   VM. The report's `quorum` gets an entry at every change: `hasQuorum` (whether some partition
 *   has quorum), the nodes of that partition, its votes, and why.
 * - A node whose cluster service an administrator stops (`stopClusterService`, clusterService.ts
 *   moves its groups away first) leaves gracefully (`leave`): the others know at once (no
 *   detection wait, no 'node.declaredDown'), it takes no part in heartbeats, it is in no
 *   partition and its vote counts nowhere (2008 R2 has no dynamic quorum: the total of votes stays
 *   the configured one, so a stopped node weakens quorum as a down one does). It is `down` (cause
 *   `serviceStopped`) until `startClusterService` (`rejoin`): then `joining`, then `up`.
 * - A node that starts (`startNode`) or comes back into reach is `joining` until the others see
 *   its heartbeats (the next heartbeat), then `up` if its partition has quorum. A node that stopped
 *   for lack of quorum rejoins the same way once its partition regains quorum. A paused node that
 *   went down comes back `up`.
 * - A CSV whose coordinator went down keeps its I/O queued (the storage module's deferred
 *   coordinator failover) until the cluster has declared that node down; then the role moves to
 *   the first member with direct access, with the mount's pause.
 *
 * - A classic disk whose owner (a member) lost its storage path fails with its VMs, is restarted
 *   on that node or its group fails over (classicDisks.ts, checked at every regroup).
 * - A VM on a node that no client network reaches keeps running, isolated, and its clients time
 *   out after tcpTimeout (clientReach.ts): nothing here moves it.
 *
 * Everything happens in one place, `regroup`, run at each heartbeat verdict (one kernel event at
 * the earliest pending one), right after each network, link or node change (for the witness and
 * the `joining` state), and when a node starts. Order in the log: the nodes declared down, the
 * quorum change, the VMs of nodes that lost quorum and those nodes going down, nodes joining,
 * coordinator moves, classic disks failing, failovers; every logged event shows a consistent cluster (invariants.ts).
 */
import { Priority, type EventHandle } from '../kernel';
import { ActionRejected } from '../model/actionRejected';
import type { NodeRuntime } from '../model/clusterState';
import type { NodeStatus } from '../model/events';
import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsForHealth } from '../migration/migrationManager';
import { byMetric, isClusterEnabled } from '../network/order';
import { formatClock, formatDuration } from '../../format/quantities';
import { witnessDiskOf, type NetworkSpec } from '../scenario/model';
import { witnessWords } from '../scenario/quorumWords';
import type { VmFailover } from '../snapshot';
import type { CoordinatorRoles, StorageReach } from '../storage/storageManager';
import { ClassicDisks } from './classicDisks';
import { ClientReach } from './clientReach';
import { Failback } from './failback';
import { FailoverManager, type Membership } from './failover';
import { HeartbeatPairs } from './heartbeat';
import { computeQuorum, type Partition, type QuorumView, type QuorumWitness } from './quorum';

/** What views and the invariant checks read of the cluster's health. */
export interface HealthView {
  /** Some partition has quorum. */
  readonly hasQuorum: boolean;
  /** `node` is alive and in the partition with quorum. */
  inQuorum(node: string): boolean;
  /** The VM's failover state for views, or null. */
  failoverOf(vm: string): VmFailover | null;
  /** Some client network reaches `node` (or the scenario has none): its VMs are not isolated. */
  clientsReach(node: string): boolean;
}

/**
 * A node that dies at once (`crashNode`) and comes back (`startNode`), and everything the cluster
 * does about it (see the top of this file). A crash saves nothing: the node's VMs stop where they
 * are, their clients are cut off, every link of the node goes silent (which fails the flows
 * through them), migrations to it fail and leave their VM on the source, migrations from it fail
 * and their VM fails over with the others.
 */
export class HealthMonitor implements Membership, HealthView {
  readonly failover: FailoverManager;
  /** VMs going back to their preferred owners. */
  readonly failback: Failback;
  /** Classic disks whose owner lost its storage path: restarted, or their group failed over. */
  readonly classicDisks: ClassicDisks;
  /** Whether clients reach each VM: a VM on a node without a client network runs on, isolated. */
  private readonly clients: ClientReach;
  private readonly names: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly nodes: readonly NodeRuntime[];
  private readonly crashed: Uint8Array;
  private readonly crashedAt: Float64Array;
  /** Per node: its cluster service was stopped by an administrator (it left the cluster gracefully). */
  private readonly stopped: Uint8Array;
  private readonly pairs: HeartbeatPairs;
  /** Cluster-enabled networks, lowest metric first (NetFT's order). */
  private readonly clusterNetworks: readonly NetworkSpec[];
  /** The disk witness (Node and Disk Majority, Disk Only), if the scenario has that disk. */
  private readonly witnessDisk: string | null;
  /** The network over which the nodes reach the file share witness (Node and File Share Majority). */
  private readonly shareNetwork: string | null;
  /** The node holding the file share witness (its lock on the share), or -1. */
  private shareHolder = -1;
  /** No Majority: Disk Only: the witness disk is the only vote. */
  private readonly witnessOnly: boolean;
  /** The witness in words ("the file share witness over LAN"), or null. */
  private readonly witnessName: string | null;
  private view: QuorumView;
  /** Per node: alive and in the partition with quorum. */
  private member: Uint8Array;
  private quorumKey: string;
  private wake: EventHandle | null = null;
  private endActivity: (() => void) | null = null;
  private regroupQueued = false;
  /** True while regroup() runs (it places what a node going down leaves, itself). */
  private regrouping = false;
  /** Links a crash took down, so a start brings back exactly those (not a cable pulled by hand). */
  private readonly silenced = new Map<string, string[]>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'random' | 'records' | 'scenario' | 'state'>,
    private readonly lifecycle: NodeLifecycle,
    vms: VmLifecycle,
    private readonly migrations: MigrationsForHealth,
    private readonly storage: StorageReach & CoordinatorRoles,
  ) {
    this.nodes = [...ctx.state.nodes.values()];
    this.names = this.nodes.map((n) => n.name);
    this.names.forEach((name, i) => this.index.set(name, i));
    const n = this.names.length;
    this.crashed = new Uint8Array(n);
    this.crashedAt = new Float64Array(n);
    this.stopped = new Uint8Array(n);
    this.pairs = new HeartbeatPairs(n, ctx.scenario.settings.heartbeat);
    this.clusterNetworks = byMetric(ctx.scenario.networks.filter(isClusterEnabled));
    const q = ctx.scenario.settings.quorum;
    const disk = witnessDiskOf(q);
    this.witnessDisk = disk !== null && ctx.state.disks.has(disk) ? disk : null;
    this.shareNetwork = q.model === 'nodeAndFileShareMajority' && ctx.network.networks.some((x) => x.name === q.fileShareWitness.network) ? q.fileShareWitness.network : null;
    this.witnessOnly = q.model === 'diskOnly';
    this.witnessName = this.witnessDisk !== null || this.shareNetwork !== null ? witnessWords(q) : null;
    // The file share witness starts with the first node that reaches it (a choice: 2008 R2 puts
    // it in the Cluster Group, owned by whichever node; docs/fidelity.md).
    this.shareHolder = this.names.findIndex((name) => this.reachesShare(name));
    this.failover = new FailoverManager(ctx, vms, storage, this);
    this.failback = new Failback(ctx, migrations, this);
    this.classicDisks = new ClassicDisks(ctx, vms, migrations, this.failover, (node) => this.inQuorum(node));
    this.clients = new ClientReach(ctx, vms);
    // A group move that failed after taking VMs offline because a node went down leaves its group
    // to the cluster: failed over at the regroup that follows (crash() and regroup() both lead to
    // one). A guest that finishes shutting down after its move failed is left later, on its own:
    // a regroup is queued for it.
    migrations.onGroupLeft.connect((left, node, reason) => {
      this.failover.groupLeft(left, node, reason);
      if (!this.regrouping) this.queueRegroup();
    });
    this.view = this.compute();
    this.member = this.membersOf(this.view);
    this.quorumKey = keyOf(this.view);
    this.refreshRoutes();
    ctx.network.onChange(() => {
      this.refreshRoutes();
      this.queueRegroup();
    });
  }

  // ---- questions -------------------------------------------------------------------------------

  get hasQuorum(): boolean {
    return this.view.quorum !== null;
  }

  inQuorum(node: string): boolean {
    const i = this.index.get(node);
    return i !== undefined && this.member[i] === 1;
  }

  isolated(node: string): boolean {
    const i = this.index.get(node);
    if (i === undefined) return true;
    return this.view.partitions[this.view.partitionOf[i]].members.every((j) => j === i || this.crashed[j] === 1);
  }

  /** True for a node that crashed and has not been started again. */
  isCrashed(node: string): boolean {
    const i = this.index.get(node);
    return i !== undefined && this.crashed[i] === 1;
  }

  /** True for a node whose cluster service was stopped by an administrator and not started again. */
  isServiceStopped(node: string): boolean {
    const i = this.index.get(node);
    return i !== undefined && this.stopped[i] === 1;
  }

  /** The partitions as the cluster sees them now (node names, file order), those with a live node only. */
  partitions(): string[][] {
    return this.view.partitions.filter((p) => p.alive).map((p) => p.members.map((i) => this.names[i]));
  }

  /** The nodes of the partition with quorum (including a crashed node not declared down yet), or []. */
  quorumNodes(): string[] {
    return this.view.quorum ? this.view.quorum.members.map((i) => this.names[i]) : [];
  }

  /** When the next heartbeat verdict is due (a node declared down or seen again), or null. */
  get nextVerdict(): number | null {
    return this.wake ? this.wake.time : null;
  }

  /** The VM's failover state for views, or null. */
  failoverOf(vm: string): VmFailover | null {
    return this.failover.stateOf(vm);
  }

  clientsReach(node: string): boolean {
    return this.clients.whyNodeUnreachable(node) === null;
  }

  // ---- crashNode / startNode -------------------------------------------------------------------

  /** The node stops at once: its migrations fail, its VMs stop, its links go silent. */
  crash(name: string): void {
    const i = this.indexOf(name);
    if (this.crashed[i]) throw new ActionRejected(`${name} is already down (crashed at ${formatClock(this.crashedAt[i])})`);
    const { ctx } = this;
    this.crashed[i] = 1;
    this.crashedAt[i] = ctx.kernel.now;
    // A node whose cluster service was stopped can still crash: started again, its service starts with it.
    this.stopped[i] = 0;
    // Every log entry must show a consistent cluster, so the VMs stop before the node is shown down.
    this.migrations.nodeDown(name);
    this.failover.stopVms(name, 'nodeCrashed', `${name} crashed`, false);
    this.lifecycle.setStatus(this.nodes[i], 'down', 'crashed');
    this.member[i] = 0;
    const links = ctx.network.linksUp(name);
    this.silenced.set(name, links);
    for (const network of links) ctx.network.disconnect(name, network, 'node crashed');
    this.refreshRoutes();
    this.queueRegroup();
  }

  /** The node starts again: its links come back, and it joins once the others see its heartbeats. */
  start(name: string): void {
    const i = this.indexOf(name);
    const node = this.nodes[i];
    if (!this.crashed[i]) {
      throw new ActionRejected(
        this.stopped[i]
          ? `${name} is running: its cluster service was stopped; start the cluster service (startClusterService) to have it join again`
          : node.status === 'down'
            ? `${name} is running: its cluster service stopped because its partition has no quorum, and it rejoins by itself once it reaches a partition with quorum`
            : `${name} is ${node.status}, not down`,
      );
    }
    const { ctx } = this;
    this.crashed[i] = 0;
    for (const network of this.silenced.get(name) ?? []) ctx.network.reconnect(name, network, 'node started');
    this.silenced.delete(name);
    this.refreshRoutes();
    // A new incarnation: whatever the cluster still believed about the old one is dropped.
    this.pairs.restart(i, ctx.kernel.now);
    this.arm();
    this.lifecycle.setStatus(node, 'joining', 'started: joining the cluster');
    this.regroup();
  }

  // ---- stopClusterService / startClusterService (clusterService.ts decides when) ---------------

  /**
   * The node leaves the cluster gracefully, its cluster service stopped (its groups have moved
   * away): the others know at once, so there is no detection wait; it sends and answers no
   * heartbeat, belongs to no partition and its vote counts nowhere, while the total of votes stays
   * the configured one. Then the cluster regroups (which may cost quorum: a stopped node weakens
   * it as a down one does).
   */
  leave(name: string, reason: string): void {
    const i = this.indexOf(name);
    if (this.crashed[i] || this.stopped[i]) return;
    this.stopped[i] = 1;
    this.pairs.leave(i, this.ctx.kernel.now);
    this.refreshRoutes();
    // Whatever still depended on it fails (its groups have moved away: normally nothing).
    this.migrations.nodeDown(name);
    this.lifecycle.setStatus(this.nodes[i], 'down', reason, 'serviceStopped');
    this.member[i] = 0;
    this.regroup();
  }

  /** The node's cluster service starts again: it joins once the others see its heartbeats (as after startNode). */
  rejoin(name: string): void {
    const i = this.indexOf(name);
    if (!this.stopped[i]) return;
    const { ctx } = this;
    this.stopped[i] = 0;
    this.refreshRoutes();
    this.pairs.restart(i, ctx.kernel.now);
    this.arm();
    this.lifecycle.setStatus(this.nodes[i], 'joining', 'cluster service started: joining the cluster');
    this.regroup();
  }

  // ---- heartbeats ------------------------------------------------------------------------------

  /** Recomputes which pairs a cluster network connects now, and arms the next verdict. */
  private refreshRoutes(): void {
    const { ctx } = this;
    const n = this.names.length;
    const usable = this.clusterNetworks.map((spec) => {
      const u = new Uint8Array(n);
      if (!ctx.network.isNetworkUp(spec.name)) return u;
      for (let i = 0; i < n; i++) u[i] = !this.crashed[i] && !this.stopped[i] && ctx.network.isLinkUp(this.names[i], spec.name) ? 1 : 0;
      return u;
    });
    this.pairs.update(ctx.kernel.now, (i, j) => usable.some((u) => u[i] === 1 && u[j] === 1));
    this.arm();
  }

  /** One kernel event at the earliest pending verdict; the run goes on while one is pending. */
  private arm(): void {
    const due = this.pairs.nextDue();
    if (this.wake && !this.wake.cancelled && this.wake.time === due) return;
    this.wake?.cancel();
    this.wake = null;
    if (due === Number.POSITIVE_INFINITY) {
      this.endActivity?.();
      this.endActivity = null;
      return;
    }
    this.wake = this.ctx.kernel.at(due, () => this.verdict(), 'heartbeats: verdict', Priority.failure);
    this.endActivity ??= this.ctx.activities.begin('heartbeats: detection pending');
  }

  private verdict(): void {
    this.wake = null;
    this.pairs.applyDue(this.ctx.kernel.now);
    this.arm();
    this.regroup();
  }

  private queueRegroup(): void {
    if (this.regroupQueued) return;
    this.regroupQueued = true;
    // What the regroup does (a classic disk failing with its owner's path) keeps the run going.
    const done = this.ctx.activities.begin('cluster regroup');
    this.ctx.kernel.at(
      this.ctx.kernel.now,
      () => {
        this.regroupQueued = false;
        done();
        this.regroup();
      },
      'cluster regroup',
      Priority.failure,
    );
  }

  // ---- regroup ---------------------------------------------------------------------------------

  private compute(): QuorumView {
    const { ctx } = this;
    const disk = this.witnessDisk;
    const alive = this.names.map((_, i) => this.crashed[i] === 0);
    let witness: QuorumWitness | null = null;
    if (disk !== null) {
      witness = {
        kind: 'disk',
        reaches: this.names.map((name, i) => alive[i] && ctx.network.whyCannotReachStorage(name, disk) === null),
        holder: this.index.get(ctx.state.disk(disk).owner ?? '') ?? -1,
      };
    } else if (this.shareNetwork !== null) {
      witness = { kind: 'fileShare', reaches: this.names.map((name, i) => alive[i] && this.reachesShare(name)), holder: this.shareHolder };
    }
    return computeQuorum({
      nodes: this.names,
      alive,
      member: this.names.map((_, i) => this.stopped[i] === 0),
      connected: (i, j) => this.pairs.isSeen(i, j),
      witness,
      witnessOnly: this.witnessOnly,
    });
  }

  /** The node has a working link to the file server's network (the network up, its link up). */
  private reachesShare(name: string): boolean {
    const net = this.shareNetwork;
    return net !== null && this.ctx.network.isNetworkUp(net) && this.ctx.network.isLinkUp(name, net);
  }

  private membersOf(view: QuorumView): Uint8Array {
    const m = new Uint8Array(this.names.length);
    if (view.quorum) for (const i of view.quorum.members) m[i] = this.crashed[i] ? 0 : 1;
    return m;
  }

  /** Applies the membership the heartbeats and the witness give now. */
  private regroup(): void {
    this.regrouping = true;
    try {
      this.applyMembership();
    } finally {
      this.regrouping = false;
    }
  }

  private applyMembership(): void {
    const previous = this.view;
    const view = this.compute();
    this.view = view;
    const member = this.membersOf(view);
    this.announceDetections(previous, view);

    const key = keyOf(view);
    if (key !== this.quorumKey) {
      this.quorumKey = key;
      this.recordQuorum(view);
    }

    // Partitions without quorum stop their cluster service (the membership in force until they have).
    for (let i = 0; i < this.names.length; i++) {
      const status = this.nodes[i].status;
      if (this.crashed[i] || this.stopped[i] || member[i] || (status !== 'up' && status !== 'paused')) continue;
      const name = this.names[i];
      const why = this.noQuorumWhy(view, i);
      this.migrations.nodeDown(name);
      // A VM isolated there (no client network) was lost to its clients when its isolation began:
      // that is its failedAt (failover.ts).
      this.failover.stopVms(name, 'quorumLost', `the cluster service on ${name} stopped: ${why}`, true);
      this.lifecycle.setStatus(this.nodes[i], 'down', `cluster service stopped: ${why}`, 'quorumLost');
    }
    this.member = member;

    // Everyone else: members up, the rest joining (being seen again) or down.
    const joined: string[] = [];
    for (let i = 0; i < this.names.length; i++) {
      if (this.crashed[i] || this.stopped[i]) continue;
      const node = this.nodes[i];
      let want: NodeStatus;
      let reason: string;
      if (member[i]) {
        if (node.status === 'up' || node.status === 'paused') continue;
        want = 'up';
        reason = 'joined the cluster: the other nodes see its heartbeats';
        joined.push(node.name);
      } else if (this.pairs.isBeingSeen(i)) {
        want = 'joining';
        reason = 'joining the cluster: waiting for the next heartbeat';
      } else {
        want = 'down';
        reason = node.status === 'joining' ? `cannot join: ${this.noQuorumWhy(view, i)}` : `cluster service stopped: ${this.noQuorumWhy(view, i)}`;
      }
      if (node.status !== want) this.lifecycle.setStatus(node, want, reason, 'quorumLost');
    }

    this.updateWitnessHolder(view);
    this.moveCoordinators();
    this.classicDisks.check();
    this.failover.regrouped();
    this.classicDisks.settle();
    if (joined.length > 0) this.failback.nodesJoined(joined);
  }

  /** A 'node.declaredDown' for every node cut off from the part of its former partition that survives. */
  private announceDetections(previous: QuorumView, view: QuorumView): void {
    const { ctx } = this;
    const { delay, threshold } = ctx.scenario.settings.heartbeat;
    for (const p of previous.partitions) {
      if (!p.alive || p.members.length < 2) continue;
      const parts = new Map<number, number[]>();
      for (const i of p.members) {
        const g = view.partitionOf[i];
        const list = parts.get(g);
        if (list) list.push(i);
        else parts.set(g, [i]);
      }
      if (parts.size < 2) continue;
      // The part that survives: the one with quorum, else the largest with a live node (first on ties).
      let survivor = -1;
      for (const g of parts.keys()) if (view.partitions[g] === view.quorum) survivor = g;
      if (survivor < 0) {
        for (const [g, members] of parts) {
          if (!members.some((i) => !this.crashed[i] && !this.stopped[i])) continue;
          if (survivor < 0 || members.length > (parts.get(survivor) as number[]).length) survivor = g;
        }
      }
      const by = (parts.get(survivor) ?? []).filter((i) => !this.crashed[i] && !this.stopped[i]);
      const byNames = by.map((i) => this.names[i]);
      for (const [g, members] of parts) {
        if (g === survivor) continue;
        for (const x of members) {
          // A node whose cluster service stopped left gracefully: nobody had to declare it down.
          if (this.stopped[x]) continue;
          let since = Number.NEGATIVE_INFINITY;
          for (const s of by) if (!this.pairs.hasRoute(x, s)) since = Math.max(since, this.pairs.changedAt(x, s));
          const restarted = since === Number.NEGATIVE_INFINITY;
          if (restarted) since = this.crashedAt[x];
          const name = this.names[x];
          const misses = `${threshold} heartbeats in a row (every ${formatDuration(delay)}) missed on every cluster network`;
          const reason = restarted
            ? `${name} restarted before it was declared down: the cluster drops its old incarnation, and it joins again`
            : this.crashed[x]
              ? `no heartbeat from ${name} since ${formatClock(since)} (it crashed): ${misses}`
              : `no cluster network carries heartbeats between ${name} and ${byNames.join(', ')} since ${formatClock(since)}: ${misses}`;
          ctx.emit({ kind: 'node.declaredDown', subject: name, by: byNames, since, missed: threshold, reason });
        }
      }
    }
  }

  private recordQuorum(view: QuorumView): void {
    const { ctx } = this;
    const q = view.quorum;
    const total = view.totalVotes;
    const alive = view.partitions.filter((p) => p.alive);
    const votes = q ? q.votes : Math.max(0, ...alive.map((p) => p.votes));
    const nodes = q ? q.members.map((i) => this.names[i]) : [];
    let reason: string;
    if (q) {
      const out = this.names.filter((_, i) => view.partitionOf[i] !== view.partitionOf[q.members[0]]);
      const outWords = out.length ? `; ${out.join(', ')} ${out.length === 1 ? 'is' : 'are'} out` : '';
      const names = q.members.map((i) => this.names[i]);
      reason = this.witnessOnly
        ? `${names.join(', ')} ${names.length === 1 ? 'holds' : 'hold'} ${this.witnessName ?? 'the witness disk'}, the only vote (No Majority: Disk Only)${outWords}`
        : `${this.describe(q)} ${q.votes === 1 ? 'has' : 'have'} ${q.votes} of ${total} votes, more than half${outWords}`;
    } else if (this.witnessOnly) {
      reason = `no live node reaches ${this.witnessName ?? 'the witness disk'}, the only vote (No Majority: Disk Only): every VM stops`;
    } else {
      const parts = alive.map((p) => `${this.describe(p)}: ${p.votes} of ${total}`);
      reason = `no partition has more than half of the ${total} votes (${parts.join('; ') || 'no node is running'}): every VM stops`;
    }
    const holder = view.partitions.find((p) => p.holdsWitness);
    const witness = this.witnessName === null ? null : { name: this.witnessName, heldBy: holder ? holder.members.map((i) => this.names[i]) : [] };
    ctx.records.quorum.push({ at: ctx.kernel.now, hasQuorum: q !== null, reason, nodes, votes, totalVotes: total, witness });
    ctx.emit({ kind: 'quorum', subject: 'cluster', hasQuorum: q !== null, reason, nodes, votes, totalVotes: total });
  }

  /** "HV01, HV02 with the witness disk Quorum", "HV01, HV02 with the file share witness over LAN" */
  private describe(p: Partition): string {
    const names = p.members.map((i) => this.names[i]).join(', ');
    return p.holdsWitness && this.witnessName !== null ? `${names} with ${this.witnessName}` : names;
  }

  private noQuorumWhy(view: QuorumView, i: number): string {
    const p = view.partitions[view.partitionOf[i]];
    if (this.witnessOnly) return `its partition (${this.describe(p)}) does not hold ${this.witnessName ?? 'the witness disk'}, the only vote (No Majority: Disk Only)`;
    return `its partition (${this.describe(p)}) has ${p.votes} of ${view.totalVotes} votes, not more than half`;
  }

  /**
   * The witness belongs to the partition that holds its vote. The witness disk: when its owner
   * node is not a live member of it any more, it moves to the first one that reaches the disk.
   * (An owner that merely loses its path keeps it: the failover of a classic disk on a lost path
   * is not modelled.) The file share witness: when its holder is not a live member that reaches
   * the share, the first member that does takes it. With no partition holding it, it stays.
   */
  private updateWitnessHolder(view: QuorumView): void {
    const holder = view.partitions.find((p) => p.holdsWitness);
    if (!holder) return;
    if (this.shareNetwork !== null) {
      const h = this.shareHolder;
      if (h >= 0 && !this.crashed[h] && holder.members.includes(h) && this.reachesShare(this.names[h])) return;
      const next = holder.members.find((i) => !this.crashed[i] && this.reachesShare(this.names[i]));
      if (next !== undefined) this.shareHolder = next;
      return;
    }
    if (this.witnessDisk === null) return;
    const disk = this.ctx.state.disk(this.witnessDisk);
    const owner = this.index.get(disk.owner ?? '');
    if (owner !== undefined && !this.crashed[owner] && holder.members.includes(owner)) return;
    const next = holder.members.find((i) => !this.crashed[i] && this.ctx.network.whyCannotReachStorage(this.names[i], disk.name) === null);
    if (next !== undefined) disk.owner = this.names[next];
  }

  /**
   * CSVs whose coordinator went down get a new one once the cluster has declared it down (the
   * composition root has the storage module wait for this: its coordinator failover is 'deferred').
   */
  private moveCoordinators(): void {
    const csv = this.storage;
    if (!this.view.quorum) return;
    for (const disk of csv.disks) {
      if (!csv.isAwaitingCoordinator(disk)) continue;
      const old = csv.coordinator(disk);
      if (this.inQuorum(old) || !this.isolatedFromQuorum(old)) continue;
      const to = csv.pickCoordinator(disk);
      if (to === null || !this.inQuorum(to)) continue;
      try {
        csv.moveCoordinator(disk, to, 'nodeDown', `the cluster declared ${old} down: the coordinator role of ${disk} moves to ${to}, the first node with direct access`);
      } catch (err) {
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
  }

  /** `node` is not in the partition with quorum (a crashed node stays in it until declared down). */
  private isolatedFromQuorum(node: string): boolean {
    const i = this.index.get(node);
    const q = this.view.quorum;
    return i === undefined || q === null || !q.members.includes(i);
  }

  private indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no node named "${name}"`);
    return i;
  }
}

/** What identifies the quorum situation: the partition with quorum (and the witness), or none. */
function keyOf(view: QuorumView): string {
  const q = view.quorum;
  return q ? `${q.members.join(',')}${q.holdsWitness ? '+w' : ''}` : 'none';
}
