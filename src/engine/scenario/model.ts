/**
 * The scenario after loading: every quantity parsed to SI base units (seconds, bytes,
 * bytes per second), every default applied, every name checked. The engine only ever sees this.
 * The file format itself is described in schemas/scenario.schema.json and docs/scenario-format.md.
 */

export type Seconds = number;
export type Bytes = number;
export type BytesPerSecond = number;

/** A location in the scenario file: the JSON path as segments, e.g. ['vms', 2, 'memory']. */
export type JsonPath = ReadonlyArray<string | number>;

export type NetworkRole = 'cluster' | 'clusterAndClient' | 'none';

export interface NodeSpec {
  readonly name: string;
  readonly memory: Bytes;
  readonly path: JsonPath;
}

export interface NetworkSpec {
  readonly name: string;
  readonly role: NetworkRole;
  readonly bandwidth: BytesPerSecond;
  readonly latency: Seconds;
  /**
   * Whether the network's adapters have a default gateway: decides the automatic metric's range
   * (2008 R2: private networks from 1000, networks with a gateway from 10000).
   */
  readonly gateway: boolean;
  readonly metric: number;
  /** True when the metric was assigned automatically (the file gave none). */
  readonly autoMetric: boolean;
  /** Names of the attached nodes (all nodes when the file lists none). */
  readonly nodes: readonly string[];
  readonly path: JsonPath;
}

/** `"fabric"` is Fibre Channel/SAS: a storage path that is not one of the cluster's networks. */
export const FABRIC = 'fabric';

export interface DiskSpec {
  readonly name: string;
  readonly size: Bytes;
  readonly throughput: BytesPerSecond;
  readonly csv: boolean;
  /** The network carrying storage traffic to the SAN, or FABRIC. Null only for a classic disk without one. */
  readonly storagePath: string | null;
  /** Initial coordinator node of a CSV; null for a classic disk. */
  readonly coordinator: string | null;
  /** Initial owner node of a classic disk: the owner of its first VM, else the first node. */
  readonly owner: string | null;
  readonly role: 'data' | 'witness';
  /** `C:\ClusterStorage\VolumeN` for a CSV, null otherwise. */
  readonly volumePath: string | null;
  readonly path: JsonPath;
}

export type WorkloadPreset = 'idle' | 'web' | 'database' | 'memoryIntensive';

export interface WorkloadSpec {
  /** The preset this came from, or null for a workload written out in full. */
  readonly preset: WorkloadPreset | null;
  /** Bytes written to memory per second (each write dirties one 4 KiB page). */
  readonly memoryWrites: BytesPerSecond;
  /** The hot region at the start of the VM's memory, capped at the VM's memory. */
  readonly workingSet: Bytes;
  /** Probability that a write lands in the working set; the rest land uniformly over all memory. */
  readonly hotShare: number;
  /** Disk I/O the VM generates on its disk. */
  readonly diskIo: BytesPerSecond;
}

export type VmState = 'running' | 'off' | 'saved';

/**
 * The VM resource's cluster-controlled offline action (private property OfflineAction): what the
 * cluster does to the VM when it takes it offline (maintenance of its CSV, a repair...).
 */
export type OfflineAction = 'save' | 'shutdown' | 'turnOff';

/**
 * A VM's failback policy: its group's AutoFailbackType (0 prevent, the default; 1 allow) and
 * FailbackWindowStart/End (hours of the day, 0 to 23; no window: immediately). A window whose
 * start is later than its end wraps past midnight (22 to 6: from 22:00 to 06:00).
 */
export type FailbackPolicy =
  | { readonly kind: 'prevent' }
  | { readonly kind: 'immediately' }
  | { readonly kind: 'window'; readonly start: number; readonly end: number };

