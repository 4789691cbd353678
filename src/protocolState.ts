/**
 * What both sides of the dashboard do alike, so they agree to the sample: the host keeps its copy
 * of the series and events with these functions, and the page (webview/store.ts) applies each
 * `update` with them; the page's timeline filters with eventMatches. Pure: no DOM, no `vscode`;
 * inputs are never mutated.
 */
import type { NetworkSample, TimelineEvent } from './protocol';
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

/**
 * The timeline's filters, as the page keeps them in `ViewState.filters`: each one set narrows the
 * list; an empty or absent one does not. `kind` is an event kind or its area ('migration'
 * matches 'migration.passEnded'); `volume` matches the disks an event is about; `text` is found
 * in the event's words or its kind, in any case.
 */
export interface TimelineFilters {
  readonly node?: string;
  readonly vm?: string;
  readonly volume?: string;
  readonly network?: string;
  readonly kind?: string;
  readonly text?: string;
}

/** True when the event passes every filter. */
export function eventMatches(e: TimelineEvent, f: TimelineFilters): boolean {
  if (f.node && !e.refs.nodes.includes(f.node)) return false;
  if (f.vm && !e.refs.vms.includes(f.vm)) return false;
  if (f.volume && !e.refs.disks.includes(f.volume)) return false;
  if (f.network && !e.refs.networks.includes(f.network)) return false;
  if (f.kind && e.kind !== f.kind && !e.kind.startsWith(`${f.kind}.`)) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (!e.text.toLowerCase().includes(needle) && !e.kind.toLowerCase().includes(needle)) return false;
  }
  return true;
}
