/**
 * Failover Cluster Manager's words for states, the codicon and theme colour of each state, and
 * small text helpers shared by the descriptor builders.
 */
import type { NodeDownCause, NodeStatus, VmStatus } from '../../../engine/model/events';
import type { NetworkRole } from '../../../engine/scenario/model';
import type { CsvAccess, MigrationProgress } from '../../../engine/snapshot';
import { formatClock, formatCount } from '../../../format/quantities';
import type { IconDescriptor } from './descriptor';

/** Theme colours used for states (all part of VS Code's default colour registry). */
export const COLORS = {
  good: 'charts.green',
  busy: 'charts.blue',
  warning: 'list.warningForeground',
  paused: 'charts.yellow',
  failed: 'testing.iconFailed',
  inactive: 'disabledForeground',
} as const;

export const NODE_STATUS: Readonly<Record<NodeStatus, { word: string; icon: IconDescriptor; explain: string }>> = {
  up: { word: 'Up', icon: { id: 'server', color: COLORS.good }, explain: 'the node is running in the cluster and can own roles.' },
  paused: {
    word: 'Paused',
    icon: { id: 'debug-pause', color: COLORS.paused },
    explain: 'the node stays in the cluster but takes no new roles (paused for maintenance; its VMs may be drained to other nodes).',
  },
  down: { word: 'Down', icon: { id: 'server', color: COLORS.failed }, explain: 'the node is not running in the cluster: it owns no running roles and takes no part in quorum.' },
  joining: { word: 'Joining', icon: { id: 'sync~spin', color: COLORS.busy }, explain: 'the node is starting its cluster service and joining the cluster.' },
};

/** Why a node is down, as its description and tooltip say it. */
export const NODE_DOWN_CAUSE: Readonly<Record<NodeDownCause, { word: string; explain: string }>> = {
  crashed: { word: 'crashed', explain: 'the node has stopped (crashed): it owns no running roles and takes no part in quorum until it is started again.' },
  quorumLost: {
    word: 'no quorum',
    explain: 'its cluster service stopped because its partition has no quorum: it owns no running roles, and joins again by itself once it reaches a partition with quorum.',
  },
  serviceStopped: {
    word: 'cluster service stopped',
    explain: 'its cluster service was stopped: it has left the cluster, owns no running roles and its vote no longer counts, until the cluster service is started again (More Actions > Start Cluster Service).',
  },
};

export const VM_STATUS: Readonly<Record<VmStatus, { word: string; icon: IconDescriptor; explain: string }>> = {
  running: { word: 'Running', icon: { id: 'vm-running', color: COLORS.good }, explain: 'the VM is running' },
  off: { word: 'Off', icon: { id: 'vm-outline', color: COLORS.inactive }, explain: 'the VM is turned off' },
  saved: { word: 'Saved', icon: { id: 'vm-outline', color: COLORS.paused }, explain: 'the VM is saved: its memory is on disk and it does not run' },
  saving: { word: 'Saving', icon: { id: 'loading~spin', color: COLORS.busy }, explain: 'the VM is saving its memory to disk' },
  restoring: { word: 'Restoring', icon: { id: 'loading~spin', color: COLORS.busy }, explain: 'the VM is restoring its memory from disk' },
  suspended: { word: 'Paused', icon: { id: 'debug-pause', color: COLORS.paused }, explain: 'the VM is paused: it does not run for now' },
  failed: { word: 'Failed', icon: { id: 'vm', color: COLORS.failed }, explain: 'the VM has failed and does not run' },
  booting: { word: 'Starting', icon: { id: 'loading~spin', color: COLORS.busy }, explain: 'the VM is starting (booting its operating system)' },
};

export const MIGRATING_ICON: IconDescriptor = { id: 'sync~spin', color: COLORS.busy };

/** Failover Cluster Manager's "Cluster Use" of a network, and a short form for descriptions. */
export const NETWORK_ROLE: Readonly<Record<NetworkRole, { short: string; clusterUse: string; explain: string }>> = {
  cluster: { short: 'Cluster only', clusterUse: 'Internal', explain: 'cluster communication only; clients do not connect through it' },
  clusterAndClient: { short: 'Cluster and client', clusterUse: 'Enabled', explain: 'cluster communication, and clients connect through it' },
  none: { short: 'No cluster use', clusterUse: 'Disabled', explain: 'the cluster does not use it (storage or other traffic only)' },
};

export const CSV_ACCESS: Readonly<Record<CsvAccess, { word: string; icon: IconDescriptor }>> = {
  direct: { word: 'Direct access', icon: { id: 'pass', color: COLORS.good } },
  redirected: { word: 'Redirected access', icon: { id: 'arrow-swap', color: COLORS.warning } },
  paused: { word: 'I/O paused', icon: { id: 'debug-pause', color: COLORS.paused } },
  noAccess: { word: 'No access', icon: { id: 'error', color: COLORS.failed } },
};

/** "1 VM", "3 VMs", "no VMs". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? `no ${many}` : n === 1 ? `1 ${one}` : `${formatCount(n)} ${many}`;
}

const MD_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~]/;
const MD_SPECIAL_ALL = /[\\`*_{}[\]()#+\-.!|<>~]/g;

/** A name as literal markdown text. */
export function md(text: string): string {
  return MD_SPECIAL.test(text) ? text.replace(MD_SPECIAL_ALL, '\\$&') : text;
}

