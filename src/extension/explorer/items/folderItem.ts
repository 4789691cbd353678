import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** Nodes, Virtual Machines, Networks, Cluster Shared Volumes or Disks, with a count. */
export class FolderItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return this.childItems();
  }
}
