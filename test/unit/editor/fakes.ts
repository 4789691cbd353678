/** Stand-ins for the editor support's tests: timers that move only when told, and a worker thread. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckWorker } from '../../../src/extension/editor/checker';
import type { CheckMessage } from '../../../src/extension/editor/workerProtocol';
import type { Timers } from '../../../src/extension/session/timers';

/** Timers that move only when the test says so. */
export class FakeTimers implements Timers {
  private clock = 0;
  private nextId = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.clock;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.due.set(id, { at: this.clock + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  setInterval(): unknown {
    throw new Error('not used');
  }
  clearInterval(): void {}
  advance(ms: number): void {
    const until = this.clock + ms;
    for (;;) {
      const next = [...this.due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.clock = next[1].at;
      next[1].fn();
    }
    this.clock = until;
  }
  get pending(): number {
    return this.due.size;
  }
}

type Listener = (arg: never) => void;

/**
 * A worker the test drives: it records the checks it is sent, and answers, throws or exits when
 * the test says so (as a real worker would, asynchronously).
 */
export class FakeWorker implements CheckWorker {
  readonly received: CheckMessage[] = [];
  terminated = false;
  private readonly listeners = new Map<string, Listener[]>();

  postMessage(message: CheckMessage): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.received.push(message);
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
  /** Sends a message to the host as the worker would. */
  emit(event: 'message' | 'error' | 'exit', arg: unknown): void {
    for (const l of this.listeners.get(event) ?? []) (l as (a: unknown) => void)(arg);
  }
  /** Answers the last check with `analysis` (by default one error-free analysis). */
  answer(analysis: unknown = { loads: true, diagnostics: [], errors: 0, warnings: 0 }, id = this.last.id): void {
    this.emit('message', { id, analysis });
  }
  get last(): CheckMessage {
    const m = this.received.at(-1);
    if (!m) throw new Error('no check was sent');
    return m;
  }
}

/** The real worker of src/extension/editor/diagnosticsWorker.ts, run through tsx as the unit tests are. */
export function startSourceWorker(): Worker {
  const file = join(__dirname, '..', '..', '..', 'src', 'extension', 'editor', 'diagnosticsWorker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true });
}

/** Lets promise callbacks and already-due message handlers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
