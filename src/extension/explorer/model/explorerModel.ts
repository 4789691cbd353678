/**
 * The explorer's state without VS Code: the tree for the latest snapshot, what changed since the
 * previous one, and look-ups by id and by target for the provider (getChildren, getParent, find).
 */
import type { ClusterSnapshot } from '../../../engine/snapshot';
import type { Target } from '../target';
import type { ScenarioFacts } from './context';
import { parentOf, type ExplorerTree, type ItemDescriptor } from './descriptor';
import type { TreeDiff } from './diff';
import { idOfTarget } from './ids';
import { LiveTree } from './liveTree';
import { childrenOf } from './tree';
import { VmDescriptorCache } from './vms';

export class ExplorerModel {
  /** Brought up to date in place by each update (the same result as buildTree then diffTrees). */
  private readonly live = new LiveTree();
  private readonly cache = new VmDescriptorCache();

  /** The tree of the latest update (changed in place by the next one). */
  get tree(): ExplorerTree {
    return this.live.tree;
  }

  /** Moves to a new snapshot (null: no scenario) and says what to refresh. */
  update(snapshot: ClusterSnapshot | null, facts?: ScenarioFacts | null): TreeDiff {
    return this.live.update(snapshot, facts, this.cache);
  }

  descriptor(id: string): ItemDescriptor | undefined {
    return this.live.tree.items.get(id);
  }

  /** Children ids of an item, or the roots for `undefined`. */
  children(id: string | undefined): readonly string[] {
    return childrenOf(this.live.tree, id);
  }

  parent(id: string): string | undefined {
    return parentOf(this.live.tree, id);
  }

  /** The id of the item standing for a target, if the tree has it now. */
  find(target: Target): string | undefined {
    const id = idOfTarget(target);
    return this.live.tree.items.has(id) ? id : undefined;
  }
}
