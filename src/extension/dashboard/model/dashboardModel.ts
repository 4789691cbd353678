/**
 * The dashboard's view model: fed the session's changes (a snapshot and the session state, with
 * read access to the simulation for its records, running migrations, flows and event log), it
 * keeps the DashboardState the page shows and the changes since they were last taken. Pure: no
 * `vscode`; the panel (dashboardPanel.ts) only moves what it produces.
 *
 * - Migrations: one view per record of the run (records.ts), upserted when its view changed;
 *   records that are not running are only rebuilt when their fingerprint changes, and records
 *   that have completed or failed (which never change again) are not looked at any more.
 * - Volumes: the CSV grid from the snapshot, upserted when a volume's view changed.
 * - Networks: samples by traffic kind, appended where the rates changed (networks.ts).
 * - Timeline: the engine's event log, read from where the last update stopped (so `seq` is the
 *   event's position in the log), without the skipped kinds; only the last
 *   DASHBOARD_LIMITS.events are kept, and only those of a large batch are even formatted.
 * A new simulation (load, reset) starts everything afresh and asks for a whole new state.
 *
 * Reading a running pass's dirty density costs a pass over the bitmap (the engine adds the writes
 * since its last update as their expectation, so looking never changes the run), so it is only
 * read while `liveDensity` is on: the panel turns it on while the dashboard is visible.
 */
import type { Simulation } from '../../../engine/simulation/simulation';
import type { ClusterSnapshot, VolumeSnapshot } from '../../../engine/snapshot';
import type { DashboardChange, DashboardState, MigrationView, TimelineEvent, VolumeView } from '../../../protocol';
import { appendEvents } from '../../../protocolState';
import { DASHBOARD_LIMITS } from '../../../protocolValidation';
import { FlowIndex } from './flows';
import { migrationView, QuickPhases, restingKey, runningByRecord, sameRestingKey, type MigrationInputs, type RestingKey } from './migrations';
import { NetworkSeries } from './networks';
import { PendingChanges } from './pendingChanges';
import { SKIPPED_KINDS, toTimelineEvent, type Names } from './timeline';
import { viewFromSnapshotOnly, volumeViews } from './volumes';

export type SessionPhase = DashboardState['session'];

/** What the model is fed at each session change. */
interface ModelInput {
  readonly sim: Simulation | null;
  readonly snapshot: ClusterSnapshot | null;
  readonly state: SessionPhase;
}

export interface TakenChanges {
  /** True when the page needs the whole state (`init`) rather than `changes`. */
  readonly reset: boolean;
  readonly changes: DashboardChange[];
}

const EMPTY_NAMES: Names = { nodes: new Set(), vms: new Set(), disks: new Set(), networks: new Set() };

export class DashboardModel {
  /** Read running passes' dirty bitmaps (see the file comment): on while the dashboard is visible. */
  liveDensity = false;

  private sim: Simulation | null = null;
  private scenario = '';
  private t = 0;
  private session: SessionPhase = 'empty';
  private nodes: string[] = [];
  private names: Names = EMPTY_NAMES;
  /** Index in the simulation's event log up to which events have been read. */
  private seen = 0;
  private phases = new QuickPhases();
  private migrations = new Map<number, MigrationView>();
  private migrationJson: string[] = [];
  private restingKeys: (RestingKey | undefined)[] = [];
  /** Indices of the records that may still change (queued or running), in order. */
  private open: number[] = [];
  /** How many records there were at the last update. */
  private recordsSeen = 0;
  /** Each volume's view, as JSON, and the snapshot of the volume it was built from. */
  private volumes = new Map<string, { view: VolumeView; json: string; source: VolumeSnapshot }>();
  /** The nodes' names the volumes' views were last built with. */
  private volumeNodes: readonly string[] = [];
  private networks = new Map<string, NetworkSeries>();
  private events: TimelineEvent[] = [];
  private readonly pending = new PendingChanges();
  private needsInit = true;

  /** Takes a session change into account. Never throws for a well-formed simulation. */
  update(input: ModelInput): void {
    if (input.sim !== this.sim) this.reset(input.sim);
    const sim = this.sim;
    if (sim === null || input.snapshot === null) {
      this.setClock(this.t, input.state);
      return;
    }
    const snapshot = input.snapshot;
    this.readEvents(sim);
    this.setClock(snapshot.t, input.state);
    const flows = new FlowIndex(sim);
    this.updateMigrations(sim, flows);
    this.updateVolumes(snapshot, flows);
    this.updateNetworks(snapshot);
  }

  /** Everything the page shows now. */
  state(): DashboardState {
    return {
      scenario: this.scenario,
      t: this.t,
      session: this.session,
      nodes: this.nodes.slice(),
      migrations: [...this.migrations.values()],
      volumes: [...this.volumes.values()].map((v) => v.view),
      networks: [...this.networks.values()].map((n) => n.view()),
      events: this.events.slice(),
    };
  }

  /**
   * The changes since the last call (or since the state was last taken whole), and empties
   * them. `reset`: the page needs the whole state instead (a new simulation, or more changes
   * than can be replayed).
   */
  takeChanges(): TakenChanges {
    const reset = this.needsInit || this.pending.overflow;
    this.needsInit = false;
    if (reset) {
      this.pending.clear();
      return { reset: true, changes: [] };
    }
    return { reset: false, changes: this.pending.take() };
  }

  /** The whole state, for `init`; what was pending is part of it, so it is dropped. */
  takeState(): DashboardState {
    this.needsInit = false;
    this.pending.clear();
    return this.state();
  }

