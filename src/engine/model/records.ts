import type { OfflineAction, Scenario } from '../scenario/model';

/**
 * What the report needs that the event log holds only in pieces: one record per migration,
 * failover, volume and quorum change, kept up to date by the modules as the run goes. Field
 * names and units (seconds, bytes) are those of the report in docs/scenario-format.md.
 */
export interface PassRecord {
  index: number;
  pages: number;
  bytes: number;
  duration: number;
  dirtiedPages: number;
}

export type StopReason = 'converged' | 'maxPasses' | 'notConverging';

/** Why a VM was moved (a migration record's `cause`). */
export type MigrationCause = 'request' | 'drain' | 'failback' | 'stopClusterService';

export interface MigrationRecord {
  vm: string;
  type: 'live' | 'quick';
  from: string;
  to: string;
  network: string | null;
  requestedAt: number;
  startedAt: number | null;
  completedAt: number | null;
  outcome: 'completed' | 'failed' | 'queued' | 'running';
  reason: string | null;
  passes: PassRecord[];
  stopReason: StopReason | null;
  finalPages: number;
  blackout: number | null;
  /**
   * Live migration only: seconds from `startedAt` to the start of pass 1 (the configuration sent,
   * the shell VM created and its memory allocated on the target). Null for a quick migration and
   * until pass 1 starts.
   */
  setup: number | null;
  /**
   * Live migration only: seconds from the resume on the target to `completedAt` (the group handed
   * over, the source's copy torn down). Null for a quick migration and until the migration
   * completes. `completedAt - startedAt = setup + the passes' durations + blackout + cleanup`.
   */
  cleanup: number | null;
  clientsDisconnected: number;
  movedWith: string[];
  /**
   * Live migration only: pages whose copy on the target was missing or stale at resume, from
   * the dirty-bitmap bookkeeping. Always 0 for a completed migration; null otherwise.
   */
  lostPages: number | null;
  /**
   * Why the cluster moved it: `request` (a `liveMigrate` or `quickMigrate` by hand or in the
   * timeline), `drain` (a node drained), `failback` (back to its preferred owner), or
   * `stopClusterService` (its node's cluster service was stopped).
   */
  cause: MigrationCause;
  /**
   * A group move (`type` "quick") only: how the requested VM was taken offline: always `save`
   * for a quick migration (`quickMigrate`); its own offline action for a move by the cluster
   * (failback, stopping the cluster service). Null for a live migration.
   */
  offlineAction: OfflineAction | null;
  /** Unflushed writes the requested VM lost when it was turned off for the move (offline action Turn off); else 0. */
  lostBytes: number;
  /**
   * A failed migration only: the node its VM was on when it failed: the source, or the target for
   * a quick migration that failed after the disk changed owner. The cluster may move it on from
   * there (a failover). Absent otherwise.
   */
  leftOn?: string;
}

export interface FailoverRecord {
  vm: string;
  from: string;
  to: string | null;
  failedAt: number;
  detectedAt: number | null;
  onlineAt: number | null;
  downtime: number | null;
  lostBytes: number;
  reason: string | null;
  /**
   * Why the VM stopped: its node crashed, its node's partition lost quorum, or a quick migration
   * failed after its save because a node it depended on went down (the group fails over), or its
   * classic disk failed (its node lost the storage path; the group is restarted or failed over).
   */
  cause?: 'nodeCrashed' | 'quorumLost' | 'moveFailed' | 'diskFailed';
}

/**
 * A VM the cluster took offline through its offline action (maintenance of its CSV, a repair, its
 * node's cluster service stopping with no node to take it) and brought back (or not). Seconds from the start of the run, bytes.
 */
export interface OfflineRecord {
  vm: string;
  node: string;
  disk: string;
  /**
   * `maintenance` by hand, `repair` (Repair-ClusterSharedVolume turns maintenance on), or
   * `clusterServiceStopped` (its node's cluster service stopped and no other node could take it:
   * it stays offline until it is started by hand).
   */
  cause: 'maintenance' | 'repair' | 'clusterServiceStopped';
  action: OfflineAction;
  /** When the cluster began taking it offline: its outage starts here. */
  startedAt: number;
  /** When it was saved, shut down or turned off; null if it never got there. */
  offlineAt: number | null;
  /** When it ran again; null if not by the end of the run. */
  onlineAt: number | null;
  /** startedAt to onlineAt; null while it has not come back (vms[].downtime counts it to the end). */
  downtime: number | null;
  /** Clients disconnected when it came back (the outage was longer than tcpTimeout). */
  clientsDisconnected: number;
  /** Turn off only: unflushed writes lost, as a crash loses them. */
  lostBytes: number;
  /** What went otherwise (a save without its own path turned off instead, no return...), or null. */
  reason: string | null;
}

