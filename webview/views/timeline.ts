/**
 * The run's events, oldest first, with filters by node, VM, volume and kind and a text search.
 * Clicking an event reveals what it is about in the Cluster Explorer; its names are buttons that
 * reveal each one. New events are appended in place; the list keeps at most MAX_ROWS rows.
 */
import type { ItemRef, TimelineEvent } from '../../src/protocol';
import { eventMatches } from '../../src/protocolState';
import { h, setText } from '../dom';
import { formatClock, formatCount } from '../../src/format/quantities';
import type { Changes } from '../store';
import { itemButton, type ViewContext } from './context';

const MAX_ROWS = 400;

type FilterKey = 'node' | 'vm' | 'volume' | 'kind' | 'text';
const FILTER_KEYS: readonly FilterKey[] = ['node', 'vm', 'volume', 'kind', 'text'];
export type Filters = Record<FilterKey, string>;

const KIND_GROUPS: Readonly<Record<string, string>> = {
  migration: 'Migration',
  csv: 'Cluster Shared Volume',
  node: 'Node',
  vm: 'Virtual machine',
  network: 'Network',
  link: 'Link',
  netft: 'NetFT route',
  quorum: 'Quorum',
  action: 'Action',
  simulation: 'Simulation',
  failover: 'Failover',
};

function kindGroup(kind: string): string {
  return kind.split('.')[0];
}

function groupWord(group: string): string {
  return KIND_GROUPS[group] ?? group;
}

function mentions(e: TimelineEvent, item: ItemRef): boolean {
  switch (item.kind) {
    case 'vm':
      return e.refs.vms.includes(item.name);
    case 'node':
      return e.refs.nodes.includes(item.name);
    case 'network':
      return e.refs.networks.includes(item.name);
    case 'volume':
    case 'disk':
      return e.refs.disks.includes(item.name);
  }
}

/** The filters this view knows, from a saved map that may hold others. */
function pickFilters(raw: Readonly<Record<string, string>>): Partial<Filters> {
  const out: Partial<Filters> = {};
  for (const key of FILTER_KEYS) if (typeof raw[key] === 'string') out[key] = raw[key].slice(0, 200);
  return out;
}

type Select = HTMLElement & { value: string };

export class TimelineView {
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly selects: Record<Exclude<FilterKey, 'text'>, Select>;
  private readonly options: Record<Exclude<FilterKey, 'text'>, Set<string>>;
  private readonly search: HTMLElement & { value: string };
  private filters: Filters;
  private shown = 0;
  private matched = 0;
  private focused: ItemRef | null = null;
  private readonly rowEvents = new WeakMap<HTMLElement, TimelineEvent>();

