/**
 * Each Cluster Shared Volume's access, node by node, as the run goes (the article's "How CSVs
 * Work"):
 *
 * - `direct`: the node reaches the disk over its own storage path (its iSCSI link, or the fabric)
 *   and does its I/O there; only metadata goes to the coordinator.
 * - `redirected` (`storagePathLost`): the node lost its storage path, so "all of its I/O can be
 *   performed over the network via the coordinator node using the cluster network": it needs a
 *   cluster network (role `cluster` or `clusterAndClient`) that is up between it and the
 *   coordinator, and the coordinator needs direct access.
 * - `noAccess`: neither. `nodeDown` (or `nodeJoining`) for a node that is not a cluster member;
 *   `storagePathLost` for a member that lost its path and has no way to a coordinator with
 *   access (no cluster network to it, or no node at all reaches the disk).
 *
 * The coordinator. "If the coordinator itself loses its path, the coordinator role moves": when
 * the coordinator has no direct access (its path is lost, or its node went down), the role moves
 * at once to the first node, in file order, that has direct access ('csv.coordinator'). It does
 * not move back when the old coordinator recovers (a real cluster does not either).
 *
 * No node with direct access (the whole storage network down, or every node with a path down):
 * the role cannot move anywhere, so it stays where it is and the volume goes offline
 * ('csv.state', `online: false`, the disk's `online` flag): every member node is `noAccess` with
 * `storagePathLost`, since redirected I/O through a coordinator that cannot reach the disk itself
 * goes nowhere. This is what a 2008 R2 cluster does: the physical disk resource fails on every
 * node it tries and the volume is shown Failed; VMs on it lose their storage. As soon as one node
 * reaches the disk again the coordinator moves there if needed, the volume comes back online,
 * and the other nodes go back to direct or redirected access.
 *
 * Simplifications, to be revisited by the modules that come later: a coordinator whose node
 * crashes moves at the instant of the crash (failure detection by heartbeats is 7/8); the VMs on
 * an offline volume keep running (the I/O flows themselves, and what starved I/O does to a VM,
 * come with the CSV I/O issue).
 *
 * Everything is recomputed at the instant of every network or link transition and every node
 * status change, in that same instant, and every volume is up to date before the first event
 * about it is logged. Order in the log: after the 'link.down'/'network.down' that caused them
 * (like the migrations that fail with a network), but before the 'node.state' of a node going
 * down or up (like the VMs a crash stops), so that the invariants hold at every logged event.
 * Each change of a node's access logs a 'csv.access' event, and the report's records follow:
 * `redirected` and `noAccess` intervals per node (`to` null while open, and still null at the end
 * of the run if it never closed), and the volume's `coordinator`.
 * The state at load time is the configuration, not a change: it logs nothing, and a node that
 * starts without direct access (not attached to the storage network) has an interval from 0.
 */
import type { DiskRuntime, NodeRuntime } from '../model/clusterState';
import { byMetric, isClusterEnabled } from '../network/order';
import { FABRIC_NETWORK } from '../network/topology';
import { FABRIC, type NetworkSpec } from '../scenario/model';
import type { SimEvent } from '../model/events';
import type { IntervalRecord, VolumeRecord } from '../simulation/records';
import type { DistributiveOmit, Simulation } from '../simulation/simulation';
import type { CsvAccess, NodeAccess } from '../snapshot';

/** A CSV event before the simulation stamps its time. */
type CsvEvent = DistributiveOmit<Extract<SimEvent, { kind: `csv.${string}` }>, 't'>;

/** Why a node's access is not direct. Later modules add 'maintenance', 'backup', 'repair', 'coordinatorMove'. */
export type CsvAccessReason = 'storagePathLost' | 'nodeDown' | 'nodeJoining';

/** One node's access to one volume changed (told after the 'csv.access' event is logged). */
export interface CsvAccessChange {
  readonly disk: string;
  readonly node: string;
  readonly from: NodeAccess;
  readonly to: NodeAccess;
}

export type CsvAccessListener = (change: CsvAccessChange) => void;

interface Entry {
  readonly node: string;
  state: CsvAccess;
  reason: string | null;
  since: number | null;
  /** The report interval this state has open (redirected or noAccess), if any. */
  interval: IntervalRecord | null;
}

