/** A node under Nodes: state, memory given to VMs out of what it has, and its VMs under it. */
import type { NodeSnapshot } from '../../../engine/snapshot';
import { formatBytes } from '../../../format/quantities';
import { contextValue } from '../target';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { FOLDER_IDS, nodeId } from './ids';
import { countOf, md, nameList, NODE_STATUS } from './words';

export function nodeDescriptor(node: NodeSnapshot, ctx: BuildContext): ItemDescriptor {
  const status = NODE_STATUS[node.status];
  const used = formatBytes(node.used);
  const total = formatBytes(node.memory);
  const vms = countOf(node.vms.length, 'VM');
  const migrating = ctx.migratingOn(node.name);
  const free = formatBytes(Math.max(0, node.memory - node.used));
  const lines = [
    `**${md(node.name)}** — ${status.word}: ${status.explain}`,
    `Memory: ${used} of ${total} given to VMs and to incoming live migrations (${free} free).`,
    node.vms.length === 0
      ? 'Owner node of no VM.'
      : `Owner node of ${vms}${migrating ? ` (${migrating} migrating)` : ''}: ${nameList(node.vms)}.`,
  ];
  return {
    id: nodeId(node.name),
    parent: FOLDER_IDS.nodesFolder,
    kind: 'node',
    label: node.name,
    description: `${status.word} · ${used}/${total} · ${vms}`,
    tooltip: lines.join('\n\n'),
    icon: status.icon,
    contextValue: contextValue('node', [node.status]),
    target: { kind: 'node', name: node.name },
    collapsible: node.vms.length === 0 ? 'none' : 'collapsed',
  };
}
