/**
 * The sweep contract between the engine (paths, plans, outcomes: src/engine/sweep/), the CLI
 * (`sweep FILE --vary PATH=V1,V2 ...`, src/sweep/ for the worker pool) and the extension ("Run
 * Sweep...", the dashboard's sweep section). Types only.
 */

/** One `--vary`: a path into the scenario (see docs/scenario-format.md for the accepted forms) and its values. */
export interface SweepParameter {
  /** As the user wrote it, e.g. `networks[name=LM].bandwidth` or `settings.liveMigration.maxConcurrentPerNode`. */
  readonly path: string;
  /** Each value as JSON (a quantity such as "10Gbps" stays a string, as in a scenario file). */
  readonly values: readonly unknown[];
}

/** The figures of one run that a sweep compares (docs/scenario-format.md, "sweep --json"). */
export interface SweepOutcome {
  /** Simulated time at which the timeline's work was done. */
  readonly doneAt: number;
  readonly maxBlackout: number;
  readonly totalDowntime: number;
  readonly clientsLost: number;
  readonly migrationsFailed: number;
  readonly expectationsHeld: number;
  readonly expectationsTotal: number;
}

export interface SweepCombination {
  /** path -> value, in the order of the parameters. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly outcome: SweepOutcome;
}

export interface SweepResult {
  readonly combinations: readonly SweepCombination[];
}
