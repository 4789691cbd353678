/**
 * Which nodes can take one or more VMs (live or quick migration) or become a volume's
 * coordinator, with the reason for every node that cannot: what the "Migrate to..." and
 * "Move Coordinator to..." quick picks show. The engine checks again when the action is taken
 * (a network may be down, a migration may be queued); this is what the snapshot already tells.
 * Free of `vscode`.
 */
import type { ClusterSnapshot, NodeSnapshot } from '../../../engine/snapshot';
import type { Scenario } from '../../../engine/scenario/model';
import { FABRIC } from '../../../engine/scenario/model';
import type { PickItem } from './pickItems';
import { formatBytes } from '../../../format/quantities';

export interface TargetNode {
  readonly node: string;
  readonly eligible: boolean;
  /** For an eligible node, what it has ("56 GiB free of 64 GiB"); else why not ("Paused"). */
  readonly detail: string;
}

export type MigrationKind = 'live' | 'quick';

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function statusReason(node: NodeSnapshot): string | null {
  if (node.status === 'down') return 'Down';
  if (node.status === 'paused') return 'Paused';
  if (node.status === 'joining') return 'Still joining the cluster';
  return null;
}

/**
 * Every node, in node order, as a target for moving `vmNames` together. A node is eligible when
 * it is up, and has the memory free for the VMs not already on it. A node every VM is already on
 * is not a target; one some of them are on takes the others (those stay where they are).
 */
export function eligibleTargets(snapshot: ClusterSnapshot, vmNames: readonly string[], _kind: MigrationKind): TargetNode[] {
  const vms = vmNames.map((name) => snapshot.vms.find((v) => v.name === name)).filter((v) => v !== undefined);
  return snapshot.nodes.map((node): TargetNode => {
    const moving = vms.filter((v) => v.node !== node.name);
    const free = node.memory - node.used;
    if (vms.length > 0 && moving.length === 0) {
      return { node: node.name, eligible: false, detail: vms.length === 1 ? 'Already on this node' : 'All of them are already on this node' };
    }
    const down = statusReason(node);
    if (down) return { node: node.name, eligible: false, detail: down };
    const needed = moving.reduce((sum, v) => sum + v.memory, 0);
    if (free < needed) {
      const who = list(moving.map((v) => v.name));
      return { node: node.name, eligible: false, detail: `Only ${formatBytes(free)} free, ${who} ${moving.length === 1 ? 'needs' : 'need'} ${formatBytes(needed)}` };
    }
    const here = vms.length - moving.length;
    const stays = here > 0 ? ` (${list(vms.filter((v) => v.node === node.name).map((v) => v.name))} already here)` : '';
    return { node: node.name, eligible: true, detail: `${formatBytes(free)} free of ${formatBytes(node.memory)}${stays}` };
  });
}

/** Nodes that could coordinate the Cluster Shared Volume `disk`: up, attached to its storage path, not already it. */
export function coordinatorTargets(snapshot: ClusterSnapshot, scenario: Scenario | null, disk: string): TargetNode[] {
  const volume = snapshot.volumes.find((v) => v.disk === disk);
  const storagePath = scenario?.disks.find((d) => d.name === disk)?.storagePath ?? null;
  const pathNetwork = storagePath !== null && storagePath !== FABRIC ? snapshot.networks.find((n) => n.name === storagePath) : undefined;
  return snapshot.nodes.map((node): TargetNode => {
    if (volume?.coordinator === node.name) return { node: node.name, eligible: false, detail: 'Already the coordinator' };
    const down = statusReason(node);
    if (down === 'Down') return { node: node.name, eligible: false, detail: down };
    if (pathNetwork && !pathNetwork.links.some((l) => l.node === node.name)) {
      return { node: node.name, eligible: false, detail: `Not attached to ${pathNetwork.name}, the volume's storage path` };
    }
    const access = volume?.access.find((a) => a.node === node.name);
    const how = access ? `${access.state} access` : '';
    return { node: node.name, eligible: true, detail: [node.status === 'up' ? '' : node.status, how].filter(Boolean).join(', ') };
  });
}

/**
 * The quick pick of target nodes: eligible nodes first (node order), then a separator and the
 * others with their reason. Picking one of those explains why instead of acting.
 */
export function targetPickItems(targets: readonly TargetNode[]): PickItem<TargetNode>[] {
  const ok = targets.filter((t) => t.eligible);
  const not = targets.filter((t) => !t.eligible);
  const items: PickItem<TargetNode>[] = ok.map((t) => ({ label: t.node, description: t.detail, icon: 'server', value: t }));
  if (not.length > 0) {
    items.push({ label: 'Not available', separator: true });
    for (const t of not) items.push({ label: t.node, description: t.detail, icon: 'circle-slash', value: t });
  }
  return items;
}
