/**
 * VM disk I/O as flows on the network model, so that it takes its share of the disks, the iSCSI
 * ports and the cluster networks, and everything else there takes its share from it.
 *
 * Unit: one group per (disk, node) (csvIoGroups.ts): the running VMs of that node on that disk.
 * Their demand is the sum of their workloads' `diskIo`; a VM counts while it is `running` on a
 * node that is a cluster member (a VM that is off, saved, booting, suspended for a migration's
 * final copy or failed does no I/O). A VM that moves takes its I/O with it: its demand leaves the
 * old group and joins the new one when it runs there. One group is one CSV filter's stream to the
 * disk, like one iSCSI session per node: the disk is shared max-min fairly between nodes, not
 * between VMs. The groups follow each VM's status and workload through the VM lifecycle's hooks,
 * and the access of each node through the CSV access tracker's.
 *
 * Flows (streams: bytes Infinity, capped at the demand, never completing, so no per-I/O events;
 * all in the write direction, node towards disk — the read share of a real mix would travel the
 * other way on full-duplex ports, which this model does not split out):
 * - direct access: a storage flow node -> disk (tag 'storage') over the disk's path (its iSCSI
 *   network, sharing the node's port there, or the fabric), sharing the disk's throughput with
 *   every other flow to the disk;
 * - redirected access: a flow node -> coordinator over NetFT's network between them (tag
 *   'redirectedIo'), where it competes with live migrations, metadata and anything else, plus the
 *   coordinator's disk hop for those bytes: a storage flow coordinator -> disk (tag 'storage'),
 *   capped at the demand, so the redirected I/O takes its share of the disk and of the
 *   coordinator's iSCSI port. The network hop is capped at min(demand, the rate the disk hop
 *   gets): what the coordinator cannot write, the node cannot send. That cap is recomputed
 *   whenever the I/O is re-routed (any VM, access, coordinator, network or link change) and once
 *   more at the end of every instant in which something changed (Priority.observe), after other
 *   modules have started their own flows; between those moments it keeps its value, and the disk
 *   hop keeps its share even when the network hop is slower (an approximation in favour of the
 *   redirected I/O, bounded by the demand);
 * - paused (coordinator move) or no access: no flows; the demand of a paused node queues, and the
 *   pause's `queuedIos` is that demand over the pause / CSV_IO_SIZE;
 * - metadata: a node that is not the coordinator and has access forwards its VMs' metadata
 *   operations (METADATA_OPS_PER_VM per running VM, METADATA_OP_BYTES each) to the coordinator
 *   over NetFT: one small stream node -> coordinator (tag 'metadata') per group.
 * Classic (non-CSV) disks: the owner node's running VMs do direct I/O while the disk is online and
 * the path is up; no coordinator, no redirection.
 *
 * Accounting: bytes sent are read from the flows (exact at any moment); demand, time with I/O and
 * queued bytes are integrated between changes of demand or state (piecewise constant). The report
 * gets them per volume and node (`volumes[].nodes`), the snapshot each node's current rate.
 */
import { Priority, type EventHandle } from '../kernel';
import type { Flow } from '../network/flow';
import { netftNetwork } from '../network/order';
import type { CsvAccess } from '../model/events';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { CsvAccessView } from './csvAccess';
import type { CsvIoGroups, Group } from './csvIoGroups';
import { METADATA_OPS_PER_VM, METADATA_OP_BYTES } from './constants';

/** Relative tolerance of the rate checks (floating-point residue of the fair shares). */
const RATE_SLACK = 1e-9;

/** A flow's ends and network: when they change, the flow is replaced rather than re-capped. */
interface FlowSpec {
  readonly network: string;
  readonly from: string;
  readonly to: string;
  readonly cap: number;
}

type Slot = 'direct' | 'redirect' | 'hop' | 'metadata';

/** One node's I/O on one disk now. */
export interface NodeIoRates {
  /** Bytes per second its VMs get now (direct or redirected). */
  readonly throughput: number;
  /** Bytes per second they ask for. */
  readonly demand: number;
  /**
   * Seconds one metadata operation takes to reach the coordinator and come back (twice the
   * one-way latency of NetFT's network to it), or null when the node forwards none (it is the
   * coordinator, has no running VM there, or no access).
   */
  readonly metadataRoundTrip: number | null;
}

/** The VMs' disk I/O on every disk, as flows. Reach it as `sim.storage.io`. */
export class CsvIoModel {
  private refresh: EventHandle | null = null;
  private reconciling = false;

