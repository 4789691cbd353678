/**
 * Schema-valid JSON -> Scenario: every quantity parsed to seconds, bytes or bytes per second,
 * every default of docs/scenario-format.md applied, automatic metrics and CSV paths assigned. Names are not
 * checked here (semantic.ts does that on the result). Written defensively: it reads the input
 * as `unknown` and never throws, even on input the schema would have rejected.
 */
import { isActionKind } from './actions';
import type { Diagnostic } from './diagnostics';
import {
  type Action,
  type DiskSpec,
  type Expectation,
  type FailbackPolicy,
  type JsonPath,
  type NetworkRole,
  type NetworkSpec,
  type NodeSpec,
  type QuorumSpec,
  type Scenario,
  type Settings,
  type TimelineEntry,
  type VmSpec,
  type VmState,
  type WorkloadSpec,
} from './model';
import { parseQuantity, type QuantityKind } from './units';
import { isWorkloadPreset, presetWorkload } from './workloadPresets';

/**
 * The defaults, as the file would write them. schemas/scenario.schema.json repeats each as its
 * `default` (a unit test keeps them equal), so a hover in the editor shows what is applied here.
 */
export const DEFAULTS = {
  name: '',
  description: '',
  seed: 1,
  heartbeat: { delay: '1s', threshold: 5 },
  quorum: 'nodeMajority',
  /** setupTime, cleanupTime, streamThroughput, tcpEfficiency: calibrated (docs/fidelity.md, "Live-migration cost"). */
  liveMigration: {
    maxPasses: 8,
    maxConcurrentPerNode: 1,
    blackoutTarget: '30ms',
    setupTime: '2.5s',
    cleanupTime: '1s',
    streamThroughput: '5Gbps',
    tcpEfficiency: 0.95,
  },
  tcpTimeout: '20s',
  bootTime: '60s',
  /** A choice: no 2008 R2 source gives a guest shutdown time (docs/fidelity.md). */
  guestShutdownTime: '60s',
  failback: false,
  /** A choice: the run starts at midnight, so the simulated clock reads the time of day. */
  startTime: '00:00',
  /** AutoFailbackType's default, 0 = prevent failback (for a VM whose file gives none and `settings.failback` false). */
  vmFailback: 'prevent',
  /** 2008 R2's default: a VM without preferred owners fails over to a node drawn at random. */
  disableGroupPreferredOwnerRandomization: false,
  /** FailoverPeriod's default: 6 hours (its threshold's default, n - 1, depends on the cluster). */
  failoverPeriod: '6h',
  /** FailoverThreshold's "not specified" value, 0xFFFFFFFF, which stands for n - 1. */
  failoverThresholdNodesMinusOne: 0xffffffff,
  /** FCM's default for a network with a gateway: cluster communication and clients. */
  networkRole: 'clusterAndClient',
  networkBandwidth: '1Gbps',
  /** A switched gigabit LAN within one site. */
  networkLatency: '0.2ms',
  // a network's `gateway` has no single default: it follows the role (defaultGateway below)
  diskThroughput: '256MiB/s',
  diskRole: 'data',
  vhd: '40GiB',
  workload: 'idle',
  clients: 0,
  vmState: 'running',
  /** OfflineAction's default, 1 = Save. */
  offlineAction: 'save',
  /** A written-out workload without hotShare / diskIo (its workingSet defaults to all memory). */
  hotShare: 0.9,
  diskIo: '0MB/s',
} as const;

/**
 * Automatic metrics (2008 R2, TechNet ff182335): "increments of 100. For networks that do not have a
 * default gateway setting (private networks), it sets the value to 1000 or greater. For networks
 * that have a default gateway setting, it sets the value to 10000 or greater." A network not
 * enabled for cluster use (role `none`) gets "a much higher metric than public networks that are
 * available for cluster use" (Savill, 2009): from 100000, a choice, since no source gives the figure.
 */
const AUTO_METRIC = { privateBase: 1000, gatewayBase: 10000, notForClusterBase: 100000, step: 100 } as const;

/** The automatic-metric sequence a network belongs to. */
type MetricSequence = 'private' | 'gateway' | 'notForCluster';

function metricSequence(role: NetworkRole, gateway: boolean): MetricSequence {
  if (role === 'none') return 'notForCluster';
  return gateway ? 'gateway' : 'private';
}

