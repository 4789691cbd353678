/**
 * Max-min fair rate allocation by progressive filling (water-filling), the fluid model SimGrid
 * uses for flows sharing links.
 *
 * Every flow's rate grows at the same pace until something stops it: either one of the resources
 * it uses is full (that resource is the flow's bottleneck, and every flow still growing through it
 * stops at the same level), or the flow reaches its own cap (a flow bottlenecked elsewhere, by a
 * disk or an application, leaves the rest of its share to the others). The result is the unique
 * allocation in which no flow can get more without taking from a flow that has no more than it.
 *
 * Pure computation over flat arrays (the network model recomputes components of thousands of
 * flows, so nothing here allocates per flow). Iteration order only breaks ties, and ties are broken
 * by position in the given lists, so the same input gives the same output bit for bit.
 *
 * Cost for F flows over R resources: each flow is frozen once (O(F)), at most 2R + 1 rounds of
 * O(R) to find the next level, and one pass over the capped flows, kept sorted by the caller.
 */

/**
 * Flows and the resources they share, indexed by resource id and flow id. Flow f uses resource
 * `first[f]` and, when `second[f] >= 0`, `second[f]` too (a network flow: the sender's transmit
 * side and the receiver's receive side). A resource lists the flows through it in
 * `through[r][0 .. throughLength[r] - 1]`.
 */
export interface SharingGraph {
  /** Capacity of each resource in bytes per second (>= 0). */
  readonly capacity: ArrayLike<number>;
  readonly through: readonly ArrayLike<number>[];
  readonly throughLength: ArrayLike<number>;
  readonly first: ArrayLike<number>;
  readonly second: ArrayLike<number>;
  /** Each flow's own cap in bytes per second (>= 0); Infinity when only the resources limit it. */
  readonly cap: ArrayLike<number>;
  /**
   * Every flow with a finite cap (it may list flows outside the part being solved), sorted by cap:
   * `cappedOrder[0 .. cappedCount - 1]`. Kept by the caller, because caps change far less often
   * than shares are recomputed; equal caps may come in any fixed order.
   */
  readonly cappedOrder: ArrayLike<number>;
  readonly cappedCount: number;
}

/**
 * Solves max-min fair shares over parts of a {@link SharingGraph}, keeping its scratch space
 * between calls.
 */
export class MaxMinFairSolver {
  private left = new Float64Array(0);
  private growing = new Int32Array(0);
  private live = new Int32Array(0);
  private frozenAt = new Int32Array(0);
  private memberAt = new Int32Array(0);
  private epoch = 0;

