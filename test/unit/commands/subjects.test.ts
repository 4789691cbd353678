import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulation, loadScenario, takeSnapshot } from '../../../src/engine';
import { resolveInvocation } from '../../../src/extension/commands/logic/args';
import { contextValueFor, subjectsFor, targetsOfKind } from '../../../src/extension/commands/logic/contextValues';
import { commandsFor } from '../../../src/extension/commands/logic/commandTable';
import { acceptedSummary, refusalMessage, refusalSummary } from '../../../src/extension/commands/logic/messages';
import { examplePickItems, noSubjectMessage, speedPickItems, subjectPickItems, workloadPickItems } from '../../../src/extension/commands/logic/pickItems';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { clusterAfter, smallCluster } from './helpers';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

describe('commands: context values from the snapshot', () => {
  it('gives each item the kind and its state tokens', () => {
    const { snapshot } = clusterAfter(smallCluster(), [
      { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' },
      { do: 'drainNode', node: 'HV03' },
      { do: 'disconnect', node: 'HV02', network: 'LAN' },
      { do: 'failNetwork', network: 'iSCSI' },
    ]);
    assert.equal(contextValueFor({ kind: 'vm', name: 'SQL01' }, snapshot), 'vm;running;migrating');
    assert.equal(contextValueFor({ kind: 'vm', name: 'DC01' }, snapshot), 'vm;off');
    assert.equal(contextValueFor({ kind: 'node', name: 'HV03' }, snapshot), 'node;paused');
    assert.equal(contextValueFor({ kind: 'node', name: 'HV01' }, snapshot), 'node;up');
    assert.equal(contextValueFor({ kind: 'link', name: 'LAN', node: 'HV02' }, snapshot), 'link;down');
    assert.equal(contextValueFor({ kind: 'link', name: 'LAN', node: 'HV01' }, snapshot), 'link;up');
    assert.match(contextValueFor({ kind: 'network', name: 'iSCSI' }, snapshot) ?? '', /^network;down;none/);
    assert.match(contextValueFor({ kind: 'volume', name: 'CSV1' }, snapshot) ?? '', /^volume;online/);
    assert.equal(contextValueFor({ kind: 'vm', name: 'NOPE' }, snapshot), null);
  });

  it('agrees with the contextValue of every Cluster Explorer item, so the palette offers what the menus offer', () => {
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'))) {
      const { scenario } = loadScenario(readFileSync(join(EXAMPLES, file), 'utf8'));
      assert.ok(scenario, file);
      const sim = createSimulation(scenario);
      for (const t of [0, 200, 400, 800]) {
        sim.runUntil(t);
        const snapshot = takeSnapshot(sim);
        const tree = buildTree(snapshot, scenario);
        for (const item of tree.items.values()) {
          assert.equal(contextValueFor(item.target, snapshot), item.contextValue, `${file} at ${t}s: ${item.id}`);
        }
      }
    }
  });

  it('lists the links node by node', () => {
    const { snapshot } = clusterAfter(smallCluster());
    const links = targetsOfKind('link', snapshot).map((t) => `${t.node}/${t.name}`);
    assert.deepEqual(links.slice(0, 4), ['HV01/Cluster', 'HV01/Live Migration', 'HV01/iSCSI', 'HV01/LAN']);
    assert.equal(links.length, 12);
  });
});

