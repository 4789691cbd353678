/**
 * Builds normalized `Scenario` objects for tests, the way the loader would: every default applied,
 * every entity given its JSON path. The defaults are a clean 2008 R2 cluster (no semantic errors,
 * no validation warnings): three nodes, a dedicated cluster network, a live-migration network, an
 * iSCSI network, a client LAN, one CSV and two VMs. Each test overrides only what it is about.
 *
 *   build({ nodes: ['HV01', { name: 'HV02', memory: 16 * GiB }], vms: [{ name: 'SQL01', owner: 'HV01' }] })
 */
import type {
  Action,
  DiskSpec,
  Expectation,
  NetworkSpec,
  NodeSpec,
  Scenario,
  Seconds,
  Settings,
  VmSpec,
  WorkloadSpec,
} from '../../../src/engine/scenario/model';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;
/** Bits per second to bytes per second. */
export const gbps = (n: number): number => (n * 1e9) / 8;
export const mbps = (n: number): number => (n * 1e6) / 8;

type Input<T> = Partial<Omit<T, 'path'>> & { readonly name: string };

export type NodeInput = string | Input<NodeSpec>;
/** `metric` omitted: automatic, as the loader assigns it. `nodes` omitted: every node. */
export type NetworkInput = Input<Omit<NetworkSpec, 'autoMetric'>>;
export type DiskInput = Input<Omit<DiskSpec, 'volumePath' | 'owner'>>;
export type VmInput = Input<VmSpec>;
/** A timeline entry as written in the file: `{ at: 30, do: 'liveMigrate', vm: 'VM01', to: 'HV02' }`. */
export type TimelineInput = { readonly at: Seconds } & Action;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ExpectInput = DistributiveOmit<Expectation, 'path'>;

export interface SettingsInput {
  readonly heartbeat?: Partial<Settings['heartbeat']>;
  readonly quorum?: Settings['quorum'];
  readonly liveMigration?: Partial<Settings['liveMigration']>;
  readonly tcpTimeout?: Seconds;
  readonly bootTime?: Seconds;
  readonly guestShutdownTime?: Seconds;
  readonly failback?: boolean;
  readonly startTime?: Seconds;
  readonly disableGroupPreferredOwnerRandomization?: boolean;
}

export interface ScenarioInput {
  readonly name?: string;
  readonly duration?: Seconds | null;
  readonly settings?: SettingsInput;
  readonly nodes?: readonly NodeInput[];
  readonly networks?: readonly NetworkInput[];
  readonly disks?: readonly DiskInput[];
  readonly vms?: readonly VmInput[];
  readonly timeline?: readonly TimelineInput[];
  readonly expect?: readonly ExpectInput[];
}

export const IDLE: WorkloadSpec = { preset: 'idle', memoryWrites: 1 * MiB, workingSet: 256 * MiB, hotShare: 0.9, diskIo: 1 * MiB };

