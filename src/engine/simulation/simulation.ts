import { Priority, type Activities, type EventLog, type Kernel, type Random, type Time } from '../kernel';
import { ActionRejected } from '../model/actionRejected';
import type { ClusterState } from '../model/clusterState';
import type { ActionSource, Emit, SimEvent } from '../model/events';
import type { Records } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { HealthMonitor } from '../health/healthMonitor';
import type { MigrationManager } from '../migration/migrationManager';
import type { NetworkModel } from '../network/networkModel';
import { ACTION_KINDS } from '../scenario/actions';
import type { Action, ActionKind, Scenario } from '../scenario/model';
import type { CsvAccessTracker } from '../storage/csvAccess';
import type { StorageManager } from '../storage/storageManager';
import type { EndReason, SimulationView } from './simulationView';
import type { TopologyVersion } from './topologyVersion';

export type { EndReason };

/** Carries out one kind of action. Throws ActionRejected when the cluster refuses it. */
export type ActionHandler<K extends ActionKind> = (action: Extract<Action, { do: K }>) => void;

/** One handler for every kind of action: the compiler refuses a table that misses one. */
export type ActionHandlers = { readonly [K in ActionKind]: ActionHandler<K> };

export type ActionOutcome = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

/** Safety net for runaway runs: far beyond any sane scenario, small enough to stop a loop. */
export const DEFAULT_EVENT_LIMIT = 50_000_000;

/** What the composition root (createSimulation.ts) hands a simulation: everything, built and wired. */
export interface SimulationParts {
  readonly ctx: RunContext;
  readonly log: EventLog<SimEvent>;
  readonly topology: TopologyVersion;
  readonly migrations: MigrationManager;
  readonly storage: StorageManager;
  readonly health: HealthMonitor;
  readonly actions: ActionHandlers;
}

/**
 * One simulated cluster: the single source of truth every view reads, and the run loop (the
 * timeline, actions by hand, running to the end or to a time). It is built, with every module,
 * by createSimulation; it wires nothing itself.
 */
export class Simulation implements SimulationView {
  readonly scenario: Scenario;
  readonly kernel: Kernel;
  readonly log: EventLog<SimEvent>;
  readonly state: ClusterState;
  readonly random: Random;
  readonly activities: Activities;
  /** Every transfer in the cluster is a flow here, so they all compete for the same links. */
  readonly network: NetworkModel;
  readonly records: Records;
  /** Live and quick migrations; views read their progress here. */
  readonly migrations: MigrationManager;
  /** CSV modes, coordinator moves, the VMs' disk I/O flows and their throughput. */
  readonly storage: StorageManager;
  /** Each node's access to each CSV (the storage module's tracker). */
  readonly csvAccess: CsvAccessTracker;
  /** Heartbeats, partitions, quorum, failover. */
  readonly health: HealthMonitor;
  /** Logs an event stamped with the current simulated time. */
  readonly emit: Emit;
  private readonly topology: TopologyVersion;
  private readonly actions: ActionHandlers;
  private started = false;
  private timelineLeft: number;
  private endReason: EndReason | null = null;

  constructor(parts: SimulationParts) {
    const { ctx } = parts;
    this.scenario = ctx.scenario;
    this.kernel = ctx.kernel;
    this.state = ctx.state;
    this.random = ctx.random;
    this.activities = ctx.activities;
    this.network = ctx.network;
    this.records = ctx.records;
    this.emit = ctx.emit;
    this.log = parts.log;
    this.topology = parts.topology;
    this.migrations = parts.migrations;
    this.storage = parts.storage;
    this.csvAccess = parts.storage.access;
    this.health = parts.health;
    // The type already asks for every kind; this catches a table assembled around it at run time.
    const missing = ACTION_KINDS.filter((kind) => typeof (parts.actions as Partial<Record<string, unknown>>)[kind] !== 'function');
    if (missing.length > 0) throw new Error(`internal: no handler for ${missing.map((k) => `"${k}"`).join(', ')}`);
    this.actions = parts.actions;
    this.timelineLeft = ctx.scenario.timeline.length;
  }

  /**
   * Bumped on every network or link transition and every node status change: what depends only
   * on those (NetFT routes, live-migration network choices) can be cached against it.
   */
  get topologyVersion(): number {
    return this.topology.value;
  }

  get now(): Time {
    return this.kernel.now;
  }

  /**
   * Carries out an action now, from the timeline or from a user. A refused action is logged
   * with its reason and returned; it never throws, so a bad click cannot stop a run.
   */
  request(action: Action, source: ActionSource = 'user'): ActionOutcome {
    if (typeof action !== 'object' || action === null || typeof action.do !== 'string') return { accepted: false, reason: 'not an action' };
    // A timeline's actions were checked when it loaded; one by hand (the extension) may name
    // anything: it is refused here rather than failing deep in a handler.
    const malformed = this.malformed(action);
    const named = subjectOf(action);
    const subject = typeof named === 'string' ? named : '';
    this.emit({ kind: 'action', subject, action: action.do, source });
    if (malformed !== null) {
      this.emit({ kind: 'action.rejected', subject, action: action.do, reason: malformed });
      return { accepted: false, reason: malformed };
    }
    try {
      (this.actions[action.do] as ActionHandler<ActionKind>)(action);
      return { accepted: true };
    } catch (err) {
      if (!(err instanceof ActionRejected)) throw err;
      this.emit({ kind: 'action.rejected', subject, action: action.do, reason: err.reason });
      return { accepted: false, reason: err.reason };
    }
  }

