import type { Timers } from '../../../src/extension/session/timers';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
  every: number | null;
}

/** Wall-clock timers under the test's control: time moves only in `advance`. */
export class FakeTimers implements Timers {
  private clock = 0;
  private nextId = 1;
  private pending: Pending[] = [];

  now(): number {
    return this.clock;
  }

  setInterval(fn: () => void, ms: number): unknown {
    const t: Pending = { id: this.nextId++, at: this.clock + ms, fn, every: ms };
    this.pending.push(t);
    return t.id;
  }

  clearInterval(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const t: Pending = { id: this.nextId++, at: this.clock + Math.max(0, ms), fn, every: null };
    this.pending.push(t);
    return t.id;
  }

  clearTimeout(handle: unknown): void {
    this.clearInterval(handle);
  }

  /** How many timers are waiting. */
  get count(): number {
    return this.pending.length;
  }

  /** Moves the clock forward by `ms`, running every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.clock + ms;
    for (;;) {
      const due = this.pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.clock = due.at;
      if (due.every !== null) due.at += due.every;
      else this.pending = this.pending.filter((t) => t !== due);
      due.fn();
    }
    this.clock = end;
  }
}

/** Lets promise callbacks run (a real turn of the event loop). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Drives `promise` to completion by running due zero-delay timers between event-loop turns. */
export async function drive<T>(promise: Promise<T>, timers: FakeTimers, stepMs = 0): Promise<T> {
  let settled = false;
  let result: T | undefined;
  let error: unknown;
  promise.then(
    (r) => {
      settled = true;
      result = r;
    },
    (e) => {
      settled = true;
      error = e ?? new Error('rejected');
    },
  );
  for (let i = 0; i < 100_000 && !settled; i++) {
    await flush();
    timers.advance(stepMs);
  }
  if (!settled) throw new Error('the promise never settled');
  if (error !== undefined) throw error;
  return result as T;
}
