/** A minimal stand-in for vscode.EventEmitter, for tests that fake parts of the VS Code API. */
export type Listener<T> = (e: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get count(): number {
    return this.listeners.size;
  }
}