export interface VmSpec {
  readonly name: string;
  readonly owner: string;
  readonly memory: Bytes;
  readonly disk: string;
  readonly vhd: Bytes;
  readonly workload: WorkloadSpec;
  readonly clients: number;
  /**
   * The group's preferred owners (2008 R2's PreferredOwners), in order, as the file lists them;
   * empty when it gives none (the default: then a failover draws its node list at random, see
   * Settings.disableGroupPreferredOwnerRandomization).
   */
  readonly preferredOwners: readonly string[];
  /**
   * The nodes that may host the VM (the possible owners of its Virtual Machine resource): every
   * node when the file lists none. A hard limit: no migration, failover or drain puts it elsewhere.
   */
  readonly possibleOwners: readonly string[];
  /** The group's AntiAffinityClassNames: a failover avoids a node hosting a VM of one of these classes. */
  readonly antiAffinityClassNames: readonly string[];
  /** Failovers of the VM allowed within failoverPeriod (FailoverThreshold; default n - 1, resolved here). */
  readonly failoverThreshold: number;
  /** The window of failoverThreshold (FailoverPeriod; default 6 hours). */
  readonly failoverPeriod: Seconds;
  /** This VM's own ordered live-migration networks, or null to use the cluster setting. */
  readonly liveMigrationNetworks: readonly string[] | null;
  readonly state: VmState;
  readonly offlineAction: OfflineAction;
  /** Its own failback policy, or the cluster's default (`settings.failback`) when the file gives none. */
  readonly failback: FailbackPolicy;
  readonly path: JsonPath;
}

/**
 * The four quorum models of 2008 R2 (Set-ClusterQuorum's -NodeMajority, -NodeAndDiskMajority,
 * -NodeAndFileShareMajority, -DiskOnly). A disk witness (`witness`) is a disk of the scenario with
 * role `witness`; a file share witness is a share on a server outside the cluster, reached over
 * the named network (health/quorum.ts says who holds which vote).
 */
export type QuorumSpec =
  | { readonly model: 'nodeMajority' }
  | { readonly model: 'nodeAndDiskMajority'; readonly witness: string }
  | { readonly model: 'nodeAndFileShareMajority'; readonly fileShareWitness: { readonly network: string } }
  | { readonly model: 'diskOnly'; readonly witness: string };

export type QuorumModel = QuorumSpec['model'];

/** The disk witness of a quorum configuration, or null (Node Majority, Node and File Share Majority). */
export function witnessDiskOf(q: QuorumSpec): string | null {
  return q.model === 'nodeAndDiskMajority' || q.model === 'diskOnly' ? q.witness : null;
}

export interface Settings {
  readonly heartbeat: { readonly delay: Seconds; readonly threshold: number };
  readonly quorum: QuorumSpec;
  readonly liveMigration: {
    readonly maxPasses: number;
    readonly maxConcurrentPerNode: number;
    readonly blackoutTarget: Seconds;
    /**
     * Fixed time before the first pass, after the configuration has reached the target: creating
     * the shell VM there and allocating its memory (docs/fidelity.md, "Live-migration cost").
     */
    readonly setupTime: Seconds;
    /**
     * Fixed time after the VM resumed on the target until the migration completes: the cluster
     * hands the group over to the target and the source tears its copy down, holding its memory
     * until then.
     */
    readonly cleanupTime: Seconds;
    /**
     * Most one migration's TCP stream carries (memory data), whatever the link: the receive side
     * of one stream is processed on one core.
     */
    readonly streamThroughput: BytesPerSecond;
    /** Share of a network's bandwidth one migration's stream carries as memory data (headers take the rest). */
    readonly tcpEfficiency: number;
    /** Ordered networks live migration may use, or null for the default order by metric. */
    readonly networks: readonly string[] | null;
  };
  readonly tcpTimeout: Seconds;
  readonly bootTime: Seconds;
  /** How long a guest takes to shut down when the cluster takes its VM offline with "Shut down". */
  readonly guestShutdownTime: Seconds;
  /**
   * The failback policy of VMs that give none of their own: false (the default) prevents
   * failback, true is failback "immediately". (Before VMs had their own policy this was the only
   * failback setting, and failback was a live migration.)
   */
  readonly failback: boolean;
  /** The time of day at which the run starts, seconds after midnight (failback windows follow the clock). */
  readonly startTime: Seconds;
  /**
   * The cluster's DisableGroupPreferredOwnerRandomization: false (2008 R2's default), a failover
   * of a VM without preferred owners goes to a node drawn at random; true, to the next node in
   * file (Node ID) order after the one it was on.
   */
  readonly disableGroupPreferredOwnerRandomization: boolean;
}

