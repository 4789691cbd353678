import type { Time } from '../kernel';
import type { Bytes, BytesPerSecond, Seconds } from '../scenario/model';
import { CompletionQueue } from './completionQueue';
import { MaxMinFairSolver, type SharingGraph } from './maxMinFair';

/** Less than this many bytes left counts as sent (floating-point residue of rate x time). */
const SENT_EPSILON: Bytes = 1e-3;

/** Counters for benchmarks and tests: how much work the rate recomputations did. */
export interface RecomputeStats {
  /** Recomputations run. */
  recomputes: number;
  /** Flows whose fair share was recomputed, summed over recomputations (component sizes). */
  flowsRecomputed: number;
  /** Flows whose rate actually changed, summed over recomputations. */
  rateChanges: number;
}

/**
 * The flows of one network, kept as a table of slots in typed arrays (the rate recomputation
 * touches thousands of flows per change in a busy network, so it works on flat arrays, not on
 * objects), with the resources they share and their expected completions.
 *
 * Resources: each attached node i has a transmit side (resource 2i) and a receive side (2i + 1),
 * each of the network's bandwidth. A flow uses its sender's transmit and its receiver's receive
 * side. Each resource lists the slots through it, in an order that depends only on the sequence of
 * operations (removal swaps the last entry into the hole), so runs are reproducible.
 *
 * Progress is lazy: a slot stores the bytes done at its last rate change and the rate since.
 *
 * `F` is what a slot holds (the network model's flow records), known here only by its id.
 */
export class FlowTable<F extends { readonly id: number }> implements SharingGraph {
  readonly queue = new CompletionQueue();

  // Per resource (SharingGraph): capacity and the slots through it.
  readonly capacity: Float64Array;
  readonly through: Int32Array[];
  readonly throughLength: Int32Array;
  private readonly resourceMark: Int32Array;

  // Per slot (SharingGraph: first = transmit side, second = receive side, cap = maxRate).
  first = new Int32Array(0);
  second = new Int32Array(0);
  cap = new Float64Array(0);
  /** Slots with a finite cap, sorted by (cap, flow id). */
  cappedOrder = new Int32Array(16);
  cappedCount = 0;
  private slots = 0;
  private posInTx = new Int32Array(0);
  private posInRx = new Int32Array(0);
  private flowMark = new Int32Array(0);
  private idOf = new Float64Array(0);
  private rateOf = new Float64Array(0);
  private doneOf = new Float64Array(0);
  private updatedOf = new Float64Array(0);
  private bytesOf = new Float64Array(0);
  private readonly flows: (F | null)[] = [];
  private readonly free: number[] = [];
  private used = 0;
  private epoch = 0;

  // Scratch for recomputations, grown as needed.
  private readonly solver = new MaxMinFairSolver();
  private readonly componentResources: Int32Array;
  private componentFlows = new Int32Array(0);
  private newRate = new Float64Array(0);

  readonly stats: RecomputeStats = { recomputes: 0, flowsRecomputed: 0, rateChanges: 0 };

  /** `nodeCount` attached nodes, numbered 0 .. nodeCount - 1 by the caller. */
  constructor(
    nodeCount: number,
    readonly bandwidth: BytesPerSecond,
    readonly latency: Seconds,
  ) {
    const resources = 2 * nodeCount;
    this.capacity = new Float64Array(resources).fill(bandwidth);
    this.through = Array.from({ length: resources }, () => new Int32Array(8));
    this.throughLength = new Int32Array(resources);
    this.resourceMark = new Int32Array(resources);
    this.componentResources = new Int32Array(resources);
    this.grow(16);
  }

  /** Number of active flows. */
  get size(): number {
    return this.used;
  }

  /** Adds a flow (rate 0 until the next {@link recompute}); returns its slot. */
  add(flow: F, from: number, to: number, bytes: Bytes, maxRate: BytesPerSecond, now: Time): number {
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.nextSlot();
    this.flows[slot] = flow;
    this.used++;
    this.idOf[slot] = flow.id;
    this.cap[slot] = maxRate;
    this.addCapped(slot);
    this.rateOf[slot] = 0;
    this.doneOf[slot] = 0;
    this.updatedOf[slot] = now;
    this.bytesOf[slot] = bytes;
    this.flowMark[slot] = 0;
    this.first[slot] = 2 * from;
    this.second[slot] = 2 * to + 1;
    this.posInTx[slot] = this.attach(2 * from, slot);
    this.posInRx[slot] = this.attach(2 * to + 1, slot);
    // Nothing (or next to nothing) to send: it arrives one latency later, whatever its rate.
    if (bytes <= SENT_EPSILON) this.queue.set(slot, now + this.latency, flow.id);
    return slot;
  }

