/** The page header: the scenario, the simulated clock, the session state, a summary, the focused item. */
import type { DashboardState, ItemRef } from '../../src/protocol';
import { h, icon, replaceChildren, setText } from '../dom';
import { formatClock, formatCount } from '../../src/format/quantities';
import type { ViewContext } from './context';

const SESSION: Readonly<Record<DashboardState['session'], { icon: string; word: string }>> = {
  empty: { icon: 'circle-large-outline', word: 'No scenario' },
  ready: { icon: 'circle-large-outline', word: 'Ready' },
  playing: { icon: 'play', word: 'Playing' },
  paused: { icon: 'debug-pause', word: 'Paused' },
  ended: { icon: 'pass', word: 'Ended' },
};

export class HeaderView {
  private readonly title: HTMLElement;
  private readonly clock: HTMLElement;
  private readonly session: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly focus: HTMLElement;
  private readonly focusLabel: HTMLElement;
  private readonly focusNote: HTMLElement;

  constructor(private readonly ctx: ViewContext, readonly root: HTMLElement, onClearFocus: () => void) {
    this.title = h('h1', { class: 'scenario-name' }, 'Waiting for the simulation…');
    this.clock = h('span', { class: 'clock-time' }, formatClock(0, 1));
    this.session = h('span', { class: 'pill' });
    this.summary = h('p', { class: 'summary muted' });
    this.focusLabel = h('span', { class: 'focus-label' });
    const clear = h('button', { class: 'icon-button', title: 'Clear the highlight', attrs: { type: 'button', 'aria-label': 'Clear the highlight' } }, icon('close'));
    clear.addEventListener('click', onClearFocus);
    this.focusNote = h('span', { class: 'focus-note muted' });
    this.focus = h('div', { class: 'focus-chip', attrs: { role: 'status' } }, icon('target'), h('span', { class: 'muted' }, 'Selected:'), this.focusLabel, this.focusNote, clear);
    this.focus.hidden = true;
    root.append(
      h('div', { class: 'title-block' }, h('p', { class: 'eyebrow' }, 'Failover Cluster dashboard'), this.title, this.summary),
      h('div', { class: 'status-block' },
        h('div', { class: 'clock', title: 'Simulated time' }, icon('clock'), this.clock, h('span', { class: 'muted' }, 'simulated')),
        this.session,
      ),
      this.focus,
    );
    this.render();
  }

  render(): void {
    const { store } = this.ctx;
    setText(this.title, store.initialised ? store.scenario || 'Untitled scenario' : 'Waiting for the simulation…');
    setText(this.clock, formatClock(store.t, 1));
    const s = SESSION[store.session] ?? SESSION.empty;
    replaceChildren(this.session, icon(s.icon), s.word);
    this.session.className = `pill session-${store.session}`;
    let running = 0;
    let finished = 0;
    for (const m of store.migrations.values()) {
      if (m.outcome === 'running' || m.outcome === 'queued') running++;
      else finished++;
    }
    // Node-volume pairs by access state, the ones that are not direct.
    const access = new Map<string, number>();
    for (const v of store.volumes.values()) for (const c of v.cells) if (c.state !== 'direct') access.set(c.state, (access.get(c.state) ?? 0) + 1);
    const words: Record<string, string> = { redirected: 'redirected', paused: 'paused', maintenance: 'in maintenance', noAccess: 'without access' };
    const volumes = store.volumes.size === 0 ? null : access.size === 0 ? 'CSV access: all direct' : `CSV access: ${[...access].map(([state, n]) => `${n} ${words[state] ?? state}`).join(', ')}`;
    const parts = [
      `${store.nodes.length} ${store.nodes.length === 1 ? 'node' : 'nodes'}`,
      `migrations: ${running} running, ${finished} finished`,
      volumes,
      `${formatCount(store.events.length)} events`,
    ].filter((p): p is string => p !== null);
    setText(this.summary, store.initialised ? parts.join(' · ') : '');
  }

  showFocus(item: ItemRef | null, found: boolean): void {
    this.focus.hidden = item === null;
    if (!item) return;
    setText(this.focusLabel, `${item.kind} ${item.name}`);
    setText(this.focusNote, found ? '' : 'nothing about it on the dashboard yet');
  }
}
