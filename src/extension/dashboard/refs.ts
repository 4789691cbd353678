/**
 * Between the dashboard's item references and the Cluster Explorer's targets. Pure.
 */
import type { ItemRef } from '../../protocol';
import type { Target } from '../explorer/target';

/**
 * The explorer targets that may stand for an item, in the order to try them: a disk the page
 * names may be a Cluster Shared Volume in the tree, and the other way round.
 */
export function targetsFor(item: ItemRef): Target[] {
  switch (item.kind) {
    case 'vm':
      return [{ kind: 'vm', name: item.name }];
    case 'node':
      return [{ kind: 'node', name: item.name }];
    case 'network':
      return [{ kind: 'network', name: item.name }];
    case 'volume':
      return [{ kind: 'volume', name: item.name }, { kind: 'disk', name: item.name }];
    case 'disk':
      return [{ kind: 'disk', name: item.name }, { kind: 'volume', name: item.name }];
  }
}

/**
 * What the dashboard should bring into view for a tree selection: a node's link to a network
 * focuses the network, a node's access to a volume the volume; folders and the cluster nothing.
 */
export function itemFor(target: Target): ItemRef | null {
  switch (target.kind) {
    case 'vm':
    case 'node':
    case 'network':
    case 'volume':
    case 'disk':
      return target.name ? { kind: target.kind, name: target.name } : null;
    case 'link':
      return target.name ? { kind: 'network', name: target.name } : null;
    case 'volumeAccess':
      return target.name ? { kind: 'volume', name: target.name } : null;
    default:
      return null;
  }
}

export function sameItem(a: ItemRef | null, b: ItemRef | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.name === b.name;
}