  constructor(
    private readonly ctx: ViewContext,
    readonly root: HTMLElement,
    initial: Partial<Filters>,
    private readonly onFilters: (filters: Filters) => void,
  ) {
    this.filters = { node: '', vm: '', volume: '', kind: '', text: '', ...pickFilters(initial) };
    this.options = { node: new Set(), vm: new Set(), volume: new Set(), kind: new Set() };
    this.selects = {
      node: this.select('node', 'Node', 'All nodes'),
      vm: this.select('vm', 'VM', 'All VMs'),
      volume: this.select('volume', 'Volume', 'All volumes'),
      kind: this.select('kind', 'Kind', 'All kinds'),
    };
    this.search = document.createElement('vscode-textfield') as HTMLElement & { value: string };
    this.search.setAttribute('placeholder', 'Filter by text');
    this.search.setAttribute('aria-label', 'Filter events by text');
    this.search.setAttribute('maxlength', '200');
    this.search.id = 'filter-text';
    this.search.value = this.filters.text;
    this.search.addEventListener('input', () => this.setFilter('text', this.search.value));
    const clear = document.createElement('vscode-button');
    clear.setAttribute('secondary', '');
    clear.textContent = 'Clear filters';
    clear.addEventListener('click', () => this.clearFilters());
    this.status = h('span', { class: 'timeline-status muted', attrs: { 'aria-live': 'polite' } });
    const toolbar = h('div', { class: 'timeline-filters' },
      ...(['node', 'vm', 'volume', 'kind'] as const).map((k) => h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, this.selects[k].getAttribute('aria-label') ?? k), this.selects[k])),
      h('label', { class: 'filter filter-text' }, h('span', { class: 'filter-label' }, 'Text'), this.search),
      clear,
    );
    this.list = h('div', { class: 'event-list', attrs: { role: 'list', 'aria-label': 'Events' } });
    root.append(toolbar, this.status, this.list);
  }

  get currentFilters(): Filters {
    return { ...this.filters };
  }

  render(changes: Changes): void {
    const { store } = this.ctx;
    if (changes.reset) {
      for (const set of Object.values(this.options)) set.clear();
      for (const s of Object.values(this.selects)) s.replaceChildren(this.allOption(s));
      this.addOptions('node', store.nodes);
      this.addOptions('vm', [...store.migrations.values()].map((m) => m.vm));
      this.addOptions('volume', [...store.volumes.keys()]);
      this.addOptionsFrom(store.events);
      this.restoreSelections();
      this.rebuild();
      return;
    }
    if (changes.migrations.size > 0) this.addOptions('vm', [...changes.migrations].map((id) => store.migrations.get(id)?.vm ?? '').filter(Boolean));
    if (changes.volumes.size > 0) this.addOptions('volume', [...changes.volumes]);
    if (changes.events.length > 0) {
      this.addOptionsFrom(changes.events);
      this.append(changes.events);
    }
  }

  /** Takes filters from elsewhere (the host's copy of the view state); tells nobody. */
  setFilters(filters: Partial<Filters>): void {
    this.filters = { node: '', vm: '', volume: '', kind: '', text: '', ...pickFilters(filters) };
    this.restoreSelections();
    this.rebuild();
  }

  setFocused(item: ItemRef | null): void {
    this.focused = item;
    for (const row of this.list.children) this.markMention(row as HTMLElement);
  }

  private select(key: Exclude<FilterKey, 'text'>, label: string, all: string): Select {
    const s = document.createElement('vscode-single-select') as Select;
    s.setAttribute('aria-label', label);
    s.id = `filter-${key}`;
    s.dataset.all = all;
    s.append(this.allOption(s, all));
    s.addEventListener('change', () => this.setFilter(key, s.value));
    return s;
  }

  private allOption(s: HTMLElement, all = s.dataset.all ?? 'All'): HTMLElement {
    const o = document.createElement('vscode-option') as HTMLElement & { value: string };
    o.value = '';
    o.textContent = all;
    return o;
  }

  private addOptions(key: Exclude<FilterKey, 'text'>, values: readonly string[]): void {
    const set = this.options[key];
    let added = false;
    for (const value of values) {
      if (!value || set.has(value)) continue;
      set.add(value);
      const o = document.createElement('vscode-option') as HTMLElement & { value: string };
      o.value = value;
      o.textContent = key === 'kind' ? groupWord(value) : value;
      this.selects[key].append(o);
      added = true;
    }
    // A filter restored from saved state names an option that may only now exist.
    if (added && this.filters[key] && this.selects[key].value !== this.filters[key]) this.selects[key].value = this.filters[key];
  }

  private addOptionsFrom(events: readonly TimelineEvent[]): void {
    const nodes: string[] = [];
    const vms: string[] = [];
    const disks: string[] = [];
    const kinds: string[] = [];
    for (const e of events) {
      nodes.push(...e.refs.nodes);
      vms.push(...e.refs.vms);
      disks.push(...e.refs.disks);
      kinds.push(kindGroup(e.kind));
    }
    this.addOptions('node', nodes);
    this.addOptions('vm', vms);
    this.addOptions('volume', disks);
    this.addOptions('kind', kinds);
  }

  private restoreSelections(): void {
    for (const key of ['node', 'vm', 'volume', 'kind'] as const) {
      const want = this.filters[key];
      if (this.selects[key].value !== want) this.selects[key].value = want;
    }
    if (this.search.value !== this.filters.text) this.search.value = this.filters.text;
  }

  private setFilter(key: FilterKey, value: string): void {
    if (this.filters[key] === value) return;
    this.filters = { ...this.filters, [key]: value };
    this.rebuild();
    this.onFilters(this.currentFilters);
  }

  private clearFilters(): void {
    this.filters = { node: '', vm: '', volume: '', kind: '', text: '' };
    this.restoreSelections();
    this.rebuild();
    this.onFilters(this.currentFilters);
  }

  private rebuild(): void {
    const events = this.ctx.store.events;
    const hits: TimelineEvent[] = [];
    for (const e of events) if (eventMatches(e, this.filters)) hits.push(e);
    this.matched = hits.length;
    const rows = hits.slice(-MAX_ROWS).map((e) => this.row(e));
    this.list.replaceChildren(...rows);
    this.shown = rows.length;
    this.updateStatus();
    this.list.scrollTop = this.list.scrollHeight;
  }

  private append(events: readonly TimelineEvent[]): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 24;
    const rows: HTMLElement[] = [];
    for (const e of events) if (eventMatches(e, this.filters)) rows.push(this.row(e));
    if (rows.length === 0) return;
    this.matched += rows.length;
    this.list.append(...rows);
    this.shown += rows.length;
    while (this.shown > MAX_ROWS && this.list.firstChild) {
      this.list.firstChild.remove();
      this.shown--;
    }
    this.updateStatus();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  private updateStatus(): void {
    const total = this.ctx.store.events.length;
    const filtered = FILTER_KEYS.some((k) => this.filters[k]);
    let text = filtered ? `${formatCount(this.matched)} of ${formatCount(total)} events match` : `${formatCount(total)} events`;
    if (this.shown < this.matched) text += `; showing the last ${formatCount(this.shown)}`;
    setText(this.status, text + '.');
  }

  private row(e: TimelineEvent): HTMLElement {
    const refs: ItemRef[] = [
      ...e.refs.vms.map((name) => ({ kind: 'vm' as const, name })),
      ...e.refs.nodes.map((name) => ({ kind: 'node' as const, name })),
      ...e.refs.disks.map((name) => ({ kind: this.ctx.store.volumes.has(name) ? ('volume' as const) : ('disk' as const), name })),
      ...e.refs.networks.map((name) => ({ kind: 'network' as const, name })),
    ];
    const group = kindGroup(e.kind);
    const row = h('div', {
      class: `event kind-${/^[a-z]+$/i.test(group) ? group : 'other'}`,
      attrs: { role: 'listitem', tabindex: '0' },
      data: { seq: String(e.seq) },
      title: refs.length > 0 ? `Reveal ${refs[0].name} in the Cluster Explorer` : '',
    },
      h('span', { class: 'event-time' }, formatClock(e.t, 1)),
      h('span', { class: 'event-kind' }, e.kind),
      h('span', { class: 'event-text' }, e.text),
      h('span', { class: 'event-refs' }, ...refs.map((r) => itemButton(this.ctx, r))),
    );
    if (refs.length > 0) {
      const reveal = () => this.ctx.reveal(refs[0]);
      row.addEventListener('click', reveal);
      row.addEventListener('keydown', (ev) => {
        if (ev.target === row && (ev.key === 'Enter' || ev.key === ' ')) {
          ev.preventDefault();
          reveal();
        }
      });
    }
    this.rowEvents.set(row, e);
    this.markMention(row);
    return row;
  }

  private markMention(row: HTMLElement): void {
    const e = this.rowEvents.get(row);
    row.classList.toggle('mentions-focus', !!(e && this.focused && mentions(e, this.focused)));
  }
}
