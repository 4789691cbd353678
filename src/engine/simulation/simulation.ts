import { EventLog, Kernel, Priority, Random, type Time } from '../kernel';
import { ClusterState, type NodeRuntime } from '../model/clusterState';
import { NetworkModel } from '../network/networkModel';
import type { MigrationManager } from '../migration/migrationManager';
import type { CsvAccessTracker } from '../storage/csvAccess';
import type { StorageManager } from '../storage/storageManager';
import type { HealthMonitor } from '../health/healthMonitor';
import type { ActionSource, NodeStatus, SimEvent } from '../model/events';
import { FABRIC, type Action, type ActionKind, type Scenario } from '../scenario/model';
import { Activities } from './activities';
import { ActionRejected } from './actionRejected';
import type { Records } from './records';
import { createRecords } from './records';

/** Handles one kind of timeline action. Throws ActionRejected when the cluster refuses it. */
export type ActionHandler<K extends ActionKind> = (action: Extract<Action, { do: K }>, source: ActionSource) => void;

export type ActionOutcome = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

/** Safety net for runaway runs: far beyond any sane scenario, small enough to stop a loop. */
export const DEFAULT_EVENT_LIMIT = 50_000_000;

/** Told when a node's status has changed, before the 'node.state' event is logged. */
export type NodeStatusListener = (node: NodeRuntime, previous: NodeStatus) => void;

/** Why a run stopped. */
export type EndReason = 'finished' | 'duration' | 'eventLimit';

/**
 * One simulated cluster: the single source of truth every view reads. Feature modules
 * (network, migration, storage, health) attach to it and register the actions they handle.
 */
export class Simulation {
  readonly kernel = new Kernel();
  readonly log = new EventLog<SimEvent>();
  readonly state: ClusterState;
  readonly random: Random;
  readonly activities = new Activities();
  /** Every transfer in the cluster is a flow here, so they all compete for the same links. */
  readonly network: NetworkModel;
  readonly records: Records;
  /** Set by the migration module when it attaches; views read migration progress through it. */
  migrations: MigrationManager | null = null;
  /** Set by the storage module when it attaches; views read each node's CSV access through it. */
  csvAccess: CsvAccessTracker | null = null;
  /**
   * Set by the storage module when it attaches: CSV modes, coordinator moves (`moveCoordinator`,
   * with the I/O pause), the VMs' disk I/O flows and their throughput.
   */
  storage: StorageManager | null = null;
  /** Set by the health module when it attaches: heartbeats, partitions, quorum, failover. */
  health: HealthMonitor | null = null;
  private started = false;
  private readonly handlers = new Map<ActionKind, ActionHandler<ActionKind>>();
  private timelineLeft: number;
  private endReason: EndReason | null = null;
  private readonly nodeStatusListeners: NodeStatusListener[] = [];
  private topology = 0;

  constructor(readonly scenario: Scenario) {
    this.state = new ClusterState(scenario);
    this.random = new Random(scenario.seed);
    this.records = createRecords(scenario);
    this.network = new NetworkModel(
      this.kernel,
      scenario.networks,
      scenario.nodes.map((n) => n.name),
      scenario.disks.map((d) => ({ disk: d.name, throughput: d.throughput, path: d.storagePath === FABRIC ? null : d.storagePath })),
    );
    this.timelineLeft = scenario.timeline.length;
    this.network.onChange(() => {
      this.topology++;
    });
  }

  /**
   * Bumped on every network or link transition and every node status change: what depends only
   * on those (NetFT routes, live-migration network choices) can be cached against it.
   */
  get topologyVersion(): number {
    return this.topology;
  }

  /** Subscribes to node status changes; returns the function that unsubscribes. */
  onNodeStatus(listener: NodeStatusListener): () => void {
    this.nodeStatusListeners.push(listener);
    return () => {
      const i = this.nodeStatusListeners.indexOf(listener);
      if (i >= 0) this.nodeStatusListeners.splice(i, 1);
    };
  }

  /**
   * Called by setNodeStatus once the status has changed and before the 'node.state' event is
   * logged, so listeners (CSV access) bring what depends on it up to date at the same instant and
   * every logged event shows a consistent cluster.
   */
  nodeStatusChanged(node: NodeRuntime, previous: NodeStatus): void {
    this.topology++;
    for (const listener of [...this.nodeStatusListeners]) listener(node, previous);
  }

  get now(): Time {
    return this.kernel.now;
  }

  /** Logs an event stamped with the current simulated time. */
  emit(event: DistributiveOmit<SimEvent, 't'>): void {
    this.log.emit({ t: this.kernel.now, ...event } as SimEvent);
  }

  handle<K extends ActionKind>(kind: K, handler: ActionHandler<K>): void {
    if (this.handlers.has(kind)) throw new Error(`two handlers for "${kind}"`);
    this.handlers.set(kind, handler as unknown as ActionHandler<ActionKind>);
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
    const handler = this.handlers.get(action.do);
    if (!handler) {
      const reason = `"${action.do}" is not simulated yet in this version`;
      this.emit({ kind: 'action.notSimulated', subject, action: action.do, reason });
      return { accepted: false, reason };
    }
    try {
      handler(action, source);
      return { accepted: true };
    } catch (err) {
      if (!(err instanceof ActionRejected)) throw err;
      this.emit({ kind: 'action.rejected', subject, action: action.do, reason: err.reason });
      return { accepted: false, reason: err.reason };
    }
  }

  /** Why an action cannot even be considered (a name the cluster lacks, a duration that is no time), or null. */
  private malformed(action: Action): string | null {
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

/** Omit that keeps a union a union (the built-in Omit flattens it). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The name an action is about: its VM, else its node, disk or network. */
export function subjectOf(action: Action): string {
  if ('vm' in action) return action.vm;
  if ('node' in action) return action.node;
  if ('disk' in action) return action.disk;
  return action.network;
}
