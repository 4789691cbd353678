import type { NodeRuntime } from '../model/clusterState';
import type { NodeStatus } from '../model/events';
import type { Simulation } from './simulation';

/** Sets a node's status and logs it with the reason. */
export function setNodeStatus(sim: Simulation, node: NodeRuntime, status: NodeStatus, reason: string): void {
  if (node.status === status) return;
  node.status = status;
  sim.emit({ kind: 'node.state', subject: node.name, state: status, reason });
}
