/**
 * Which nodes can take one or more VMs (live or quick migration) or become a volume's
 * coordinator, with the reason for every node that cannot: what the "Migrate to..." and
 * "Move Coordinator to..." quick picks show. For a migration the engine decides (its preflight,
 * the very checks a request runs): this only puts its verdicts into words for the pick.
 * Free of `vscode`.
 */
import type { MigrationKind, TargetVerdict } from '../../../engine/migration/migrationManager';
import type { ClusterSnapshot, NodeSnapshot } from '../../../engine/snapshot';
import type { Scenario } from '../../../engine/scenario/model';
import { FABRIC } from '../../../engine/scenario/model';
import type { PickItem } from './pickItems';
import { formatBytes } from '../../../format/quantities';

export type { MigrationKind };

export interface TargetNode {
  readonly node: string;
  readonly eligible: boolean;
  /** For an eligible node, what it has ("56 GiB free of 64 GiB"); else why not ("Paused"). */
  readonly detail: string;
}

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

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Every node, in node order, as a target for moving `vmNames` together, from the engine's
 * preflight of each VM (`preflight(vm)`, see MigrationsView.preflight). A node every VM is
 * already on is not a target; one some of them are on takes the others (those stay where they
 * are). A node is eligible when the engine would accept every VM that would move there; each VM
 * is judged as if it moved alone, so the engine may still refuse a later one for the memory an
 * earlier one took (the refusal is shown then).
 */
export function eligibleTargets(snapshot: ClusterSnapshot, vmNames: readonly string[], preflight: (vm: string) => readonly TargetVerdict[]): TargetNode[] {
  const vms = vmNames.map((name) => snapshot.vms.find((v) => v.name === name)).filter((v) => v !== undefined);
  const verdicts = new Map(vms.map((v) => [v.name, preflight(v.name)]));
  return snapshot.nodes.map((node): TargetNode => {
    const moving = vms.filter((v) => v.node !== node.name);
    if (vms.length > 1 && moving.length === 0) return { node: node.name, eligible: false, detail: 'All of them are already on this node' };
    const judged = moving.length > 0 ? moving : vms;
    const mine = judged.map((v) => verdicts.get(v.name)?.find((t) => t.node === node.name));
    const refusals = [...new Set(mine.map((t) => (t === undefined ? 'not a node the cluster knows' : t.reason)).filter((r) => r !== null))];
    if (refusals.length > 0) return { node: node.name, eligible: false, detail: capitalized(refusals.join('; ')) };
    const here = vms.filter((v) => v.node === node.name);
    const parts = [`${formatBytes(node.memory - node.used)} free of ${formatBytes(node.memory)}`];
    const networks = [...new Set(mine.map((t) => t?.network ?? null).filter((n) => n !== null))];
    if (networks.length > 0) parts.push(`over ${list(networks)}`);
    const waits = [...new Set(mine.map((t) => t?.waits ?? null).filter((w) => w !== null))];
    if (waits.length > 0) parts.push(`waits: ${waits.join('; ')}`);
    const stays = here.length > 0 ? ` (${list(here.map((v) => v.name))} already here)` : '';
    return { node: node.name, eligible: true, detail: `${parts.join(', ')}${stays}` };
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