  constructor(
    private readonly ctx: Pick<RunContext, 'kernel' | 'network' | 'records' | 'scenario' | 'state'>,
    vms: Pick<VmLifecycle, 'onStatusChange' | 'onWorkloadChange'>,
    private readonly tracker: CsvAccessView,
    private readonly groups: CsvIoGroups,
  ) {
    // The tracker tells once per pass of access changes, before they are logged, so every logged
    // event sees flows that match the access states.
    tracker.onApplied.connect(() => {
      for (const g of groups.all()) if (g.disk.csv) g.dirty = true;
      this.reconcile();
    });
    ctx.network.onChange(() => {
      this.markAll();
      this.reconcile();
    });
    vms.onStatusChange.connect((vm) => {
      if (groups.contribute(vm)) this.reconcile();
    });
    vms.onWorkloadChange.connect((vm) => {
      // Not at once but in its turn at this instant, after the actions already due now: so it has
      // been from the start, and reacting at once would reorder what happens at the instant.
      const follow = (): void => {
        if (groups.contribute(vm)) this.reconcile();
      };
      ctx.kernel.at(ctx.kernel.now, follow, `${vm.name}: disk I/O follows its new workload`, Priority.action);
    });
    this.reconcile();
  }

  // ---- questions -------------------------------------------------------------------------------

  /** Throughput and demand of `node`'s VMs on `disk` now. */
  rates(disk: string, node: string): NodeIoRates {
    const g = this.groups.find(disk, node);
    if (!g) return { throughput: 0, demand: 0, metadataRoundTrip: null };
    const metadata = active(g.metadata);
    return {
      throughput: activeRate(g.direct) + activeRate(g.redirect),
      demand: g.demand,
      metadataRoundTrip: metadata ? 2 * this.ctx.network.latency(metadata.network) : null,
    };
  }

  /** Active flows carrying `node`'s I/O on `disk` (for tests and views). */
  flowsOf(disk: string, node: string): { direct: Flow | null; redirect: Flow | null; hop: Flow | null; metadata: Flow | null } {
    const g = this.groups.group(disk, node);
    return { direct: active(g.direct), redirect: active(g.redirect), hop: active(g.hop), metadata: active(g.metadata) };
  }

  /** Bytes sent so far by `node` on `disk`: direct, redirected, metadata. */
  bytes(disk: string, node: string): { direct: number; redirected: number; metadata: number } {
    const g = this.groups.group(disk, node);
    return {
      direct: g.directBytes + doneOf(g.direct),
      redirected: g.redirectedBytes + doneOf(g.redirect),
      metadata: g.metadataBytes + doneOf(g.metadata),
    };
  }

  /** Bytes of VM disk I/O that have queued on `disk` since the start of the run, up to now. */
  queuedBytes(disk: string): number {
    return this.groups.queuedBytes(disk);
  }

  /** Brings the report's per-node figures (`volumes[].nodes`) up to now. */
  settle(): void {
    for (const volume of this.ctx.records.volumes) {
      for (const g of this.groups.groupsOf(volume.disk)) {
        this.groups.integrate(g);
        const b = this.bytes(volume.disk, g.node);
        const moved = b.direct + b.redirected;
        volume.nodes[g.index] = {
          node: g.node,
          directBytes: b.direct,
          redirectedBytes: b.redirected,
          demandBytes: g.demandBytes,
          ioTime: g.ioTime,
          meanThroughput: g.ioTime > 0 ? moved / g.ioTime : 0,
          metadataOps: Math.round(b.metadata / METADATA_OP_BYTES),
        };
      }
    }
  }

