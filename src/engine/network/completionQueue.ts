import type { Time } from '../kernel';

/**
 * The expected completion times of a network's flows: an indexed binary min-heap over flow slots,
 * ordered by (time, flow id) so that flows completing at the same instant complete in start order.
 *
 * A flow's time moves whenever its rate changes, and one start or end can change the rate of
 * thousands of flows in a busy component: moving an entry here is O(log n) with no allocation,
 * where a kernel event per flow would cost an allocation and leave a cancelled event behind each
 * time. The network model keeps one kernel event per network, at this queue's earliest time.
 */
export class CompletionQueue {
  private heap = new Int32Array(16);
  private size = 0;
  /** Position of each slot in the heap, or -1 when it is not queued. */
  private pos = new Int32Array(16).fill(-1);
  private time = new Float64Array(16);
  private tie = new Float64Array(16);

  get length(): number {
    return this.size;
  }

  /** Makes room for slots 0 .. n-1. */
  reserve(n: number): void {
    if (n <= this.pos.length) return;
    let cap = this.pos.length;
    while (cap < n) cap *= 2;
    const heap = new Int32Array(cap);
    heap.set(this.heap);
    this.heap = heap;
    const pos = new Int32Array(cap).fill(-1);
    pos.set(this.pos);
    this.pos = pos;
    const time = new Float64Array(cap);
    time.set(this.time);
    this.time = time;
    const tie = new Float64Array(cap);
    tie.set(this.tie);
    this.tie = tie;
  }

  has(slot: number): boolean {
    return this.pos[slot] >= 0;
  }

  /** The slot's queued time, or null. */
  timeOf(slot: number): Time | null {
    return this.pos[slot] >= 0 ? this.time[slot] : null;
  }

  /** Queues the slot at `time` or moves it there; `tie` orders equal times (the flow id). */
  set(slot: number, time: Time, tie: number): void {
    const i = this.pos[slot];
    const earlier = time < this.time[slot] || (time === this.time[slot] && tie < this.tie[slot]);
    this.time[slot] = time;
    this.tie[slot] = tie;
    if (i < 0) {
      const end = this.size++;
      this.heap[end] = slot;
      this.pos[slot] = end;
      this.up(end);
    } else if (earlier) {
      this.up(i);
    } else {
      this.down(i);
    }
  }

  remove(slot: number): void {
    const i = this.pos[slot];
    if (i < 0) return;
    this.pos[slot] = -1;
    const last = this.heap[--this.size];
    if (i === this.size) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.up(i);
    this.down(this.pos[last]);
  }

  /** The slot that completes first, or -1. */
  peek(): number {
    return this.size > 0 ? this.heap[0] : -1;
  }

  private up(i: number): void {
    const { heap, pos, time, tie } = this;
    const item = heap[i];
    const t = time[item];
    const k = tie[item];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (time[p] < t || (time[p] === t && tie[p] <= k)) break;
      heap[i] = p;
      pos[p] = i;
      i = parent;
    }
    heap[i] = item;
    pos[item] = i;
  }

  private down(i: number): void {
    const { heap, pos, time, tie, size } = this;
    const item = heap[i];
    const t = time[item];
    const k = tie[item];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let child = l;
      let c = heap[l];
      const r = l + 1;
      if (r < size) {
        const rc = heap[r];
        if (time[rc] < time[c] || (time[rc] === time[c] && tie[rc] < tie[c])) {
          child = r;
          c = rc;
        }
      }
      if (t < time[c] || (t === time[c] && k < tie[c])) break;
      heap[i] = c;
      pos[c] = i;
      i = child;
    }
    heap[i] = item;
    pos[item] = i;
  }
}
