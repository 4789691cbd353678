/**
 * Failback, as a 2008 R2 group's AutoFailbackType and FailbackWindowStart/End define it: "whether
 * the group should automatically be failed back to the node identified as its preferred owner
 * when that node comes back online following a failover" (0 prevent, the default; 1 allow, which
 * "requires a preferred owners list"), "immediately after the preferred node becomes active", or
 * only "between the hours of FailbackWindowStart and FailbackWindowEnd if the group's preferred
 * node is active or becomes active during that interval".
 *
 * - Who: a running VM, not moving, whose policy allows failback (`vms[].failback`, else
 *   `settings.failback`), that lists `preferredOwners`, and that the cluster put where it is: it
 *   failed over (a failover brought it online) or was moved off a node whose cluster service
 *   stopped ("services or applications on that node will fail over"), or failed back, and was not
 *   moved by an administrator since (a live or quick migration, a drain).
 * - Where: the first of its preferred owners that is up (not paused, down or joining) and in the
 *   partition with quorum, if that node comes before the VM's node in the list ("the group will
 *   fail back to the highest-priority node that is available").
 * - When: when that node joins the cluster (after `startNode`, `startClusterService`, or its
 *   partition regaining quorum): at once, or with a window only while it is open, else when it
 *   next opens (a `failback.waiting` event says when; the run goes on until then), to whichever
 *   preferred owner is then the highest-priority available one. A node joining that is not the
 *   VM's highest-priority available preferred owner moves nothing.
 * - How: a move of the group through each VM's offline action (migration/quickMigration.ts, the
 *   record's `cause` "failback"): 2008 R2 has no setting that makes the cluster's own moves live
 *   migrations (the VM resource's DefaultMoveType is "not supported" before 2012), so a failback
 *   costs the VM its offline action's outage. A move the cluster refuses is recorded as a failed
 *   migration with its reason; the others go on.
 */
import { ActionRejected } from '../model/actionRejected';
import type { VmRuntime } from '../model/clusterState';
import type { RunContext } from '../model/runContext';
import type { MigrationsForHealth } from '../migration/migrationManager';
import { formatDuration } from '../../format/quantities';
import { clockAt, describeWindow, isOpen, nextOpening, timeOfDay } from './failbackWindow';
import type { Membership } from './failover';

export class Failback {
  /** VMs whose failback waits for their window to open. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'records' | 'scenario' | 'state'>,
    private readonly migrations: Pick<MigrationsForHealth, 'isMoving' | 'requestMove'>,
    private readonly membership: Pick<Membership, 'inQuorum'>,
  ) {}

  /**
   * Nodes joined the cluster: each VM (in file order) whose highest-priority available preferred
   * owner is one of them, and comes before the VM's node, fails back to it (or waits for its window).
   */
  nodesJoined(joined: readonly string[]): void {
    this.consider([...this.ctx.state.vms.values()], false, new Set(joined));
  }

  /**
   * The VMs that may fail back now, and fails them back (or waits for their window). `joined`:
   * only to one of these nodes (a node joining is what triggers failback); null when a VM's
   * window opens (its preferred node may have been available all along).
   */
  private consider(vms: readonly VmRuntime[], windowOpened: boolean, joined: ReadonlySet<string> | null = null): void {
    const candidates = vms.filter((vm) => vm.spec.failback.kind !== 'prevent' && vm.spec.preferredOwners.length > 0 && vm.status === 'running' && !this.migrations.isMoving(vm.name));
    if (candidates.length === 0) return;
    const placedByCluster = this.placedByCluster();
    for (const vm of candidates) {
      if (!placedByCluster.has(vm.name)) continue;
      const to = this.target(vm);
      if (to === null || (joined !== null && !joined.has(to))) continue;
      const policy = vm.spec.failback;
      if (policy.kind === 'window' && !windowOpened && !isOpen(policy, timeOfDay(this.ctx.scenario.settings.startTime, this.ctx.kernel.now))) {
        this.wait(vm, to, policy);
        continue;
      }
      try {
        this.migrations.requestMove(vm.name, to, 'failback');
      } catch (err) {
        // Recorded as a failed migration with its reason; failback of the others goes on.
        if (!(err instanceof ActionRejected)) throw err;
      }
    }
  }

  /**
   * The first preferred owner that is available and comes before the VM's node, or null. A
   * preferred owner that is not a possible owner is never available to it (the cluster never
   * brings the VM online there).
   */
  private target(vm: VmRuntime): string | null {
    const owners = vm.spec.preferredOwners;
    const here = owners.indexOf(vm.node);
    const before = here < 0 ? owners.length : here;
    for (let i = 0; i < before; i++) {
      const node = this.ctx.state.nodes.get(owners[i]);
      if (node && node.canHost && this.membership.inQuorum(node.name) && vm.spec.possibleOwners.includes(node.name)) return node.name;
    }
    return null;
  }

  /** The failback waits for the window to open; then the VM is considered again (once). */
  private wait(vm: VmRuntime, to: string, policy: { readonly start: number; readonly end: number }): void {
    if (this.waiting.has(vm.name)) return;
    const { ctx } = this;
    const startTime = ctx.scenario.settings.startTime;
    const at = nextOpening(policy, startTime, ctx.kernel.now);
    const done = ctx.activities.begin(`failback of ${vm.name} waiting for its window`);
    ctx.kernel.at(
      at,
      () => {
        this.waiting.delete(vm.name);
        done();
        this.consider([vm], true);
      },
      `failback window of ${vm.name}`,
    );
    this.waiting.add(vm.name);
    ctx.emit({
      kind: 'failback.waiting',
      subject: vm.name,
      to,
      at,
      reason: `${vm.name} may fail back to ${to} only from ${describeWindow(policy)}; it is ${clockAt(startTime, ctx.kernel.now)}: it waits until ${clockAt(startTime, at)} (in ${formatDuration(at - ctx.kernel.now)})`,
    });
  }

  /**
   * The VMs the cluster itself put where they are: the latest of a failover bringing them online,
   * a move off a node whose cluster service stopped, or a failback, is later than the latest move
   * by an administrator (a live or quick migration, a drain) that completed.
   */
  private placedByCluster(): Set<string> {
    const byCluster = new Map<string, number>();
    const byHand = new Map<string, number>();
    const later = (map: Map<string, number>, vm: string, t: number): void => {
      if (t > (map.get(vm) ?? Number.NEGATIVE_INFINITY)) map.set(vm, t);
    };
    for (const f of this.ctx.records.failovers) if (f.onlineAt !== null) later(byCluster, f.vm, f.onlineAt);
    for (const m of this.ctx.records.migrations) {
      if (m.outcome !== 'completed' || m.completedAt === null) continue;
      later(m.cause === 'failback' || m.cause === 'stopClusterService' ? byCluster : byHand, m.vm, m.completedAt);
    }
    const out = new Set<string>();
    for (const [vm, t] of byCluster) if (t > (byHand.get(vm) ?? Number.NEGATIVE_INFINITY)) out.add(vm);
    return out;
  }
}
