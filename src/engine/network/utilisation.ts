import type { BytesPerSecond } from '../scenario/model';
import { TRAFFIC_CLASSES, type TrafficClass } from './flow';
import type { NetworkState } from './topology';

/** What one node's port on a network carries right now. */
interface LinkUtilisation {
  readonly node: string;
  readonly up: boolean;
  /** Sum of the rates of the flows it sends. */
  readonly tx: BytesPerSecond;
  /** Sum of the rates of the flows it receives. */
  readonly rx: BytesPerSecond;
}

/** A snapshot of what a network carries right now (for the dashboard and the report). */
export interface NetworkUtilisation {
  readonly network: string;
  readonly up: boolean;
  /** Capacity of each port, each way. */
  readonly bandwidth: BytesPerSecond;
  /** Sum of all flow rates (each flow counted once, on its sender's transmit side). */
  readonly total: BytesPerSecond;
  /** `total` split by traffic class; every class is present, 0 when idle. */
  readonly byTag: Readonly<Record<TrafficClass, BytesPerSecond>>;
  /** One entry per attached node, in the spec's node order. */
  readonly links: readonly LinkUtilisation[];
  readonly activeFlows: number;
}

export function utilisationOf(net: NetworkState): NetworkUtilisation {
  const byTag = Object.fromEntries(TRAFFIC_CLASSES.map((t) => [t, 0])) as Record<TrafficClass, number>;
  let total = 0;
  for (const flow of net.flows) {
    total += flow.rate;
    byTag[flow.tag] += flow.rate;
  }
  const links: LinkUtilisation[] = [];
  for (const link of net.links.values()) {
    // A disk's end of an iSCSI path is not a port of the network's switch.
    if (link.disk !== undefined) continue;
    const [tx, rx] = net.table.portOf(link.index);
    links.push({ node: link.node, up: link.up, tx: net.table.load(tx), rx: net.table.load(rx) });
  }
  return {
    network: net.spec.name,
    up: net.up,
    bandwidth: net.spec.bandwidth,
    total,
    byTag,
    links,
    activeFlows: net.flows.size,
  };
}
