import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { Random } from '../../../src/engine/kernel';
import type { ClusterSnapshot, VmSnapshot } from '../../../src/engine/snapshot';
import type { ScenarioFacts } from '../../../src/extension/explorer/model/context';
import type { ExplorerTree } from '../../../src/extension/explorer/model/descriptor';
import { diffTrees, type TreeDiff } from '../../../src/extension/explorer/model/diff';
import { ExplorerModel } from '../../../src/extension/explorer/model/explorerModel';
import { LiveTree } from '../../../src/extension/explorer/model/liveTree';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { VmDescriptorCache } from '../../../src/extension/explorer/model/vms';
import { EXAMPLES, runExample, syntheticSnapshot } from './fixtures';

/**
 * The explorer's model keeps its tree in place (liveTree.ts); buildTree then diffTrees is the
 * reference. Both are fed the same snapshots, one after the other, and must agree at every step.
 */
class Reference {
  private tree: ExplorerTree = buildTree(null);
  private readonly cache = new VmDescriptorCache();

  update(snapshot: ClusterSnapshot | null, facts: ScenarioFacts | null, limit?: number): { tree: ExplorerTree; diff: TreeDiff } {
    const next = buildTree(snapshot, facts, this.cache);
    const diff = diffTrees(this.tree, next, limit);
    this.tree = next;
    return { tree: next, diff };
  }
}

function assertSame(live: ExplorerTree, liveDiff: TreeDiff, ref: { tree: ExplorerTree; diff: TreeDiff }, step: string): void {
  assert.deepEqual(live.roots, ref.tree.roots, `${step}: roots`);
  assert.deepEqual(new Set(live.items.keys()), new Set(ref.tree.items.keys()), `${step}: item ids`);
  for (const [id, d] of ref.tree.items) assert.deepEqual(live.items.get(id), d, `${step}: item ${id}`);
  assert.deepEqual(new Set(live.children.keys()), new Set(ref.tree.children.keys()), `${step}: parents`);
  for (const [id, kids] of ref.tree.children) assert.deepEqual(live.children.get(id), kids, `${step}: children of ${id}`);
  assert.equal(liveDiff.all, ref.diff.all, `${step}: all`);
  assert.deepEqual(new Set(liveDiff.changed), new Set(ref.diff.changed), `${step}: changed`);
  assert.deepEqual(new Set(liveDiff.removed), new Set(ref.diff.removed), `${step}: removed`);
}

