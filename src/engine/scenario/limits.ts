/**
 * The limits on a scenario's size, in one table: documented in README.md ("Limits") and in the
 * schema's descriptions, enforced by the loader with an error at the offending value that states
 * the limit. They keep every file that loads within what one run can do in bounded time and
 * memory: a file's size and its lists (checked before the schema, so a list of a million entries
 * costs one message, not a million), names (in the schema, `maxLength`), memory sizes (a VM's
 * memory is a dirty bitmap of one bit per 4 KiB page while it migrates) and times (30 days of
 * simulated time keeps sub-microsecond resolution in a double).
 */
import type { Diagnostic } from './diagnostics';
import { formatBytes, formatDuration } from '../../format/quantities';
import type { JsonPath, Scenario } from './model';

const TiB = 2 ** 40;
const DAY = 24 * 3600;

export const LIMITS = {
  /**
   * Characters in a scenario file (10 MiB of ASCII): several times the largest scenario the other
   * limits allow (8,000 VMs and 10,000 timeline entries written out take about 3 MiB).
   */
  fileSize: 10 * 2 ** 20,
  /** Hyper-V's maximum nodes per cluster since Windows Server 2012 (2008 R2: 16). */
  nodes: 64,
  networks: 32,
  disks: 256,
  /** Hyper-V's maximum clustered VMs per cluster since Windows Server 2012 (2008 R2: 1,000). */
  vms: 8000,
  timeline: 10_000,
  expect: 10_000,
  /** Characters in a name (node, network, disk, VM, the scenario's own). */
  nameLength: 256,
  /** Characters in the scenario's description. */
  descriptionLength: 10_000,
  /** Hyper-V's maximum memory of a VM (Windows Server 2012 R2 and later; 2008 R2: 64 GiB). */
  vmMemory: TiB,
  /** Windows Server's maximum physical memory (2016 and later; 2008 R2 Datacenter: 2 TiB). */
  nodeMemory: 24 * TiB,
  /** Any time in the file: a duration, an `at`, a delay, a latency. */
  time: 30 * DAY,
} as const;

type ListKey = 'nodes' | 'networks' | 'disks' | 'vms' | 'timeline' | 'expect';

/** What each top-level list holds, and why it has its limit. */
const LIST_WORDS: Readonly<Record<ListKey, { noun: string; why: string }>> = {
  nodes: { noun: 'nodes', why: "Hyper-V's maximum per cluster since Windows Server 2012; 2008 R2 supports 16" },
  networks: { noun: 'networks', why: 'far more cluster networks than any cluster has' },
  disks: { noun: 'disks', why: 'far more cluster disks than any cluster has' },
  vms: { noun: 'virtual machines', why: "Hyper-V's maximum of clustered VMs since Windows Server 2012; 2008 R2 supports 1,000" },
  timeline: { noun: 'timeline entries', why: 'enough for any scenario a person writes; split a longer story into several files' },
  expect: { noun: 'expectations', why: 'enough for any scenario a person writes' },
};

/** Lists inside entries that name nodes or networks: at most one of each. */
export const NESTED_LIST_LIMITS: Readonly<Record<string, number>> = {
  'networks.*.nodes': LIMITS.nodes,
  'vms.*.preferredOwners': LIMITS.nodes,
  'vms.*.liveMigrationNetworks': LIMITS.networks,
  'settings.liveMigration.networks': LIMITS.networks,
};

const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
};

/** The words for a schema `maxItems` error at `context` ("vms.*.preferredOwners"), or undefined. */
export function listLimitMessage(context: string, count: number, limit: number): string {
  const top = LIST_WORDS[context as ListKey];
  if (top) return `${count} ${top.noun}: a scenario has at most ${limit} ${top.noun}, ${top.why}`;
  return `${count} entries: this list names each at most once, so it has at most ${limit}`;
}

/** A file too big to read: one error at its start. */
export function fileSizeError(length: number): Diagnostic | null {
  if (length <= LIMITS.fileSize) return null;
  return {
    severity: 'error',
    code: 'too-large',
    path: [],
    message: `the file is ${formatBytes(length)} long; a scenario file is at most ${formatBytes(LIMITS.fileSize)}`,
    hint: 'a smaller file (split a long timeline into several scenarios)',
    offset: 0,
    length: 0,
  };
}

/**
 * The top-level lists of a parsed file that are longer than their limit, before the schema looks
 * at their entries. The error points at the first entry past the limit.
 */
export function checkListSizes(value: unknown): Diagnostic[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: Diagnostic[] = [];
  for (const key of Object.keys(LIST_WORDS) as ListKey[]) {
    const list = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    const limit = LIMITS[key];
    if (!Array.isArray(list) || list.length <= limit) continue;
    const { noun } = LIST_WORDS[key];
    out.push({
      severity: 'error',
      code: 'too-many',
      path: [key, limit],
      message: `the ${ordinal(limit + 1)} of ${listLimitMessage(key, list.length, limit)}`,
      hint: `at most ${limit} ${noun}`,
    });
  }
  return out;
}

/** Memory sizes and times of a normalized scenario beyond their limits. */
export function checkLimits(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (path: JsonPath, message: string, hint: string): void => {
    out.push({ severity: 'error', code: 'over-limit', path, message, hint });
  };
  for (const n of s.nodes) {
    if (n.memory > LIMITS.nodeMemory) {
      error([...n.path, 'memory'], `${formatBytes(n.memory)} is more memory than a node can have: Windows Server's maximum is ${formatBytes(LIMITS.nodeMemory)}`, `a memory of at most "${formatBytes(LIMITS.nodeMemory)}"`);
    }
  }
  for (const v of s.vms) {
    if (v.memory > LIMITS.vmMemory) {
      error([...v.path, 'memory'], `${formatBytes(v.memory)} is more memory than a VM can have: Hyper-V's maximum is ${formatBytes(LIMITS.vmMemory)}`, `a memory of at most "${formatBytes(LIMITS.vmMemory)}"`);
    }
  }
  const time = (path: JsonPath, seconds: number): void => {
    if (seconds <= LIMITS.time) return;
    error(path, `${formatDuration(seconds)} is longer than a scenario can simulate: every time is at most 30 days`, 'a time of at most "720h"');
  };
  const { settings } = s;
  time(['settings', 'heartbeat', 'delay'], settings.heartbeat.delay);
  time(['settings', 'liveMigration', 'blackoutTarget'], settings.liveMigration.blackoutTarget);
  time(['settings', 'tcpTimeout'], settings.tcpTimeout);
  time(['settings', 'bootTime'], settings.bootTime);
  time(['settings', 'guestShutdownTime'], settings.guestShutdownTime);
  for (const n of s.networks) time([...n.path, 'latency'], n.latency);
  if (s.duration !== null) time(['duration'], s.duration);
  for (const e of s.timeline) {
    time([...e.path, 'at'], e.at);
    if ('duration' in e.action) time([...e.path, 'duration'], e.action.duration);
  }
  for (const x of s.expect) {
    if ('maxBlackout' in x) time([...x.path, 'maxBlackout'], x.maxBlackout);
    if ('maxDowntime' in x) time([...x.path, 'maxDowntime'], x.maxDowntime);
  }
  return out;
}
