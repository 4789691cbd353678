/**
 * Each cluster network's utilisation over time, stacked by traffic (live migration, redirected
 * I/O, CSV metadata, storage), so a migration and redirected I/O competing on
 * one network show as two bands sharing its capacity. Samples are appended to the charts'
 * datasets in place and the oldest dropped beyond a cap.
 */
import type { NetworkSample, TrafficKind } from '../../src/protocol';
import { Chart, themeScales } from '../charts';
import { h, icon, replaceChildren, setText } from '../dom';
import { formatAxisBitRate, formatAxisTime, formatBitRate, formatClock } from '../../src/format/quantities';
import type { Changes, NetworkEntry } from '../store';
import { withAlpha, type Palette } from '../theme';
import { emptyNote, itemButton, markFocusTarget, type ViewContext } from './context';

export const TRAFFIC: readonly { readonly kind: TrafficKind; readonly word: string }[] = [
  { kind: 'liveMigration', word: 'Live migration' },
  { kind: 'redirectedIo', word: 'Redirected I/O' },
  { kind: 'metadata', word: 'CSV metadata' },
  { kind: 'storage', word: 'Storage (iSCSI)' },
];

interface TimeRange {
  readonly min: number;
  readonly max: number;
}

const ROLE_WORDS: Readonly<Record<NetworkEntry['role'], string>> = {
  cluster: 'cluster only',
  clusterAndClient: 'cluster and client',
  none: 'not used by the cluster',
};

export class NetworksView {
  private readonly grid: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly cards = new Map<string, NetworkCard>();

  constructor(private readonly ctx: ViewContext, readonly root: HTMLElement) {
    this.empty = emptyNote('No networks yet.');
    const legend = h('ul', { class: 'traffic-legend', attrs: { 'aria-label': 'Traffic kinds' } },
      ...TRAFFIC.map((t) => h('li', null, h('span', { class: `swatch traffic-${t.kind}`, attrs: { 'aria-hidden': 'true' } }), t.word)),
    );
    this.grid = h('div', { class: 'network-grid' });
    root.append(legend, this.empty, this.grid);
  }

  render(changes: Changes): void {
    const { store } = this.ctx;
    // One time axis for every network, from the first sample to now, so they line up.
    let first = Infinity;
    let last = store.t;
    for (const entry of store.networks.values()) {
      if (entry.samples.length === 0) continue;
      first = Math.min(first, entry.samples[0].t);
      last = Math.max(last, entry.samples[entry.samples.length - 1].t);
    }
    const range = { min: Number.isFinite(first) ? first : 0, max: last };
    if (changes.reset) {
      for (const card of this.cards.values()) card.destroy();
      this.cards.clear();
      this.grid.replaceChildren();
      for (const entry of store.networks.values()) this.add(entry, range);
    } else if (changes.networks.size > 0 || changes.clock) {
      // The clock moves every chart's right edge (a network's last rates hold until now).
      for (const entry of store.networks.values()) {
        const card = this.cards.get(entry.name);
        if (card) card.update(entry, range);
        else this.add(entry, range);
      }
    }
    this.empty.hidden = this.cards.size > 0;
  }

  applyTheme(palette: Palette): void {
    for (const card of this.cards.values()) card.applyTheme(palette);
  }

  private add(entry: NetworkEntry, range: TimeRange): void {
    const card = new NetworkCard(this.ctx, entry, range);
    this.cards.set(entry.name, card);
    this.grid.append(card.root);
  }
}

class NetworkCard {
  readonly root: HTMLElement;
  private readonly state: HTMLElement;
  private readonly now: HTMLElement;
  private readonly chart: Chart<'line', { x: number; y: number }[]>;
  private lastT = -Infinity;
  /** The series the datasets were last filled from: when the store thins it, they are refilled. */
  private drawnFrom: readonly NetworkSample[] | null = null;
  private drawnCount = 0;
  private hasTail = false;
  private up: boolean | null = null;

