/**
 * One card per migration, live or quick, running or finished: newest first. A live migration
 * shows its pre-copy passes (pages sent per pass and pages dirtied during it, the running pass
 * included), the running pass's progress, the key facts, and the dirty-bitmap strip; a quick
 * one its save / disk move / restore phases on one time axis. Running cards update in place;
 * finished ones stay.
 */
import type { MigrationView, PassView } from '../../src/protocol';
import { Chart, themeScales } from '../charts';
import { h, icon, replaceChildren, setText } from '../dom';
import { formatAxisCount, formatBitRate, formatBytes, formatClock, formatCount, formatDuration, formatPages, formatPercent } from '../../src/format/quantities';
import type { Changes } from '../store';
import type { Palette } from '../theme';
import { withAlpha } from '../theme';
import { DensityStrip } from './densityStrip';
import { emptyNote, itemButton, markFocusTarget, type ViewContext } from './context';

/** Cards kept on the page; the oldest finished ones go first beyond this. */
const MAX_CARDS = 60;

const OUTCOME: Readonly<Record<MigrationView['outcome'], { icon: string; word: string }>> = {
  queued: { icon: 'watch', word: 'Queued' },
  running: { icon: 'sync', word: 'Running' },
  completed: { icon: 'pass', word: 'Completed' },
  failed: { icon: 'error', word: 'Failed' },
};

const STOP_REASON: Readonly<Record<NonNullable<MigrationView['stopReason']>, string>> = {
  converged: 'converged: what was left fit the blackout target',
  maxPasses: 'reached the pass limit',
  notConverging: 'not converging: pages were dirtied as fast as they were sent',
};

const PHASES = ['save', 'diskMove', 'restore'] as const;
type Phase = (typeof PHASES)[number];
type OfflineAction = NonNullable<MigrationView['offlineAction']>;
/** A move through the VM's offline action names its first phase by the action, its last by how the VM comes back. */
const OFFLINE_WORDS: Readonly<Record<OfflineAction, [word: string, running: string]>> = {
  save: ['Save', 'Saving memory to the shared storage'],
  shutdown: ['Shut down', 'The guest is shutting down (offline action Shut down)'],
  turnOff: ['Turn off', 'Turned off (offline action Turn off)'],
};
function phaseWord(phase: Phase, action: MigrationView['offlineAction']): string {
  if (phase === 'diskMove') return 'Disk move';
  if (phase === 'save') return OFFLINE_WORDS[action ?? 'save'][0];
  return action === null || action === 'save' ? 'Restore' : 'Boot';
}
function phaseRunning(phase: Phase, action: MigrationView['offlineAction']): string {
  if (phase === 'diskMove') return 'Moving the disk to the target node';
  if (phase === 'save') return OFFLINE_WORDS[action ?? 'save'][1];
  return action === null || action === 'save' ? 'Restoring memory on the target node' : 'Booting on the target node';
}

export class MigrationsView {
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly cards = new Map<string, MigrationCard>();

  constructor(private readonly ctx: ViewContext, readonly root: HTMLElement) {
    this.empty = emptyNote('No migrations yet. Live-migrate or quick-migrate a VM (from the Cluster Explorer or the scenario’s timeline) to see it here, pass by pass.');
    this.list = h('div', { class: 'migration-list' });
    root.append(this.empty, this.list);
  }

  render(changes: Changes): void {
    const { store } = this.ctx;
    if (changes.reset) {
      for (const card of this.cards.values()) card.destroy();
      this.cards.clear();
      this.list.replaceChildren();
      const all = [...store.migrations.values()].sort((a, b) => b.requestedAt - a.requestedAt);
      for (const m of all.slice(0, MAX_CARDS)) {
        const card = new MigrationCard(this.ctx, m);
        this.cards.set(m.id, card);
        this.list.append(card.root);
      }
    } else {
      for (const id of changes.migrations) {
        const m = store.migrations.get(id);
        if (!m) continue;
        const card = this.cards.get(id);
        if (card) card.update(m);
        else {
          const fresh = new MigrationCard(this.ctx, m);
          this.cards.set(id, fresh);
          this.list.prepend(fresh.root);
          this.trim();
        }
      }
      // Quick migrations draw a running phase up to "now".
      if (changes.clock) {
        for (const [id, card] of this.cards) {
          const m = store.migrations.get(id);
          if (m && m.type === 'quick' && m.outcome === 'running' && !changes.migrations.has(id)) card.update(m);
        }
      }
    }
    this.empty.hidden = this.cards.size > 0;
  }

