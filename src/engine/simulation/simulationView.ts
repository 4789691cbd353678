import type { Time } from '../kernel';
import type { ClusterState } from '../model/clusterState';
import type { Records } from '../model/records';
import type { HealthView } from '../health/healthMonitor';
import type { MigrationsView } from '../migration/migrationManager';
import type { NetworkModel } from '../network/networkModel';
import type { Scenario } from '../scenario/model';
import type { CsvAccessView } from '../storage/csvAccess';
import type { StorageView } from '../storage/storageManager';

/** Why a run stopped. */
export type EndReason = 'finished' | 'duration' | 'eventLimit';

/**
 * What snapshots (takeSnapshot.ts) and the invariant checks (invariants.ts) read of a simulation:
 * its state and the read-only side of each module. Neither can start, stop or change anything
 * through it.
 */
export interface SimulationView {
  readonly scenario: Scenario;
  readonly state: ClusterState;
  readonly network: NetworkModel;
  readonly records: Records;
  readonly now: Time;
  /** False until the first run call has scheduled the timeline. */
  readonly isStarted: boolean;
  readonly ended: EndReason | null;
  /** See TopologyVersion. */
  readonly topologyVersion: number;
  readonly migrations: MigrationsView;
  readonly csvAccess: CsvAccessView;
  readonly storage: StorageView;
  readonly health: HealthView;
}