  /**
   * Computes the rates of `flows[0 .. flowCount - 1]` sharing `resources[0 .. resourceCount - 1]`,
   * and writes each into `rate[flow]`. The lists must be closed: every flow through a listed
   * resource is listed, and every resource a listed flow uses is listed (a connected component,
   * or several). A flow that uses no resource gets its cap (Infinity when it has none).
   */
  solve(
    graph: SharingGraph,
    resources: ArrayLike<number>,
    resourceCount: number,
    flows: ArrayLike<number>,
    flowCount: number,
    rate: Float64Array,
  ): void {
    const { capacity, through, throughLength, first, second, cap, cappedOrder, cappedCount } = graph;
    this.reserve(capacity.length, rate.length);
    const left = this.left;
    const growing = this.growing;
    const live = this.live;
    const frozenAt = this.frozenAt;
    const memberAt = this.memberAt;
    const epoch = ++this.epoch;

    let liveCount = 0;
    for (let i = 0; i < resourceCount; i++) {
      const r = resources[i];
      left[r] = capacity[r];
      growing[r] = throughLength[r];
      if (growing[r] > 0) live[liveCount++] = r;
    }
    for (let j = 0; j < flowCount; j++) memberAt[flows[j]] = epoch;
    // Capped flows of this part not yet frozen start at cappedOrder[nextCapped].
    let nextCapped = 0;

    let unfrozen = flowCount;
    const freeze = (f: number, value: number): void => {
      rate[f] = value;
      frozenAt[f] = epoch;
      unfrozen--;
      const a = first[f];
      if (a >= 0) {
        left[a] -= value;
        growing[a]--;
      }
      const b = second[f];
      if (b >= 0) {
        left[b] -= value;
        growing[b]--;
      }
    };

    while (unfrozen > 0) {
      // The level at which the first resource fills up: its capacity left over its growing flows.
      let level = Number.POSITIVE_INFINITY;
      let bottleneck = -1;
      let kept = 0;
      for (let k = 0; k < liveCount; k++) {
        const r = live[k];
        const n = growing[r];
        if (n === 0) continue;
        live[kept++] = r;
        const share = left[r] > 0 ? left[r] / n : 0; // float residue can leave a tiny negative
        if (share < level) {
          level = share;
          bottleneck = r;
        }
      }
      liveCount = kept;

      // Flows whose cap comes first stop there. Freezing a flow below the level only raises every
      // other resource's share, so all caps up to the level can stop in one round.
      while (
        nextCapped < cappedCount &&
        (memberAt[cappedOrder[nextCapped]] !== epoch || frozenAt[cappedOrder[nextCapped]] === epoch)
      ) {
        nextCapped++;
      }
      if (nextCapped < cappedCount && cap[cappedOrder[nextCapped]] <= level) {
        for (; nextCapped < cappedCount; nextCapped++) {
          const f = cappedOrder[nextCapped];
          if (memberAt[f] !== epoch || frozenAt[f] === epoch) continue;
          if (cap[f] > level) break;
          freeze(f, cap[f]);
        }
        continue;
      }

      if (bottleneck < 0) {
        // Only flows that use no resource and have no cap are left: nothing limits them.
        for (let j = 0; j < flowCount; j++) {
          if (frozenAt[flows[j]] !== epoch) freeze(flows[j], Number.POSITIVE_INFINITY);
        }
        break;
      }
      const list = through[bottleneck];
      for (let k = 0, n = throughLength[bottleneck]; k < n; k++) {
        const f = list[k];
        if (frozenAt[f] !== epoch) freeze(f, level);
      }
      if (growing[bottleneck] !== 0) throw new Error(`sharing graph inconsistent at resource ${bottleneck}`);
    }
  }

  private reserve(resources: number, flows: number): void {
    if (this.left.length < resources) {
      this.left = new Float64Array(resources);
      this.growing = new Int32Array(resources);
      this.live = new Int32Array(resources);
    }
    if (this.frozenAt.length < flows) {
      const frozenAt = new Int32Array(flows);
      frozenAt.set(this.frozenAt);
      this.frozenAt = frozenAt;
      const memberAt = new Int32Array(flows);
      memberAt.set(this.memberAt);
      this.memberAt = memberAt;
    }
  }
}

/** A flow for {@link maxMinFairOf}: the indices of the (at most two) resources it uses, and its cap. */
export interface FairShareFlow {
  readonly resources: readonly number[];
  readonly cap?: number;
}

/** Max-min fair rates over plain arrays: convenient where speed does not matter (tests, views). */
export function maxMinFairOf(capacities: readonly number[], flows: readonly FairShareFlow[]): number[] {
  const through: number[][] = capacities.map(() => []);
  const first: number[] = [];
  const second: number[] = [];
  flows.forEach((flow, f) => {
    if (flow.resources.length > 2) throw new RangeError('a flow uses at most two resources');
    first.push(flow.resources[0] ?? -1);
    second.push(flow.resources[1] ?? -1);
    for (const r of flow.resources) through[r].push(f);
  });
  const cap = flows.map((f) => f.cap ?? Number.POSITIVE_INFINITY);
  const cappedOrder = cap
    .map((_cap, f) => f)
    .filter((f) => cap[f] < Number.POSITIVE_INFINITY)
    .sort((a, b) => cap[a] - cap[b] || a - b);
  const graph: SharingGraph = {
    capacity: capacities,
    through,
    throughLength: through.map((list) => list.length),
    first,
    second,
    cap,
    cappedOrder,
    cappedCount: cappedOrder.length,
  };
  const rate = new Float64Array(flows.length);
  const all = Array.from({ length: flows.length }, (_, f) => f);
  const resources = Array.from({ length: capacities.length }, (_, r) => r);
  new MaxMinFairSolver().solve(graph, resources, resources.length, all, all.length, rate);
  return Array.from(rate);
}
