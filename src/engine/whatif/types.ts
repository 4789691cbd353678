/**
 * The what-if contract between the engine (src/engine/whatif/), the CLI (`capacity`) and the
 * extension (What If... commands, the dashboard's what-if and capacity sections). Types only:
 * the engine's implementation and the views are built against these, so the two sides can be
 * written apart. Times are simulated seconds.
 *
 * A fork is the same cluster: a replay of the scenario with the same seed and the same hand
 * actions up to the fork's instant (so its event log up to then equals the main run's), plus the
 * hypothetical action, then run until the cluster is quiet (nothing pending: no migration,
 * failover, pause or restart; `Simulation.busy` false) or the horizon. The main run is never touched.
 */
import type { Time } from '../kernel/kernel';
import type { Action, Scenario } from '../scenario/model';

/**
 * An action taken by hand during a run, as the session records it. `afterEvents` is the number of
 * kernel events that had run when it was taken, so a replay takes it at the same point among the
 * events of the same instant (stepping event by event can stop between two events at one time).
 */
export interface HandAction {
  readonly at: Time;
  readonly afterEvents: number;
  readonly action: Action;
}

export interface WhatIfRequest {
  readonly scenario: Scenario;
  /** The run's hand actions so far, in the order they were taken. */
  readonly handActions: readonly HandAction[];
  /** Where the main run is: the fork starts here (simulated time and kernel events run). */
  readonly at: Time;
  readonly afterEvents: number;
  /** The hypothetical action, taken in the fork only. */
  readonly action: Action;
  /** How long the fork may run past `at` before it is stopped, seconds (default 3600). */
  readonly horizon?: number;
}

/** What the hypothetical action did to one VM, from the fork's instant to its end. */
export interface WhatIfVmOutcome {
  readonly vm: string;
  /** Owner node at the fork's instant and at the fork's end. */
  readonly from: string;
  readonly to: string;
  /** State at the fork's end: running, off, saved. */
  readonly state: string;
  /** Seconds the VM was not running during the fork (blackouts included). */
  readonly downtime: number;
  readonly clientsLost: number;
  /** Set when the VM could not be placed (restarted, moved) and is left off or saved: why. */
  readonly unplaced: string | null;
  /** Writes lost by a crash-consistent restart (a crash): true when the VM restarted from its disk. */
  readonly dataLost: boolean;
}

export interface WhatIfVolumeOutcome {
  readonly volume: string;
  /** Nodes whose access to the volume was redirected (or lost) during the fork, and why. */
  readonly redirected: ReadonlyArray<{ readonly node: string; readonly reason: string }>;
}

export interface WhatIfOutcome {
  readonly at: Time;
  readonly action: Action;
  /** False when the cluster refused the action in the fork; `reason` says why and nothing else is set. */
  readonly accepted: boolean;
  readonly reason: string | null;
  /** When the fork became quiet, or null when the horizon stopped it first. */
  readonly quietAt: Time | null;
  readonly endedAt: Time;
  /** Only the VMs the action affected (downtime, clients lost, a move, not placed). */
  readonly vms: readonly WhatIfVmOutcome[];
  readonly volumes: readonly WhatIfVolumeOutcome[];
  /** Whether the cluster still had quorum at the fork's end, and the quorum events in the fork. */
  readonly quorum: { readonly held: boolean; readonly changes: readonly string[] };
  readonly totalDowntime: number;
  readonly clientsLost: number;
}

/** `capacity FILE [--at TIME] [--depth 1|2] [--json]` and "Check Failover Capacity". */
export interface CapacityRequest {
  readonly scenario: Scenario;
  readonly handActions?: readonly HandAction[];
  /** Simulated time of the state checked (default 0: the start). */
  readonly at?: Time;
  readonly afterEvents?: number;
  /** 1: each node alone (N+1); 2: every pair of nodes (N+2). */
  readonly depth?: 1 | 2;
  readonly horizon?: number;
}

export interface CapacityCase {
  /** The nodes whose crash this case simulates. */
  readonly lost: readonly string[];
  readonly restarted: ReadonlyArray<{ readonly vm: string; readonly to: string; readonly downtime: number }>;
  /** VMs that could not restart anywhere, with why (memory, possible owners, anti-affinity, quorum). */
  readonly unplaced: ReadonlyArray<{ readonly vm: string; readonly reason: string }>;
  readonly totalDowntime: number;
  readonly quorumHeld: boolean;
}

export interface CapacityResult {
  readonly at: Time;
  readonly depth: 1 | 2;
  readonly cases: readonly CapacityCase[];
}
