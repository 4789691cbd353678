import { Signal, type Hook } from '../kernel';
import type { NodeRuntime } from './clusterState';
import type { Emit, NodeDownCause, NodeStatus } from './events';

/**
 * The one owner of a node's status (up, paused, down, joining), why it is down, and whether its
 * cluster service is stopping. Whatever depends on it (each CSV's
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

  /**
   * Sets a node's status and logs it with the reason. A node going `down` says why (`cause`,
   * default `crashed`); a down node that goes down again for another reason (a node stopped for
   * lack of quorum that crashes) only changes its cause.
   */
  setStatus(node: NodeRuntime, status: NodeStatus, reason: string, cause: NodeDownCause = 'crashed'): void {
    node.downCause = status === 'down' ? cause : null;
    if (node.status === status) return;
    const previous = node.status;
    node.status = status;
    this.statusChanged.emit(node, previous);
    this.emit({ kind: 'node.state', subject: node.name, state: status, reason });
  }

  /**
   * The node's cluster service starts stopping (its groups move away; it takes no new ones) or
   * stops doing so (it left, or went down meanwhile). Logged as 'node.clusterService' when it starts.
   */
  setStopping(node: NodeRuntime, stopping: boolean, reason: string): void {
    if (node.stopping === stopping) return;
    node.stopping = stopping;
    if (stopping) this.emit({ kind: 'node.clusterService', subject: node.name, state: 'stopping', reason });
  }

  /** Logs that the node's cluster service stopped (it leaves the cluster now) or starts again. */
  clusterService(node: NodeRuntime, state: 'stopped' | 'starting', reason: string): void {
    this.emit({ kind: 'node.clusterService', subject: node.name, state, reason });
  }
}
