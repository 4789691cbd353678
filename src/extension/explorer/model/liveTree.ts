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
 * look-ups by id.
 *
 * The VMs (8,000 of them, each listed twice) are not even walked when the snapshot has the same
 * VMs and nodes, in the same order, as the previous one (the case while a scenario plays): the
 * engine hands out a VM's previous snapshot object again while it reads the same, so comparing
 * the two snapshots' VMs by reference finds the few that changed, and only their items are
 * formatted and put in place; only a node whose list of VMs changed has its children rebuilt
 * (see {@link LiveTree.patchVms}). Everything else (nodes, networks, volumes: hundreds of items)
 * is walked as above. The result is the same as diffTrees': the same items, the same children in
 * the same order, the same `changed`, `removed` and `all` (the order of `removed` aside, which
 * nothing relies on); test/unit/explorer/liveTree.test.ts checks it against the two.
 *
 * The maps of {@link LiveTree.tree} are the ones kept here, changed by each update: a caller
 * reads the tree of the latest update, never one kept from before.
 */
import type { ClusterSnapshot, VmSnapshot } from '../../../engine/snapshot';
import type { ScenarioFacts } from './context';
import { EMPTY_TREE, sameDescriptor, type ExplorerTree, type ItemDescriptor } from './descriptor';
import { diffTrees, MAX_ITEM_REFRESHES, type TreeDiff } from './diff';
import { FOLDER_IDS, nodeId } from './ids';
import { buildTree, vmUnderNode, walkTree } from './tree';
import type { VmDescriptorCache, VmDescriptors } from './vms';

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
  /** The snapshot the tree shows now (null: none, or not one the VMs can be compared with). */
  private shown: ClusterSnapshot | null = null;
  /** VM name -> index in `shown.vms`, built on first need, valid while the VMs' names stay the same. */
  private vmIndex: Map<string, number> | null = null;
  /** See {@link indicesOf}; valid with `vmIndex`. */
  private listIndices = new WeakMap<readonly string[], Int32Array>();

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
      this.shown = snapshot;
      this.forgetVmIndex();
      return diff;
    }
    const prev = this.shown;
    const changedVms = prev !== null ? changedVmsOf(prev, snapshot) : null;
    if (changedVms === null) this.forgetVmIndex();
    this.shown = snapshot;
    return this.patch(snapshot, facts, cache, limit, prev !== null && changedVms !== null ? { prev, changedVms } : null);
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

  /** `quick`: the VMs are brought up to date by {@link patchVms} rather than walked. */
  private patch(snapshot: ClusterSnapshot, facts: ScenarioFacts | null | undefined, cache: VmDescriptorCache, limit: number, quick: QuickVms | null): TreeDiff {
    const items = this.items;
    /** Items of both trees whose descriptor changed, in tree order. */
    const changedItems: string[] = [];
    /** Ids placed in a rebuilt list: the only places an id can have moved to. */
    const placed = new Set<string>();
    /** Cursors in the order their parent first got a child in this walk (the order of buildTree's `children`). */
    const cursors = new Map<string, Cursor>();
    let cursor: Cursor | null = null;
    let roots: readonly string[] = this.roots;

    walkTree(
      snapshot,
      facts,
      cache,
      (d) => {
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
      },
      quick === null,
    );

    if (roots !== this.roots) {
      // Another root: not the same tree (cannot happen while a scenario stays loaded).
      this.roots = [];
      return this.update(snapshot, facts, cache, limit);
    }

    // The VMs' items and the lists they are in, when the walk left them out.
    const gone: string[] = [];
    const relisted: string[] = [];
    const vmParents = quick === null ? null : this.patchVms(snapshot, quick, cache, changedItems, relisted, gone);

    // Lists that changed: rebuilt, or shorter than before. Old children not placed again are gone.
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
      if (cursors.has(parent) || vmParents?.has(parent)) continue;
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

  /**
   * The VMs' items when the snapshot has the same VMs and nodes, in the same order, as the one
   * shown (`quick.prev`): for each VM whose snapshot object changed, its item under Virtual
   * Machines and under the node that lists it, put in place (a list is parallel to the VMs, so
   * a VM's place in it is known); a node whose list of VMs changed has its children rebuilt.
   * Records what changed as the walk does; returns the parents it took care of.
   */
  private patchVms(snapshot: ClusterSnapshot, quick: QuickVms, cache: VmDescriptorCache, changedItems: string[], relisted: string[], gone: string[]): Set<string> {
    const items = this.items;
    const vms = snapshot.vms;
    const put = (d: ItemDescriptor): void => {
      const before = items.get(d.id);
      if (before !== undefined && before !== d && !sameDescriptor(before, d)) changedItems.push(d.id);
      items.set(d.id, d);
    };
    // Under Virtual Machines: one item per VM, in the order of the snapshot's VMs.
    const changed = new Map<number, VmDescriptors>();
    const isChanged = new Uint8Array(vms.length);
    const inFolder = this.childItems.get(FOLDER_IDS.vmsFolder);
    for (const i of quick.changedVms) {
      const d = cache.get(vms[i]);
      changed.set(i, d);
      isChanged[i] = 1;
      if (inFolder === undefined || inFolder[i] === d.inFolder) continue;
      put(d.inFolder);
      inFolder[i] = d.inFolder;
    }

    const parents = new Set<string>([FOLDER_IDS.vmsFolder]);
    const prevNodes = quick.prev.nodes;
    snapshot.nodes.forEach((node, k) => {
      const parent = nodeId(node.name);
      parents.add(parent);
      const oldIds = this.children.get(parent);
      const oldItems = this.childItems.get(parent);
      if (sameNames(prevNodes[k].vms, node.vms)) {
        // The same list: only the items of VMs that changed, each where it was.
        if (changed.size === 0 || oldIds === undefined || oldItems === undefined) return;
        const listed = this.indicesOf(node.vms, vms);
        for (let j = 0; j < listed.length; j++) {
          const i = listed[j];
          if (i < 0 || isChanged[i] === 0) continue;
          const d = changed.get(i) as VmDescriptors;
          const name = vms[i].name;
          const item = vmUnderNode(d, node.name, name, parent);
          // Its place among the children (the same as in node.vms unless a name there is no VM's).
          const at = oldIds.indexOf(item.id);
          if (at < 0 || oldItems[at] === item) continue;
          put(item);
          oldItems[at] = item;
        }
        return;
      }
      // Another list: rebuilt from the VMs' descriptors, as the walk would list them.
      const index = this.vmIndexOf(vms);
      const ids: string[] = [];
      const kids: ItemDescriptor[] = [];
      for (const name of node.vms) {
        const i = index.get(name);
        if (i === undefined) continue;
        const item = vmUnderNode(cache.get(vms[i]), node.name, name, parent);
        put(item);
        ids.push(item.id);
        kids.push(item);
      }
      if (oldIds !== undefined) {
        const kept = new Set(ids);
        for (const id of oldIds) if (!kept.has(id)) gone.push(id);
      }
      if (ids.length === 0) {
        this.children.delete(parent);
        this.childItems.delete(parent);
        if (oldIds !== undefined) relisted.push(parent);
        return;
      }
      this.children.set(parent, ids);
      this.childItems.set(parent, kids);
      relisted.push(parent);
    });
    return parents;
  }

  /**
   * The index in `vms` of each VM a node lists (-1 for a name that is no VM's), kept per list:
   * the engine hands out a node's list again while it is the same, so this is worked out once
   * per list, and a node's VMs are then scanned with no look-up by name.
   */
  private indicesOf(list: readonly string[], vms: readonly VmSnapshot[]): Int32Array {
    const hit = this.listIndices.get(list);
    if (hit !== undefined) return hit;
    const index = this.vmIndexOf(vms);
    const at = new Int32Array(list.length);
    for (let k = 0; k < list.length; k++) at[k] = index.get(list[k]) ?? -1;
    this.listIndices.set(list, at);
    return at;
  }

  private forgetVmIndex(): void {
    this.vmIndex = null;
    this.listIndices = new WeakMap();
  }

  /** VM name -> index in `vms`, whose names are those of the snapshot shown before. */
  private vmIndexOf(vms: readonly VmSnapshot[]): Map<string, number> {
    if (this.vmIndex === null) {
      this.vmIndex = new Map();
      vms.forEach((vm, i) => this.vmIndex?.set(vm.name, i));
    }
    return this.vmIndex;
  }
}

/** What {@link LiveTree.patchVms} needs: the snapshot shown before, and which VMs changed since. */
interface QuickVms {
  readonly prev: ClusterSnapshot;
  /** Indices in the snapshot's VMs of those whose snapshot object is not the previous one. */
  readonly changedVms: readonly number[];
}

/**
 * The indices of the VMs whose snapshot object changed from `prev` to `next`, or null when the
 * two do not have the same VMs and nodes in the same order (then the whole tree is walked).
 * Cheap: one comparison of references per VM.
 */
function changedVmsOf(prev: ClusterSnapshot, next: ClusterSnapshot): number[] | null {
  const a = prev.vms;
  const b = next.vms;
  if (a.length !== b.length || prev.nodes.length !== next.nodes.length) return null;
  for (let k = 0; k < next.nodes.length; k++) if (prev.nodes[k].name !== next.nodes[k].name) return null;
  const changed: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i].name !== b[i].name) return null;
    changed.push(i);
  }
  return changed;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