const SEQUENCE_BASE: Readonly<Record<MetricSequence, number>> = {
  private: AUTO_METRIC.privateBase,
  gateway: AUTO_METRIC.gatewayBase,
  notForCluster: AUTO_METRIC.notForClusterBase,
};

export interface NormalizeResult {
  readonly scenario: Scenario;
  /** Quantities that do not parse and a coordinator on a classic disk; errors, with paths. */
  readonly diagnostics: Diagnostic[];
}

type Rec = Record<string, unknown>;

const rec = (x: unknown): Rec => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const text = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);
const num = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
const bool = (x: unknown, fallback: boolean): boolean => (typeof x === 'boolean' ? x : fallback);
const names = (x: unknown): string[] | null => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : null);
const has = (o: Rec, key: string): boolean => Object.hasOwn(o, key) && o[key] !== undefined;

function oneOf<T extends string>(x: unknown, allowed: readonly T[], fallback: T): T {
  return typeof x === 'string' && (allowed as readonly string[]).includes(x) ? (x as T) : fallback;
}

/**
 * Assigns automatic metrics in file order within each sequence (see AUTO_METRIC and the schema's
 * description of `metric`). 2008 R2 numbers the networks of one kind in the order the cluster
 * first sees them; file order stands for that order (a choice: docs/fidelity.md).
 */
function assignMetrics(nets: readonly { role: NetworkRole; gateway: boolean; metric: number | null }[]): number[] {
  const used = new Set<number>(nets.flatMap((n) => (n.metric === null ? [] : [n.metric])));
  const positions: Record<MetricSequence, number> = { private: 0, gateway: 0, notForCluster: 0 };
  return nets.map((n) => {
    // Explicit networks take their place in the sequence too, so giving one network a metric by
    // hand never renumbers the automatic ones after it.
    const sequence = metricSequence(n.role, n.gateway);
    const position = positions[sequence]++;
    if (n.metric !== null) return n.metric;
    let m = SEQUENCE_BASE[sequence] + AUTO_METRIC.step * position;
    while (used.has(m)) m += AUTO_METRIC.step;
    used.add(m);
    return m;
  });
}

/**
 * A VM's `failback`: "prevent", "immediately", or { windowStart, windowEnd } (hours 0 to 23);
 * absent, the cluster's `settings.failback` (true: immediately).
 */
function failbackPolicy(x: unknown, clusterDefault: boolean): FailbackPolicy {
  if (x === 'prevent') return { kind: 'prevent' };
  if (x === 'immediately') return { kind: 'immediately' };
  const o = rec(x);
  if (has(o, 'windowStart') || has(o, 'windowEnd')) return { kind: 'window', start: num(o.windowStart, 0), end: num(o.windowEnd, 0) };
  return clusterDefault ? { kind: 'immediately' } : { kind: DEFAULTS.vmFailback };
}

/**
 * A network's `gateway` when the file gives none: a client network has a default gateway (clients
 * reach it from other subnets), a cluster-only or storage network is private.
 */
export function defaultGateway(role: NetworkRole): boolean {
  return role === 'clusterAndClient';
}

const VM_STATES: readonly VmState[] = ['running', 'off', 'saved'];
const ROLES: readonly NetworkRole[] = ['cluster', 'clusterAndClient', 'none'];

/** `"nodeMajority"` or an object with its model and witness (the schema has checked the shape). */
function normalizeQuorum(q: unknown): QuorumSpec {
  const o = rec(q);
  switch (o.model) {
    case 'nodeAndDiskMajority':
    case 'diskOnly':
      return { model: o.model, witness: text(o.witness, '') };
    case 'nodeAndFileShareMajority':
      return { model: 'nodeAndFileShareMajority', fileShareWitness: { network: text(rec(o.fileShareWitness).network, '') } };
    default:
      return { model: 'nodeMajority' };
  }
}

