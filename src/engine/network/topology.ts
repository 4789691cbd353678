import type { EventHandle, Time } from '../kernel';
import type { NetworkSpec, Seconds } from '../scenario/model';
import type { FlowRecord } from './flow';
import { FlowTable } from './flowTable';

/** A node's port on one network: up or down. */
export interface LinkState {
  readonly node: string;
  /** The node's index in the network's flow table. */
  readonly index: number;
  up: boolean;
  /** Set when this end is a disk on the SAN rather than a cluster node (see StorageEndpoint). */
  readonly disk?: string;
}

/**
 * A disk as the far end of its storage path. Storage traffic is a flow between a node and the
 * disk over the disk's path network (an iSCSI network) or over the fabric (Fibre Channel/SAS,
 * which has no cluster-visible bottleneck of its own). The disk's end has the disk's throughput,
 * each way, shared by every node using it; the node's end is its port on the path network, so
 * iSCSI traffic competes with anything else on that NIC, and a pulled cable cuts it.
 */
export interface StorageEndpoint {
  readonly disk: string;
  readonly throughput: number;
  /** The path network's name, or null for a fabric. */
  readonly path: string | null;
}

/** The network a fabric-attached disk's flows use. Not a cluster network: never listed, never chosen. */
export const FABRIC_NETWORK = '\u0000fabric';
/** Fabric ports are not what limits storage traffic; the disk is. */
const FABRIC_BANDWIDTH = 1e15;

/** The name of a disk's end of the storage path; it cannot clash with a node's name. */
function diskEndpoint(disk: string): string {
  return `\u0000disk:${disk}`;
}

/** One network at run time: its spec, whether its switch is up, its links and active flows. */
export interface NetworkState {
  readonly spec: NetworkSpec;
  up: boolean;
  /** Links of the attached nodes, in the spec's node order. */
  readonly links: Map<string, LinkState>;
  /** Active flows on this network, in start order. */
  readonly flows: Set<FlowRecord>;
  /** Their rates, progress and completions. */
  readonly table: FlowTable<FlowRecord>;
  /** True for the fabric pseudo-network, which is not one of the scenario's networks. */
  readonly internal: boolean;
  /** The kernel event at the network's next completion, and the time it was asked for. */
  wakeup: EventHandle | null;
  wakeupFor: Time | null;
}

/**
 * Which networks exist, which nodes are attached to each, and what is up. Answers the questions
 * the NetFT and live-migration network order asks ("can this network carry traffic between these
 * two nodes right now?"). Unknown network names are programming errors and throw; a node that is
 * simply not attached to a network is a normal answer (false).
 */
export class Topology {
  private readonly networks = new Map<string, NetworkState>();
  private readonly nodes: ReadonlySet<string>;

  constructor(specs: readonly NetworkSpec[], nodeNames: readonly string[], storage: readonly StorageEndpoint[] = []) {
    this.nodes = new Set(nodeNames);
    const fabric = storage.some((d) => d.path === null)
      ? [{ name: FABRIC_NETWORK, role: 'none' as const, bandwidth: FABRIC_BANDWIDTH, latency: 0, gateway: false, metric: Number.POSITIVE_INFINITY, autoMetric: false, nodes: nodeNames, path: [] }]
      : [];
    for (const spec of [...specs, ...fabric]) {
      if (this.networks.has(spec.name)) throw new Error(`network "${spec.name}" is defined twice`);
      if (!(spec.bandwidth >= 0)) throw new RangeError(`network "${spec.name}" has bandwidth ${spec.bandwidth}`);
      if (!(spec.latency >= 0)) throw new RangeError(`network "${spec.name}" has latency ${spec.latency}`);
      const links = new Map<string, LinkState>();
      for (const node of spec.nodes) {
        if (!this.nodes.has(node)) throw new Error(`network "${spec.name}" lists "${node}", which is not a node`);
        if (links.has(node)) throw new Error(`network "${spec.name}" lists node "${node}" twice`);
        links.set(node, { node, index: links.size, up: true });
      }
      const disks = storage.filter((d) => (d.path ?? FABRIC_NETWORK) === spec.name);
      for (const d of disks) {
        const id = diskEndpoint(d.disk);
        links.set(id, { node: id, index: links.size, up: true, disk: d.disk });
      }
      const table = new FlowTable<FlowRecord>(links.size, spec.bandwidth, spec.latency);
      for (const d of disks) {
        const [tx, rx] = table.portOf((links.get(diskEndpoint(d.disk)) as LinkState).index);
        table.capacity[tx] = d.throughput;
        table.capacity[rx] = d.throughput;
      }
      const internal = spec.name === FABRIC_NETWORK;
      this.networks.set(spec.name, { spec, up: true, links, flows: new Set(), table, wakeup: null, wakeupFor: null, internal });
    }
    for (const d of storage) {
      if (d.path !== null && !this.networks.has(d.path)) throw new Error(`disk "${d.disk}" uses unknown network "${d.path}" as its storage path`);
    }
  }

  /** The network and end name of a disk's storage traffic. */
  storage(disk: string): { network: string; endpoint: string } {
    const endpoint = diskEndpoint(disk);
    for (const net of this.networks.values()) if (net.links.has(endpoint)) return { network: net.spec.name, endpoint };
    throw new Error(`unknown disk "${disk}"`);
  }

  /** Every network, in spec order. */
  all(): IterableIterator<NetworkState> {
    return this.networks.values();
  }

  network(name: string): NetworkState {
    const net = this.networks.get(name);
    if (!net) throw new Error(`unknown network "${name}"`);
    return net;
  }

  /** The link of `node` on `network`; throws when the node is not attached to it. */
  link(node: string, network: string): LinkState {
    const link = this.network(network).links.get(node);
    if (link) return link;
    if (!this.nodes.has(node)) throw new Error(`unknown node "${node}"`);
    throw new Error(`node "${node}" is not attached to network "${network}"`);
  }

  isAttached(node: string, network: string): boolean {
    return this.network(network).links.has(node);
  }

  isNetworkUp(network: string): boolean {
    return this.network(network).up;
  }

  /** True when `node` is attached to `network` and its link is up (whatever the network's state). */
  isLinkUp(node: string, network: string): boolean {
    return this.network(network).links.get(node)?.up ?? false;
  }

  /** True when a flow from `a` to `b` may start on `network` now: see {@link whyNot}. */
  canCarry(network: string, a: string, b: string): boolean {
    return this.whyNot(network, a, b) === null;
  }

  /**
   * Why `network` cannot carry traffic from `a` to `b` now, or null when it can: the two are
   * different nodes, both attached, both links up, and the network up.
   */
  whyNot(network: string, a: string, b: string): string | null {
    const net = this.network(network);
    if (a === b) return `a flow from "${a}" to itself does not cross a network`;
    const links: LinkState[] = [];
    for (const node of [a, b]) {
      const link = net.links.get(node);
      if (!link) {
        return this.nodes.has(node) || node.startsWith('\u0000')
          ? `node "${node}" is not attached to network "${network}"`
          : `unknown node "${node}"`;
      }
      links.push(link);
    }
    if (!net.up) return `network "${network}" is down`;
    for (const link of links) if (!link.up) return `the link of "${link.node}" to network "${network}" is down`;
    return null;
  }

  latency(network: string): Seconds {
    return this.network(network).spec.latency;
  }
}
