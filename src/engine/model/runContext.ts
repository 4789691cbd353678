import type { Activities, Kernel, Random } from '../kernel';
import type { NetworkModel } from '../network/networkModel';
import type { Scenario } from '../scenario/model';
import type { ClusterState } from './clusterState';
import type { Emit } from './events';
import type { Records } from './records';

/**
 * The basics of one run that every module may be handed (each takes the few it needs, as a
 * `Pick` of this): the scenario, the clock and its queue, the cluster's state, the networks every
 * transfer shares, the records the report is made of, what keeps a run going, the seeded random
 * numbers, and the log. Other modules are never reached through it: a module that calls another
 * is handed a narrow interface of it by the composition root (simulation/createSimulation.ts).
 */
export interface RunContext {
  readonly scenario: Scenario;
  readonly kernel: Kernel;
  readonly state: ClusterState;
  readonly network: NetworkModel;
  readonly records: Records;
  readonly activities: Activities;
  readonly random: Random;
  /** Logs an event stamped with the current simulated time: output for views and the report only. */
  readonly emit: Emit;
}
