/**
 * The network orders of network/order.ts for many pairs of nodes, each worked out once. They
 * depend on the two nodes only through the networks each is attached to, and in most clusters
 * every node is on the same networks, so the warnings' checks of every pair of 64 nodes (2,016
 * pairs, each sorting the shared networks) need one computation instead of thousands. The arrays
 * handed out are shared between the pairs that have the same answer: read them, never change them.
 */
import type { NetworkSpec } from './model';
import { isAttached, liveMigrationOrder, netftOrder } from '../network/order';

export class PairOrders {
  /** Each node's networks, as the indices of the networks it is attached to. */
  private readonly signatures = new Map<string, string>();
  private readonly netft = new Map<string, NetworkSpec[]>();
  private readonly defaultLiveMigration = new Map<string, NetworkSpec[]>();
  private readonly explicitLiveMigration = new WeakMap<readonly string[], Map<string, NetworkSpec[]>>();

  constructor(private readonly networks: readonly NetworkSpec[]) {}

  private key(a: string, b: string): string {
    return `${this.signature(a)}|${this.signature(b)}`;
  }

  private signature(node: string): string {
    let sig = this.signatures.get(node);
    if (sig === undefined) {
      sig = this.networks.map((n, i) => (isAttached(n, node) ? i : '')).join(',');
      this.signatures.set(node, sig);
    }
    return sig;
  }

  /** netftOrder(networks, a, b). */
  netftOrder(a: string, b: string): NetworkSpec[] {
    const key = this.key(a, b);
    let order = this.netft.get(key);
    if (!order) this.netft.set(key, (order = netftOrder(this.networks, a, b)));
    return order;
  }

  /** netftNetwork(networks, a, b). */
  netftNetwork(a: string, b: string): NetworkSpec | null {
    return this.netftOrder(a, b)[0] ?? null;
  }

  /** liveMigrationOrder(networks, a, b, explicit). */
  liveMigrationOrder(a: string, b: string, explicit: readonly string[] | null): NetworkSpec[] {
    let byKey = explicit === null ? this.defaultLiveMigration : this.explicitLiveMigration.get(explicit);
    if (!byKey) this.explicitLiveMigration.set(explicit!, (byKey = new Map()));
    const key = this.key(a, b);
    let order = byKey.get(key);
    if (!order) byKey.set(key, (order = liveMigrationOrder(this.networks, a, b, explicit)));
    return order;
  }
}
