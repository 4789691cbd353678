/**
 * The whole tree for one snapshot: the cluster, then Nodes (each with its VMs), Virtual Machines,
 * Networks (each with its links), Cluster Shared Volumes (each with per-node access) and Disks.
 * One pass over the snapshot: O(nodes + VMs + links + volumes x nodes + disks).
 */
import type { ClusterSnapshot } from '../../../engine/snapshot';
import { buildContext, type ScenarioFacts } from './context';
import { clusterDescriptor, folderDescriptor } from './cluster';
import type { ExplorerTree, ItemDescriptor } from './descriptor';
import { EMPTY_TREE } from './descriptor';
import { nodeVmId } from './ids';
import { nodeDescriptor } from './nodes';
import { VmDescriptorCache, type VmDescriptors } from './vms';
import { linkDescriptor, networkDescriptor } from './networks';
import { volumeAccessDescriptor, volumeDescriptor } from './volumes';
import { diskDescriptor } from './disks';

class TreeBuilder {
  readonly items = new Map<string, ItemDescriptor>();
  readonly children = new Map<string, string[]>();

  add(d: ItemDescriptor): void {
    this.items.set(d.id, d);
    const parent = d.parent;
    if (parent === null) return;
    const siblings = this.children.get(parent);
    if (siblings) siblings.push(d.id);
    else this.children.set(parent, [d.id]);
  }
}

/** `cache` (kept by the caller across builds) saves re-formatting the VMs that did not change. */
export function buildTree(snapshot: ClusterSnapshot | null, facts?: ScenarioFacts | null, cache: VmDescriptorCache = new VmDescriptorCache()): ExplorerTree {
  if (!snapshot) return EMPTY_TREE;
  const ctx = buildContext(snapshot, facts);
  const b = new TreeBuilder();
  const cluster = clusterDescriptor(ctx);
  b.add(cluster);

  const vms = new Map<string, VmDescriptors>();
  for (const vm of snapshot.vms) vms.set(vm.name, cache.get(vm));
  cache.endBuild();

  b.add(folderDescriptor('nodesFolder', snapshot.nodes.length, true));
  for (const node of snapshot.nodes) {
    const n = nodeDescriptor(node, ctx);
    b.add(n);
    for (const name of node.vms) {
      const d = vms.get(name);
      if (!d) continue;
      b.add(d.node === node.name ? d.underNode : { ...d.underNode, id: nodeVmId(node.name, name), parent: n.id });
    }
  }

  b.add(folderDescriptor('vmsFolder', snapshot.vms.length, false));
  for (const d of vms.values()) b.add(d.inFolder);

  b.add(folderDescriptor('networksFolder', snapshot.networks.length, false));
  for (const net of snapshot.networks) {
    const d = networkDescriptor(net, ctx);
    b.add(d);
    for (const link of net.links) b.add(linkDescriptor(net, link, ctx));
  }

  b.add(folderDescriptor('volumesFolder', snapshot.volumes.length, false));
  for (const vol of snapshot.volumes) {
    const d = volumeDescriptor(vol, ctx);
    b.add(d);
    for (const a of vol.access) b.add(volumeAccessDescriptor(vol, a, ctx));
  }

  b.add(folderDescriptor('disksFolder', snapshot.disks.length, false));
  for (const disk of snapshot.disks) b.add(diskDescriptor(disk));

  return { roots: [cluster.id], items: b.items, children: b.children };
}

export function childrenOf(tree: ExplorerTree, id: string | undefined): readonly string[] {
  return id === undefined ? tree.roots : (tree.children.get(id) ?? []);
}
