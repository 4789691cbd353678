/** A node under Nodes: state, memory given to VMs out of what it has, and its VMs under it. */
import type { NodeSnapshot } from '../../../engine/snapshot';
import { formatBytes } from '../../../format/quantities';
import { contextValue } from '../target';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { FOLDER_IDS, nodeId } from './ids';
import { nodeTokens } from '../../commands/logic/contextValues';
import { countOf, md, nameList, NODE_DOWN_CAUSE, NODE_STATUS } from './words';

const STOPPING_EXPLAIN = 'its cluster service is stopping: its roles are moving to other nodes, each VM through its offline action, and then it leaves the cluster; it takes no new roles meanwhile.';

export function nodeDescriptor(node: NodeSnapshot, ctx: BuildContext): ItemDescriptor {
  const status = NODE_STATUS[node.status];
  // Down says why; a node whose cluster service is stopping says so.
  const cause = node.status === 'down' && node.downCause ? NODE_DOWN_CAUSE[node.downCause] : null;
  const word = cause ? `${status.word} (${cause.word})` : node.stopping ? `${status.word}, stopping its cluster service` : status.word;
  const explain = cause ? cause.explain : node.stopping ? STOPPING_EXPLAIN : status.explain;
  const used = formatBytes(node.used);
  const total = formatBytes(node.memory);
  const vms = countOf(node.vms.length, 'VM');
  const migrating = ctx.migratingOn(node.name);
  const free = formatBytes(Math.max(0, node.memory - node.used));
  const lines = [
    `**${md(node.name)}** — ${word}: ${explain}`,
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
    description: `${word} · ${used}/${total} · ${vms}`,
    tooltip: lines.join('\n\n'),
    icon: status.icon,
    contextValue: contextValue('node', nodeTokens(node)),
    target: { kind: 'node', name: node.name },
    collapsible: node.vms.length === 0 ? 'none' : 'collapsed',
  };
}
