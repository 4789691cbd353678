/**
 * Heartbeats, computed instead of simulated one by one.
 *
 * The model. Every node sends a heartbeat to every other node on every cluster network (role
 * `cluster` or `clusterAndClient`) at the instants k x `delay`, k = 0, 1, 2, ... (phase 0, the
 * same for every node and network). A heartbeat gets through when the network can carry it
 * between the two nodes at the instant it is sent (both links up, the network up: canCarry). It is
 * counted missed when its reply is due, one `delay` later. Two nodes lose each other when
 * `threshold` heartbeats in a row are missed on every network they share, so:
 *
 *   the route between a and b is lost at t0 (no cluster network carries between them any more)
 *   first missed heartbeat   f  = ceil(t0 / delay) x delay       (a beat sent at t0 itself is missed)
 *   declared down at         td = f + threshold x delay          (the threshold-th miss is counted)
 *
 * so td - t0 lies in [threshold x delay, (threshold + 1) x delay): `delay x threshold`, plus at most
 * one delay for the phase. Losing one network while another still carries heartbeats loses no
 * heartbeat at all (NetFT moves to the next network), so it is never a failure.
 *
 * A route that comes back at t1 before td cancels the detection (the heartbeat then due gets
 * through). Two nodes that could not see each other see each other again at the first heartbeat
 * after the route comes back: ts = (floor(t1 / delay) + 1) x delay (a node that starts is
 * `joining` until then).
 *
 * Cost. Nothing is scheduled per heartbeat. Each pair of nodes keeps two bits (the route now, and
 * whether the cluster still believes in it) and the time of its pending change, if any; when a
 * network, a link or a node changes, the route of every pair is recomputed (pairs x cluster
 * networks, on per-network bitmaps), and one kernel event waits for the earliest pending change.
 */

/** Relative slack so that 720 / 1 is not ceil'ed to 721 by a rounding error. */
const EPS = 1e-9;

export interface HeartbeatSettings {
  readonly delay: number;
  readonly threshold: number;
}

/** The first heartbeat instant at or after `t`. */
export function beatAtOrAfter(t: number, delay: number): number {
  return tidy(Math.ceil(t / delay - EPS) * delay);
}

/** The first heartbeat instant strictly after `t`. */
export function beatAfter(t: number, delay: number): number {
  return tidy((Math.floor(t / delay + EPS) + 1) * delay);
}

/** When two nodes whose last route was lost at `lostAt` declare each other down. */
export function detectionTime(lostAt: number, hb: HeartbeatSettings): number {
  return tidy(beatAtOrAfter(lostAt, hb.delay) + hb.threshold * hb.delay);
}

/** When two nodes whose route came back at `t` see each other again. */
export function seenTime(t: number, hb: HeartbeatSettings): number {
  return beatAfter(t, hb.delay);
}

/** Rounds away float noise (0.1 x 7250 = 725.0000000000001). */
function tidy(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/**
 * Per pair of nodes (by index): whether a cluster network carries heartbeats between them now
 * (`route`), whether the cluster still counts them as connected (`seen`: it lags `route` by the
 * detection or join delay), and when `seen` will follow `route` (Infinity: it already does).
 */
export class HeartbeatPairs {
  private readonly route: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly due: Float64Array;
  private readonly changed: Float64Array;

  /** Every pair starts connected and seen: the cluster was formed with every node. */
  constructor(
    readonly size: number,
    private readonly hb: HeartbeatSettings,
  ) {
    const n = size * size;
    this.route = new Uint8Array(n).fill(1);
    this.seen = new Uint8Array(n).fill(1);
    this.due = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.changed = new Float64Array(n);
  }

  /**
   * Sets the route of every pair from `connected(i, j)` (i < j) at time `now`, and the pending
   * change of each pair whose route changed.
   */
  update(now: number, connected: (i: number, j: number) => boolean): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const k = i * n + j;
        const r = connected(i, j) ? 1 : 0;
        if (r === this.route[k]) continue;
        this.route[k] = r;
        this.changed[k] = now;
        if (r === this.seen[k]) this.due[k] = Number.POSITIVE_INFINITY;
        else this.due[k] = r ? seenTime(now, this.hb) : detectionTime(now, this.hb);
      }
    }
  }

  /** The earliest pending change, or Infinity. */
  nextDue(): number {
    let min = Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.due.length; k++) if (this.due[k] < min) min = this.due[k];
    return min;
  }

  /** Applies every change due at or before `now`; returns how many pairs changed. */
  applyDue(now: number): number {
    let changed = 0;
    for (let k = 0; k < this.due.length; k++) {
      if (this.due[k] <= now) {
        this.seen[k] = this.route[k];
        this.due[k] = Number.POSITIVE_INFINITY;
        changed++;
      }
    }
    return changed;
  }

  /**
   * Node `i` restarted: the cluster drops whatever it believed about it at once (its old
   * incarnation is gone), and sees it again at the next heartbeat on each route that is up.
   */
  restart(i: number, now: number): void {
    for (let j = 0; j < this.size; j++) {
      if (j === i) continue;
      const k = key(i, j, this.size);
      this.seen[k] = 0;
      this.due[k] = this.route[k] ? seenTime(now, this.hb) : Number.POSITIVE_INFINITY;
    }
  }

  /**
   * Node `i` leaves gracefully (its cluster service stopped): every route to it is gone and the
   * cluster stops counting it as connected at once, with no detection wait.
   */
  leave(i: number, now: number): void {
    for (let j = 0; j < this.size; j++) {
      if (j === i) continue;
      const k = key(i, j, this.size);
      this.route[k] = 0;
      this.seen[k] = 0;
      this.due[k] = Number.POSITIVE_INFINITY;
      this.changed[k] = now;
    }
  }

  /** True when the cluster counts i and j as connected. */
  isSeen(i: number, j: number): boolean {
    return this.seen[key(i, j, this.size)] === 1;
  }

  /** True when a cluster network carries heartbeats between i and j now. */
  hasRoute(i: number, j: number): boolean {
    return this.route[key(i, j, this.size)] === 1;
  }

  /** When the route between i and j last changed (0 if never). */
  changedAt(i: number, j: number): number {
    return this.changed[key(i, j, this.size)];
  }

  /** When i and j will next change in the cluster's eyes, or Infinity. */
  dueAt(i: number, j: number): number {
    return this.due[key(i, j, this.size)];
  }

  /** True when some node is about to see `i` again (a route to it came back, not yet seen). */
  isBeingSeen(i: number): boolean {
    for (let j = 0; j < this.size; j++) {
      if (j === i) continue;
      const k = key(i, j, this.size);
      if (this.route[k] === 1 && this.seen[k] === 0) return true;
    }
    return false;
  }
}

function key(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}
