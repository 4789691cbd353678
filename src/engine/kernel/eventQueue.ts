/**
 * The kernel's queue of scheduled events: events come out in the strict order (time, priority,
 * sequence), whatever structure holds them, so a run is the same whichever structure that is.
 *
 * Two structures, after the calendar and ladder queues of discrete-event simulation (Brown 1988;
 * Tang, Goh and Thng 2005), for a cost per event that does not grow with the number pending:
 *
 * - the near future is a 4-ary heap ordered by the full key (keyHeap.ts);
 * - once many events are pending (more than 512), the rest is a row of buckets of equal
 *   width in time laid over the events pending then, each an unsorted list, and beyond its end an
 *   unsorted "far" list. Scheduling links an event into its bucket (or the far list) in O(1);
 *   when the heap runs dry, the next bucket's events move into it, so the heap only ever holds
 *   about a bucket's worth. When the row is used up, the far list is laid out as a new row.
 *
 * Which structure an event goes to depends on its time alone, through one monotone function per
 * row (bucket = floor((time - start) * perUnit)): a later time never gets an earlier bucket, and
 * equal times always share one. So everything in the heap comes before every bucket, a bucket
 * before the next, the last before the far list, and events tied in time always meet in the heap,
 * which orders them by priority and sequence. Skewed times (a few events hours ahead, the rest
 * milliseconds apart) only make the first bucket big: the heap orders it, at a heap's cost.
 *
 * Cancelling marks the event; a cancelled event is dropped when it is met (moved from a bucket or
 * at the top of the heap), never run.
 */
import { KeyHeap, type QueuedEvent as HeapEvent } from './keyHeap';

/** An event's place in its life, kept on the event itself. */
export const EventState = {
  /** Scheduled, not yet run. */
  queued: 0,
  /** Taken out of the queue to run. */
  taken: 1,
  /** Cancelled, before or after it ran. */
  cancelled: 2,
} as const;

export interface QueuedEvent extends HeapEvent {
  state: number;
}

/** Where the queue switches between the heap alone and buckets (smaller in tests, to reach every path). */
export interface QueueThresholds {
  /** Past this many events the heap alone lays out a row of buckets (the engine's runs rarely get there). */
  readonly bucketsFrom: number;
  /** A used-up row whose far list holds fewer events than this hands them to the heap alone. */
  readonly rowAtLeast: number;
}

export const DEFAULT_THRESHOLDS: QueueThresholds = { bucketsFrom: 512, rowAtLeast: 64 };

export class EventQueue<E extends QueuedEvent> {
  private readonly heap = new KeyHeap<E>();
  /** True while a row of buckets is laid out; otherwise the heap holds every event. */
  private bucketed = false;
  /** The row: bucket of a time = floor((time - start) * perUnit), for buckets [0, buckets). */
  private start = 0;
  private perUnit = 0;
  private buckets = 0;
  /** The next bucket to move into the heap; those before it are empty. */
  private current = 0;
  /** Each bucket's list (linked through `next`); null when empty, and beyond the row. */
  private heads: (E | null)[] = [];
  /** Events beyond the row, linked through `next`, with their number and time range. */
  private far: E | null = null;
  private farCount = 0;
  private farMin = Number.POSITIVE_INFINITY;
  private farMax = Number.NEGATIVE_INFINITY;
  private readonly bucketsFrom: number;
  private readonly rowAtLeast: number;
  /** Heap size at which the heap alone tries to lay out a row (raised after a try that fails). */
  private layOutAt: number;
  private live = 0;

  constructor(thresholds: QueueThresholds = DEFAULT_THRESHOLDS) {
    this.bucketsFrom = thresholds.bucketsFrom;
    this.rowAtLeast = thresholds.rowAtLeast;
    this.layOutAt = this.bucketsFrom;
  }

  /** Events scheduled and neither run nor cancelled. */
  get size(): number {
    return this.live;
  }

