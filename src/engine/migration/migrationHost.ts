import type { Simulation } from '../simulation/simulation';

/** What a running migration (live or quick) needs from its manager: the cluster, and a way to say it is over. */
export interface MigrationHost<M> {
  readonly sim: Simulation;
  /** Called once, when the migration has completed or failed. */
  finished(migration: M): void;
}