  /**
   * Broken promises of the I/O model, for the invariant checks: each VM's I/O counts where it
   * runs, flows follow the node's access (no direct flow for a node that is not direct, no
   * redirected flow for one that is not redirected, none at all while paused or without access),
   * redirected I/O and metadata go to the coordinator, and nothing gets more than it asks.
   */
  violations(): string[] {
    const broken: string[] = [];
    for (const vm of this.ctx.state.vms.values()) {
      const want = this.groups.groupFor(vm);
      const have = this.groups.countedIn(vm.name);
      if (want !== have) broken.push(`${vm.name}'s disk I/O is counted on ${have ? `${have.node}/${have.disk.name}` : 'nothing'}, but it ${want ? `runs on ${want.node}` : 'does no I/O'}`);
    }
    const states = new Map<string, readonly CsvAccess[]>();
    for (const disk of this.tracker.disks) states.set(disk, this.tracker.access(disk).map((a) => a.state));
    for (const g of this.groups.all()) {
      const direct = active(g.direct);
      const redirect = active(g.redirect);
      const hop = active(g.hop);
      const metadata = active(g.metadata);
      const where = `${g.node} on ${g.disk.name}`;
      if ((direct || redirect) && g.demand <= 0) broken.push(`${where} has I/O flows but no running VM asks for I/O`);
      if (activeRate(direct) + activeRate(redirect) > g.demand * (1 + RATE_SLACK) + RATE_SLACK) broken.push(`${where} gets more I/O than its VMs ask for`);
      if (!g.disk.csv) {
        if (redirect || hop || metadata) broken.push(`${where}: a classic disk has no redirected I/O or metadata forwarding`);
        continue;
      }
      const state = (states.get(g.disk.name) as readonly CsvAccess[])[g.index];
      const coordinator = this.tracker.coordinator(g.disk.name);
      if (direct && state !== 'direct') broken.push(`${where} is ${state} but does direct I/O`);
      if ((redirect || hop) && state !== 'redirected') broken.push(`${where} is ${state} but does redirected I/O`);
      if (metadata && state !== 'direct' && state !== 'redirected') broken.push(`${where} is ${state} but forwards metadata`);
      if (redirect && redirect.to !== coordinator) broken.push(`${where} redirects its I/O to ${redirect.to}, not to the coordinator ${coordinator}`);
      if (hop && hop.from !== coordinator) broken.push(`${where}'s redirected I/O reaches the disk from ${hop.from}, not from the coordinator ${coordinator}`);
      if (metadata && metadata.to !== coordinator) broken.push(`${where} forwards metadata to ${metadata.to}, not to the coordinator ${coordinator}`);
    }
    return broken;
  }

  // ---- flows -----------------------------------------------------------------------------------

  private markAll(): void {
    for (const g of this.groups.all()) g.dirty = true;
  }

  /**
   * Sets up every dirty group's flows for its access now: first every storage flow (direct and
   * the coordinator's disk hops), then the redirected hops, capped by what their disk hops get.
   */
  private reconcile(): void {
    if (this.reconciling) return;
    this.reconciling = true;
    try {
      const dirty = [...this.groups.all()].filter((g) => g.dirty);
      for (const g of dirty) this.setUpStorage(g);
      for (const g of dirty) this.setUpNetwork(g);
      for (const g of dirty) g.dirty = false;
      this.capRedirected();
      this.scheduleRefresh();
    } finally {
      this.reconciling = false;
    }
  }

  private setUpStorage(g: Group): void {
    const state = this.accessNow(g);
    if (state !== g.state) {
      this.groups.integrate(g);
      g.state = state;
    }
    const io = g.demand > 0;
    const disk = g.disk.name;
    const reaches = (node: string): boolean => this.ctx.network.whyCannotReachStorage(node, disk) === null;
    this.ensure(g, 'direct', io && state === 'direct' && reaches(g.node) ? { network: '', from: g.node, to: disk, cap: g.demand } : null);
    const coordinator = g.disk.csv ? this.tracker.coordinator(disk) : null;
    const hop = io && state === 'redirected' && coordinator !== null && reaches(coordinator);
    this.ensure(g, 'hop', hop ? { network: '', from: coordinator, to: disk, cap: g.demand } : null);
  }

  private setUpNetwork(g: Group): void {
    const state = g.state;
    const disk = g.disk.name;
    const coordinator = g.disk.csv ? this.tracker.coordinator(disk) : null;
    const route = coordinator !== null && coordinator !== g.node ? this.route(g.node, coordinator) : null;
    const hop = active(g.hop);
    const redirect = g.demand > 0 && state === 'redirected' && hop !== null && route !== null;
    this.ensure(g, 'redirect', redirect ? { network: route as string, from: g.node, to: coordinator as string, cap: Math.min(g.demand, hop.rate) } : null);
    const forwards = g.vms > 0 && (state === 'direct' || state === 'redirected') && route !== null;
    this.ensure(g, 'metadata', forwards ? { network: route as string, from: g.node, to: coordinator as string, cap: g.vms * METADATA_OPS_PER_VM * METADATA_OP_BYTES } : null);
  }

