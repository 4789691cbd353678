/**
 * fast-check arbitraries for whole scenarios, written as the JSON a user would write and loaded
 * through the real loader. A scenario is drawn as a small "blueprint" of numbers (sizes, indices,
 * choices) that fast-check can shrink, then turned into a file that is valid by construction:
 * every name comes from the lists generated with it, times increase, running VMs fit their
 * owners, CSV-only actions name CSVs and migrations never target the VM's initial owner.
 * Sizes are kept small (2-6 nodes, 1-12 VMs of 1-8 GiB, low write rates) so a run takes
 * milliseconds.
 */
import fc from 'fast-check';
import { ACTION_KINDS } from '../../../src/engine/scenario/actions';
import type { ActionKind } from '../../../src/engine/scenario/model';

export type Json = Record<string, unknown>;

/** The fixed seed the property suites use unless FC_SEED is set (to replay a failure elsewhere). */
export const PROPERTY_SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20_081_026;

/** numRuns for CI, multiplied by FC_RUNS_FACTOR (e.g. 50) for a longer local hunt. */
export function runs(n: number): number {
  const factor = Number(process.env.FC_RUNS_FACTOR ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

const WORKLOAD_PRESETS = ['idle', 'idle', 'web', 'web', 'database'] as const;

interface VmBlueprint {
  memGiB: number;
  owner: number;
  disk: number;
  state: 'running' | 'off' | 'saved';
  workload: number | { mbps: number; wsMiB: number; hot: number; ioMBps: number };
  clients: number;
  preferred: number[] | null;
  lmNetworks: number[] | null;
  offlineAction: 'save' | 'shutdown' | 'turnOff';
}

interface EventBlueprint {
  /** Milliseconds after the previous entry. */
  dtMs: number;
  kind: ActionKind;
  a: number;
  b: number;
  on: boolean;
  defrag: boolean;
  seconds: number;
  workload: number;
}

export interface Blueprint {
  seed: number;
  nodes: number[];
  lmNetwork: boolean;
  iscsi: boolean;
  bandwidths: string[];
  csvs: number;
  csvOnIscsi: boolean;
  classic: boolean;
  witness: boolean;
  quorumWithWitness: boolean;
  threshold: number;
  maxConcurrent: number;
  failback: boolean;
  bootTime: number;
  heartbeatMs: number;
  maxPasses: number;
  blackoutMs: number;
  tcpTimeout: number;
  /** Which nodes the Live Migration network reaches (by index; at least two are kept). */
  lmNodes: boolean[];
  /** The cluster's live-migration network order, as indices into the networks, or null (automatic). */
  lmOrder: number[] | null;
  vms: VmBlueprint[];
  timeline: EventBlueprint[];
  /** Seconds after the last timeline entry to stop at, or null: run until everything is done. */
  tail: number | null;
}

const workloadArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: WORKLOAD_PRESETS.length - 1 }) },
  {
    weight: 1,
    arbitrary: fc.record({
      mbps: fc.integer({ min: 0, max: 20 }),
      wsMiB: fc.integer({ min: 16, max: 1024 }),
      hot: fc.integer({ min: 0, max: 10 }),
      ioMBps: fc.integer({ min: 0, max: 10 }),
    }),
  },
);

const vmArb: fc.Arbitrary<VmBlueprint> = fc.record({
  memGiB: fc.integer({ min: 1, max: 8 }),
  owner: fc.nat(),
  disk: fc.nat(),
  state: fc.constantFrom('running', 'running', 'running', 'off', 'saved'),
  workload: workloadArb,
  clients: fc.integer({ min: 0, max: 50 }),
  preferred: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { nil: null }),
  lmNetworks: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { freq: 4, nil: null }),
  offlineAction: fc.constantFrom('save', 'save', 'shutdown', 'turnOff'),
});

const eventArb: fc.Arbitrary<EventBlueprint> = fc.record({
  dtMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1000, max: 90_000 })),
  kind: fc.constantFrom(...ACTION_KINDS),
  a: fc.nat(),
  b: fc.nat(),
  on: fc.boolean(),
  defrag: fc.boolean(),
  seconds: fc.integer({ min: 1, max: 300 }),
  workload: fc.integer({ min: 0, max: WORKLOAD_PRESETS.length - 1 }),
});

