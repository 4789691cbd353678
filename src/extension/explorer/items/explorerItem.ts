/**
 * The base of the explorer's tree nodes. An item is only an id: what it shows is read from the
 * current view model each time VS Code asks, so one object stands for one id across refreshes and
 * `onDidChangeTreeData` can name just the items that changed. One subclass per kind, each in its
 * own file, owns `getTreeItem()` and `getChildren()`.
 */
import * as vscode from 'vscode';
import type { ExplorerModel } from '../model/explorerModel';
import type { Collapsible, ItemDescriptor } from '../model/descriptor';
import type { HasTarget, Target } from '../target';

/** What items need from the provider: the model, and the one cached item per id. */
export interface ItemHost {
  readonly model: ExplorerModel;
  item(id: string): ExplorerItem | undefined;
}

const COLLAPSIBLE: Readonly<Record<Collapsible, vscode.TreeItemCollapsibleState>> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export abstract class ExplorerItem implements HasTarget {
  private last: ItemDescriptor;

  constructor(
    readonly id: string,
    protected readonly host: ItemHost,
    descriptor: ItemDescriptor,
  ) {
    this.last = descriptor;
  }

  /** What the item shows now (what it last showed, if it has just gone from the tree). */
  get descriptor(): ItemDescriptor {
    const d = this.host.model.descriptor(this.id);
    if (d) this.last = d;
    return this.last;
  }

  get target(): Target {
    return this.descriptor.target;
  }

  abstract getTreeItem(): vscode.TreeItem;

  abstract getChildren(): ExplorerItem[];

  getParent(): ExplorerItem | undefined {
    const parent = this.host.model.parent(this.id);
    return parent === undefined ? undefined : this.host.item(parent);
  }

  /** The tooltip, given on hover only (`resolveTreeItem`), so a long list does not carry thousands of them. */
  tooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString(this.descriptor.tooltip);
  }

  /** The TreeItem of a descriptor, without its tooltip. */
  protected treeItem(d: ItemDescriptor = this.descriptor): vscode.TreeItem {
    const t = new vscode.TreeItem(d.label, COLLAPSIBLE[d.collapsible]);
    t.id = d.id;
    t.description = d.description;
    t.iconPath = new vscode.ThemeIcon(d.icon.id, d.icon.color ? new vscode.ThemeColor(d.icon.color) : undefined);
    t.contextValue = d.contextValue;
    t.accessibilityInformation = { label: `${d.label}, ${d.description}` };
    return t;
  }

  /** The items under this one, in order. */
  protected childItems(): ExplorerItem[] {
    const out: ExplorerItem[] = [];
    for (const id of this.host.model.children(this.id)) {
      const item = this.host.item(id);
      if (item) out.push(item);
    }
    return out;
  }
}
