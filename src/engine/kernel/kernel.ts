import { EventQueue } from './eventQueue';

/** Simulated time in seconds since the start of the run. Never wall-clock time. */
export type Time = number;

/** A scheduled event that can be cancelled (a flow's completion moves when its share changes). */
export interface EventHandle {
  readonly time: Time;
  /** True once `cancel` has been called, whether or not the event had run by then. */
  readonly cancelled: boolean;
  /** Stops the event from running if it has not yet; harmless on one that ran or was cancelled. */
  cancel(): void;
}

/**
 * The caller's handle on one scheduled event. The queue keeps the event itself as numbers in
 * typed arrays (eventQueue.ts) and never reads this object, so a pending event's handle can sit
 * anywhere in memory, out of the cache, without slowing the run; its slot and generation name
 * the event even after the slot has been reused.
 */
class Handle implements EventHandle {
  constructor(
    private readonly queue: EventQueue,
    private readonly slot: number,
    /** The slot's generation when the event was queued; -1 once cancelled (generations are never negative). */
    private generation: number,
    readonly time: Time,
  ) {}

  get cancelled(): boolean {
    return this.generation < 0;
  }

  cancel(): void {
    if (this.generation < 0) return;
    this.queue.cancel(this.slot, this.generation);
    this.generation = -1;
  }
}

/**
 * Priorities order events that fall at the same instant. Lower runs first. Failures come before
 * the timeline's actions so that an action at the moment a link fails sees the link down, and
 * bookkeeping (flow completions) comes before both so that a transfer finishing at t is done
 * when anything else at t looks at it.
 */
export const Priority = {
  completion: 0,
  failure: 10,
  action: 20,
  default: 30,
  observe: 40,
} as const;

/**
 * The discrete-event kernel: a virtual clock and an event queue. Time only moves when the next
 * event is taken from the queue, so a run is a pure function of what was scheduled.
 */
export class Kernel {
  private clock: Time = 0;
  private seq = 0;
  private processed = 0;
  private readonly queue = new EventQueue();

  get now(): Time {
    return this.clock;
  }

  /** Events run so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events scheduled and not yet run. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules `run` at absolute time `time` (never in the past). */
  at(time: Time, run: () => void, label = '', priority: number = Priority.default): EventHandle {
    if (!Number.isFinite(time)) throw new RangeError(`cannot schedule "${label}" at ${time}`);
    const at = Math.max(time, this.clock);
    const slot = this.queue.push(at, priority, this.seq++, run);
    return new Handle(this.queue, slot, this.queue.generation(slot), at);
  }

  /** Schedules `run` after `delay` seconds. */
  after(delay: Time, run: () => void, label = '', priority: number = Priority.default): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule "${label}" after a delay of ${delay}`);
    return this.at(this.clock + delay, run, label, priority);
  }

  /** Time of the next event, or undefined when nothing is scheduled. */
  nextTime(): Time | undefined {
    return this.queue.nextTime();
  }

  /** Runs the next event. Returns false when the queue is empty. */
  step(): boolean {
    const run = this.queue.take();
    if (run === null) return false;
    this.clock = this.queue.takenTime;
    this.processed++;
    run();
    return true;
  }

  /**
   * Runs every event up to and including `time`, then sets the clock to `time`
   * (so a view asking "what is the state at t" sees t, not the last event before it).
   */
  runUntil(time: Time): void {
    for (;;) {
      const next = this.queue.nextTime();
      if (next === undefined || next > time) break;
      this.step();
    }
    if (time > this.clock) this.clock = time;
  }

  /** Runs until the queue is empty or `limit` events have run; returns the number run. */
  runAll(limit = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < limit && this.step()) n++;
    return n;
  }
}