interface Volume {
  readonly disk: DiskRuntime;
  readonly record: VolumeRecord;
  /** One entry per node, in file order. */
  readonly entries: Entry[];
}

interface Next {
  readonly state: CsvAccess;
  readonly reason: string | null;
  readonly detail: string;
}

/** Tracks every CSV's per-node access and its coordinator. Reach it as `sim.csvAccess`. */
export class CsvAccessTracker {
  private readonly volumes = new Map<string, Volume>();
  private readonly nodes: readonly NodeRuntime[];
  /** Networks redirected I/O may take to the coordinator: cluster-enabled, NetFT's order. */
  private readonly clusterNetworks: readonly NetworkSpec[];
  private readonly listeners: CsvAccessListener[] = [];
  private updating = false;
  private again = false;

  constructor(private readonly sim: Simulation) {
    sim.csvAccess = this;
    this.nodes = [...sim.state.nodes.values()];
    this.clusterNetworks = byMetric(sim.scenario.networks.filter(isClusterEnabled));
    for (const record of sim.records.volumes) {
      const disk = sim.state.disk(record.disk);
      const entries = this.nodes.map((n): Entry => ({ node: n.name, state: 'direct', reason: null, since: null, interval: null }));
      this.volumes.set(disk.name, { disk, record, entries });
    }
    this.update(true);
    sim.network.onChange(() => this.update());
    sim.onNodeStatus(() => this.update());
  }

  // ---- questions -------------------------------------------------------------------------------

