/**
 * A 4-ary min-heap of scheduled events, ordered by (time, priority, sequence).
 *
 * The sequence number is the order in which events were scheduled, so two events at the same
 * time and priority always run in the order they were scheduled: ties never depend on the heap's
 * internal layout, which is what makes a replay byte-identical.
 *
 * Layout for speed (a busy run keeps tens of thousands of events queued and sifts on every push
 * and pop): the keys live in typed arrays beside the events, in heap order, so a sift compares
 * numbers in contiguous memory rather than fields of events scattered over the JS heap; four
 * children per node halve the depth, and a node's children are adjacent; entries move into a
 * hole rather than being swapped.
 */
export interface QueuedEvent {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  cancelled: boolean;
  readonly run: () => void;
  readonly label: string;
}

export class EventQueue {
  private events: (QueuedEvent | null)[] = [];
  private times = new Float64Array(256);
  private priorities = new Float64Array(256);
  private seqs = new Float64Array(256);
  private length = 0;
  private live = 0;

  /** Events scheduled and not yet run or cancelled. */
  get size(): number {
    return this.live;
  }

  push(event: QueuedEvent): void {
    if (this.length === this.times.length) this.grow();
    const { events, times, priorities, seqs } = this;
    const t = event.time;
    const p = event.priority;
    const s = event.seq;
    let i = this.length++;
    this.live++;
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

  /** Marks an event cancelled; it is dropped lazily when it reaches the top. */
  cancel(event: QueuedEvent): void {
    if (event.cancelled) return;
    event.cancelled = true;
    this.live--;
  }

  peek(): QueuedEvent | undefined {
    this.dropCancelled();
    return this.length > 0 ? (this.events[0] as QueuedEvent) : undefined;
  }

  pop(): QueuedEvent | undefined {
    this.dropCancelled();
    if (this.length === 0) return undefined;
    const top = this.removeTop();
    this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.length > 0 && (this.events[0] as QueuedEvent).cancelled) this.removeTop();
  }

  /** Takes the root out (the heap is not empty) and sifts the last entry down from the root. */
  private removeTop(): QueuedEvent {
    const { events, times, priorities, seqs } = this;
    const top = events[0] as QueuedEvent;
    const n = --this.length;
    const last = events[n];
    const t = times[n];
    const p = priorities[n];
    const s = seqs[n];
    events[n] = null;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The smallest of up to four children.
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
    return top;
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