describe('commands: subjects offered from the command palette', () => {
  it('offers a command on the items whose state allows it', () => {
    const { snapshot } = clusterAfter(smallCluster(), [
      { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' },
      { do: 'disconnect', node: 'HV02', network: 'LAN' },
      { do: 'crashNode', node: 'HV03' },
    ]);
    assert.deepEqual(subjectsFor('fcsim.liveMigrate', 'vm', snapshot).map((t) => t.name), ['WEB01', 'FS01']);
    assert.deepEqual(subjectsFor('fcsim.startVm', 'vm', snapshot).map((t) => t.name), ['DC01']);
    assert.deepEqual(subjectsFor('fcsim.setWorkload', 'vm', snapshot).map((t) => t.name), ['SQL01', 'WEB01', 'FS01', 'BIG01', 'DC01']);
    assert.deepEqual(subjectsFor('fcsim.startNode', 'node', snapshot).map((t) => t.name), ['HV03']);
    assert.deepEqual(subjectsFor('fcsim.drainNode', 'node', snapshot).map((t) => t.name), ['HV01', 'HV02']);
    // HV03 crashed: its links went down with it.
    assert.deepEqual(
      subjectsFor('fcsim.reconnect', 'link', snapshot).map((t) => `${t.node}/${t.name}`),
      ['HV02/LAN', 'HV03/Cluster', 'HV03/Live Migration', 'HV03/iSCSI', 'HV03/LAN'],
    );
    assert.deepEqual(subjectsFor('fcsim.restoreNetwork', 'network', snapshot), []);
    assert.deepEqual(subjectsFor('fcsim.maintenanceOn', 'volume', snapshot).map((t) => t.name), ['CSV1']);
    // Every subject offered is one the context menu would offer the command on.
    for (const t of subjectsFor('fcsim.stopVm', 'vm', snapshot)) assert.ok(commandsFor(contextValueFor(t, snapshot) ?? '').includes('fcsim.stopVm'));
  });

  it('describes each subject in the pick', () => {
    const { snapshot } = clusterAfter(smallCluster(), [{ do: 'disconnect', node: 'HV02', network: 'LAN' }]);
    assert.deepEqual(subjectPickItems('fcsim.liveMigrate', 'vm', snapshot).slice(0, 2), [
      { label: 'SQL01', description: 'running on HV01, 8 GiB', icon: 'vm', value: { kind: 'vm', name: 'SQL01' } },
      { label: 'WEB01', description: 'running on HV01, 4 GiB', icon: 'vm', value: { kind: 'vm', name: 'WEB01' } },
    ]);
    assert.deepEqual(subjectPickItems('fcsim.drainNode', 'node', snapshot)[0], {
      label: 'HV01',
      description: 'up, 2 VMs, 4 GiB free',
      icon: 'server',
      value: { kind: 'node', name: 'HV01' },
    });
    assert.deepEqual(subjectPickItems('fcsim.reconnect', 'link', snapshot), [
      { label: 'HV02 — LAN', description: 'down', icon: 'plug', value: { kind: 'link', name: 'LAN', node: 'HV02' } },
    ]);
    assert.match(subjectPickItems('fcsim.backup', 'volume', snapshot)[0].description ?? '', /^C:\\ClusterStorage\\Volume1, coordinator HV01$/);
  });

  it('says why there is nothing to pick', () => {
    assert.equal(noSubjectMessage('Start Node', 'node'), '"Start Node": no node in the cluster is in a state that allows it now.');
    assert.equal(noSubjectMessage('Live Migrate to...', 'vm'), '"Live Migrate to": no virtual machine in the cluster is in a state that allows it now.');
  });
});

describe('commands: invocation arguments', () => {
  const vm = (name: string) => ({ kind: 'vm' as const, name });
  const item = (name: string) => ({ target: vm(name), label: name });

  it('asks for a subject when run from the palette', () => {
    assert.deepEqual(resolveInvocation([], 'vm'), { targets: [], toNode: null });
  });

  it('acts on the clicked item alone, or on the whole selection when it holds the clicked item', () => {
    assert.deepEqual(resolveInvocation([item('A')], 'vm').targets, [vm('A')]);
    assert.deepEqual(resolveInvocation([item('A'), [item('A'), item('B')]], 'vm').targets, [vm('A'), vm('B')]);
    assert.deepEqual(resolveInvocation([item('C'), [item('A'), item('B')]], 'vm').targets, [vm('C')]);
    // Items of another kind in the selection are left out.
    const node = { target: { kind: 'node' as const, name: 'HV01' } };
    assert.deepEqual(resolveInvocation([item('A'), [item('A'), node]], 'vm').targets, [vm('A')]);
    assert.deepEqual(resolveInvocation([node], 'vm').targets, []);
  });

  it('takes targets and a node from the drag controller', () => {
    assert.deepEqual(resolveInvocation([vm('A'), 'HV02'], 'vm'), { targets: [vm('A')], toNode: 'HV02' });
    assert.deepEqual(resolveInvocation([[vm('A'), vm('B'), vm('A')], 'HV02'], 'vm'), { targets: [vm('A'), vm('B')], toNode: 'HV02' });
  });

  it('tells links of the same network on different nodes apart', () => {
    const a = { target: { kind: 'link' as const, name: 'LAN', node: 'HV01' } };
    const b = { target: { kind: 'link' as const, name: 'LAN', node: 'HV02' } };
    assert.equal(resolveInvocation([a, [a, b]], 'link').targets.length, 2);
  });
});

describe('commands: quick picks and messages', () => {
  it('offers the four speeds, the current one marked', () => {
    const items = speedPickItems(10);
    assert.deepEqual(items.map((i) => i.label), ['1x', '10x', '100x', 'As fast as possible']);
    assert.deepEqual(items.map((i) => i.value), [1, 10, 100, 'max']);
    assert.deepEqual(items.map((i) => i.description), [undefined, 'current', undefined, undefined]);
  });

  it('offers the workload presets with their numbers', () => {
    const items = workloadPickItems('database');
    assert.deepEqual(items.map((i) => i.label), ['idle', 'web', 'database', 'memoryIntensive']);
    assert.equal(items[2].description, 'current');
    assert.match(items[2].detail ?? '', /memory writes .*\/s into a 2 GiB working set \(hot share 0\.9\)/);
  });

  it('labels the bundled examples with their scenario names', () => {
    const files = readdirSync(EXAMPLES).map((fileName) => ({ fileName, text: readFileSync(join(EXAMPLES, fileName), 'utf8') }));
    const items = examplePickItems(files);
    assert.equal(items.length, files.filter((f) => f.fileName.endsWith('.cluster.json')).length);
    const article = items.find((i) => i.value === 'article-cluster.cluster.json');
    assert.ok(article);
    assert.match(article.label, /^The article's cluster/);
    assert.equal(article.description, 'article-cluster.cluster.json');
    // A file with errors still gets a label.
    assert.deepEqual(examplePickItems([{ fileName: 'broken.cluster.json', text: '{ nope' }]).map((i) => i.label), ['broken']);
  });

  it("words a refusal with the engine's reason", () => {
    const { sim } = clusterAfter(smallCluster(), [{ do: 'drainNode', node: 'HV02' }]);
    const action = { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' } as const;
    const outcome = sim.request(action, 'user');
    assert.equal(outcome.accepted, false);
    assert.equal(refusalMessage(action, (outcome as { reason: string }).reason), 'Live migration of SQL01 refused: target node HV02 is paused');
  });

  it('sums up a batch: one warning for the refused, a count for the accepted', () => {
    const a = { do: 'liveMigrate', vm: 'A', to: 'HV02' } as const;
    const b = { do: 'liveMigrate', vm: 'B', to: 'HV02' } as const;
    const c = { do: 'liveMigrate', vm: 'C', to: 'HV02' } as const;
    assert.equal(refusalSummary([{ action: a, accepted: true }]), null);
    assert.equal(refusalSummary([{ action: a, accepted: false, reason: 'x' }]), 'Live migration of A refused: x');
    assert.equal(
      refusalSummary([
        { action: a, accepted: true },
        { action: b, accepted: false, reason: 'target node HV02 has 1 GiB free, B needs 2 GiB' },
        { action: c, accepted: false, reason: 'C is off, not running' },
      ]),
      '2 of 3 actions refused. Live migration of B: target node HV02 has 1 GiB free, B needs 2 GiB. Live migration of C: C is off, not running.',
    );
    assert.equal(acceptedSummary([{ action: a, accepted: true }]), 'Live migration of A to HV02 requested');
    assert.equal(acceptedSummary([{ action: a, accepted: true }, { action: b, accepted: true }]), '2 actions requested');
  });
});