  /** The names of the CSVs, in file order. */
  get disks(): string[] {
    return [...this.volumes.keys()];
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

  /** True when `node` can do I/O on `disk` now, directly or redirected. */
  canAccess(disk: string, node: string): boolean {
    const state = this.accessOf(disk, node).state;
    return state === 'direct' || state === 'redirected';
  }

  /** The coordinator node of `disk` now. */
  coordinator(disk: string): string {
    return this.volume(disk).record.coordinator;
  }

  /** False while no node reaches the disk directly (so nobody can coordinate it). */
  isOnline(disk: string): boolean {
    return this.volume(disk).disk.online;
  }

  /** Subscribes to per-node access changes; returns the function that unsubscribes. */
  onChange(listener: CsvAccessListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // ---- recomputation ---------------------------------------------------------------------------

  /**
   * Recomputes every volume's coordinator and per-node access now and logs each change. Runs by
   * itself on network and node changes; other modules call it after changing what access depends
   * on. Every volume is brought up to date before the first event is logged, so each event shows
   * a consistent cluster. Re-entrant calls (a listener that changes the cluster) are folded into
   * one more pass.
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
        for (const event of events) this.sim.emit(event);
        for (const change of changes) for (const listener of [...this.listeners]) listener(change);
      } while (this.again);
    } finally {
      this.updating = false;
    }
  }

  /** Applies the volume's new state; pushes the events that tell of it, in the order they happen. */
  private updateVolume(volume: Volume, events: CsvEvent[], changes: CsvAccessChange[], initial: boolean): void {
    const { sim } = this;
    const { disk, record } = volume;
    const direct = this.nodes.map((n) => isMember(n) && sim.network.whyCannotReachStorage(n.name, disk.name) === null);

    const current = record.coordinator;
    const at = this.nodes.findIndex((n) => n.name === current);
    if (at < 0 || !direct[at]) {
      const next = direct.indexOf(true);
      if (next >= 0) events.push(this.moveCoordinator(volume, this.nodes[next].name));
    }
    const coordinator = record.coordinator;
    const online = direct[this.nodes.findIndex((n) => n.name === coordinator)] === true;
    if (online !== disk.online) {
      disk.online = online;
      events.push(
        online
          ? { kind: 'csv.state', subject: disk.name, online, reason: 'directAccessRestored', detail: `${coordinator} reaches ${disk.name} again: the volume is online, coordinated by ${coordinator}` }
          : { kind: 'csv.state', subject: disk.name, online, reason: 'noDirectAccess', detail: `no node reaches ${disk.name} directly, so none can coordinate it: the volume is offline` },
      );
    }

    this.nodes.forEach((node, i) => {
      const entry = volume.entries[i];
      const next = this.accessNow(volume, node, direct[i], online);
      if (next.state === entry.state && next.reason === entry.reason) return;
      const change = this.transition(volume, entry, next, initial);
      events.push(change.event);
      changes.push(change.change);
    });
  }

  /** What `node`'s access to the volume is now. */
  private accessNow(volume: Volume, node: NodeRuntime, direct: boolean, online: boolean): Next {
    const disk = volume.disk.name;
    const name = node.name;
    if (node.status === 'down') return { state: 'noAccess', reason: 'nodeDown', detail: `${name} is down` };
    if (node.status === 'joining') return { state: 'noAccess', reason: 'nodeJoining', detail: `${name} is still joining the cluster` };
    if (direct) return { state: 'direct', reason: null, detail: `${name} reaches ${disk} directly over ${this.pathName(volume)}` };
    const lost = `${name} cannot reach ${disk} over ${this.pathName(volume)} (${this.whyNoPath(volume, name)})`;
    if (!online) return { state: 'noAccess', reason: 'storagePathLost', detail: `${lost}, and no node reaches it to coordinate it` };
    const coordinator = volume.record.coordinator;
    const route = this.clusterNetworks.find((n) => this.sim.network.canCarry(n.name, name, coordinator));
    if (route) return { state: 'redirected', reason: 'storagePathLost', detail: `${lost}: its I/O is redirected over "${route.name}" to the coordinator ${coordinator}` };
    return { state: 'noAccess', reason: 'storagePathLost', detail: `${lost}, and no cluster network is up between it and the coordinator ${coordinator}` };
  }

  private moveCoordinator(volume: Volume, to: string): CsvEvent {
    const { disk, record } = volume;
    const from = record.coordinator;
    record.coordinator = to;
    disk.owner = to;
    const previous = this.sim.state.nodes.get(from);
    const down = previous === undefined || !isMember(previous);
    const reason = down ? 'nodeDown' : 'storagePathLost';
    const why = down ? `${from} is down` : `${from} lost its storage path to ${disk.name} (${this.whyNoPath(volume, from)})`;
    return {
      kind: 'csv.coordinator',
      subject: disk.name,
      node: to,
      previous: from,
      reason,
      detail: `${why}: the coordinator role moves to ${to}, the first node with direct access`,
    };
  }

  /** Applies one node's new access (its `since` and report intervals); returns what to tell. */
  private transition(volume: Volume, entry: Entry, next: Next, initial: boolean): { event: CsvEvent; change: CsvAccessChange } {
    const now = this.sim.now;
    const before = view(entry);
    if (entry.interval) {
      entry.interval.to = now;
      entry.interval = null;
    }
    entry.state = next.state;
    entry.reason = next.reason;
    entry.since = initial ? (next.state === 'direct' ? null : 0) : now;
    if (next.state === 'redirected' || (next.state === 'noAccess' && next.reason === 'storagePathLost')) {
      entry.interval = { node: entry.node, from: now, to: null, reason: next.reason as string };
      (next.state === 'redirected' ? volume.record.redirected : volume.record.noAccess).push(entry.interval);
    }
    const why = next.reason ?? directReason(before.reason);
    const detail = next.state !== 'direct' ? next.detail : why === 'storagePathRestored' ? `${next.detail} again` : `${entry.node} is a cluster member again: ${next.detail}`;
    return {
      event: { kind: 'csv.access', subject: volume.disk.name, node: entry.node, state: next.state, previous: before.state, reason: why, detail },
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
    const why = this.sim.network.whyCannotReachStorage(node, volume.disk.name) ?? 'its node is not a cluster member';
    return why.split(`network "${FABRIC_NETWORK}"`).join('the storage fabric');
  }
}

/** Sets up CSV access tracking on a simulation (done by createSimulation). */
export function attachCsvAccess(sim: Simulation): CsvAccessTracker {
  return new CsvAccessTracker(sim);
}

/** A node that is up or paused is a cluster member and may do I/O. */
function isMember(node: NodeRuntime): boolean {
  return node.status === 'up' || node.status === 'paused';
}

function view(entry: Entry): NodeAccess {
  return { node: entry.node, state: entry.state, reason: entry.reason, since: entry.since };
}

/** The reason token of a return to direct access: what ended the previous state. */
function directReason(previous: string | null): string {
  if (previous === 'nodeDown') return 'nodeUp';
  if (previous === 'nodeJoining') return 'nodeJoined';
  return 'storagePathRestored';
}
