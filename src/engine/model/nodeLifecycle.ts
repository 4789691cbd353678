import { Signal, type Hook } from '../kernel';
import type { NodeRuntime } from './clusterState';
import type { Emit, NodeStatus } from './events';

/**
 * The one owner of a node's status (up, paused, down, joining). Whatever depends on it (each CSV's
 * access from the node, the topology views cache against) connects to {@link onStatusChange}.
 * Migration (drain, resume) and health (crash, start, quorum) change it through here.
 */
export class NodeLifecycle {
  private readonly statusChanged = new Signal<[node: NodeRuntime, previous: NodeStatus]>();
  /**
   * Told once a node's status has changed and before its 'node.state' event is logged, so those
   * who depend on it are up to date (and have logged what follows from it) at the same instant:
   * every logged event shows a consistent cluster, as when a crash stops the node's VMs before
   * the node is shown down.
   */
  readonly onStatusChange: Hook<[node: NodeRuntime, previous: NodeStatus]> = this.statusChanged;

  constructor(private readonly emit: Emit) {}

  /** Sets a node's status and logs it with the reason. */
  setStatus(node: NodeRuntime, status: NodeStatus, reason: string): void {
    if (node.status === status) return;
    const previous = node.status;
    node.status = status;
    this.statusChanged.emit(node, previous);
    this.emit({ kind: 'node.state', subject: node.name, state: status, reason });
  }
}
