import { Priority, type Kernel, type Time } from '../kernel';
import type { BytesPerSecond, NetworkSpec, Seconds } from '../scenario/model';
import { FlowRecord, type Flow, type FlowFailReason, type FlowOptions, type FlowOwner } from './flow';
import type { RecomputeStats } from './flowTable';
import { Topology, type LinkState, type NetworkState, type StorageEndpoint } from './topology';
import { utilisationOf, type NetworkUtilisation } from './utilisation';

/**
 * An up/down transition of a whole network or of one node's link to it. `reason` is what the
 * caller gave (defaults: 'failed', 'restored', 'disconnected', 'reconnected'; a node crash might
 * pass 'nodeCrashed'); `flowsFailed` counts the flows the transition failed.
 */
export type NetworkChange =
  | {
      readonly kind: 'network.down' | 'network.up';
      readonly t: Time;
      readonly network: string;
      readonly reason: string;
      readonly flowsFailed: number;
    }
  | {
      readonly kind: 'link.down' | 'link.up';
      readonly t: Time;
      readonly network: string;
      readonly node: string;
      readonly reason: string;
      readonly flowsFailed: number;
    };

/** A storage transfer: `write` goes from the node to the disk, `read` from the disk to the node. */
interface StorageFlowOptions extends Omit<FlowOptions, 'network' | 'from' | 'to'> {
  readonly node: string;
  readonly disk: string;
  readonly direction: 'read' | 'write';
}

export type NetworkChangeListener = (change: NetworkChange) => void;

/**
 * The cluster's networks at run time: flows sharing links in the fluid model.
 *
 * Links. Each node attached to a network has a full-duplex port of the network's bandwidth: a
 * transmit and a receive capacity. A flow from A to B on N uses A's transmit side and B's receive
 * side on N; the switch is non-blocking. A flow may also have its own cap (`maxRate`).
 *
 * Rates. Max-min fair (see maxMinFair.ts), recomputed only when a flow starts, ends, fails or
 * changes its cap, or a link fails, and only over the connected component of resources the change
 * touches: every other flow keeps its rate and its completion time, untouched.
 *
 * Progress and completion. A flow stores the bytes sent at its last rate change and its rate
 * since. A finite flow completes at (last change) + (bytes left) / rate + the network's one-way
 * latency: the last byte still has to cross the wire, so the latency is paid once, at the end.
 * That time (`flow.completesAt`) moves only when the flow's rate changes, and no longer moves once
 * every byte is sent. A flow keeps its share until it completes, including that last latency
 * (sub-millisecond on a LAN). A flow with a rate of 0 (a cap of 0) has no completion; a stream
 * (bytes = Infinity) never completes but takes its share like any other flow until it is
 * cancelled or fails.
 *
 * Completion events. Completion times are kept per network in an indexed heap, and each network
 * has one kernel event (Priority.completion) at its earliest completion. One start or end can
 * change the rates of thousands of flows in a busy component (max-min shares cascade), and moving
 * a heap entry costs a few comparisons where a kernel event per flow would cost an allocation and
 * leave a cancelled event in the kernel's queue each time. Flows due at the same instant complete
 * one per event, in start order, each with its own recomputation and callback.
 *
 * Failures. Failing a network, or taking a node's link down, fails every flow through it at once
 * (onFail with 'networkFailed' or 'linkDown'). A flow cannot start where {@link canCarry} is false:
 * startFlow throws, so callers ask canCarry (or pick a network with the NetFT/live-migration order,
 * which takes canCarry as its predicate) first.
 *
 * Callbacks. The model's state (flows, rates, completion times) is consistent before any callback
 * runs, so a callback may start, cancel or re-cap flows. On a failure the change listeners run
 * first, then each failed flow's onFail, in start order; onComplete runs after the completed
 * flow's share has been handed back to the others.
 *
 * Determinism: everything iterates in insertion order (Maps, Sets, arrays); ties in the fair share
 * are broken by start order, never by memory layout.
 */