  applyTheme(palette: Palette): void {
    for (const card of this.cards.values()) card.applyTheme(palette);
  }

  private trim(): void {
    if (this.cards.size <= MAX_CARDS) return;
    const store = this.ctx.store;
    const finished = [...this.cards.keys()].filter((id) => {
      const o = store.migrations.get(id)?.outcome;
      return o === 'completed' || o === 'failed';
    });
    const victims = finished.length > 0 ? finished : [...this.cards.keys()];
    victims.sort((a, b) => (store.migrations.get(a)?.requestedAt ?? 0) - (store.migrations.get(b)?.requestedAt ?? 0));
    while (this.cards.size > MAX_CARDS && victims.length > 0) {
      const id = victims.shift() as string;
      this.cards.get(id)?.destroy();
      this.cards.delete(id);
    }
  }
}

class MigrationCard {
  readonly root: HTMLElement;
  private readonly outcome: HTMLElement;
  private readonly progressRow: HTMLElement;
  private readonly progressLabel: HTMLElement;
  private readonly progressBar: HTMLElement & { value?: number; max: number; indeterminate: boolean };
  private readonly facts: HTMLTableSectionElement;
  /** The chart's numbers as a table (the canvas's text alternative), under a disclosure. */
  private readonly dataRows: HTMLTableSectionElement;
  private readonly chart: Chart;
  private readonly strip: DensityStrip | null;
  private readonly stripNote: HTMLElement | null;
  private m: MigrationView;
  /** The pass behind each bar of the passes chart (null: running pass, final copy), for tooltips. */
  private barPasses: (PassView | null)[] = [];

  constructor(private readonly ctx: ViewContext, m: MigrationView) {
    this.m = m;
    const palette = ctx.palette();
    const live = m.type === 'live';
    this.outcome = h('span', { class: 'pill' });
    const title = h('h3', { class: 'card-title' },
      icon(live ? 'arrow-swap' : 'save'),
      itemButton(ctx, { kind: 'vm', name: m.vm }, m.vm, 'vm-name'),
      h('span', { class: 'card-subtitle' }, live ? 'live migration' : 'quick migration'),
    );
    const route = h('div', { class: 'route' },
      itemButton(ctx, { kind: 'node', name: m.from }),
      h('span', { class: 'route-arrow', attrs: { 'aria-label': 'to' } }, '→'),
      itemButton(ctx, { kind: 'node', name: m.to }),
      m.network !== null ? h('span', { class: 'muted' }, ' over ') : null,
      m.network !== null ? itemButton(ctx, { kind: 'network', name: m.network }) : null,
    );
    this.progressLabel = h('span', { class: 'progress-label' });
    this.progressBar = document.createElement('vscode-progress-bar') as MigrationCard['progressBar'];
    this.progressBar.max = 100;
    this.progressRow = h('div', { class: 'progress-row' }, this.progressLabel, this.progressBar);
    this.facts = h('tbody');
    const canvas = h('canvas', { attrs: { role: 'img' } });
    const chartBox = h('div', { class: live ? 'chart-box passes' : 'chart-box phases' }, canvas);
    this.dataRows = h('tbody');
    const dataHead = live
      ? h('tr', null, ...['Pass', 'Pages sent', 'Dirtied meanwhile', 'Duration', 'Rate'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))
      : h('tr', null, ...['Phase', 'From', 'To', 'Duration'].map((t) => h('th', { attrs: { scope: 'col' } }, t)));
    const dataTable = h('details', { class: 'chart-data' },
      h('summary', null, live ? 'Passes as a table' : 'Phases as a table'),
      h('table', { class: live ? 'data-table pass-table' : 'data-table phase-table' }, h('thead', null, dataHead), this.dataRows),
    );
    this.strip = live ? new DensityStrip(palette) : null;
    this.stripNote = live ? h('p', { class: 'strip-note muted' }) : null;
    this.root = h('article', { class: 'card migration', data: { migrationId: m.id } },
      h('header', { class: 'card-header' }, h('div', { class: 'card-heading' }, title, route), this.outcome),
      this.progressRow,
      h('div', { class: 'card-body' }, h('div', { class: 'chart-column' }, chartBox, dataTable), h('table', { class: 'facts' }, this.facts)),
      this.strip?.root ?? null,
      this.stripNote,
    );
    markFocusTarget(this.root, 'vm', m.vm);
    canvas.setAttribute('aria-label', live ? `Pre-copy passes of ${m.vm}: pages sent and pages dirtied per pass` : `Quick migration phases of ${m.vm} over time`);
    this.chart = live ? passesChart(canvas, palette, () => this.barPasses) : phasesChart(canvas, palette);
    this.update(m);
  }

