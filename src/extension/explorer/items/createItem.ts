import type { ItemDescriptor } from '../model/descriptor';
import type { TargetKind } from '../target';
import { ClusterItem } from './clusterItem';
import { DiskItem } from './diskItem';
import { type ExplorerItem, type ItemHost } from './explorerItem';
import { FolderItem } from './folderItem';
import { LinkItem } from './linkItem';
import { NetworkItem } from './networkItem';
import { NodeItem } from './nodeItem';
import { VmItem } from './vmItem';
import { VolumeAccessItem } from './volumeAccessItem';
import { VolumeItem } from './volumeItem';

type ItemClass = new (id: string, host: ItemHost, descriptor: ItemDescriptor) => ExplorerItem;

const CLASSES: Readonly<Record<TargetKind, ItemClass>> = {
  cluster: ClusterItem,
  nodesFolder: FolderItem,
  vmsFolder: FolderItem,
  networksFolder: FolderItem,
  volumesFolder: FolderItem,
  disksFolder: FolderItem,
  node: NodeItem,
  vm: VmItem,
  network: NetworkItem,
  link: LinkItem,
  volume: VolumeItem,
  volumeAccess: VolumeAccessItem,
  disk: DiskItem,
};

/** The tree node for a descriptor, of the class of its kind. */
export function createItem(descriptor: ItemDescriptor, host: ItemHost): ExplorerItem {
  return new CLASSES[descriptor.kind](descriptor.id, host, descriptor);
}
