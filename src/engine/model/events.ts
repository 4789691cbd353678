import type { Time } from '../kernel';
import type { ActionKind } from '../scenario/model';

/**
 * Everything the engine tells the outside world is one of these: a time, a kind, the subject
 * (a VM, node, network, disk or the cluster, by name), and a reason in words or as a token.
 * Views and the report read them; the replay tests compare them byte for byte.
 */
interface Base<K extends string> {
  readonly t: Time;
  readonly kind: K;
  readonly subject: string;
  readonly reason?: string;
}

export type ActionSource = 'timeline' | 'user';

export type SimEvent =
  | (Base<'simulation.started'> & { readonly seed: number })
  | (Base<'simulation.ended'> & { readonly events: number })
  | (Base<'action'> & { readonly action: ActionKind; readonly source: ActionSource })
  | (Base<'action.rejected'> & { readonly action: ActionKind; readonly reason: string })
  | (Base<'network.down'> & { readonly reason: string })
  | (Base<'network.up'> & { readonly reason: string })
  | (Base<'link.down'> & { readonly node: string; readonly network: string; readonly reason: string })
  | (Base<'link.up'> & { readonly node: string; readonly network: string; readonly reason: string })
  | (Base<'netft.route'> & { readonly a: string; readonly b: string; readonly network: string | null })
  | (Base<'node.state'> & { readonly state: NodeStatus; readonly reason: string })
  /**
   * The node's cluster service is `stopping` (stopClusterService: its groups move away), has
   * `stopped` (it leaves the cluster now), or is `starting` again (startClusterService).
   */
  | (Base<'node.clusterService'> & { readonly state: 'stopping' | 'stopped' | 'starting'; readonly reason: string })
  | (Base<'vm.state'> & { readonly state: VmStatus; readonly node: string; readonly reason: string })
  | (Base<'vm.clientsDisconnected'> & { readonly count: number; readonly outage: number; readonly reason: string })
  | (Base<'quorum'> & {
      readonly hasQuorum: boolean;
      readonly reason: string;
      /** The partition with quorum (every node it counts, in file order); empty when none has it. */
      readonly nodes?: readonly string[];
      /** Its votes (or the most any partition has, when none has quorum), out of `totalVotes`. */
      readonly votes?: number;
      readonly totalVotes?: number;
    })
  /** Maintenance of a classic (non-CSV) disk turned on or off by hand: its VMs stay online. */
  | (Base<'disk.maintenance'> & { readonly on: boolean; readonly reason: string; readonly detail: string })
  | CsvEvent
  | MigrationEvent
  | HealthEvent;

/** Heartbeat detection and failover (health/); the subject is the node or the VM. */
type HealthEvent =
  /**
   * The cluster declared the node down: `threshold` heartbeats in a row were missed on every
   * cluster network between it and `by` (the nodes that declared it), the last route lost at `since`.
   */
  /**
   * The VM is isolated on `node` (true: no client network reaches it; it keeps running, its
   * clients time out after tcpTimeout) or reachable again (false). health/clientReach.ts.
   */
  | (Base<'vm.isolated'> & { readonly node: string; readonly isolated: boolean; readonly reason: string })
  | (Base<'node.declaredDown'> & { readonly by: readonly string[]; readonly since: number; readonly missed: number; readonly reason: string })
  /** The VM restarts (crash-consistent) on `to`: it boots for bootTime; `lostBytes` of unflushed writes are lost. */
  | (Base<'failover.started'> & { readonly from: string; readonly to: string; readonly lostBytes: number; readonly reason: string })
  /** The VM runs again on `node` after a failover; `downtime` since it stopped. */
  | (Base<'failover.completed'> & { readonly node: string; readonly downtime: number; readonly reason: string })
  /**
   * The VM cannot be restarted: `final` when its failover threshold is reached (it stays failed),
   * else it stays offline until a node can take it (no node has room, no quorum...).
   */
  | (Base<'failover.failed'> & { readonly from: string; readonly final: boolean; readonly reason: string })
  /** The VM's failback to `to` waits for its failback window, which opens at `at` (simulated seconds). */
  | (Base<'failback.waiting'> & { readonly to: string; readonly at: number; readonly reason: string })
  /**
   * A classic (non-CSV) disk's Physical Disk resource changed state on `node`; the subject is the
   * disk. `reason`: 'storagePathLost' (it failed: its owner lost the storage path), 'restartFailed'
   * (the restart on the same node failed), 'restarted' (online again on the same node),
   * 'failedOver' (online on another node with its group); `detail` says it in a sentence.
   */
  | (Base<'disk.state'> & { readonly online: boolean; readonly node: string; readonly reason: string; readonly detail: string });

/**
 * Cluster Shared Volume events; the subject is the disk. `reason` is a token (the report's and
 * the snapshot's words), `detail` the same in a sentence for people.
 */
