/**
 * The kernel's queue of scheduled events: events come out in the strict order (time, priority,
 * sequence), whatever structure holds them, so a run is the same whichever structure that is.
 *
 * Events are slots: small integers indexing typed arrays that hold each pending event's key
 * (time, priority, sequence), its state and its link, beside a plain array of callbacks. The
 * structures below move and compare only numbers; no event object is touched between scheduling
 * and running (a pending event's object is scattered over the JS heap and long out of the cache
 * when its time comes), and no pointer is stored while sifting (no write barrier). A slot is
 * reused once its event has run or its cancellation has been met; a generation number per slot
 * tells a stale handle from the event now in it.
 *
 * Two structures, after the calendar and ladder queues of discrete-event simulation (Brown 1988;
 * Tang, Goh and Thng 2005), for a cost per event that does not grow with the number pending:
 *
 * - the near future is a 4-ary heap ordered by the full key (keyHeap.ts);
 * - once many events are pending (more than 512 by default), the rest is a row of buckets of
 *   equal width in time laid over the events pending then, each an unsorted list, and beyond its
 *   end an unsorted "far" list. Scheduling links an event into its bucket (or the far list) in
 *   O(1); when the heap runs dry, the next bucket's events move into it, so the heap only ever
 *   holds about a bucket's worth. When the row is used up, the far list is laid out as a new row.
 *
 * Which structure an event goes to depends on its time alone, through one monotone function per
 * row (bucket = floor((time - start) * perUnit)): a later time never gets an earlier bucket, and
 * equal times always share one. So everything in the heap comes before every bucket, a bucket
 * before the next, the last before the far list, and events tied in time always meet in the heap,
 * which orders them by priority and sequence. Skewed times (a few events hours ahead, the rest
 * milliseconds apart) only make the first bucket big: the heap orders it, at a heap's cost.
 *
 * Cancelling marks the slot; a cancelled event is dropped when it is met (moved from a bucket or
 * at the top of the heap), never run, and its callback is let go at once.
 */
import { KeyHeap } from './keyHeap';

/** Where the queue switches between the heap alone and buckets (smaller in tests, to reach every path). */
export interface QueueThresholds {
  /** Past this many events the heap alone lays out a row of buckets (the engine's runs rarely get there). */
  readonly bucketsFrom: number;
  /** A used-up row whose far list holds fewer events than this hands them to the heap alone. */
  readonly rowAtLeast: number;
}

export const DEFAULT_THRESHOLDS: QueueThresholds = { bucketsFrom: 512, rowAtLeast: 64 };

/** No slot: the end of a list. */
const NONE = -1;
/** A slot's state. */
const FREE = 0;
const QUEUED = 1;
const CANCELLED = 2;

export class EventQueue {
  private readonly heap = new KeyHeap();
  /** True while a row of buckets is laid out; otherwise the heap holds every event. */
  private bucketed = false;
  /** The row: bucket of a time = floor((time - start) * perUnit), for buckets [0, buckets). */
  private start = 0;
  private perUnit = 0;
  private buckets = 0;
  /** The next bucket to move into the heap; those before it are empty. */
  private current = 0;
  /** Each bucket's first slot, NONE when empty (and beyond the row). */
  private heads = new Int32Array(0);
  /** Events beyond the row: first slot, number and time range. */
  private far = NONE;
  private farCount = 0;
  private farMin = Number.POSITIVE_INFINITY;
  private farMax = Number.NEGATIVE_INFINITY;
  /** The slots. */
  private times = new Float64Array(0);
  private priorities = new Float64Array(0);
  private seqs = new Float64Array(0);
  private generations = new Float64Array(0);
  private states = new Uint8Array(0);
  /** The next slot in the same list, or in the free list. */
  private links = new Int32Array(0);
  private runs: ((() => void) | null)[] = [];
  private free = NONE;
  private readonly bucketsFrom: number;
  private readonly rowAtLeast: number;
  /** Heap size at which the heap alone tries to lay out a row (raised after a try that fails). */
  private layOutAt: number;
  private live = 0;
  /** The time of the event `take` last returned. */
  takenTime = 0;

  constructor(thresholds: QueueThresholds = DEFAULT_THRESHOLDS) {
    this.bucketsFrom = thresholds.bucketsFrom;
    this.rowAtLeast = thresholds.rowAtLeast;
    this.layOutAt = this.bucketsFrom;
  }

  /** Events scheduled and neither run nor cancelled. */
  get size(): number {
    return this.live;
  }

  /** Queues an event; returns its slot (see `generation`). */
  push(time: number, priority: number, seq: number, run: () => void): number {
    if (this.free === NONE) this.growSlots();
    const slot = this.free;
    this.free = this.links[slot];
    this.times[slot] = time;
    this.priorities[slot] = priority;
    this.seqs[slot] = seq;
    this.states[slot] = QUEUED;
    this.runs[slot] = run;
    this.live++;
    if (!this.bucketed) {
      this.heap.push(slot, time, priority, seq);
      if (this.heap.length > this.layOutAt) this.layOutHeap();
      return slot;
    }
    const b = Math.floor((time - this.start) * this.perUnit);
    if (b < this.current) this.heap.push(slot, time, priority, seq);
    else if (b < this.buckets) {
      this.links[slot] = this.heads[b];
      this.heads[b] = slot;
    } else {
      this.links[slot] = this.far;
      this.far = slot;
      this.farCount++;
      if (time < this.farMin) this.farMin = time;
      if (time > this.farMax) this.farMax = time;
    }
    return slot;
  }

  /** The slot's generation now: with the slot, it names one event for good. */
  generation(slot: number): number {
    return this.generations[slot];
  }

