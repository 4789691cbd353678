import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** One node's link to one network, up or down. */
export class LinkItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return [];
  }
}
