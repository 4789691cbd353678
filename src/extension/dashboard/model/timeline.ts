/**
 * Engine events as the dashboard's timeline shows them: one sentence in Failover Cluster
 * Manager's words, and what the event is about (nodes, VMs, disks, networks) for the timeline's
 * filters and for revealing it in the Cluster Explorer. Pure.
 *
 * A kind this file does not know yet (the engine grows) still gets a sentence, from its kind,
 * subject and reason, and refs, from the names its fields hold.
 */
import type { ActionKind } from '../../../engine/scenario/model';
import type { SimEvent } from '../../../engine/model/events';
import { formatBytes, formatCount, formatDuration } from '../../../format/quantities';
import type { EventRefs, TimelineEvent } from '../../../protocol';
import { DASHBOARD_LIMITS } from '../../../protocolValidation';
import { CSV_ACCESS, NODE_STATUS, VM_STATUS } from '../../explorer/model/words';

/** Kinds left out of the timeline: each pass also ends with an event that says all of it. */
export const SKIPPED_KINDS: ReadonlySet<string> = new Set(['migration.passStarted']);

/** The cluster's names by kind, to tell what an event's fields refer to. */
export interface Names {
  readonly nodes: ReadonlySet<string>;
  readonly vms: ReadonlySet<string>;
  readonly disks: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
}

const ACTION_WORDS: Readonly<Record<ActionKind, string>> = {
  liveMigrate: 'live migrate',
  quickMigrate: 'quick migrate',
  drainNode: 'pause and drain',
  resumeNode: 'resume',
  crashNode: 'crash',
  startNode: 'start',
  stopClusterService: 'stop the cluster service on',
  startClusterService: 'start the cluster service on',
  disconnect: 'disconnect a link of',
  reconnect: 'reconnect a link of',
  failNetwork: 'fail network',
  restoreNetwork: 'restore network',
  maintenance: 'turn maintenance on or off for',
  redirectedAccess: 'turn redirected access on or off for',
  moveCoordinator: 'move the coordinator of',
  repairVolume: 'repair',
  backup: 'back up',
  setWorkload: 'set the workload of',
  startVm: 'start',
  stopVm: 'turn off',
  saveVm: 'save',
};

const STOP_WORDS: Readonly<Record<string, string>> = {
  converged: 'what is left fits the blackout target',
  maxPasses: 'the maximum number of passes was reached',
  notConverging: 'the VM dirties memory as fast as it is copied',
};

const END_WORDS: Readonly<Record<string, string>> = {
  finished: 'the timeline is done',
  duration: "the scenario's duration is reached",
  eventLimit: 'the event limit was reached',
};

const QUICK_PHASE_WORDS: Readonly<Record<string, string>> = {
  save: 'saving its memory on',
  diskOffline: 'its disk goes offline on',
  diskOnline: 'its disk comes online on',
  restore: 'restoring its memory on',
  shutdown: 'its guest shutting down (offline action Shut down) on',
  turnOff: 'turned off (offline action Turn off) on',
  boot: 'booting on',
};

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
const cap = (s: string): string => (s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s);
const migrationType = (type: 'live' | 'quick'): string => (type === 'live' ? 'Live migration' : 'Quick migration');

