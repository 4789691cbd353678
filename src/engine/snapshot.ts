/**
 * What the cluster looks like at one moment, as plain data: the only thing views (the Cluster
 * Explorer, the dashboard, the status bar) read. Computed by the engine from its state, so no
 * view ever works out cluster behaviour itself. Cheap enough to take a few times a second for
 * 64 nodes and 8,000 VMs.
 */
import type { CsvAccess, NodeDownCause, NodeStatus, VmStatus } from './model/events';
import type { NetworkRole, QuorumModel } from './scenario/model';
import type { TrafficClass } from './network/flow';

export interface ClusterSnapshot {
  /** Simulated time, seconds. */
  readonly t: number;
  readonly name: string;
  /** 'running' until the run has ended, then why it ended. */
  readonly phase: 'ready' | 'running' | 'finished' | 'duration' | 'eventLimit';
  readonly hasQuorum: boolean;
  /**
   * The last quorum change, once there has been one (health/): the partition with quorum (empty
   * when none has it), its votes (or the most any partition has) of all votes, and why, in words.
   */
  readonly quorum?: {
    readonly at: number;
    readonly nodes: readonly string[];
    readonly votes: number;
    readonly totalVotes: number;
    readonly reason: string;
    /** The witness in words and the nodes of the partition holding its vote ([] when none); absent for Node Majority. */
    readonly witness?: { readonly name: string; readonly heldBy: readonly string[] };
  };
  /**
   * The quorum configuration, in Failover Cluster Manager's words: `model` as in the scenario,
   * `name` ("Node and File Share Majority"), `witness` ("the file share witness over LAN", null
   * for Node Majority), `description` (the two together). Set by the engine on every snapshot
   * (optional only for views' hand-made fixtures).
   */
  readonly quorumConfig?: { readonly model: QuorumModel; readonly name: string; readonly witness: string | null; readonly description: string };
  readonly nodes: readonly NodeSnapshot[];
  readonly vms: readonly VmSnapshot[];
  readonly networks: readonly NetworkSnapshot[];
  /** Cluster Shared Volumes, in file order. */
  readonly volumes: readonly VolumeSnapshot[];
  /** Classic cluster disks (and witness disks), in file order. */
  readonly disks: readonly DiskSnapshot[];
}

export interface NodeSnapshot {
  readonly name: string;
  readonly status: NodeStatus;
  /**
   * Why a node that is `down` is down: `crashed`, `quorumLost` (its cluster service stopped for
   * lack of quorum; it rejoins by itself) or `serviceStopped` (an administrator stopped its cluster
   * service). Set by the engine for every down node (optional only for views' hand-made fixtures).
   */
  readonly downCause?: NodeDownCause;
  /** True while its cluster service is stopping: its roles move away and it takes no new ones. */
  readonly stopping?: boolean;
  /** Memory VMs can be given, bytes. */
  readonly memory: number;
  /** Memory held by VMs and by shells of incoming live migrations, bytes. */
  readonly used: number;
  /** Names of the VMs whose owner node this is, in file order. */
  readonly vms: readonly string[];
}

export interface VmSnapshot {
  readonly name: string;
  readonly node: string;
  readonly status: VmStatus;
  readonly memory: number;
  readonly disk: string;
  readonly clients: number;
  readonly clientsDisconnected: number;
  /** Seconds the VM did not run while it was meant to, so far. */
  readonly downtime: number;
  /** The migration moving it now, or null. */
  readonly migration: MigrationProgress | null;
  /** Present while the VM is in a failover (from its node going down until it runs again). */
  readonly failover?: VmFailover;
  /**
   * Present while it is isolated: it holds memory on a node that no client network reaches, so
   * its clients cannot reach it (health/clientReach.ts); since when, simulated seconds.
   */
  readonly isolatedSince?: number;
}

/**
 * A VM's failover, as Failover Cluster Manager would show its role: `detecting` (its node is
 * gone, the heartbeats have not said so yet), `pending` (detected; waiting for a node that can
 * take it, or for quorum), `restarting` (booting on its new node), `failed` (its failover
 * threshold is reached: it stays failed).
 */