export class NetworkModel {
  private readonly topology: Topology;
  /** Active flows, in start order. */
  private readonly active = new Map<number, FlowRecord>();
  private readonly listeners: NetworkChangeListener[] = [];
  private readonly owner: FlowOwner;
  private nextId = 1;

  constructor(
    readonly kernel: Kernel,
    networks: readonly NetworkSpec[],
    nodeNames: readonly string[],
    storage: readonly StorageEndpoint[] = [],
  ) {
    this.topology = new Topology(networks, nodeNames, storage);
    this.owner = { kernel, cancelFlow: (flow: FlowRecord) => this.cancelFlow(flow) };
  }

  // ---- questions -------------------------------------------------------------------------------

  /** The networks' specs, in scenario order. */
  get networks(): readonly NetworkSpec[] {
    return Array.from(this.topology.all(), (net) => net).filter((net) => !net.internal).map((net) => net.spec);
  }

  isNetworkUp(network: string): boolean {
    return this.topology.isNetworkUp(network);
  }

  /** True when `node` is attached to `network` and its link is up. */
  isLinkUp(node: string, network: string): boolean {
    return this.topology.isLinkUp(node, network);
  }

  isAttached(node: string, network: string): boolean {
    return this.topology.isAttached(node, network);
  }

  /**
   * True when a flow from `a` to `b` can start on `network` now: `a` and `b` are different nodes,
   * both attached, both links up, and the network up. Throws only for an unknown network.
   */
  canCarry(network: string, a: string, b: string): boolean {
    return this.topology.canCarry(network, a, b);
  }

  /** Why {@link canCarry} is false (a sentence), or null when it is true. */
  whyCannotCarry(network: string, a: string, b: string): string | null {
    return this.topology.whyNot(network, a, b);
  }

  /**
   * A predicate for the NetFT and live-migration network order: "can this network carry traffic
   * between `a` and `b` now?" (evaluated when called, so it follows failures).
   */
  usableBetween(a: string, b: string): (network: Pick<NetworkSpec, 'name'>) => boolean {
    return (network) => this.topology.canCarry(network.name, a, b);
  }

  /** One-way latency of `network`, in seconds. */
  latency(network: string): Seconds {
    return this.topology.latency(network);
  }

  /** Port capacity of `network`, each way, in bytes per second. */
  bandwidth(network: string): BytesPerSecond {
    return this.topology.network(network).spec.bandwidth;
  }

  /** Active flows (all, or on one network), in start order. */
  activeFlows(network?: string): Flow[] {
    if (network === undefined) return [...this.active.values()];
    return [...this.topology.network(network).flows];
  }

  /** What `network` carries right now: total, by traffic class, and per node port. */
  utilisation(network: string): NetworkUtilisation {
    return utilisationOf(this.topology.network(network));
  }

  /** Work done by the rate recomputations so far, summed over networks (for benchmarks). */
  get stats(): RecomputeStats {
    const total: RecomputeStats = { recomputes: 0, flowsRecomputed: 0, rateChanges: 0 };
    for (const net of this.topology.all()) {
      total.recomputes += net.table.stats.recomputes;
      total.flowsRecomputed += net.table.stats.flowsRecomputed;
      total.rateChanges += net.table.stats.rateChanges;
    }
    return total;
  }

