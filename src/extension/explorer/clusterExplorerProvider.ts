/**
 * The Cluster Explorer's TreeDataProvider. It only delegates: what each item shows comes from the
 * view model (`model/`), how it renders from the item classes (`items/`). It keeps one item
 * object per id across refreshes and fires `onDidChangeTreeData` for just the items whose
 * descriptor changed (or whose children changed), the whole tree only when a scenario is loaded
 * or closed. While the view is hidden it only remembers the latest snapshot.
 */
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../engine/snapshot';
import type { Logger } from '../logger';
import { createItem } from './items/createItem';
import type { ExplorerItem, ItemHost } from './items/explorerItem';
import type { ScenarioFacts } from './model/context';
import { ExplorerModel } from './model/explorerModel';
import type { Target } from './target';

export class ClusterExplorerProvider implements vscode.TreeDataProvider<ExplorerItem>, ItemHost, vscode.Disposable {
  readonly model = new ExplorerModel();
  private readonly items = new Map<string, ExplorerItem>();
  private readonly emitter = new vscode.EventEmitter<ExplorerItem | ExplorerItem[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private pending: { snapshot: ClusterSnapshot | null; facts: ScenarioFacts | null } | null = null;
  private visible = true;

  constructor(private readonly log: Logger) {}

  /** A new snapshot (null: no scenario). Applied now if the view is visible, else when it shows. */
  update(snapshot: ClusterSnapshot | null, facts: ScenarioFacts | null): void {
    this.pending = { snapshot, facts };
    if (this.visible) this.flush();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.flush();
  }

  /** The item cached for an id, created on first use; undefined when the tree has no such id. */
  item(id: string): ExplorerItem | undefined {
    let item = this.items.get(id);
    if (!item) {
      const d = this.model.descriptor(id);
      if (!d) return undefined;
      item = createItem(d, this);
      this.items.set(id, item);
    }
    return item;
  }

  /** The item standing for a target (a VM's place under Virtual Machines), for `reveal`. */
  find(target: Target): ExplorerItem | undefined {
    this.flush();
    const id = this.model.find(target);
    return id === undefined ? undefined : this.item(id);
  }

  getTreeItem(element: ExplorerItem): vscode.TreeItem {
    return element.getTreeItem();
  }

  getChildren(element?: ExplorerItem): ExplorerItem[] {
    if (element) return element.getChildren();
    const out: ExplorerItem[] = [];
    for (const id of this.model.children(undefined)) {
      const item = this.item(id);
      if (item) out.push(item);
    }
    return out;
  }

  getParent(element: ExplorerItem): ExplorerItem | undefined {
    return element.getParent();
  }

  resolveTreeItem(item: vscode.TreeItem, element: ExplorerItem): vscode.TreeItem {
    item.tooltip = element.tooltip();
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private flush(): void {
    const next = this.pending;
    if (!next) return;
    this.pending = null;
    try {
      const diff = this.model.update(next.snapshot, next.facts);
      for (const id of diff.removed) this.items.delete(id);
      if (diff.all) {
        this.emitter.fire(undefined);
        return;
      }
      // Only items VS Code has been given can need a refresh; the others are built when asked for.
      const changed: ExplorerItem[] = [];
      for (const id of diff.changed) {
        const item = this.items.get(id);
        if (item) changed.push(item);
      }
      if (changed.length) this.emitter.fire(changed);
    } catch (err) {
      this.log.error('Cluster Explorer: refresh', err);
    }
  }
}