/** A list of names for a tooltip, the first few only. */
export function nameList(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map(md).join(', ');
  return names.length > max ? `${shown} and ${formatCount(names.length - max)} more` : shown;
}

/** Whole percent, rounded down so 100% only shows once a transfer is done. */
export function percent(fraction: number): number {
  return Math.max(0, Math.min(100, Math.floor(fraction * 100)));
}

/**
 * A migration in words, for a VM's description: "live migration, pass 3/8, 61%",
 * "quick migration, saving, 40%".
 */
export function migrationWords(m: MigrationProgress): string {
  const p = `${percent(m.progress)}%`;
  if (m.type === 'live') {
    switch (m.phase) {
      case 'queued':
        return 'live migration, queued';
      case 'config':
        return 'live migration, setting up the target';
      case 'precopy':
        return `live migration, pass ${m.pass}/${m.maxPasses}, ${p}`;
      case 'final':
        return `live migration, final copy (VM paused), ${p}`;
      case 'cleanup':
        return 'live migration, cleaning up the source';
      default:
        return `live migration, ${m.phase}`;
    }
  }
  switch (m.phase) {
    case 'save':
      return `quick migration, saving, ${p}`;
    case 'diskMove':
      return 'quick migration, moving the disk';
    case 'restore':
      return `quick migration, restoring, ${p}`;
    // A move through the VM's offline action (failback, a node's cluster service stopping).
    case 'shutdown':
      return `moving, guest shutting down, ${p}`;
    case 'turnOff':
      return 'moving, turned off';
    case 'boot':
      return `moving, booting, ${p}`;
    default:
      return `quick migration, ${m.phase}`;
  }
}

/** A migration in a sentence, for a VM's tooltip. */
export function migrationSentence(m: MigrationProgress): string {
  const route = `from ${md(m.from)} to ${md(m.to)}`;
  if (m.type === 'live') {
    const over = m.network ? ` over ${md(m.network)}` : '';
    switch (m.phase) {
      case 'queued':
        return `Live migration ${route}${over} is queued: a node may take part in only so many live migrations at once.`;
      case 'config':
        return `Live migration ${route}${over}: sending the VM's configuration; ${md(m.to)} creates the VM and allocates its memory.`;
      case 'precopy':
        return `Live migration ${route}${over}: pass ${m.pass} of at most ${m.maxPasses} is copying memory while the VM runs, ${percent(m.progress)}% of this pass sent.`;
      case 'final':
        return `Live migration ${route}${over}: the VM is paused while the last dirty pages and its device state are sent, ${percent(m.progress)}% sent.`;
      case 'cleanup':
        return `Live migration ${route}${over}: the VM runs on ${md(m.to)}; the cluster hands its group over and ${md(m.from)} cleans up its copy.`;
      default:
        return `Live migration ${route}${over}: ${md(m.phase)}.`;
    }
  }
  switch (m.phase) {
    case 'save':
      return `Quick migration ${route}: saving the VM's memory to disk, ${percent(m.progress)}% saved.`;
    case 'diskMove':
      return `Quick migration ${route}: moving the VM's disk to ${md(m.to)}.`;
    case 'restore':
      return `Quick migration ${route}: restoring the VM's memory on ${md(m.to)}, ${percent(m.progress)}% restored.`;
    case 'shutdown':
      return `Move ${route} through the VM's offline action (Shut down): the guest is shutting down, ${percent(m.progress)}% of the shutdown time gone.`;
    case 'turnOff':
      return `Move ${route} through the VM's offline action (Turn off): the VM was turned off.`;
    case 'boot':
      return `Move ${route}: the VM is booting on ${md(m.to)}, ${percent(m.progress)}% of its boot time gone.`;
    default:
      return `Quick migration ${route}: ${md(m.phase)}.`;
  }
}

/**
 * Why a node's access to a CSV is not direct, in words (markdown): "HV02 lost its iSCSI path at 00:02:10".
 * `storagePath` is the network carrying the disk's storage traffic, when known.
 */
export function accessReason(node: string, reason: string | null, since: number | null, storagePath: string | null): string {
  const at = since === null ? '' : ` at ${formatClock(since)}`;
  const from = since === null ? '' : ` since ${formatClock(since)}`;
  switch (reason) {
    case null:
      return '';
    case 'storagePathLost': {
      const path = storagePath === null ? 'storage' : storagePath === 'fabric' ? 'Fibre Channel/SAS' : md(storagePath);
      return `${md(node)} lost its ${path} path${at}`;
    }
    case 'maintenance':
      return `the volume is in maintenance mode${from} (its VMs are offline)`;
    case 'redirectedAccess':
      return `redirected access is turned on for the volume${from}`;
    case 'backup':
      return `a backup of the volume is running${from}`;
    case 'repair':
      return `the volume is being repaired${from}`;
    case 'coordinatorMove':
      return `the coordinator node is moving${from}`;
    case 'nodeDown':
      return `${md(node)} went down${at}`;
    case 'nodeJoining':
      return `${md(node)} is joining the cluster${from}`;
    default:
      return `${md(reason)}${at}`;
  }
}