  /** Why an action cannot even be considered (an unknown kind, a name the cluster lacks, a duration that is no time), or null. */
  private malformed(action: Action): string | null {
    if (!Object.hasOwn(this.actions, action.do)) {
      const kind = action.do.length > 40 ? `${action.do.slice(0, 40)}...` : action.do;
      return `there is no action ${JSON.stringify(kind)}; an action is one of ${ACTION_KINDS.join(', ')}`;
    }
    const a = action as Partial<Record<string, unknown>>;
    const kindOf = (x: unknown): string => (x === null ? 'null' : typeof x === 'object' || typeof x === 'undefined' ? `an ${typeof x}` : `a ${typeof x}`);
    const named = (key: string, kind: string, known: (name: string) => boolean): string | null => {
      if (!(key in a)) return null;
      const name = a[key];
      if (typeof name !== 'string') return `a ${kind} is named by a string, not ${kindOf(name)}`;
      return known(name) ? null : `there is no ${kind} named ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)}`;
    };
    const why =
      named('vm', 'VM', (n) => this.state.vms.has(n)) ??
      named('node', 'node', (n) => this.state.nodes.has(n)) ??
      named('to', 'node', (n) => this.state.nodes.has(n)) ??
      named('disk', 'disk', (n) => this.state.disks.has(n)) ??
      named('network', 'network', (n) => this.network.networks.some((x) => x.name === n));
    if (why !== null) return why;
    const nonNegative = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
    if ('duration' in a && !nonNegative(a.duration)) {
      return `the duration must be a finite time of zero or more, not ${typeof a.duration === 'number' ? String(a.duration) : kindOf(a.duration)}`;
    }
    if (action.do === 'maintenance' && typeof a.on !== 'boolean') return 'maintenance mode is turned on (true) or off (false)';
    if (action.do === 'redirectedAccess' && typeof a.on !== 'boolean') return 'redirected access is turned on (true) or off (false)';
    if (action.do === 'repairVolume' && a.task !== 'chkdsk' && a.task !== 'defrag') return 'a repair is "chkdsk" or "defrag"';
    if (action.do === 'setWorkload') {
      const w = a.workload as Partial<Record<string, unknown>> | null | undefined;
      const ok = typeof w === 'object' && w !== null && nonNegative(w.memoryWrites) && nonNegative(w.workingSet) && nonNegative(w.diskIo) && nonNegative(w.hotShare) && (w.hotShare as number) <= 1;
      if (!ok) return 'a workload needs finite, non-negative memoryWrites, workingSet and diskIo, and a hotShare between 0 and 1';
    }
    return null;
  }

  /** False until the first run call (or `start`) has scheduled the timeline. */
  get isStarted(): boolean {
    return this.started;
  }

  /** Schedules the timeline. Called once, by the first run call. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.emit({ kind: 'simulation.started', subject: this.scenario.name, seed: this.scenario.seed });
    for (const entry of this.scenario.timeline) {
      this.kernel.at(
        entry.at,
        () => {
          this.timelineLeft--;
          this.request(entry.action, 'timeline');
        },
        `timeline ${entry.action.do}`,
        Priority.action,
      );
    }
  }

  /** True while the timeline has entries to come or something it started is still going. */
  get busy(): boolean {
    return this.timelineLeft > 0 || this.activities.count > 0;
  }

  /**
   * Runs to the end: the scenario's `duration` if it has one, else until the timeline and all it
   * started are done. `maxEvents` bounds runaway runs.
   */
  run(maxEvents = DEFAULT_EVENT_LIMIT): EndReason {
    this.start();
    const duration = this.scenario.duration;
    let n = 0;
    for (;;) {
      const next = this.kernel.nextTime();
      if (duration !== null) {
        if (next === undefined || next > duration) {
          this.kernel.runUntil(duration);
          return this.finish('duration');
        }
      } else if (!this.busy || next === undefined) {
        return this.finish('finished');
      }
      if (n >= maxEvents) return this.finish('eventLimit');
      this.kernel.step();
      n++;
    }
  }

  /** Advances simulated time to `time` (for the extension's step and play controls). */
  runUntil(time: Time): void {
    this.start();
    this.kernel.runUntil(time);
  }

  get ended(): EndReason | null {
    return this.endReason;
  }

  private finish(reason: EndReason): EndReason {
    if (this.endReason === null) {
      this.endReason = reason;
      this.emit({ kind: 'simulation.ended', subject: this.scenario.name, reason, events: this.kernel.eventsProcessed });
    }
    return reason;
  }
}

/** The name an action is about: its VM, else its node, disk or network. */
function subjectOf(action: Action): string {
  if ('vm' in action) return action.vm;
  if ('disk' in action) return action.disk;
  if ('node' in action) return action.node;
  return action.network;
}
