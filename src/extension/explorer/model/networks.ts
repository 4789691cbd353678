/**
 * A cluster network: its use, metric, whether NetFT routes cluster traffic over it and whether
 * live migration would use it first, up/down, and under it each node's link.
 */
import type { NetworkSnapshot } from '../../../engine/snapshot';
import { TRAFFIC_CLASSES, type TrafficClass } from '../../../engine/network/flow';
import { formatBitRate } from '../../../format/quantities';
import { contextValue } from '../target';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { FOLDER_IDS, linkId, networkId } from './ids';
import { COLORS, md, NETWORK_ROLE } from './words';

const TRAFFIC_WORDS: Readonly<Record<TrafficClass, string>> = {
  liveMigration: 'live migration',
  redirectedIo: 'redirected CSV I/O',
  metadata: 'CSV metadata',
  storage: 'storage (iSCSI)',
};

const ROLE_ICON = { cluster: 'type-hierarchy-sub', clusterAndClient: 'globe', none: 'circle-slash' } as const;

/** Links of nodes that are up but cannot use the network: Failover Cluster Manager calls the network partitioned. */
function brokenLinks(net: NetworkSnapshot, ctx: BuildContext): string[] {
  const broken: string[] = [];
  for (const l of net.links) if (!l.up && ctx.nodes.get(l.node)?.status !== 'down') broken.push(l.node);
  return broken;
}

export function networkDescriptor(net: NetworkSnapshot, ctx: BuildContext): ItemDescriptor {
  const role = NETWORK_ROLE[net.role];
  const broken = net.up ? brokenLinks(net, ctx) : [];
  const state = !net.up ? 'Down' : broken.length ? 'Partitioned' : 'Up';
  const uses = [net.netft ? 'NetFT' : null, net.liveMigration ? 'live migration' : null].filter((x) => x !== null);
  const metric = `metric ${net.metric}${net.autoMetric ? ' (auto)' : ''}`;
  const lines = [
    `**${md(net.name)}** — ${state}${broken.length ? `: ${broken.map(md).join(', ')} cannot use it` : ''}`,
    `Cluster use: ${role.clusterUse} — ${role.explain}. Metric ${net.metric}${net.autoMetric ? ', assigned automatically' : ''}; ${formatBitRate(net.bandwidth)} ports.`,
    net.netft
      ? 'NetFT routes CSV metadata and redirected I/O over this network between at least one pair of nodes (heartbeats go over every cluster network).'
      : 'NetFT does not route CSV metadata or redirected I/O over this network now.',
    net.liveMigration ? 'Live migration would use this network first between at least one pair of nodes.' : 'Live migration would not use this network first.',
  ];
  const carrying = TRAFFIC_CLASSES.filter((c) => net.traffic[c] > 0).map((c) => `${TRAFFIC_WORDS[c]} ${formatBitRate(net.traffic[c])}`);
  if (carrying.length) lines.push(`Carrying now: ${carrying.join(', ')}.`);
  return {
    id: networkId(net.name),
    parent: FOLDER_IDS.networksFolder,
    kind: 'network',
    label: net.name,
    description: [state, role.short, metric, ...uses].join(' · '),
    tooltip: lines.join('\n\n'),
    icon: { id: ROLE_ICON[net.role], color: !net.up ? COLORS.failed : broken.length ? COLORS.warning : COLORS.good },
    contextValue: contextValue('network', [net.up ? 'up' : 'down', net.role, net.netft && 'netft', net.liveMigration && 'liveMigration']),
    target: { kind: 'network', name: net.name },
    collapsible: net.links.length ? 'collapsed' : 'none',
  };
}

export function linkDescriptor(net: NetworkSnapshot, link: { readonly node: string; readonly up: boolean }, ctx: BuildContext): ItemDescriptor {
  const nodeDown = ctx.nodes.get(link.node)?.status === 'down';
  const why = link.up ? '' : nodeDown ? ` (${link.node} is down)` : !net.up ? ` (${net.name} is down)` : '';
  const explain = link.up
    ? `${md(link.node)} is connected to ${md(net.name)}.`
    : nodeDown
      ? `${md(link.node)} is down, so its link to ${md(net.name)} is down too.`
      : !net.up
        ? `${md(net.name)} is down, so no node can use it.`
        : net.role === 'none'
          ? `${md(link.node)} has lost its link to ${md(net.name)} (cable or port).`
          : `${md(link.node)} has lost its link to ${md(net.name)} (cable or port): cluster traffic between it and the other nodes goes over another cluster network.`;
  return {
    id: linkId(net.name, link.node),
    parent: networkId(net.name),
    kind: 'link',
    label: link.node,
    description: `${link.up ? 'Up' : 'Down'}${why}`,
    tooltip: `**${md(link.node)} — ${md(net.name)}**: ${link.up ? 'Up' : 'Down'}\n\n${explain}`,
    icon: link.up ? { id: 'plug', color: COLORS.good } : { id: 'debug-disconnect', color: COLORS.failed },
    contextValue: contextValue('link', [link.up ? 'up' : 'down']),
    target: { kind: 'link', name: net.name, node: link.node },
    collapsible: 'none',
  };
}
