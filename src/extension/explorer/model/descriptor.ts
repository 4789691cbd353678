/**
 * What the Cluster Explorer shows for one item, as plain data: built from a ClusterSnapshot by the
 * functions of this folder, turned into a `vscode.TreeItem` by the item classes of `../items`.
 * Nothing here imports `vscode`, so what the tree shows is unit-tested without it.
 */
import type { Target, TargetKind } from '../target';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** A codicon and, optionally, the theme colour it is drawn in (`charts.green`, `testing.iconFailed`...). */
export interface IconDescriptor {
  readonly id: string;
  readonly color?: string;
}

export interface ItemDescriptor {
  /** Stable across snapshots: the kind plus the name(s), so expansion survives refreshes. */
  readonly id: string;
  /** The id of the item it is listed under; null for the cluster at the top. */
  readonly parent: string | null;
  readonly kind: TargetKind;
  readonly label: string;
  readonly description: string;
  /** Markdown. */
  readonly tooltip: string;
  readonly icon: IconDescriptor;
  /** Built with `contextValue()` of target.ts: kind, then state tokens. */
  readonly contextValue: string;
  readonly target: Target;
  readonly collapsible: Collapsible;
}

/** Everything the tree shows for one snapshot: items by id, each parent's children in order. */
export interface ExplorerTree {
  /** Ids of the top-level items (the cluster), or none when no scenario is loaded. */
  readonly roots: readonly string[];
  readonly items: ReadonlyMap<string, ItemDescriptor>;
  /** Children ids of every item that has any, in display order. */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export const EMPTY_TREE: ExplorerTree = { roots: [], items: new Map(), children: new Map() };

export function parentOf(tree: ExplorerTree, id: string): string | undefined {
  return tree.items.get(id)?.parent ?? undefined;
}

/** True when the two descriptors would render the same tree item. */
export function sameDescriptor(a: ItemDescriptor, b: ItemDescriptor): boolean {
  return (
    a === b ||
    (a.label === b.label &&
      a.description === b.description &&
      a.contextValue === b.contextValue &&
      a.collapsible === b.collapsible &&
      a.icon.id === b.icon.id &&
      a.icon.color === b.icon.color &&
      a.tooltip === b.tooltip)
  );
}
