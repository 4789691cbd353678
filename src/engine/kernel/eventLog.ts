import type { Time } from './kernel';

/** The minimum every logged event carries: when, what kind, about what, and why. */
export interface LoggedEvent {
  readonly t: Time;
  readonly kind: string;
  readonly subject: string;
  readonly reason?: string;
}

export type Listener<E> = (event: E) => void;

/**
 * The append-only record of what happened in a run. Views subscribe to it; the CLI report and
 * the replay tests read it. Two runs of the same scenario and seed produce identical logs.
 */
export class EventLog<E extends LoggedEvent> {
  private readonly entries: E[] = [];
  private readonly listeners = new Set<Listener<E>>();

  emit(event: E): void {
    this.entries.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Subscribes to new events; returns the function that unsubscribes. */
  subscribe(listener: Listener<E>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners the log has: views only, since no module of the engine reacts to it. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  get events(): readonly E[] {
    return this.entries;
  }

  get length(): number {
    return this.entries.length;
  }

  /** One line per event, stable across runs: the form compared by the replay tests. */
  serialize(): string {
    return this.entries.map((e) => JSON.stringify(e)).join('\n');
  }
}
