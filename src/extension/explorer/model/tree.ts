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
import { CLUSTER_ID, nodeVmId } from './ids';
import { VmDescriptorCache, type VmDescriptors } from './vms';
import { networkDescriptor } from './networks';
import { accessItem, linkItem, nodeItem } from './memo';
import { volumeDescriptor } from './volumes';
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
  const b = new TreeBuilder();
  walkTree(snapshot, facts, cache, (d) => b.add(d));
  return { roots: [CLUSTER_ID], items: b.items, children: b.children };
}

/**
 * Every item of the tree for one snapshot, in tree order (each parent before its children, and
 * siblings in display order): what {@link buildTree} collects, and what the explorer's model
 * compares with the tree it already has (liveTree.ts). With `withVms` false, the VMs (listed
 * under their node and under Virtual Machines) are left out and `cache` is not used: the
 * explorer's model brings those up to date itself, only for the VMs whose snapshot changed.
 */
export function walkTree(
  snapshot: ClusterSnapshot,
  facts: ScenarioFacts | null | undefined,
  cache: VmDescriptorCache,
  emit: (d: ItemDescriptor) => void,
  withVms = true,
): void {
  const ctx = buildContext(snapshot, facts);
  emit(clusterDescriptor(ctx));

  // Each VM's descriptors, in file order; looked up by name (cache.current) under the nodes.
  const vms: VmDescriptors[] = [];
  if (withVms) for (const vm of snapshot.vms) vms.push(cache.get(vm));

  emit(folderDescriptor('nodesFolder', snapshot.nodes.length, true));
  for (const node of snapshot.nodes) {
    const n = nodeItem(node, ctx);
    emit(n);
    if (!withVms) continue;
    for (const name of node.vms) {
      const d = cache.current(name);
      if (!d) continue;
      emit(vmUnderNode(d, node.name, name, n.id));
    }
  }
  if (withVms) cache.endBuild();

  emit(folderDescriptor('vmsFolder', snapshot.vms.length, false));
  for (const d of vms) emit(d.inFolder);

  emit(folderDescriptor('networksFolder', snapshot.networks.length, false));
  for (const net of snapshot.networks) {
    emit(networkDescriptor(net, ctx));
    for (const link of net.links) emit(linkItem(net, link, ctx));
  }

  emit(folderDescriptor('volumesFolder', snapshot.volumes.length, false));
  for (const vol of snapshot.volumes) {
    emit(volumeDescriptor(vol, ctx));
    for (const a of vol.access) emit(accessItem(vol, a, ctx));
  }

  emit(folderDescriptor('disksFolder', snapshot.disks.length, false));
  for (const disk of snapshot.disks) emit(diskDescriptor(disk));
}

/** A VM's item under the node `node` (whose id is `parentId`) that lists it: normally its owner node. */
export function vmUnderNode(d: VmDescriptors, node: string, name: string, parentId: string): ItemDescriptor {
  return d.node === node ? d.underNode : { ...d.underNode, id: nodeVmId(node, name), parent: parentId };
}

export function childrenOf(tree: ExplorerTree, id: string | undefined): readonly string[] {
  return id === undefined ? tree.roots : (tree.children.get(id) ?? []);
}
