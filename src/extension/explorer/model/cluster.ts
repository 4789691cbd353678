/** The cluster at the top of the tree, and the five folders under it, as Failover Cluster Manager lays them out. */
import { contextValue, type TargetKind } from '../target';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { CLUSTER_ID, FOLDER_IDS } from './ids';
import { COLORS, countOf, md } from './words';
import { formatCount } from '../../../format/quantities';

export function clusterDescriptor(ctx: BuildContext): ItemDescriptor {
  const s = ctx.snapshot;
  let up = 0;
  for (const n of s.nodes) if (n.status === 'up' || n.status === 'paused') up++;
  const nodes = `${up} of ${s.nodes.length} nodes up`;
  const state = s.hasQuorum
    ? 'The cluster **has quorum**: enough votes are present, so it runs its roles.'
    : '**The cluster has lost quorum**: too few votes are present, so it stops every role until enough nodes are back.';
  // The configuration and who holds the witness, in the engine's words.
  const config = s.quorumConfig ? `Quorum configuration: ${md(s.quorumConfig.description)}.` : '';
  const witness = s.quorum?.witness;
  const held = witness ? (witness.heldBy.length ? ` ${md(witness.heldBy.join(', '))} ${witness.heldBy.length === 1 ? 'holds' : 'hold'} the witness's vote.` : ' No partition holds the witness\'s vote.') : '';
  const quorum = [state, `${config}${held}`].filter((x) => x.trim() !== '').join('\n\n');
  return {
    id: CLUSTER_ID,
    parent: null,
    kind: 'cluster',
    label: s.name,
    description: `${s.hasQuorum ? 'Quorum: OK' : 'Quorum: lost'} · ${nodes}`,
    tooltip: `**${md(s.name)}** — failover cluster\n\n${quorum}\n\n${nodes} (paused nodes count: they stay in the cluster).`,
    icon: { id: 'server-environment', color: s.hasQuorum ? COLORS.good : COLORS.failed },
    contextValue: contextValue('cluster', [s.hasQuorum ? 'quorum' : 'noQuorum']),
    target: { kind: 'cluster', name: '' },
    collapsible: 'expanded',
  };
}

type FolderKind = Extract<TargetKind, `${string}Folder`>;

const FOLDERS: Readonly<Record<FolderKind, { label: string; icon: string; one: string; many?: string; explain: string }>> = {
  nodesFolder: { label: 'Nodes', icon: 'server', one: 'node', explain: 'The servers of the cluster, each with the VMs it owns.' },
  vmsFolder: { label: 'Virtual Machines', icon: 'vm', one: 'VM', explain: 'Every clustered VM, its state and its owner node.' },
  networksFolder: { label: 'Networks', icon: 'type-hierarchy', one: 'network', explain: 'Cluster networks: their use, metric, and which ones NetFT and live migration use.' },
  volumesFolder: {
    label: 'Cluster Shared Volumes',
    icon: 'database',
    one: 'volume',
    explain: 'Cluster Shared Volumes (`C:\\ClusterStorage\\VolumeN`): coordinator node and each node\'s access.',
  },
  disksFolder: { label: 'Disks', icon: 'archive', one: 'disk', explain: 'Classic cluster disks (and the witness disk), each online on one owner node.' },
};

/**
 * A folder. Its description is only a count: a folder is refreshed with all its children, so it
 * carries nothing that changes while the simulation runs.
 */
export function folderDescriptor(kind: FolderKind, count: number, expanded: boolean): ItemDescriptor {
  const f = FOLDERS[kind];
  return {
    id: FOLDER_IDS[kind],
    parent: CLUSTER_ID,
    kind,
    label: f.label,
    description: formatCount(count),
    tooltip: `**${f.label}** — ${countOf(count, f.one, f.many)}\n\n${f.explain}`,
    icon: { id: f.icon },
    contextValue: contextValue(kind),
    target: { kind, name: '' },
    collapsible: count === 0 ? 'none' : expanded ? 'expanded' : 'collapsed',
  };
}
