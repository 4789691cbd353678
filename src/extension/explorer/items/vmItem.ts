import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** A VM: state, owner node, migration progress. Dragged onto a node to live-migrate it. */
export class VmItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return [];
  }
}
