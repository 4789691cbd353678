/**
 * Where a scenario file's check runs: on the extension host's thread for a small file that checks
 * quickly (quicker end to end, and no thread to start), in one worker thread otherwise, so that loading a
 * scenario at the loader's limits (about 3 MiB) never blocks the host: VS Code runs every
 * extension on that one thread, and its own guidance is to keep expensive work off it
 * (microsoft/vscode#78416). Free of `vscode`, so it is unit-tested with a fake worker.
 *
 * - One check at a time in the worker. Requests wait in a queue with at most one per document:
 *   a newer version of a document supersedes the one waiting (its promise says `superseded`), so
 *   a user who keeps typing gets the check of what they typed last, not of every pause. A check
 *   already running is let finish (the worker runs it to the end in one go); its result is for an
 *   older version, and the caller drops it when the document's version moved on.
 * - If the worker stops (an exception outside a check, a crash, `process.exit`), the log says so,
 *   the check it was running is done on the host's thread instead, and the next check starts a
 *   new worker. After {@link CRASH_LIMIT} crashes within {@link CRASH_WINDOW_MS} every check runs
 *   on the host's thread for the rest of the session (as VS Code stops restarting a language
 *   server that crashed 5 times in 3 minutes): slower, never wrong.
 * - A check that has not answered after {@link CHECK_TIMEOUT_MS} stops the worker and fails
 *   (logged); it is not run on the host's thread, where it could hang the host.
 * - A worker idle for {@link IDLE_MS} is stopped, freeing what it holds; the next check starts one.
 * The text is only read: nothing here can change or lose the user's file.
 */
import type { Timers } from '../session/timers';
import { analyzeText, type TextAnalysis } from './analyzeText';
import { isReplyMessage, type CheckMessage } from './workerProtocol';

/**
 * Texts shorter than this (UTF-16 code units) are checked on the host's thread, unless a check of
 * the same document there took longer than {@link INLINE_BUDGET_MS}: the examples (2 to 4 KB)
 * load in well under a millisecond to a few there, less than a round trip through a worker that
 * may first have to start, but the time depends on what the file holds (a 64-node cluster costs
 * tens of milliseconds however short the file), so a document found slow once goes to the worker
 * from then on (measured: README, "Performance", `editorDiagnostics3MiB`).
 */
const INLINE_BELOW = 32 * 1024;
export const INLINE_BUDGET_MS = 20;
export const CRASH_LIMIT = 3;
export const CRASH_WINDOW_MS = 180_000;
export const CHECK_TIMEOUT_MS = 30_000;
export const IDLE_MS = 60_000;

export interface CheckRequest {
  /** The document's identity, e.g. its URI as a string. */
  readonly key: string;
  readonly version: number;
  readonly languageId: string;
  readonly text: string;
}

/** The analysis of the request's text, or `superseded` when a newer version of it came first. */
export type CheckOutcome = TextAnalysis | 'superseded';

/** What the checker needs of a `worker_threads.Worker`. */
export interface CheckWorker {
  postMessage(message: CheckMessage): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

interface CheckerOptions {
  /** Starts a worker thread running diagnosticsWorker.js; null: every check runs on the host's thread. */
  readonly startWorker: (() => CheckWorker) | null;
  readonly log: { info(message: string): void; error(message: string, err?: unknown): void };
  readonly timers: Timers;
  /** See {@link INLINE_BELOW}. */
  readonly inlineBelow?: number;
  /** The check run on the host's thread (tests replace it to count or fail). */
  readonly analyze?: (text: string, languageId: string) => TextAnalysis;
}

interface Pending {
  readonly request: CheckRequest;
  resolve(outcome: CheckOutcome): void;
  reject(err: unknown): void;
}

interface Running {
  readonly id: number;
  readonly pending: Pending;
  readonly watchdog: unknown;
}

export class ScenarioChecker {
  private readonly inlineBelow: number;
  private readonly analyze: (text: string, languageId: string) => TextAnalysis;
  /** Waiting for the worker, at most one per document, in the order they first came. */
  private readonly queue = new Map<string, Pending>();
  private running: Running | null = null;
  private worker: CheckWorker | null = null;
  private nextId = 1;
  private crashes: number[] = [];
  /** Set after too many crashes, or when no worker can be started: everything runs inline. */
  private inlineOnly: boolean;
  private idle: unknown = null;
  private disposed = false;
  /** Documents whose check on the host's thread took longer than INLINE_BUDGET_MS. */
  private readonly slow = new Set<string>();

  constructor(private readonly options: CheckerOptions) {
    this.inlineBelow = options.inlineBelow ?? INLINE_BELOW;
    this.analyze = options.analyze ?? analyzeText;
    this.inlineOnly = options.startWorker === null;
  }

  /** True while a worker thread is running. */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  check(request: CheckRequest): Promise<CheckOutcome> {
    if (this.disposed) return Promise.resolve('superseded');
    if (this.inlineOnly || (request.text.length < this.inlineBelow && !this.slow.has(request.key))) {
      this.supersede(request.key);
      return this.inline(request, true);
    }
    return new Promise<CheckOutcome>((resolve, reject) => {
      // In the place of the version it supersedes, if one was waiting.
      this.queue.get(request.key)?.resolve('superseded');
      this.queue.set(request.key, { request, resolve, reject });
      this.pump();
    });
  }

