/**
 * The valid range of each quantity of a normalized scenario. The schema's patterns already refuse
 * negative values; this adds the two ends a pattern cannot state. Below: zero, where zero makes
 * the run meaningless rather than merely extreme (a network of "0bps" never carries the migration
 * it started, a heartbeat every "0s" never detects a crash, a VM of "0B" has nothing to migrate).
 * Above: the limits of limits.ts. Each value out of its range is one error at its path whose hint
 * states the range; the schema's description of each property states the same range (a unit test
 * compares them with RANGES).
 *
 * Zero stays valid where it is a real setting: a latency, a boot time, a TCP timeout (any pause
 * breaks the connections), a blackout target (pre-copy runs to maxPasses), memory writes, disk
 * I/O, a working set, a time "at", a duration of the whole run (the cluster at its start), and
 * an expectation's maximum ("no blackout at all").
 */
import type { Diagnostic } from './diagnostics';
import { formatBytes, formatDuration } from '../../format/quantities';
import { formatSizeForScenario } from '../../format/scenarioNotation';
import { LIMITS } from './limits';
import type { JsonPath, Scenario } from './model';

export interface QuantityRange {
  /** The noun of the hint ("a memory", "a time"). */
  readonly noun: string;
  /** Why zero means nothing here; absent where zero is a valid value. */
  readonly zero?: string;
  /** The largest valid value, in SI base units, with its words. */
  readonly max?: { readonly value: number; readonly shown: string; readonly over: (value: number) => string };
  /** A typical valid value, for the hint. */
  readonly example?: string;
}

const TIME_MAX = {
  value: LIMITS.time,
  shown: '720h',
  over: (v: number) => `${formatDuration(v)} is longer than a scenario can simulate: every time is at most 30 days`,
};
const TIME: QuantityRange = { noun: 'a time', max: TIME_MAX };

/**
 * Every quantity with a range, by where it is ("vms.*.memory": the memory of any VM). A quantity
 * not listed here (memory writes, disk I/O, a working set) is any value its pattern accepts.
 */
export const RANGES: Readonly<Record<string, QuantityRange>> = {
  'nodes.*.memory': {
    noun: 'a memory',
    zero: 'a node without memory can run no VM',
    max: {
      value: LIMITS.nodeMemory,
      shown: formatSizeForScenario(LIMITS.nodeMemory),
      over: (v) => `${formatBytes(v)} is more memory than a node can have: Windows Server's maximum is ${formatBytes(LIMITS.nodeMemory)}`,
    },
    example: '64GiB',
  },
  'vms.*.memory': {
    noun: 'a memory',
    zero: 'a VM needs memory to run, and a live migration copies it',
    max: {
      value: LIMITS.vmMemory,
      shown: formatSizeForScenario(LIMITS.vmMemory),
      over: (v) => `${formatBytes(v)} is more memory than a VM can have: Hyper-V's maximum is ${formatBytes(LIMITS.vmMemory)}`,
    },
    example: '4GiB',
  },
  'vms.*.vhd': { noun: 'a size', zero: 'a virtual hard disk of no size holds nothing', example: '40GiB' },
  'disks.*.size': { noun: 'a size', zero: 'a disk of no size holds nothing', example: '2TiB' },
  'disks.*.throughput': {
    noun: 'a throughput',
    zero: "a disk that delivers nothing never completes an I/O, so the VMs' disk I/O and the quick migrations through it would never end",
    example: '256MiB/s',
  },
  'networks.*.bandwidth': {
    noun: 'a bandwidth',
    zero: 'nothing could ever cross this network, so a live migration or redirected I/O over it would never progress',
    example: '1Gbps',
  },
  'settings.heartbeat.delay': {
    noun: 'a time',
    zero: 'no heartbeat would ever be sent, so a node that fails would never be detected',
    max: TIME_MAX,
    example: '1s',
  },
  'timeline.*.duration': { noun: 'a time', zero: 'a task that takes no time does nothing', max: TIME_MAX, example: '10m' },
  // FailoverPeriod is a number of hours, 0 to 1193 (MSDN groups-failoverperiod); a setting, not a simulated time.
  'vms.*.failoverPeriod': {
    noun: 'a time',
    max: {
      value: 1193 * 3600,
      shown: '1193h',
      over: (v) => `${formatDuration(v)} is longer than 2008 R2's FailoverPeriod allows: at most 1193 hours`,
    },
  },
  'settings.liveMigration.blackoutTarget': TIME,
  'settings.liveMigration.setupTime': TIME,
  'settings.liveMigration.cleanupTime': TIME,
  'settings.liveMigration.streamThroughput': {
    noun: 'a bandwidth',
    zero: 'a live migration whose stream carries nothing would never copy a page',
    example: '5Gbps',
  },
  'settings.tcpTimeout': TIME,
  'settings.bootTime': TIME,
  'settings.guestShutdownTime': TIME,
  'networks.*.latency': TIME,
  duration: TIME,
  'timeline.*.at': TIME,
  'expect.*.maxBlackout': TIME,
  'expect.*.maxDowntime': TIME,
};

