/**
 * The state tokens of each kind of Cluster Explorer item, read from a snapshot, and the targets
 * a command can act on: what the context menus match (commandTable.ts) and what the command
 * palette offers when a command is run without a tree item. Free of `vscode`.
 *
 * Tokens (after the kind, separated by ';'), the same the Cluster Explorer's items carry
 * (explorer/model/*.ts):
 * - cluster: quorum | noQuorum
 * - vm: its status (running, off, saved, saving, restoring, suspended, failed, booting), then
 *   `migrating` while a live or quick migration moves it
 * - node: its status (up, paused, down, joining); for a node that is down, why (crashed,
 *   quorumLost, serviceStopped); `stopping` while its cluster service stops
 * - network: up | down, its role, then `netft` and `liveMigration` when it carries them
 * - link: up | down (one node's link to one network)
 * - volume: online | offline, then `maintenance`, `redirectedAccess` (turned on by hand) and
 *   `redirected` (some node redirected, for whatever reason)
 * - volumeAccess: the node's access (direct, redirected, paused, noAccess), then `coordinator`
 * - disk: online | offline, then its role (data, witness)
 */
import { contextValue, type Target, type TargetKind } from '../../explorer/target';
import type { ClusterSnapshot, NodeSnapshot } from '../../../engine/snapshot';
import { commandsFor } from './commandTable';

/** The state tokens of `target` in `snapshot`; null when the snapshot has no such item. */
export function stateTokens(target: Target, snapshot: ClusterSnapshot): (string | false)[] | null {
  switch (target.kind) {
    case 'cluster':
      return [snapshot.hasQuorum ? 'quorum' : 'noQuorum'];
    case 'vm': {
      const vm = snapshot.vms.find((v) => v.name === target.name);
      return vm ? [vm.status, vm.migration !== null && 'migrating'] : null;
    }
    case 'node': {
      const node = snapshot.nodes.find((n) => n.name === target.name);
      return node ? nodeTokens(node) : null;
    }
    case 'network': {
      const net = snapshot.networks.find((n) => n.name === target.name);
      return net ? [net.up ? 'up' : 'down', net.role, net.netft && 'netft', net.liveMigration && 'liveMigration'] : null;
    }
    case 'link': {
      const link = snapshot.networks.find((n) => n.name === target.name)?.links.find((l) => l.node === target.node);
      return link ? [link.up ? 'up' : 'down'] : null;
    }
    case 'volume': {
      const vol = snapshot.volumes.find((v) => v.disk === target.name);
      return vol ? [vol.online ? 'online' : 'offline', vol.maintenance && 'maintenance', vol.redirectedAccess && 'redirectedAccess', vol.access.some((a) => a.state === 'redirected') && 'redirected'] : null;
    }
    case 'volumeAccess': {
      const vol = snapshot.volumes.find((v) => v.disk === target.name);
      const access = vol?.access.find((a) => a.node === target.node);
      return vol && access ? [access.state, access.node === vol.coordinator && 'coordinator'] : null;
    }
    case 'disk': {
      const disk = snapshot.disks.find((d) => d.name === target.name);
      return disk ? [disk.online ? 'online' : 'offline', disk.role] : null;
    }
    default:
      return [];
  }
}

/** A node's state tokens: its status, why it is down, whether its cluster service is stopping. */
export function nodeTokens(node: NodeSnapshot): (string | false)[] {
  return [node.status, node.downCause ?? false, node.stopping === true && 'stopping'];
}

/** The contextValue of the tree item for `target` (see target.ts), or null when it is gone. */
export function contextValueFor(target: Target, snapshot: ClusterSnapshot): string | null {
  const tokens = stateTokens(target, snapshot);
  return tokens === null ? null : contextValue(target.kind, tokens);
}

/** Every target of one kind in the snapshot, in the tree's order. */
export function targetsOfKind(kind: TargetKind, snapshot: ClusterSnapshot): Target[] {
  switch (kind) {
    case 'vm':
      return snapshot.vms.map((v) => ({ kind, name: v.name }));
    case 'node':
      return snapshot.nodes.map((n) => ({ kind, name: n.name }));
    case 'network':
      return snapshot.networks.map((n) => ({ kind, name: n.name }));
    case 'link':
      // Node by node, as a user thinks of cables: HV01's links, then HV02's.
      return snapshot.nodes.flatMap((node) =>
        snapshot.networks.filter((n) => n.links.some((l) => l.node === node.name)).map((n) => ({ kind, name: n.name, node: node.name })),
      );
    case 'volume':
      return snapshot.volumes.map((v) => ({ kind, name: v.disk }));
    case 'disk':
      return snapshot.disks.map((d) => ({ kind, name: d.name }));
    default:
      return [];
  }
}

/** The targets of `kind` on which `command` is offered now: what a palette invocation picks from. */
export function subjectsFor(command: string, kind: TargetKind, snapshot: ClusterSnapshot): Target[] {
  return targetsOfKind(kind, snapshot).filter((t) => {
    const cv = contextValueFor(t, snapshot);
    return cv !== null && commandsFor(cv).includes(command);
  });
}

export function sameTarget(a: Target, b: Target): boolean {
  return a.kind === b.kind && a.name === b.name && (a.node ?? '') === (b.node ?? '');
}

/** How a target reads in messages: "SQL01", "HV03's link to iSCSI". */
export function targetLabel(target: Target): string {
  return target.kind === 'link' && target.node ? `${target.node}'s link to ${target.name}` : target.name;
}