  /** Removes a flow; returns the bytes it had sent. Its resources are left for the caller to recompute. */
  remove(slot: number, now: Time): Bytes {
    const done = this.bytesDone(slot, now);
    this.detach(this.first[slot], this.posInTx[slot]);
    this.detach(this.second[slot], this.posInRx[slot]);
    this.queue.remove(slot);
    this.removeCapped(slot);
    this.flows[slot] = null;
    this.free.push(slot);
    this.used--;
    return done;
  }

  /** The resources (transmit side, receive side) a slot uses: the seeds of a recomputation. */
  resourcesOf(slot: number): [number, number] {
    return [this.first[slot], this.second[slot]];
  }

  /** Both sides of a node's port. */
  portOf(node: number): [number, number] {
    return [2 * node, 2 * node + 1];
  }

  /** The flows a node sends or receives, in no particular order. */
  flowsAt(node: number): F[] {
    const out: F[] = [];
    for (const r of this.portOf(node)) {
      const list = this.through[r];
      for (let k = 0; k < this.throughLength[r]; k++) out.push(this.flows[list[k]] as F);
    }
    return out;
  }

  flowAt(slot: number): F {
    return this.flows[slot] as F;
  }

  rate(slot: number): BytesPerSecond {
    return this.rateOf[slot];
  }

  maxRate(slot: number): BytesPerSecond {
    return this.cap[slot];
  }

  setMaxRate(slot: number, maxRate: BytesPerSecond): void {
    this.removeCapped(slot);
    this.cap[slot] = maxRate;
    this.addCapped(slot);
  }

  /** When the slot's rate last changed. */
  rateChangedAt(slot: number): Time {
    return this.updatedOf[slot];
  }

  bytesDone(slot: number, now: Time): Bytes {
    return Math.min(this.bytesOf[slot], this.doneOf[slot] + this.rateOf[slot] * (now - this.updatedOf[slot]));
  }

  /** Sum of the rates through a resource. */
  load(resource: number): BytesPerSecond {
    const list = this.through[resource];
    let sum = 0;
    for (let k = 0; k < this.throughLength[resource]; k++) sum += this.rateOf[list[k]];
    return sum;
  }

  /**
   * Recomputes the max-min fair rates of the connected component(s) around `seeds` (resource
   * indices) and applies the changes: only flows whose rate changes have their progress brought
   * up to date and their completion moved.
   */
  recompute(seeds: Iterable<number>, now: Time): void {
    const flowCount = this.findComponent(seeds);
    this.stats.recomputes++;
    this.stats.flowsRecomputed += flowCount;
    if (flowCount === 0) return;
    const flows = this.componentFlows;
    const rate = this.newRate;
    this.solver.solve(this, this.componentResources, this.componentSize, flows, flowCount, rate);
    // Apply the changes: bring progress up to now at the old rate, then move the completion.
    const { rateOf, doneOf, updatedOf, bytesOf, idOf, queue, latency } = this;
    let changed = 0;
    for (let j = 0; j < flowCount; j++) {
      const slot = flows[j];
      const newRate = rate[slot];
      if (newRate === rateOf[slot]) continue;
      changed++;
      const elapsed = now - updatedOf[slot];
      const bytes = bytesOf[slot];
      if (elapsed > 0) {
        doneOf[slot] = Math.min(bytes, doneOf[slot] + rateOf[slot] * elapsed);
        updatedOf[slot] = now;
      }
      rateOf[slot] = newRate;
      if (bytes === Number.POSITIVE_INFINITY) continue;
      const left = bytes - doneOf[slot];
      if (left <= SENT_EPSILON) {
        // Every byte is on the wire: the completion (sent + latency) no longer depends on the rate.
        if (!queue.has(slot)) queue.set(slot, now + latency, idOf[slot]);
      } else if (newRate > 0) {
        queue.set(slot, now + left / newRate + latency, idOf[slot]);
      } else {
        queue.remove(slot);
      }
    }
    this.stats.rateChanges += changed;
  }

