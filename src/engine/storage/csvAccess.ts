/**
 * Each Cluster Shared Volume's access, node by node, as the run goes (the article's "How CSVs
 * Work"), and what changes it: paths lost and regained, maintenance mode, backups, repairs and
 * coordinator moves.
 *
 * - `direct`: the node reaches the disk over its own storage path (its iSCSI link, or the fabric)
 *   and does its I/O there; only metadata goes to the coordinator.
 * - `redirected`: the node's I/O goes "over the network via the coordinator node using the
 *   cluster network": it needs a cluster network (role `cluster` or `clusterAndClient`) that is up
 *   between it and the coordinator, and the coordinator needs direct access. Why:
 *   `storagePathLost` (the node lost its own path), or, for a node that still has its path,
 *   `repair` (a chkdsk or defrag runs in maintenance mode), `maintenance` (maintenance mode turned
 *   on by hand; its VMs are offline meanwhile), `redirectedAccess` (redirected access turned on by
 *   hand; the VMs keep running) or `backup` (a backup runs): in those modes only the coordinator touches the disk.
 *   The coordinator itself always has direct access.
 * - `paused` (`coordinatorMove`): the coordinator role is moving; "the I/O is queued at each
 *   node" until the new coordinator has mounted the volume. Every node that had access (direct or
 *   redirected) is paused, the new coordinator included; while a dead coordinator awaits its
 *   replacement (deferred failover, below), every member node is.
 * - `noAccess`: none of these. `nodeDown` (or `nodeJoining`) for a node that is not a cluster
 *   member; otherwise the reason it would be redirected, for a member that has no way to a
 *   coordinator with access (no cluster network to it, or no node at all reaches the disk).
 *
 * The coordinator. A move by hand (`moveCoordinator`) or by another module (failover, 7/8) goes
 * through {@link CsvAccessTracker.moveCoordinator}. When the coordinator loses direct access (its
 * path is lost, or its node went down) the role moves at once to the first node, in file order,
 * that has direct access. Either way the role changes at once and I/O pauses on every node for
 * the mount on the new coordinator (constants.ts: 0.3 s, plus 0.1 s to dismount when the old
 * coordinator can still flush, i.e. a move by hand), then resumes; the report's `paused` interval
 * gives the pause and the I/Os that queued meanwhile. The role does not move back when the old
 * coordinator recovers (a real cluster does not either). With `coordinatorFailover = 'deferred'`
 * (what the composition root asks for, since the health module detects a dead node by heartbeats)
 * a coordinator whose node goes down is not replaced at once: I/O pauses on every node from the
 * crash until that module calls moveCoordinator (or the node comes back), so the pause covers
 * detection and the mount.
 *
 * No node with direct access (the whole storage network down, or every node with a path down):
 * the role cannot move anywhere, so it stays where it is and the volume goes offline
 * ('csv.state', `online: false`, the disk's `online` flag): every member node is `noAccess` with
 * `storagePathLost`, since redirected I/O through a coordinator that cannot reach the disk itself
 * goes nowhere. A pause, a backup or a repair in progress ends then (the last two fail). As soon
 * as one node reaches the disk again the coordinator moves there if needed (with its pause), the
 * volume comes back online, and the other nodes go back to direct or redirected access.
 *
 * Everything is recomputed at the instant of every network or link transition, node status
 * change and storage action, in that same instant, and every volume is up to date (and the I/O
 * model's flows re-routed) before the first event about it is logged. Order in the log: after the
 * 'link.down'/'network.down' or 'action' that caused them, but before the 'node.state' of a node
 * going down or up (like the VMs a crash stops), so that the invariants hold at every logged
 * event; per volume: announcements ('csv.maintenance', 'csv.backup', 'csv.repair',
 * 'csv.resumed'), then 'csv.coordinator', 'csv.paused', 'csv.state', then one 'csv.access' per
 * node whose shown state changed.
 *
 * Report records: `redirected` and `noAccess` intervals per node follow the node's state as it
 * would be without a pause (a node redirected from 180 s to 300 s stays one interval even if a
 * coordinator move paused it in between; `to` null while open, and still null at the end of the
 * run if it never closed); `paused` has one interval per pause with its queued I/Os; `coordinator`
 * is the coordinator now. The state at load time is the configuration, not a change: it logs
 * nothing, and a node that starts without direct access (not attached to the storage network)
 * has an interval from 0.
 */
