/** What a benchmark case is, and what one run of it reports. */

/** A case's figures: counts, rates, flags, hashes. */
export type Figures = Record<string, number | string | boolean>;

/** One run's result, printed by case.ts as the last line of its output. */
export interface RunResult {
  /** Wall time of the work only (performance.now() around it), milliseconds. */
  readonly wallMs: number;
  /** CPU time of the process during the work (user + system), milliseconds. */
  readonly cpuMs: number;
  /** Resident set size just before the work, after a full GC, MiB. */
  readonly baselineRssMB: number;
  /** Peak resident set size of the process (process.resourceUsage().maxRSS at the end), MiB. */
  readonly peakRssMB: number;
  /** Case-specific figures: counts, rates, a hash of the event log. */
  readonly metrics: Figures;
}

/** A case prepared outside the measured region: `work` is what is timed. */
export interface Prepared {
  /** Figures about the preparation (e.g. scenario load time), reported with the case. */
  readonly setup?: Figures;
  /** The measured work; returns the case's figures (or a promise of them, for work that waits on a thread). */
  work(): Figures | Promise<Figures>;
  /**
   * Runs after the measurement (not timed): more figures, e.g. a hash of the event log, or
   * rates from the measured wall time.
   */
  after?(wallMs: number): Figures;
}

export interface MetricGoal {
  readonly name: string;
  readonly max?: number;
  readonly min?: number;
}

export interface Goal {
  /** Wall time, median over runs, milliseconds. */
  readonly maxMs?: number;
  /** Peak RSS above the baseline, median over runs, MiB. */
  readonly maxExtraMB?: number;
  /** Peak RSS, median over runs, MiB. */
  readonly maxPeakMB?: number;
  /** A case figure (median over runs) that must stay at most or at least some value. */
  readonly metric?: MetricGoal;
  /** Several case figures, each with its bound (all must hold). */
  readonly metrics?: readonly MetricGoal[];
  /** The goal in words, for the report. */
  readonly text: string;
}

export interface BenchCase {
  readonly name: string;
  readonly description: string;
  /** Runs (fresh processes) by default and with --quick. */
  readonly runs: number;
  readonly quickRuns: number;
  readonly goal?: Goal;
  prepare(quick: boolean): Prepared;
}

/** Milliseconds since an arbitrary origin (the benchmarks' clock; never used by the engine). */
export function now(): number {
  return performance.now();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounds to `digits` significant digits (figures for a table, not for arithmetic); integers stay exact. */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Number(x.toPrecision(digits));
}
