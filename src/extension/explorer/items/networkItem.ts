import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** A cluster network: up/down, cluster use, metric, NetFT and live-migration use; each node's link under it. */
export class NetworkItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return this.childItems();
  }
}