  /** Drops the check waiting for this document, if any (it was closed). */
  forget(key: string): void {
    this.supersede(key);
    this.slow.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.queue.keys()]) this.supersede(key);
    if (this.running) this.finish(this.running, 'superseded');
    this.stopWorker();
  }

  private supersede(key: string): void {
    const waiting = this.queue.get(key);
    if (!waiting) return;
    this.queue.delete(key);
    waiting.resolve('superseded');
  }

  /** Checks on the host's thread; `timed`: a document found slow goes to the worker next time. */
  private inline(request: CheckRequest, timed = false): Promise<CheckOutcome> {
    const start = this.options.timers.now();
    try {
      return Promise.resolve(this.analyze(request.text, request.languageId));
    } catch (err) {
      return Promise.reject(err);
    } finally {
      if (timed && this.options.timers.now() - start > INLINE_BUDGET_MS) this.slow.add(request.key);
    }
  }

  /** Sends the next waiting check to the worker, starting one if needed. */
  private pump(): void {
    if (this.running !== null || this.disposed) return;
    const next = this.queue.entries().next();
    if (next.done) return;
    const [key, pending] = next.value;
    this.queue.delete(key);
    const worker = this.inlineOnly ? null : this.ensureWorker();
    if (worker === null) {
      // No worker (it cannot start, or crashed too often): the host's thread, one check per turn.
      void this.inline(pending.request).then(pending.resolve, pending.reject);
      this.options.timers.setTimeout(() => this.pump(), 0);
      return;
    }
    const id = this.nextId++;
    const watchdog = this.options.timers.setTimeout(() => this.hung(id), CHECK_TIMEOUT_MS);
    this.running = { id, pending, watchdog };
    try {
      worker.postMessage({ id, text: pending.request.text, languageId: pending.request.languageId });
    } catch (err) {
      this.crashed(worker, `could not take the text: ${describe(err)}`);
    }
  }

  private ensureWorker(): CheckWorker | null {
    if (this.idle !== null) {
      this.options.timers.clearTimeout(this.idle);
      this.idle = null;
    }
    if (this.worker) return this.worker;
    const start = this.options.startWorker;
    if (start === null) return null;
    let worker: CheckWorker;
    try {
      worker = start();
    } catch (err) {
      this.options.log.error('The diagnostics worker thread could not start; scenario files are checked on the extension host thread', err);
      this.inlineOnly = true;
      return null;
    }
    worker.on('message', (m) => this.replied(worker, m));
    worker.on('error', (err) => this.crashed(worker, describe(err)));
    worker.on('exit', (code) => this.crashed(worker, `it exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private replied(worker: CheckWorker, m: unknown): void {
    const running = this.running;
    if (worker !== this.worker || running === null) return;
    if (!isReplyMessage(m) || m.id !== running.id) {
      this.options.log.error(`The diagnostics worker thread sent a message that is not an answer to check ${running.id}; ignored`);
      return;
    }
    if ('error' in m) this.finish(running, new Error(m.error));
    else this.finish(running, m.analysis);
    this.afterCheck();
  }

  /** The worker stopped without being asked: the check it was running is done inline. */
  private crashed(worker: CheckWorker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = null;
    const now = this.options.timers.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const giveUp = this.crashes.length >= CRASH_LIMIT;
    if (giveUp) this.inlineOnly = true;
    const running = this.running;
    this.options.log.error(
      `The diagnostics worker thread stopped (${why})${running ? `; checking ${running.pending.request.key} on the extension host thread instead` : ''}${
        giveUp ? `. It stopped ${this.crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes: scenario files are checked on the extension host thread from now on` : ''
      }`,
    );
    terminate(worker);
    if (running) {
      this.running = null;
      this.options.timers.clearTimeout(running.watchdog);
      void this.inline(running.pending.request).then(running.pending.resolve, running.pending.reject);
    }
    this.options.timers.setTimeout(() => this.pump(), 0);
  }

  /** A check that does not answer: the worker is stopped; the check fails, and is not retried inline. */
  private hung(id: number): void {
    const running = this.running;
    if (running === null || running.id !== id) return;
    this.finish(running, new Error(`the check took longer than ${CHECK_TIMEOUT_MS / 1000} s and was stopped`));
    this.options.log.error(`Checking ${running.pending.request.key} took longer than ${CHECK_TIMEOUT_MS / 1000} s: the diagnostics worker thread was stopped`);
    this.stopWorker();
    this.afterCheck();
  }

  private finish(running: Running, outcome: CheckOutcome | Error): void {
    if (this.running === running) this.running = null;
    this.options.timers.clearTimeout(running.watchdog);
    if (outcome instanceof Error) running.pending.reject(outcome);
    else running.pending.resolve(outcome);
  }

  private afterCheck(): void {
    this.pump();
    if (this.running === null && this.worker !== null && this.idle === null) {
      this.idle = this.options.timers.setTimeout(() => {
        this.idle = null;
        if (this.running === null) this.stopWorker();
      }, IDLE_MS);
    }
  }

  private stopWorker(): void {
    if (this.idle !== null) {
      this.options.timers.clearTimeout(this.idle);
      this.idle = null;
    }
    const worker = this.worker;
    this.worker = null;
    if (worker) terminate(worker);
  }
}

/** Stops a worker, whatever state it is in (`Worker.terminate` returns a promise that may reject once it is gone). */
function terminate(worker: CheckWorker): void {
  try {
    const stopped = worker.terminate();
    if (stopped instanceof Promise) stopped.catch(() => undefined);
  } catch {
    // Gone already.
  }
}

function describe(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an error that cannot be described';
  }
}
