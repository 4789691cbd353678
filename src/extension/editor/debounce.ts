import { realTimers, type Timers } from '../session/timers';

/** How long the editor waits after the last keystroke before checking a scenario again. */
export const DIAGNOSTICS_DELAY_MS = 300;

/**
 * One pending call per key (a document), run `delayMs` after the last `schedule` for that key:
 * typing in one file never delays or drops the update of another.
 */
export class KeyedDebouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(key: string, fn: () => void): void {
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      fn();
    }, this.delayMs);
    this.pending.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }
}