export type Action =
  | { readonly do: 'liveMigrate'; readonly vm: string; readonly to: string }
  | { readonly do: 'quickMigrate'; readonly vm: string; readonly to: string }
  | { readonly do: 'drainNode'; readonly node: string }
  | { readonly do: 'resumeNode'; readonly node: string }
  | { readonly do: 'crashNode'; readonly node: string }
  | { readonly do: 'startNode'; readonly node: string }
  | { readonly do: 'stopClusterService'; readonly node: string }
  | { readonly do: 'startClusterService'; readonly node: string }
  | { readonly do: 'disconnect'; readonly node: string; readonly network: string }
  | { readonly do: 'reconnect'; readonly node: string; readonly network: string }
  | { readonly do: 'failNetwork'; readonly network: string }
  | { readonly do: 'restoreNetwork'; readonly network: string }
  | { readonly do: 'maintenance'; readonly disk: string; readonly on: boolean }
  | { readonly do: 'redirectedAccess'; readonly disk: string; readonly on: boolean }
  | { readonly do: 'moveCoordinator'; readonly disk: string; readonly to: string }
  /** `node`: the node running Repair-ClusterSharedVolume; the volume moves there first (absent: the coordinator). */
  | { readonly do: 'repairVolume'; readonly disk: string; readonly task: 'chkdsk' | 'defrag'; readonly duration: Seconds; readonly node?: string }
  /** `node`: the node running the backup; the volume moves there first and stays (absent: the coordinator). */
  | { readonly do: 'backup'; readonly disk: string; readonly duration: Seconds; readonly node?: string }
  | { readonly do: 'setWorkload'; readonly vm: string; readonly workload: WorkloadSpec }
  | { readonly do: 'startVm'; readonly vm: string }
  | { readonly do: 'stopVm'; readonly vm: string }
  | { readonly do: 'saveVm'; readonly vm: string };

export type ActionKind = Action['do'];

export interface TimelineEntry {
  readonly at: Seconds;
  readonly action: Action;
  readonly path: JsonPath;
}

/**
 * An assertion on the outcome. Each names one VM or one disk and one property; the CLI exits 1
 * when any fails.
 */
export type Expectation =
  | { readonly vm: string; readonly maxBlackout: Seconds; readonly path: JsonPath }
  | { readonly vm: string; readonly endsOn: string; readonly path: JsonPath }
  | { readonly vm: string; readonly noClientDisconnects: boolean; readonly path: JsonPath }
  | { readonly vm: string; readonly maxPasses: number; readonly path: JsonPath }
  | { readonly vm: string; readonly state: VmState; readonly path: JsonPath }
  | { readonly vm: string; readonly maxDowntime: Seconds; readonly path: JsonPath }
  | { readonly vm: string; readonly migrationOutcome: 'completed' | 'failed'; readonly path: JsonPath }
  | { readonly vm: string; readonly stopReason: 'converged' | 'maxPasses' | 'notConverging'; readonly path: JsonPath }
  | { readonly disk: string; readonly redirected: boolean; readonly path: JsonPath }
  | { readonly disk: string; readonly coordinator: string; readonly path: JsonPath };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** How long to simulate, or null: until the timeline and all it started has finished. */
  readonly duration: Seconds | null;
  readonly settings: Settings;
  readonly nodes: readonly NodeSpec[];
  readonly networks: readonly NetworkSpec[];
  readonly disks: readonly DiskSpec[];
  readonly vms: readonly VmSpec[];
  readonly timeline: readonly TimelineEntry[];
  readonly expect: readonly Expectation[];
}

/** Page size of the memory model and of live migration. */
export const PAGE_SIZE = 4096;
