import type * as vscode from 'vscode';
import { ExplorerItem } from './explorerItem';

/** One node's access to a Cluster Shared Volume: direct, redirected (and why, since when), paused or none. */
export class VolumeAccessItem extends ExplorerItem {
  getTreeItem(): vscode.TreeItem {
    return this.treeItem();
  }

  getChildren(): ExplorerItem[] {
    return [];
  }
}
