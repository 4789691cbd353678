/**
 * Each network's utilisation over time, split by traffic kind: a series of samples taken from
 * the snapshots the model is fed. Rates in the engine's fluid model only change when a flow
 * starts or ends, so a series needs a sample only where what a network carries changed:
 *
 * - a sample is taken at each update where the rates differ from the last sample;
 * - a stretch where they stay the same keeps its last observation, which is appended just before
 *   the next change, so the chart shows the flat stretch up to then (and the page draws the last
 *   sample's rates on to the clock);
 * - so at most two samples per update (the end of a flat stretch, then the change), and never
 *   one that goes back in time.
 *
 * Series are kept with protocolState's `appendSamples`, exactly as the page keeps them.
 */
import type { NetworkSnapshot } from '../../../engine/snapshot';
import type { NetworkSample, NetworkView, TrafficKind } from '../../../protocol';
import { appendSamples } from '../../../protocolState';
import { TRAFFIC_KINDS } from '../../../protocolValidation';

export class NetworkSeries {
  readonly name: string;
  readonly role: NetworkView['role'];
  readonly bandwidth: number;
  up: boolean;
  private series: NetworkSample[] = [];
  /** The latest observation equal to the last sample, not appended (yet). */
  private held: NetworkSample | null = null;

  constructor(net: NetworkSnapshot) {
    this.name = net.name;
    this.role = net.role;
    this.bandwidth = net.bandwidth;
    this.up = net.up;
  }

  get samples(): readonly NetworkSample[] {
    return this.series;
  }

  /** Observes the network at `t`; returns the samples appended (0, 1 or 2) and whether `up` changed. */
  observe(t: number, net: NetworkSnapshot): { added: NetworkSample[]; upChanged: boolean } {
    const upChanged = net.up !== this.up;
    this.up = net.up;
    const sample: NetworkSample = { t, byKind: byKind(net.traffic) };
    const last = this.series.at(-1);
    const added: NetworkSample[] = [];
    if (last === undefined) added.push(sample);
    else if (t >= last.t) {
      if (sameRates(last.byKind, sample.byKind)) {
        if (t > last.t) this.held = sample;
      } else {
        if (this.held !== null && this.held.t > last.t && this.held.t < t) added.push(this.held);
        added.push(sample);
        this.held = null;
      }
    }
    if (added.length > 0) this.series = appendSamples(this.series, added);
    return { added, upChanged };
  }

  view(): NetworkView {
    return { name: this.name, role: this.role, bandwidth: this.bandwidth, up: this.up, samples: this.series.slice() };
  }
}

function byKind(traffic: Readonly<Record<string, number>>): Record<TrafficKind, number> {
  const out = {} as Record<TrafficKind, number>;
  for (const k of TRAFFIC_KINDS) {
    const v = traffic[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  }
  return out;
}

function sameRates(a: Readonly<Record<TrafficKind, number>>, b: Readonly<Record<TrafficKind, number>>): boolean {
  return TRAFFIC_KINDS.every((k) => a[k] === b[k]);
}