  /** Subscribes to network and link up/down transitions; returns the function that unsubscribes. */
  onChange(listener: NetworkChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // ---- flows -----------------------------------------------------------------------------------

  /**
   * Starts a flow now and gives it (and its component) their fair shares.
   * Throws when the flow cannot start: a node to itself, a node not attached, a network or link
   * down (see {@link canCarry}), or invalid bytes / maxRate.
   */
  startFlow(options: FlowOptions): Flow {
    const { network, from, to, bytes, tag } = options;
    const maxRate = options.maxRate ?? Number.POSITIVE_INFINITY;
    if (!(bytes >= 0)) throw new RangeError(`flow bytes must be >= 0 or Infinity, got ${bytes}`);
    checkRate(maxRate);
    const why = this.topology.whyNot(network, from, to);
    if (why !== null) throw new Error(`cannot start a flow from "${from}" to "${to}" on "${network}": ${why}`);

    const net = this.topology.network(network);
    const sender = net.links.get(from) as LinkState;
    const receiver = net.links.get(to) as LinkState;
    const now = this.kernel.now;
    const flow = new FlowRecord(
      this.owner,
      net.table,
      this.nextId++,
      network,
      from,
      to,
      tag,
      options.label ?? '',
      bytes,
      options.onComplete,
      options.onFail,
    );
    flow.slot = net.table.add(flow, sender.index, receiver.index, bytes, maxRate, now);
    this.active.set(flow.id, flow);
    net.flows.add(flow);
    this.recompute(net, net.table.resourcesOf(flow.slot));
    return flow;
  }

  /**
   * Starts storage traffic between a node and a disk: a write (node to disk) or a read (disk to
   * node), over the disk's storage path. It shares the disk's throughput with every other flow to
   * that disk and the node's port on an iSCSI path with every other flow there. Throws like
   * {@link startFlow} when the path is down: ask {@link whyCannotReachStorage} first.
   */
  startStorageFlow(options: StorageFlowOptions): Flow {
    const { network, endpoint } = this.topology.storage(options.disk);
    const write = options.direction === 'write';
    return this.startFlow({
      network,
      from: write ? options.node : endpoint,
      to: write ? endpoint : options.node,
      bytes: options.bytes,
      maxRate: options.maxRate,
      tag: options.tag,
      label: options.label,
      onComplete: options.onComplete,
      onFail: options.onFail,
    });
  }

  /**
   * Every network (including the storage fabric) on which `node`'s link is up: what a crash
   * silences and a restart brings back.
   */
  linksUp(node: string): string[] {
    const out: string[] = [];
    for (const net of this.topology.all()) if (net.links.get(node)?.up) out.push(net.spec.name);
    return out;
  }

  /** Why `node` cannot reach `disk` over its storage path now, or null when it can. */
  whyCannotReachStorage(node: string, disk: string): string | null {
    const { network, endpoint } = this.topology.storage(disk);
    return this.topology.whyNot(network, node, endpoint);
  }

  /**
   * Changes a flow's own cap (Infinity removes it; 0 pauses the flow). Rates of its component are
   * recomputed. A no-op for a flow that has ended.
   */
  setMaxRate(flow: Flow, maxRate: BytesPerSecond): void {
    checkRate(maxRate);
    const record = this.own(flow);
    if (!record || record.maxRate === maxRate) return;
    const net = this.topology.network(record.network);
    net.table.setMaxRate(record.slot, maxRate);
    this.recompute(net, net.table.resourcesOf(record.slot));
  }

  // ---- failures --------------------------------------------------------------------------------

  /** The whole network fails (switch down): every flow on it fails with 'networkFailed'. */
  failNetwork(network: string, reason = 'failed'): void {
    const net = this.topology.network(network);
    if (!net.up) return;
    net.up = false;
    const failed = [...net.flows];
    for (const flow of failed) this.end(flow, 'failed', 'networkFailed');
    // Every flow of the network is gone: no rate to recompute, no completion to wait for.
    this.arm(net);
    this.emit({ kind: 'network.down', t: this.kernel.now, network, reason, flowsFailed: failed.length });
    this.notifyFailed(failed, 'networkFailed');
  }

  /** The network comes back; new flows may start on it (links that are down stay down). */
  restoreNetwork(network: string, reason = 'restored'): void {
    const net = this.topology.network(network);
    if (net.up) return;
    net.up = true;
    this.emit({ kind: 'network.up', t: this.kernel.now, network, reason, flowsFailed: 0 });
  }

  /** `node`'s link to `network` goes down: every flow it sends or receives there fails with 'linkDown'. */
  disconnect(node: string, network: string, reason = 'disconnected'): void {
    const link = this.topology.link(node, network);
    if (!link.up) return;
    link.up = false;
    const net = this.topology.network(network);
    const failed = net.table.flowsAt(link.index).sort((a, b) => a.id - b.id);
    const touched: number[] = [];
    for (const flow of failed) {
      touched.push(...net.table.resourcesOf(flow.slot));
      this.end(flow, 'failed', 'linkDown');
    }
    // The flows' other ends now have capacity to spare.
    this.recompute(net, touched);
    this.emit({ kind: 'link.down', t: this.kernel.now, network, node, reason, flowsFailed: failed.length });
    this.notifyFailed(failed, 'linkDown');
  }

  /** `node`'s link to `network` comes back. */
  reconnect(node: string, network: string, reason = 'reconnected'): void {
    const link = this.topology.link(node, network);
    if (link.up) return;
    link.up = true;
    this.emit({ kind: 'link.up', t: this.kernel.now, network, node, reason, flowsFailed: 0 });
  }

  // ---- internals -------------------------------------------------------------------------------

  private own(flow: Flow): FlowRecord | undefined {
    const record = this.active.get(flow.id);
    if (record === flow) return record;
    if (flow.state === 'active') throw new Error(`flow ${flow.id} does not belong to this network model`);
    return undefined;
  }

  private cancelFlow(flow: FlowRecord): void {
    const net = this.topology.network(flow.network);
    const seeds = net.table.resourcesOf(flow.slot);
    this.end(flow, 'cancelled', null);
    this.recompute(net, seeds);
  }

  /** The network's wake-up: completes the flow due first (one per event). */
  private completeNext(net: NetworkState): void {
    net.wakeup = null;
    net.wakeupFor = null;
    const slot = net.table.queue.peek();
    const due = slot >= 0 ? (net.table.queue.timeOf(slot) as Time) : Number.POSITIVE_INFINITY;
    if (due > this.kernel.now) {
      this.arm(net);
      return;
    }
    const flow = net.table.flowAt(slot);
    const seeds = net.table.resourcesOf(slot);
    this.end(flow, 'completed', null);
    this.recompute(net, seeds);
    flow.onComplete?.(flow);
  }

  /** Takes a flow out of the model (its resources are left for the caller to recompute). */
  private end(flow: FlowRecord, state: 'completed' | 'failed' | 'cancelled', reason: FlowFailReason | null): void {
    const net = this.topology.network(flow.network);
    flow.end(state, reason, this.kernel.now);
    net.flows.delete(flow);
    this.active.delete(flow.id);
  }

  /** Recomputes the fair shares around `seeds` (resources of `net`), then re-arms its wake-up. */
  private recompute(net: NetworkState, seeds: Iterable<number>): void {
    net.table.recompute(seeds, this.kernel.now);
    this.arm(net);
  }

  /** Keeps one kernel event per network, at its earliest completion. */
  private arm(net: NetworkState): void {
    const queue = net.table.queue;
    const slot = queue.peek();
    const time = slot >= 0 ? queue.timeOf(slot) : null;
    if (time === net.wakeupFor) return;
    net.wakeup?.cancel();
    net.wakeupFor = time;
    net.wakeup =
      time === null
        ? null
        : this.kernel.at(time, () => this.completeNext(net), `network ${net.spec.name}: next flow completion`, Priority.completion);
  }

  private notifyFailed(failed: readonly FlowRecord[], reason: FlowFailReason): void {
    for (const flow of failed) flow.onFail?.(flow, reason);
  }

  private emit(change: NetworkChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function checkRate(rate: number): void {
  if (!(rate >= 0)) throw new RangeError(`a flow's maxRate must be >= 0 or Infinity, got ${rate}`);
}