describe('explorer live tree (kept in place) against buildTree + diffTrees', () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'))) {
    it(`agrees at every step of ${file}, through a close and a reload`, () => {
      const run = runExample(file);
      const model = new ExplorerModel();
      const ref = new Reference();
      let step = 0;
      const check = (snapshot: ClusterSnapshot | null): void => {
        const diff = model.update(snapshot, run.scenario);
        assertSame(model.tree, diff, ref.update(snapshot, run.scenario), `${file} step ${step++} (t=${snapshot?.t ?? 'closed'})`);
      };
      check(null);
      for (let t = 0; t <= 1200; t += 7.5) check(run.at(t));
      check(null);
      check(run.at(1300));
      check(run.at(1300));
    });
  }

  it('agrees on a large cluster whose VMs move, change, appear and disappear at random', () => {
    const rng = new Random(3, 'liveTree');
    let snapshot = syntheticSnapshot(16, 2000);
    const live = new LiveTree();
    const cache = new VmDescriptorCache();
    const ref = new Reference();
    const seen = { changed: 0, removed: 0, all: 0 };
    const check = (s: ClusterSnapshot | null, step: string, limit?: number): void => {
      const diff = live.update(s, null, cache, limit);
      assertSame(live.tree, diff, ref.update(s, null, limit), step);
      if (diff.changed.length > 0) seen.changed++;
      if (diff.removed.length > 0) seen.removed++;
      if (diff.all) seen.all++;
    };
    check(snapshot, 'first');
    for (let step = 0; step < 60; step++) {
      const vms: VmSnapshot[] = snapshot.vms.slice();
      const nodes = snapshot.nodes.map((n) => ({ ...n, vms: n.vms.slice() }));
      const changes = rng.int(4) === 0 ? 300 : rng.int(6);
      for (let k = 0; k < changes; k++) {
        const i = rng.int(vms.length);
        const vm = vms[i];
        const what = rng.int(5);
        if (what === 0) {
          // Moves to another node (listed at the end there).
          const to = nodes[rng.int(nodes.length)];
          const from = nodes.find((n) => n.name === vm.node)!;
          if (to === from) continue;
          from.vms.splice(from.vms.indexOf(vm.name), 1);
          to.vms.push(vm.name);
          vms[i] = { ...vm, node: to.name, migration: null };
        } else if (what === 1) {
          vms[i] = { ...vm, status: vm.status === 'running' ? 'saved' : 'running' };
        } else if (what === 2) {
          vms[i] = { ...vm, clientsDisconnected: vm.clientsDisconnected + 1 };
        } else if (what === 3 && vms.length > 100) {
          // Gone.
          vms.splice(i, 1);
          const node = nodes.find((n) => n.name === vm.node)!;
          node.vms.splice(node.vms.indexOf(vm.name), 1);
        } else {
          // A new VM, or one listed again at the start of its node.
          const name = `NEW${step}-${k}`;
          vms.push({ ...vm, name, migration: null });
          nodes.find((n) => n.name === vm.node)!.vms.unshift(name);
        }
      }
      if (rng.int(10) === 0) nodes.reverse();
      snapshot = { ...snapshot, t: snapshot.t + 1, vms, nodes };
      check(snapshot, `step ${step}`, rng.int(3) === 0 ? 50 : undefined);
    }
    check(null, 'closed');
    check(snapshot, 'reloaded');
    // The walk went through each kind of outcome, not only the quiet one.
    assert.ok(seen.changed > 10 && seen.removed > 10 && seen.all > 2, JSON.stringify(seen));
  });

  it('agrees on a large cluster whose VMs change in place and move, with the same VMs and nodes throughout', () => {
    // The case of a scenario that plays: only the VMs whose snapshot object changed are looked at.
    const rng = new Random(5, 'liveTreeInPlace');
    let snapshot = syntheticSnapshot(16, 2000);
    const live = new LiveTree();
    const cache = new VmDescriptorCache();
    const ref = new Reference();
    const check = (s: ClusterSnapshot, step: string): TreeDiff => {
      const diff = live.update(s, null, cache);
      assertSame(live.tree, diff, ref.update(s, null), step);
      return diff;
    };
    check(snapshot, 'first');
    let partial = 0;
    for (let step = 0; step < 80; step++) {
      const vms: VmSnapshot[] = snapshot.vms.slice();
      // Lists are shared with the previous snapshot unless they change (as the engine does).
      const lists = snapshot.nodes.map((n) => n.vms);
      const edit = (k: number): string[] => {
        const copy = lists[k].slice();
        lists[k] = copy;
        return copy;
      };
      const changes = rng.int(8) === 0 ? 150 : rng.int(5);
      for (let c = 0; c < changes; c++) {
        const i = rng.int(vms.length);
        const vm = vms[i];
        const from = snapshot.nodes.findIndex((n) => n.name === vm.node);
        const what = rng.int(6);
        if (what === 0) {
          // Moves to another node, listed there in file order or at the end.
          const to = rng.int(lists.length);
          if (to === from || from < 0 || !lists[from].includes(vm.name)) continue;
          const src = edit(from);
          src.splice(src.indexOf(vm.name), 1);
          const dst = edit(to);
          if (rng.int(2) === 0) dst.push(vm.name);
          else dst.unshift(vm.name);
          vms[i] = { ...vm, node: snapshot.nodes[to].name, migration: null };
        } else if (what === 1) {
          // Listed under another node as well as its own, with nothing else changed.
          const to = rng.int(lists.length);
          if (lists[to].includes(vm.name)) continue;
          edit(to).push(vm.name);
        } else if (what === 2) {
          vms[i] = { ...vm, status: vm.status === 'running' ? 'saved' : 'running' };
        } else if (what === 3) {
          // Migrating, a little further each time.
          const p = vm.migration?.progress ?? 0;
          vms[i] = { ...vm, migration: { type: 'live', from: vm.node, to: 'HV01', network: 'Cluster Internal', phase: 'precopy', pass: 1, maxPasses: 8, progress: Math.min(1, p + 0.1) } };
        } else if (what === 4) {
          // A new object that reads the same.
          vms[i] = { ...vm };
        } else if (from >= 0 && rng.int(10) === 0) {
          // A node whose VMs all leave its list.
          edit(from).length = 0;
        }
      }
      snapshot = { ...snapshot, t: snapshot.t + 1, vms, nodes: snapshot.nodes.map((n, k) => (n.vms === lists[k] ? n : { ...n, vms: lists[k] })) };
      const diff = check(snapshot, `step ${step}`);
      if (!diff.all && diff.changed.length > 0) partial++;
    }
    assert.ok(partial > 20, `${partial} steps refreshed item by item`);
  });
});
