import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes, formatClock } from '../../../src/format/quantities';
import type { ClusterSnapshot } from '../../../src/engine/snapshot';
import { FOLDER_IDS, idOfTarget, linkId, networkId, nodeId, nodeVmId, vmId, volumeAccessId, volumeId, diskId } from '../../../src/extension/explorer/model/ids';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { dropPlan } from '../../../src/extension/explorer/model/dragDrop';
import { item, runExample, syntheticSnapshot } from './fixtures';

const ARTICLE = 'article-cluster.cluster.json';

// What the Cluster Explorer shows for real snapshots of the article's cluster, taken by running
// the engine to a chosen time; and, for states the engine does not simulate yet, synthetic ones.
describe('explorer view model', () => {
  it('shows nothing without a scenario (the welcome view shows instead)', () => {
    const tree = buildTree(null);
    assert.deepEqual(tree.roots, []);
    assert.equal(tree.items.size, 0);
  });

  it('lays the cluster out like Failover Cluster Manager', () => {
    const run = runExample(ARTICLE);
    const s = run.at(0);
    const tree = buildTree(s, run.scenario);
    assert.deepEqual(tree.roots, ['cluster']);
    const cluster = item(tree, 'cluster');
    assert.equal(cluster.label, s.name);
    assert.equal(cluster.description, 'Quorum: OK · 4 of 4 nodes up');
    assert.equal(cluster.contextValue, 'cluster;quorum');
    assert.deepEqual(
      tree.children.get('cluster')!.map((id) => item(tree, id).label),
      ['Nodes', 'Virtual Machines', 'Networks', 'Cluster Shared Volumes', 'Disks'],
    );
    assert.deepEqual(tree.children.get(FOLDER_IDS.vmsFolder), s.vms.map((v) => vmId(v.name)));
    assert.equal(item(tree, FOLDER_IDS.vmsFolder).description, String(s.vms.length));
  });

  it('shows each node with its state, memory used/total and VM count, and its VMs under it', () => {
    const run = runExample(ARTICLE);
    const s = run.at(0);
    const tree = buildTree(s, run.scenario);
    for (const node of s.nodes) {
      const d = item(tree, nodeId(node.name));
      const count = node.vms.length === 1 ? '1 VM' : node.vms.length === 0 ? 'no VMs' : `${node.vms.length} VMs`;
      assert.equal(d.label, node.name);
      assert.equal(d.description, `Up · ${formatBytes(node.used)}/${formatBytes(node.memory)} · ${count}`);
      assert.equal(d.contextValue, 'node;up');
      assert.deepEqual(tree.children.get(d.id) ?? [], node.vms.map((vm) => nodeVmId(node.name, vm)));
    }
    assert.equal(item(tree, nodeId('HV03')).description, 'Up · 6 GiB/64 GiB · 2 VMs');
    assert.match(item(tree, nodeId('HV03')).tooltip, /Memory: 6 GiB of 64 GiB given to VMs/);
    assert.equal(item(tree, nodeVmId('HV03', 'DC01')).description, 'Running');
    assert.equal(item(tree, vmId('DC01')).description, 'Running · HV03');
  });

  it('shows a VM in its live migration\'s clean-up under the target it now runs on, "from" its source', () => {
    const run = runExample(ARTICLE);
    const record = () => run.sim.records.migrations.find((r) => r.vm === 'SQL01')!;
    // Step until SQL01 has resumed on HV02 (its blackout is known), inside the 1 s clean-up.
    let t = 100;
    run.at(t);
    while (record().blackout === null) run.at((t += 0.05));
    const s = run.at(t + 0.1);
    assert.equal(s.vms.find((v) => v.name === 'SQL01')?.migration?.phase, 'cleanup');
    const tree = buildTree(s, run.scenario);
    const underTarget = item(tree, nodeVmId('HV02', 'SQL01'));
    assert.equal(underTarget.description, 'Running · from HV01 · live migration, cleaning up the source');
    assert.equal(underTarget.contextValue, 'vm;running;migrating');
    assert.equal(item(tree, vmId('SQL01')).description, 'Running · HV01 → HV02 · live migration, cleaning up the source');
    assert.match(underTarget.tooltip, /the VM runs on HV02; the cluster hands its group over and HV01 cleans up its copy/);
  });

  it('shows a VM mid live migration as "live migration, pass N/8, P%" from the snapshot', () => {
    const run = runExample(ARTICLE);
    const s = run.at(110); // SQL01 is live-migrated to HV02 from 30s on; pass 2 is under way at 110s (setup 2.5 s, pass 1 72.3 s)
    const tree = buildTree(s, run.scenario);
    const vm = s.vms.find((v) => v.name === 'SQL01')!;
    const m = vm.migration!;
    assert.ok(m, 'SQL01 is migrating at 100s');
    assert.equal(m.phase, 'precopy');
    assert.ok(m.pass >= 2, `pass ${m.pass}`);
    const words = `live migration, pass ${m.pass}/${m.maxPasses}, ${Math.floor(m.progress * 100)}%`;
    assert.equal(m.maxPasses, 8);
    const inFolder = item(tree, vmId('SQL01'));
    assert.equal(inFolder.description, `Running · HV01 → HV02 · ${words}`);
    assert.equal(inFolder.contextValue, 'vm;running;migrating');
    assert.equal(inFolder.icon.id, 'sync~spin');
    assert.match(inFolder.tooltip, new RegExp(`Live migration from HV01 to HV02 over Cluster Internal: pass ${m.pass} of at most 8`));
    const underNode = item(tree, nodeVmId('HV01', 'SQL01'));
    assert.equal(underNode.description, `Running · to HV02 · ${words}`);
    assert.equal(underNode.contextValue, inFolder.contextValue);
    // The target node holds the shell VM's memory while the migration runs.
    const hv02 = s.nodes.find((n) => n.name === 'HV02')!;
    assert.equal(hv02.used, 12 * 2 ** 30);
    assert.equal(item(tree, nodeId('HV02')).description, 'Up · 12 GiB/64 GiB · 1 VM');
  });

  it('shows a quick migration by phase', () => {
    const run = runExample(ARTICLE);
    const s = run.at(605); // FS01 is quick-migrated to HV01 at 10m
    const tree = buildTree(s, run.scenario);
    const m = s.vms.find((v) => v.name === 'FS01')!.migration!;
    assert.equal(m.type, 'quick');
    const d = item(tree, vmId('FS01'));
    assert.equal(d.contextValue, 'vm;saving;migrating');
    assert.equal(d.description, `Saving · HV04 → HV01 · quick migration, saving, ${Math.floor(m.progress * 100)}%`);
  });

  it('gives context values and words per state after a node crashes', () => {
    const run = runExample(ARTICLE);
    const s = run.at(722); // HV03 crashes at 12m (declared down at 12m 5s, when its VMs fail over)
    const tree = buildTree(s, run.scenario);
    const hv03 = item(tree, nodeId('HV03'));
    assert.equal(hv03.contextValue, 'node;down;crashed');
    assert.match(hv03.description, /^Down \(crashed\) · /);
    assert.match(hv03.tooltip, /Down \(crashed\): the node has stopped \(crashed\)/);
    assert.equal(hv03.icon.color, 'testing.iconFailed');
    assert.equal(item(tree, vmId('DC01')).contextValue, 'vm;failed');
    assert.match(item(tree, vmId('DC01')).tooltip, /Failed: the VM has failed and does not run/);
    const link = item(tree, linkId('iSCSI', 'HV03'));
    assert.equal(link.contextValue, 'link;down');
    assert.equal(link.description, 'Down (HV03 is down)');
    assert.deepEqual(link.target, { kind: 'link', name: 'iSCSI', node: 'HV03' });
    // Cluster Disk 2: HV03 still holds Cluster Disk 1's coordinator role until it is declared down.
    const access = item(tree, volumeAccessId('Cluster Disk 2', 'HV03'));
    assert.equal(access.contextValue, 'volumeAccess;noAccess');
    assert.match(access.tooltip, /No access: HV03 went down at 00:12:00/);
    assert.equal(item(tree, 'cluster').description, 'Quorum: OK · 3 of 4 nodes up');
  });

  it('marks the networks NetFT uses and the ones live migration would use, per the snapshot', () => {
    const run = runExample(ARTICLE);
    const s = run.at(0);
    const tree = buildTree(s, run.scenario);
    assert.ok(s.networks.some((n) => n.netft) && s.networks.some((n) => n.liveMigration));
    for (const net of s.networks) {
      const d = item(tree, networkId(net.name));
      const tokens = d.contextValue.split(';');
      assert.equal(tokens.includes('netft'), net.netft, net.name);
      assert.equal(tokens.includes('liveMigration'), net.liveMigration, net.name);
      assert.equal(d.description.includes('NetFT'), net.netft, net.name);
      assert.equal(d.description.includes('live migration'), net.liveMigration, net.name);
      assert.ok(d.description.includes(`metric ${net.metric}`));
      assert.equal(tokens[1], net.up ? 'up' : 'down');
      assert.deepEqual(tree.children.get(d.id), net.links.map((l) => linkId(net.name, l.node)));
    }
    const internal = item(tree, networkId('Cluster Internal'));
    assert.equal(internal.description, 'Up · Cluster only · metric 1000 (auto) · NetFT · live migration');
    assert.match(internal.tooltip, /NetFT routes CSV metadata and redirected I\/O over this network/);
    assert.match(internal.tooltip, /heartbeats go over every cluster network/);
    assert.match(internal.tooltip, /Live migration would use this network first/);
    assert.equal(item(tree, networkId('iSCSI')).description, 'Up · No cluster use · metric 100000 (auto)');
  });

  it('shows CSV access redirected with the reason and the time', () => {
    const run = runExample(ARTICLE);
    const s = run.at(185); // HV03 loses its iSCSI link at 3m
    const tree = buildTree(s, run.scenario);
    const vol = s.volumes.find((v) => v.disk === 'Cluster Disk 1')!;
    const a = vol.access.find((x) => x.node === 'HV03')!;
    assert.equal(a.state, 'redirected');
    assert.equal(a.reason, 'storagePathLost');
    const when = formatClock(a.since!);
    assert.equal(when, '00:03:00');
    // Cluster Disk 2: HV03 still holds Cluster Disk 1's coordinator role until it is declared down.
    const access = item(tree, volumeAccessId('Cluster Disk 2', 'HV03'));
    assert.equal(access.label, 'HV03');
    assert.equal(access.contextValue, 'volumeAccess;redirected');
    assert.equal(access.description, `Redirected access since ${when}`);
    assert.match(access.tooltip, new RegExp(`Redirected access: HV03 lost its iSCSI path at ${when}`));
    assert.equal(access.icon.color, 'list.warningForeground');
    const volume = item(tree, volumeId('Cluster Disk 1'));
    assert.equal(volume.label, 'C:\\ClusterStorage\\Volume1');
    assert.equal(volume.description, 'Online (Redirected Access) · redirected: HV03 · Cluster Disk 1 · coordinator HV01');
    assert.equal(volume.contextValue, 'volume;online;redirected');
    assert.equal(item(tree, volumeAccessId('Cluster Disk 1', 'HV01')).description, 'Coordinator · Direct access');
    assert.equal(item(tree, volumeAccessId('Cluster Disk 1', 'HV01')).contextValue, 'volumeAccess;direct;coordinator');
    assert.equal(item(tree, networkId('iSCSI')).description.split(' · ')[0], 'Partitioned');
    assert.equal(item(tree, linkId('iSCSI', 'HV03')).contextValue, 'link;down');
    // Without the scenario (which knows the disk's storage path) the reason is still in words.
    assert.match(item(buildTree(s), volumeAccessId('Cluster Disk 1', 'HV03')).tooltip, /HV03 lost its storage path at 00:03:00/);
  });

  it('shows maintenance mode, classic and witness disks, lost quorum and paused nodes', () => {
    const base = syntheticSnapshot(4, 8);
    const s: ClusterSnapshot = {
      ...base,
      hasQuorum: false,
      nodes: base.nodes.map((n, i) => (i === 1 ? { ...n, status: 'paused' } : n)),
      volumes: base.volumes.map((v, i) =>
        i === 0 ? { ...v, maintenance: true, access: v.access.map((a) => ({ ...a, state: 'redirected' as const, reason: 'maintenance', since: 600 })) } : v,
      ),
      disks: [...base.disks, { name: 'Cluster Disk 9', owner: 'HV03', online: false, role: 'data', vms: ['VM00001'] }],
    };
    const tree = buildTree(s);
    assert.equal(item(tree, 'cluster').contextValue, 'cluster;noQuorum');
    assert.match(item(tree, 'cluster').tooltip, /lost quorum/);
    assert.equal(item(tree, nodeId('HV02')).contextValue, 'node;paused');
    const vol = item(tree, volumeId('Cluster Disk 1'));
    assert.equal(vol.contextValue, 'volume;online;maintenance;redirected');
    assert.match(vol.description, /^Online \(Maintenance\) · Cluster Disk 1 · coordinator HV02$/);
    assert.match(item(tree, volumeAccessId('Cluster Disk 1', 'HV03')).tooltip, /Redirected access: the volume is in maintenance mode since 00:10:00/);
    const witness = item(tree, diskId('Witness'));
    assert.equal(witness.contextValue, 'disk;online;witness');
    assert.equal(witness.description, 'Witness · Online · owner HV01');
    const classic = item(tree, diskId('Cluster Disk 9'));
    assert.equal(classic.contextValue, 'disk;offline;data');
    assert.equal(classic.description, 'Offline · owner HV03');
    assert.match(classic.tooltip, /1 VM on it, which move together: VM00001/);
  });

  it('describes the quorum configuration and its witness, the Disk Only disk, and a VM isolated from its clients, in the engine\'s words', () => {
    const base = syntheticSnapshot(4, 8);
    const s: ClusterSnapshot = {
      ...base,
      quorumConfig: { model: 'diskOnly', name: 'No Majority: Disk Only', witness: 'the witness disk Witness', description: 'No Majority: Disk Only: the witness disk Witness is the only vote' },
      quorum: { at: 40, nodes: ['HV01'], votes: 1, totalVotes: 1, reason: '', witness: { name: 'the witness disk Witness', heldBy: ['HV01'] } },
      disks: base.disks.map((d) => (d.role === 'witness' ? { ...d, quorumVote: 'only' as const } : d)),
      vms: base.vms.map((v, i) => (i === 0 ? { ...v, isolatedSince: 30 } : v)),
    };
    const tree = buildTree(s);
    assert.match(item(tree, 'cluster').tooltip, /Quorum configuration: No Majority: Disk Only: the witness disk Witness is the only vote\. HV01 holds the witness's vote\./);
    assert.match(item(tree, diskId('Witness')).tooltip, /It holds the only vote \(No Majority: Disk Only\)/);
    const vm = item(tree, vmId('VM00001'));
    assert.match(vm.description, / · isolated$/);
    assert.match(vm.tooltip, /\*\*Isolated\*\* since 00:00:30: no client network reaches HV01/);
    // A witness disk the quorum does not use says so.
    const unused = buildTree({ ...s, disks: base.disks });
    assert.match(item(unused, diskId('Witness')).tooltip, /The quorum does not use it/);
  });

  it('shows redirected access by hand and maintenance as two states, with their own words, icons and menu tokens', () => {
    const base = syntheticSnapshot(4, 8);
    const mode = (v: ClusterSnapshot['volumes'][number], reason: string, flags: { maintenance: boolean; redirectedAccess: boolean }) => ({
      ...v,
      ...flags,
      access: v.access.map((a) => (a.node === v.coordinator ? a : { ...a, state: 'redirected' as const, reason, since: 600 })),
    });
    const s: ClusterSnapshot = {
      ...base,
      volumes: base.volumes.map((v, i) =>
        i === 0 ? mode(v, 'redirectedAccess', { maintenance: false, redirectedAccess: true }) : i === 1 ? mode(v, 'maintenance', { maintenance: true, redirectedAccess: false }) : v,
      ),
    };
    const tree = buildTree(s);
    const redirected = item(tree, volumeId('Cluster Disk 1'));
    const maintenance = item(tree, volumeId('Cluster Disk 2'));
    assert.equal(redirected.contextValue, 'volume;online;redirectedAccess;redirected');
    assert.equal(maintenance.contextValue, 'volume;online;maintenance;redirected');
    assert.match(redirected.description, /^Online \(Redirected Access\)/);
    assert.match(maintenance.description, /^Online \(Maintenance\)/);
    assert.notDeepEqual(redirected.icon, maintenance.icon);
    assert.match(redirected.tooltip, /the VMs keep running/);
    assert.match(maintenance.tooltip, /took the VMs on this volume offline/);
    const node = base.volumes[0].access.find((a) => a.node !== base.volumes[0].coordinator)!.node;
    assert.match(item(tree, volumeAccessId('Cluster Disk 1', node)).tooltip, /redirected access is turned on for the volume since 00:10:00/);
  });

  it('gives every item a unique id built from kind and names, and finds items by target', () => {
    const run = runExample(ARTICLE);
    const tree = buildTree(run.at(100), run.scenario);
    for (const [id, d] of tree.items) {
      assert.equal(d.id, id);
      // Every item but a VM listed under its node is where its target leads.
      if (!(d.kind === 'vm' && id.startsWith('node/'))) assert.equal(idOfTarget(d.target), id);
    }
    const odd = buildTree({ ...syntheticSnapshot(2, 2), nodes: syntheticSnapshot(2, 2).nodes.map((n, i) => ({ ...n, name: i ? 'a' : 'a/vm/b' })) });
    assert.notEqual(nodeId('a/vm/b'), nodeVmId('a', 'b'));
    assert.ok(odd.items.has(nodeId('a/vm/b')));
  });

  it('plans a live migration from a drag and drop onto a node or a VM under a node', () => {
    const run = runExample(ARTICLE);
    const tree = buildTree(run.at(0), run.scenario);
    const vm = (name: string) => ({ kind: 'vm' as const, name });
    assert.deepEqual(dropPlan(tree, [vm('SQL01'), vm('WEB02')], nodeId('HV02')), { vms: [vm('SQL01'), vm('WEB02')], node: 'HV02' });
    assert.deepEqual(dropPlan(tree, [vm('SQL01')], nodeVmId('HV03', 'DC01')), { vms: [vm('SQL01')], node: 'HV03' });
    assert.equal(dropPlan(tree, [vm('WEB01')], nodeId('HV02')), null, 'already on HV02');
    assert.equal(dropPlan(tree, [vm('SQL01')], vmId('DC01')), null, 'a VM under Virtual Machines is no node');
    assert.equal(dropPlan(tree, [{ kind: 'node', name: 'HV01' }], nodeId('HV02')), null);
    assert.equal(dropPlan(tree, [vm('SQL01')], undefined), null);
  });

  it('loads nothing from VS Code (the view model is tested without it)', () => {
    const dir = join(__dirname, '..', '..', '..', 'src', 'extension', 'explorer', 'model');
    for (const f of [...readdirSync(dir).map((f) => join(dir, f)), join(dir, '..', 'target.ts')]) {
      assert.doesNotMatch(readFileSync(f, 'utf8'), /from 'vscode'|require\('vscode'\)/, f);
    }
  });
});
