/**
 * Stable ids of the explorer's items: the kind plus the name(s), never a position, so VS Code
 * keeps an item's expansion and selection across refreshes. Names are escaped so that a `/` in a
 * name cannot make two ids collide.
 */
import type { Target } from '../target';

const esc = (name: string): string => encodeURIComponent(name);

export const CLUSTER_ID = 'cluster';
export const FOLDER_IDS = {
  nodesFolder: 'nodes',
  vmsFolder: 'vms',
  networksFolder: 'networks',
  volumesFolder: 'volumes',
  disksFolder: 'disks',
} as const;

export const nodeId = (node: string): string => `node/${esc(node)}`;
/** A VM under Virtual Machines: where `find` and `reveal` take a VM target. */
export const vmId = (vm: string): string => `vm/${esc(vm)}`;
/** The same VM listed under its owner node. */
export const nodeVmId = (node: string, vm: string): string => `${nodeId(node)}/vm/${esc(vm)}`;
export const networkId = (network: string): string => `network/${esc(network)}`;
export const linkId = (network: string, node: string): string => `${networkId(network)}/link/${esc(node)}`;
export const volumeId = (disk: string): string => `volume/${esc(disk)}`;
export const volumeAccessId = (disk: string, node: string): string => `${volumeId(disk)}/node/${esc(node)}`;
export const diskId = (disk: string): string => `disk/${esc(disk)}`;

/** The id of the item that stands for a target (a VM's place under Virtual Machines). */
export function idOfTarget(target: Target): string {
  switch (target.kind) {
    case 'cluster':
      return CLUSTER_ID;
    case 'nodesFolder':
    case 'vmsFolder':
    case 'networksFolder':
    case 'volumesFolder':
    case 'disksFolder':
      return FOLDER_IDS[target.kind];
    case 'node':
      return nodeId(target.name);
    case 'vm':
      return vmId(target.name);
    case 'network':
      return networkId(target.name);
    case 'link':
      return linkId(target.name, target.node ?? '');
    case 'volume':
      return volumeId(target.name);
    case 'volumeAccess':
      return volumeAccessId(target.name, target.node ?? '');
    case 'disk':
      return diskId(target.name);
  }
}
