import type { MigrationManager } from '../migration/migrationManager';
import type { Simulation } from '../simulation/simulation';
import { HealthMonitor } from './healthMonitor';

/**
 * A node that dies at once (`crashNode`) and comes back (`startNode`), and everything the cluster
 * does about it: heartbeats that stop, the node declared down, quorum, failover of its VMs
 * (healthMonitor.ts, heartbeat.ts, quorum.ts, failover.ts, lostBytes.ts).
 *
 * A crash saves nothing: the node's VMs stop where they are, their clients are cut off, every link
 * of the node goes silent (which fails the flows through them), migrations to it fail and leave
 * their VM on the source, migrations from it fail and their VM fails over with the others.
 */
export function attachNodeFailure(sim: Simulation, migrations: MigrationManager): HealthMonitor {
  const health = new HealthMonitor(sim, migrations);
  sim.handle('crashNode', (a) => health.crash(a.node));
  sim.handle('startNode', (a) => health.start(a.node));
  return health;
}
