import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** A node: state, memory used/total, VM count; its VMs under it. A drop target for live migration. */
export class NodeItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return this.childItems();
  }
}
