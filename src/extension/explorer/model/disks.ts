/** A classic cluster disk (or the witness disk): online or offline on its owner node. */
import type { DiskSnapshot } from '../../../engine/snapshot';
import { contextValue } from '../target';
import type { ItemDescriptor } from './descriptor';
import { diskId, FOLDER_IDS } from './ids';
import { COLORS, countOf, md, nameList } from './words';

export function diskDescriptor(disk: DiskSnapshot): ItemDescriptor {
  const state = disk.online ? 'Online' : 'Offline';
  const owner = disk.owner ?? 'none';
  const witness = disk.role === 'witness';
  const lines = [
    `**${md(disk.name)}** — ${witness ? 'witness disk, ' : ''}${state}`,
    disk.owner === null
      ? 'No owner node: no node has the disk online.'
      : `Owner node: ${md(disk.owner)}${disk.online ? ' (the only node that reads and writes it)' : ''}.`,
  ];
  if (disk.quorumVote === 'witness') lines.push('Its vote counts towards quorum, besides the nodes\' (Node and Disk Majority).');
  else if (disk.quorumVote === 'only') lines.push('It holds the only vote (No Majority: Disk Only): the cluster runs where a node reaches it, and stops when it fails.');
  else if (witness) lines.push('The quorum does not use it: it has no vote.');
  if (disk.vms.length) lines.push(`${countOf(disk.vms.length, 'VM')} on it, which move together: ${nameList(disk.vms)}.`);
  return {
    id: diskId(disk.name),
    parent: FOLDER_IDS.disksFolder,
    kind: 'disk',
    label: disk.name,
    description: `${witness ? 'Witness · ' : ''}${state} · owner ${owner}`,
    tooltip: lines.join('\n\n'),
    icon: { id: witness ? 'law' : 'archive', color: disk.online ? COLORS.good : COLORS.failed },
    contextValue: contextValue('disk', [disk.online ? 'online' : 'offline', disk.role]),
    target: { kind: 'disk', name: disk.name },
    collapsible: 'none',
  };
}
