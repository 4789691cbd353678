/**
 * The dashboard's browser bundle: what the cluster does while it happens, and why afterwards.
 * It talks to the extension host only through the typed messages of src/protocol.ts, checks
 * every incoming message with `parseHostMessage` (anything else is dropped), renders every name
 * from the scenario as text, and keeps its own UI state (filters, focus) with getState/setState.
 *
 * Messages are applied to the store as they arrive; drawing is batched to one pass per frame.
 */
import './styles/dashboard.css';
import './elements';
import type { ItemRef } from '../src/protocol';
import { parseHostMessage } from '../src/protocolValidation';
import { applyChartDefaults } from './charts';
import { h } from './dom';
import { DashboardStore, mergeChanges, type Changes } from './store';
import { readPalette, watchTheme, type Palette } from './theme';
import { Host, type ViewState } from './vscode';
import type { ViewContext } from './views/context';
import { HeaderView } from './views/header';
import { MigrationsView } from './views/migrations';
import { NetworksView } from './views/networks';
import { TimelineView, type Filters } from './views/timeline';
import { VolumesView } from './views/volumes';

const host = new Host();
const store = new DashboardStore();
let viewState: ViewState = host.loadViewState();
let palette: Palette = readPalette();
applyChartDefaults(palette);

const ctx: ViewContext = {
  store,
  palette: () => palette,
  reveal: (item: ItemRef) => host.post({ type: 'reveal', item }),
};

function section(id: string, title: string, description: string): { section: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section-body' });
  const el = h('section', { class: 'dashboard-section', attrs: { id, 'aria-labelledby': `${id}-title` } },
    h('h2', { attrs: { id: `${id}-title` } }, title),
    h('p', { class: 'section-description muted' }, description),
    body,
  );
  return { section: el, body };
}

const root = document.getElementById('root') ?? document.body.appendChild(h('div', { attrs: { id: 'root' } }));
root.replaceChildren();
const headerEl = h('header', { class: 'page-header' });
const migrations = section('migrations', 'Migrations', 'Live migrations pass by pass (pages sent, pages dirtied meanwhile, where in memory the writes land) and quick migrations phase by phase.');
const volumes = section('volumes', 'Cluster Shared Volumes', 'Each node’s access to each volume; the coordinator node is marked, and redirected I/O goes through it over the cluster network.');
const networks = section('networks', 'Networks', 'What each cluster network carries over time, by kind of traffic.');
const timeline = section('events', 'Events', 'Everything the cluster did, in order. Select an event to reveal what it is about in the Cluster Explorer.');
root.append(headerEl, h('main', null, migrations.section, volumes.section, networks.section, timeline.section));

const header = new HeaderView(ctx, headerEl, () => setFocus(null, false));
const migrationsView = new MigrationsView(ctx, migrations.body);
const volumesView = new VolumesView(ctx, volumes.body);
const networksView = new NetworksView(ctx, networks.body);
const timelineView = new TimelineView(ctx, timeline.body, viewState.filters, (filters: Filters) => {
  viewState = { ...viewState, filters };
  host.saveViewState(viewState);
});

let pending: Changes | null = null;
let scheduled = false;
let applied = 0;
let received = 0;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
  // A hidden panel gets no animation frames; draw anyway, later.
  setTimeout(flush, 250);
}

function flush(): void {
  if (!scheduled) return;
  scheduled = false;
  const changes = pending;
  pending = null;
  if (changes) {
    try {
      header.render();
      migrationsView.render(changes);
      volumesView.render(changes);
      networksView.render(changes);
      timelineView.render(changes);
      applyFocus(false);
    } catch (err) {
      console.error('dashboard: drawing failed', err);
    }
  }
  applied = received;
  document.body.dataset.applied = String(applied);
}

function accept(changes: Changes): void {
  pending = pending ? mergeChanges(pending, changes) : changes;
  schedule();
}

function setFocus(item: ItemRef | null, scroll: boolean): void {
  viewState = { ...viewState, focused: item };
  host.saveViewState(viewState);
  applyFocus(scroll);
}

/** Highlights what the focused item is about, and scrolls to it when asked. */
function applyFocus(scroll: boolean): void {
  for (const el of document.querySelectorAll('.focused')) el.classList.remove('focused');
  const item = viewState.focused;
  timelineView.setFocused(item);
  if (!item) {
    header.showFocus(null, false);
    return;
  }
  const kind = item.kind === 'disk' ? 'volume' : item.kind;
  const targets: HTMLElement[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('[data-focus]')) {
    if (el.dataset.focus === kind && el.dataset.focusName === item.name) targets.push(el);
  }
  if (kind === 'node') {
    for (const el of document.querySelectorAll<HTMLElement>('td.cell')) if (el.dataset.node === item.name) targets.push(el);
  }
  for (const el of targets) el.classList.add('focused');
  const mention = [...timeline.body.querySelectorAll<HTMLElement>('.event.mentions-focus')].at(-1) ?? null;
  header.showFocus(item, targets.length > 0 || mention !== null);
  if (!scroll) return;
  const first = targets[0] ?? mention;
  if (first) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    first.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  received++;
  switch (message.type) {
    case 'init':
      accept(store.init(message.state));
      if (message.viewState) {
        // The host's copy wins: it is what the panel serializer restored.
        viewState = message.viewState;
        timelineView.setFilters(viewState.filters);
        host.saveViewState(viewState);
      }
      break;
    case 'update':
      accept(store.update(message.changes));
      break;
    case 'focus':
      // Draw what is pending first, so the item is on the page to scroll to.
      flushNow();
      setFocus(message.item, true);
      document.body.dataset.applied = String(received);
      break;
  }
});

function flushNow(): void {
  if (!scheduled) return;
  flush();
}

watchTheme((next) => {
  palette = next;
  applyChartDefaults(next);
  migrationsView.applyTheme(next);
  networksView.applyTheme(next);
});

applyFocus(false);
host.post({ type: 'ready' });
