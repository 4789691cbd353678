/**
 * The explorer's tree kept from one snapshot to the next and brought up to date in place, with
 * the diff to the previous tree worked out on the way: what {@link buildTree} then
 * {@link diffTrees} compute, without building a second tree of 16,000 items (8,000 VMs, each
 * listed twice) and comparing them id by id a few times a second.
 *
 * Each parent's children are kept as the list of their ids and, beside it, their descriptors.
 * A new snapshot's items come in tree order ({@link walkTree}); each is compared with the child
 * at the same place under the same parent, so an unchanged tree costs no look-up by id, and a
 * VM whose descriptor is the cached one (VmDescriptorCache) costs one comparison of references.
 * Only where a parent's children differ (a VM moved to another node) is its list rebuilt, with
 * look-ups by id. The result is the same as diffTrees': the same items, the same children in
 * the same order, the same `changed`, `removed` and `all` (the order of `removed` aside, which
 * nothing relies on); test/unit/explorer/liveTree.test.ts checks it against the two.
 *
 * The maps of {@link LiveTree.tree} are the ones kept here, changed by each update: a caller
 * reads the tree of the latest update, never one kept from before.
 */
import type { ClusterSnapshot } from '../../../engine/snapshot';
import type { ScenarioFacts } from './context';
import { EMPTY_TREE, sameDescriptor, type ExplorerTree, type ItemDescriptor } from './descriptor';
import { diffTrees, MAX_ITEM_REFRESHES, type TreeDiff } from './diff';
import { buildTree, walkTree } from './tree';
import type { VmDescriptorCache } from './vms';

/** One parent's children during an update: matched in place until they differ, then rebuilt. */
interface Cursor {
  readonly parent: string;
  /** The children before this update (undefined for a parent new in this one). */
  readonly oldIds: readonly string[] | undefined;
  readonly oldItems: ItemDescriptor[] | undefined;
  /** Children seen so far, all matching `oldIds` up to here while `ids` is null. */
  pos: number;
  /** The rebuilt list once the children differ from the old ones. */
  ids: string[] | null;
  items: ItemDescriptor[] | null;
  /** How many old children were matched in place before the list was rebuilt. */
  matched: number;
}

export class LiveTree {
  private items = new Map<string, ItemDescriptor>();
  private children = new Map<string, string[]>();
  /** Each parent's children's descriptors, parallel to `children`. */
  private childItems = new Map<string, ItemDescriptor[]>();
  private roots: readonly string[] = [];
  private view: ExplorerTree = EMPTY_TREE;

  get tree(): ExplorerTree {
    return this.view;
  }

  /** Moves to the tree of a new snapshot (null: no scenario) and says what changed. */
  update(snapshot: ClusterSnapshot | null, facts: ScenarioFacts | null | undefined, cache: VmDescriptorCache, limit = MAX_ITEM_REFRESHES): TreeDiff {
    if (snapshot === null || this.roots.length === 0) {
      // A load or a close: everything is new or gone anyway.
      const next = buildTree(snapshot, facts, cache);
      const diff = diffTrees(this.view, next, limit);
      this.adopt(next);
      return diff;
    }
    return this.patch(snapshot, facts, cache, limit);
  }

  private adopt(tree: ExplorerTree): void {
    this.items = new Map(tree.items);
    this.children = new Map();
    this.childItems = new Map();
    for (const [parent, ids] of tree.children) {
      this.children.set(parent, [...ids]);
      this.childItems.set(parent, ids.map((id) => tree.items.get(id) as ItemDescriptor));
    }
    this.roots = tree.roots;
    this.view = { roots: this.roots, items: this.items, children: this.children };
  }