  /** True when `takeChanges` has something to hand out. */
  get hasChanges(): boolean {
    return this.needsInit || this.pending.overflow || !this.pending.isEmpty;
  }

  // ---- steps ---------------------------------------------------------------------------------

  private reset(sim: Simulation | null): void {
    this.sim = sim;
    this.scenario = sim?.scenario.name ?? '';
    this.t = sim?.now ?? 0;
    this.nodes = sim ? sim.scenario.nodes.map((n) => n.name) : [];
    this.names = sim
      ? {
          nodes: new Set(sim.scenario.nodes.map((n) => n.name)),
          vms: new Set(sim.scenario.vms.map((v) => v.name)),
          disks: new Set(sim.scenario.disks.map((d) => d.name)),
          networks: new Set(sim.scenario.networks.map((n) => n.name)),
        }
      : EMPTY_NAMES;
    this.seen = 0;
    this.phases = new QuickPhases();
    this.migrations = new Map();
    this.migrationJson = [];
    this.restingKeys = [];
    this.open = [];
    this.recordsSeen = 0;
    this.volumes = new Map();
    this.volumeNodes = [];
    this.networks = new Map();
    this.events = [];
    this.pending.clear();
    this.needsInit = true;
  }

  private setClock(t: number, session: SessionPhase): void {
    if (t === this.t && session === this.session) return;
    this.t = t;
    this.session = session;
    this.pending.setClock(t, session);
  }

  /** The log's new events: quick-migration phases from all of them, the timeline from the last ones. */
  private readEvents(sim: Simulation): void {
    const log = sim.log.events;
    const from = this.seen;
    const to = log.length;
    this.seen = to;
    if (to <= from) return;
    const records = sim.records.migrations;
    for (let i = from; i < to; i++) {
      const e = log[i];
      if (e.kind.startsWith('migration.')) this.phases.observe(e, records);
    }
    const max = DASHBOARD_LIMITS.events;
    const picked: number[] = [];
    for (let i = to - 1; i >= from && picked.length < max; i--) if (!SKIPPED_KINDS.has(log[i].kind)) picked.push(i);
    if (picked.length === 0) return;
    picked.reverse();
    const added = picked.map((i) => toTimelineEvent(log[i], i, this.names));
    this.events = appendEvents(this.events, added);
    this.pending.addEvents(added);
  }

  private updateMigrations(sim: Simulation, flows: FlowIndex): void {
    const records = sim.records.migrations;
    const running = runningByRecord(sim);
    const inputs: MigrationInputs = { sim, flows, phases: this.phases, running, density: this.liveDensity };
    // Only the most recent ones when a run has more than a message may carry.
    const first = Math.max(0, records.length - DASHBOARD_LIMITS.migrations);
    // Records new since the last update join those still open, in record order.
    for (let i = Math.max(this.recordsSeen, first); i < records.length; i++) this.open.push(i);
    this.recordsSeen = records.length;
    const stillOpen: number[] = [];
    for (const i of this.open) {
      if (i < first) continue;
      const record = records[i];
      const isRunning = running.has(record);
      // A record that has completed or failed never changes again (test/unit/dashboard/
      // migrations.test.ts checks it on every example): once its last view is taken, it is not
      // looked at again.
      if (isRunning || (record.outcome !== 'completed' && record.outcome !== 'failed')) stillOpen.push(i);
      if (!isRunning) {
        // Only quick migrations have phases (QuickPhases); no look-up for the others.
        const phases = record.type === 'quick' ? this.phases.count(i) : 0;
        if (sameRestingKey(this.restingKeys[i], record, phases)) continue;
        this.restingKeys[i] = restingKey(record, phases);
      } else {
        this.restingKeys[i] = undefined;
      }
      const view = migrationView(i, record, inputs);
      const json = JSON.stringify(view);
      if (json === this.migrationJson[i]) continue;
      this.migrationJson[i] = json;
      this.migrations.set(i, view);
      this.pending.migration(view);
    }
    this.open = stillOpen;
    // Drop what fell out of the window, so the state stays within the limit too.
    for (const i of this.migrations.keys()) {
      if (i >= first) break;
      this.migrations.delete(i);
    }
  }

  private updateVolumes(snapshot: ClusterSnapshot, flows: FlowIndex): void {
    const nodes = snapshot.nodes.map((n) => n.name);
    const sameNodes = sameStrings(nodes, this.volumeNodes);
    this.volumeNodes = nodes;
    // A volume whose snapshot is the one seen last, and whose view reads nothing else, is skipped.
    const changed = snapshot.volumes.filter((v) => !(sameNodes && this.volumes.get(v.disk)?.source === v && viewFromSnapshotOnly(v, nodes)));
    if (changed.length === 0) return;
    const views = volumeViews(snapshot, flows, changed);
    views.forEach((view, k) => {
      const source = changed[k];
      const json = JSON.stringify(view);
      const kept = this.volumes.get(view.disk);
      if (kept?.json === json) {
        this.volumes.set(view.disk, { ...kept, source });
        return;
      }
      this.volumes.set(view.disk, { view, json, source });
      this.pending.volume(view);
    });
  }

  private updateNetworks(snapshot: ClusterSnapshot): void {
    for (const net of snapshot.networks) {
      let series = this.networks.get(net.name);
      if (!series) {
        series = new NetworkSeries(net);
        this.networks.set(net.name, series);
        // A network the page has not been told about comes with a whole new state.
        this.needsInit = true;
      }
      const { added, upChanged } = series.observe(snapshot.t, net);
      if (added.length > 0 || upChanged) this.pending.network(net.name, series.up, added);
    }
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
