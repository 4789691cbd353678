/**
 * A binary min-heap of scheduled events, ordered by (time, priority, sequence).
 *
 * The sequence number is the order in which events were scheduled, so two events at the same
 * time and priority always run in the order they were scheduled: ties never depend on the heap's
 * internal layout, which is what makes a replay byte-identical.
 */
export interface QueuedEvent {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
  cancelled: boolean;
  readonly run: () => void;
  readonly label: string;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private live = 0;

  /** Events scheduled and not yet run or cancelled. */
  get size(): number {
    return this.live;
  }

  push(event: QueuedEvent): void {
    const heap = this.heap;
    heap.push(event);
    this.live++;
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Marks an event cancelled; it is dropped lazily when it reaches the top. */
  cancel(event: QueuedEvent): void {
    if (event.cancelled) return;
    event.cancelled = true;
    this.live--;
  }

  peek(): QueuedEvent | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  pop(): QueuedEvent | undefined {
    this.dropCancelled();
    const top = this.removeTop();
    if (top) this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  private removeTop(): QueuedEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}