/** The event as a sentence. */
export function describeEvent(e: SimEvent): string {
  const text = sentence(e);
  const max = DASHBOARD_LIMITS.textLength;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function sentence(e: SimEvent): string {
  const s = e.subject;
  switch (e.kind) {
    case 'simulation.started':
      return `Simulation started (seed ${e.seed})`;
    case 'simulation.ended':
      return `Simulation ended: ${END_WORDS[e.reason ?? ''] ?? e.reason ?? 'done'}`;
    case 'action':
      return `${e.source === 'user' ? 'You' : 'Timeline'}: ${ACTION_WORDS[e.action] ?? e.action} ${s}`;
    case 'action.rejected':
      return `Refused to ${ACTION_WORDS[e.action] ?? e.action} ${s}: ${e.reason}`;
    case 'network.down':
      return `Network ${s} is down (${e.reason})`;
    case 'network.up':
      return `Network ${s} is up again (${e.reason})`;
    case 'link.down':
      return `Network interface ${e.node} – ${e.network} failed (${e.reason})`;
    case 'link.up':
      return `Network interface ${e.node} – ${e.network} is up again (${e.reason})`;
    case 'netft.route':
      return e.network === null
        ? `No cluster network is up between ${e.a} and ${e.b}: NetFT cannot route between them`
        : `NetFT routes cluster traffic between ${e.a} and ${e.b} over ${e.network}`;
    case 'node.state':
      return `Node ${s} is ${NODE_STATUS[e.state]?.word ?? e.state} (${e.reason})`;
    case 'vm.state':
      return `Virtual machine ${s} ${e.state === 'failed' ? 'has failed' : `is ${(VM_STATUS[e.state]?.word ?? e.state).toLowerCase()}`} on ${e.node} (${e.reason})`;
    case 'vm.clientsDisconnected':
      return `${plural(e.count, 'client')} of ${s} lost their connection${e.outage > 0 ? ` after an outage of ${formatDuration(e.outage)}` : ''} (${e.reason})`;
    case 'vm.isolated':
      return e.isolated ? `Virtual machine ${s} is isolated on ${e.node}: ${e.reason}` : `Virtual machine ${s} is reachable again on ${e.node} (${e.reason})`;
    case 'quorum':
      return `The cluster ${e.hasQuorum ? 'has quorum' : 'lost quorum'} (${e.reason})`;
    case 'csv.access':
      return `${CSV_ACCESS[e.state]?.word ?? e.state} to ${s} for ${e.node}: ${e.detail}`;
    case 'csv.coordinator':
      return e.detail ? cap(e.detail) : `The coordinator role of ${s} moves from ${e.previous} to ${e.node}`;
    case 'csv.state':
      return `Cluster Shared Volume ${s} is ${e.online ? 'online' : 'offline'}: ${e.detail}`;
    case 'disk.state':
      return `Cluster disk ${s} is ${e.online ? 'online' : 'failed'} on ${e.node}: ${e.detail}`;
    case 'migration.requested':
      return `${migrationType(e.type)} of ${s} from ${e.from} to ${e.to} requested`;
    case 'migration.queued':
      return `Live migration of ${s} queued: ${e.reason}`;
    case 'migration.started':
      return e.type === 'live'
        ? `Live migration of ${s} from ${e.from} to ${e.to} started over ${e.network ?? 'a cluster network'}`
        : `Quick migration of ${s} from ${e.from} to ${e.to} started`;
    case 'migration.shellCreated':
      return `${e.node} created the VM shell for ${s} and reserved ${formatBytes(e.memory)}`;
    case 'migration.passStarted':
      return `${s}: pass ${e.index} started, ${plural(e.pages, 'page')} to send`;
    case 'migration.passEnded':
      return `${s}: pass ${e.index} sent ${plural(e.pages, 'page')} in ${formatDuration(e.duration)}; ${plural(e.dirtiedPages, 'page was', 'pages were')} dirtied meanwhile`;
    case 'migration.suspended':
      return `${s} paused on ${e.node} for the final copy of ${plural(e.finalPages, 'page')}: ${STOP_WORDS[e.stopReason] ?? e.stopReason}`;
    case 'migration.phase':
      // The disk phases belong to a live migration on a classic disk too; save and restore to a quick one only.
      return `${e.phase === 'save' || e.phase === 'restore' ? 'Quick migration' : e.phase === 'diskOffline' || e.phase === 'diskOnline' ? 'Migration' : 'Move'} of ${s}: ${QUICK_PHASE_WORDS[e.phase] ?? e.phase} ${e.node}`;
    case 'migration.resumed':
      return `${s} resumed on ${e.node} after a blackout of ${formatDuration(e.blackout)}`;
    case 'migration.arp':
      return `${e.node} sent an unsolicited ARP for ${s}: clients and switches learn where it runs now`;
    case 'migration.completed':
      return `${migrationType(e.type)} of ${s} to ${e.to} completed`;
    case 'migration.failed':
      return `${migrationType(e.type)} of ${s} failed: ${e.reason}`;
    default:
      return generic(e as unknown as Loose);
  }
}

/** An event read field by field, for kinds the engine is still adding. */
type Loose = { readonly kind: string; readonly subject: string; readonly reason?: string } & Readonly<Record<string, unknown>>;

const str = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const names = (x: unknown): string => (Array.isArray(x) ? x.filter((n) => typeof n === 'string').join(', ') : str(x));

/** Sentences for kinds read field by field (health and CSV operations). */
const LOOSE: Readonly<Record<string, (e: Loose) => string>> = {
  'node.declaredDown': (e) => `Node ${e.subject} declared down by ${names(e.by)}: ${plural(num(e.missed), 'heartbeat')} missed (${e.reason ?? ''})`,
  'failover.started': (e) =>
    `${e.subject} fails over from ${str(e.from)} to ${str(e.to)}${num(e.lostBytes) > 0 ? `, losing ${formatBytes(num(e.lostBytes))} of unflushed writes` : ''} (${e.reason ?? ''})`,
  'failover.completed': (e) => `${e.subject} is online on ${str(e.node)} after ${formatDuration(num(e.downtime))} down`,
  'failover.failed': (e) => (e.final === true ? `${e.subject} failed and stays failed: ${e.reason ?? ''}` : `${e.subject} cannot be restarted yet: ${e.reason ?? ''}`),
};

/** A kind this file does not know: its detail if it has one, else its kind, subject and reason. */
function generic(e: Loose): string {
  const known = LOOSE[e.kind];
  if (known) return known(e);
  if (typeof e.detail === 'string' && e.detail.length > 0) return e.detail.includes(e.subject) ? cap(e.detail) : `${e.subject}: ${e.detail}`;
  return `${cap(e.kind.replace(/\./g, ' '))}: ${e.subject}${e.reason ? ` (${e.reason})` : ''}`;
}

/** Fields of an event that may hold a name or a list of names (besides its subject). */
const NAME_FIELDS = ['node', 'network', 'from', 'to', 'a', 'b', 'previous', 'by', 'nodes'] as const;

/**
 * What the event is about: its subject and every name its fields hold, sorted by kind. A link's
 * subject ("HV03/iSCSI") is no name; its node and network fields are.
 */
export function eventRefs(e: SimEvent, names: Names): EventRefs {
  const nodes: string[] = [];
  const vms: string[] = [];
  const disks: string[] = [];
  const networks: string[] = [];
  const add = (name: unknown): void => {
    if (typeof name !== 'string' || name.length === 0) return;
    if (names.nodes.has(name) && !nodes.includes(name)) nodes.push(name);
    if (names.vms.has(name) && !vms.includes(name)) vms.push(name);
    if (names.disks.has(name) && !disks.includes(name)) disks.push(name);
    if (names.networks.has(name) && !networks.includes(name)) networks.push(name);
  };
  add(e.subject);
  const fields = e as unknown as Readonly<Record<string, unknown>>;
  for (const f of NAME_FIELDS) {
    const value = fields[f];
    if (Array.isArray(value)) for (const v of value) add(v);
    else add(value);
  }
  return { nodes, vms, disks, networks };
}

export function toTimelineEvent(e: SimEvent, seq: number, names: Names): TimelineEvent {
  return { seq, t: e.t, kind: e.kind, text: describeEvent(e), refs: eventRefs(e, names) };
}
