import { createSimulation, loadScenario, type Diagnostic } from '../../engine';
import { DEFAULT_EVENT_LIMIT, type Simulation, type ActionOutcome } from '../../engine/simulation/simulation';
import type { SimEvent } from '../../engine/model/events';
import type { Action, Scenario } from '../../engine/scenario/model';
import { takeSnapshot } from '../../engine';
import type { ClusterSnapshot } from '../../engine/snapshot';
import { realTimers, type Timers } from './timers';

/** Simulated seconds per wall-clock second; 'max' runs as fast as the machine allows. */
export type Speed = 1 | 10 | 100 | 'max';
export const SPEEDS: readonly Speed[] = [1, 10, 100, 'max'];

export type SessionState = 'empty' | 'ready' | 'playing' | 'paused' | 'ended';

/** An action a user took by hand, at a simulated time: what "Save as scenario" writes back. */
export interface RecordedAction {
  readonly at: number;
  readonly action: Action;
}

export interface SessionChange {
  readonly snapshot: ClusterSnapshot | null;
  readonly state: SessionState;
  /** Engine events since the previous change notification, oldest first. */
  readonly events: readonly SimEvent[];
}

type ChangeListener = (change: SessionChange) => void;

/** How often views hear about changes at most: a few times a second is smooth and cheap. */
export const NOTIFY_INTERVAL_MS = 250;
/** How often a playing simulation advances. */
const TICK_MS = 100;
/** Events run per slice when running as fast as possible, between yields to the UI. */
const EVENTS_PER_SLICE = 20_000;

interface SessionOptions {
  /** Most events run between two yields to the UI, as fast as possible or per tick while playing (default EVENTS_PER_SLICE). */
  readonly eventsPerSlice?: number;
  /**
   * Told about an exception where no caller can catch it (a timer's tick, a view's listener);
   * the session pauses a run that failed. Default: ignored.
   */
  readonly onError?: (what: string, err: unknown) => void;
}

interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

/**
 * The one running simulation of the extension host, and its controls: load, play at a speed,
 * pause, step to the next event, reset, act by hand. Views subscribe to changes, batched to a
 * few per second, and read snapshots; they never hold cluster state of their own.
 * Free of `vscode`, so its behaviour is unit-tested.
 */
export class SimulationSession {
  private simulation: Simulation | null = null;
  private loaded: { scenario: Scenario; text: string; source: string } | null = null;
  private current: SessionState = 'empty';
  private currentSpeed: Speed = 10;
  private ticker: unknown = null;
  private lastTick = 0;
  private readonly listeners = new Set<ChangeListener>();
  private pendingEvents: SimEvent[] = [];
  private notifyTimer: unknown = null;
  private lastNotify = Number.NEGATIVE_INFINITY;
  private unsubscribe: (() => void) | null = null;
  private recorded: RecordedAction[] = [];
  private snapshotCache: { version: number; snapshot: ClusterSnapshot } | null = null;
  private version = 0;
  /** Bumped by anything that takes over the run (pause, reset, load), so a runToEnd in progress stops. */
  private generation = 0;

  private readonly eventsPerSlice: number;
  private readonly onError: (what: string, err: unknown) => void;

  constructor(
    private readonly timers: Timers = realTimers,
    options: SessionOptions = {},
  ) {
    this.eventsPerSlice = Math.max(1, options.eventsPerSlice ?? EVENTS_PER_SLICE);
    this.onError = options.onError ?? (() => undefined);
  }

  get state(): SessionState {
    return this.current;
  }

  get speed(): Speed {
    return this.currentSpeed;
  }

  get sim(): Simulation | null {
    return this.simulation;
  }

  /** Simulated seconds now (0 when nothing is loaded); cheaper than a snapshot. */
  get time(): number {
    return this.simulation?.now ?? 0;
  }

  get scenario(): Scenario | null {
    return this.loaded?.scenario ?? null;
  }

  /** The file (or name) the scenario came from, and its text as loaded. */
  get source(): { readonly name: string; readonly text: string } | null {
    return this.loaded ? { name: this.loaded.source, text: this.loaded.text } : null;
  }

  get recordedActions(): readonly RecordedAction[] {
    return this.recorded;
  }