export const blueprintArb: fc.Arbitrary<Blueprint> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  nodes: fc.array(fc.integer({ min: 8, max: 48 }), { minLength: 2, maxLength: 6 }),
  lmNetwork: fc.boolean(),
  iscsi: fc.boolean(),
  bandwidths: fc.array(fc.constantFrom('100Mbps', '1Gbps', '1Gbps', '10Gbps'), { minLength: 4, maxLength: 4 }),
  csvs: fc.integer({ min: 1, max: 2 }),
  csvOnIscsi: fc.boolean(),
  classic: fc.boolean(),
  witness: fc.boolean(),
  quorumWithWitness: fc.boolean(),
  threshold: fc.integer({ min: 1, max: 8 }),
  maxConcurrent: fc.integer({ min: 1, max: 2 }),
  failback: fc.boolean(),
  bootTime: fc.integer({ min: 1, max: 90 }),
  heartbeatMs: fc.constantFrom(250, 1000, 1000, 2000),
  maxPasses: fc.integer({ min: 1, max: 10 }),
  blackoutMs: fc.constantFrom(1, 30, 30, 300),
  tcpTimeout: fc.integer({ min: 1, max: 60 }),
  lmNodes: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  lmOrder: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { freq: 3, nil: null }),
  vms: fc.array(vmArb, { minLength: 1, maxLength: 12 }),
  timeline: fc.array(eventArb, { maxLength: 16 }),
  tail: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
});

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

function workloadJson(w: VmBlueprint['workload']): unknown {
  if (typeof w === 'number') return pick(WORKLOAD_PRESETS, w);
  return { memoryWrites: `${w.mbps}MB/s`, workingSet: `${w.wsMiB}MiB`, hotShare: w.hot / 10, diskIo: `${w.ioMBps}MB/s` };
}

