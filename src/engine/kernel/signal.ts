/**
 * Typed hooks, after SimGrid's s4u signals (a VM's `on_start`, `on_migration_end`): the module that
 * owns a change (a VM's status, a node's status, a workload) announces it on a signal, and the
 * modules that must react connect to it. Listeners run in the order they connected, which is the
 * order the composition root built them in (simulation/createSimulation.ts), so a change is seen
 * in the same order in every run.
 */

/** The side of a signal others see: they may listen, not announce. */
export interface Hook<A extends unknown[]> {
  /** Calls `listener` at every announcement from now on; returns the function that disconnects it. */
  connect(listener: (...args: A) => void): () => void;
}

/** The owner's side: it announces; others connect through the {@link Hook} it hands out. */
export class Signal<A extends unknown[]> implements Hook<A> {
  // Replaced, never changed in place: a listener that connects or disconnects during an
  // announcement changes the next one, not the one going on (and announcing allocates nothing).
  private listeners: readonly ((...args: A) => void)[] = [];

  connect(listener: (...args: A) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners = [...this.listeners.slice(0, i), ...this.listeners.slice(i + 1)];
    };
  }

  emit(...args: A): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i](...args);
  }
}