  /** The cluster now, computed once per change. */
  snapshot(): ClusterSnapshot | null {
    if (!this.simulation) return null;
    if (this.snapshotCache?.version !== this.version) this.snapshotCache = { version: this.version, snapshot: takeSnapshot(this.simulation) };
    return this.snapshotCache.snapshot;
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Loads a scenario's text. Errors leave the current simulation as it was. */
  load(text: string, source: string): { ok: true; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
    const { scenario, diagnostics } = loadScenario(text);
    if (!scenario) return { ok: false, diagnostics };
    this.stopTicker();
    this.generation++;
    this.loaded = { scenario, text, source };
    this.recorded = [];
    this.build();
    return { ok: true, diagnostics };
  }

  /** Back to time zero with the same scenario; actions taken by hand are forgotten. */
  reset(): void {
    if (!this.loaded) return;
    this.stopTicker();
    this.generation++;
    this.recorded = [];
    this.build();
  }

  play(): void {
    if (!this.simulation || this.current === 'ended' || this.current === 'playing') return;
    this.simulation.start();
    this.current = 'playing';
    this.lastTick = this.timers.now();
    this.ticker = this.timers.setInterval(() => this.guarded('the simulation', () => this.tick()), TICK_MS);
    this.changed(true);
  }

  pause(): void {
    if (this.current !== 'playing') return;
    this.stopTicker();
    this.generation++;
    this.current = 'paused';
    this.changed(true);
  }

  setSpeed(speed: Speed): void {
    this.currentSpeed = speed;
    this.changed(true);
  }

  /** Runs the next event (and every other event at that same instant). False when none is left. */
  step(): boolean {
    const sim = this.simulation;
    if (!sim || this.current === 'ended') return false;
    sim.start();
    const next = sim.kernel.nextTime();
    if (next === undefined || this.finished()) {
      this.end();
      return false;
    }
    const limit = this.horizon();
    sim.runUntil(limit !== null ? Math.min(next, limit) : next);
    if (this.current !== 'playing') this.current = 'paused';
    if (this.finished()) this.end();
    this.changed(true);
    return true;
  }

  /**
   * Runs to the end as fast as possible in slices, yielding between them so the extension host
   * stays responsive; reports progress (0..1 of simulated time when the end is known) and stops
   * early when cancelled.
   */
  async runToEnd(token?: CancellationLike, onProgress?: (fraction: number | null) => void): Promise<'ended' | 'cancelled'> {
    const sim = this.simulation;
    if (!sim || this.current === 'ended') return 'ended';
    this.stopTicker();
    const generation = ++this.generation;
    sim.start();
    this.current = 'playing';
    this.changed(true);
    const horizon = this.horizon();
    while (!this.finished()) {
      if (token?.isCancellationRequested) {
        this.generation++;
        this.current = 'paused';
        this.changed(true);
        return 'cancelled';
      }
      try {
        this.runSlice(this.eventsPerSlice);
      } catch (err) {
        // The caller reports it; the session must not stay 'playing' with nothing running.
        this.failed();
        throw err;
      }
      onProgress?.(horizon ? Math.min(1, sim.now / horizon) : null);
      this.changed(false);
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 0));
      // Paused, reset or replaced meanwhile: whoever did it owns the run now.
      if (generation !== this.generation || sim !== this.simulation) return 'cancelled';
    }
    this.end();
    return 'ended';
  }

  /** Takes an action by hand now; it is recorded for "Save as scenario" when the cluster accepts it. */
  act(action: Action): ActionOutcome {
    const sim = this.simulation;
    if (!sim) return { accepted: false, reason: 'no scenario is loaded' };
    sim.start();
    const outcome = sim.request(action, 'user');
    if (outcome.accepted) this.recorded.push({ at: sim.now, action });
    // A run that had ended may have something to do again.
    if (this.current === 'ended' && !this.finished()) this.current = 'paused';
    this.changed(true);
    return outcome;
  }

  dispose(): void {
    this.stopTicker();
    this.unsubscribe?.();
    if (this.notifyTimer !== null) this.timers.clearTimeout(this.notifyTimer);
    this.listeners.clear();
  }

  private build(): void {
    this.unsubscribe?.();
    const sim = createSimulation((this.loaded as { scenario: Scenario }).scenario);
    this.simulation = sim;
    this.current = 'ready';
    this.pendingEvents = [];
    this.unsubscribe = sim.log.subscribe((e) => {
      this.pendingEvents.push(e);
      this.version++;
    });
    this.changed(true);
  }

  /** Runs `fn` from a timer: an exception is reported, and a run it broke is paused. */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(what, err);
      try {
        this.failed();
      } catch (again) {
        this.onError(what, again);
      }
    }
  }

  /** The run threw: it stops where it is, paused, so the user sees it and can step or reset. */
  private failed(): void {
    this.stopTicker();
    this.generation++;
    if (this.current === 'playing') this.current = 'paused';
    this.changed(true);
  }

  private tick(): void {
    const sim = this.simulation;
    if (!sim) return;
    const now = this.timers.now();
    const wall = (now - this.lastTick) / 1000;
    this.lastTick = now;
    if (this.currentSpeed === 'max') this.runSlice(this.eventsPerSlice);
    else {
      const target = sim.now + wall * this.currentSpeed;
      const limit = this.horizon();
      this.advance(limit !== null ? Math.min(target, limit) : target, this.eventsPerSlice);
    }
    if (this.finished()) this.end();
    else this.changed(false);
  }

  /**
   * Runs the events up to `time` and moves the clock there, but at most `maxEvents` of them per
   * call: a busy stretch then plays slower than asked rather than freezing the extension host.
   */
  private advance(time: number, maxEvents: number): void {
    const sim = this.simulation as Simulation;
    for (let i = 0; i < maxEvents; i++) {
      const next = sim.kernel.nextTime();
      if (next === undefined || next > time) {
        sim.runUntil(time);
        return;
      }
      sim.kernel.step();
    }
  }

  private runSlice(events: number): void {
    const sim = this.simulation as Simulation;
    const limit = this.horizon();
    for (let i = 0; i < events && !this.finished(); i++) {
      const next = sim.kernel.nextTime();
      if (next === undefined || (limit !== null && next > limit)) {
        // Nothing more happens before the end: a run with a duration goes on to it.
        if (limit !== null) sim.runUntil(limit);
        break;
      }
      sim.kernel.step();
    }
  }

  /** The scenario's duration, or null when it runs until the timeline is done. */
  private horizon(): number | null {
    return this.loaded?.scenario.duration ?? null;
  }

  private finished(): boolean {
    const sim = this.simulation;
    if (!sim) return true;
    // The engine's safety net for runaway runs, as in the CLI: the run ends there ('eventLimit').
    if (sim.kernel.eventsProcessed >= DEFAULT_EVENT_LIMIT) return true;
    const limit = this.horizon();
    // With a duration the clock runs to it, even through a quiet stretch with no events.
    if (limit !== null) return sim.now >= limit;
    return !sim.busy || sim.kernel.nextTime() === undefined;
  }

  private end(): void {
    this.stopTicker();
    this.simulation?.run(0);
    this.current = 'ended';
    this.changed(true);
  }

  private stopTicker(): void {
    if (this.ticker !== null) this.timers.clearInterval(this.ticker);
    this.ticker = null;
  }

  /** Tells listeners, at most every NOTIFY_INTERVAL_MS unless `now` (a state change users expect to see at once). */
  private changed(now: boolean): void {
    this.version++;
    const since = this.timers.now() - this.lastNotify;
    if (now || since >= NOTIFY_INTERVAL_MS) {
      this.notify();
      return;
    }
    if (this.notifyTimer === null) this.notifyTimer = this.timers.setTimeout(() => this.guarded('updating the views', () => this.notify()), NOTIFY_INTERVAL_MS - since);
  }

  private notify(): void {
    if (this.notifyTimer !== null) this.timers.clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    this.lastNotify = this.timers.now();
    const events = this.pendingEvents;
    this.pendingEvents = [];
    let snapshot: ClusterSnapshot | null;
    try {
      snapshot = this.snapshot();
    } catch (err) {
      // The views keep what they show until a snapshot can be taken again.
      this.onError('reading the cluster', err);
      return;
    }
    const change: SessionChange = { snapshot, state: this.current, events };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        // A view that fails must not stop the simulation or the other views.
        this.onError('updating a view', err);
      }
    }
  }
}