  /** Cancels the event (slot, generation) if it is still queued; nothing if it ran or was cancelled. */
  cancel(slot: number, generation: number): void {
    if (this.generations[slot] !== generation || this.states[slot] !== QUEUED) return;
    this.states[slot] = CANCELLED;
    this.runs[slot] = null;
    this.live--;
  }

  /** The time of the next event to run, left in the queue; undefined when none is pending. */
  nextTime(): number | undefined {
    const heap = this.heap;
    for (;;) {
      if (heap.length > 0) {
        const slot = heap.topSlot();
        if (this.states[slot] === QUEUED) return heap.topTime();
        heap.removeTop();
        this.release(slot);
      } else if (!this.refill()) return undefined;
    }
  }

  /**
   * Takes the next event to run out of the queue: returns its callback (its time is then
   * `takenTime`), or null when none is pending.
   */
  take(): (() => void) | null {
    const heap = this.heap;
    for (;;) {
      if (heap.length > 0) {
        const slot = heap.topSlot();
        const time = heap.topTime();
        heap.removeTop();
        if (this.states[slot] === QUEUED) {
          const run = this.runs[slot] as () => void;
          this.release(slot);
          this.live--;
          this.takenTime = time;
          return run;
        }
        this.release(slot);
      } else if (!this.refill()) return null;
    }
  }

  /** Frees a slot whose event ran or whose cancellation was met; a new generation for its next event. */
  private release(slot: number): void {
    this.states[slot] = FREE;
    this.runs[slot] = null;
    this.generations[slot]++;
    this.links[slot] = this.free;
    this.free = slot;
  }

  /**
   * The heap is empty: moves the next non-empty bucket into it, or, when the row is used up, lays
   * the far list out as the next row (or gives it to the heap if it is short). False when no
   * event is left anywhere.
   */
  private refill(): boolean {
    if (!this.bucketed) return false;
    const heads = this.heads;
    const buckets = this.buckets;
    let b = this.current;
    while (b < buckets && heads[b] === NONE) b++;
    if (b < buckets) {
      this.current = b + 1;
      const first = heads[b];
      heads[b] = NONE;
      this.toHeap(first);
      return true;
    }
    // The row is used up (every bucket is empty again): the far list comes next.
    const first = this.far;
    const count = this.farCount;
    const laidOut = count >= this.rowAtLeast && this.layOut(this.farMin, this.farMax, count);
    this.far = NONE;
    this.farCount = 0;
    this.farMin = Number.POSITIVE_INFINITY;
    this.farMax = Number.NEGATIVE_INFINITY;
    if (!laidOut) {
      this.bucketed = false;
      this.layOutAt = this.bucketsFrom;
    }
    if (first === NONE) return false;
    if (laidOut) this.relink(first);
    else this.toHeap(first);
    return true;
  }

  /** Moves a list's events into the heap, dropping the cancelled ones. */
  private toHeap(first: number): void {
    const { heap, times, priorities, seqs, states, links } = this;
    let slot = first;
    while (slot !== NONE) {
      const next = links[slot];
      if (states[slot] === QUEUED) heap.push(slot, times[slot], priorities[slot], seqs[slot]);
      else this.release(slot);
      slot = next;
    }
  }

  /** Links a list's events into the buckets of the row just laid out (they are all within it). */
  private relink(first: number): void {
    const { heads, times, states, links, start, perUnit } = this;
    let slot = first;
    while (slot !== NONE) {
      const next = links[slot];
      if (states[slot] === QUEUED) {
        const b = Math.floor((times[slot] - start) * perUnit);
        links[slot] = heads[b];
        heads[b] = slot;
      } else this.release(slot);
      slot = next;
    }
  }

  /**
   * Lays out a row over [min, max] for `count` events, about one bucket per event; false (and
   * nothing changed) when their times cannot be told apart that way (all equal, say). Every
   * bucket is empty (a new row only follows a used-up one, or the heap alone).
   */
  private layOut(min: number, max: number, count: number): boolean {
    const span = max - min;
    const perUnit = count / span;
    if (!(span > 0 && perUnit > 0 && perUnit < Number.POSITIVE_INFINITY)) return false;
    // The same formula as placing: the latest event's bucket is the last one.
    const buckets = Math.floor(span * perUnit) + 1;
    if (this.heads.length < buckets) this.heads = new Int32Array(Math.max(buckets, 2 * this.heads.length)).fill(NONE);
    this.start = min;
    this.perUnit = perUnit;
    this.buckets = buckets;
    this.current = 0;
    this.bucketed = true;
    return true;
  }

  /** The heap alone grew past `layOutAt`: moves its events into a row laid out over them. */
  private layOutHeap(): void {
    const heap = this.heap;
    const n = heap.length;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = heap.timeAt(i);
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (!this.layOut(min, max, n)) {
      // Tied times (a burst at one instant): stay a heap, and try again only at twice the size.
      this.layOutAt = 2 * n;
      return;
    }
    // Chain the heap's slots into one list (order does not matter) and relink it into the row.
    let list = NONE;
    for (let i = 0; i < n; i++) {
      const slot = heap.slotAt(i);
      this.links[slot] = list;
      list = slot;
    }
    heap.length = 0;
    this.relink(list);
  }

  private growSlots(): void {
    const old = this.times.length;
    const size = Math.max(64, 2 * old);
    const f64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.times = f64(this.times);
    this.priorities = f64(this.priorities);
    this.seqs = f64(this.seqs);
    this.generations = f64(this.generations);
    const states = new Uint8Array(size);
    states.set(this.states);
    this.states = states;
    const links = new Int32Array(size);
    links.set(this.links);
    this.links = links;
    for (let i = old; i < size; i++) {
      this.runs.push(null);
      links[i] = i + 1 < size ? i + 1 : NONE;
    }
    this.free = old;
  }
}
