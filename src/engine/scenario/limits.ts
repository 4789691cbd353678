/**
 * The limits on a scenario's size, in one table: documented in README.md ("Limits") and in the
 * schema's descriptions, enforced by the loader with an error at the offending value that states
 * the limit. They keep every file that loads within what one run can do in bounded time and
 * memory: a file's size and its lists (checked before the schema, so a list of a million entries
 * costs one message, not a million), names (in the schema, `maxLength`), memory sizes (a VM's
 * memory is a dirty bitmap of one bit per 4 KiB page while it migrates) and times (30 days of
 * simulated time keeps sub-microsecond resolution in a double); ranges.ts checks the last two.
 */
import type { Diagnostic } from './diagnostics';
import { formatBytes } from '../../format/quantities';

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

/** Lists inside entries that name nodes or networks (at most one of each), and a VM's anti-affinity class names. */
export const NESTED_LIST_LIMITS: Readonly<Record<string, number>> = {
  'networks.*.nodes': LIMITS.nodes,
  'vms.*.preferredOwners': LIMITS.nodes,
  'vms.*.possibleOwners': LIMITS.nodes,
  'vms.*.antiAffinityClassNames': 32,
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
  if (context === 'vms.*.antiAffinityClassNames') return `${count} class names: a VM has at most ${limit}, far more than anti-affinity needs`;
  return `${count} entries: this list names each at most once, so it has at most ${limit}`;
}

/**
 * A file too big to read: one error at its start. `atLeast`: the reader stopped past the limit
 * (a device or a pipe has no size to tell), so `length` is a lower bound.
 */
export function fileSizeError(length: number, atLeast = false): Diagnostic | null {
  if (length <= LIMITS.fileSize) return null;
  return {
    severity: 'error',
    code: 'too-large',
    path: [],
    message: `the file is ${atLeast ? 'more than ' : ''}${formatBytes(length)} long; a scenario file is at most ${formatBytes(LIMITS.fileSize)}`,
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
