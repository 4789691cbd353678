/**
 * How a `DashboardChange` applies to a `DashboardState`, used by both sides so they agree to the
 * sample: the host keeps its copy with these functions and the page applies each `update` with
 * `applyChanges`. Pure: no DOM, no `vscode`; inputs are never mutated.
 *
 * - `clock`: sets the time and the session state.
 * - `migration`, `volume`: upsert by `id` / `disk` (a new one goes at the end).
 * - `network`: sets `up` and appends the samples with `appendSamples`; a network the state does
 *   not know is ignored (networks come with `init` only).
 * - `events`: appended; only the last `DASHBOARD_LIMITS.events` are kept.
 */
import type { DashboardChange, DashboardState, MigrationView, NetworkSample, NetworkView, TimelineEvent, VolumeView } from './protocol';
import { DASHBOARD_LIMITS } from './protocolValidation';

/**
 * A network's samples with `added` appended, one at a time: whenever there are more than `max`,
 * the older half is thinned to every other sample, so recent history stays at full resolution
 * and older history gets coarser. Sample by sample, so the result depends only on the sequence of
 * samples, never on how they were batched into messages.
 */
export function appendSamples(series: readonly NetworkSample[], added: readonly NetworkSample[], max: number = DASHBOARD_LIMITS.samplesPerNetwork): NetworkSample[] {
  let out = series.slice();
  for (const sample of added) {
    out.push(sample);
    if (out.length > max) out = thin(out, max);
  }
  return out;
}

function thin(series: readonly NetworkSample[], max: number): NetworkSample[] {
  const old = Math.max(2, Math.floor(max / 2));
  const kept: NetworkSample[] = [];
  for (let i = 0; i < old && i < series.length; i += 2) kept.push(series[i]);
  return kept.concat(series.slice(old));
}

/** The timeline with `added` appended, the last `max` kept. */
export function appendEvents(events: readonly TimelineEvent[], added: readonly TimelineEvent[], max: number = DASHBOARD_LIMITS.events): TimelineEvent[] {
  const all = added.length === 0 ? events.slice() : events.concat(added);
  return all.length > max ? all.slice(all.length - max) : all;
}

/** The state after `changes`, in order. */
export function applyChanges(state: DashboardState, changes: readonly DashboardChange[]): DashboardState {
  let { t, session, migrations, volumes, networks, events } = state;
  for (const change of changes) {
    switch (change.kind) {
      case 'clock':
        t = change.t;
        session = change.session;
        break;
      case 'migration':
        migrations = upsert(migrations, change.migration, (m: MigrationView) => m.id === change.migration.id);
        break;
      case 'volume':
        volumes = upsert(volumes, change.volume, (v: VolumeView) => v.disk === change.volume.disk);
        break;
      case 'network': {
        const i = networks.findIndex((n) => n.name === change.name);
        if (i < 0) break;
        const next: NetworkView = { ...networks[i], up: change.up, samples: appendSamples(networks[i].samples, change.samples) };
        networks = networks.map((n, k) => (k === i ? next : n));
        break;
      }
      case 'events':
        events = appendEvents(events, change.events);
        break;
    }
  }
  return { ...state, t, session, migrations, volumes, networks, events };
}

function upsert<T>(list: readonly T[], item: T, same: (x: T) => boolean): readonly T[] {
  const i = list.findIndex(same);
  if (i < 0) return [...list, item];
  const out = list.slice();
  out[i] = item;
  return out;
}

/**
 * The timeline's filters, as the page keeps them in `ViewState.filters`: each one set narrows the
 * list; an empty or absent one does not. `kind` is an event kind or its area ('migration'
 * matches 'migration.passEnded'); `volume` matches the disks an event is about.
 */
export interface TimelineFilters {
  readonly node?: string;
  readonly vm?: string;
  readonly volume?: string;
  readonly network?: string;
  readonly kind?: string;
}

export function eventMatches(e: TimelineEvent, f: TimelineFilters): boolean {
  if (f.node && !e.refs.nodes.includes(f.node)) return false;
  if (f.vm && !e.refs.vms.includes(f.vm)) return false;
  if (f.volume && !e.refs.disks.includes(f.volume)) return false;
  if (f.network && !e.refs.networks.includes(f.network)) return false;
  if (f.kind && e.kind !== f.kind && !e.kind.startsWith(`${f.kind}.`)) return false;
  return true;
}

export function filterEvents(events: readonly TimelineEvent[], f: TimelineFilters): TimelineEvent[] {
  return events.filter((e) => eventMatches(e, f));
}