import { Priority, Signal, type EventHandle, type Hook } from '../kernel';
import { ActionRejected } from '../model/actionRejected';
import type { DiskRuntime, NodeRuntime } from '../model/clusterState';
import type { CsvAccess, DistributiveOmit, SimEvent } from '../model/events';
import type { NodeLifecycle } from '../model/nodeLifecycle';
import type { IntervalRecord, VolumeRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import { byMetric, isClusterEnabled } from '../network/order';
import { FABRIC_NETWORK } from '../network/topology';
import { FABRIC, type NetworkSpec } from '../scenario/model';
import type { NodeAccess } from '../snapshot';
import { CSV_DISMOUNT_TIME, CSV_IO_SIZE, CSV_MOUNT_TIME } from './constants';
import type { QueuedIo } from './csvIoGroups';

/** A CSV event before the simulation stamps its time. */
type CsvEvent = DistributiveOmit<Extract<SimEvent, { kind: `csv.${string}` }>, 't'>;

/** Why a node's access is not direct. */
export type CsvAccessReason = 'storagePathLost' | 'nodeDown' | 'nodeJoining' | 'maintenance' | 'redirectedAccess' | 'backup' | 'repair' | 'coordinatorMove';

/** What makes every node but the coordinator use redirected access, strongest first. */
export type CsvMode = 'repair' | 'maintenance' | 'redirectedAccess' | 'backup';

export type RepairTask = 'chkdsk' | 'defrag';

/**
 * What a coordinator whose node goes down does: 'immediate' (the default, while nothing detects
 * node failures): the role moves at the instant of the crash; 'deferred': I/O pauses until
 * someone (the failover module, once it has detected the failure) calls moveCoordinator.
 */
export type CoordinatorFailover = 'immediate' | 'deferred';

/** One node's access to one volume changed (told after the 'csv.access' event is logged). */
export interface CsvAccessChange {
  readonly disk: string;
  readonly node: string;
  readonly from: NodeAccess;
  readonly to: NodeAccess;
}

export type CsvAccessListener = (change: CsvAccessChange) => void;

/**
 * What views, the invariant checks and the disk I/O model (csvIo.ts) read of the tracker: questions
 * only, and the hook the I/O model follows.
 */
export interface CsvAccessView {
  /** The names of the CSVs, in file order. */
  readonly disks: readonly string[];
  isCsv(disk: string): boolean;
  access(disk: string): NodeAccess[];
  accessOf(disk: string, node: string): NodeAccess;
  canAccess(disk: string, node: string): boolean;
  coordinator(disk: string): string;
  isOnline(disk: string): boolean;
  inMaintenance(disk: string): boolean;
  inRedirectedAccess(disk: string): boolean;
  mode(disk: string): CsvMode | null;
  repairTask(disk: string): RepairTask | null;
  isBackingUp(disk: string): boolean;
  isPaused(disk: string): boolean;
  isAwaitingCoordinator(disk: string): boolean;
  pickCoordinator(disk: string, exclude?: string | null): string | null;
  /**
   * Told once per pass of changes, after they are applied and before they are logged: the I/O
   * model re-routes every VM's I/O then, so every logged event sees flows that match the access.
   */
  readonly onApplied: Hook<[]>;
  /**
   * Told when a volume's maintenance (by hand, or for a repair) turns on or off, once the change
   * is logged: the cluster takes the VMs on the volume offline, and brings them back (vm/clusterOffline.ts).
   */
  readonly onMaintenance: Hook<[disk: string, on: boolean, reason: 'maintenance' | 'repair']>;
}

interface Entry {
  readonly node: string;
  /** What views see. */
  state: CsvAccess;
  reason: string | null;
  since: number | null;
  /** The state as it would be without a pause; the report's intervals follow it. */
  baseState: CsvAccess;
  baseReason: string | null;
  baseSince: number | null;
  /** The report interval the base state has open (redirected or noAccess), if any. */
  interval: IntervalRecord | null;
}

interface Pause {
  readonly from: number;
  readonly record: IntervalRecord;
  /** queuedBytes(disk) when the pause began. */
  readonly mark: number;
  /** The end of the mount on the new coordinator; null while awaiting a move (deferred failover). */
  end: EventHandle | null;
  /** Ends the run's activity for a timed pause. */
  done: (() => void) | null;
}

interface Operation {
  readonly duration: number;
  readonly timer: EventHandle;
  readonly done: () => void;
}

interface Volume {
  readonly disk: DiskRuntime;
  readonly record: VolumeRecord;
  /** One entry per node, in file order. */
  readonly entries: Entry[];
  /** Maintenance mode turned on by hand. */
  maintenance: boolean;
  /** Redirected access turned on by hand ("Turn on redirected access", Suspend-ClusterResource -RedirectedAccess). */
  redirectedAccess: boolean;
  backup: Operation | null;
  repair: (Operation & { readonly task: RepairTask }) | null;
  pause: Pause | null;
  /** A move asked for and not yet applied (by the next update). */
  move: { readonly to: string; readonly reason: string; readonly detail: string | null } | null;
  /** Why the pause ends at the next update, if it does. */
  ending: string | null;
  /** Events to log first at the next update (the start or end of an operation). */
  pending: CsvEvent[];
}

interface Next {
  readonly state: CsvAccess;
  readonly reason: string | null;
  readonly detail: string;
}

/** Tracks every CSV's per-node access, its coordinator and its modes. Reach it as `sim.csvAccess`. */
export class CsvAccessTracker implements CsvAccessView {
  private readonly volumes = new Map<string, Volume>();
  private readonly nodes: readonly NodeRuntime[];
  /** Networks redirected I/O may take to the coordinator: cluster-enabled, NetFT's order. */
  private readonly clusterNetworks: readonly NetworkSpec[];
  private readonly listeners: CsvAccessListener[] = [];
  private readonly applied = new Signal<[]>();
  readonly onApplied: Hook<[]> = this.applied;
  private readonly maintenanceChanged = new Signal<[disk: string, on: boolean, reason: 'maintenance' | 'repair']>();
  readonly onMaintenance: Hook<[disk: string, on: boolean, reason: 'maintenance' | 'repair']> = this.maintenanceChanged;
  private updating = false;
  private again = false;

  /**
   * `queued`: the I/O queued on each volume (csvIoGroups.ts), for the pauses' figures.
   * `coordinatorFailover`: see {@link CoordinatorFailover}; tests of this model alone may change it.
   */
  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'records' | 'scenario' | 'state'>,
    nodes: Pick<NodeLifecycle, 'onStatusChange'>,
    private readonly queued: QueuedIo,
    public coordinatorFailover: CoordinatorFailover,
  ) {
    this.nodes = [...ctx.state.nodes.values()];
    this.clusterNetworks = byMetric(ctx.scenario.networks.filter(isClusterEnabled));
    for (const record of ctx.records.volumes) {
      const disk = ctx.state.disk(record.disk);
      const entries = this.nodes.map(
        (n): Entry => ({ node: n.name, state: 'direct', reason: null, since: null, baseState: 'direct', baseReason: null, baseSince: null, interval: null }),
      );
      this.volumes.set(disk.name, { disk, record, entries, maintenance: false, redirectedAccess: false, backup: null, repair: null, pause: null, move: null, ending: null, pending: [] });
    }
    this.update(true);
    ctx.network.onChange(() => this.update());
    nodes.onStatusChange.connect(() => this.update());
  }

  // ---- questions -------------------------------------------------------------------------------

  /** The names of the CSVs, in file order. */
  get disks(): string[] {
    return [...this.volumes.keys()];
  }

  /** True when `disk` is a Cluster Shared Volume. */
  isCsv(disk: string): boolean {
    return this.volumes.has(disk);
  }

  /** Each node's access to `disk` now, in node (file) order. */
  access(disk: string): NodeAccess[] {
    return this.volume(disk).entries.map(view);
  }

  /** One node's access to `disk` now. */
  accessOf(disk: string, node: string): NodeAccess {
    const entry = this.volume(disk).entries.find((e) => e.node === node);
    if (!entry) throw new Error(`no node named "${node}"`);
    return view(entry);
  }

  /** True when `node` can do I/O on `disk` now, directly or redirected (or will once a pause ends). */
  canAccess(disk: string, node: string): boolean {
    const state = this.accessOf(disk, node).state;
    return state === 'direct' || state === 'redirected' || state === 'paused';
  }

  /** The coordinator node of `disk` now. */
  coordinator(disk: string): string {
    return this.volume(disk).record.coordinator;
  }

  /** False while no node reaches the disk directly (so nobody can coordinate it). */
  isOnline(disk: string): boolean {
    return this.volume(disk).disk.online;
  }

  /** Maintenance mode is on: by hand, or while a chkdsk or defrag runs. */
  inMaintenance(disk: string): boolean {
    const v = this.volume(disk);
    return v.maintenance || v.repair !== null;
  }

  /** Redirected access is on by hand. */
  inRedirectedAccess(disk: string): boolean {
    return this.volume(disk).redirectedAccess;
  }

  /** Why every node but the coordinator is redirected now, or null (no maintenance, backup or repair). */
  mode(disk: string): CsvMode | null {
    return modeOf(this.volume(disk));
  }

  /** The repair task running now, or null. */
  repairTask(disk: string): RepairTask | null {
    return this.volume(disk).repair?.task ?? null;
  }

  isBackingUp(disk: string): boolean {
    return this.volume(disk).backup !== null;
  }

  /** True while I/O on `disk` is paused for a coordinator move. */
  isPaused(disk: string): boolean {
    return this.volume(disk).pause !== null;
  }

  /** True while a pause waits for someone to move the role (deferred failover; no end scheduled yet). */
  isAwaitingCoordinator(disk: string): boolean {
    const pause = this.volume(disk).pause;
    return pause !== null && pause.end === null;
  }

  /**
   * The node the cluster would make coordinator now: the first member node, in file order, with
   * direct access to `disk` (preferring none; never `exclude`, a node about to leave), or null
   * when no node reaches it.
   */
  pickCoordinator(disk: string, exclude: string | null = null): string | null {
    const volume = this.volume(disk);
    for (const n of this.nodes) if (n.isMember && n.name !== exclude && this.ctx.network.whyCannotReachStorage(n.name, volume.disk.name) === null) return n.name;
    return null;
  }

  /** Subscribes to per-node access changes; returns the function that unsubscribes. */
  onChange(listener: CsvAccessListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // ---- actions ---------------------------------------------------------------------------------

  /**
   * Moves the coordinator role of CSV `disk` to node `to` now. The role changes at once; I/O
   * pauses and queues on every node for the move (the dismount on the old coordinator, if it is
   * still a member with direct access, plus the mount on the new one), then resumes. `reason` is
   * the 'csv.coordinator' event's token ('moveCoordinator' by hand; the failover module passes
   * 'nodeDown'); `detail` replaces its sentence.
   *
   * Throws ActionRejected when the cluster refuses: not a CSV, `to` unknown, not a member, already
   * the coordinator, without direct access to the disk, or a move already in progress (a pause
   * that awaits a move, with deferred failover, is not one: that is what this call is for).
   */
  moveCoordinator(disk: string, to: string, reason = 'moveCoordinator', detail: string | null = null): void {
    const volume = this.csv(disk);
    this.checkMove(volume, to);
    volume.move = { to, reason, detail };
    this.update();
  }

  /** Throws ActionRejected when the coordinator role of `volume` cannot move to `to` now. */
  private checkMove(volume: Volume, to: string): void {
    const disk = volume.disk.name;
    const node = this.ctx.state.nodes.get(to);
    if (!node) throw new ActionRejected(`no node named "${to}"`);
    if (!node.isMember) throw new ActionRejected(`${to} is ${node.status}: only a cluster member can coordinate ${disk}`);
    if (volume.record.coordinator === to) throw new ActionRejected(`${to} is already the coordinator node of ${disk}`);
    const why = this.ctx.network.whyCannotReachStorage(to, disk);
    if (why !== null) throw new ActionRejected(`${to} has no direct access to ${disk} (${this.describePath(why)}): only a node with direct access can coordinate it`);
    if (volume.pause?.end) throw new ActionRejected(`the coordinator of ${disk} is already moving (to ${volume.record.coordinator})`);
  }

  /**
   * Before an operation that runs on `node` (a backup, Repair-ClusterSharedVolume): the volume is
   * moved to it first, unless it is the coordinator already (or none is named). Checked before
   * anything changes; applied by the operation's update.
   */
  private moveForOperation(volume: Volume, node: string | null, what: string): void {
    if (node === null || node === volume.record.coordinator) return;
    this.checkMove(volume, node);
    volume.move = { to: node, reason: what, detail: `${what === 'backup' ? 'the backup' : `the ${what}`} runs on ${node}: the coordinator role of ${volume.disk.name} moves there first, and stays` };
  }

  /**
   * Maintenance on or off by hand (Suspend-ClusterResource / Resume-ClusterResource). While on,
   * only the coordinator uses the disk; the VMs on the volume are taken offline (told through
   * onMaintenance, after this is logged) and brought back when it turns off. Throws
   * ActionRejected when refused.
   */
  setMaintenance(disk: string, on: boolean): void {
    const volume = this.csv(disk);
    if (on) {
      if (volume.maintenance) throw new ActionRejected(`${disk} is already in maintenance mode`);
      if (volume.repair) throw new ActionRejected(`${disk} is already in maintenance mode for its ${volume.repair.task}`);
      this.requireOnline(volume, 'maintenance mode');
    } else {
      if (volume.repair) throw new ActionRejected(`a ${volume.repair.task} is running on ${disk}: maintenance mode turns off when it ends`);
      if (!volume.maintenance) throw new ActionRejected(`${disk} is not in maintenance mode`);
    }
    volume.maintenance = on;
    const coordinator = volume.record.coordinator;
    volume.pending.push({
      kind: 'csv.maintenance',
      subject: disk,
      on,
      reason: 'maintenance',
      detail: on
        ? `maintenance mode is on: the VMs on ${disk} go offline (their offline action) and only the coordinator ${coordinator} uses the disk`
        : `maintenance mode is off: nodes with a storage path use ${disk} directly again and its VMs come back`,
    });
    this.update();
    this.maintenanceChanged.emit(disk, on, 'maintenance');
  }

  /**
   * Redirected access on or off by hand ("Turn on redirected access for this Cluster shared
   * volume", Suspend-ClusterResource -RedirectedAccess): every node but the coordinator sends its
   * I/O through the coordinator; the VMs keep running. Throws ActionRejected when refused.
   */
  setRedirectedAccess(disk: string, on: boolean): void {
    const volume = this.csv(disk);
    if (on) {
      if (volume.redirectedAccess) throw new ActionRejected(`${disk} is already in redirected access`);
      this.requireOnline(volume, 'redirected access');
    } else if (!volume.redirectedAccess) {
      throw new ActionRejected(`redirected access is not on for ${disk}`);
    }
    volume.redirectedAccess = on;
    const coordinator = volume.record.coordinator;
    volume.pending.push({
      kind: 'csv.redirectedAccess',
      subject: disk,
      on,
      reason: 'redirectedAccess',
      detail: on
        ? `redirected access is on: every node but the coordinator ${coordinator} sends its I/O for ${disk} through it; the VMs keep running`
        : `redirected access is off: nodes with a storage path use ${disk} directly again`,
    });
    this.update();
  }

  /**
   * A backup of `disk` for `duration` seconds: every node but the coordinator uses redirected
   * access meanwhile. It keeps the run going until it ends. Throws ActionRejected when refused.
   */
  startBackup(disk: string, duration: number, node: string | null = null): void {
    const volume = this.csv(disk);
    if (volume.backup) throw new ActionRejected(`a backup of ${disk} is already running`);
    this.requireOnline(volume, 'a backup');
    // ClusterPrepareSharedVolumeForBackup (2008 R2) mounts the CSV locally and pins it to the backup node.
    this.moveForOperation(volume, node, 'backup');
    const done = this.ctx.activities.begin(`backup of ${disk}`);
    const timer = this.ctx.kernel.after(duration, () => this.endBackup(volume), `backup of ${disk} ends`);
    volume.backup = { duration, timer, done };
    volume.pending.push({
      kind: 'csv.backup',
      subject: disk,
      phase: 'started',
      duration,
      reason: 'backup',
      detail: `a backup of ${disk} starts: redirected access on every node but the coordinator ${volume.move?.to ?? volume.record.coordinator} while it runs`,
    });
    this.update();
  }

  /**
   * Repair-ClusterSharedVolume: turns maintenance mode on, runs `task` for `duration` seconds,
   * and turns it off again (unless it was on by hand before). Throws ActionRejected when refused.
   */
  startRepair(disk: string, task: RepairTask, duration: number, node: string | null = null): void {
    const volume = this.csv(disk);
    if (volume.repair) throw new ActionRejected(`a ${volume.repair.task} is already running on ${disk}`);
    this.requireOnline(volume, `a ${task}`);
    // Repair-ClusterSharedVolume moves the volume to the node running the cmdlet.
    this.moveForOperation(volume, node, 'repair');
    const done = this.ctx.activities.begin(`${task} of ${disk}`);
    const timer = this.ctx.kernel.after(duration, () => this.endRepair(volume), `${task} of ${disk} ends`);
    if (!volume.maintenance) {
      volume.pending.push({ kind: 'csv.maintenance', subject: disk, on: true, reason: 'repair', detail: `maintenance mode is on for a ${task}: its VMs go offline, only the coordinator ${volume.move?.to ?? volume.record.coordinator} uses the disk` });
    }
    volume.repair = { task, duration, timer, done };
    volume.pending.push({ kind: 'csv.repair', subject: disk, task, phase: 'started', duration, reason: 'repair', detail: `${task} starts on ${disk}, on the coordinator ${volume.move?.to ?? volume.record.coordinator}` });
    this.update();
    if (!volume.maintenance) this.maintenanceChanged.emit(disk, true, 'repair');
  }

  private endBackup(volume: Volume): void {
    const backup = volume.backup;
    if (!backup) return;
    volume.backup = null;
    backup.done();
    volume.pending.push({ kind: 'csv.backup', subject: volume.disk.name, phase: 'completed', duration: backup.duration, reason: 'backup', detail: `the backup of ${volume.disk.name} is done` });
    this.update();
  }

  private endRepair(volume: Volume): void {
    const repair = volume.repair;
    if (!repair) return;
    volume.repair = null;
    repair.done();
    const disk = volume.disk.name;
    volume.pending.push({ kind: 'csv.repair', subject: disk, task: repair.task, phase: 'completed', duration: repair.duration, reason: 'repair', detail: `${repair.task} of ${disk} is done` });
    if (!volume.maintenance) volume.pending.push({ kind: 'csv.maintenance', subject: disk, on: false, reason: 'repair', detail: `the ${repair.task} is done: maintenance mode is off again` });
    this.update();
    if (!volume.maintenance) this.maintenanceChanged.emit(disk, false, 'repair');
  }

  private csv(disk: string): Volume {
    const volume = this.volumes.get(disk);
    if (volume) return volume;
    if (this.ctx.state.disks.has(disk)) throw new ActionRejected(`${disk} is a classic cluster disk, not a Cluster Shared Volume`);
    throw new ActionRejected(`no disk named "${disk}"`);
  }

  private requireOnline(volume: Volume, what: string): void {
    if (!volume.disk.online) throw new ActionRejected(`${volume.disk.name} is offline (no node reaches it): ${what} needs the volume online`);
  }

  // ---- recomputation ---------------------------------------------------------------------------

  /**
   * Recomputes every volume's coordinator, pause and per-node access now and logs each change.
   * Runs by itself on network and node changes and on every storage action; other modules may
   * call it after changing what access depends on. Every volume is brought up to date, and the
   * I/O model told, before the first event is logged, so each event shows a consistent cluster.
   * Re-entrant calls (a listener that changes the cluster) are folded into one more pass.
   */
  update(initial = false): void {
    if (this.updating) {
      this.again = true;
      return;
    }
    this.updating = true;
    try {
      do {
        this.again = false;
        const events: CsvEvent[] = [];
        const changes: CsvAccessChange[] = [];
        for (const volume of this.volumes.values()) this.updateVolume(volume, events, changes, initial);
        if (initial) continue;
        this.applied.emit();
        for (const event of events) this.ctx.emit(event);
        for (const change of changes) for (const listener of [...this.listeners]) listener(change);
      } while (this.again);
    } finally {
      this.updating = false;
    }
  }

  /** Applies the volume's new state; pushes the events that tell of it, in the order they happen. */
  private updateVolume(volume: Volume, events: CsvEvent[], changes: CsvAccessChange[], initial: boolean): void {
    const ctx = this.ctx;
    const { disk, record } = volume;
    events.push(...volume.pending);
    volume.pending = [];
    const direct = this.nodes.map((n) => n.isMember && ctx.network.whyCannotReachStorage(n.name, disk.name) === null);
    const indexOf = (name: string): number => this.nodes.findIndex((n) => n.name === name);

    if (volume.ending !== null) {
      if (volume.pause) this.endPause(volume, events, volume.ending);
      volume.ending = null;
    }
    if (volume.move) {
      const { to, reason, detail } = volume.move;
      volume.move = null;
      if (direct[indexOf(to)] && to !== record.coordinator) this.moveRole(volume, events, direct, to, reason, detail);
    }
    const at = indexOf(record.coordinator);
    if (!direct[at]) {
      const old = this.nodes[at] as NodeRuntime | undefined;
      const down = old === undefined || !old.isMember;
      const next = direct.indexOf(true);
      if (next >= 0 && down && this.coordinatorFailover === 'deferred') {
        if (!volume.pause || volume.pause.end !== null) this.startPause(volume, events, null, `the coordinator ${record.coordinator} is down: I/O to ${disk.name} queues on every node until the cluster moves the role`);
      } else if (next >= 0) {
        const why = down ? `${record.coordinator} is down` : `${record.coordinator} lost its storage path to ${disk.name} (${this.whyNoPath(volume, record.coordinator)})`;
        this.moveRole(volume, events, direct, this.nodes[next].name, down ? 'nodeDown' : 'storagePathLost', `${why}: the coordinator role moves to ${this.nodes[next].name}, the first node with direct access`);
      }
    } else if (volume.pause && volume.pause.end === null) {
      // Awaiting a move, but the coordinator is back: nothing left to wait for.
      this.endPause(volume, events, 'coordinatorBack');
    }

    const coordinatorDirect = direct[indexOf(record.coordinator)] === true;
    const awaiting = volume.pause !== null && volume.pause.end === null;
    const online = coordinatorDirect || (awaiting && direct.includes(true));
    if (online !== disk.online) {
      disk.online = online;
      events.push(
        online
          ? { kind: 'csv.state', subject: disk.name, online, reason: 'directAccessRestored', detail: `${record.coordinator} reaches ${disk.name} again: the volume is online, coordinated by ${record.coordinator}` }
          : { kind: 'csv.state', subject: disk.name, online, reason: 'noDirectAccess', detail: `no node reaches ${disk.name} directly, so none can coordinate it: the volume is offline` },
      );
    }
    if (!online) this.offline(volume, events);

    this.nodes.forEach((node, i) => {
      const entry = volume.entries[i];
      const base = this.accessNow(volume, node, direct[i], online);
      // A mount pauses the nodes that have access; while the cluster has yet to pick a new
      // coordinator (deferred failover), every member's I/O waits for it.
      const awaitingNow = volume.pause !== null && volume.pause.end === null;
      const paused = volume.pause !== null && (base.state === 'direct' || base.state === 'redirected' || (awaitingNow && node.isMember));
      const shown: Next = paused
        ? { state: 'paused', reason: 'coordinatorMove', detail: `I/O to ${disk.name} queues on ${node.name} while the coordinator role moves to ${record.coordinator}` }
        : base;
      const change = this.transition(volume, entry, base, shown, initial);
      if (change) {
        events.push(change.event);
        changes.push(change.change);
      }
    });
  }

  /** The volume went (or is) offline: a pause, a backup or a repair in progress ends. */
  private offline(volume: Volume, events: CsvEvent[]): void {
    const disk = volume.disk.name;
    if (volume.pause) this.endPause(volume, events, 'volumeOffline');
    const backup = volume.backup;
    if (backup) {
      volume.backup = null;
      backup.timer.cancel();
      backup.done();
      events.push({ kind: 'csv.backup', subject: disk, phase: 'failed', duration: backup.duration, reason: 'volumeOffline', detail: `the backup of ${disk} failed: the volume went offline` });
    }
    const repair = volume.repair;
    if (repair) {
      volume.repair = null;
      repair.timer.cancel();
      repair.done();
      events.push({ kind: 'csv.repair', subject: disk, task: repair.task, phase: 'failed', duration: repair.duration, reason: 'volumeOffline', detail: `the ${repair.task} of ${disk} failed: the volume went offline` });
      if (!volume.maintenance) {
        events.push({ kind: 'csv.maintenance', subject: disk, on: false, reason: 'repair', detail: `the ${repair.task} failed: maintenance mode is off` });
        // Told after this pass is logged: the VMs it took offline come back once the volume does.
        this.ctx.kernel.after(0, () => this.maintenanceChanged.emit(disk, false, 'repair'), `${disk}: maintenance off after a failed ${repair.task}`);
      }
    }
  }

  /** The role moves to `to` now; I/O pauses on every node until the mount there is done. */
  private moveRole(volume: Volume, events: CsvEvent[], direct: readonly boolean[], to: string, reason: string, detail: string | null): void {
    const { disk, record } = volume;
    const from = record.coordinator;
    const i = this.nodes.findIndex((n) => n.name === from);
    // An old coordinator that is still a member with its path flushes and dismounts first.
    const orderly = i >= 0 && direct[i];
    record.coordinator = to;
    disk.owner = to;
    events.push({
      kind: 'csv.coordinator',
      subject: disk.name,
      node: to,
      previous: from,
      reason,
      detail: detail ?? `the coordinator role of ${disk.name} moves from ${from} to ${to}`,
    });
    const duration = (orderly ? CSV_DISMOUNT_TIME : 0) + CSV_MOUNT_TIME;
    const steps = orderly ? `${from} dismounts the volume, ${to} mounts it` : `${to} mounts the volume`;
    this.startPause(volume, events, duration, `I/O to ${disk.name} pauses and queues on every node while ${steps}`);
  }

  /**
   * Starts a pause (or, if one is already going on, keeps it and reschedules its end): `duration`
   * seconds from now, or null to wait for a move.
   */
  private startPause(volume: Volume, events: CsvEvent[], duration: number | null, detail: string): void {
    const ctx = this.ctx;
    const disk = volume.disk.name;
    let pause = volume.pause;
    if (!pause) {
      const record: IntervalRecord = { from: ctx.kernel.now, to: null, reason: 'coordinatorMove', queuedIos: 0 };
      volume.record.paused.push(record);
      pause = { from: ctx.kernel.now, record, mark: this.queued.queuedBytes(disk), end: null, done: null };
      volume.pause = pause;
      events.push({ kind: 'csv.paused', subject: disk, node: volume.record.coordinator, reason: 'coordinatorMove', detail });
    }
    pause.end?.cancel();
    pause.end = null;
    if (duration === null) {
      // Waiting for another module to move the role: that alone must not keep a run going.
      pause.done?.();
      pause.done = null;
      return;
    }
    pause.done ??= ctx.activities.begin(`coordinator move of ${disk}`);
    pause.end = ctx.kernel.after(
      duration,
      () => {
        volume.ending = 'coordinatorMoved';
        this.update();
      },
      `${disk}: coordinator mounted on ${volume.record.coordinator}`,
      Priority.default,
    );
  }

  private endPause(volume: Volume, events: CsvEvent[], reason: string): void {
    const pause = volume.pause;
    if (!pause) return;
    const disk = volume.disk.name;
    const queued = Math.max(0, this.queued.queuedBytes(disk) - pause.mark);
    const queuedIos = Math.round(queued / CSV_IO_SIZE);
    pause.record.to = this.ctx.kernel.now;
    pause.record.queuedIos = queuedIos;
    pause.end?.cancel();
    pause.done?.();
    volume.pause = null;
    const duration = this.ctx.kernel.now - pause.from;
    const why =
      reason === 'volumeOffline'
        ? 'the volume went offline'
        : reason === 'coordinatorBack'
          ? `the coordinator ${volume.record.coordinator} is back`
          : `${volume.record.coordinator} has mounted the volume`;
    events.push({ kind: 'csv.resumed', subject: disk, duration, queuedIos, reason, detail: `${why}: I/O to ${disk} resumes after ${round(duration)} s, ${queuedIos} queued I/Os` });
  }

  /** What `node`'s access to the volume would be now, without a pause. */
  private accessNow(volume: Volume, node: NodeRuntime, direct: boolean, online: boolean): Next {
    const disk = volume.disk.name;
    const name = node.name;
    const coordinator = volume.record.coordinator;
    if (node.status === 'down') return { state: 'noAccess', reason: 'nodeDown', detail: `${name} is down` };
    if (node.status === 'joining') return { state: 'noAccess', reason: 'nodeJoining', detail: `${name} is still joining the cluster` };
    if (direct) {
      const mode = modeOf(volume);
      if (mode === null || name === coordinator) return { state: 'direct', reason: null, detail: `${name} reaches ${disk} directly over ${this.pathName(volume)}` };
      const because = this.modeSentence(volume, mode);
      return this.redirect(volume, name, mode, because);
    }
    const lost = `${name} cannot reach ${disk} over ${this.pathName(volume)} (${this.whyNoPath(volume, name)})`;
    if (!online) return { state: 'noAccess', reason: 'storagePathLost', detail: `${lost}, and no node reaches it to coordinate it` };
    return this.redirect(volume, name, 'storagePathLost', lost);
  }

  /** Redirected to the coordinator over NetFT's network, or no access when there is none. */
  private redirect(volume: Volume, name: string, reason: CsvAccessReason, because: string): Next {
    const coordinator = volume.record.coordinator;
    const route = this.clusterNetworks.find((n) => this.ctx.network.canCarry(n.name, name, coordinator));
    if (route) return { state: 'redirected', reason, detail: `${because}: its I/O is redirected over "${route.name}" to the coordinator ${coordinator}` };
    return { state: 'noAccess', reason, detail: `${because}, and no cluster network is up between it and the coordinator ${coordinator}` };
  }

  private modeSentence(volume: Volume, mode: CsvMode): string {
    const disk = volume.disk.name;
    if (mode === 'repair') return `${volume.repair?.task ?? 'a repair'} runs on ${disk} in maintenance mode`;
    if (mode === 'maintenance') return `${disk} is in maintenance mode`;
    if (mode === 'redirectedAccess') return `redirected access is on for ${disk}`;
    return `a backup of ${disk} is running`;
  }

  /**
   * Applies one node's new base and shown access (its `since` and report intervals); returns what
   * to tell when the shown access changed.
   */
  private transition(volume: Volume, entry: Entry, base: Next, shown: Next, initial: boolean): { event: CsvEvent; change: CsvAccessChange } | null {
    const now = this.ctx.kernel.now;
    if (base.state !== entry.baseState || base.reason !== entry.baseReason) {
      if (entry.interval) {
        entry.interval.to = now;
        entry.interval = null;
      }
      entry.baseState = base.state;
      entry.baseReason = base.reason;
      entry.baseSince = initial ? (base.state === 'direct' ? null : 0) : now;
      const member = base.reason !== 'nodeDown' && base.reason !== 'nodeJoining';
      if (base.state === 'redirected' || (base.state === 'noAccess' && member)) {
        entry.interval = { node: entry.node, from: now, to: null, reason: base.reason as string };
        (base.state === 'redirected' ? volume.record.redirected : volume.record.noAccess).push(entry.interval);
      }
    }
    const since = shown.state === 'paused' ? (volume.pause?.from ?? now) : entry.baseSince;
    if (shown.state === entry.state && shown.reason === entry.reason) {
      entry.since = since;
      return null;
    }
    const before = view(entry);
    entry.state = shown.state;
    entry.reason = shown.reason;
    entry.since = since;
    const why = shown.reason ?? directReason(before.reason);
    const detail =
      shown.state !== 'direct'
        ? shown.detail
        : why === 'storagePathRestored'
          ? `${shown.detail} again`
          : `${DIRECT_AGAIN[why] ?? `${entry.node} is a cluster member again`}: ${shown.detail}`;
    return {
      event: { kind: 'csv.access', subject: volume.disk.name, node: entry.node, state: shown.state, previous: before.state, reason: why, detail },
      change: { disk: volume.disk.name, node: entry.node, from: before, to: view(entry) },
    };
  }

  private volume(disk: string): Volume {
    const v = this.volumes.get(disk);
    if (!v) throw new Error(`"${disk}" is not a Cluster Shared Volume`);
    return v;
  }

  private pathName(volume: Volume): string {
    const path = volume.disk.spec.storagePath;
    return path === null || path === FABRIC ? 'the storage fabric' : `"${path}"`;
  }

  private whyNoPath(volume: Volume, node: string): string {
    const why = this.ctx.network.whyCannotReachStorage(node, volume.disk.name) ?? 'its node is not a cluster member';
    return this.describePath(why);
  }

  private describePath(why: string): string {
    return why.split(`network "${FABRIC_NETWORK}"`).join('the storage fabric');
  }
}

function modeOf(volume: Volume): CsvMode | null {
  if (volume.repair) return 'repair';
  if (volume.maintenance) return 'maintenance';
  if (volume.redirectedAccess) return 'redirectedAccess';
  if (volume.backup) return 'backup';
  return null;
}

function view(entry: Entry): NodeAccess {
  return { node: entry.node, state: entry.state, reason: entry.reason, since: entry.since };
}

/** The reason token of a return to direct access: what ended the previous state. */
function directReason(previous: string | null): string {
  switch (previous) {
    case 'nodeDown':
      return 'nodeUp';
    case 'nodeJoining':
      return 'nodeJoined';
    case 'maintenance':
      return 'maintenanceEnded';
    case 'redirectedAccess':
      return 'redirectedAccessEnded';
    case 'backup':
      return 'backupEnded';
    case 'repair':
      return 'repairEnded';
    case 'coordinatorMove':
      return 'coordinatorMoved';
    default:
      return 'storagePathRestored';
  }
}

/** The start of a 'csv.access' sentence for a return to direct access, by reason. */
const DIRECT_AGAIN: Readonly<Record<string, string>> = {
  maintenanceEnded: 'maintenance mode is off',
  redirectedAccessEnded: 'redirected access is off',
  backupEnded: 'the backup is done',
  repairEnded: 'the repair is done',
  coordinatorMoved: 'the coordinator move is done, I/O resumes',
};

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