type CsvEvent =
  /**
   * A node's access to the volume changed. `reason`: for `redirected`, `paused` and `noAccess`, why
   * ('storagePathLost', 'maintenance', 'redirectedAccess', 'backup', 'repair', 'coordinatorMove', 'nodeDown',
   * 'nodeJoining'); for `direct`, what ended the previous state ('storagePathRestored', 'nodeUp',
   * 'nodeJoined', 'maintenanceEnded', 'redirectedAccessEnded', 'backupEnded', 'repairEnded', 'coordinatorMoved').
   */
  | (Base<'csv.access'> & { readonly node: string; readonly state: CsvAccess; readonly previous: CsvAccess; readonly reason: string; readonly detail: string })
  /**
   * The coordinator role moved to `node`: 'moveCoordinator' (by hand), 'storagePathLost' (the
   * coordinator lost its path), 'nodeDown', or what the caller of StorageManager.moveCoordinator gave.
   */
  | (Base<'csv.coordinator'> & { readonly node: string; readonly previous: string; readonly reason: string; readonly detail: string })
  /** The volume went offline (no node reaches the disk: 'noDirectAccess') or came back ('directAccessRestored'). */
  | (Base<'csv.state'> & { readonly online: boolean; readonly reason: string; readonly detail: string })
  /** Maintenance mode turned on or off; `reason` 'maintenance' (by hand) or 'repair' (for a chkdsk or defrag). */
  | (Base<'csv.maintenance'> & { readonly on: boolean; readonly reason: string; readonly detail: string })
  /** Redirected access turned on or off by hand; `reason` 'redirectedAccess'. */
  | (Base<'csv.redirectedAccess'> & { readonly on: boolean; readonly reason: string; readonly detail: string })
  /** A backup of the volume started, completed, or failed ('volumeOffline'); `duration` as requested, seconds. */
  | (Base<'csv.backup'> & { readonly phase: CsvOperationPhase; readonly duration: number; readonly reason: string; readonly detail: string })
  /** A chkdsk or defrag (Repair-ClusterSharedVolume) started, completed, or failed ('volumeOffline'). */
  | (Base<'csv.repair'> & { readonly task: 'chkdsk' | 'defrag'; readonly phase: CsvOperationPhase; readonly duration: number; readonly reason: string; readonly detail: string })
  /**
   * I/O on the volume pauses and queues on every node ('coordinatorMove'). `node`: the new
   * coordinator; the one that went down while the cluster has yet to pick its successor.
   */
  | (Base<'csv.paused'> & { readonly node: string; readonly reason: string; readonly detail: string })
  /**
   * I/O on the volume resumes ('coordinatorMoved'; 'volumeOffline' if the volume went offline
   * meanwhile). `duration`: seconds it was paused; `queuedIos`: I/Os queued meanwhile.
   */
  | (Base<'csv.resumed'> & { readonly duration: number; readonly queuedIos: number; readonly reason: string; readonly detail: string });

type CsvOperationPhase = 'started' | 'completed' | 'failed';

/** Live and quick migration steps, in the order a 2008 R2 cluster goes through them. */
type MigrationEvent =
  | (Base<'migration.requested'> & { readonly type: 'live' | 'quick'; readonly from: string; readonly to: string })
  | (Base<'migration.queued'> & { readonly reason: string })
  | (Base<'migration.started'> & { readonly type: 'live' | 'quick'; readonly from: string; readonly to: string; readonly network: string | null })
  | (Base<'migration.shellCreated'> & { readonly node: string; readonly memory: number })
  | (Base<'migration.passStarted'> & { readonly index: number; readonly pages: number })
  | (Base<'migration.passEnded'> & { readonly index: number; readonly pages: number; readonly duration: number; readonly dirtiedPages: number })
  | (Base<'migration.suspended'> & { readonly node: string; readonly finalPages: number; readonly stopReason: string })
  /**
   * A group move's step (the requested VM's): taken offline by `save`, `shutdown` or `turnOff`; a
   * classic disk `diskOffline` on the source, `diskOnline` on the target; back online by `restore`
   * (after a save) or `boot` (after a shutdown or a turn-off).
   */
  | (Base<'migration.phase'> & { readonly phase: 'save' | 'shutdown' | 'turnOff' | 'diskOffline' | 'diskOnline' | 'restore' | 'boot'; readonly node: string })
  | (Base<'migration.resumed'> & { readonly node: string; readonly blackout: number })
  | (Base<'migration.arp'> & { readonly node: string })
  | (Base<'migration.completed'> & { readonly type: 'live' | 'quick'; readonly to: string })
  | (Base<'migration.failed'> & { readonly type: 'live' | 'quick'; readonly reason: string });

/** An event as a module logs it; the log stamps it with the simulated time. */
export type EventInput = DistributiveOmit<SimEvent, 't'>;

/** Logs an event stamped with the current simulated time. */
export type Emit = (event: EventInput) => void;

/** Omit that keeps a union a union (the built-in Omit flattens it). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A node's access to a Cluster Shared Volume, as views show it (see storage/csvAccess.ts). */
export type CsvAccess = 'direct' | 'redirected' | 'paused' | 'noAccess';

/** Node states as Failover Cluster Manager shows them. */
export type NodeStatus = 'up' | 'paused' | 'down' | 'joining';

/**
 * Why a node is down: it `crashed` (the computer stopped), its cluster service stopped by itself
 * because its partition lost quorum (`quorumLost`: it rejoins by itself), or an administrator
 * stopped its cluster service (`serviceStopped`: it stays out until the service is started).
 */
export type NodeDownCause = 'crashed' | 'quorumLost' | 'serviceStopped';

/** VM states; `migrating` is a running VM with a live migration in progress. */
export type VmStatus = 'running' | 'off' | 'saved' | 'saving' | 'restoring' | 'suspended' | 'failed' | 'booting';