export interface VmFailover {
  readonly state: 'detecting' | 'pending' | 'restarting' | 'failed';
  /** The node it ran on when it stopped. */
  readonly from: string;
  /** When it stopped. */
  readonly since: number;
  /** Why it is not running yet (pending, failed), else null. */
  readonly reason: string | null;
}

export interface MigrationProgress {
  readonly type: 'live' | 'quick';
  readonly from: string;
  readonly to: string;
  /** For a live migration: the network; null for a quick one. */
  readonly network: string | null;
  /**
   * Live: 'queued' | 'config' (setup: configuration, shell VM) | 'precopy' | 'final' | 'cleanup'
   * (resumed on the target, the source not yet cleaned up). A group move (quick migration, or a
   * move through the offline action): this VM's step, 'save' | 'shutdown' | 'turnOff' | 'diskMove' |
   * 'restore' | 'boot'.
   */
  readonly phase: string;
  /** Live: the pass running now (1-based) and the limit. */
  readonly pass: number;
  readonly maxPasses: number;
  /** Fraction (0..1) of the current transfer already sent. */
  readonly progress: number;
}

export interface NetworkSnapshot {
  readonly name: string;
  readonly role: NetworkRole;
  readonly metric: number;
  readonly autoMetric: boolean;
  readonly up: boolean;
  /** Port capacity each way, bytes per second. */
  readonly bandwidth: number;
  /** NetFT routes cluster traffic over it between at least one pair of nodes that are up. */
  readonly netft: boolean;
  /** Live migration would use it first between at least one pair of nodes (cluster setting). */
  readonly liveMigration: boolean;
  readonly links: readonly { readonly node: string; readonly up: boolean }[];
  /** What it carries now, bytes per second, by traffic class. */
  readonly traffic: Readonly<Record<TrafficClass, number>>;
}

export type { CsvAccess };

export interface VolumeSnapshot {
  readonly disk: string;
  /** `C:\ClusterStorage\VolumeN`. */
  readonly path: string;
  readonly coordinator: string;
  /** False while no node reaches the disk directly, so no node can coordinate it (every node `noAccess`). */
  readonly online: boolean;
  /** Maintenance mode is on (by hand, or while a chkdsk or defrag runs): every node but the coordinator is redirected. */
  readonly maintenance: boolean;
  /** Redirected access turned on by hand: every node but the coordinator redirected, the VMs running. */
  readonly redirectedAccess: boolean;
  /** Each node's access to the volume, in node order. */
  readonly access: readonly NodeAccess[];
}

export interface NodeAccess {
  readonly node: string;
  readonly state: CsvAccess;
  /** Why it is not direct: 'storagePathLost' | 'maintenance' | 'redirectedAccess' | 'backup' | 'repair' | 'coordinatorMove' | 'nodeDown' | 'nodeJoining'. */
  readonly reason: string | null;
  /**
   * Since when (simulated seconds), for tooltips ("lost its iSCSI path at 00:02:10"); null for a
   * node that has had direct access since the start. A coordinator move's pause does not reset it:
   * a node redirected since 00:02:10 is still "since 00:02:10" once its I/O resumes.
   */
  readonly since: number | null;
  /**
   * Disk I/O the node's running VMs on this volume get now, bytes per second: over its own
   * storage path when `direct`, through the coordinator over the cluster network (NetFT) when
   * `redirected`, 0 when `paused` or `noAccess`. Metadata forwarded to the coordinator is not
   * counted. Set by the engine on every snapshot (optional only for views' hand-made fixtures).
   */
  readonly throughput?: number;
  /** Disk I/O those VMs ask for now (the sum of their workloads' `diskIo`), bytes per second. */
  readonly demand?: number;
  /**
   * Seconds a metadata operation (create, extend, rename, delete a file) forwarded to the
   * coordinator takes there and back over NetFT's network; null when the node forwards none
   * (it is the coordinator, has no running VM on the volume, or has no access).
   */
  readonly metadataRoundTrip?: number | null;
}

export interface DiskSnapshot {
  readonly name: string;
  readonly owner: string | null;
  readonly online: boolean;
  readonly role: 'data' | 'witness';
  readonly vms: readonly string[];
  /**
   * Present when this disk is the quorum's witness: `witness`, one vote besides the nodes' (Node
   * and Disk Majority), or `only`, the only vote (No Majority: Disk Only).
   */
  readonly quorumVote?: 'witness' | 'only';
}
