/**
 * The explorer's state without VS Code: the tree for the latest snapshot, what changed since the
 * previous one, and look-ups by id and by target for the provider (getChildren, getParent, find).
 */
import type { ClusterSnapshot } from '../../../engine/snapshot';
import type { Target } from '../target';
import type { ScenarioFacts } from './context';
import { EMPTY_TREE, parentOf, type ExplorerTree, type ItemDescriptor } from './descriptor';
import { diffTrees, type TreeDiff } from './diff';
import { idOfTarget } from './ids';
import { buildTree, childrenOf } from './tree';
import { VmDescriptorCache } from './vms';

export class ExplorerModel {
  private current: ExplorerTree = EMPTY_TREE;
  private readonly cache = new VmDescriptorCache();

  get tree(): ExplorerTree {
    return this.current;
  }

  /** Moves to a new snapshot (null: no scenario) and says what to refresh. */
  update(snapshot: ClusterSnapshot | null, facts?: ScenarioFacts | null): TreeDiff {
    const next = buildTree(snapshot, facts, this.cache);
    const diff = diffTrees(this.current, next);
    this.current = next;
    return diff;
  }

  descriptor(id: string): ItemDescriptor | undefined {
    return this.current.items.get(id);
  }

  /** Children ids of an item, or the roots for `undefined`. */
  children(id: string | undefined): readonly string[] {
    return childrenOf(this.current, id);
  }

  parent(id: string): string | undefined {
    return parentOf(this.current, id);
  }

  /** The id of the item standing for a target, if the tree has it now. */
  find(target: Target): string | undefined {
    const id = idOfTarget(target);
    return this.current.items.has(id) ? id : undefined;
  }
}
