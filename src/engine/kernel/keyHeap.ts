/**
 * A 4-ary min-heap of event slots (small integers, see eventQueue.ts), ordered by (time,
 * priority, sequence): the exact order the kernel runs events in. The event queue keeps only the
 * near future here once many events are pending; with few pending it is the whole queue.
 *
 * The sequence number is the order in which events were scheduled, so two events at the same
 * time and priority always come out in the order they were scheduled: ties never depend on the
 * heap's layout, which is what makes a replay byte-identical.
 *
 * Layout for speed: the keys and slots live in typed arrays, in heap order, so a sift compares
 * and moves numbers in contiguous memory, touches no event object and stores no pointer (no
 * write barrier); four children per node halve the depth, and a node's children are adjacent;
 * entries move into a hole rather than being swapped.
 */
export class KeyHeap {
  private times = new Float64Array(64);
  private priorities = new Float64Array(64);
  private seqs = new Float64Array(64);
  private slots = new Int32Array(64);
  length = 0;

  /** The least entry's slot (the heap is not empty). */
  topSlot(): number {
    return this.slots[0];
  }

  /** The least entry's time (the heap is not empty). */
  topTime(): number {
    return this.times[0];
  }

  /** The i-th entry in heap order, for the queue's own bookkeeping. */
  slotAt(i: number): number {
    return this.slots[i];
  }

  timeAt(i: number): number {
    return this.times[i];
  }

  push(slot: number, t: number, p: number, s: number): void {
    if (this.length === this.times.length) this.grow();
    const { times, priorities, seqs, slots } = this;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent];
      if (pt < t || (pt === t && (priorities[parent] < p || (priorities[parent] === p && seqs[parent] < s)))) break;
      times[i] = pt;
      priorities[i] = priorities[parent];
      seqs[i] = seqs[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
    slots[i] = slot;
  }

  /** Takes the least entry out (the heap is not empty) and sifts the last one down from the root. */
  removeTop(): void {
    const { times, priorities, seqs, slots } = this;
    const n = --this.length;
    if (n === 0) return;
    const t = times[n];
    const p = priorities[n];
    const s = seqs[n];
    const slot = slots[n];
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
      times[i] = mt;
      priorities[i] = priorities[m];
      seqs[i] = seqs[m];
      slots[i] = slots[m];
      i = m;
    }
    times[i] = t;
    priorities[i] = p;
    seqs[i] = s;
    slots[i] = slot;
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
    const slots = new Int32Array(size);
    slots.set(this.slots);
    this.slots = slots;
  }
}
