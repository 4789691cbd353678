/**
 * The page's copy of what the host sent: the last `init` with every `update` applied (upserts by
 * id or name, appends for samples and events, with the same sample thinning and event limit as
 * the host's copy: src/protocolState.ts). It holds no cluster behaviour, only what to draw, and
 * says after each message what changed so the views redraw only that.
 */
import type {
  DashboardChange,
  DashboardState,
  MigrationView,
  NetworkSample,
  NetworkView,
  TimelineEvent,
  VolumeView,
} from '../src/protocol';
import { appendEvents, appendSamples } from '../src/protocolState';

export interface NetworkEntry {
  readonly name: string;
  role: NetworkView['role'];
  bandwidth: number;
  up: boolean;
  samples: NetworkSample[];
}

/** What a message changed. `reset`: everything (a new `init`). */
export interface Changes {
  reset: boolean;
  clock: boolean;
  readonly migrations: Set<string>;
  readonly volumes: Set<string>;
  readonly networks: Set<string>;
  readonly events: TimelineEvent[];
}

function noChanges(): Changes {
  return { reset: false, clock: false, migrations: new Set(), volumes: new Set(), networks: new Set(), events: [] };
}

/** Folds `next` into `into` (several messages drawn in one frame). */
export function mergeChanges(into: Changes, next: Changes): Changes {
  if (next.reset) return { ...next, events: [...next.events] };
  into.clock ||= next.clock;
  for (const id of next.migrations) into.migrations.add(id);
  for (const disk of next.volumes) into.volumes.add(disk);
  for (const name of next.networks) into.networks.add(name);
  into.events.push(...next.events);
  return into;
}

export class DashboardStore {
  scenario = '';
  t = 0;
  session: DashboardState['session'] = 'empty';
  initialised = false;
  nodes: string[] = [];
  readonly migrations = new Map<string, MigrationView>();
  /** The last dirty density seen for each migration: a finished one keeps its last strip. */
  readonly lastDensity = new Map<string, { readonly density: readonly number[]; readonly pass: number; readonly t: number }>();
  readonly volumes = new Map<string, VolumeView>();
  readonly networks = new Map<string, NetworkEntry>();
  events: TimelineEvent[] = [];
  private lastSeq = -Infinity;

  init(state: DashboardState): Changes {
    this.scenario = state.scenario;
    this.t = state.t;
    this.session = state.session;
    this.nodes = [...state.nodes];
    this.migrations.clear();
    this.lastDensity.clear();
    this.volumes.clear();
    this.networks.clear();
    this.events = [];
    this.lastSeq = -Infinity;
    this.initialised = true;
    for (const m of state.migrations) this.upsertMigration(m);
    for (const v of state.volumes) this.volumes.set(v.disk, v);
    for (const n of state.networks) {
      this.networks.set(n.name, { name: n.name, role: n.role, bandwidth: n.bandwidth, up: n.up, samples: [] });
      this.appendSamples(n.name, n.samples);
    }
    const events = this.appendEvents(state.events);
    return { ...noChanges(), reset: true, clock: true, events };
  }

  update(changes: readonly DashboardChange[]): Changes {
    const out = noChanges();
    for (const change of changes) {
      switch (change.kind) {
        case 'clock':
          this.t = change.t;
          this.session = change.session;
          out.clock = true;
          break;
        case 'migration':
          this.upsertMigration(change.migration);
          out.migrations.add(change.migration.id);
          break;
        case 'volume':
          this.volumes.set(change.volume.disk, change.volume);
          out.volumes.add(change.volume.disk);
          break;
        case 'network': {
          // Networks come with `init` only (the host sends a new one for a new network).
          const entry = this.networks.get(change.name);
          if (!entry) break;
          entry.up = change.up;
          this.appendSamples(change.name, change.samples);
          out.networks.add(change.name);
          break;
        }
        case 'events':
          out.events.push(...this.appendEvents(change.events));
          break;
      }
    }
    return out;
  }

  private upsertMigration(m: MigrationView): void {
    this.migrations.set(m.id, m);
    if (m.dirtyDensity && m.dirtyDensity.length > 0) {
      this.lastDensity.set(m.id, { density: m.dirtyDensity, pass: m.currentPass?.index ?? m.passes.length, t: this.t });
    }
  }

  private appendSamples(name: string, samples: readonly NetworkSample[]): void {
    const entry = this.networks.get(name);
    if (!entry) return;
    const last = entry.samples.at(-1)?.t ?? -Infinity;
    const fresh = samples.filter((s) => s.t >= last);
    if (fresh.length > 0) entry.samples = appendSamples(entry.samples, fresh);
  }

  /** Appends events in log order, ignoring any already seen (a repeated update). */
  private appendEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
    const added: TimelineEvent[] = [];
    for (const e of events) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      added.push(e);
    }
    this.events = appendEvents(this.events, added);
    return added;
  }
}