/** Normalizes a scenario; never throws. */
export function normalizeScenario(raw: unknown): NormalizeResult {
  const diagnostics: Diagnostic[] = [];
  const quantity = (kind: QuantityKind, value: unknown, path: JsonPath, fallback: string | number): number => {
    const r = parseQuantity(kind, value === undefined ? fallback : value);
    if (r.ok) return r.value;
    diagnostics.push({ severity: 'error', code: 'bad-quantity', path, message: r.message, hint: r.hint });
    return 0;
  };

  /** "HH:MM" or "HH:MM:SS" on a 24-hour clock, as seconds after midnight (the schema checks the form). */
  const timeOfDay = (value: unknown, path: JsonPath): number => {
    const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(typeof value === 'string' ? value : DEFAULTS.startTime);
    if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
    diagnostics.push({ severity: 'error', code: 'invalid-value', path, message: `${JSON.stringify(value)} is not a time of day`, hint: 'a time on a 24-hour clock, such as "09:00" or "22:30"' });
    return 0;
  };

  const top = rec(raw);

  // settings
  const s = rec(top.settings);
  const hb = rec(s.heartbeat);
  const lm = rec(s.liveMigration);
  const quorum = normalizeQuorum(s.quorum);
  const settings: Settings = {
    heartbeat: {
      delay: quantity('time', hb.delay, ['settings', 'heartbeat', 'delay'], DEFAULTS.heartbeat.delay),
      threshold: num(hb.threshold, DEFAULTS.heartbeat.threshold),
    },
    quorum,
    liveMigration: {
      maxPasses: num(lm.maxPasses, DEFAULTS.liveMigration.maxPasses),
      maxConcurrentPerNode: num(lm.maxConcurrentPerNode, DEFAULTS.liveMigration.maxConcurrentPerNode),
      blackoutTarget: quantity('time', lm.blackoutTarget, ['settings', 'liveMigration', 'blackoutTarget'], DEFAULTS.liveMigration.blackoutTarget),
      setupTime: quantity('time', lm.setupTime, ['settings', 'liveMigration', 'setupTime'], DEFAULTS.liveMigration.setupTime),
      cleanupTime: quantity('time', lm.cleanupTime, ['settings', 'liveMigration', 'cleanupTime'], DEFAULTS.liveMigration.cleanupTime),
      streamThroughput: quantity('bandwidth', lm.streamThroughput, ['settings', 'liveMigration', 'streamThroughput'], DEFAULTS.liveMigration.streamThroughput),
      tcpEfficiency: num(lm.tcpEfficiency, DEFAULTS.liveMigration.tcpEfficiency),
      networks: names(lm.networks),
    },
    tcpTimeout: quantity('time', s.tcpTimeout, ['settings', 'tcpTimeout'], DEFAULTS.tcpTimeout),
    bootTime: quantity('time', s.bootTime, ['settings', 'bootTime'], DEFAULTS.bootTime),
    guestShutdownTime: quantity('time', s.guestShutdownTime, ['settings', 'guestShutdownTime'], DEFAULTS.guestShutdownTime),
    failback: bool(s.failback, DEFAULTS.failback),
    startTime: timeOfDay(s.startTime, ['settings', 'startTime']),
    disableGroupPreferredOwnerRandomization: bool(s.disableGroupPreferredOwnerRandomization, DEFAULTS.disableGroupPreferredOwnerRandomization),
  };

  // nodes
  const nodes: NodeSpec[] = list(top.nodes).map((x, i) => {
    const n = rec(x);
    const path = ['nodes', i];
    return { name: text(n.name, ''), memory: quantity('size', n.memory, [...path, 'memory'], 0), path };
  });
  const nodeNames = nodes.map((n) => n.name);
  const firstNode = nodeNames.length > 0 ? nodeNames[0] : null;

  // networks
  const rawNets = list(top.networks).map((x) => rec(x));
  const roles = rawNets.map((n) => oneOf(n.role, ROLES, DEFAULTS.networkRole));
  const gateways = rawNets.map((n, i) => bool(n.gateway, defaultGateway(roles[i])));
  const metrics = assignMetrics(
    rawNets.map((n, i) => ({
      role: roles[i],
      gateway: gateways[i],
      metric: typeof n.metric === 'number' && Number.isFinite(n.metric) ? n.metric : null,
    })),
  );
  const networks: NetworkSpec[] = rawNets.map((n, i) => {
    const path = ['networks', i];
    return {
      name: text(n.name, ''),
      role: roles[i],
      bandwidth: quantity('bandwidth', n.bandwidth, [...path, 'bandwidth'], DEFAULTS.networkBandwidth),
      latency: quantity('time', n.latency, [...path, 'latency'], DEFAULTS.networkLatency),
      gateway: gateways[i],
      metric: metrics[i],
      autoMetric: !(typeof n.metric === 'number' && Number.isFinite(n.metric)),
      nodes: names(n.nodes) ?? nodeNames,
      path,
    };
  });

  // vms first read as records: a classic disk's owner is the owner of its first VM
  const rawVms = list(top.vms).map((x) => rec(x));

  // disks
  let csvCount = 0;
  const disks: DiskSpec[] = list(top.disks).map((x, i) => {
    const d = rec(x);
    const path = ['disks', i];
    const name = text(d.name, '');
    const csv = bool(d.csv, false);
    if (!csv && has(d, 'coordinator')) {
      diagnostics.push({
        severity: 'error',
        code: 'coordinator-without-csv',
        path: [...path, 'coordinator'],
        message: 'only a Cluster Shared Volume has a coordinator node; this is a classic disk (csv is false)',
        hint: '"csv": true, or no "coordinator"',
      });
    }
    const firstVm = rawVms.find((v) => v.disk === name && typeof v.owner === 'string');
    return {
      name,
      size: quantity('size', d.size, [...path, 'size'], 0),
      throughput: quantity('bandwidth', d.throughput, [...path, 'throughput'], DEFAULTS.diskThroughput),
      csv,
      // No default: a CSV without a path is a semantic error, a classic disk without one has none.
      storagePath: typeof d.path === 'string' ? d.path : null,
      coordinator: csv ? text(d.coordinator, firstNode ?? '') || firstNode : null,
      owner: csv ? null : firstVm ? text(firstVm.owner, '') : firstNode,
      role: oneOf(d.role, ['data', 'witness'] as const, DEFAULTS.diskRole),
      volumePath: csv ? `C:\\ClusterStorage\\Volume${++csvCount}` : null,
      path,
    };
  });

  // workloads: a preset, or numbers written out; the working set never exceeds the VM's memory
  const workload = (value: unknown, path: JsonPath, vmMemory: number | null): WorkloadSpec => {
    const w = value === undefined ? DEFAULTS.workload : value;
    if (isWorkloadPreset(w)) return presetWorkload(w, vmMemory);
    const o = rec(w);
    const memoryWrites = quantity('memoryWrites', o.memoryWrites, [...path, 'memoryWrites'], 0);
    const workingSet = has(o, 'workingSet') ? quantity('size', o.workingSet, [...path, 'workingSet'], 0) : vmMemory ?? 0;
    return {
      preset: null,
      memoryWrites,
      workingSet: vmMemory === null ? workingSet : Math.min(workingSet, vmMemory),
      hotShare: Math.min(1, Math.max(0, num(o.hotShare, DEFAULTS.hotShare))),
      diskIo: quantity('bandwidth', o.diskIo, [...path, 'diskIo'], DEFAULTS.diskIo),
    };
  };

  // FailoverThreshold: absent or 0xFFFFFFFF means the number of nodes minus 1.
  const failoverThreshold = (x: unknown): number => {
    const t = num(x, DEFAULTS.failoverThresholdNodesMinusOne);
    return t === DEFAULTS.failoverThresholdNodesMinusOne ? Math.max(0, nodes.length - 1) : t;
  };

  // vms
  const vms: VmSpec[] = rawVms.map((v, i) => {
    const path = ['vms', i];
    const memory = quantity('size', v.memory, [...path, 'memory'], 0);
    return {
      name: text(v.name, ''),
      owner: text(v.owner, ''),
      memory,
      disk: text(v.disk, ''),
      vhd: quantity('size', v.vhd, [...path, 'vhd'], DEFAULTS.vhd),
      workload: workload(v.workload, [...path, 'workload'], memory),
      clients: num(v.clients, DEFAULTS.clients),
      // None by default, as in 2008 R2: the node list is then every node (drawn at random on failover).
      preferredOwners: names(v.preferredOwners) ?? [],
      possibleOwners: names(v.possibleOwners) ?? nodeNames,
      antiAffinityClassNames: names(v.antiAffinityClassNames) ?? [],
      failoverThreshold: failoverThreshold(v.failoverThreshold),
      failoverPeriod: quantity('time', v.failoverPeriod, [...path, 'failoverPeriod'], DEFAULTS.failoverPeriod),
      liveMigrationNetworks: names(v.liveMigrationNetworks),
      state: oneOf(v.state, VM_STATES, DEFAULTS.vmState),
      offlineAction: oneOf(v.offlineAction, ['save', 'shutdown', 'turnOff'] as const, DEFAULTS.offlineAction),
      failback: failbackPolicy(v.failback, settings.failback),
      path,
    };
  });
  const vmMemory = new Map(vms.map((v) => [v.name, v.memory]));

  // timeline, in file order (the kernel runs same-time events in scheduling order, so file order)
  const timeline: TimelineEntry[] = [];
  list(top.timeline).forEach((x, i) => {
    const t = rec(x);
    const path = ['timeline', i];
    const action = toAction(t, path);
    if (action) timeline.push({ at: quantity('time', t.at, [...path, 'at'], 0), action, path });
  });

  function toAction(t: Rec, path: JsonPath): Action | null {
    const kind = t.do;
    if (!isActionKind(kind)) return null;
    const str = (f: string): string => text(t[f], '');
    switch (kind) {
      case 'liveMigrate':
      case 'quickMigrate':
        return { do: kind, vm: str('vm'), to: str('to') };
      case 'drainNode':
      case 'resumeNode':
      case 'crashNode':
      case 'startNode':
      case 'stopClusterService':
      case 'startClusterService':
        return { do: kind, node: str('node') };
      case 'disconnect':
      case 'reconnect':
        return { do: kind, node: str('node'), network: str('network') };
      case 'failNetwork':
      case 'restoreNetwork':
        return { do: kind, network: str('network') };
      case 'maintenance':
      case 'redirectedAccess':
        return { do: kind, disk: str('disk'), on: bool(t.on, true) };
      case 'moveCoordinator':
        return { do: kind, disk: str('disk'), to: str('to') };
      case 'repairVolume':
        return {
          do: kind,
          disk: str('disk'),
          task: t.task === 'defrag' ? 'defrag' : 'chkdsk',
          duration: quantity('time', t.duration, [...path, 'duration'], 0),
          ...(typeof t.node === 'string' ? { node: t.node } : {}),
        };
      case 'backup':
        return { do: kind, disk: str('disk'), duration: quantity('time', t.duration, [...path, 'duration'], 0), ...(typeof t.node === 'string' ? { node: t.node } : {}) };
      case 'setWorkload':
        return { do: kind, vm: str('vm'), workload: workload(t.workload, [...path, 'workload'], vmMemory.get(str('vm')) ?? null) };
      case 'startVm':
      case 'stopVm':
      case 'saveVm':
        return { do: kind, vm: str('vm') };
      default: {
        // Adding an action to model.ts without a case here fails to compile.
        const unknown: never = kind;
        return unknown;
      }
    }
  }

  // expectations: one check per entry (the schema enforces it; extra keys are ignored here)
  const expect: Expectation[] = [];
  list(top.expect).forEach((x, i) => {
    const e = rec(x);
    const path = ['expect', i];
    const p = (key: string): JsonPath => [...path, key];
    if (typeof e.vm === 'string') {
      const vm = e.vm;
      if (has(e, 'maxBlackout')) expect.push({ vm, maxBlackout: quantity('time', e.maxBlackout, p('maxBlackout'), 0), path });
      else if (has(e, 'endsOn')) expect.push({ vm, endsOn: text(e.endsOn, ''), path });
      else if (has(e, 'noClientDisconnects')) expect.push({ vm, noClientDisconnects: bool(e.noClientDisconnects, true), path });
      else if (has(e, 'maxPasses')) expect.push({ vm, maxPasses: num(e.maxPasses, 1), path });
      else if (has(e, 'state')) expect.push({ vm, state: oneOf(e.state, VM_STATES, 'running'), path });
      else if (has(e, 'maxDowntime')) expect.push({ vm, maxDowntime: quantity('time', e.maxDowntime, p('maxDowntime'), 0), path });
      else if (has(e, 'migrationOutcome')) expect.push({ vm, migrationOutcome: oneOf(e.migrationOutcome, ['completed', 'failed'] as const, 'completed'), path });
      else if (has(e, 'stopReason')) {
        expect.push({ vm, stopReason: oneOf(e.stopReason, ['converged', 'maxPasses', 'notConverging'] as const, 'converged'), path });
      }
    } else if (typeof e.disk === 'string') {
      const disk = e.disk;
      if (has(e, 'redirected')) expect.push({ disk, redirected: bool(e.redirected, false), path });
      else if (has(e, 'coordinator')) expect.push({ disk, coordinator: text(e.coordinator, ''), path });
    }
  });

  const scenario: Scenario = {
    name: text(top.name, DEFAULTS.name),
    description: text(top.description, DEFAULTS.description),
    seed: num(top.seed, DEFAULTS.seed),
    duration: has(top, 'duration') ? quantity('time', top.duration, ['duration'], 0) : null,
    settings,
    nodes,
    networks,
    disks,
    vms,
    timeline,
    expect,
  };
  return { scenario, diagnostics };
}