/**
 * A VM isolated on a node that no client network reaches (health/clientReach.ts): it kept running,
 * its clients could not reach it. Seconds from the start of the run.
 */
export interface IsolationRecord {
  vm: string;
  node: string;
  /** Why its clients could not reach it: its node lost every client network. */
  cause: 'clientNetworkLost';
  /** When it began: its node lost its last client network, or the VM arrived there. */
  from: number;
  /** When it ended (reachable again, moved, or stopped); null while it goes on. */
  to: number | null;
  /** Client connections lost: all of them once it lasted longer than `tcpTimeout`, else 0. */
  clientsDisconnected: number;
  /** When they were lost (`from` + `tcpTimeout`, or later), or null. */
  disconnectedAt: number | null;
  /** Which client networks it lost and how, in words. */
  reason: string;
}

export interface IntervalRecord {
  node?: string;
  from: number;
  to: number | null;
  reason: string;
  queuedIos?: number;
}

export interface VolumeRecord {
  disk: string;
  path: string;
  /** The coordinator node now (at the end of the run, in the report). */
  coordinator: string;
  /** Per node: intervals of redirected access; `to` is null while still redirected. */
  redirected: IntervalRecord[];
  paused: IntervalRecord[];
  /**
   * Per node: intervals with neither direct nor redirected access while the node was a cluster
   * member (its storage path lost and no way to a coordinator with access, e.g. the whole storage
   * network down). A node that is down is not listed: that is the node's story, not the volume's.
   */
  noAccess: IntervalRecord[];
  /**
   * Per node, in node order: the VM disk I/O it did on the volume over the run (the storage
   * module brings these up to date when the report is built).
   */
  nodes: VolumeNodeRecord[];
}

/** One node's disk I/O on one CSV over the run. Bytes, seconds, bytes per second. */
export interface VolumeNodeRecord {
  node: string;
  /** VM disk I/O sent over the node's own storage path (direct access). */
  directBytes: number;
  /** VM disk I/O sent through the coordinator over the cluster network (redirected access). */
  redirectedBytes: number;
  /** What the node's running VMs asked for (their `diskIo`, integrated over time). */
  demandBytes: number;
  /** Seconds during which the node had running VMs with disk I/O on the volume. */
  ioTime: number;
  /** (directBytes + redirectedBytes) / ioTime; 0 when the node never had I/O on the volume. */
  meanThroughput: number;
  /** Metadata operations forwarded to the coordinator over the cluster network. */
  metadataOps: number;
}

export interface QuorumRecord {
  at: number;
  /** True when some partition of the cluster has quorum (at most one can). */
  hasQuorum: boolean;
  reason?: string;
  /** The nodes of the partition with quorum (empty when none has it). */
  nodes?: string[];
  /** Its votes (or the most any partition has), out of `totalVotes`. */
  votes?: number;
  totalVotes?: number;
  /**
   * The witness (Node and Disk Majority, Node and File Share Majority, Disk Only) in words and the
   * nodes of the partition holding its vote ([] when none does); null for Node Majority.
   */
  witness?: { name: string; heldBy: string[] } | null;
}

export interface Records {
  migrations: MigrationRecord[];
  failovers: FailoverRecord[];
  volumes: VolumeRecord[];
  quorum: QuorumRecord[];
  offlines: OfflineRecord[];
  isolations: IsolationRecord[];
}

export function createRecords(scenario: Scenario): Records {
  return {
    migrations: [],
    failovers: [],
    volumes: scenario.disks
      .filter((d) => d.csv)
      .map((d) => ({
        disk: d.name,
        path: d.volumePath ?? '',
        coordinator: d.coordinator ?? '',
        redirected: [],
        paused: [],
        noAccess: [],
        nodes: scenario.nodes.map((n) => ({ node: n.name, directBytes: 0, redirectedBytes: 0, demandBytes: 0, ioTime: 0, meanThroughput: 0, metadataOps: 0 })),
      })),
    // Every node starts up, so a cluster that loaded (at least one node) starts with quorum.
    quorum: [{ at: 0, hasQuorum: true }],
    offlines: [],
    isolations: [],
  };
}
