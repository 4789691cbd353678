import type { MigrationManager } from '../migration/migrationManager';
import { ActionRejected } from '../simulation/actionRejected';
import { setNodeStatus } from '../simulation/nodeLifecycle';
import type { Simulation } from '../simulation/simulation';
import { beginOutage, disconnectClients, releaseMemory, setVmStatus } from '../simulation/vmLifecycle';

/**
 * A node that dies at once (`crashNode`) and comes back (`startNode`). A crash saves nothing:
 * its VMs stop where they are, their clients are cut off, and every link of the node goes
 * silent, which fails the flows through them. Migrations to it fail and leave their VM on the
 * source; migrations from it fail too.
 */
export function attachNodeFailure(sim: Simulation, migrations: MigrationManager): void {
  // Links the crash took down, so a restart brings back exactly those (not a cable pulled by hand).
  const silenced = new Map<string, string[]>();

  sim.handle('crashNode', (a) => {
    const node = sim.state.node(a.node);
    if (node.status === 'down') throw new ActionRejected(`${a.node} is already down`);
    // Every log entry must show a consistent cluster, so the VMs stop before the node is shown down.
    migrations.nodeDown(a.node);
    const stopped = sim.state.vmsOn(a.node).filter((vm) => vm.holdsMemory);
    for (const vm of stopped) {
      releaseMemory(sim, a.node, vm.spec.memory);
      setVmStatus(sim, vm, 'failed', `${a.node} crashed`);
      beginOutage(sim, vm);
      disconnectClients(sim, vm, 0, `${a.node} crashed`);
    }
    setNodeStatus(sim, node, 'down', 'crashed');
    const links = sim.network.linksUp(a.node);
    silenced.set(a.node, links);
    for (const network of links) sim.network.disconnect(a.node, network, 'node crashed');
    if (stopped.length > 0) {
      // Say so rather than let a reader think the cluster left them down on purpose.
      const reason = `restarting ${stopped.map((v) => v.name).join(', ')} on surviving nodes (failover) is not simulated yet in this version`;
      sim.emit({ kind: 'action.notSimulated', subject: a.node, action: 'crashNode', reason });
    }
  });

  sim.handle('startNode', (a) => {
    const node = sim.state.node(a.node);
    if (node.status !== 'down') throw new ActionRejected(`${a.node} is ${node.status}, not down`);
    for (const network of silenced.get(a.node) ?? []) sim.network.reconnect(a.node, network, 'node started');
    silenced.delete(a.node);
    setNodeStatus(sim, node, 'up', 'started and rejoined the cluster');
  });
}