export const DEFAULT_NODES: readonly NodeInput[] = ['HV01', 'HV02', 'HV03'];
/** Auto metrics: Cluster 1000, Live Migration 1100, iSCSI 100000 (role none), LAN 10000 (a gateway). */
export const DEFAULT_NETWORKS: readonly NetworkInput[] = [
  { name: 'Cluster', role: 'cluster' },
  { name: 'Live Migration', role: 'cluster' },
  { name: 'iSCSI', role: 'none' },
  { name: 'LAN', role: 'clusterAndClient' },
];
export const DEFAULT_DISKS: readonly DiskInput[] = [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' }];
export const DEFAULT_VMS: readonly VmInput[] = [
  { name: 'VM01', owner: 'HV01', memory: 8 * GiB },
  { name: 'VM02', owner: 'HV02', memory: 4 * GiB },
];

export function build(input: ScenarioInput = {}): Scenario {
  const nodes: NodeSpec[] = (input.nodes ?? DEFAULT_NODES).map((n, i) => {
    const o = typeof n === 'string' ? { name: n } : n;
    return { memory: 64 * GiB, ...o, path: ['nodes', i] };
  });
  const nodeNames = nodes.map((n) => n.name);

  // The automatic metrics as 2008 R2 documents them (TechNet ff182335), written out again here
  // rather than taken from the loader: private networks 1000, 1100, ...; networks with a default
  // gateway 10000, 10100, ...; networks not for cluster use (role none) 100000, 100100, ....
  const next = { private: 1000, gateway: 10000, notForCluster: 100000 };
  const networks: NetworkSpec[] = (input.networks ?? DEFAULT_NETWORKS).map((n, i) => {
    const role = n.role ?? 'cluster';
    const gateway = n.gateway ?? role === 'clusterAndClient';
    let metric = n.metric;
    if (metric === undefined) {
      const sequence = role === 'none' ? 'notForCluster' : gateway ? 'gateway' : 'private';
      metric = next[sequence];
      next[sequence] += 100;
    }
    return {
      bandwidth: gbps(1),
      latency: 0.0002,
      nodes: nodeNames,
      ...n,
      role,
      gateway,
      metric,
      autoMetric: n.metric === undefined,
      path: ['networks', i],
    };
  });

  const vmInputs = input.vms ?? DEFAULT_VMS;
  const diskInputs = input.disks ?? DEFAULT_DISKS;
  let volume = 0;
  const disks: DiskSpec[] = diskInputs.map((d, i) => {
    const csv = d.csv ?? false;
    const firstVm = vmInputs.find((v) => (v.disk ?? diskInputs[0]?.name) === d.name);
    return {
      size: 2 * TiB,
      throughput: 256 * MiB,
      storagePath: null,
      role: 'data',
      ...d,
      csv,
      coordinator: d.coordinator !== undefined ? d.coordinator : csv ? (nodeNames[0] ?? null) : null,
      owner: csv ? null : (firstVm?.owner ?? nodeNames[0] ?? null),
      volumePath: csv ? `C:\\ClusterStorage\\Volume${++volume}` : null,
      path: ['disks', i],
    };
  });

  const vms: VmSpec[] = vmInputs.map((v, i) => ({
    owner: nodeNames[0] ?? 'HV01',
    memory: 4 * GiB,
    disk: disks[0]?.name ?? 'Cluster Disk 1',
    vhd: 40 * GiB,
    workload: IDLE,
    clients: 0,
    preferredOwners: [],
    possibleOwners: nodeNames,
    antiAffinityClassNames: [],
    failoverThreshold: Math.max(0, nodeNames.length - 1),
    failoverPeriod: 6 * 3600,
    liveMigrationNetworks: null,
    state: 'running',
    offlineAction: 'save',
    failback: { kind: 'prevent' },
    ...v,
    path: ['vms', i],
  }));

  const st = input.settings ?? {};
  const settings: Settings = {
    heartbeat: { delay: 1, threshold: 5, ...st.heartbeat },
    quorum: st.quorum ?? { model: 'nodeMajority' },
    liveMigration: {
      maxPasses: 8,
      maxConcurrentPerNode: 1,
      blackoutTarget: 0.03,
      setupTime: 2.5,
      cleanupTime: 1,
      streamThroughput: 5e9 / 8,
      tcpEfficiency: 0.95,
      networks: null,
      ...st.liveMigration,
    },
    tcpTimeout: st.tcpTimeout ?? 20,
    bootTime: st.bootTime ?? 60,
    guestShutdownTime: st.guestShutdownTime ?? 60,
    failback: st.failback ?? false,
    startTime: st.startTime ?? 0,
    disableGroupPreferredOwnerRandomization: st.disableGroupPreferredOwnerRandomization ?? false,
  };

  return {
    name: input.name ?? 'test',
    description: '',
    seed: 1,
    duration: input.duration ?? null,
    settings,
    nodes,
    networks,
    disks,
    vms,
    timeline: (input.timeline ?? []).map(({ at, ...action }, i) => ({ at, action: action as Action, path: ['timeline', i] })),
    expect: (input.expect ?? []).map((x, i) => ({ ...x, path: ['expect', i] }) as Expectation),
  };
}
