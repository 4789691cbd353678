import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { NetworkModel } from '../network/networkModel';

/**
 * A number bumped on every network or link transition and every node status change: what depends
 * only on those (NetFT routes, live-migration network choices, the snapshot's network flags) can
 * be cached against it. The composition root builds it before any other module, so it is bumped
 * before anything that follows from the change is logged, and a view reading it then sees the new
 * version.
 */
export class TopologyVersion {
  private version = 0;

  constructor(network: Pick<NetworkModel, 'onChange'>, nodes: Pick<NodeLifecycle, 'onStatusChange'>) {
    network.onChange(() => {
      this.version++;
    });
    nodes.onStatusChange.connect(() => {
      this.version++;
    });
  }

  get value(): number {
    return this.version;
  }
}
