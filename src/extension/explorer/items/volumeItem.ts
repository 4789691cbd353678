import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** A Cluster Shared Volume: path, disk, coordinator node, maintenance; each node's access under it. */
export class VolumeItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return this.childItems();
  }
}