/** The scenario file a blueprint stands for. Valid by construction (a test checks it loads). */
export function scenarioJson(bp: Blueprint): Json {
  const nodes = bp.nodes.map((gib, i) => ({ name: `HV${String(i + 1).padStart(2, '0')}`, memory: `${gib}GiB` }));
  const nodeNames = nodes.map((n) => n.name);

  const networks: Json[] = [
    { name: 'Cluster', role: 'cluster', bandwidth: bp.bandwidths[0], latency: '0.1ms' },
    { name: 'LAN', role: 'clusterAndClient', bandwidth: bp.bandwidths[1], latency: '0.3ms' },
  ];
  if (bp.lmNetwork) {
    // Attached to some nodes only (at least the first two), so some pairs have no such network.
    const attached = nodeNames.filter((_, i) => i < 2 || bp.lmNodes[i]);
    const lm: Json = { name: 'Live Migration', role: 'cluster', bandwidth: bp.bandwidths[2], latency: '0.1ms' };
    if (attached.length < nodeNames.length) lm.nodes = attached;
    networks.push(lm);
  }
  if (bp.iscsi) networks.push({ name: 'iSCSI', role: 'none', bandwidth: bp.bandwidths[3], latency: '0.1ms' });
  const networkNames = networks.map((n) => n.name as string);
  const attachedTo = (node: string) => networks.filter((n) => !n.nodes || (n.nodes as string[]).includes(node)).map((n) => n.name as string);
  const lmList = (indices: number[]) => [...new Set(indices.map((i) => pick(networkNames, i)))];

  const disks: Json[] = [];
  for (let i = 0; i < bp.csvs; i++) {
    const onIscsi = bp.iscsi && (bp.csvOnIscsi || i === 1);
    disks.push({ name: `CSV${i + 1}`, size: '2TiB', csv: true, path: onIscsi ? 'iSCSI' : 'fabric', coordinator: pick(nodeNames, i) });
  }
  if (bp.classic) disks.push({ name: 'Classic', size: '1TiB', csv: false, path: bp.iscsi ? 'iSCSI' : 'fabric' });
  const dataDisks = disks.map((d) => d.name as string);
  const csvNames = dataDisks.filter((d) => d.startsWith('CSV'));
  if (bp.witness) disks.push({ name: 'Quorum', size: '1GiB', csv: false, role: 'witness', path: bp.iscsi ? 'iSCSI' : 'fabric' });

  // Running VMs must fit their owners from the start: one that does not is turned off.
  const free = new Map(nodes.map((n, i) => [n.name, bp.nodes[i]!]));
  // Every VM of the classic disk is on the node it is online on (the first such VM's owner).
  let classicOwner: string | null = null;
  const vms = bp.vms.map((v, i) => {
    const disk = pick(dataDisks, v.disk);
    const drawn = pick(nodeNames, v.owner);
    if (disk === 'Classic') classicOwner ??= drawn;
    const owner = disk === 'Classic' ? (classicOwner as string) : drawn;
    let state = v.state;
    if (state === 'running') {
      const room = free.get(owner)!;
      if (room >= v.memGiB) free.set(owner, room - v.memGiB);
      else state = 'off';
    }
    const vm: Json = {
      name: `VM${String(i + 1).padStart(2, '0')}`,
      owner,
      memory: `${v.memGiB}GiB`,
      disk,
      workload: workloadJson(v.workload),
      clients: v.clients,
    };
    if (state !== 'running') vm.state = state;
    if (v.preferred) vm.preferredOwners = [...new Set(v.preferred.map((p) => pick(nodeNames, p)))];
    // Failover policy, from draws already made (so no other field moves): a VM with preferred owners
    // may run only on them and its owner; every third VM shares an anti-affinity class.
    if (v.preferred && i % 2 === 1) vm.possibleOwners = [...new Set([owner, ...(vm.preferredOwners as string[])])];
    if (i % 3 === 0) vm.antiAffinityClassNames = ['Tier 1'];
    if (v.lmNetworks) vm.liveMigrationNetworks = lmList(v.lmNetworks);
    if (v.offlineAction !== 'save') vm.offlineAction = v.offlineAction;
    return vm;
  });
  const vmNames = vms.map((v) => v.name as string);
  const ownerOf = new Map(vms.map((v) => [v.name as string, v.owner as string]));

  let atMs = 0;
  const timeline: Json[] = [];
  for (const e of bp.timeline) {
    atMs += e.dtMs;
    const at = `${atMs}ms`;
    const vm = pick(vmNames, e.a);
    const node = pick(nodeNames, e.a);
    const network = pick(networkNames, e.b);
    const link = pick(attachedTo(node), e.b);
    switch (e.kind) {
      case 'liveMigrate':
      case 'quickMigrate': {
        // Never the VM's initial owner: the loader refuses a move to where it surely is.
        const others = nodeNames.filter((n) => n !== ownerOf.get(vm));
        timeline.push({ at, do: e.kind, vm, to: pick(others, e.b) });
        break;
      }
      case 'drainNode':
      case 'resumeNode':
      case 'crashNode':
      case 'startNode':
      case 'stopClusterService':
      case 'startClusterService':
        timeline.push({ at, do: e.kind, node });
        break;
      case 'disconnect':
      case 'reconnect':
        timeline.push({ at, do: e.kind, node, network: link });
        break;
      case 'failNetwork':
      case 'restoreNetwork':
        timeline.push({ at, do: e.kind, network });
        break;
      case 'maintenance':
      case 'redirectedAccess':
        timeline.push({ at, do: e.kind, disk: pick(csvNames, e.a), on: e.on });
        break;
      case 'moveCoordinator':
        timeline.push({ at, do: e.kind, disk: pick(csvNames, e.a), to: pick(nodeNames, e.b) });
        break;
      case 'repairVolume':
        timeline.push({ at, do: e.kind, disk: pick(csvNames, e.a), task: e.defrag ? 'defrag' : 'chkdsk', duration: `${e.seconds}s` });
        break;
      case 'backup':
        timeline.push({ at, do: e.kind, disk: pick(csvNames, e.a), duration: `${e.seconds}s` });
        break;
      case 'setWorkload':
        timeline.push({ at, do: e.kind, vm, workload: pick(WORKLOAD_PRESETS, e.workload) });
        break;
      case 'startVm':
      case 'stopVm':
      case 'saveVm':
        timeline.push({ at, do: e.kind, vm });
        break;
      default: {
        const never: never = e.kind;
        throw new Error(`no generator for ${String(never)}`);
      }
    }
  }

  const scenario: Json = {
    name: 'generated',
    seed: bp.seed,
    settings: {
      heartbeat: { delay: `${bp.heartbeatMs}ms`, threshold: bp.threshold },
      quorum: bp.witness && bp.quorumWithWitness ? { model: 'nodeAndDiskMajority', witness: 'Quorum' } : 'nodeMajority',
      liveMigration: {
        maxConcurrentPerNode: bp.maxConcurrent,
        maxPasses: bp.maxPasses,
        blackoutTarget: `${bp.blackoutMs}ms`,
        ...(bp.lmOrder ? { networks: lmList(bp.lmOrder) } : {}),
      },
      tcpTimeout: `${bp.tcpTimeout}s`,
      bootTime: `${bp.bootTime}s`,
      failback: bp.failback,
    },
    nodes,
    networks,
    disks,
    vms,
    timeline,
  };
  if (bp.tail !== null) scenario.duration = `${atMs + bp.tail * 1000}ms`;
  return scenario;
}

export const scenarioArb: fc.Arbitrary<Json> = blueprintArb.map(scenarioJson);