  update(m: MigrationView): void {
    this.m = m;
    const o = OUTCOME[m.outcome];
    replaceChildren(this.outcome, icon(o.icon, m.outcome === 'running' ? 'codicon-modifier-spin' : ''), o.word);
    this.outcome.className = `pill outcome-${m.outcome}`;
    this.root.classList.toggle('running', m.outcome === 'running');
    this.updateProgress(m);
    this.updateFacts(m);
    if (m.type === 'live') this.updatePasses(m);
    else this.updatePhases(m);
    this.updateStrip(m);
  }

  applyTheme(palette: Palette): void {
    themeScales(this.chart, palette);
    this.colourChart(palette);
    this.strip?.applyTheme(palette);
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
    this.strip?.destroy();
    this.root.remove();
  }

  private updateProgress(m: MigrationView): void {
    const running = m.outcome === 'running';
    this.progressRow.hidden = !running;
    if (!running) return;
    const bar = this.progressBar;
    if (m.type === 'live' && m.currentPass) {
      const p = m.currentPass;
      bar.indeterminate = false;
      bar.value = Math.round(p.progress * 1000) / 10;
      setText(this.progressLabel, `Pass ${p.index}: ${formatPercent(p.progress)} of ${formatPages(p.pages)} sent · ${formatBitRate(m.throughput)}`);
      bar.setAttribute('aria-label', `Pass ${p.index} progress`);
      return;
    }
    bar.indeterminate = true;
    bar.value = undefined;
    if (m.type === 'live') {
      setText(this.progressLabel, m.stopReason ? `Final copy: the VM is suspended, ${formatPages(m.finalPages)} and the device state are sent` : 'Sending the configuration; the target creates the shell VM');
    } else {
      const phase = m.phases.find((p) => p.to === null);
      setText(this.progressLabel, phase ? phaseRunning(phase.phase, m.offlineAction) : 'Starting');
    }
  }

  private updateFacts(m: MigrationView): void {
    const rows: [string, string][] = [];
    const started = m.startedAt;
    const end = m.completedAt ?? this.ctx.store.t;
    rows.push(['Requested', formatClock(m.requestedAt, 1)]);
    if (started !== null) rows.push([m.completedAt !== null ? 'Took' : 'Running for', `${formatDuration(Math.max(0, end - started))} (from ${formatClock(started, 1)})`]);
    if (m.type === 'live') {
      const sentPages = m.passes.reduce((s, p) => s + p.pages, 0);
      const sentBytes = m.passes.reduce((s, p) => s + p.bytes, 0);
      const precopy = m.passes.reduce((s, p) => s + p.duration, 0);
      rows.push(['Passes', m.passes.length === 0 ? (m.currentPass ? 'first pass running' : 'none yet') : `${m.passes.length}${m.currentPass ? ' + 1 running' : ''}`]);
      if (m.stopReason) rows.push(['Stopped', STOP_REASON[m.stopReason]]);
      rows.push(['Network used', sentBytes > 0 ? `${formatBytes(sentBytes)} in ${formatCount(sentPages)} pages` : '–']);
      rows.push(['Throughput', [m.outcome === 'running' ? `now ${formatBitRate(m.throughput)}` : '', precopy > 0 ? `average ${formatBitRate(sentBytes / precopy)}` : ''].filter(Boolean).join(', ') || '–']);
      if (m.outcome === 'running' && m.dirtyPages !== null) rows.push(['Dirty set now', formatPages(m.dirtyPages)]);
      if (m.stopReason) rows.push(['Final copy', formatPages(m.finalPages)]);
    } else if (m.movedWith.length > 0) {
      rows.push(['Moved with', m.movedWith.join(', ')]);
    }
    if (m.blackout !== null) rows.push([m.type === 'live' ? 'Blackout' : 'Outage', formatDuration(m.blackout)]);
    if (m.clients > 0) {
      const lost = m.clientsDisconnected;
      rows.push(['Clients', m.outcome === 'completed' || lost > 0 ? `${formatCount(m.clients - lost)} kept, ${formatCount(lost)} lost` : `${formatCount(m.clients)} connected`]);
    }
    if (m.reason) rows.push([m.outcome === 'failed' ? 'Why it failed' : 'Note', m.reason]);
    this.facts.replaceChildren(...rows.map(([k, v]) => h('tr', null, h('th', { attrs: { scope: 'row' } }, k), h('td', null, v))));
  }