/** "vms.*.memory": where a value is, independent of list positions. */
const context = (path: JsonPath): string => path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');

/** The range in words, after "Expected": `a memory more than zero and at most "1TiB", such as "4GiB"`. */
export function rangeHint(r: QuantityRange): string {
  const bounds = [r.zero ? 'more than zero' : '', r.max ? `${r.zero ? 'and ' : 'of '}at most "${r.max.shown}"` : ''].filter(Boolean).join(' ');
  return `${r.noun} ${bounds}${r.zero && r.example ? `, such as "${r.example}"` : ''}`;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return cur;
}

/**
 * Quantities of a normalized scenario outside their range. `raw` is the parsed file, to quote a
 * value as it is written ("0.4B" rounds to no byte at all).
 */
export function checkRanges(s: Scenario, raw?: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (path: JsonPath, value: number): void => {
    const range = RANGES[context(path)];
    if (!range) return;
    const error = (code: string, message: string): void => {
      out.push({ severity: 'error', code, path, message, hint: rangeHint(range) });
    };
    if (range.zero && value <= 0) {
      const written = valueAt(raw, path);
      const shown = typeof written === 'string' ? JSON.stringify(written) : 'the value';
      // "0.4B" is not zero as written, but a size is a whole number of bytes.
      const nothing = typeof written === 'string' && !/^0*(\.0*)?( ?[A-Za-z])/.test(written) ? 'rounds to zero' : 'is zero';
      error('out-of-range', `${shown} ${nothing}: ${range.zero}`);
    } else if (range.max && value > range.max.value) {
      error('over-limit', range.max.over(value));
    }
  };

  const { settings } = s;
  check(['settings', 'heartbeat', 'delay'], settings.heartbeat.delay);
  check(['settings', 'liveMigration', 'blackoutTarget'], settings.liveMigration.blackoutTarget);
  check(['settings', 'liveMigration', 'setupTime'], settings.liveMigration.setupTime);
  check(['settings', 'liveMigration', 'cleanupTime'], settings.liveMigration.cleanupTime);
  check(['settings', 'liveMigration', 'streamThroughput'], settings.liveMigration.streamThroughput);
  check(['settings', 'tcpTimeout'], settings.tcpTimeout);
  check(['settings', 'bootTime'], settings.bootTime);
  check(['settings', 'guestShutdownTime'], settings.guestShutdownTime);
  if (s.duration !== null) check(['duration'], s.duration);
  for (const n of s.nodes) check([...n.path, 'memory'], n.memory);
  for (const n of s.networks) {
    check([...n.path, 'bandwidth'], n.bandwidth);
    check([...n.path, 'latency'], n.latency);
  }
  for (const d of s.disks) {
    check([...d.path, 'size'], d.size);
    check([...d.path, 'throughput'], d.throughput);
  }
  for (const v of s.vms) {
    check([...v.path, 'memory'], v.memory);
    check([...v.path, 'vhd'], v.vhd);
    check([...v.path, 'failoverPeriod'], v.failoverPeriod);
  }
  for (const e of s.timeline) {
    check([...e.path, 'at'], e.at);
    if ('duration' in e.action) check([...e.path, 'duration'], e.action.duration);
  }
  for (const x of s.expect) {
    if ('maxBlackout' in x) check([...x.path, 'maxBlackout'], x.maxBlackout);
    if ('maxDowntime' in x) check([...x.path, 'maxDowntime'], x.maxDowntime);
  }
  return out;
}