  private componentSize = 0;

  /** Breadth first from the seeds over resources and the flows through them; returns the flow count. */
  private findComponent(seeds: Iterable<number>): number {
    const epoch = ++this.epoch;
    if (this.componentFlows.length < this.slots) this.componentFlows = new Int32Array(this.slots);
    const { componentResources: resources, componentFlows: flows, resourceMark, flowMark, first, second } = this;
    let resourceCount = 0;
    let flowCount = 0;
    for (const seed of seeds) {
      if (resourceMark[seed] === epoch) continue;
      resourceMark[seed] = epoch;
      resources[resourceCount++] = seed;
    }
    for (let i = 0; i < resourceCount; i++) {
      const r = resources[i];
      const list = this.through[r];
      const n = this.throughLength[r];
      for (let k = 0; k < n; k++) {
        const slot = list[k];
        if (flowMark[slot] === epoch) continue;
        flowMark[slot] = epoch;
        flows[flowCount++] = slot;
        const other = first[slot] === r ? second[slot] : first[slot];
        if (resourceMark[other] !== epoch) {
          resourceMark[other] = epoch;
          resources[resourceCount++] = other;
        }
      }
    }
    this.componentSize = resourceCount;
    return flowCount;
  }

  /** Position in cappedOrder of the first entry not before (cap, id) of `slot`. */
  private cappedSearch(slot: number): number {
    const c = this.cap[slot];
    const id = this.idOf[slot];
    let lo = 0;
    let hi = this.cappedCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.cappedOrder[mid];
      const oc = this.cap[other];
      if (oc < c || (oc === c && this.idOf[other] < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private addCapped(slot: number): void {
    if (!(this.cap[slot] < Number.POSITIVE_INFINITY)) return;
    if (this.cappedCount === this.cappedOrder.length) {
      const bigger = new Int32Array(2 * this.cappedCount);
      bigger.set(this.cappedOrder);
      this.cappedOrder = bigger;
    }
    const at = this.cappedSearch(slot);
    this.cappedOrder.copyWithin(at + 1, at, this.cappedCount);
    this.cappedOrder[at] = slot;
    this.cappedCount++;
  }

  private removeCapped(slot: number): void {
    if (!(this.cap[slot] < Number.POSITIVE_INFINITY)) return;
    const at = this.cappedSearch(slot);
    this.cappedOrder.copyWithin(at, at + 1, this.cappedCount);
    this.cappedCount--;
  }

  private attach(resource: number, slot: number): number {
    let list = this.through[resource];
    const n = this.throughLength[resource];
    if (n === list.length) {
      const bigger = new Int32Array(2 * n);
      bigger.set(list);
      this.through[resource] = list = bigger;
    }
    list[n] = slot;
    this.throughLength[resource] = n + 1;
    return n;
  }

  private detach(resource: number, pos: number): void {
    const list = this.through[resource];
    const last = --this.throughLength[resource];
    if (pos === last) return;
    const moved = list[last];
    list[pos] = moved;
    if (this.first[moved] === resource) this.posInTx[moved] = pos;
    else this.posInRx[moved] = pos;
  }

  private nextSlot(): number {
    if (this.flows.length === this.slots) this.grow(2 * this.slots);
    this.flows.push(null);
    return this.flows.length - 1;
  }

  private grow(slots: number): void {
    const int = (old: Int32Array) => {
      const a = new Int32Array(slots);
      a.set(old);
      return a;
    };
    const float = (old: Float64Array) => {
      const a = new Float64Array(slots);
      a.set(old);
      return a;
    };
    this.first = int(this.first);
    this.second = int(this.second);
    this.posInTx = int(this.posInTx);
    this.posInRx = int(this.posInRx);
    this.flowMark = int(this.flowMark);
    this.newRate = float(this.newRate);
    this.idOf = float(this.idOf);
    this.cap = float(this.cap);
    this.rateOf = float(this.rateOf);
    this.doneOf = float(this.doneOf);
    this.updatedOf = float(this.updatedOf);
    this.bytesOf = float(this.bytesOf);
    this.queue.reserve(slots);
    this.slots = slots;
  }
}
