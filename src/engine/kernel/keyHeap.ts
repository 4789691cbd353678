/**
 * A 4-ary min-heap of queued events, ordered by (time, priority, sequence): the exact order the
 * kernel runs events in. The event queue (eventQueue.ts) keeps only the near future here; alone
 * it is the whole queue while few events are pending.
 *
 * The sequence number is the order in which events were scheduled, so two events at the same
 * time and priority always come out in the order they were scheduled: ties never depend on the
 * heap's layout, which is what makes a replay byte-identical.
 *
 * Layout for speed: the keys live in typed arrays beside the events, in heap order, so a sift
 * compares numbers in contiguous memory rather than fields of events scattered over the JS heap;
 * four children per node halve the depth, and a node's children are adjacent; entries move into
 * a hole rather than being swapped.
 */

/** What the queue needs of an event. */
export interface QueuedEvent {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  /** The next event in the same bucket of the event queue (eventQueue.ts), else null. */
  next: QueuedEvent | null;
}

export class KeyHeap<E extends QueuedEvent> {
  /** Events in heap order; `events[0]` is the least. Only the first `length` are used. */
  readonly events: (E | null)[] = [];
  private times = new Float64Array(64);
  private priorities = new Float64Array(64);
  private seqs = new Float64Array(64);
  length = 0;

  /** The least event, or undefined when empty. */
  top(): E | undefined {
    return this.length > 0 ? (this.events[0] as E) : undefined;
  }

  /** The time of the i-th entry in heap order (for the queue's own bookkeeping). */
  timeAt(i: number): number {
    return this.times[i];
  }

  push(event: E): void {
    if (this.length === this.times.length) this.grow();
    const { events, times, priorities, seqs } = this;
    const t = event.time;
    const p = event.priority;
    const s = event.seq;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent];
      if (pt < t || (pt === t && (priorities[parent] < p || (priorities[parent] === p && seqs[parent] < s)))) break;
      events[i] = events[parent];
      times[i] = pt;
      priorities[i] = priorities[parent];
      seqs[i] = seqs[parent];
      i = parent;
    }
    events[i] = event;
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
  }

  /** Takes the least event out (the heap is not empty) and sifts the last entry down from the root. */
  removeTop(): void {
    const { events, times, priorities, seqs } = this;
    const n = --this.length;
    const last = events[n];
    const t = times[n];
    const p = priorities[n];
    const s = seqs[n];
    events[n] = null;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The least of up to four children.
      let m = first;
      let mt = times[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const ct = times[c];
        if (ct < mt || (ct === mt && (priorities[c] < priorities[m] || (priorities[c] === priorities[m] && seqs[c] < seqs[m])))) {
          m = c;
          mt = ct;
        }
      }
      if (t < mt || (t === mt && (p < priorities[m] || (p === priorities[m] && s < seqs[m])))) break;
      events[i] = events[m];
      times[i] = mt;
      priorities[i] = priorities[m];
      seqs[i] = seqs[m];
      i = m;
    }
    events[i] = last;
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
  }

  /** Empties the heap, handing each event to `take` (in no particular order). */
  drain(take: (event: E) => void): void {
    const { events } = this;
    const n = this.length;
    this.length = 0;
    for (let i = 0; i < n; i++) {
      const e = events[i] as E;
      events[i] = null;
      take(e);
    }
  }

  private grow(): void {
    const size = 2 * this.times.length;
    const bigger = (old: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const a = new Float64Array(size);
      a.set(old);
      return a;
    };
    this.times = bigger(this.times);
    this.priorities = bigger(this.priorities);
    this.seqs = bigger(this.seqs);
  }
}
