import type { Time } from '../kernel';
import type { DiskSpec, NodeSpec, Scenario, VmSpec, WorkloadSpec } from '../scenario/model';
import type { NodeDownCause, NodeStatus, VmStatus } from './events';

/** A node as the cluster sees it now. Memory is what VMs (and shell VMs) hold on it. */
export class NodeRuntime {
  status: NodeStatus = 'up';
  /** Why a node that is `down` is down (null otherwise): crashed, stopped for lack of quorum, or its cluster service stopped by hand. */
  downCause: NodeDownCause | null = null;
  /** Its cluster service is stopping: its groups are moving away, and it takes no new ones. */
  stopping = false;
  /** Memory held by VMs that live here, plus shells reserved for incoming live migrations. */
  reserved = 0;

  constructor(readonly spec: NodeSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get free(): number {
    return this.spec.memory - this.reserved;
  }

  /** Up, not paused and not stopping its cluster service: may take new VMs. */
  get canHost(): boolean {
    return this.status === 'up' && !this.stopping;
  }

  /** Up or paused: a cluster member, which may run VMs and do I/O. */
  get isMember(): boolean {
    return this.status === 'up' || this.status === 'paused';
  }
}

/** A VM: where it runs, what it does, and the outages it has had. */
export class VmRuntime {
  node: string;
  status: VmStatus;
  workload: WorkloadSpec;
  /**
   * Seconds its clients could not use the VM while it was meant to run: its outages (blackouts,
   * saves, crashes, boots) and its isolations (on a node no client network reaches), counted
   * once where they overlap. Closed stretches only: see `unavailableSince` for the one going on.
   */
  downtime = 0;
  clientsDisconnected = 0;
  /** When the current outage began, or null while the VM runs (or is meant to be off). */
  outageSince: Time | null = null;
  /** When the current stretch of outage or isolation (their union) began, or null. Kept by VmLifecycle. */
  unavailableSince: Time | null = null;
  /**
   * When the VM last began holding memory on its current node (booted, restored or started there,
   * or switched over to it by a live migration); -Infinity for one running there since before the
   * run. Kept by VmLifecycle; a failover's `failedAt` is never earlier (health/failover.ts).
   */
  hostedSince: Time = Number.NEGATIVE_INFINITY;
  /**
   * When the guest's file cache began filling: when it last started running after a boot (or was
   * first seen running in the run); -Infinity for one running since before the run; NaN while it
   * is off, failed or booting. A save keeps it: the cache is part of the saved state. Kept by
   * VmLifecycle; what a crash or a turn-off loses follows from it (health/lostBytes.ts).
   */
  cacheSince: Time;
  /**
   * Since when the VM has been isolated: it holds memory on a node that no client network reaches
   * (health/clientReach.ts), so it runs but its clients cannot reach it; null otherwise.
   */
  isolatedSince: Time | null = null;
  /**
   * Since when its clients have had no answer: the start of the current stretch in which it was in
   * an outage, isolated, or stopped (the union, when they overlap); null while it answers them.
   * Kept by VmLifecycle: its clients are lost when such a stretch lasts longer than `tcpTimeout`.
   */
  silentSince: Time | null = null;
  /**
   * True while its clients hold connections to it: from the start for a VM that runs then, broken
   * by a silence past `tcpTimeout`, a crash, a shutdown or a save, made again when it answers.
   */
  clientsConnected: boolean;

  constructor(readonly spec: VmSpec) {
    this.node = spec.owner;
    this.status = spec.state;
    this.workload = spec.workload;
    this.cacheSince = spec.state === 'running' ? Number.NEGATIVE_INFINITY : Number.NaN;
    this.clientsConnected = spec.state === 'running';
  }

  get name(): string {
    return this.spec.name;
  }

  /** True when the VM holds memory on its node (running, or stopped mid-move but not off/saved). */
  get holdsMemory(): boolean {
    return this.status !== 'off' && this.status !== 'saved' && this.status !== 'failed';
  }
}

/** A classic cluster disk or a CSV. */
export class DiskRuntime {
  /** Owner node of a classic disk; the coordinator node of a CSV. */
  owner: string | null;
  online = true;

  constructor(readonly spec: DiskSpec) {
    this.owner = spec.csv ? spec.coordinator : spec.owner;
  }

  get name(): string {
    return this.spec.name;
  }
}

/**
 * The runtime state of the whole cluster. The simulation's modules change it; views read it
 * through snapshots. Maps keep file order, so every iteration is deterministic.
 */
export class ClusterState {
  readonly nodes = new Map<string, NodeRuntime>();
  readonly vms = new Map<string, VmRuntime>();
  readonly disks = new Map<string, DiskRuntime>();

  constructor(scenario: Scenario) {
    for (const n of scenario.nodes) this.nodes.set(n.name, new NodeRuntime(n));
    for (const d of scenario.disks) this.disks.set(d.name, new DiskRuntime(d));
    for (const v of scenario.vms) {
      const vm = new VmRuntime(v);
      this.vms.set(v.name, vm);
      if (vm.holdsMemory) this.node(vm.node).reserved += v.memory;
    }
  }

  node(name: string): NodeRuntime {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node named "${name}"`);
    return n;
  }

  vm(name: string): VmRuntime {
    const v = this.vms.get(name);
    if (!v) throw new Error(`no VM named "${name}"`);
    return v;
  }

  disk(name: string): DiskRuntime {
    const d = this.disks.get(name);
    if (!d) throw new Error(`no disk named "${name}"`);
    return d;
  }

  vmsOn(node: string): VmRuntime[] {
    return [...this.vms.values()].filter((v) => v.node === node);
  }
}