  private updatePasses(m: MigrationView): void {
    const labels: string[] = [];
    const sent: (number | null)[] = [];
    const dirtied: (number | null)[] = [];
    const passes: (PassView | null)[] = [];
    for (const p of m.passes) {
      labels.push(`Pass ${p.index}`);
      sent.push(p.pages || null);
      dirtied.push(p.dirtiedPages || null);
      passes.push(p);
    }
    if (m.currentPass) {
      labels.push(`Pass ${m.currentPass.index} (running)`);
      sent.push(m.currentPass.pages || null);
      dirtied.push(m.dirtyPages || null);
      passes.push(null);
    }
    if (m.stopReason) {
      labels.push('Final copy');
      sent.push(m.finalPages || null);
      dirtied.push(null);
      passes.push(null);
    }
    const chart = this.chart;
    chart.data.labels = labels;
    chart.data.datasets[0].data = sent;
    chart.data.datasets[1].data = dirtied;
    this.barPasses = passes;
    const rows = m.passes.map((p) =>
      h('tr', { data: { pass: String(p.index) } },
        h('td', null, String(p.index)),
        h('td', null, formatCount(p.pages)),
        h('td', null, formatCount(p.dirtiedPages)),
        h('td', null, formatDuration(p.duration)),
        h('td', null, formatBitRate(p.duration > 0 ? p.bytes / p.duration : 0)),
      ),
    );
    if (m.currentPass) {
      rows.push(h('tr', { class: 'running-row' },
        h('td', null, `${m.currentPass.index} (running)`),
        h('td', null, `${formatCount(m.currentPass.pages)} (${formatPercent(m.currentPass.progress)} sent)`),
        h('td', null, m.dirtyPages !== null ? `${formatCount(m.dirtyPages)} so far` : '–'),
        h('td', null, '–'),
        h('td', null, formatBitRate(m.throughput)),
      ));
    }
    if (m.stopReason) rows.push(h('tr', { class: 'final-row' }, h('td', null, 'Final copy'), h('td', null, formatCount(m.finalPages)), h('td', null, '–'), h('td', null, m.blackout !== null ? formatDuration(m.blackout) : '–'), h('td', null, '')));
    this.dataRows.replaceChildren(...rows);
    this.colourChart(this.ctx.palette());
    chart.update('none');
  }

  private updatePhases(m: MigrationView): void {
    const now = this.ctx.store.t;
    const start = m.startedAt ?? m.phases[0]?.from ?? now;
    const data = PHASES.map((phase) => {
      const p = m.phases.find((x) => x.phase === phase);
      return p ? ([p.from, p.to ?? Math.max(p.from, now)] as [number, number]) : null;
    });
    const last = Math.max(start, ...data.map((d) => (d ? d[1] : start)));
    this.dataRows.replaceChildren(
      ...m.phases.map((p) =>
        h('tr', { data: { phase: p.phase } },
          h('td', null, phaseWord(p.phase, m.offlineAction)),
          h('td', null, formatClock(p.from, 1)),
          h('td', null, p.to !== null ? formatClock(p.to, 1) : 'running'),
          h('td', null, formatDuration((p.to ?? now) - p.from)),
        ),
      ),
    );
    const chart = this.chart;
    chart.data.labels = PHASES.map((p) => phaseWord(p, m.offlineAction));
    chart.data.datasets[0].data = data as unknown as number[];
    const x = chart.options.scales?.x;
    if (x) {
      x.min = start;
      x.max = last > start ? last : start + 1;
    }
    chart.update('none');
  }

