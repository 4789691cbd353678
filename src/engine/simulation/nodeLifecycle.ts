import type { NodeRuntime } from '../model/clusterState';
import type { NodeStatus } from '../model/events';
import type { Simulation } from './simulation';

/**
 * Sets a node's status and logs it with the reason. What depends on the status (each CSV's access
 * from the node) is brought up to date, and logged, first: every logged event shows a consistent
 * cluster, as when a crash stops the node's VMs before the node is shown down.
 */
export function setNodeStatus(sim: Simulation, node: NodeRuntime, status: NodeStatus, reason: string): void {
  if (node.status === status) return;
  const previous = node.status;
  node.status = status;
  sim.nodeStatusChanged(node, previous);
  sim.emit({ kind: 'node.state', subject: node.name, state: status, reason });
}