  push(event: E): void {
    this.live++;
    if (!this.bucketed) {
      this.heap.push(event);
      if (this.heap.length > this.layOutAt) this.layOutHeap();
      return;
    }
    const b = Math.floor((event.time - this.start) * this.perUnit);
    if (b < this.current) this.heap.push(event);
    else if (b < this.buckets) {
      event.next = this.heads[b];
      this.heads[b] = event;
    } else {
      event.next = this.far;
      this.far = event;
      this.farCount++;
      if (event.time < this.farMin) this.farMin = event.time;
      if (event.time > this.farMax) this.farMax = event.time;
    }
  }

  /** Marks an event cancelled; a queued one stops counting as pending and is never run. */
  cancel(event: E): void {
    if (event.state === EventState.cancelled) return;
    if (event.state === EventState.queued) this.live--;
    event.state = EventState.cancelled;
  }

  /** The next event to run, left in the queue; undefined when none is pending. */
  peek(): E | undefined {
    const heap = this.heap;
    for (;;) {
      if (heap.length > 0) {
        const top = heap.events[0] as E;
        if (top.state !== EventState.cancelled) return top;
        heap.removeTop();
      } else if (!this.refill()) return undefined;
    }
  }

  /** Takes the next event to run out of the queue (marked taken); undefined when none is pending. */
  pop(): E | undefined {
    const heap = this.heap;
    for (;;) {
      if (heap.length > 0) {
        const top = heap.events[0] as E;
        heap.removeTop();
        if (top.state !== EventState.cancelled) {
          top.state = EventState.taken;
          this.live--;
          return top;
        }
      } else if (!this.refill()) return undefined;
    }
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
    while (b < buckets && heads[b] === null) b++;
    if (b < buckets) {
      this.current = b + 1;
      let e = heads[b];
      heads[b] = null;
      while (e !== null) {
        const next = e.next as E | null;
        e.next = null;
        if (e.state !== EventState.cancelled) this.heap.push(e);
        e = next;
      }
      return true;
    }
    // The row is used up (every bucket is null again): the far list comes next.
    let e = this.far;
    const count = this.farCount;
    const laidOut = count >= this.rowAtLeast && this.layOut(this.farMin, this.farMax, count);
    this.far = null;
    this.farCount = 0;
    this.farMin = Number.POSITIVE_INFINITY;
    this.farMax = Number.NEGATIVE_INFINITY;
    if (!laidOut) {
      this.bucketed = false;
      this.layOutAt = this.bucketsFrom;
    }
    if (e === null) return false;
    while (e !== null) {
      const next = e.next as E | null;
      e.next = null;
      if (e.state !== EventState.cancelled) {
        if (laidOut) this.place(e);
        else this.heap.push(e);
      }
      e = next;
    }
    return true;
  }

  /**
   * Lays out a row over [min, max] for `count` events, about one bucket per event; false (and
   * nothing changed) when their times cannot be told apart that way (all equal, say). Every
   * bucket is null (a new row only follows a used-up one, or the heap alone).
   */
  private layOut(min: number, max: number, count: number): boolean {
    const span = max - min;
    const perUnit = count / span;
    if (!(span > 0 && perUnit > 0 && perUnit < Number.POSITIVE_INFINITY)) return false;
    // The same formula as placing: the latest event's bucket is the last one.
    const buckets = Math.floor(span * perUnit) + 1;
    if (this.heads.length < buckets) this.heads = new Array<E | null>(Math.max(buckets, 2 * this.heads.length)).fill(null);
    this.start = min;
    this.perUnit = perUnit;
    this.buckets = buckets;
    this.current = 0;
    this.bucketed = true;
    return true;
  }

  /** Links an event into its bucket of the row just laid out (it is within the row). */
  private place(event: E): void {
    const b = Math.floor((event.time - this.start) * this.perUnit);
    event.next = this.heads[b];
    this.heads[b] = event;
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
    heap.drain((e) => {
      if (e.state !== EventState.cancelled) this.place(e);
    });
  }
}
