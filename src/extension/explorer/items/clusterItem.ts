import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** The cluster at the top: name and quorum; the five folders under it. */
export class ClusterItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return this.childItems();
  }
}
