/**
 * A Cluster Shared Volume (`C:\ClusterStorage\VolumeN`): its disk, coordinator node, maintenance
 * mode, and under it each node's access, direct or redirected and why.
 */
import type { NodeAccess, VolumeSnapshot } from '../../../engine/snapshot';
import { formatClock } from '../../../format/quantities';
import { contextValue } from '../target';
import type { BuildContext } from './context';
import type { ItemDescriptor } from './descriptor';
import { FOLDER_IDS, volumeAccessId, volumeId } from './ids';
import { accessReason, COLORS, CSV_ACCESS, md, nameList } from './words';

/** "Redirected access: HV02 lost its iSCSI path at 00:02:10" (markdown). */
function accessSentence(vol: VolumeSnapshot, a: NodeAccess, ctx: BuildContext): string {
  const word = CSV_ACCESS[a.state].word;
  if (a.state === 'direct') return `${word}: ${md(a.node)} reads and writes the volume over its own storage path.`;
  const why = accessReason(a.node, a.reason, a.since, ctx.storagePath(vol.disk));
  if (a.state === 'redirected') {
    const via = a.node === vol.coordinator ? '' : `; its I/O goes over the network through the coordinator node ${md(vol.coordinator)}`;
    return `${word}: ${why || `${md(a.node)} has no direct path`}${via}.`;
  }
  return `${word}${why ? `: ${why}` : ''}.`;
}

export function volumeDescriptor(vol: VolumeSnapshot, ctx: BuildContext): ItemDescriptor {
  const redirected: string[] = [];
  let noAccess = 0;
  for (const a of vol.access) {
    if (a.state === 'redirected') redirected.push(a.node);
    else if (a.state === 'noAccess' && ctx.nodes.get(a.node)?.status !== 'down') noAccess++;
  }
  // Failover Cluster Manager: "Online", "Online (Redirected Access)", "Online (Maintenance)".
  const state = !vol.online ? 'Offline' : vol.maintenance ? 'Online (Maintenance)' : redirected.length ? 'Online (Redirected Access)' : 'Online';
  const description = [state, vol.disk, `coordinator ${vol.coordinator}`];
  if (redirected.length && !vol.maintenance) description.splice(1, 0, `redirected: ${redirected.length > 3 ? `${redirected.length} nodes` : redirected.join(', ')}`);
  const lines = [
    `**${md(vol.path)}** — ${md(vol.disk)}, ${state}`,
    `Coordinator node: ${md(vol.coordinator)} (owns the volume's metadata; other nodes send metadata changes and redirected I/O to it).`,
  ];
  if (!vol.online) lines.push('Offline: no node reaches the disk directly, so no node can coordinate the volume and no VM on it can run.');
  if (vol.maintenance) {
    const vmsOnIt = ctx.snapshot.vms.filter((v) => v.disk === vol.disk).map((v) => v.name);
    lines.push(
      `Maintenance: the cluster took the VMs on this volume offline (each through its offline action: save, shut down or turn off) so that tools that need it (chkdsk /f) can run; they come back when maintenance is turned off.${vmsOnIt.length ? ` VMs on it: ${nameList(vmsOnIt, 8)}.` : ''}`,
    );
  } else if (vol.redirectedAccess) {
    lines.push('Redirected access (turned on by hand): every node but the coordinator sends its I/O over the network through the coordinator node; the VMs keep running.');
  }
  const direct: string[] = [];
  for (const a of vol.access) {
    if (a.state === 'direct') direct.push(a.node);
    else lines.push(`${md(a.node)}: ${accessSentence(vol, a, ctx)}`);
  }
  if (direct.length) lines.push(`Direct access: ${nameList(direct, 16)}.`);
  const icon = !vol.online
    ? { id: 'database', color: COLORS.failed }
    : vol.maintenance
    ? { id: 'tools', color: COLORS.paused }
    : vol.redirectedAccess
    ? { id: 'arrow-swap', color: COLORS.warning }
    : redirected.length || noAccess
      ? { id: 'database', color: COLORS.warning }
      : { id: 'database', color: COLORS.good };
  return {
    id: volumeId(vol.disk),
    parent: FOLDER_IDS.volumesFolder,
    kind: 'volume',
    label: vol.path,
    description: description.join(' · '),
    tooltip: lines.join('\n\n'),
    icon,
    contextValue: contextValue('volume', [vol.online ? 'online' : 'offline', vol.maintenance && 'maintenance', vol.redirectedAccess && 'redirectedAccess', redirected.length > 0 && 'redirected']),
    target: { kind: 'volume', name: vol.disk },
    collapsible: vol.access.length ? 'collapsed' : 'none',
  };
}

export function volumeAccessDescriptor(vol: VolumeSnapshot, a: NodeAccess, ctx: BuildContext): ItemDescriptor {
  const coordinator = a.node === vol.coordinator;
  const info = CSV_ACCESS[a.state];
  const since = a.state !== 'direct' && a.since !== null ? ` since ${formatClock(a.since)}` : '';
  return {
    id: volumeAccessId(vol.disk, a.node),
    parent: volumeId(vol.disk),
    kind: 'volumeAccess',
    label: a.node,
    description: `${coordinator ? 'Coordinator · ' : ''}${info.word}${since}`,
    tooltip: `**${md(a.node)}** on ${md(vol.path)}${coordinator ? ' — coordinator node' : ''}\n\n${accessSentence(vol, a, ctx)}`,
    icon: info.icon,
    contextValue: contextValue('volumeAccess', [a.state, coordinator && 'coordinator']),
    target: { kind: 'volumeAccess', name: vol.disk, node: a.node },
    collapsible: 'none',
  };
}
