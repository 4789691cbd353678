import { strict as assert } from 'node:assert';
import type { ClusterSnapshot } from '../../../src/engine/snapshot';
import { parentOf, sameDescriptor } from '../../../src/extension/explorer/model/descriptor';
import { diffTrees } from '../../../src/extension/explorer/model/diff';
import { ExplorerModel } from '../../../src/extension/explorer/model/explorerModel';
import { FOLDER_IDS, networkId, nodeId, nodeVmId, vmId } from '../../../src/extension/explorer/model/ids';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { runExample, syntheticSnapshot } from './fixtures';

const ARTICLE = 'article-cluster.cluster.json';

/** Ids present in both trees whose descriptors differ: what a correct diff may report, at most. */
function reallyChanged(a: ReturnType<typeof buildTree>, b: ReturnType<typeof buildTree>): Set<string> {
  const out = new Set<string>();
  for (const [id, d] of b.items) {
    const before = a.items.get(id);
    if (before && !sameDescriptor(before, d)) out.add(id);
  }
  return out;
}

describe('explorer refresh diff', () => {
  it('reports nothing between two snapshots of the same moment, and keeps every id', () => {
    const run = runExample(ARTICLE);
    const a = buildTree(run.at(100), run.scenario);
    const b = buildTree(run.at(100), run.scenario);
    assert.deepEqual(diffTrees(a, b), { all: false, changed: [], removed: [] });
    assert.deepEqual([...a.items.keys()], [...b.items.keys()]);
  });

  it('reports only the migrating VM (and its network) while a pass runs', () => {
    const run = runExample(ARTICLE);
    const a = buildTree(run.at(60), run.scenario);
    const b = buildTree(run.at(62), run.scenario);
    const diff = diffTrees(a, b);
    assert.equal(diff.all, false);
    assert.deepEqual(diff.removed, []);
    assert.ok(diff.changed.includes(vmId('SQL01')));
    assert.ok(diff.changed.includes(nodeVmId('HV01', 'SQL01')));
    const allowed = new Set([vmId('SQL01'), nodeVmId('HV01', 'SQL01'), networkId('Cluster Internal')]);
    for (const id of diff.changed) assert.ok(allowed.has(id), `unexpected refresh of ${id}`);
    assert.deepEqual(new Set(diff.changed), reallyChanged(a, b));
  });

  it('refreshes both nodes when a VM moves, not the items under them', () => {
    const run = runExample(ARTICLE);
    const a = buildTree(run.at(100), run.scenario);
    const b = buildTree(run.at(185), run.scenario); // SQL01 now runs on HV02; HV03 lost its iSCSI link
    const diff = diffTrees(a, b);
    assert.equal(diff.all, false);
    assert.ok(diff.changed.includes(nodeId('HV01')));
    assert.ok(diff.changed.includes(nodeId('HV02')));
    assert.ok(diff.changed.includes(vmId('SQL01')));
    assert.deepEqual(diff.removed, [nodeVmId('HV01', 'SQL01')]);
    assert.ok(b.items.has(nodeVmId('HV02', 'SQL01')));
    // Nothing under a refreshed item is named again: refreshing a parent refreshes its children.
    const changed = new Set(diff.changed);
    for (const id of diff.changed) {
      for (let up = parentOf(b, id); up !== undefined; up = parentOf(b, up)) assert.ok(!changed.has(up), `${id} is under ${up}`);
    }
    // Folders and the cluster, whose refresh would reload all their children, stay out.
    for (const id of ['cluster', ...Object.values(FOLDER_IDS)]) assert.ok(!changed.has(id), id);
    // Unchanged VMs stay out.
    assert.ok(!changed.has(vmId('WEB01')) && !changed.has(vmId('DC01')));
  });

  it('refreshes the whole tree when a scenario is loaded or closed', () => {
    const run = runExample(ARTICLE);
    const tree = buildTree(run.at(0), run.scenario);
    const empty = buildTree(null);
    assert.equal(diffTrees(empty, tree).all, true);
    const closed = diffTrees(tree, empty);
    assert.equal(closed.all, true);
    assert.equal(closed.removed.length, tree.items.size);
    assert.deepEqual(diffTrees(empty, buildTree(null)), { all: false, changed: [], removed: [] }, 'still nothing loaded');
  });

  it('finds the one changed VM among 8,000 and refreshes only its two items', () => {
    const before = syntheticSnapshot(64, 8000);
    const vms = before.vms.slice();
    vms[4321] = { ...vms[4321], status: 'saved' };
    const after: ClusterSnapshot = { ...before, t: 1, vms };
    const diff = diffTrees(buildTree(before), buildTree(after));
    const name = vms[4321].name;
    assert.deepEqual(diff, { all: false, changed: [nodeVmId(vms[4321].node, name), vmId(name)], removed: [] });
  });

  it('falls back to one whole refresh when too many items changed', () => {
    const before = syntheticSnapshot(8, 100);
    const after: ClusterSnapshot = { ...before, vms: before.vms.map((v) => ({ ...v, status: 'off' as const })) };
    assert.equal(diffTrees(buildTree(before), buildTree(after), 50).all, true);
    assert.equal(diffTrees(buildTree(before), buildTree(after)).all, false);
  });

  it('keeps the model the provider reads: children, parents, find by target', () => {
    const run = runExample(ARTICLE);
    const model = new ExplorerModel();
    assert.equal(model.update(run.at(0), run.scenario).all, true);
    assert.deepEqual(model.children(undefined), ['cluster']);
    assert.equal(model.find({ kind: 'vm', name: 'SQL01' }), vmId('SQL01'));
    assert.equal(model.find({ kind: 'vm', name: 'nope' }), undefined);
    assert.equal(model.find({ kind: 'link', name: 'iSCSI', node: 'HV03' }), `${networkId('iSCSI')}/link/HV03`);
    assert.equal(model.find({ kind: 'volumesFolder', name: '' }), FOLDER_IDS.volumesFolder);
    assert.equal(model.parent(nodeVmId('HV01', 'SQL01')), nodeId('HV01'));
    assert.equal(model.parent(nodeId('HV01')), FOLDER_IDS.nodesFolder);
    assert.equal(model.parent(FOLDER_IDS.nodesFolder), 'cluster');
    assert.equal(model.parent('cluster'), undefined);
    const diff = model.update(run.at(31), run.scenario);
    assert.equal(diff.all, false);
    assert.ok(diff.changed.includes(vmId('SQL01')));
    assert.ok(diff.changed.includes(nodeId('HV02')), 'HV02 reserves memory for the incoming VM');
  });
});
