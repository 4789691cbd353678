/**
 * Cluster Shared Volumes as a grid, volumes by nodes: each cell is that node's access to that
 * volume (direct, redirected and why, paused during a coordinator move, maintenance, no access),
 * shown as an icon and a word, never by colour alone; the coordinator is marked, and each node's
 * redirected I/O through the coordinator is shown in its cell.
 */
import type { CellState, VolumeView } from '../../src/protocol';
import { h, icon } from '../dom';
import { formatBitRate, formatClock } from '../../src/format/quantities';
import type { Changes } from '../store';
import { emptyNote, itemButton, markFocusTarget, type ViewContext } from './context';

const CELL_STATES: Readonly<Record<CellState, { icon: string; word: string }>> = {
  direct: { icon: 'pass', word: 'Direct' },
  redirected: { icon: 'redo', word: 'Redirected' },
  paused: { icon: 'debug-pause', word: 'Paused' },
  maintenance: { icon: 'tools', word: 'Maintenance' },
  noAccess: { icon: 'circle-slash', word: 'No access' },
};

const REASONS: Readonly<Record<string, string>> = {
  storagePathLost: 'storage path lost',
  storagePathRestored: 'storage path restored',
  maintenance: 'maintenance (VMs offline)',
  redirectedAccess: 'redirected access (VMs running)',
  redirectedAccessEnded: 'redirected access off',
  backup: 'backup running',
  repair: 'repair (chkdsk/defrag)',
  coordinatorMove: 'coordinator moving',
  nodeDown: 'node down',
  nodeJoining: 'node joining',
};

function reasonWords(reason: string): string {
  return REASONS[reason] ?? reason;
}

export class VolumesView {
  private readonly table: HTMLTableElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private nodes: readonly string[] = [];

  constructor(private readonly ctx: ViewContext, readonly root: HTMLElement) {
    this.empty = emptyNote('No Cluster Shared Volumes in this scenario.');
    this.head = h('thead');
    this.body = h('tbody');
    this.table = h('table', { class: 'csv-grid' }, h('caption', { class: 'visually-hidden' }, 'Each node’s access to each Cluster Shared Volume'), this.head, this.body);
    root.append(this.empty, h('div', { class: 'table-scroll' }, this.table));
  }

  render(changes: Changes): void {
    const { store } = this.ctx;
    if (changes.reset) {
      this.nodes = store.nodes;
      this.renderHead();
      this.rows.clear();
      this.body.replaceChildren();
      for (const v of store.volumes.values()) this.upsert(v);
    } else {
      for (const disk of changes.volumes) {
        const v = store.volumes.get(disk);
        if (v) this.upsert(v);
      }
    }
    this.empty.hidden = this.rows.size > 0;
    this.table.hidden = this.rows.size === 0;
  }

  private renderHead(): void {
    const cells = this.nodes.map((node) => {
      const th = h('th', { attrs: { scope: 'col' } }, itemButton(this.ctx, { kind: 'node', name: node }));
      markFocusTarget(th, 'node', node);
      return th;
    });
    this.head.replaceChildren(h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Volume'), ...cells));
  }

  private upsert(v: VolumeView): void {
    const row = this.volumeRow(v);
    const old = this.rows.get(v.disk);
    if (old) old.replaceWith(row);
    else this.body.append(row);
    this.rows.set(v.disk, row);
  }

  private volumeRow(v: VolumeView): HTMLTableRowElement {
    const status = !v.online
      ? h('span', { class: 'pill state-noAccess' }, icon('error'), 'Offline')
      : v.maintenance
        ? h('span', { class: 'pill state-maintenance' }, icon('tools'), 'Maintenance (VMs offline)')
        : v.cells.some((c) => c.reason === 'redirectedAccess')
          ? h('span', { class: 'pill state-redirected' }, icon('arrow-swap'), 'Redirected access')
          : h('span', { class: 'pill state-online' }, icon('pass'), 'Online');
    const header = h('th', { class: 'volume-head', attrs: { scope: 'row' } },
      h('div', null, itemButton(this.ctx, { kind: 'volume', name: v.disk }, v.disk, 'volume-name')),
      h('div', { class: 'muted path' }, v.path),
      h('div', { class: 'volume-meta' }, status, h('span', { class: 'muted' }, 'coordinator '), itemButton(this.ctx, { kind: 'node', name: v.coordinator })),
    );
    const traffic = new Map(v.redirectedTraffic.map((r) => [r.node, r.bytesPerSecond]));
    // Cells by node name, in the header's node order (a cell for a node the header lacks is ignored).
    const byNode = new Map(v.cells.map((c) => [c.node, c]));
    const cells = this.nodes.map((node) => {
      const cell = byNode.get(node);
      if (!cell) return h('td', { class: 'cell-missing muted' }, '–');
      const s = CELL_STATES[cell.state] ?? { icon: 'question', word: cell.state };
      const coordinator = node === v.coordinator;
      const rate = traffic.get(node) ?? 0;
      const reason = cell.reason ? reasonWords(cell.reason) : null;
      const tip = [`${node} on ${v.disk}: ${s.word.toLowerCase()}`, reason, cell.since !== null ? `since ${formatClock(cell.since, 1)}` : null, coordinator ? 'coordinator node' : null]
        .filter(Boolean)
        .join(' · ');
      const td = h('td', { class: `cell state-${cell.state}${coordinator ? ' coordinator' : ''}`, title: tip, data: { node, state: cell.state } },
        h('div', { class: 'cell-state' }, icon(s.icon), h('span', { class: 'cell-word' }, s.word)),
        reason && cell.state !== 'direct' ? h('div', { class: 'cell-reason' }, reason) : null,
        cell.state === 'redirected' || rate > 0 ? h('div', { class: 'cell-traffic' }, icon('arrow-right'), `${formatBitRate(rate)} via ${v.coordinator}`) : null,
        coordinator ? h('div', { class: 'cell-coordinator' }, icon('star-full'), 'Coordinator') : null,
      );
      return td;
    });
    const tr = h('tr', null, header, ...cells);
    markFocusTarget(tr, 'volume', v.disk);
    return tr;
  }
}