  constructor(ctx: ViewContext, entry: NetworkEntry, range: TimeRange) {
    const palette = ctx.palette();
    this.state = h('span', { class: 'pill' });
    this.now = h('p', { class: 'network-now muted' });
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `Utilisation of network ${entry.name} over time, by traffic kind` } });
    this.root = h('article', { class: 'card network' },
      h('header', { class: 'card-header' },
        h('div', { class: 'card-heading' },
          h('h3', { class: 'card-title' }, icon('globe'), itemButton(ctx, { kind: 'network', name: entry.name })),
          h('div', { class: 'muted' }, `${ROLE_WORDS[entry.role] ?? entry.role}${entry.bandwidth > 0 ? ` · ${formatBitRate(entry.bandwidth)} per port` : ''}`),
        ),
        this.state,
      ),
      h('div', { class: 'chart-box network-chart' }, canvas),
      this.now,
    );
    markFocusTarget(this.root, 'network', entry.name);
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: TRAFFIC.map((t, i) => ({
          label: t.word,
          data: [] as { x: number; y: number }[],
          fill: i === 0 ? 'origin' : '-1',
          pointRadius: 0,
          pointHitRadius: 4,
          // A sample's rates hold until the next sample.
          stepped: 'after' as const,
          borderWidth: palette.lineWidth,
          borderColor: palette.traffic[t.kind],
          backgroundColor: withAlpha(palette.traffic[t.kind], palette.areaAlpha),
        })),
      },
      options: {
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: false, text: 'simulated time' }, ticks: { maxTicksLimit: 8, callback: (v) => formatAxisTime(Number(v)) } },
          y: {
            stacked: true,
            min: 0,
            suggestedMax: entry.bandwidth > 0 ? entry.bandwidth : undefined,
            title: { display: true, text: 'bits/s' },
            ticks: { maxTicksLimit: 5, callback: (v) => formatAxisBitRate(Number(v)) },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => Number((item.raw as { y: number }).y) > 0,
            callbacks: {
              title: (items) => (items[0] ? formatClock(Number((items[0].raw as { x: number }).x), 1) : ''),
              label: (item) => `${item.dataset.label}: ${formatBitRate(Number((item.raw as { y: number }).y))}`,
            },
          },
        },
      },
    });
    themeScales(this.chart, palette);
    this.update(entry, range);
  }

  update(entry: NetworkEntry, range: TimeRange): void {
    if (this.up !== entry.up) {
      this.up = entry.up;
      replaceChildren(this.state, icon(entry.up ? 'pass' : 'error'), entry.up ? 'Up' : 'Down');
      this.state.className = `pill ${entry.up ? 'state-online' : 'state-noAccess'}`;
    }
    const datasets = this.chart.data.datasets;
    const samples = entry.samples;
    // The last point of each dataset is the last sample's rates carried on to now; take it off.
    if (this.hasTail) for (const ds of datasets) ds.data.pop();
    // Appended to: push the new samples in place. Thinned (a new, shorter array): refill.
    const n = this.drawnCount;
    const appended = this.drawnFrom !== null && samples.length >= n && (n === 0 || (samples[0] === this.drawnFrom[0] && samples[n - 1] === this.drawnFrom[n - 1]));
    const from = appended ? this.firstAfter(samples, this.lastT) : 0;
    if (!appended) for (const ds of datasets) ds.data = [];
    const end = samples.at(-1);
    TRAFFIC.forEach((t, k) => {
      const data = datasets[k].data;
      for (let i = from; i < samples.length; i++) data.push({ x: samples[i].t, y: samples[i].byKind[t.kind] ?? 0 });
      if (end && range.max > end.t) data.push({ x: range.max, y: end.byKind[t.kind] ?? 0 });
    });
    this.hasTail = !!end && range.max > end.t;
    this.lastT = end?.t ?? -Infinity;
    this.drawnFrom = samples;
    this.drawnCount = samples.length;
    const x = this.chart.options.scales?.x;
    if (x) {
      x.min = range.min;
      x.max = Math.max(range.max, range.min + 1);
    }
    this.chart.update('none');
    const last = entry.samples.at(-1);
    if (last) {
      const parts = TRAFFIC.filter((t) => (last.byKind[t.kind] ?? 0) > 0).map((t) => `${t.word.toLowerCase()} ${formatBitRate(last.byKind[t.kind])}`);
      setText(this.now, parts.length > 0 ? `Now: ${parts.join(', ')}.` : 'Now: idle.');
    } else setText(this.now, 'No samples yet.');
  }

  private firstAfter(samples: readonly NetworkSample[], t: number): number {
    let i = samples.length;
    while (i > 0 && samples[i - 1].t > t) i--;
    return i;
  }

  applyTheme(palette: Palette): void {
    themeScales(this.chart, palette);
    TRAFFIC.forEach((t, k) => {
      const ds = this.chart.data.datasets[k];
      ds.borderColor = palette.traffic[t.kind];
      ds.backgroundColor = withAlpha(palette.traffic[t.kind], palette.areaAlpha);
      ds.borderWidth = palette.lineWidth;
    });
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
