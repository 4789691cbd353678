/**
 * Descriptors of the items listed by the hundred (nodes, network links, each node's access to a
 * volume), reused while what they are built from is the same. The engine hands out a node's, a
 * link's or an access entry's snapshot object again while it reads the same (takeSnapshot.ts),
 * so the descriptor is kept on that object, with the few other values it reads, and found by
 * reference: an unchanged item costs one look-up, not a tooltip formatted again, and the live
 * tree then sees the same descriptor and skips it by reference. Snapshots are read-only, so a
 * descriptor kept on one stays right for it.
 */
import type { NetworkSnapshot, NodeAccess, NodeSnapshot, VolumeSnapshot } from '../../../engine/snapshot';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { linkDescriptor } from './networks';
import { nodeDescriptor } from './nodes';
import { volumeAccessDescriptor } from './volumes';

type Link = NetworkSnapshot['links'][number];

const nodes = new WeakMap<NodeSnapshot, { readonly migrating: number; readonly d: ItemDescriptor }>();
const links = new WeakMap<Link, { readonly network: string; readonly up: boolean; readonly role: string; readonly nodeDown: boolean; readonly d: ItemDescriptor }>();
const access = new WeakMap<NodeAccess, { readonly disk: string; readonly path: string; readonly coordinator: string; readonly storagePath: string | null; readonly d: ItemDescriptor }>();

/** {@link nodeDescriptor}, which also reads how many of the node's VMs are migrating. */
export function nodeItem(node: NodeSnapshot, ctx: BuildContext): ItemDescriptor {
  const migrating = ctx.migratingOn(node.name);
  const e = nodes.get(node);
  if (e !== undefined && e.migrating === migrating) return e.d;
  const d = nodeDescriptor(node, ctx);
  nodes.set(node, { migrating, d });
  return d;
}

/** {@link linkDescriptor}, which also reads its network's name, state and role, and whether the node is down. */
export function linkItem(net: NetworkSnapshot, link: Link, ctx: BuildContext): ItemDescriptor {
  const nodeDown = ctx.nodes.get(link.node)?.status === 'down';
  const e = links.get(link);
  if (e !== undefined && e.network === net.name && e.up === net.up && e.role === net.role && e.nodeDown === nodeDown) return e.d;
  const d = linkDescriptor(net, link, ctx);
  links.set(link, { network: net.name, up: net.up, role: net.role, nodeDown, d });
  return d;
}

/** {@link volumeAccessDescriptor}, which also reads the volume's disk, path, coordinator and storage path. */
export function accessItem(vol: VolumeSnapshot, a: NodeAccess, ctx: BuildContext): ItemDescriptor {
  const storagePath = ctx.storagePath(vol.disk);
  const e = access.get(a);
  if (e !== undefined && e.disk === vol.disk && e.path === vol.path && e.coordinator === vol.coordinator && e.storagePath === storagePath) return e.d;
  const d = volumeAccessDescriptor(vol, a, ctx);
  access.set(a, { disk: vol.disk, path: vol.path, coordinator: vol.coordinator, storagePath, d });
  return d;
}