  private updateStrip(m: MigrationView): void {
    if (!this.strip || !this.stripNote) return;
    const current = m.dirtyDensity && m.dirtyDensity.length > 0 ? m.dirtyDensity : null;
    const last = this.ctx.store.lastDensity.get(m.id);
    if (current && m.outcome === 'running') {
      const pass = m.currentPass?.index;
      this.strip.root.hidden = false;
      this.strip.set(current, m.hotFraction, pass ? `Dirty bitmap of pass ${pass}: where the VM writes while it is sent` : 'Dirty bitmap: pages left for the final copy');
      this.stripNote.hidden = true;
    } else if (last) {
      this.strip.root.hidden = false;
      this.strip.set(last.density, m.hotFraction, `Dirty bitmap as last seen, during pass ${last.pass} (${formatClock(last.t, 1)})`);
      this.stripNote.hidden = true;
    } else {
      this.strip.root.hidden = true;
      this.stripNote.hidden = false;
      setText(this.stripNote, m.outcome === 'queued' ? 'The dirty bitmap is drawn once pre-copy starts.' : 'The dirty bitmap is drawn while pre-copy runs.');
    }
  }

  private colourChart(palette: Palette): void {
    const chart = this.chart;
    if (this.m.type === 'live') {
      const n = chart.data.labels?.length ?? 0;
      const running = this.m.currentPass ? (chart.data.labels as string[]).findIndex((l) => l.endsWith('(running)')) : -1;
      const final = this.m.stopReason ? n - 1 : -1;
      const shade = (color: string) =>
        Array.from({ length: n }, (_, i) => (i === running ? withAlpha(color, 0.45) : i === final ? withAlpha(color, 0.7) : color));
      const [s, d] = chart.data.datasets;
      s.backgroundColor = shade(palette.sent);
      s.borderColor = palette.sent;
      d.backgroundColor = shade(palette.dirtied);
      d.borderColor = palette.dirtied;
      s.borderWidth = palette.lineWidth;
      d.borderWidth = palette.lineWidth;
    } else {
      const ds = chart.data.datasets[0];
      ds.backgroundColor = PHASES.map((p) => palette.phases[p]);
      ds.borderColor = PHASES.map((p) => palette.phases[p]);
    }
  }
}

function passesChart(canvas: HTMLCanvasElement, palette: Palette, barPasses: () => readonly (PassView | null)[]): Chart {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: 'Pages sent', data: [], backgroundColor: palette.sent, borderColor: palette.sent, borderWidth: palette.lineWidth },
        { label: 'Dirtied meanwhile (left to send)', data: [], backgroundColor: palette.dirtied, borderColor: palette.dirtied, borderWidth: palette.lineWidth },
      ],
    },
    options: {
      scales: {
        x: { grid: { display: false } },
        y: { type: 'logarithmic', title: { display: true, text: 'pages (log scale)' }, ticks: { callback: (v) => logTick(Number(v)) } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatPages(Number(item.raw))}`,
            footer: (items) => {
              const pass = barPasses()[items[0]?.dataIndex ?? -1];
              return pass ? `${formatDuration(pass.duration)} at ${formatBitRate(pass.duration > 0 ? pass.bytes / pass.duration : 0)}` : '';
            },
          },
        },
      },
    },
  });
  themeScales(chart, palette);
  return chart;
}

function phasesChart(canvas: HTMLCanvasElement, palette: Palette): Chart {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: PHASES.map((p) => phaseWord(p, 'save')),
      datasets: [{ label: 'Phase', data: [], backgroundColor: PHASES.map((p) => palette.phases[p]), borderSkipped: false, barPercentage: 0.7 }],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', title: { display: true, text: 'simulated time' }, ticks: { callback: (v) => formatClock(Number(v)) } },
        y: { grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const range = item.raw as [number, number] | null;
              return range ? `${formatClock(range[0], 1)} → ${formatClock(range[1], 1)} (${formatDuration(range[1] - range[0])})` : '';
            },
          },
        },
      },
    },
  });
  themeScales(chart, palette);
  return chart;
}

function logTick(v: number): string {
  const exp = Math.log10(v);
  return Math.abs(exp - Math.round(exp)) < 1e-9 ? formatAxisCount(v) : '';
}
