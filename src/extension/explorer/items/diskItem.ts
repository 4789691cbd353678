import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** A classic cluster disk or the witness disk: online/offline and its owner node. */
export class DiskItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return [];
  }
}