  /** Caps every redirected hop at what its disk hop gets now. */
  private capRedirected(): void {
    for (const g of this.groups.all()) {
      const redirect = active(g.redirect);
      const hop = active(g.hop);
      if (redirect && hop) this.ctx.network.setMaxRate(redirect, Math.min(g.demand, hop.rate));
    }
  }

  /**
   * Once more at the end of this instant, after whatever else happens in it (a quick migration
   * starting its save flows right after its VM's state changed): the redirected hops' caps.
   */
  private scheduleRefresh(): void {
    if (this.refresh && !this.refresh.cancelled && this.refresh.time === this.ctx.kernel.now) return;
    if (![...this.groups.all()].some((g) => active(g.redirect) !== null)) return;
    const handle = this.ctx.kernel.at(
      this.ctx.kernel.now,
      () => {
        if (this.refresh === handle) this.refresh = null;
        this.capRedirected();
      },
      'redirected CSV I/O: caps at the end of the instant',
      Priority.observe,
    );
    this.refresh = handle;
  }

  /** The access the group's flows should follow now. */
  private accessNow(g: Group): CsvAccess | 'none' {
    const disk = g.disk.name;
    if (g.disk.csv) return this.tracker.accessOf(disk, g.node).state;
    const runtime = this.ctx.state.disk(disk);
    return runtime.online && runtime.owner === g.node ? 'direct' : 'none';
  }

  /** NetFT's network between two nodes now, or null. */
  private route(node: string, coordinator: string): string | null {
    return netftNetwork(this.ctx.scenario.networks, node, coordinator, this.ctx.network.usableBetween(node, coordinator))?.name ?? null;
  }

  /** Makes the group's flow in `slot` match `spec` (null: none): re-caps it, or replaces it when its ends changed. */
  private ensure(g: Group, slot: Slot, spec: FlowSpec | null): void {
    const current = g[slot];
    if (current) {
      const same = spec !== null && current.state === 'active' && current.from === spec.from && sameEnd(current, spec, slot) && (slot === 'direct' || slot === 'hop' || current.network === spec.network);
      if (same) {
        this.ctx.network.setMaxRate(current, spec.cap);
        return;
      }
      this.retire(g, slot);
    }
    if (spec === null) return;
    const disk = g.disk.name;
    const onFail = (flow: Flow): void => {
      if (g[slot] !== flow) return;
      g.dirty = true;
      this.reconcile();
    };
    let flow: Flow;
    if (slot === 'direct' || slot === 'hop') {
      const label = slot === 'direct' ? `${g.node} I/O on ${disk}` : `${spec.from} disk I/O on ${disk} redirected from ${g.node}`;
      flow = this.ctx.network.startStorageFlow({ node: spec.from, disk, direction: 'write', bytes: Number.POSITIVE_INFINITY, maxRate: spec.cap, tag: 'storage', label, onFail });
    } else {
      const redirect = slot === 'redirect';
      flow = this.ctx.network.startFlow({
        network: spec.network,
        from: spec.from,
        to: spec.to,
        bytes: Number.POSITIVE_INFINITY,
        maxRate: spec.cap,
        tag: redirect ? 'redirectedIo' : 'metadata',
        label: redirect ? `${g.node} redirected I/O on ${disk}` : `${g.node} metadata on ${disk}`,
        onFail,
      });
    }
    g[slot] = flow;
  }

  /** Ends the group's flow in `slot` and books what it sent. */
  private retire(g: Group, slot: Slot): void {
    const flow = g[slot];
    if (!flow) return;
    flow.cancel();
    const done = flow.bytesDone();
    if (slot === 'direct') g.directBytes += done;
    else if (slot === 'redirect') g.redirectedBytes += done;
    else if (slot === 'metadata') g.metadataBytes += done;
    g[slot] = null;
  }
}

function active(flow: Flow | null): Flow | null {
  return flow !== null && flow.state === 'active' ? flow : null;
}

function activeRate(flow: Flow | null): number {
  return flow !== null && flow.state === 'active' ? flow.rate : 0;
}

function doneOf(flow: Flow | null): number {
  return flow ? flow.bytesDone() : 0;
}

/** Storage flows end at the disk's endpoint (its name is the network model's business): same disk, same end. */
function sameEnd(flow: Flow, spec: FlowSpec, slot: Slot): boolean {
  return slot === 'direct' || slot === 'hop' ? true : flow.to === spec.to;
}