  private patch(snapshot: ClusterSnapshot, facts: ScenarioFacts | null | undefined, cache: VmDescriptorCache, limit: number): TreeDiff {
    const items = this.items;
    /** Items of both trees whose descriptor changed, in tree order. */
    const changedItems: string[] = [];
    /** Ids placed in a rebuilt list: the only places an id can have moved to. */
    const placed = new Set<string>();
    /** Cursors in the order their parent first got a child in this walk (the order of buildTree's `children`). */
    const cursors = new Map<string, Cursor>();
    let cursor: Cursor | null = null;
    let roots: readonly string[] = this.roots;

    walkTree(snapshot, facts, cache, (d) => {
      if (d.parent === null) {
        if (roots.length !== 1 || roots[0] !== d.id) roots = [d.id];
        const before = items.get(d.id);
        if (before !== undefined && before !== d && !sameDescriptor(before, d)) changedItems.push(d.id);
        items.set(d.id, d);
        return;
      }
      if (cursor === null || cursor.parent !== d.parent) {
        cursor = cursors.get(d.parent) ?? null;
        if (cursor === null) {
          cursor = { parent: d.parent, oldIds: this.children.get(d.parent), oldItems: this.childItems.get(d.parent), pos: 0, ids: null, items: null, matched: 0 };
          cursors.set(d.parent, cursor);
        }
      }
      const c: Cursor = cursor;
      if (c.ids === null) {
        const old = c.oldIds;
        if (old !== undefined && c.pos < old.length && old[c.pos] === d.id) {
          const oldItems = c.oldItems as ItemDescriptor[];
          const before = oldItems[c.pos];
          if (before !== d) {
            if (!sameDescriptor(before, d)) changedItems.push(d.id);
            oldItems[c.pos] = d;
            items.set(d.id, d);
          }
          c.pos++;
          return;
        }
        c.matched = c.pos;
        c.ids = old ? old.slice(0, c.pos) : [];
        c.items = c.oldItems ? c.oldItems.slice(0, c.pos) : [];
      }
      const before = items.get(d.id);
      if (before !== undefined && before !== d && !sameDescriptor(before, d)) changedItems.push(d.id);
      items.set(d.id, d);
      c.ids.push(d.id);
      (c.items as ItemDescriptor[]).push(d);
      placed.add(d.id);
    });

    if (roots !== this.roots) {
      // Another root: not the same tree (cannot happen while a scenario stays loaded).
      this.roots = [];
      return this.update(snapshot, facts, cache, limit);
    }

    // Lists that changed: rebuilt, or shorter than before. Old children not placed again are gone.
    const gone: string[] = [];
    const relisted: string[] = [];
    for (const c of cursors.values()) {
      if (c.ids === null) {
        if (c.oldIds !== undefined && c.pos === c.oldIds.length) continue;
        c.matched = c.pos;
        c.ids = c.oldIds ? c.oldIds.slice(0, c.pos) : [];
        c.items = c.oldItems ? c.oldItems.slice(0, c.pos) : [];
      }
      if (c.oldIds) for (let k = c.matched; k < c.oldIds.length; k++) if (!placed.has(c.oldIds[k])) gone.push(c.oldIds[k]);
      this.children.set(c.parent, c.ids);
      this.childItems.set(c.parent, c.items as ItemDescriptor[]);
      relisted.push(c.parent);
    }
    // Parents with no children any more (or gone themselves): their old children are gone too.
    const emptied: string[] = [];
    for (const [parent, ids] of this.children) {
      if (cursors.has(parent)) continue;
      for (const id of ids) if (!placed.has(id)) gone.push(id);
      this.children.delete(parent);
      this.childItems.delete(parent);
      emptied.push(parent);
    }
    for (const id of gone) items.delete(id);

    // As diffTrees: changed descriptors, then changed children lists, none under another changed item.
    const marked = new Set<string>(changedItems);
    for (const parent of relisted) marked.add(parent);
    for (const parent of emptied) if (items.has(parent)) marked.add(parent);
    const changed: string[] = [];
    for (const id of marked) {
      let covered = false;
      for (let up = items.get(id)?.parent ?? undefined; up !== undefined; up = items.get(up)?.parent ?? undefined) {
        if (marked.has(up)) {
          covered = true;
          break;
        }
      }
      if (!covered) changed.push(id);
    }
    if (changed.length > limit) return { all: true, changed: [], removed: gone };
    return { all: false, changed, removed: gone };
  }
}
