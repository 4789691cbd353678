/**
 * The groups of the VM disk I/O model (csvIo.ts): one per (disk, node), the running VMs of that
 * node on that disk, with what they ask for and the figures integrated over the run (demand, time
 * with I/O, I/O queued while paused). A VM counts while it is `running` on a node that is a cluster
 * member; one that moves takes its demand from the old group to the new one when it runs there.
 *
 * The flows that carry each group's I/O are csvIo.ts's business (the slots below are its). This
 * part is kept apart because the CSV access tracker needs one figure from it, the I/O queued on a
 * volume during a pause, and the flows need the tracker: so the groups are built first, then the
 * tracker, then the flows, each handed what was built before it.
 */
import type { Flow } from '../network/flow';
import type { VmRuntime } from '../model/clusterState';
import type { CsvAccess } from '../model/events';
import type { RunContext } from '../model/runContext';
import type { DiskSpec } from '../scenario/model';

export interface Group {
  readonly disk: DiskSpec;
  readonly node: string;
  /** Index of the node in file order (the report's `nodes` order). */
  readonly index: number;
  demand: number;
  vms: number;
  /** The access the flows were last set up for ('none' for a classic disk the node does not use). */
  state: CsvAccess | 'none';
  direct: Flow | null;
  redirect: Flow | null;
  hop: Flow | null;
  metadata: Flow | null;
  // Bytes of flows already retired, by kind.
  directBytes: number;
  redirectedBytes: number;
  metadataBytes: number;
  // Integrals up to `lastT`.
  lastT: number;
  demandBytes: number;
  ioTime: number;
  queuedBytes: number;
  /** Its flows must be set up again (its demand, access or route changed). */
  dirty: boolean;
}

interface Contribution {
  readonly group: Group;
  readonly demand: number;
}

/** What the CSV access tracker asks of the I/O model: the I/O queued during a pause. */
export interface QueuedIo {
  /** Bytes of VM disk I/O that have queued on `disk` since the start of the run, up to now. */
  queuedBytes(disk: string): number;
}

export class CsvIoGroups implements QueuedIo {
  private readonly groups = new Map<string, Group>();
  private readonly contributions = new Map<string, Contribution>();

  constructor(private readonly ctx: Pick<RunContext, 'scenario' | 'state' | 'kernel'>) {
    const nodes = ctx.scenario.nodes;
    for (const disk of ctx.scenario.disks) {
      if (disk.role === 'witness') continue;
      nodes.forEach((n, index) => {
        this.groups.set(key(disk.name, n.name), {
          disk,
          node: n.name,
          index,
          demand: 0,
          vms: 0,
          state: 'none',
          direct: null,
          redirect: null,
          hop: null,
          metadata: null,
          directBytes: 0,
          redirectedBytes: 0,
          metadataBytes: 0,
          lastT: ctx.kernel.now,
          demandBytes: 0,
          ioTime: 0,
          queuedBytes: 0,
          dirty: true,
        });
      });
    }
    for (const vm of ctx.state.vms.values()) this.contribute(vm);
  }

  /** Every group, disks in file order, then nodes in file order. */
  all(): IterableIterator<Group> {
    return this.groups.values();
  }

  /** The group of `node`'s VMs on `disk`, if the disk carries VM I/O (not a witness). */
  find(disk: string, node: string): Group | undefined {
    return this.groups.get(key(disk, node));
  }

  group(disk: string, node: string): Group {
    const g = this.groups.get(key(disk, node));
    if (!g) throw new Error(`no disk I/O kept for ${node} on "${disk}"`);
    return g;
  }

  groupsOf(disk: string): Group[] {
    return [...this.groups.values()].filter((g) => g.disk.name === disk);
  }

  queuedBytes(disk: string): number {
    let sum = 0;
    for (const g of this.groupsOf(disk)) {
      this.integrate(g);
      sum += g.queuedBytes;
    }
    return sum;
  }

  /** The group a VM's I/O belongs to now, or null when it does none. */
  groupFor(vm: VmRuntime): Group | null {
    if (vm.status !== 'running') return null;
    const node = this.ctx.state.nodes.get(vm.node);
    if (!node || !node.isMember) return null;
    return this.groups.get(key(vm.spec.disk, vm.node)) ?? null;
  }

  /** The group a VM's I/O is counted in now, or null. */
  countedIn(vm: string): Group | null {
    return this.contributions.get(vm)?.group ?? null;
  }

  /** Brings a VM's contribution up to date; true when it changed (its groups are then dirty). */
  contribute(vm: VmRuntime): boolean {
    const group = this.groupFor(vm);
    const demand = group ? vm.workload.diskIo : 0;
    const old = this.contributions.get(vm.name);
    if ((old?.group ?? null) === group && (old?.demand ?? 0) === demand) return false;
    if (old) {
      this.integrate(old.group);
      old.group.demand = Math.max(0, old.group.demand - old.demand);
      old.group.vms--;
      if (old.group.vms === 0) old.group.demand = 0;
      old.group.dirty = true;
      this.contributions.delete(vm.name);
    }
    if (group) {
      this.integrate(group);
      group.demand += demand;
      group.vms++;
      group.dirty = true;
      this.contributions.set(vm.name, { group, demand });
    }
    return true;
  }

  /** Integrates the group's demand, I/O time and queued I/O up to now. */
  integrate(g: Group): void {
    const now = this.ctx.kernel.now;
    const dt = now - g.lastT;
    if (dt <= 0) return;
    g.demandBytes += g.demand * dt;
    if (g.demand > 0) g.ioTime += dt;
    if (g.state === 'paused') g.queuedBytes += g.demand * dt;
    g.lastT = now;
  }
}

function key(disk: string, node: string): string {
  return `${disk}\u0000${node}`;
}
