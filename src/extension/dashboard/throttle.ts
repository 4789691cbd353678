/**
 * Runs a function at most once per interval of wall-clock time: at once when the interval has
 * passed since it last ran, else once at the end of the interval however often it is asked
 * meanwhile (leading and trailing edge). Timers are injected, so it is tested with fake ones.
 */
import type { Timers } from '../session/timers';

export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  constructor(
    private readonly timers: Timers,
    private readonly intervalMs: number,
    private readonly fn: () => void,
  ) {}

  /** True while a run is waiting for the interval to pass. */
  get isScheduled(): boolean {
    return this.timer !== null;
  }

  /** Asks for a run: now, or at the end of the interval. */
  schedule(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - this.timers.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  /** Forgets a waiting run. */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.last = this.timers.now();
    this.fn();
  }
}
